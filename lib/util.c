/*
 * util.c - allocation that cannot fail, string buffers and error records.
 */
#include "util.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
fb_die_oom(size_t n)
{
	fprintf(stderr, "fixbill: fatal: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
fb_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		fb_die_oom(n);
	return p;
}

void *
fb_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		fb_die_oom(nmemb * size);
	return p;
}

void *
fb_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		fb_die_oom(n);
	return q;
}

char *
fb_xstrdup(const char *s)
{
	return fb_xstrndup(s, strlen(s));
}

char *
fb_xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = fb_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
fb_xvasprintf(const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *p;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		fb_die_oom(0);
	p = fb_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
fb_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = fb_xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void
fb_xgrow(void *arrayp, size_t *alloc, size_t n, size_t elsize)
{
	void **array = arrayp;
	size_t na;

	if (n <= *alloc)
		return;
	na = *alloc ? *alloc : 8;
	while (na < n)
		na *= 2;
	*array = fb_xrealloc(*array, na * elsize);
	*alloc = na;
}

int
fb_err_set(struct fb_err *err, enum fb_errcode code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	fb_err_release(err);
	err->code = code;
	va_start(ap, fmt);
	err->msg = fb_xvasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

void
fb_err_hint(struct fb_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	free(err->hint);
	va_start(ap, fmt);
	err->hint = fb_xvasprintf(fmt, ap);
	va_end(ap);
}

void
fb_err_prefix(struct fb_err *err, const char *fmt, ...)
{
	va_list ap;
	char *pre, *msg;

	if (err == NULL || err->msg == NULL)
		return;
	va_start(ap, fmt);
	pre = fb_xvasprintf(fmt, ap);
	va_end(ap);
	msg = fb_xasprintf("%s: %s", pre, err->msg);
	free(pre);
	free(err->msg);
	err->msg = msg;
}

void
fb_err_release(struct fb_err *err)
{
	if (err == NULL)
		return;
	free(err->msg);
	free(err->hint);
	err->msg = NULL;
	err->hint = NULL;
	err->code = FB_OK;
}

void
fb_buf_init(struct fb_buf *b)
{
	b->buf = NULL;
	b->len = 0;
	b->alloc = 0;
}

void
fb_buf_release(struct fb_buf *b)
{
	free(b->buf);
	fb_buf_init(b);
}

void
fb_buf_reset(struct fb_buf *b)
{
	b->len = 0;
	if (b->buf)
		b->buf[0] = '\0';
}

void
fb_buf_add(struct fb_buf *b, const void *data, size_t n)
{
	fb_xgrow(&b->buf, &b->alloc, b->len + n + 1, 1);
	memcpy(b->buf + b->len, data, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void
fb_buf_adds(struct fb_buf *b, const char *s)
{
	fb_buf_add(b, s, strlen(s));
}

void
fb_buf_addc(struct fb_buf *b, int c)
{
	char ch = (char)c;

	fb_buf_add(b, &ch, 1);
}

void
fb_buf_addf(struct fb_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = fb_xvasprintf(fmt, ap);
	va_end(ap);
	fb_buf_adds(b, s);
	free(s);
}

char *
fb_buf_detach(struct fb_buf *b)
{
	char *s = b->buf ? b->buf : fb_xstrdup("");

	fb_buf_init(b);
	return s;
}

const char *
fb_buf_str(struct fb_buf *b)
{
	return b->buf ? b->buf : "";
}

char *
fb_unescape_newlines(const char *s)
{
	struct fb_buf b = FB_BUF_INIT;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			fb_buf_addc(&b, '\n');
			s++;
		} else
			fb_buf_addc(&b, *s);
	}
	return fb_buf_detach(&b);
}

int
fb_strcaseeq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int ca = (unsigned char)*a, cb = (unsigned char)*b;

		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb)
			return 0;
	}
	return *a == *b;
}

/*
 * Decode the UTF-8 sequence at p: its length, with the code point in *cp,
 * or 0 when it is not valid UTF-8 (overlong, a surrogate, past U+10FFFF,
 * truncated).
 */
static int
utf8_next(const unsigned char *p, uint32_t *cp)
{
	unsigned c = *p;
	int n;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0) {
		n = 1;
		*cp = c & 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 2;
		*cp = c & 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 3;
		*cp = c & 0x07;
	} else
		return 0;
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 1 && *cp < 0x80) || (n == 2 && *cp < 0x800) ||
	    (n == 3 && *cp < 0x10000) || *cp > 0x10ffff ||
	    (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n + 1;
}

