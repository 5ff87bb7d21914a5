/*
 * import_json.c - reading Timewarrior's `timew export` and Watson's
 * `watson log --json`, both a JSON array of intervals (cJSON).
 *
 * Timewarrior: the first tag is the client, the other tags joined by
 * spaces the job title (the client tag again when there is no other),
 * the annotation the note.  Watson: the project is the client, the tags
 * joined by spaces the title (the project when there are none).  An
 * interval still running (no end) is left out and counted: it will come
 * in, finished, on the next import.
 */
#include "import_impl.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

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
element(struct imp_ctx *c, const cJSON *o, int watson, struct fb_buf *title,
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
	if (imp_parse_time(c, start, "start", &row.start, err) < 0)
		return -1;
	if (end == NULL) {
		if (c->res->running++ == 0)
			c->res->first_running = c->at.element;
		return 0;
	}
	if (imp_parse_time(c, end, "end", &row.stop, err) < 0)
		return -1;
	return imp_add_row(c, &row, err);
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

int
imp_read_json(struct imp_ctx *c, int watson, struct fb_err *err)
{
	struct fb_buf title = FB_BUF_INIT;
	const char *bad = NULL;
	const cJSON *o;
	cJSON *doc;
	size_t len;
	char *text;
	int rc = 0;

	if ((text = imp_slurp(c->src, &len, err)) == NULL)
		return -1;
	/*
	 * cJSON's strings end at a NUL, so a raw NUL byte or a \u0000 escape
	 * would silently cut a name short: refuse the file instead.
	 */
	if (memchr(text, '\0', len) != NULL || has_nul_escape(text, len)) {
		free(text);
		return fb_err_set(err, FB_ERR_USAGE, "malformed JSON: a NUL character");
	}
	doc = cJSON_ParseWithLengthOpts(text, len, &bad, 0);
	if (doc == NULL) {
		long line = 1;
		int early;

		if (bad == NULL || bad < text || bad > text + len)
			bad = text + len;
		for (const char *p = text; p < bad; p++)
			line += *p == '\n';
		/* An error on the last line of text: the file was cut short. */
		{
			const char *last = text + len;

			while (last > text && strchr(" \t\r\n", last[-1]))
				last--;
			while (last > text && last[-1] != '\n')
				last--;
			early = (size_t)(bad - text) >= (size_t)(last - text);
		}
		c->at.line = line;
		free(text);
		return fb_err_set(err, FB_ERR_USAGE, "malformed JSON%s",
				  early ? ": it ends too soon" : "");
	}
	free(text);
	if (!cJSON_IsArray(doc)) {
		cJSON_Delete(doc);
		return fb_err_set(err, FB_ERR_USAGE, "want a JSON array of %s",
				  watson ? "frames" : "intervals");
	}
	cJSON_ArrayForEach(o, doc) {
		c->at.element++;
		if (element(c, o, watson, &title, err) < 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0)
		c->at.element = 0;
	fb_buf_release(&title);
	cJSON_Delete(doc);
	return rc;
}
