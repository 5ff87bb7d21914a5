/*
 * import_read.c - what the import readers share: reading the input a
 * line or a chunk at a time, time stamps from a file, and errors that
 * quote the file safely.
 */
#include "import_read.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "when.h"

void
imp_reader_init(struct imp_reader *rd, FILE *fp, const char *pre, size_t prelen,
		int64_t now)
{
	memset(rd, 0, sizeof(*rd));
	rd->src.fp = fp;
	rd->src.pre = pre;
	rd->src.prelen = prelen;
	rd->now = now;
	for (size_t i = 0; i < FB_ARRAY_SIZE(rd->hours); i++)
		rd->hours[i].key = INT64_MIN;
}

void
imp_reader_release(struct imp_reader *rd)
{
	free(rd->src.line);
	rd->src.line = NULL;
	rd->src.linealloc = 0;
}

int
imp_bad(struct fb_err *err, const char *fmt, const char *s)
{
	char *e = fb_escape(s, 0);

	fb_err_set(err, FB_ERR_USAGE, fmt, e);
	free(e);
	return -1;
}

char *
imp_getline(struct imp_src *s, size_t *len, struct fb_err *err)
{
	struct fb_buf b = FB_BUF_INIT;
	ssize_t n;

	/* The prefix may end in the middle of a line. */
	if (s->prepos < s->prelen) {
		const char *p = s->pre + s->prepos;
		const char *nl = memchr(p, '\n', s->prelen - s->prepos);
		size_t take = nl ? (size_t)(nl - p) + 1 : s->prelen - s->prepos;

		fb_buf_add(&b, p, take);
		s->prepos += take;
		s->bytes += take;
		if (nl == NULL) {
			n = getline(&s->line, &s->linealloc, s->fp);
			if (n > 0) {
				fb_buf_add(&b, s->line, (size_t)n);
				s->bytes += (uint64_t)n;
			} else if (ferror(s->fp))
				goto fail;
		}
		free(s->line);
		s->line = b.buf;
		s->linealloc = b.alloc;
		n = (ssize_t)b.len;
	} else {
		n = getline(&s->line, &s->linealloc, s->fp);
		if (n < 0) {
			if (ferror(s->fp))
				goto fail;
			*len = 0;
			return NULL;
		}
		s->bytes += (uint64_t)n;
	}
	if (n > 0 && s->line[n - 1] == '\n')
		s->line[--n] = '\0';
	if (n > 0 && s->line[n - 1] == '\r')
		s->line[--n] = '\0';
	*len = (size_t)n;
	return s->line;
fail:
	fb_buf_release(&b);
	fb_err_set(err, FB_ERR_RUNTIME, "read error: %s", strerror(errno));
	*len = (size_t)-1;
	return NULL;
}

long
imp_read(struct imp_src *s, char *buf, size_t n, struct fb_err *err)
{
	size_t got;

	if (s->prepos < s->prelen) {
		got = s->prelen - s->prepos < n ? s->prelen - s->prepos : n;
		memcpy(buf, s->pre + s->prepos, got);
		s->prepos += got;
	} else {
		got = fread(buf, 1, n, s->fp);
		if (got == 0 && ferror(s->fp)) {
			fb_err_set(err, FB_ERR_RUNTIME, "read error: %s", strerror(errno));
			return -1;
		}
	}
	s->bytes += got;
	return (long)got;
}

/* Exactly n digits at *pp. */
static int
num(const char **pp, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*pp)[i]))
			return -1;
		v = v * 10 + ((*pp)[i] - '0');
	}
	*pp += n;
	*out = v;
	return 0;
}

/*
 * "YYYY-MM-DD[T ]HH:MM[:SS[.frac]][Z|+HH[:MM]]", "YYYYMMDDTHHMMSSZ"
 * (Timewarrior).  0 with the fields, or -1 for another shape.
 */