/* Characters that can rewrite what a terminal or a reader sees. */
static int
is_unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xfffe || cp == 0xffff;
}

int
fb_utf8_valid(const char *s, int allow_newline)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t cp;
		int n = utf8_next(p, &cp);

		if (n == 0)
			return 0;
		if (is_unsafe(cp) && cp != '\t' && !(allow_newline && cp == '\n'))
			return 0;
		p += n;
	}
	return 1;
}

char *
fb_escape(const char *s, int keep_newline)
{
	const unsigned char *p = (const unsigned char *)s;
	struct fb_buf b = FB_BUF_INIT;

	fb_buf_init(&b);
	if (s == NULL)
		return fb_buf_detach(&b);
	while (*p) {
		uint32_t cp;
		int n = utf8_next(p, &cp);

		if (n == 0) {
			fb_buf_addf(&b, "\\x%02x", *p);
			p++;
			continue;
		}
		if (!is_unsafe(cp) || (keep_newline && cp == '\n'))
			fb_buf_add(&b, p, (size_t)n);
		else if (cp == '\n')
			fb_buf_adds(&b, "\\n");
		else if (cp == '\t')
			fb_buf_adds(&b, "\\t");
		else if (cp == '\r')
			fb_buf_adds(&b, "\\r");
		else if (cp < 0x80)
			fb_buf_addf(&b, "\\x%02x", (unsigned)cp);
		else
			fb_buf_addf(&b, "\\u%04x", (unsigned)cp);
		p += n;
	}
	return fb_buf_detach(&b);
}

int
fb_escape_needed(const char *s, int keep_newline)
{
	const unsigned char *p = (const unsigned char *)s;

	while (p && *p) {
		uint32_t cp;
		int n = utf8_next(p, &cp);

		if (n == 0 || (is_unsafe(cp) && !(keep_newline && cp == '\n')))
			return 1;
		p += n;
	}
	return 0;
}

size_t
fb_utf8_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

int
fb_levenshtein(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int *row = fb_xcalloc(lb + 1, sizeof(*row));
	int result;

	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int prev = row[0];

		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int cur = row[j];
			int cost = a[i - 1] == b[j - 1] ? 0 : 1;
			int best = prev + cost;

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	result = row[lb];
	free(row);
	return result;
}

int
fb_parse_uint(const char *s, int64_t max, int64_t *out)
{
	int64_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		/* max - digit may be negative, and C division truncates to 0. */
		if (*s - '0' > max || v > (max - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

int
fb_parse_decimal(const char *s, int scale, int allow_neg, int64_t *out,
		 int *too_precise)
{
	int neg = 0, digits = 0, frac = 0, seen_dot = 0;
	int64_t v = 0;

	if (too_precise)
		*too_precise = 0;
	if (*s == '-' && allow_neg) {
		neg = 1;
		s++;
	} else if (*s == '+')
		s++;
	for (; *s; s++) {
		if (*s == '.') {
			if (seen_dot)
				return -1;
			seen_dot = 1;
			continue;
		}
		if (*s < '0' || *s > '9')
			return -1;
		if (seen_dot && ++frac > scale) {
			if (too_precise)
				*too_precise = 1;
			return -1;
		}
		if (v > (INT64_MAX - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
		digits++;
	}
	if (digits == 0)
		return -1;
	for (; frac < scale; frac++) {
		if (v > INT64_MAX / 10)
			return -1;
		v *= 10;
	}
	*out = neg ? -v : v;
	return 0;
}

char *
fb_format_decimal(int64_t v, int scale)
{
	char buf[64], *p;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t pow = 1;
	int n;

	for (int i = 0; i < scale; i++)
		pow *= 10;
	if (scale == 0)
		return fb_xasprintf("%s%llu", v < 0 ? "-" : "",
				    (unsigned long long)u);
	n = snprintf(buf, sizeof(buf), "%s%llu.%0*llu", v < 0 ? "-" : "",
		     (unsigned long long)(u / pow), scale,
		     (unsigned long long)(u % pow));
	p = buf + n - 1;
	while (*p == '0')
		*p-- = '\0';
	if (*p == '.')
		*p = '\0';
	return fb_xstrdup(buf);
}

const char *
fb_login_name(void)
{
	const char *s = getlogin();
	struct passwd *pw;

	/* getlogin() knows the terminal's user, getpwuid the process's. */
	if (s && *s)
		return s;
	if ((pw = getpwuid(geteuid())) != NULL && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	return NULL;
}
