/*
 * import_json.c - reading Timewarrior's `timew export` and Watson's
 * `watson log --json`, both a JSON array of intervals, an element at a
 * time: a small scanner finds where each element of the array ends and
 * cJSON parses that element alone, so a file of any size is read in the
 * memory of its largest element.
 *
 * Timewarrior: the first tag is the client, the other tags joined by
 * spaces the job title (the client tag again when there is no other),
 * the annotation the note.  Watson: the project is the client, the tags
 * joined by spaces the title (the project when there are none).  An
 * interval still running (no end) is left out and counted: it will come
 * in, finished, on the next import.
 */
#include "import_read.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* An element larger than this is not an interval: the file is refused. */
#define ELEMENT_MAX (16 * 1024 * 1024)

static const char *
str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Tags from index `from` joined by spaces into b; -1 for a tag that is no string. */
static int
join_tags(const cJSON *tags, int from, struct fb_buf *b)
{
	const cJSON *t;
	int i = 0;

	fb_buf_reset(b);
	cJSON_ArrayForEach(t, tags) {
		if (!cJSON_IsString(t))
			return -1;
		if (i++ < from)
			continue;
		if (b->len)
			fb_buf_addc(b, ' ');
		fb_buf_adds(b, t->valuestring);
	}
	fb_buf_str(b);
	return 0;
}

static int
element(struct imp_reader *rd, const cJSON *o, int watson, struct fb_buf *title,
	struct fb_err *err)
{
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(o, "tags");
	const char *start = str_of(o, "start");
	const char *end = str_of(o, watson ? "stop" : "end");
	struct imp_row row;

	if (!cJSON_IsObject(o))
		return fb_err_set(err, FB_ERR_USAGE, "not an object");
	if (tags && !cJSON_IsArray(tags) && !cJSON_IsNull(tags))
		return fb_err_set(err, FB_ERR_USAGE, "'tags' is not an array");
	if (start == NULL)
		return fb_err_set(err, FB_ERR_USAGE, "no 'start' time");
	memset(&row, 0, sizeof(row));
	row.billable = 1;
	if (watson) {
		row.client = str_of(o, "project");
		if (row.client == NULL || *row.client == '\0')
			return fb_err_set(err, FB_ERR_USAGE, "no 'project' (the client)");
		if (join_tags(tags, 0, title) < 0)
			return fb_err_set(err, FB_ERR_USAGE, "a tag is not a string");
		row.title = title->len ? title->buf : row.client;
		row.note = str_of(o, "note");
	} else {
		const cJSON *first = cJSON_GetArrayItem(tags, 0);

		if (!cJSON_IsString(first) || *first->valuestring == '\0') {
			fb_err_set(err, FB_ERR_USAGE, "no tags: the first tag names the client");
			fb_err_hint(err, "tag intervals 'timew tag @1 acme \"Printer offline\"'");
			return -1;
		}
		row.client = first->valuestring;
		if (join_tags(tags, 1, title) < 0)
			return fb_err_set(err, FB_ERR_USAGE, "a tag is not a string");
		row.title = title->len ? title->buf : row.client;
		row.note = str_of(o, "annotation");
	}
	if (imp_parse_time(rd, start, "start", &row.start, err) < 0)
		return -1;
	if (end == NULL) {
		if (rd->running++ == 0)
			rd->first_running = rd->at.element;
		return 0;
	}
	if (imp_parse_time(rd, end, "end", &row.stop, err) < 0)
		return -1;
	return rd->row(rd->arg, &row, err);
}

/* The input a byte at a time, counting lines. */
struct jscan {
	struct imp_reader *rd;
	struct fb_err *err;
	char buf[65536];
	size_t len, pos;
	int eof;
	long line;		/* the line of the byte read last */
	int last;		/* that byte */
};

#define J_END (-1)		/* the end of the input */
#define J_ERR (-2)		/* a read error, in err */

static int
jgetc(struct jscan *js)
{
	int c;

	if (js->pos == js->len) {
		long n;

		if (js->eof)
			return J_END;
		if ((n = imp_read(&js->rd->src, js->buf, sizeof(js->buf), js->err)) < 0)
			return J_ERR;
		if (n == 0) {
			js->eof = 1;
			return J_END;
		}
		js->len = (size_t)n;
		js->pos = 0;
	}
	c = (unsigned char)js->buf[js->pos++];
	if (c == '\n')
		js->line++;
	js->last = c;
	return c;
}

