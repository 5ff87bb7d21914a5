/*
 * import_timeclock.c - reading ledger/hledger timeclock files:
 *
 *   i 2026-10-05 09:00:00 acme:Printer offline  replaced the fuser
 *   o 2026-10-05 10:30:00
 *
 * The account is CLIENT:TITLE (the title may hold more colons), two
 * spaces or a tab end it, and the rest of the line is the note, in which
 * "\n" and "\\" stand for a newline and a backslash (what export writes).
 * Times are local.  Each clock-in needs its clock-out before the next
 * clock-in; one left open at the end is an error, not a running timer.
 */
#include "import_read.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct clockin {
	int open;
	long line;
	int64_t start;
	struct fb_buf client, title, note;
};

/* "2026-10-05 09:00[:00]" (or 2026/10/05) at *pp into out; -1 when not. */
static int
stamp(const char **pp, struct fb_buf *out)
{
	const char *p = *pp;
	size_t n;

	fb_buf_reset(out);
	for (n = 0; p[n] && p[n] != ' ' && p[n] != '\t'; n++)
		;
	if (n != 10)
		return -1;
	for (size_t i = 0; i < n; i++)
		fb_buf_addc(out, p[i] == '/' ? '-' : p[i]);
	p += n;
	while (*p == ' ' || *p == '\t')
		p++;
	fb_buf_addc(out, ' ');
	for (n = 0; p[n] && p[n] != ' ' && p[n] != '\t'; n++)
		fb_buf_addc(out, p[n]);
	if (n == 0)
		return -1;
	*pp = p + n;
	return 0;
}

static void
unescape(const char *s, struct fb_buf *b)
{
	fb_buf_reset(b);
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			fb_buf_addc(b, '\n');
			s++;
		} else if (s[0] == '\\' && s[1] == '\\') {
			fb_buf_addc(b, '\\');
			s++;
		} else
			fb_buf_addc(b, *s);
	}
	fb_buf_str(b);
}

static int
clock_in(struct imp_reader *rd, struct clockin *ci, const char *p, struct fb_buf *tmp,
	 struct fb_err *err)
{
	const char *acct, *end, *colon;

	if (ci->open)
		return fb_err_set(err, FB_ERR_USAGE, "clock-in while clocked in since line %ld",
				  ci->line);
	if (stamp(&p, tmp) < 0)
		return fb_err_set(err, FB_ERR_USAGE, "want 'i YYYY-MM-DD HH:MM:SS CLIENT:TITLE'");
	if (imp_parse_time(rd, tmp->buf, "clock-in", &ci->start, err) < 0)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	acct = p;
	for (end = p; *end && *end != '\t' && !(end[0] == ' ' && end[1] == ' '); end++)
		;
	colon = memchr(acct, ':', (size_t)(end - acct));
	if (colon == NULL || colon == acct || colon + 1 == end) {
		char *a = fb_xstrndup(acct, (size_t)(end - acct));

		imp_bad(err, "account '%s' is not CLIENT:TITLE", a);
		free(a);
		fb_err_hint(err, "e.g. 'i 2026-10-05 09:00:00 acme:Printer offline'");
		return -1;
	}
	fb_buf_reset(&ci->client);
	fb_buf_add(&ci->client, acct, (size_t)(colon - acct));
	fb_buf_reset(&ci->title);
	fb_buf_add(&ci->title, colon + 1, (size_t)(end - colon - 1));
	while (*end == ' ' || *end == '\t')
		end++;
	unescape(end, &ci->note);
	ci->open = 1;
	ci->line = rd->at.line;
	return 0;
}

static int
clock_out(struct imp_reader *rd, struct clockin *ci, const char *p, struct fb_buf *tmp,
	  struct fb_err *err)
{
	struct imp_row row;
	long line = rd->at.line;
	int rc;

	if (!ci->open)
		return fb_err_set(err, FB_ERR_USAGE, "clock-out without a clock-in");
	memset(&row, 0, sizeof(row));
	if (stamp(&p, tmp) < 0)
		return fb_err_set(err, FB_ERR_USAGE, "want 'o YYYY-MM-DD HH:MM:SS'");
	if (imp_parse_time(rd, tmp->buf, "clock-out", &row.stop, err) < 0)
		return -1;
	if (row.stop <= ci->start)
		return fb_err_set(err, FB_ERR_USAGE, "clock-out is not after the clock-in on line %ld",
				  ci->line);
	row.client = fb_buf_str(&ci->client);
	row.title = fb_buf_str(&ci->title);
	row.note = fb_buf_str(&ci->note);
	row.start = ci->start;
	row.billable = 1;
	/* What the entry is about is on the clock-in line. */
	rd->at.line = ci->line;
	rc = rd->row(rd->arg, &row, err);
	if (rc == 0)
		rd->at.line = line;
	ci->open = 0;
	return rc;
}

int
imp_read_timeclock(struct imp_reader *rd, struct fb_err *err)
{
	struct clockin ci;
	struct fb_buf tmp = FB_BUF_INIT;
	char *line;
	size_t len;
	int rc = 0;

	memset(&ci, 0, sizeof(ci));
	while ((line = imp_getline(&rd->src, &len, err)) != NULL) {
		const char *p = line;

		rd->at.line++;
		/* A NUL would silently cut the line short: refuse the file. */
		if (memchr(line, '\0', len) != NULL) {
			fb_err_set(err, FB_ERR_USAGE, "not a timeclock line: a NUL byte");
			rc = -1;
			break;
		}
		if (rd->at.line == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || strchr(";#*%|", *p))
			continue;
		if ((p[0] == 'i' || p[0] == 'I') && (p[1] == ' ' || p[1] == '\t'))
			rc = clock_in(rd, &ci, p + 2, &tmp, err);
		else if ((p[0] == 'o' || p[0] == 'O') && (p[1] == ' ' || p[1] == '\t'))
			rc = clock_out(rd, &ci, p + 2, &tmp, err);
		else {
			fb_err_set(err, FB_ERR_USAGE, "not a timeclock line: want 'i' or 'o' first");
			rc = -1;
		}
		if (rc < 0)
			break;
	}
	if (rc == 0 && len == (size_t)-1)
		rc = -1;
	if (rc == 0 && ci.open) {
		rd->at.line = ci.line;
		fb_err_set(err, FB_ERR_USAGE, "clock-in without a clock-out");
		fb_err_hint(err, "fixbill imports finished work only: clock out first");
		rc = -1;
	}
	fb_buf_release(&tmp);
	fb_buf_release(&ci.client);
	fb_buf_release(&ci.title);
	fb_buf_release(&ci.note);
	return rc;
}
