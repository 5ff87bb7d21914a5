/*
 * util.h - memory, strings and the error record shared by every module.
 *
 * The fb_x* allocators never return NULL: they abort on exhaustion, so
 * callers need no error path for memory.  A returned char * is the
 * caller's to free.
 */
#ifndef FB_UTIL_H
#define FB_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define FB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define FB_NORETURN __attribute__((noreturn))
#else
#define FB_PRINTF(f, a)
#define FB_NORETURN
#endif

#define FB_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Error classes.  Their values are the process exit status that cmd/
 * uses for them (SPEC section 1), so a lib error maps straight through.
 */
enum fb_errcode {
	FB_OK = 0,
	FB_ERR_RUNTIME = 1,	/* I/O, database, export */
	FB_ERR_USAGE = 2,	/* malformed value, unknown option */
	FB_ERR_NOTFOUND = 3,	/* unknown client, job, entry, invoice */
	FB_ERR_REFUSED = 4	/* a rule says no */
};

/*
 * An error record filled by lib/ functions that fail.  msg is the whole
 * "what failed: why" text without the "fixbill: error: " prefix; hint is
 * optional.  Both are owned by the record; fb_err_release frees them.
 */
struct fb_err {
	enum fb_errcode code;
	char *msg;
	char *hint;
};

#define FB_ERR_INIT { FB_OK, NULL, NULL }

/* Set err (when not NULL) and return -1, so callers can "return fb_err_set(...)". */
int fb_err_set(struct fb_err *err, enum fb_errcode code, const char *fmt, ...)
	FB_PRINTF(3, 4);
/* Attach a hint line to an error already set. */
void fb_err_hint(struct fb_err *err, const char *fmt, ...) FB_PRINTF(2, 3);
/* Prefix the message: "PREFIX: old message".  Keeps code and hint. */
void fb_err_prefix(struct fb_err *err, const char *fmt, ...) FB_PRINTF(2, 3);
/* Free the strings and reset to FB_OK. */
void fb_err_release(struct fb_err *err);

void *fb_xmalloc(size_t n);
void *fb_xcalloc(size_t nmemb, size_t size);
void *fb_xrealloc(void *p, size_t n);
char *fb_xstrdup(const char *s);
char *fb_xstrndup(const char *s, size_t n);
char *fb_xasprintf(const char *fmt, ...) FB_PRINTF(1, 2);
char *fb_xvasprintf(const char *fmt, va_list ap) FB_PRINTF(1, 0);

/* Grow *array (of *alloc elements of size elsize) to hold at least n. */
void fb_xgrow(void *arrayp, size_t *alloc, size_t n, size_t elsize);

/*
 * A growable string buffer (git's strbuf).  buf is always NUL-terminated
 * once initialised; fb_buf_detach hands the string to the caller.
 */
struct fb_buf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define FB_BUF_INIT { NULL, 0, 0 }

void fb_buf_init(struct fb_buf *b);
void fb_buf_release(struct fb_buf *b);
void fb_buf_reset(struct fb_buf *b);
void fb_buf_add(struct fb_buf *b, const void *data, size_t n);
void fb_buf_adds(struct fb_buf *b, const char *s);
void fb_buf_addc(struct fb_buf *b, int c);
void fb_buf_addf(struct fb_buf *b, const char *fmt, ...) FB_PRINTF(2, 3);
char *fb_buf_detach(struct fb_buf *b);
/* Make buf usable even when nothing was added yet. */
const char *fb_buf_str(struct fb_buf *b);

/*
 * A copy of s with each two-character "\n" turned into a newline, so a
 * multi-line address can be typed on one line.  Caller frees.
 */
char *fb_unescape_newlines(const char *s);

/* Case-insensitive ASCII comparison. */
int fb_strcaseeq(const char *a, const char *b);
/*
 * True when s is text fixbill stores (SPEC section 15): valid UTF-8
 * without control characters (C0, DEL, C1) other than tab and, with
 * allow_newline, newline; without bidi controls (U+202A-U+202E,
 * U+2066-U+2069) and without U+FFFE/U+FFFF.
 */
int fb_utf8_valid(const char *s, int allow_newline);
/*
 * s as it may be shown on a terminal or in a document: each control
 * character, bidi control, U+FFFE/U+FFFF escaped ("\x1b", "\n", "\t",
 * "\r", "\u202e") and each byte of invalid UTF-8 as "\xNN"; with
 * keep_newline, newlines stay.  NULL gives "".  Caller frees.
 * fb_escape_needed tells whether fb_escape would change s.
 */
char *fb_escape(const char *s, int keep_newline);
int fb_escape_needed(const char *s, int keep_newline);
/* Display width of a UTF-8 string (code points; good enough for tables). */
size_t fb_utf8_width(const char *s);
/* Edit distance, for "did you mean" hints. */
int fb_levenshtein(const char *a, const char *b);
/* The user's login name (borrowed), or NULL when none is known. */
const char *fb_login_name(void);

/* Parse a non-negative decimal integer that fills the whole string. */
int fb_parse_uint(const char *s, int64_t max, int64_t *out);

/*
 * Parse a decimal with up to `scale` fractional digits into an integer
 * scaled by 10^scale ("8.25", 4 -> 82500).  Sign allowed when allow_neg.
 * Returns 0, or -1 when malformed, too precise or out of int64 range;
 * on -1 *too_precise tells which (may be NULL).
 */
int fb_parse_decimal(const char *s, int scale, int allow_neg, int64_t *out,
		     int *too_precise);
/* Format an integer scaled by 10^scale, trimming trailing zeros ("82500",4 -> "8.25"). */
char *fb_format_decimal(int64_t v, int scale);

#endif