/*
 * The line of the end of the input, as cJSON names it: that of the last
 * byte, so a file that ends in a newline ends on the line before.
 */
static long
end_line(const struct jscan *js)
{
	return js->last == '\n' ? js->line - 1 : js->line;
}

/* Put back the byte just read. */
static void
junget(struct jscan *js)
{
	if (js->buf[--js->pos] == '\n')
		js->line--;
}

static int
nul(struct imp_reader *rd, struct fb_err *err)
{
	/* cJSON's strings end at a NUL: a name would be cut short silently. */
	rd->at.line = 0;
	rd->at.element = 0;
	return fb_err_set(err, FB_ERR_USAGE, "malformed JSON: a NUL character");
}

/*
 * The next byte that is not white space (J_END, J_ERR); a NUL refuses the
 * file.  White space is what cJSON skips, every byte up to the space.
 */
static int
jskip(struct jscan *js)
{
	int c;

	do
		c = jgetc(js);
	while (c > 0 && c <= ' ');
	if (c == 0)
		return nul(js->rd, js->err), J_ERR;
	return c;
}

/* Whether nothing but white space follows the line being read. */
static int
rest_blank(struct jscan *js, int rest_of_line)
{
	int c;

	if (rest_of_line)
		while ((c = jgetc(js)) >= 0 && c != '\n')
			;
	while ((c = jgetc(js)) >= 0)
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			return 0;
	return 1;
}

/*
 * Malformed JSON at line: "it ends too soon" when that is the last line
 * with text on it (the file was cut short).
 */
static int
malformed(struct jscan *js, long line, int early, struct fb_err *err)
{
	js->rd->at.line = line;
	js->rd->at.element = 0;
	if (js->err->msg)		/* a read error while looking ahead */
		return -1;
	return fb_err_set(err, FB_ERR_USAGE, "malformed JSON%s", early ? ": it ends too soon" : "");
}

/* Whether the text holds a \u0000 escape (not an escaped backslash). */
static int
has_nul_escape(const char *s, size_t len)
{
	for (size_t i = 0; i + 6 <= len; i++) {
		if (s[i] != '\\')
			continue;
		if (memcmp(s + i + 1, "u0000", 5) == 0)
			return 1;
		i++;	/* skip the escaped character */
	}
	return 0;
}

/*
 * One JSON value whose first byte c was just read, into out: an object
 * or array to its closing bracket, a string to its closing quote, anything
 * else to the next white space, comma or bracket.  0, 1 when the input
 * ends inside it, -1 on error.  Objects and strings are scanned a buffer
 * at a time, and copied out of it in one piece.
 */
static int
capture(struct jscan *js, int c, struct fb_buf *out)
{
	int depth = 0, instr = 0, esc = 0;

	fb_buf_reset(out);
	fb_buf_addc(out, (char)c);
	if (c != '{' && c != '[' && c != '"') {
		/* A number, true, false or null ends where another token starts. */
		for (;;) {
			c = jgetc(js);
			if (c == J_ERR)
				return -1;
			if (c == J_END)
				return 0;
			if (c == 0)
				return nul(js->rd, js->err);
			if (c <= ' ' || c == ',' || c == ']' || c == '}' || c == ':') {
				junget(js);
				return 0;
			}
			if (out->len >= ELEMENT_MAX)
				return fb_err_set(js->err, FB_ERR_USAGE, "larger than %d MiB",
						  ELEMENT_MAX >> 20);
			fb_buf_addc(out, (char)c);
		}
	}
	if (c == '"')
		instr = 1;
	else
		depth = 1;
	for (;;) {
		const char *p, *q, *e;

		if (js->pos == js->len) {
			if ((c = jgetc(js)) == J_ERR)
				return -1;
			if (c == J_END)
				return 1;
			junget(js);
		}
		p = q = js->buf + js->pos;
		e = js->buf + js->len;
		while (q < e) {
			c = (unsigned char)*q++;
			if (c == '\n')
				js->line++;
			else if (c == 0)
				return nul(js->rd, js->err);
			if (instr) {
				if (esc)
					esc = 0;
				else if (c == '\\')
					esc = 1;
				else if (c == '"' && (instr = 0, depth == 0))
					break;
			} else if (c == '"') {
				instr = 1;
			} else if (c == '{' || c == '[') {
				depth++;
			} else if ((c == '}' || c == ']') && --depth == 0) {
				break;
			}
		}
		fb_buf_add(out, p, (size_t)(q - p));
		js->pos = (size_t)(q - js->buf);
		js->last = c;
		if (depth == 0 && !instr)
			return 0;
		if (out->len >= ELEMENT_MAX)
			return fb_err_set(js->err, FB_ERR_USAGE, "larger than %d MiB", ELEMENT_MAX >> 20);
	}
}

