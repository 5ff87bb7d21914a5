/*
 * import.c - the importer core: guessing the format, finding or creating
 * the clients, jobs and technicians that rows name, skipping entries
 * already stored, and inserting the rest.  The format readers live in
 * import_csv.c, import_timeclock.c and import_json.c.
 *
 * A million rows must import about as fast as `sqlite3 .import` copies
 * them, so nothing here queries per row: clients, jobs and technicians
 * are looked up once and kept in hash tables, and the rows are held in
 * memory until the file is read.  Then the rows sorted by time are
 * merged with the stored entries of the same span (one query), which
 * finds repeated entries and overlaps in one pass, and the rows left are
 * inserted in file order by one INSERT ... SELECT.
 */
#include "import_impl.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "duration.h"
#include "job.h"
#include "timelog.h"
#include "when.h"

/* A string-keyed open-addressing hash table of integers. */
struct map_ent {
	char *key;
	size_t len;
	uint64_t hash;
	int64_t val;
};

struct map {
	struct map_ent *v;
	size_t n, cap;
};

static uint64_t
hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static int64_t *
map_find(struct map *m, const char *key, size_t len)
{
	uint64_t h;
	size_t i;

	if (m->cap == 0)
		return NULL;
	h = hash_bytes(key, len);
	for (i = h & (m->cap - 1); m->v[i].key; i = (i + 1) & (m->cap - 1)) {
		if (m->v[i].hash == h && m->v[i].len == len &&
		    memcmp(m->v[i].key, key, len) == 0)
			return &m->v[i].val;
	}
	return NULL;
}

static void
map_put(struct map *m, const char *key, size_t len, int64_t val)
{
	uint64_t h = hash_bytes(key, len);
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct map old = *m;

		m->cap = old.cap ? old.cap * 2 : 64;
		m->v = fb_xcalloc(m->cap, sizeof(*m->v));
		m->n = 0;
		for (i = 0; i < old.cap; i++) {
			size_t j;

			if (old.v[i].key == NULL)
				continue;
			for (j = old.v[i].hash & (m->cap - 1); m->v[j].key;
			     j = (j + 1) & (m->cap - 1))
				;
			m->v[j] = old.v[i];
			m->n++;
		}
		free(old.v);
	}
	for (i = h & (m->cap - 1); m->v[i].key; i = (i + 1) & (m->cap - 1))
		;
	m->v[i].key = fb_xmalloc(len + 1);
	memcpy(m->v[i].key, key, len);
	m->v[i].key[len] = '\0';
	m->v[i].len = len;
	m->v[i].hash = h;
	m->v[i].val = val;
	m->n++;
}

static void
map_release(struct map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->v[i].key);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

enum { JOB_OPEN, JOB_RESOLVED, JOB_INVOICED, JOB_CANCELLED };

struct jobinfo {
	int64_t id;
	int64_t client_id;
	char *title;
	int status;
	int created;		/* by this import: resolved at the end */
	int64_t first, last;	/* span of its imported entries */
};

/*
 * A row read, held until the file is in: 40 bytes, so a million rows
 * take 40 MB.  Offsets and counts that would not fit refuse the file.
 */
struct irow {
	int64_t start, stop;
	uint32_t job;		/* index in im->job */
	uint32_t tech;		/* index in im->tech */
	uint32_t note;		/* offset in im->notes plus one; 0: none */
	uint32_t at;		/* line or element, for an error found later */
	uint8_t billable, nocharge;
	uint8_t skip;		/* repeats a stored entry or an earlier row */
	uint8_t overlap;	/* shares time with another entry of its tech */
};

/* The order the checks walk the rows in. */
struct ikey {
	int64_t start, stop;
	uint32_t tech, row;
};

struct importer {
	struct fb_db *db;
	int64_t now;
	int64_t max_job_before;	/* jobs above this were created by us */
	struct map clients;	/* as written in the file -> client id */
	struct map techs;	/* handle -> index in tech */
	struct map jobs;	/* "#id" or "client\x1fsrcjob\x1ftitle" -> index in job */
	struct map titles;	/* "client\x1ftitle" -> id of a job stored before */
	int titles_loaded;
	int64_t *tech;		/* technician ids */
	size_t ntech, techalloc;
	struct jobinfo *job;
	size_t njob, joballoc;
	long default_tech;	/* index in tech, -1 until needed */
	struct irow *row;
	size_t nrow, rowalloc;
	int at_element;		/* row positions are JSON elements, not lines */
	struct fb_buf notes;	/* the rows' notes, each NUL-terminated */
	struct fb_buf key, key2;
	uint64_t rows;
	/* Local time stamps, memoised by hour: most rows share few hours. */
	struct hourslot {
		int64_t key;	/* days * 24 + hour, or INT64_MIN */
		int64_t base;	/* the hour's first instant */
	} hours[1024];
};