static int
fast_stamp(const char *s, struct fb_civil *c, int *has_off, int *off)
{
	const char *p = s;
	int compact, h, m = 0;

	memset(c, 0, sizeof(*c));
	*has_off = 0;
	if (num(&p, 4, &c->year) < 0)
		return -1;
	compact = *p != '-';
	if (!compact)
		p++;
	if (num(&p, 2, &c->month) < 0 || (!compact && *p++ != '-') ||
	    num(&p, 2, &c->day) < 0)
		return -1;
	if (*p != 'T' && *p != ' ' && *p != 't')
		return -1;
	p++;
	if (num(&p, 2, &c->hour) < 0 || (!compact && *p++ != ':') ||
	    num(&p, 2, &c->min) < 0)
		return -1;
	if (compact || *p == ':') {
		if (!compact)
			p++;
		if (num(&p, 2, &c->sec) < 0)
			return -1;
		if (*p == '.' || *p == ',') {
			p++;
			if (!isdigit((unsigned char)*p))
				return -1;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (*p == 'Z' || *p == 'z') {
		*has_off = 1;
		*off = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;

		if (num(&p, 2, &h) < 0)
			return -1;
		if (*p == ':')
			p++;
		if (isdigit((unsigned char)*p) && num(&p, 2, &m) < 0)
			return -1;
		if (h > 23 || m > 59)
			return -1;
		*has_off = 1;
		*off = sign * (h * 3600 + m * 60);
	}
	if (*p != '\0')
		return -1;
	if (c->month < 1 || c->month > 12 || c->day < 1 ||
	    c->day > fb_days_in_month(c->year, c->month) || c->year < 1 ||
	    c->hour > 23 || c->min > 59 || c->sec > 59)
		return -1;
	return 0;
}

int
imp_parse_time(struct imp_reader *rd, const char *s, const char *what,
	       int64_t *t, struct fb_err *err)
{
	struct fb_civil cv;
	int has_off, off = 0;
	int64_t days, key;
	struct imp_hourslot *slot;

	if (s == NULL || *s == '\0')
		return fb_err_set(err, FB_ERR_USAGE, "no %s time", what);
	if (fast_stamp(s, &cv, &has_off, &off) < 0) {
		/* Rarer forms (a date alone, a one-digit hour) and the errors. */
		if (fb_when_parse(s, rd->now, t, err) < 0) {
			const char *msg = err->msg ? err->msg : "";
			char *m = NULL;

			/* Text from the file is quoted escaped; else as fb_when_parse says it. */
			if (fb_escape_needed(s, 0)) {
				char *e = fb_escape(s, 0);

				m = fb_xasprintf("invalid %s '%s'", what, e);
				free(e);
			} else if (strncmp(msg, "invalid time ", 13) == 0 ||
				   strncmp(msg, "invalid date ", 13) == 0) {
				/* "invalid time '...'" reads better as the field's name. */
				m = fb_xasprintf("invalid %s %s", what, msg + 13);
			}
			if (m) {
				free(err->msg);
				err->msg = m;
			}
			return -1;
		}
		return 0;
	}
	days = fb_days_from_civil(cv.year, cv.month, cv.day);
	if (has_off) {
		*t = days * 86400 + cv.hour * 3600 + cv.min * 60 + cv.sec - off;
		return 0;
	}
	/*
	 * A local time: zone rules change at most on an hour boundary in
	 * practice, so an hour whose 00:00 and 59:59 are 3599 s apart maps
	 * every minute in it alike.
	 */
	key = days * 24 + cv.hour;
	slot = &rd->hours[(uint64_t)key % FB_ARRAY_SIZE(rd->hours)];
	if (slot->key != key) {
		struct fb_civil a = cv, b = cv;
		int64_t ta, tb;

		a.min = a.sec = 0;
		b.min = b.sec = 59;
		if (fb_local_to_utc(&a, &ta, NULL) == 0 &&
		    fb_local_to_utc(&b, &tb, NULL) == 0 && tb - ta == 3599) {
			slot->key = key;
			slot->base = ta;
		} else {
			int rc = fb_local_to_utc(&cv, t, err);

			if (rc < 0) {
				char *m = fb_xasprintf("invalid %s '%s': %s", what, s,
						       err->msg ? err->msg : "");

				free(err->msg);
				err->msg = m;
			}
			return rc;
		}
	}
	*t = slot->base + cv.min * 60 + cv.sec;
	return 0;
}
