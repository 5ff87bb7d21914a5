/*
 * json.h - building the JSON documents of SPEC section 9.
 *
 * A thin layer over cJSON so cmd/ can build documents without knowing
 * the library.  Integers are written exactly (never through a double);
 * money is a decimal string; times are ISO 8601 in the local zone.
 */
#ifndef FB_JSON_H
#define FB_JSON_H

#include <stdint.h>
#include <stdio.h>

struct fb_json;

struct fb_json *fb_json_object(void);
struct fb_json *fb_json_array(void);
void fb_json_free(struct fb_json *j);

/* Setters on an object; s == NULL sets null. */
void fb_json_set_str(struct fb_json *o, const char *key, const char *s);
void fb_json_set_int(struct fb_json *o, const char *key, int64_t v);
void fb_json_set_bool(struct fb_json *o, const char *key, int v);
void fb_json_set_null(struct fb_json *o, const char *key);
/* Money as a decimal string in currency's minor units. */
void fb_json_set_money(struct fb_json *o, const char *key, int64_t amount,
		       const char *currency);
/* Instant as ISO 8601 with offset, or null when isnull. */
void fb_json_set_time(struct fb_json *o, const char *key, int64_t t, int isnull);
/* Add child under key; o takes ownership. */
void fb_json_set(struct fb_json *o, const char *key, struct fb_json *child);
/* Append to an array; a takes ownership. */
void fb_json_push(struct fb_json *a, struct fb_json *child);
void fb_json_push_str(struct fb_json *a, const char *s);

/* Write j, indented, with a final newline.  Returns 0, or -1 on write error. */
int fb_json_write(const struct fb_json *j, FILE *fp);
/* The document as compact text.  Caller frees. */
char *fb_json_text(const struct fb_json *j);

/*
 * An array written element by element as it is made, to the same text
 * as fb_json_write of the whole array, for lists too long to hold.
 * Nothing is written before the first push or the end.
 */
struct fb_json_stream {
	FILE *fp;
	size_t n;		/* elements written */
};
void fb_json_stream_begin(struct fb_json_stream *s, FILE *fp);
/* Write element e and free it. */
void fb_json_stream_push(struct fb_json_stream *s, struct fb_json *e);
/* Close the array.  Returns 0, or -1 on a write error. */
int fb_json_stream_end(struct fb_json_stream *s);

#endif