static const char *const format_names[] = {
	[FB_IMPORT_GUESS] = "guess",
	[FB_IMPORT_CSV] = "csv",
	[FB_IMPORT_TIMECLOCK] = "timeclock",
	[FB_IMPORT_TIMEWARRIOR] = "timewarrior",
	[FB_IMPORT_TOGGL] = "toggl",
	[FB_IMPORT_WATSON] = "watson",
};

int
fb_import_format_parse(const char *s)
{
	for (size_t i = FB_IMPORT_CSV; i < FB_ARRAY_SIZE(format_names); i++)
		if (strcmp(s, format_names[i]) == 0)
			return (int)i;
	/* What the tools call themselves. */
	if (strcmp(s, "timew") == 0)
		return FB_IMPORT_TIMEWARRIOR;
	return -1;
}

const char *
fb_import_format_name(enum fb_import_format f)
{
	if ((size_t)f >= FB_ARRAY_SIZE(format_names))
		return "?";
	return format_names[f];
}

/* Does the text (up to end) contain needle, ignoring case? */
static int
has_word(const char *s, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; s + n <= end; s++)
		if (strncasecmp(s, needle, n) == 0)
			return 1;
	return 0;
}

enum fb_import_format
fb_import_guess(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *eol;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p == end)
		return FB_IMPORT_GUESS;
	if (*p == '[') {
		/* Watson's frames have a project; Timewarrior's intervals do not. */
		if (has_word(p, end, "\"project\""))
			return FB_IMPORT_WATSON;
		if (has_word(p, end, "\"start\"") || p + 1 == end ||
		    has_word(p, end, "]"))
			return FB_IMPORT_TIMEWARRIOR;
		return FB_IMPORT_GUESS;
	}
	/* Timeclock: comments, then "i DATE TIME". */
	for (const char *q = p; q < end; q = eol + 1) {
		eol = memchr(q, '\n', (size_t)(end - q));
		if (eol == NULL)
			eol = end;
		if (q == eol || *q == ';' || *q == '#' || *q == '*' || *q == '\r')
			continue;
		if ((*q == 'i' || *q == 'o' || *q == 'O') && q + 1 < eol && q[1] == ' ' &&
		    q + 2 < eol && isdigit((unsigned char)q[2]))
			return FB_IMPORT_TIMECLOCK;
		break;
	}
	eol = memchr(p, '\n', (size_t)(end - p));
	if (eol == NULL)
		eol = end;
	if (has_word(p, eol, "start date") && has_word(p, eol, "start time"))
		return FB_IMPORT_TOGGL;
	if (has_word(p, eol, "start") && memchr(p, ',', (size_t)(eol - p)))
		return FB_IMPORT_CSV;
	return FB_IMPORT_GUESS;
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

char *
imp_slurp(struct imp_src *s, size_t *len, struct fb_err *err)
{
	struct fb_buf b = FB_BUF_INIT;
	char chunk[65536];
	size_t n;

	fb_buf_add(&b, s->pre + s->prepos, s->prelen - s->prepos);
	s->prepos = s->prelen;
	while ((n = fread(chunk, 1, sizeof(chunk), s->fp)) > 0)
		fb_buf_add(&b, chunk, n);
	if (ferror(s->fp)) {
		fb_buf_release(&b);
		fb_err_set(err, FB_ERR_RUNTIME, "read error: %s", strerror(errno));
		return NULL;
	}
	s->bytes = b.len;
	*len = b.len;
	return fb_buf_detach(&b);
}