/*
 * Parse the value captured from line first; NULL with err set (the line
 * of the mistake) when it is not JSON.
 */
static cJSON *
parse(struct jscan *js, struct fb_buf *v, long first, struct fb_err *err)
{
	const char *bad = NULL, *p, *nl;
	long line = first;
	cJSON *o;

	if (memchr(v->buf, '\0', v->len) || has_nul_escape(v->buf, v->len)) {
		nul(js->rd, err);
		return NULL;
	}
	o = cJSON_ParseWithLengthOpts(v->buf, v->len + 1, &bad, 1);
	if (o)
		return o;
	if (bad == NULL || bad < v->buf || bad > v->buf + v->len)
		bad = v->buf + v->len;
	for (p = v->buf; p < bad; p++)
		line += *p == '\n';
	/* The mistake's line is the last with text when nothing follows it. */
	nl = memchr(bad, '\n', (size_t)(v->buf + v->len - bad));
	if (nl) {
		for (p = nl; p < v->buf + v->len; p++)
			if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
				break;
		malformed(js, line, p == v->buf + v->len && rest_blank(js, 0), err);
	} else {
		malformed(js, line, rest_blank(js, 1), err);
	}
	return NULL;
}

int
imp_read_json(struct imp_reader *rd, int watson, struct fb_err *err)
{
	struct fb_buf title = FB_BUF_INIT, v = FB_BUF_INIT;
	struct jscan *js = fb_xcalloc(1, sizeof(*js));
	int c, rc = -1, r;
	long n = 0, first;

	js->rd = rd;
	js->err = err;
	js->line = 1;
	/* A byte order mark, as cJSON skips it. */
	if ((c = jgetc(js)) == 0xef) {
		if (jgetc(js) != 0xbb || jgetc(js) != 0xbf) {
			malformed(js, 1, rest_blank(js, 1), err);
			goto out;
		}
	} else if (c >= 0) {
		junget(js);
	} else if (c == J_ERR) {
		goto out;
	}
	if ((c = jskip(js)) == J_ERR)
		goto out;
	if (c == J_END) {
		malformed(js, end_line(js), 1, err);
		goto out;
	}
	if (c != '[') {
		/* Another JSON value is the wrong thing; anything else, no JSON. */
		cJSON *o;

		first = js->line;
		if ((r = capture(js, c, &v)) < 0)
			goto out;
		if (r == 1) {
			malformed(js, end_line(js), 1, err);
			goto out;
		}
		if ((o = parse(js, &v, first, err)) == NULL)
			goto out;
		cJSON_Delete(o);
		fb_err_set(err, FB_ERR_USAGE, "want a JSON array of %s",
			   watson ? "frames" : "intervals");
		goto out;
	}
	for (;;) {
		cJSON *o;

		if ((c = jskip(js)) == J_ERR)
			goto out;
		if (c == J_END) {
			malformed(js, end_line(js), 1, err);
			goto out;
		}
		if (c == ']' && n == 0)
			break;
		first = js->line;
		rd->at.element = ++n;
		if ((r = capture(js, c, &v)) < 0)
			goto out;
		if (r == 1) {
			malformed(js, end_line(js), 1, err);
			goto out;
		}
		if ((o = parse(js, &v, first, err)) == NULL)
			goto out;
		r = element(rd, o, watson, &title, err);
		cJSON_Delete(o);
		if (r < 0)
			goto out;
		if ((c = jskip(js)) == J_ERR)
			goto out;
		if (c == ',')
			continue;
		if (c == ']')
			break;
		if (c == J_END) {
			malformed(js, end_line(js), 1, err);
		} else {
			long line = js->line;

			malformed(js, line, rest_blank(js, 1), err);
		}
		goto out;
	}
	/* What follows the array is not read, as cJSON did not. */
	rd->at.element = 0;
	rc = 0;
out:
	fb_buf_release(&title);
	fb_buf_release(&v);
	free(js);
	return rc;
}
