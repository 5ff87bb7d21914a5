/*
 * json.c - cJSON behind the fb_json interface.
 */
#include "json.h"

#include <stdlib.h>

#include <cjson/cJSON.h>

#include "money.h"
#include "util.h"
#include "when.h"

/* struct fb_json is never defined: the pointers are cJSON objects. */
#define CJ(j) ((cJSON *)(void *)(j))
#define FJ(c) ((struct fb_json *)(void *)(c))

struct fb_json *
fb_json_object(void)
{
	cJSON *c = cJSON_CreateObject();

	if (c == NULL)
		abort();
	return FJ(c);
}

struct fb_json *
fb_json_array(void)
{
	cJSON *c = cJSON_CreateArray();

	if (c == NULL)
		abort();
	return FJ(c);
}

void
fb_json_free(struct fb_json *j)
{
	cJSON_Delete(CJ(j));
}

static void
add(struct fb_json *o, const char *key, cJSON *item)
{
	if (item == NULL)
		abort();
	cJSON_AddItemToObject(CJ(o), key, item);
}

void
fb_json_set_str(struct fb_json *o, const char *key, const char *s)
{
	add(o, key, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

void
fb_json_set_int(struct fb_json *o, const char *key, int64_t v)
{
	char buf[32];

	/* Raw keeps all 64 bits; cJSON's numbers are doubles. */
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	add(o, key, cJSON_CreateRaw(buf));
}

void
fb_json_set_bool(struct fb_json *o, const char *key, int v)
{
	add(o, key, cJSON_CreateBool(v));
}

void
fb_json_set_null(struct fb_json *o, const char *key)
{
	add(o, key, cJSON_CreateNull());
}

void
fb_json_set_money(struct fb_json *o, const char *key, int64_t amount,
		  const char *currency)
{
	char *s = fb_money_format(amount, currency);

	add(o, key, cJSON_CreateString(s));
	free(s);
}

void
fb_json_set_time(struct fb_json *o, const char *key, int64_t t, int isnull)
{
	char *s;

	if (isnull) {
		fb_json_set_null(o, key);
		return;
	}
	s = fb_when_iso(t);
	add(o, key, cJSON_CreateString(s));
	free(s);
}

void
fb_json_set(struct fb_json *o, const char *key, struct fb_json *child)
{
	cJSON_AddItemToObject(CJ(o), key, CJ(child));
}

void
fb_json_push(struct fb_json *a, struct fb_json *child)
{
	cJSON_AddItemToArray(CJ(a), CJ(child));
}

void
fb_json_push_str(struct fb_json *a, const char *s)
{
	cJSON *c = cJSON_CreateString(s);

	if (c == NULL)
		abort();
	cJSON_AddItemToArray(CJ(a), c);
}

/* A string or scalar as JSON text, escaped by cJSON itself. */
static void
put_scalar(const cJSON *c, FILE *fp)
{
	char *s;

	if (cJSON_IsRaw(c)) {
		fputs(c->valuestring, fp);
		return;
	}
	s = cJSON_PrintUnformatted(c);
	if (s == NULL)
		abort();
	fputs(s, fp);
	cJSON_free(s);
}

static void
put_key(const char *key, FILE *fp)
{
	cJSON *k = cJSON_CreateString(key);

	if (k == NULL)
		abort();
	put_scalar(k, fp);
	cJSON_Delete(k);
	fputs(": ", fp);
}

/* Two-space indentation, one key per line: easy to read and to diff. */
static void
put_value(const cJSON *c, int depth, FILE *fp)
{
	const cJSON *child;
	int obj = cJSON_IsObject(c);

	if (!obj && !cJSON_IsArray(c)) {
		put_scalar(c, fp);
		return;
	}
	if (c->child == NULL) {
		fputs(obj ? "{}" : "[]", fp);
		return;
	}
	fputs(obj ? "{\n" : "[\n", fp);
	for (child = c->child; child; child = child->next) {
		fprintf(fp, "%*s", (depth + 1) * 2, "");
		if (obj)
			put_key(child->string, fp);
		put_value(child, depth + 1, fp);
		fputs(child->next ? ",\n" : "\n", fp);
	}
	fprintf(fp, "%*s%c", depth * 2, "", obj ? '}' : ']');
}

int
fb_json_write(const struct fb_json *j, FILE *fp)
{
	put_value(CJ(j), 0, fp);
	fputc('\n', fp);
	return ferror(fp) ? -1 : 0;
}

void
fb_json_stream_begin(struct fb_json_stream *s, FILE *fp)
{
	s->fp = fp;
	s->n = 0;
}

/* As put_value writes the elements of an array at depth 0. */
void
fb_json_stream_push(struct fb_json_stream *s, struct fb_json *e)
{
	fputs(s->n++ ? ",\n  " : "[\n  ", s->fp);
	put_value(CJ(e), 1, s->fp);
	fb_json_free(e);
}

int
fb_json_stream_end(struct fb_json_stream *s)
{
	fputs(s->n ? "\n]\n" : "[]\n", s->fp);
	return ferror(s->fp) ? -1 : 0;
}

char *
fb_json_text(const struct fb_json *j)
{
	char *s = cJSON_PrintUnformatted(CJ(j)), *r;

	if (s == NULL)
		abort();
	r = fb_xstrdup(s);
	cJSON_free(s);
	return r;
}