void
imp_progress(struct imp_ctx *c)
{
	if (c->opts->progress && (++c->im->rows & 4095) == 0)
		c->opts->progress(c->opts->progress_arg, c->src->bytes * 2 / 5);
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
imp_parse_time(struct imp_ctx *c, const char *s, const char *what,
	       int64_t *t, struct fb_err *err)
{
	struct fb_civil cv;
	int has_off, off = 0;
	int64_t days, key;
	struct hourslot *slot;

	if (s == NULL || *s == '\0')
		return fb_err_set(err, FB_ERR_USAGE, "no %s time", what);
	if (fast_stamp(s, &cv, &has_off, &off) < 0) {
		/* Rarer forms (a date alone, a one-digit hour) and the errors. */
		if (fb_when_parse(s, c->opts->now, t, err) < 0) {
			const char *msg = err->msg ? err->msg : "";

			/* "invalid time '...'" reads better as the field's name. */
			if (strncmp(msg, "invalid time ", 13) == 0 ||
			    strncmp(msg, "invalid date ", 13) == 0) {
				char *m = fb_xasprintf("invalid %s %s", what, msg + 13);

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
	slot = &c->im->hours[(uint64_t)key % FB_ARRAY_SIZE(c->im->hours)];
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

/* A technician's index in im->tech, added. */
static long
tech_add(struct importer *im, int64_t id)
{
	fb_xgrow(&im->tech, &im->techalloc, im->ntech + 1, sizeof(*im->tech));
	im->tech[im->ntech] = id;
	return (long)im->ntech++;
}

/* The index of the technician handle (NULL: the import's default). */
static long
find_tech(struct imp_ctx *c, const char *handle, struct fb_err *err)
{
	struct importer *im = c->im;
	struct fb_tech t;
	int64_t *v;
	long idx;

	if (handle == NULL && im->default_tech >= 0)
		return im->default_tech;
	if (handle) {
		if ((v = map_find(&im->techs, handle, strlen(handle))) != NULL)
			return (long)*v;
		if (!fb_tech_handle_valid(handle)) {
			fb_err_set(err, FB_ERR_USAGE, "invalid technician handle '%s':"
				   " use 1-32 lowercase letters, digits, '.', '-' and '_'", handle);
			return -1;
		}
	}
	memset(&t, 0, sizeof(t));
	if (fb_tech_resolve(im->db, handle ? handle : c->opts->tech, im->now, &t, err) < 0)
		return -1;
	if ((v = map_find(&im->techs, t.handle, strlen(t.handle))) != NULL) {
		idx = (long)*v;
	} else {
		idx = tech_add(im, t.id);
		map_put(&im->techs, t.handle, strlen(t.handle), idx);
	}
	fb_tech_release(&t);
	if (handle == NULL)
		im->default_tech = idx;
	return idx;
}

/* A client code made from a name: "Acme Corp." -> "acme-corp", unique. */
static char *
code_from_name(struct importer *im, const char *name, struct fb_err *err)
{
	struct fb_buf b = FB_BUF_INIT;
	char *code;
	int64_t id;
	int n = 1, rc;

	for (const char *p = name; *p && b.len < 24; p++) {
		if (isalnum((unsigned char)*p))
			fb_buf_addc(&b, tolower((unsigned char)*p));
		else if (b.len > 0 && b.buf[b.len - 1] != '-')
			fb_buf_addc(&b, '-');
	}
	while (b.len > 0 && b.buf[b.len - 1] == '-')
		b.buf[--b.len] = '\0';
	if (b.len == 0)
		fb_buf_adds(&b, "client");
	for (;;) {
		code = n == 1 ? fb_xstrdup(fb_buf_str(&b)) :
		    fb_xasprintf("%s-%d", fb_buf_str(&b), n);
		rc = fb_db_int(im->db, err, &id, "SELECT id FROM clients WHERE code = ?1",
			       "t", code);
		if (rc < 0) {
			free(code);
			fb_buf_release(&b);
			return NULL;
		}
		if (rc == 0)
			break;
		free(code);
		n++;
	}
	fb_buf_release(&b);
	return code;
}

static int
find_client(struct imp_ctx *c, const char *s, int64_t *id, struct fb_err *err)
{
	struct importer *im = c->im;
	struct fb_client cl;
	struct fb_err e2 = FB_ERR_INIT;
	size_t len = strlen(s);
	int64_t *v;

	if ((v = map_find(&im->clients, s, len)) != NULL) {
		*id = *v;
		return 0;
	}
	memset(&cl, 0, sizeof(cl));
	if (fb_client_find(im->db, s, &cl, &e2) == 0) {
		*id = cl.id;
		fb_client_release(&cl);
		map_put(&im->clients, s, len, *id);
		return 0;
	}
	if (e2.code != FB_ERR_NOTFOUND) {
		*err = e2;
		return -1;
	}
	fb_err_release(&e2);
	if (!c->opts->create_clients) {
		fb_err_set(err, FB_ERR_NOTFOUND, "unknown client '%s'", s);
		fb_err_hint(err, "add it with 'fixbill client add CODE --name NAME',"
			    " or import with --create-clients");
		return -1;
	}
	if (fb_job_check_text("client name", s, 0, 256, 1, err) < 0)
		return -1;
	memset(&cl, 0, sizeof(cl));
	if ((cl.code = code_from_name(im, s, err)) == NULL)
		return -1;
	cl.name = fb_xstrdup(s);
	cl.downtime_cost = cl.managed_fee = -1;
	if (fb_client_insert(im->db, &cl, im->now, err) < 0) {
		fb_client_release(&cl);
		return -1;
	}
	*id = cl.id;
	fb_client_release(&cl);
	map_put(&im->clients, s, len, *id);
	c->res->clients_created++;
	return 0;
}

static int
status_code(const char *s)
{
	if (strcmp(s, "invoiced") == 0)
		return JOB_INVOICED;
	if (strcmp(s, "cancelled") == 0)
		return JOB_CANCELLED;
	if (strcmp(s, "resolved") == 0)
		return JOB_RESOLVED;
	return JOB_OPEN;
}

static long
add_jobinfo(struct importer *im, int64_t id, int64_t client_id, const char *title,
	    int status, int created)
{
	struct jobinfo *j;
	char buf[32];

	fb_xgrow(&im->job, &im->joballoc, im->njob + 1, sizeof(*im->job));
	j = &im->job[im->njob];
	memset(j, 0, sizeof(*j));
	j->id = id;
	j->client_id = client_id;
	j->title = fb_xstrdup(title);
	j->status = status;
	j->created = created;
	j->first = INT64_MAX;
	j->last = INT64_MIN;
	snprintf(buf, sizeof(buf), "#%lld", (long long)id);
	map_put(&im->jobs, buf, strlen(buf), (int64_t)im->njob);
	return (long)im->njob++;
}

/* The stored job number id: its index, -2 when there is none, -1 on error. */
static long
job_by_id(struct importer *im, int64_t id, struct fb_err *err)
{
	struct fb_stmt *st;
	char buf[32];
	int64_t *v;
	long idx = -2;
	int rc;

	snprintf(buf, sizeof(buf), "#%lld", (long long)id);
	if ((v = map_find(&im->jobs, buf, strlen(buf))) != NULL)
		return (long)*v;
	st = fb_db_prepare(im->db, "SELECT client_id, title, status FROM jobs WHERE id = ?1", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	rc = fb_stmt_step(st, err);
	if (rc == 1)
		idx = add_jobinfo(im, id, fb_stmt_int(st, 0), fb_stmt_text(st, 1),
				  status_code(fb_stmt_text(st, 2)), 0);
	fb_stmt_reset(st);
	return rc < 0 ? -1 : idx;
}

/* "42\x1f": part of a key, without printf (this runs for every row). */
static void
add_key_int(struct fb_buf *b, int64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	*--p = '\x1f';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	fb_buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

/*
 * Every stored job by client and title, the latest of a title winning
 * (a cancelled job, opened by mistake, never does): one scan instead of
 * a query per new title (jobs has no index on titles).
 */
static int
load_titles(struct importer *im, struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	im->titles_loaded = 1;
	if (im->max_job_before == 0)
		return 0;
	st = fb_db_prepare(im->db, "SELECT id, client_id, title FROM jobs"
			   " WHERE status <> 'cancelled' ORDER BY id", err);
	if (st == NULL)
		return -1;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		const char *title = fb_stmt_text(st, 2);
		int64_t *v;

		fb_buf_reset(&im->key2);
		add_key_int(&im->key2, fb_stmt_int(st, 1));
		fb_buf_adds(&im->key2, title ? title : "");
		if ((v = map_find(&im->titles, im->key2.buf, im->key2.len)) != NULL)
			*v = fb_stmt_int(st, 0);
		else
			map_put(&im->titles, im->key2.buf, im->key2.len, fb_stmt_int(st, 0));
	}
	fb_stmt_reset(st);
	return rc < 0 ? -1 : 0;
}

/*
 * The job a row names.  A job number is taken when that job exists and
 * agrees with the row's client and title (a file exported from this
 * database); otherwise client and title name it, and rows that carried
 * different job numbers stay on different jobs even when their titles
 * agree (a file exported from another database, into this one).
 */
static long
find_job(struct imp_ctx *c, const struct imp_row *r, struct fb_err *err)
{
	struct importer *im = c->im;
	int has_client = r->client && *r->client, has_title = r->title && *r->title;
	int64_t client_id = 0, *v;
	long idx;

	if (has_client && find_client(c, r->client, &client_id, err) < 0)
		return -1;
	if (r->job > 0) {
		if ((idx = job_by_id(im, r->job, err)) == -1)
			return -1;
		if (idx >= 0 && (!has_client || im->job[idx].client_id == client_id) &&
		    (!has_title || strcmp(im->job[idx].title, r->title) == 0))
			return idx;
		if (!has_client || !has_title) {
			fb_err_set(err, FB_ERR_NOTFOUND, "unknown job '%lld'", (long long)r->job);
			fb_err_hint(err, "give client and title to name (or create) the job");
			return -1;
		}
	} else if (!has_client || !has_title) {
		return fb_err_set(err, FB_ERR_USAGE, "no %s: give a job number, or a client and a title",
				  has_client ? "job title" : "client");
	}
	fb_buf_reset(&im->key);
	add_key_int(&im->key, client_id);
	add_key_int(&im->key, r->job);
	fb_buf_adds(&im->key, r->title);
	if ((v = map_find(&im->jobs, im->key.buf, im->key.len)) != NULL)
		return (long)*v;
	/* A job of that title stored before this import began, the latest. */
	if (!im->titles_loaded && load_titles(im, err) < 0)
		return -1;
	idx = -2;
	fb_buf_reset(&im->key2);
	add_key_int(&im->key2, client_id);
	fb_buf_adds(&im->key2, r->title);
	if ((v = map_find(&im->titles, im->key2.buf, im->key2.len)) != NULL &&
	    (idx = job_by_id(im, *v, err)) == -1)
		return -1;
	if (idx == -2) {
		if (fb_job_check_text("title", r->title, 0, FB_JOB_TITLE_MAX, 1, err) < 0)
			return -1;
		/* Its row is written at the end (store_jobs). */
		idx = add_jobinfo(im, im->max_job_before + c->res->jobs_created + 1, client_id,
				  r->title, JOB_OPEN, 1);
		c->res->jobs_created++;
	}
	map_put(&im->jobs, im->key.buf, im->key.len, idx);
	return idx;
}

int
imp_add_row(struct imp_ctx *c, const struct imp_row *r, struct fb_err *err)
{
	struct importer *im = c->im;
	const char *note = r->note && *r->note ? r->note : NULL;
	long at = c->at.element > 0 ? c->at.element : c->at.line;
	struct irow *w;
	long ti, ji;

	imp_progress(c);
	if (r->stop <= r->start) {
		char *a = fb_when_short(r->start), *b = fb_when_short(r->stop);

		fb_err_set(err, FB_ERR_USAGE, "end %s is not after start %s", b, a);
		free(a);
		free(b);
		return -1;
	}
	if (r->stop - r->start > FB_DURATION_MAX)
		return fb_err_set(err, FB_ERR_USAGE, "entry longer than 10 years");
	/* Nothing is logged ahead of time (SPEC section 10), imported or not. */
	if (fb_when_check_past(r->stop, im->now, err) < 0)
		return -1;
	if (fb_timelog_check_note(note, err) < 0)
		return -1;
	if ((ti = find_tech(c, r->tech && *r->tech ? r->tech : NULL, err)) < 0 ||
	    (ji = find_job(c, r, err)) < 0)
		return -1;
	if (im->nrow >= UINT32_MAX || at < 0 || (uint64_t)at >= UINT32_MAX ||
	    (note && im->notes.len + strlen(note) + 1 >= UINT32_MAX))
		return fb_err_set(err, FB_ERR_USAGE, "too large to import at once:"
				  " split the file");
	fb_xgrow(&im->row, &im->rowalloc, im->nrow + 1, sizeof(*im->row));
	w = &im->row[im->nrow++];
	memset(w, 0, sizeof(*w));
	w->start = r->start;
	w->stop = r->stop;
	w->job = (uint32_t)ji;
	w->tech = (uint32_t)ti;
	w->at = (uint32_t)at;
	w->billable = r->billable != 0;
	w->nocharge = r->nocharge != 0;
	if (note) {
		w->note = (uint32_t)im->notes.len + 1;
		fb_buf_add(&im->notes, note, strlen(note) + 1);
	}
	im->at_element = c->at.element > 0;
	return 0;
}

static int
ikey_cmp(const void *a, const void *b)
{
	const struct ikey *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->stop != y->stop)
		return x->stop < y->stop ? -1 : 1;
	if (x->tech != y->tech)
		return x->tech < y->tech ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/*
 * The overlap sweep over one technician's entries in start order: an
 * entry shares time with one before it when it starts before the latest
 * end so far, and with one after it when the next entry starts before it
 * ends.  Only imported rows are marked; stored ones pass as NULL.
 */
struct sweep {
	int64_t maxstop;	/* latest end so far */
	int64_t prevstop;	/* end of the entry before */
	struct irow *prev;	/* that entry when imported, else NULL */
	int any;
};

static void
sweep_add(struct sweep *sw, int64_t start, int64_t stop, struct irow *r)
{
	if (sw->any) {
		if (start < sw->maxstop && r)
			r->overlap = 1;
		if (start < sw->prevstop && sw->prev)
			sw->prev->overlap = 1;
	}
	if (!sw->any || stop > sw->maxstop)
		sw->maxstop = stop;
	sw->prevstop = stop;
	sw->prev = r;
	sw->any = 1;
}

/* The entries of one start and stop met so far, to find repeats. */
struct same {
	int64_t start, stop;
	struct { int64_t tech, job; } *v;
	size_t n, alloc;
};

/* Is (tech, job) already among the entries of this start and stop?  Else add it. */
static int
same_seen(struct same *sm, int64_t start, int64_t stop, int64_t tech, int64_t job)
{
	if (sm->n > 0 && (sm->start != start || sm->stop != stop))
		sm->n = 0;
	sm->start = start;
	sm->stop = stop;
	for (size_t i = 0; i < sm->n; i++)
		if (sm->v[i].tech == tech && sm->v[i].job == job)
			return 1;
	fb_xgrow(&sm->v, &sm->alloc, sm->n + 1, sizeof(*sm->v));
	sm->v[sm->n].tech = tech;
	sm->v[sm->n].job = job;
	sm->n++;
	return 0;
}

/*
 * Mark the rows to skip and the overlapping ones.  The rows in time
 * order are merged with the stored entries that could repeat or overlap
 * one of them, also in time order, from one query: those of at most 12
 * hours starting from 12 hours before the first row to the last end, the
 * longer ones before that end (see lib/timelog.c), and the running ones,
 * lasting until now.  A row is skipped when a stored entry or an earlier
 * row of the file has its technician, job, start and stop; each
 * technician's entries go through their own sweep.
 */
static int
check_rows(struct importer *im, struct fb_err *err)
{
	struct fb_stmt *st;
	struct sweep *sw;
	struct same sm;
	struct ikey *k;
	int64_t hi = INT64_MIN, maxid = 0;
	long *techidx;
	size_t i = 0, n = im->nrow;
	int have;

	if (n == 0)
		return 0;
	k = fb_xcalloc(n, sizeof(*k));
	for (i = 0; i < n; i++) {
		k[i].start = im->row[i].start;
		k[i].stop = im->row[i].stop;
		k[i].tech = im->row[i].tech;
		k[i].row = (uint32_t)i;
		if (k[i].stop > hi)
			hi = k[i].stop;
	}
	qsort(k, n, sizeof(*k), ikey_cmp);
	/* Technician id -> index in im->tech; ids are small and dense. */
	for (i = 0; i < im->ntech; i++)
		if (im->tech[i] > maxid)
			maxid = im->tech[i];
	techidx = fb_xcalloc((size_t)maxid + 1, sizeof(*techidx));
	for (i = 0; i < im->ntech; i++)
		techidx[im->tech[i]] = (long)i + 1;
	sw = fb_xcalloc(im->ntech, sizeof(*sw));
	memset(&sm, 0, sizeof(sm));
	st = fb_db_prepare(im->db,
		"SELECT start, stop, tech_id, job_id, 0 FROM entries INDEXED BY entries_start"
		" WHERE start >= ?1 - " FB_TIMELOG_SHORT " AND start < ?2"
		" AND stop IS NOT NULL AND stop - start <= " FB_TIMELOG_SHORT
		" UNION ALL SELECT start, stop, tech_id, job_id, 0 FROM entries"
		" INDEXED BY entries_long WHERE stop - start > " FB_TIMELOG_SHORT " AND start < ?2"
		" UNION ALL SELECT start, max(?3, start + 1), tech_id, job_id, 1 FROM entries"
		" INDEXED BY entries_running WHERE stop IS NULL AND start < ?2"
		" ORDER BY 1, 2", err);
	have = st ? 0 : -1;
	if (st) {
		fb_stmt_bind_int(st, 1, k[0].start);
		fb_stmt_bind_int(st, 2, hi);
		fb_stmt_bind_int(st, 3, im->now);
		have = fb_stmt_step(st, err);
	}
	i = 0;
	while (have >= 0 && (i < n || have == 1)) {
		int64_t start, stop, tech;

		if (have == 1 && (i == n || fb_stmt_int(st, 0) < k[i].start ||
		    (fb_stmt_int(st, 0) == k[i].start && fb_stmt_int(st, 1) <= k[i].stop))) {
			/* A stored entry; only the technicians of the file matter. */
			start = fb_stmt_int(st, 0);
			stop = fb_stmt_int(st, 1);
			tech = fb_stmt_int(st, 2);
			if (tech > 0 && tech <= maxid && techidx[tech]) {
				if (!fb_stmt_int(st, 4))
					same_seen(&sm, start, stop, tech, fb_stmt_int(st, 3));
				sweep_add(&sw[techidx[tech] - 1], start, stop, NULL);
			}
			have = fb_stmt_step(st, err);
			continue;
		}
		{
			struct irow *r = &im->row[k[i].row];

			if (same_seen(&sm, r->start, r->stop, im->tech[r->tech], im->job[r->job].id))
				r->skip = 1;
			else
				sweep_add(&sw[r->tech], r->start, r->stop, r);
		}
		i++;
	}
	if (st)
		fb_stmt_reset(st);
	free(sm.v);
	free(sw);
	free(techidx);
	free(k);
	return have < 0 ? -1 : 0;
}

static int
row_keep(void *arg, size_t i)
{
	return !((struct importer *)arg)->row[i].skip;
}

static void
row_cell(void *arg, size_t i, int col, struct fb_db_cell *out)
{
	struct importer *im = arg;
	const struct irow *r = &im->row[i];

	out->type = FB_CELL_INT;
	switch (col) {
	case 0:
		out->i = im->job[r->job].id;
		break;
	case 1:
		out->i = im->tech[r->tech];
		break;
	case 2:
		out->i = r->start;
		break;
	case 3:
		out->i = r->stop;
		break;
	case 4:
		out->i = r->billable;
		break;
	case 5:
		out->i = r->nocharge;
		break;
	case 6:
		out->type = r->note ? FB_CELL_TEXT : FB_CELL_NULL;
		out->s = r->note ? im->notes.buf + r->note - 1 : NULL;
		break;
	default:
		out->type = FB_CELL_NULL;
		break;
	}
}

/*
 * Insert the rows not skipped, in file order so entry ids follow the
 * file, in one statement (see fb_db_rows); refuse the first one whose
 * job is invoiced.
 */
static int
store_rows(struct imp_ctx *c, struct fb_err *err)
{
	struct importer *im = c->im;
	struct fb_db_rows rows = { im->nrow, row_cell, row_keep, im };
	int rc;

	for (size_t i = 0; i < im->nrow; i++) {
		struct irow *r = &im->row[i];
		struct jobinfo *j = &im->job[r->job];

		if (r->skip) {
			c->res->skipped++;
			continue;
		}
		if (j->status == JOB_INVOICED || j->status == JOB_CANCELLED) {
			if (im->at_element)
				c->at.element = r->at;
			else
				c->at.line = r->at;
			fb_err_set(err, FB_ERR_REFUSED, "cannot log time on job '%lld':"
				   " it is %s", (long long)j->id,
				   j->status == JOB_INVOICED ? "invoiced" : "cancelled");
			fb_err_hint(err, "a job that is %s takes no more work",
				    j->status == JOB_INVOICED ? "invoiced" : "cancelled");
			return -1;
		}
		if (r->start < j->first)
			j->first = r->start;
		if (r->stop > j->last)
			j->last = r->stop;
		c->res->imported++;
		c->res->overlaps += r->overlap;
	}
	if (c->opts->progress)
		c->opts->progress(c->opts->progress_arg, c->src->bytes / 2);
	if (fb_db_rows_begin(im->db, &rows, err) < 0)
		return -1;
	/* OR FAIL: no statement journal; a failure rolls the import back. */
	rc = fb_db_exec(im->db, err, "INSERT OR FAIL INTO entries (job_id, tech_id, start,"
			" stop, billable, nocharge, note, created)"
			" SELECT c0, c1, c2, c3, c4, c5, c6, ?1 FROM fb_rows", "i", im->now);
	fb_db_rows_end(im->db);
	return rc;
}

/*
 * Store the jobs this import created: opened at their first entry,
 * resolved at the last one's end (open when that is still to come).
 * Their numbers were handed out as rows named them (the transaction
 * holds the write lock, so nobody else takes one) and foreign keys wait
 * for the commit.  Touching the full-text index early would make every
 * later statement of the transaction pay for its savepoints, so the jobs
 * go in last, in one INSERT ... SELECT.
 */
static int
store_jobs(struct importer *im, struct fb_err *err)
{
	struct fb_stmt *st;

	if (fb_db_script(im->db, "CREATE TEMP TABLE import_jobs (id INTEGER PRIMARY KEY,"
			 " client_id INTEGER, title TEXT, opened INTEGER, resolved INTEGER)", err) < 0)
		return -1;
	st = fb_db_prepare(im->db, "INSERT INTO temp.import_jobs VALUES (?1, ?2, ?3, ?4, ?5)", err);
	if (st == NULL)
		return -1;
	for (size_t i = 0; i < im->njob; i++) {
		struct jobinfo *j = &im->job[i];
		int rc;

		if (!j->created)
			continue;
		if (j->first == INT64_MAX)
			j->first = j->last = im->now;
		fb_stmt_bind_int(st, 1, j->id);
		fb_stmt_bind_int(st, 2, j->client_id);
		fb_stmt_bind_text(st, 3, j->title);
		fb_stmt_bind_int(st, 4, j->first);
		fb_stmt_bind_opt(st, 5, j->last, j->last > im->now);
		rc = fb_stmt_step(st, err);
		fb_stmt_reset(st);
		if (rc < 0)
			return -1;
	}
	if (fb_db_exec(im->db, err, "INSERT INTO jobs (id, client_id, title, status, opened, resolved)"
		       " SELECT id, client_id, title,"
		       " CASE WHEN resolved IS NULL THEN 'open' ELSE 'resolved' END, opened, resolved"
		       " FROM temp.import_jobs ORDER BY id", "") < 0)
		return -1;
	return fb_db_script(im->db, "DROP TABLE temp.import_jobs", err);
}

static void
importer_release(struct importer *im)
{
	map_release(&im->clients);
	map_release(&im->techs);
	map_release(&im->jobs);
	map_release(&im->titles);
	for (size_t i = 0; i < im->njob; i++)
		free(im->job[i].title);
	free(im->job);
	free(im->tech);
	free(im->row);
	fb_buf_release(&im->key);
	fb_buf_release(&im->key2);
	fb_buf_release(&im->notes);
}

/* Prefix err with where the reader was. */
static void
locate(const struct fb_import_opts *o, const struct imp_where *at, struct fb_err *err)
{
	if (at->element > 0)
		fb_err_prefix(err, "%s: element %ld", o->name, at->element);
	else if (at->line > 0)
		fb_err_prefix(err, "%s:%ld", o->name, at->line);
	else
		fb_err_prefix(err, "%s", o->name);
}

int
fb_import(struct fb_db *db, FILE *fp, const struct fb_import_opts *opts,
	  struct fb_import_result *res, struct fb_err *err)
{
	struct importer *im;
	struct imp_src src;
	struct imp_ctx c;
	char pre[8192];
	size_t n;
	int64_t techs_before = 0, entries_before = 0, dangling = 0;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	memset(&src, 0, sizeof(src));
	memset(&c, 0, sizeof(c));
	n = fread(pre, 1, sizeof(pre), fp);
	if (ferror(fp))
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot read '%s': %s", opts->name,
				  strerror(errno));
	src.fp = fp;
	src.pre = pre;
	src.prelen = n;
	res->format = opts->format;
	if (res->format == FB_IMPORT_GUESS) {
		res->format = fb_import_guess(pre, n);
		if (res->format == FB_IMPORT_GUESS) {
			fb_err_set(err, FB_ERR_USAGE, "cannot tell the format of '%s'", opts->name);
			fb_err_hint(err, "give --format csv, timeclock, timewarrior, toggl or watson");
			return -1;
		}
		if (opts->guessed)
			opts->guessed(opts->guessed_arg, res->format);
	}
	im = fb_xcalloc(1, sizeof(*im));
	im->db = db;
	im->now = opts->now;
	im->default_tech = -1;
	for (size_t i = 0; i < FB_ARRAY_SIZE(im->hours); i++)
		im->hours[i].key = INT64_MIN;
	c.im = im;
	c.src = &src;
	c.opts = opts;
	c.res = res;
	if (fb_db_script(db, "PRAGMA defer_foreign_keys = ON", err) < 0)
		goto out;
	if (fb_db_int(db, err, &techs_before, "SELECT count(*) FROM techs", "") < 0)
		goto out;
	if (fb_db_int(db, err, &im->max_job_before, "SELECT coalesce(max(id), 0) FROM jobs", "") < 0 ||
	    fb_db_int(db, err, &entries_before, "SELECT coalesce(max(id), 0) FROM entries", "") < 0)
		goto out;
	switch (res->format) {
	case FB_IMPORT_CSV:
		rc = imp_read_csv(&c, 0, err);
		break;
	case FB_IMPORT_TOGGL:
		rc = imp_read_csv(&c, 1, err);
		break;
	case FB_IMPORT_TIMECLOCK:
		rc = imp_read_timeclock(&c, err);
		break;
	case FB_IMPORT_TIMEWARRIOR:
		rc = imp_read_json(&c, 0, err);
		break;
	case FB_IMPORT_WATSON:
		rc = imp_read_json(&c, 1, err);
		break;
	default:
		rc = fb_err_set(err, FB_ERR_USAGE, "unknown format");
		break;
	}
	if (rc < 0) {
		locate(opts, &c.at, err);
		goto out;
	}
	rc = check_rows(im, err);
	if (rc == 0 && (rc = store_rows(&c, err)) < 0)
		locate(opts, &c.at, err);
	if (rc == 0 && c.res->jobs_created)
		rc = store_jobs(im, err);
	if (rc == 0 && fb_db_int(db, err, &res->techs_created, "SELECT count(*) - ?1 FROM techs",
				 "i", techs_before) < 0)
		rc = -1;
	/*
	 * Every reference written, checked once: the caller may run the import
	 * without SQLite's check of each row (fb_db_begin_bulk), which cost a
	 * third of a million-row import.  Ids only grow, so what this import
	 * wrote is what lies above the ids it found.
	 */
	if (rc == 0 && fb_db_int(db, err, &dangling,
				 "SELECT (SELECT count(*) FROM entries WHERE id > ?1"
				 "  AND (job_id NOT IN (SELECT id FROM jobs)"
				 "  OR tech_id NOT IN (SELECT id FROM techs)))"
				 " + (SELECT count(*) FROM jobs WHERE id > ?2"
				 "  AND client_id NOT IN (SELECT id FROM clients))",
				 "ii", entries_before, im->max_job_before) < 0)
		rc = -1;
	if (rc == 0 && dangling > 0)
		rc = fb_err_set(err, FB_ERR_RUNTIME,
				"cannot import: %lld rows would name a job, technician or client"
				" that does not exist", (long long)dangling);
	/* The notes imported, for job search (lib/job.h), in one statement. */
	if (rc == 0 && fb_db_exec(db, err, "INSERT INTO work_fts(rowid, text, job)"
				  " SELECT id * 4 + 1, note, job_id FROM entries"
				  " WHERE id > ?1 AND note IS NOT NULL", "i", entries_before) < 0)
		rc = -1;
	if (rc == 0 && opts->progress)
		opts->progress(opts->progress_arg, src.bytes);
out:
	free(src.line);
	importer_release(im);
	free(im);
	return rc;
}
