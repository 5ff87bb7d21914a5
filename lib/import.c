/*
 * import.c - the importer core: guessing the format, finding or creating
 * the clients, jobs and technicians that rows name, skipping entries
 * already stored, and storing the rest.  The format readers
 * (lib/import_read.h) stream the file and hand each row to import_row.
 *
 * A million rows must import about as fast as `sqlite3 .import` copies
 * them, in memory that does not grow with the file.  So nothing here
 * queries per row: clients and technicians (few) are kept in hash
 * tables, and jobs in a cache of bounded size that spills to temporary
 * tables when a file names more of them.  Rows are held in a batch of
 * bounded size; a full batch is sorted by time and merged with the
 * stored entries of the same span (one query), which finds repeated
 * entries and overlaps in one pass, and what is left is inserted in file
 * order by one INSERT ... SELECT.  The batches before are stored by then,
 * so each batch is checked against them too.
 */
#include "import.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "duration.h"
#include "import_read.h"
#include "job.h"
#include "timelog.h"
#include "when.h"

/*
 * The highest job id the check of references keeps a bit for (8 MiB of
 * them); a database with higher ids is checked row by row.
 */
#define JOBREF_MAX ((int64_t)1 << 26)
/* Rows and bytes of notes in a batch. */
#define BATCH_ROWS 65536
#define BATCH_NOTES (4 * 1024 * 1024)
/*
 * The jobs cache: jobs, slots of its table (two keys a job), and bytes of
 * keys and titles; allocated once, so that emptying and filling it again
 * leaves no holes in the heap.
 */
#define JOBS_MAX 32768
#define JOBS_SLOTS (4 * JOBS_MAX)
#define JOBS_POOL (4 * 1024 * 1024)
/* The most a row adds to the pool: two keys and a title. */
#define JOBS_ROOM (3 * FB_JOB_TITLE_MAX + 256)
/*
 * Bits of the filter of keys written to temp.import_keys (4 MiB, made at
 * the first spill): a key it has never seen is new without asking the
 * table, which is nearly every key of a file whose jobs come one after
 * another.
 */
#define BLOOM_BITS ((uint64_t)1 << 25)

/* A string-keyed open-addressing hash table. */
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

static struct map_ent *
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
			return &m->v[i];
	}
	return NULL;
}

static struct map_ent *
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
	return &m->v[i];
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

/* A job that rows name, as the cache holds it. */
struct jobinfo {
	int64_t id;
	int64_t client_id;
	char *title;
	int status;
	int created;		/* by this import: stored at the end */
	int64_t first, last;	/* span of its imported entries */
};

/*
 * A row held in the batch: 56 bytes.  Counts and offsets that would not
 * fit refuse the file.
 */
struct irow {
	int64_t start, stop;
	int64_t job;		/* job id */
	int64_t match;		/* the stored entry it repeats, 0: none */
	uint32_t tech;		/* index in im->tech */
	uint32_t note;		/* offset in im->notes plus one; 0: none */
	uint32_t at;		/* line or element, for an error found later */
	uint8_t billable, nocharge;
	uint8_t closed;		/* its job takes no work: JOB_INVOICED, JOB_CANCELLED */
	uint8_t skip;		/* repeats a stored entry or an earlier row */
	uint8_t overlap;	/* shares time with another entry of its tech */
};

/* The order the checks walk a batch in. */
struct ikey {
	int64_t start, stop;
	uint32_t tech, row;
};

struct importer {
	struct fb_db *db;
	const struct fb_import_opts *opts;
	struct fb_import_result *res;
	struct imp_reader *rd;
	int64_t now;
	int64_t max_job_before;	/* jobs above this were created by us */
	struct map clients;	/* as written in the file -> client id */
	struct map techs;	/* handle -> index in tech */
	int64_t *tech;		/* technician ids */
	size_t ntech, techalloc;
	long default_tech;	/* index in tech, -1 until needed */
	/*
	 * The jobs cache: "#id", or "client\x1fsrcjob\x1ftitle" -> index in
	 * job; keys and titles in pool.  When it is full it is written to
	 * temp.import_keys and temp.import_jobs and emptied (spilled), and a
	 * key not in it is looked for there.
	 */
	struct map_ent *jslot;	/* JOBS_SLOTS */
	size_t jn;
	struct jobinfo *job;	/* JOBS_MAX */
	size_t njob;
	char *pool;		/* JOBS_POOL */
	size_t pooln;
	char **big;		/* strings that did not fit in it */
	size_t nbig, abig;
	int spilled;
	uint64_t *bloom;	/* BLOOM_BITS, once spilled */
	int titles;		/* temp.import_titles is filled */
	struct fb_buf key;
	/*
	 * The job of the row before, which the rows of a file mostly repeat:
	 * its index in the cache (-1: none, as after a spill), and the client,
	 * number and title that named it ("client\0title\0").
	 */
	long last_job;
	int64_t last_jobno;
	struct fb_buf last_name;
	/* The batch. */
	struct irow *row;
	size_t nrow, rowalloc;
	struct ikey *k;
	size_t kalloc;
	int at_element;		/* row positions are JSON elements, not lines */
	struct fb_buf notes;	/* the rows' notes, each NUL-terminated */
	/* What is stored. */
	int64_t first_id;	/* the first entry this import stored, 0 before */
	unsigned char *olap;	/* a bit per stored entry from first_id: it overlaps */
	size_t nolap, olapalloc;
	/*
	 * A bit per job id that a stored entry names, for the check of
	 * references (refs_check); none when the ids run too high for it.
	 */
	uint64_t *jobref;
	size_t njobref, jobrefalloc;
	int jobref_off;
	uint64_t rows;
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


static void
progress(struct importer *im)
{
	if (im->opts->progress && (++im->rows & 4095) == 0)
		im->opts->progress(im->opts->progress_arg, im->rd->src.bytes);
}

/* A technician's index in im->tech, added. */
static long
tech_add(struct importer *im, int64_t id)
{
	fb_xgrow(&im->tech, &im->techalloc, im->ntech + 1, sizeof(*im->tech));
	im->tech[im->ntech] = id;
	return (long)im->ntech++;
}

/*
 * The index of the technician handle (NULL: the import's default).  A
 * technician the database does not know is refused, unless the import
 * may create technicians: a typo must not become a technician billed at
 * L1.
 */
static long
find_tech(struct importer *im, const char *handle, struct fb_err *err)
{
	struct fb_tech t;
	struct map_ent *v;
	int dflt = handle == NULL;
	long idx;
	int rc;

	if (dflt && im->default_tech >= 0)
		return im->default_tech;
	if (handle && (v = map_find(&im->techs, handle, strlen(handle))) != NULL)
		return (long)v->val;
	if (handle && !fb_tech_handle_valid(handle))
		return imp_bad(err, "invalid technician handle '%s':"
			       " use 1-32 lowercase letters, digits, '.', '-' and '_'", handle);
	/* The default: --tech, else $FIXBILL_TECH, else the login name. */
	if ((rc = fb_tech_lookup(im->db, handle ? handle : im->opts->tech, &t, err)) < 0)
		return -1;
	if ((v = map_find(&im->techs, t.handle, strlen(t.handle))) != NULL) {
		idx = (long)v->val;
	} else {
		if (rc == 0 && !im->opts->create_techs) {
			imp_bad(err, "unknown technician '%s'", t.handle);
			fb_err_hint(err, "add it with 'fixbill tech add %s', or import with"
				    " --create-techs", t.handle);
			err->code = FB_ERR_NOTFOUND;
			fb_tech_release(&t);
			return -1;
		}
		if (rc == 0) {
			memcpy(t.tier, "L1", 3);
			if (fb_tech_insert(im->db, &t, im->now, err) < 0) {
				fb_tech_release(&t);
				return -1;
			}
		}
		idx = tech_add(im, t.id);
		map_put(&im->techs, t.handle, strlen(t.handle), idx);
	}
	fb_tech_release(&t);
	if (dflt)
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
find_client(struct importer *im, const char *s, int64_t *id, struct fb_err *err)
{
	struct fb_client cl;
	struct fb_err e2 = FB_ERR_INIT;
	size_t len = strlen(s);
	struct map_ent *v;

	if ((v = map_find(&im->clients, s, len)) != NULL) {
		*id = v->val;
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
	if (!im->opts->create_clients) {
		imp_bad(err, "unknown client '%s'", s);
		err->code = FB_ERR_NOTFOUND;
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
	im->res->clients_created++;
	return 0;
}

static int
status_code(const char *s)
{
	if (s && strcmp(s, "invoiced") == 0)
		return JOB_INVOICED;
	if (s && strcmp(s, "cancelled") == 0)
		return JOB_CANCELLED;
	if (s && strcmp(s, "resolved") == 0)
		return JOB_RESOLVED;
	return JOB_OPEN;
}

/*
 * A copy of s (len bytes) in the pool, NUL-terminated.  import_row makes
 * room for what a row adds; anything longer than a row can add (a stored
 * title no check bounded) is allocated on its own.
 */
static char *
pool_dup(struct importer *im, const char *s, size_t len)
{
	char *p;

	if (im->pooln + len + 1 <= JOBS_POOL) {
		p = im->pool + im->pooln;
		im->pooln += len + 1;
	} else {
		p = fb_xmalloc(len + 1);
		fb_xgrow(&im->big, &im->abig, im->nbig + 1, sizeof(*im->big));
		im->big[im->nbig++] = p;
	}
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static void
pool_reset(struct importer *im)
{
	for (size_t i = 0; i < im->nbig; i++)
		free(im->big[i]);
	im->nbig = 0;
	im->pooln = 0;
}

static struct map_ent *
jobs_find(struct importer *im, const char *key, size_t len)
{
	uint64_t h = hash_bytes(key, len);

	for (size_t i = h & (JOBS_SLOTS - 1); im->jslot[i].key; i = (i + 1) & (JOBS_SLOTS - 1))
		if (im->jslot[i].hash == h && im->jslot[i].len == len &&
		    memcmp(im->jslot[i].key, key, len) == 0)
			return &im->jslot[i];
	return NULL;
}

static void
jobs_put(struct importer *im, const char *key, size_t len, int64_t val)
{
	uint64_t h = hash_bytes(key, len);
	size_t i;

	for (i = h & (JOBS_SLOTS - 1); im->jslot[i].key; i = (i + 1) & (JOBS_SLOTS - 1))
		;
	im->jslot[i].key = pool_dup(im, key, len);
	im->jslot[i].len = len;
	im->jslot[i].hash = h;
	im->jslot[i].val = val;
	im->jn++;
}

/* The filter's four bits of a key, from two halves of its hashes. */
static void
bloom_bits(const char *key, size_t len, uint64_t bit[4])
{
	uint64_t h1 = hash_bytes(key, len), h2 = (h1 >> 33 | h1 << 31) * 0x9e3779b97f4a7c15ULL;

	for (int i = 0; i < 4; i++)
		bit[i] = (h1 + (uint64_t)i * (h2 | 1)) & (BLOOM_BITS - 1);
}

static void
bloom_add(struct importer *im, const char *key, size_t len)
{
	uint64_t bit[4];

	bloom_bits(key, len, bit);
	for (int i = 0; i < 4; i++)
		im->bloom[bit[i] / 64] |= (uint64_t)1 << (bit[i] % 64);
}

/* 0: the key was never spilled; 1: it may have been. */
static int
bloom_has(const struct importer *im, const char *key, size_t len)
{
	uint64_t bit[4];

	if (im->bloom == NULL)
		return 0;
	bloom_bits(key, len, bit);
	for (int i = 0; i < 4; i++)
		if (!(im->bloom[bit[i] / 64] & ((uint64_t)1 << (bit[i] % 64))))
			return 0;
	return 1;
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct map_ent *const *)a)->key,
		      (*(const struct map_ent *const *)b)->key);
}

/* What spill_rows writes, as rows of fb_rows. */
struct spill {
	struct importer *im;
	struct map_ent **keys;	/* the keys, or else */
	size_t *jobs;		/* the indexes of the jobs created */
};

static void
spill_job_cell(void *arg, size_t i, int col, struct fb_db_cell *out)
{
	const struct spill *sp = arg;
	const struct jobinfo *j = &sp->im->job[sp->jobs[i]];

	out->type = FB_CELL_INT;
	switch (col) {
	case 0:
		out->i = j->id;
		break;
	case 1:
		out->i = j->client_id;
		break;
	case 2:
		out->type = FB_CELL_TEXT;
		out->s = j->title;
		break;
	case 3:
		out->i = j->first;
		break;
	case 4:
		out->i = j->last;
		break;
	default:
		out->type = FB_CELL_NULL;
		break;
	}
}

static void
spill_key_cell(void *arg, size_t i, int col, struct fb_db_cell *out)
{
	const struct spill *sp = arg;

	if (col == 0) {
		out->type = FB_CELL_TEXT;
		out->s = sp->keys[i]->key;
	} else if (col == 1) {
		out->type = FB_CELL_INT;
		out->i = sp->im->job[sp->keys[i]->val].id;
	} else {
		out->type = FB_CELL_NULL;
	}
}

/*
 * Write the cache to the temporary tables and empty it; at the end, only
 * the jobs this import creates are needed there.  Each table takes its
 * rows in one statement (fb_db_rows); the keys go in in order, so that
 * each page of the table's b-tree is written once.  A key already there
 * was found there and names the same job, so it is left as it is: OR
 * IGNORE, where OR REPLACE had SQLite copy each page the statement
 * changed to a statement journal first (a fifth of the system time of a
 * 10M-row import).
 */
static int
spill_rows(struct importer *im, int end, struct fb_err *err)
{
	struct spill sp = { im, NULL, NULL };
	struct fb_db_rows rows = { 0, spill_job_cell, NULL, &sp };
	int rc = 0;

	sp.jobs = fb_xmalloc((im->njob + 1) * sizeof(*sp.jobs));
	for (size_t i = 0; i < im->njob; i++)
		if (im->job[i].created)
			sp.jobs[rows.n++] = i;
	/* (The WHERE tells the parser that ON CONFLICT is not a join's.) */
	if (rows.n > 0 && (rc = fb_db_rows_begin(im->db, &rows, err)) == 0) {
		rc = fb_db_exec(im->db, err, "INSERT INTO temp.import_jobs (id, client_id, title,"
				" first, last) SELECT c0, c1, c2, c3, c4 FROM fb_rows WHERE 1"
				" ON CONFLICT (id) DO UPDATE SET first = min(first, excluded.first),"
				" last = max(last, excluded.last)", "");
		fb_db_rows_end(im->db);
	}
	free(sp.jobs);
	if (rc < 0)
		return -1;
	if (!end && im->jn > 0) {
		sp.keys = fb_xmalloc(im->jn * sizeof(*sp.keys));
		rows.n = 0;
		rows.cell = spill_key_cell;
		for (size_t i = 0; i < JOBS_SLOTS; i++)
			if (im->jslot[i].key && im->jslot[i].key[0] != '#')
				sp.keys[rows.n++] = &im->jslot[i];
		qsort(sp.keys, rows.n, sizeof(*sp.keys), key_cmp);
		if (im->bloom == NULL)
			im->bloom = fb_xcalloc(BLOOM_BITS / 64, sizeof(*im->bloom));
		for (size_t i = 0; i < rows.n; i++)
			bloom_add(im, sp.keys[i]->key, sp.keys[i]->len);
		if (rows.n > 0 && (rc = fb_db_rows_begin(im->db, &rows, err)) == 0) {
			rc = fb_db_exec(im->db, err, "INSERT OR IGNORE INTO temp.import_keys"
					" SELECT c0, c1 FROM fb_rows", "");
			fb_db_rows_end(im->db);
		}
		free(sp.keys);
		if (rc < 0)
			return -1;
	}
	memset(im->jslot, 0, JOBS_SLOTS * sizeof(*im->jslot));
	im->jn = 0;
	im->njob = 0;
	im->last_job = -1;
	pool_reset(im);
	im->spilled = 1;
	return 0;
}

/* spill_rows, whose rows are the import's scratch, not the database's. */
static int
jobs_spill(struct importer *im, int end, struct fb_err *err)
{
	int64_t since = fb_db_total_changes(im->db);
	int rc = spill_rows(im, end, err);

	fb_db_scratch_changes(im->db, since);
	return rc;
}

/* A job in the cache: its index. */
static long
job_cache(struct importer *im, int64_t id, int64_t client_id, const char *title,
	  int status, int created, int64_t first, int64_t last)
{
	struct jobinfo *j;
	char buf[32];

	if (title == NULL)
		title = "";
	j = &im->job[im->njob];
	memset(j, 0, sizeof(*j));
	j->id = id;
	j->client_id = client_id;
	j->title = pool_dup(im, title, strlen(title));
	j->status = status;
	j->created = created;
	j->first = first;
	j->last = last;
	snprintf(buf, sizeof(buf), "#%lld", (long long)id);
	if (jobs_find(im, buf, strlen(buf)) == NULL)
		jobs_put(im, buf, strlen(buf), (int64_t)im->njob);
	return (long)im->njob++;
}

/*
 * The job number id, stored before this import or created by it: its
 * index in the cache, -2 when there is none, -1 on error.
 */
static long
job_by_id(struct importer *im, int64_t id, struct fb_err *err)
{
	struct fb_stmt *st;
	struct map_ent *v;
	char buf[32];
	long idx = -2;
	int rc;

	snprintf(buf, sizeof(buf), "#%lld", (long long)id);
	if ((v = jobs_find(im, buf, strlen(buf))) != NULL)
		return (long)v->val;
	if (id > im->max_job_before) {
		if (!im->spilled)
			return -2;
		st = fb_db_prepare(im->db, "SELECT client_id, title, first, last"
				   " FROM temp.import_jobs WHERE id = ?1", err);
		if (st == NULL)
			return -1;
		fb_stmt_bind_int(st, 1, id);
		if ((rc = fb_stmt_step(st, err)) == 1)
			idx = job_cache(im, id, fb_stmt_int(st, 0), fb_stmt_text(st, 1), JOB_OPEN, 1,
					fb_stmt_int(st, 2), fb_stmt_int(st, 3));
		fb_stmt_reset(st);
		return rc < 0 ? -1 : idx;
	}
	st = fb_db_prepare(im->db, "SELECT client_id, title, status FROM jobs WHERE id = ?1", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	if ((rc = fb_stmt_step(st, err)) == 1)
		idx = job_cache(im, id, fb_stmt_int(st, 0), fb_stmt_text(st, 1),
				status_code(fb_stmt_text(st, 2)), 0, INT64_MAX, INT64_MIN);
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
 * The job a row names: its index in the cache.  A job number is taken
 * when that job exists and agrees with the row's client and title (a
 * file exported from this database); otherwise client and title name it,
 * and rows that carried different job numbers stay on different jobs
 * even when their titles agree (a file exported from another database,
 * into this one).  Client and title name the latest job of that title
 * stored before this import (a cancelled job, opened by mistake, never),
 * else a job this import creates.
 */
static long
find_job(struct importer *im, const struct imp_row *r, struct fb_err *err)
{
	int has_client = r->client && *r->client, has_title = r->title && *r->title;
	int64_t client_id = 0, id;
	struct map_ent *v;
	long idx;
	int rc;

	if (has_client && find_client(im, r->client, &client_id, err) < 0)
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
	/* No job has a longer title: refused before it makes a key. */
	if (strlen(r->title) > FB_JOB_TITLE_MAX &&
	    fb_job_check_text("title", r->title, 0, FB_JOB_TITLE_MAX, 1, err) < 0)
		return -1;
	fb_buf_reset(&im->key);
	add_key_int(&im->key, client_id);
	add_key_int(&im->key, r->job);
	fb_buf_adds(&im->key, r->title);
	if ((v = jobs_find(im, im->key.buf, im->key.len)) != NULL)
		return (long)v->val;
	idx = -2;
	/* Named before the cache last spilled. */
	if (bloom_has(im, im->key.buf, im->key.len)) {
		rc = fb_db_int(im->db, err, &id, "SELECT job FROM temp.import_keys WHERE key = ?1",
			       "t", im->key.buf);
		if (rc < 0 || (rc == 1 && (idx = job_by_id(im, id, err)) == -1))
			return -1;
	}
	/*
	 * The latest job of that title stored before this import began, from
	 * a table of them made the first time one is asked for: jobs have no
	 * index on titles, which would cost every job written (this import's
	 * too), and holding them all in memory would grow with the database.
	 */
	if (idx == -2 && im->max_job_before > 0) {
		struct fb_stmt *st;

		if (!im->titles) {
			int64_t since = fb_db_total_changes(im->db);

			rc = fb_db_exec(im->db, err, "INSERT INTO temp.import_titles SELECT client_id,"
					" title, max(id) FROM jobs WHERE id <= ?1 AND status <> 'cancelled'"
					" GROUP BY client_id, title", "i", im->max_job_before);
			fb_db_scratch_changes(im->db, since);
			if (rc < 0)
				return -1;
			im->titles = 1;
		}
		st = fb_db_prepare(im->db, "SELECT id FROM temp.import_titles"
				   " WHERE client_id = ?1 AND title = ?2", err);
		if (st == NULL)
			return -1;
		fb_stmt_bind_int(st, 1, client_id);
		fb_stmt_bind_text(st, 2, r->title);
		rc = fb_stmt_step(st, err);
		id = rc == 1 ? fb_stmt_int(st, 0) : 0;
		fb_stmt_reset(st);
		if (rc < 0 || (rc == 1 && (idx = job_by_id(im, id, err)) == -1))
			return -1;
	}
	if (idx == -2) {
		if (fb_job_check_text("title", r->title, 0, FB_JOB_TITLE_MAX, 1, err) < 0)
			return -1;
		/* Its row is written at the end (store_jobs). */
		im->res->jobs_created++;
		idx = job_cache(im, im->max_job_before + im->res->jobs_created, client_id,
				r->title, JOB_OPEN, 1, INT64_MAX, INT64_MIN);
	}
	jobs_put(im, im->key.buf, im->key.len, idx);
	return idx;
}

/*
 * find_job, for a row that names its job as the row before did: the same
 * job, without looking it up.  (Nothing but a spill of the cache changes
 * what a name finds there.)
 */
static long
find_job_again(struct importer *im, const struct imp_row *r, struct fb_err *err)
{
	const char *client = r->client ? r->client : "", *title = r->title ? r->title : "";
	size_t nc = strlen(client), nt = strlen(title);
	long idx;

	if (im->last_job >= 0 && r->job == im->last_jobno &&
	    im->last_name.len == nc + nt + 2 && memcmp(im->last_name.buf, client, nc + 1) == 0 &&
	    memcmp(im->last_name.buf + nc + 1, title, nt + 1) == 0)
		return im->last_job;
	if ((idx = find_job(im, r, err)) < 0)
		return idx;
	im->last_job = idx;
	im->last_jobno = r->job;
	fb_buf_reset(&im->last_name);
	fb_buf_add(&im->last_name, client, nc + 1);
	fb_buf_add(&im->last_name, title, nt + 1);
	return idx;
}

/* Does x come before y: by start, stop, technician and row? */
static inline int
ikey_less(const struct ikey *x, const struct ikey *y)
{
	if (x->start != y->start)
		return x->start < y->start;
	if (x->stop != y->stop)
		return x->stop < y->stop;
	if (x->tech != y->tech)
		return x->tech < y->tech;
	return x->row < y->row;
}

/*
 * Sort the keys: a quicksort with the comparison inline, which took a
 * third of the time qsort did (a call per comparison) on a batch.  No
 * two keys are equal (their rows differ), so the order is the one qsort
 * gave.
 */
static void
ikey_sort(struct ikey *k, size_t n)
{
	struct ikey t, pivot;
	size_t i, j;

	while (n > 16) {
		/* The median of the first, middle and last keys. */
		struct ikey *a = &k[0], *b = &k[n / 2], *c = &k[n - 1], *m;

		if (ikey_less(a, b))
			m = ikey_less(b, c) ? b : ikey_less(a, c) ? c : a;
		else
			m = ikey_less(a, c) ? a : ikey_less(b, c) ? c : b;
		pivot = *m;
		i = 0;
		j = n - 1;
		for (;;) {
			while (ikey_less(&k[i], &pivot))
				i++;
			while (ikey_less(&pivot, &k[j]))
				j--;
			if (i >= j)
				break;
			t = k[i];
			k[i] = k[j];
			k[j] = t;
			i++;
			j--;
		}
		/* k[0..j] <= pivot <= k[j+1..n-1]: recurse into the smaller part. */
		if (j + 1 < n - j - 1) {
			ikey_sort(k, j + 1);
			k += j + 1;
			n -= j + 1;
		} else {
			ikey_sort(k + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	for (i = 1; i < n; i++) {
		t = k[i];
		for (j = i; j > 0 && ikey_less(&t, &k[j - 1]); j--)
			k[j] = k[j - 1];
		k[j] = t;
	}
}

/* Mark stored entry id (of this import) as overlapping another. */
static void
olap_set(struct importer *im, int64_t id)
{
	size_t bit = (size_t)(id - im->first_id);

	if (bit / 8 >= im->nolap) {
		fb_xgrow(&im->olap, &im->olapalloc, bit / 8 + 1, 1);
		memset(im->olap + im->nolap, 0, bit / 8 + 1 - im->nolap);
		im->nolap = bit / 8 + 1;
	}
	im->olap[bit / 8] |= (unsigned char)(1u << (bit % 8));
}

/*
 * The overlap sweep over one technician's entries in start order: an
 * entry shares time with one before it when it starts before the latest
 * end so far, and with one after it when the next entry starts before it
 * ends.  A row of the batch is marked in the row; an entry this import
 * stored in an earlier batch, in im->olap; other stored entries are not
 * marked.
 */
struct sweep {
	int64_t maxstop;	/* latest end so far */
	int64_t prevstop;	/* end of the entry before */
	struct irow *prev;	/* that entry when a row of the batch */
	int64_t prev_id;	/* that entry when stored by this import */
	int any;
};

static void
sweep_add(struct importer *im, struct sweep *sw, int64_t start, int64_t stop,
	  struct irow *r, int64_t id)
{
	if (sw->any) {
		if (start < sw->maxstop) {
			if (r)
				r->overlap = 1;
			else if (id)
				olap_set(im, id);
		}
		if (start < sw->prevstop) {
			if (sw->prev)
				sw->prev->overlap = 1;
			else if (sw->prev_id)
				olap_set(im, sw->prev_id);
		}
	}
	if (!sw->any || stop > sw->maxstop)
		sw->maxstop = stop;
	sw->prevstop = stop;
	sw->prev = r;
	sw->prev_id = id;
	sw->any = 1;
}

/* The entries of one start and stop met so far, to find repeats. */
struct same {
	int64_t start, stop;
	struct { int64_t tech, job, id; } *v;
	size_t n, alloc;
};

/*
 * An entry of this start and stop with this technician and job met
 * before (*id: the stored one's id, 0 for a row), or else 0 and it is
 * added.
 */
static int
same_seen(struct same *sm, int64_t start, int64_t stop, int64_t tech, int64_t job,
	  int64_t *id)
{
	if (sm->n > 0 && (sm->start != start || sm->stop != stop))
		sm->n = 0;
	sm->start = start;
	sm->stop = stop;
	for (size_t i = 0; i < sm->n; i++)
		if (sm->v[i].tech == tech && sm->v[i].job == job) {
			*id = sm->v[i].id;
			return 1;
		}
	fb_xgrow(&sm->v, &sm->alloc, sm->n + 1, sizeof(*sm->v));
	sm->v[sm->n].tech = tech;
	sm->v[sm->n].job = job;
	sm->v[sm->n].id = *id;
	sm->n++;
	return 0;
}

/*
 * Mark the batch's rows to skip and the overlapping ones.  The rows in
 * time order are merged with the stored entries that could repeat or
 * overlap one of them, also in time order, from one query: those of at
 * most 12 hours starting from 12 hours before the first row to the last
 * end, the longer ones before that end (see lib/timelog.c), and the
 * running ones, lasting until now.  A row is skipped when a stored entry
 * or an earlier row of the file has its technician, job, start and stop;
 * each technician's entries go through their own sweep.
 */
static int
check_batch(struct importer *im, struct fb_err *err)
{
	struct fb_stmt *st;
	struct sweep *sw;
	struct same sm;
	struct ikey *k;
	int64_t hi = INT64_MIN, maxid = 0;
	long *techidx;
	size_t i, n = im->nrow;
	int have;

	fb_xgrow(&im->k, &im->kalloc, n, sizeof(*im->k));
	k = im->k;
	for (i = 0; i < n; i++) {
		k[i].start = im->row[i].start;
		k[i].stop = im->row[i].stop;
		k[i].tech = im->row[i].tech;
		k[i].row = (uint32_t)i;
		if (k[i].stop > hi)
			hi = k[i].stop;
	}
	ikey_sort(k, n);
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
		"SELECT start, stop, tech_id, job_id, 0, id FROM entries INDEXED BY entries_start"
		" WHERE start >= ?1 - " FB_TIMELOG_SHORT " AND start < ?2"
		" AND stop IS NOT NULL AND stop - start <= " FB_TIMELOG_SHORT
		" UNION ALL SELECT start, stop, tech_id, job_id, 0, id FROM entries"
		" INDEXED BY entries_long WHERE stop - start > " FB_TIMELOG_SHORT " AND start < ?2"
		" UNION ALL SELECT start, max(?3, start + 1), tech_id, job_id, 1, id FROM entries"
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
		int64_t start, stop, tech, id;

		if (have == 1 && (i == n || fb_stmt_int(st, 0) < k[i].start ||
		    (fb_stmt_int(st, 0) == k[i].start && fb_stmt_int(st, 1) <= k[i].stop))) {
			/* A stored entry; only the technicians of the file matter. */
			start = fb_stmt_int(st, 0);
			stop = fb_stmt_int(st, 1);
			tech = fb_stmt_int(st, 2);
			id = fb_stmt_int(st, 5);
			if (tech > 0 && tech <= maxid && techidx[tech]) {
				int64_t same_id = id;

				if (!fb_stmt_int(st, 4))
					same_seen(&sm, start, stop, tech, fb_stmt_int(st, 3), &same_id);
				sweep_add(im, &sw[techidx[tech] - 1], start, stop, NULL,
					  im->first_id && id >= im->first_id ? id : 0);
			}
			have = fb_stmt_step(st, err);
			continue;
		}
		{
			struct irow *r = &im->row[k[i].row];

			id = 0;
			if (same_seen(&sm, r->start, r->stop, im->tech[r->tech], r->job, &id)) {
				r->skip = 1;
				r->match = id;
			} else {
				sweep_add(im, &sw[r->tech], r->start, r->stop, r, 0);
			}
		}
		i++;
	}
	if (st)
		fb_stmt_reset(st);
	free(sm.v);
	free(sw);
	free(techidx);
	return have < 0 ? -1 : 0;
}

/* Point the reader's place at the row, for an error about it. */
static void
at_row(struct importer *im, const struct irow *r)
{
	if (im->at_element) {
		im->rd->at.element = r->at;
		im->rd->at.line = 0;
	} else {
		im->rd->at.line = r->at;
	}
}

/*
 * A row repeating stored entry r->match, in an import of work billed
 * elsewhere: the entry is marked so, unless a fixbill invoice holds it.
 */
static int
mark_repeat(struct importer *im, const struct irow *r, struct fb_err *err)
{
	struct fb_stmt *st;
	char *inv = NULL;
	int64_t held = 0, marked = 0;
	int rc;

	st = fb_db_prepare(im->db, "SELECT e.invoice_id, e.billed_elsewhere,"
			   " coalesce(i.number, 'draft ' || i.id) FROM entries e"
			   " LEFT JOIN invoices i ON i.id = e.invoice_id WHERE e.id = ?1", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, r->match);
	if ((rc = fb_stmt_step(st, err)) == 1) {
		held = !fb_stmt_isnull(st, 0);
		marked = fb_stmt_int(st, 1);
		inv = fb_stmt_dup(st, 2);
	}
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	if (held) {
		at_row(im, r);
		fb_err_set(err, FB_ERR_REFUSED, "cannot record entry %lld as billed elsewhere:"
			   " it is on invoice '%s'", (long long)r->match, inv);
		fb_err_hint(err, "leave that work out of the file, or import without"
			    " --billed-elsewhere");
		free(inv);
		return -1;
	}
	free(inv);
	if (marked || !r->billable)
		return 0;
	return fb_db_exec(im->db, err, "UPDATE entries SET billed_elsewhere = 1 WHERE id = ?1",
			  "i", r->match);
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
		out->i = r->job;
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
	case 7:
		out->i = im->opts->billed_elsewhere && r->billable;
		break;
	default:
		out->type = FB_CELL_NULL;
		break;
	}
}

/* Note that a stored entry names job id. */
static void
jobref_set(struct importer *im, int64_t id)
{
	size_t w;

	if (im->jobref_off)
		return;
	if (id <= 0 || id > JOBREF_MAX) {
		im->jobref_off = 1;
		return;
	}
	w = (size_t)id / 64;
	if (w >= im->njobref) {
		fb_xgrow(&im->jobref, &im->jobrefalloc, w + 1, sizeof(*im->jobref));
		memset(im->jobref + im->njobref, 0, (w + 1 - im->njobref) * sizeof(*im->jobref));
		im->njobref = w + 1;
	}
	im->jobref[w] |= (uint64_t)1 << (id % 64);
}

/*
 * Does every reference this import wrote name a row that exists?  0 yes,
 * 1 perhaps not (the rows are then counted one by one), -1 error.  The
 * import runs without SQLite's check of each row (fb_db_begin_bulk),
 * which cost a third of a million-row import, and reading its rows back
 * to look up their job and technician cost a tenth of what was left.
 * Each row it stored named a job of jobref and a technician of im->tech,
 * the values it wrote: so every job of jobref is looked for in one walk
 * of the jobs table's ids over their span, every technician by its id,
 * and the client of every job it created.
 */
static int
refs_check(struct importer *im, struct fb_err *err)
{
	struct fb_stmt *st;
	int64_t lo = -1, hi = -1, n;
	size_t w;
	int have, bad = 0;

	if (im->jobref_off)
		return 1;
	for (size_t i = 0; i < im->ntech && !bad; i++) {
		have = fb_db_int(im->db, err, &n, "SELECT count(*) FROM techs WHERE id = ?1",
				 "i", im->tech[i]);
		if (have < 0)
			return -1;
		bad = n != 1;
	}
	for (w = 0; w < im->njobref; w++)
		if (im->jobref[w]) {
			if (lo < 0)
				lo = (int64_t)w * 64 + __builtin_ctzll(im->jobref[w]);
			hi = (int64_t)w * 64 + 63 - __builtin_clzll(im->jobref[w]);
		}
	if (!bad && lo >= 0) {
		/* The ids of jobs in [lo, hi], in order, against the bits. */
		if ((st = fb_db_prepare(im->db, "SELECT id FROM jobs WHERE id >= ?1 AND id <= ?2"
					" ORDER BY id", err)) == NULL)
			return -1;
		fb_stmt_bind_int(st, 1, lo);
		fb_stmt_bind_int(st, 2, hi);
		have = fb_stmt_step(st, err);
		for (int64_t id = lo; have >= 0 && id <= hi && !bad; id++) {
			if (!(im->jobref[id / 64] & ((uint64_t)1 << (id % 64)))) {
				if (im->jobref[id / 64] >> (id % 64) == 0)
					id |= 63;	/* none left in this word */
				continue;
			}
			while (have == 1 && fb_stmt_int(st, 0) < id)
				have = fb_stmt_step(st, err);
			bad = have != 1 || fb_stmt_int(st, 0) != id;
		}
		fb_stmt_reset(st);
		if (have < 0)
			return -1;
	}
	if (!bad) {
		if (fb_db_int(im->db, err, &n, "SELECT count(*) FROM jobs WHERE id > ?1"
			      " AND client_id NOT IN (SELECT id FROM clients)", "i",
			      im->max_job_before) < 0)
			return -1;
		bad = n > 0;
	}
	return bad;
}

/*
 * Check the batch and store what is new, in file order so entry ids
 * follow the file, in one statement (see fb_db_rows); refuse the first
 * row whose job is invoiced or cancelled.
 */
static int
flush_batch(struct importer *im, struct fb_err *err)
{
	struct fb_db_rows rows = { im->nrow, row_cell, row_keep, im };
	int64_t stored = 0, last;
	int rc;

	if (im->nrow == 0)
		return 0;
	if (check_batch(im, err) < 0)
		return -1;
	for (size_t i = 0; i < im->nrow; i++) {
		struct irow *r = &im->row[i];

		if (r->skip) {
			im->res->skipped++;
			if (r->match && im->opts->billed_elsewhere && mark_repeat(im, r, err) < 0)
				return -1;
			continue;
		}
		if (r->closed) {
			at_row(im, r);
			fb_err_set(err, FB_ERR_REFUSED, "cannot log time on job '%lld':"
				   " it is %s", (long long)r->job,
				   r->closed == JOB_INVOICED ? "invoiced" : "cancelled");
			fb_err_hint(err, "a job that is %s takes no more work",
				    r->closed == JOB_INVOICED ? "invoiced" : "cancelled");
			return -1;
		}
		stored++;
	}
	if (stored > 0) {
		if (fb_db_rows_begin(im->db, &rows, err) < 0)
			return -1;
		/* OR FAIL: no statement journal; a failure rolls the import back. */
		rc = fb_db_exec(im->db, err, "INSERT OR FAIL INTO entries (job_id, tech_id, start,"
				" stop, billable, nocharge, note, billed_elsewhere, created)"
				" SELECT c0, c1, c2, c3, c4, c5, c6, c7, ?1 FROM fb_rows", "i", im->now);
		fb_db_rows_end(im->db);
		if (rc < 0)
			return -1;
		/* One statement under the write lock: its ids are consecutive. */
		last = fb_db_last_id(im->db);
		if (im->first_id == 0)
			im->first_id = last - stored + 1;
		for (size_t i = 0, k = 0; i < im->nrow; i++) {
			if (im->row[i].skip)
				continue;
			jobref_set(im, im->row[i].job);
			if (im->row[i].overlap)
				olap_set(im, last - stored + 1 + (int64_t)k);
			k++;
		}
		im->res->imported += stored;
	}
	im->nrow = 0;
	fb_buf_reset(&im->notes);
	return 0;
}

/* The reader's row callback: find what the row names and hold it in the batch. */
static int
import_row(void *arg, const struct imp_row *r, struct fb_err *err)
{
	struct importer *im = arg;
	struct imp_reader *rd = im->rd;
	const char *note = r->note && *r->note ? r->note : NULL;
	long at = rd->at.element > 0 ? rd->at.element : rd->at.line;
	size_t notelen = note ? strlen(note) + 1 : 0;
	struct jobinfo *j;
	struct irow *w;
	long ti, ji;

	progress(im);
	if (r->stop <= r->start) {
		char *a = fb_when_short(r->start), *b = fb_when_short(r->stop);

		fb_err_set(err, FB_ERR_USAGE, "end %s is not after start %s", b, a);
		free(a);
		free(b);
		return -1;
	}
	if (r->stop - r->start > FB_DURATION_MAX)
		return fb_err_set(err, FB_ERR_USAGE, "invalid time span: longer than 10000 hours");
	/* Nothing is logged ahead of time (SPEC section 10), imported or not. */
	if (fb_when_check_past(r->stop, im->now, err) < 0)
		return -1;
	if (fb_timelog_check_note(note, err) < 0)
		return -1;
	if ((im->njob + 2 > JOBS_MAX || im->pooln + JOBS_ROOM > JOBS_POOL) &&
	    jobs_spill(im, 0, err) < 0)
		return -1;
	if ((ti = find_tech(im, r->tech && *r->tech ? r->tech : NULL, err)) < 0 ||
	    (ji = find_job_again(im, r, err)) < 0)
		return -1;
	if (at < 0 || (uint64_t)at >= UINT32_MAX)
		return fb_err_set(err, FB_ERR_USAGE, "too large to import at once: split the file");
	if (im->nrow == BATCH_ROWS || im->notes.len + notelen > BATCH_NOTES) {
		struct imp_where here = rd->at;

		if (flush_batch(im, err) < 0)
			return -1;
		rd->at = here;
	}
	fb_xgrow(&im->row, &im->rowalloc, im->nrow + 1, sizeof(*im->row));
	w = &im->row[im->nrow++];
	memset(w, 0, sizeof(*w));
	j = &im->job[ji];
	w->start = r->start;
	w->stop = r->stop;
	w->job = j->id;
	w->tech = (uint32_t)ti;
	w->at = (uint32_t)at;
	w->billable = r->billable != 0;
	w->nocharge = r->nocharge != 0;
	if (j->status == JOB_INVOICED || j->status == JOB_CANCELLED)
		w->closed = (uint8_t)j->status;
	if (note) {
		w->note = (uint32_t)im->notes.len + 1;
		fb_buf_add(&im->notes, note, notelen);
	}
	if (r->start < j->first)
		j->first = r->start;
	if (r->stop > j->last)
		j->last = r->stop;
	im->at_element = rd->at.element > 0;
	return 0;
}

/*
 * Store the jobs this import created: opened at their first entry,
 * resolved at the last one's end (open when that is still to come), and
 * invoiced when their work was billed elsewhere.  Their numbers were
 * handed out as rows named them (the transaction holds the write lock,
 * so nobody else takes one) and foreign keys wait for the commit.
 * Touching the full-text index early would make every later statement
 * of the transaction pay for its savepoints, so the jobs go in last, in
 * one INSERT ... SELECT.
 */
static int
store_jobs(struct importer *im, struct fb_err *err)
{
	if (jobs_spill(im, 1, err) < 0)
		return -1;
	return fb_db_exec(im->db, err,
			  "INSERT INTO jobs (id, client_id, title, status, opened, resolved)"
			  " SELECT id, client_id, title,"
			  " CASE WHEN last > ?1 THEN 'open' WHEN ?2 THEN 'invoiced' ELSE 'resolved' END,"
			  " CASE WHEN first = ?3 THEN ?1 ELSE first END,"
			  " CASE WHEN first = ?3 THEN ?1 WHEN last > ?1 THEN NULL ELSE last END"
			  " FROM temp.import_jobs ORDER BY id",
			  "iii", im->now, (int64_t)im->opts->billed_elsewhere, INT64_MAX);
}

static void
importer_release(struct importer *im)
{
	map_release(&im->clients);
	map_release(&im->techs);
	pool_reset(im);
	free(im->big);
	free(im->bloom);
	free(im->jslot);
	free(im->job);
	free(im->pool);
	free(im->tech);
	free(im->row);
	free(im->k);
	free(im->olap);
	free(im->jobref);
	fb_buf_release(&im->key);
	fb_buf_release(&im->last_name);
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

static int64_t
popcount(const unsigned char *v, size_t n)
{
	int64_t c = 0;

	for (size_t i = 0; i < n; i++)
		for (unsigned b = v[i]; b; b &= b - 1)
			c++;
	return c;
}

int
fb_import(struct fb_db *db, FILE *fp, const struct fb_import_opts *opts,
	  struct fb_import_result *res, struct fb_err *err)
{
	struct importer *im;
	struct imp_reader *rd;
	char pre[8192];
	size_t n;
	int64_t techs_before = 0, entries_before = 0, dangling = 0, since;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	n = fread(pre, 1, sizeof(pre), fp);
	if (ferror(fp))
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot read '%s': %s", opts->name,
				  strerror(errno));
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
	rd = fb_xcalloc(1, sizeof(*rd));
	imp_reader_init(rd, fp, pre, n, opts->now);
	rd->toggl_users = opts->tech == NULL;
	rd->row = import_row;
	rd->arg = im;
	im->db = db;
	im->opts = opts;
	im->res = res;
	im->rd = rd;
	im->now = opts->now;
	im->default_tech = -1;
	im->last_job = -1;
	im->jslot = fb_xcalloc(JOBS_SLOTS, sizeof(*im->jslot));
	im->job = fb_xmalloc(JOBS_MAX * sizeof(*im->job));
	im->pool = fb_xmalloc(JOBS_POOL);
	/* The temporary tables' pages stay in memory up to 8 MiB (2 by default). */
	since = fb_db_total_changes(db);
	if (fb_db_script(db, "PRAGMA defer_foreign_keys = ON; PRAGMA temp.cache_size = -8192;"
			 " CREATE TEMP TABLE IF NOT EXISTS import_jobs (id INTEGER PRIMARY KEY,"
			 "  client_id INTEGER, title TEXT, first INTEGER, last INTEGER);"
			 " CREATE TEMP TABLE IF NOT EXISTS import_keys (key TEXT PRIMARY KEY,"
			 "  job INTEGER) WITHOUT ROWID;"
			 " CREATE TEMP TABLE IF NOT EXISTS import_titles (client_id INTEGER,"
			 "  title TEXT, id INTEGER, PRIMARY KEY (client_id, title)) WITHOUT ROWID;"
			 " DELETE FROM temp.import_jobs; DELETE FROM temp.import_keys;"
			 " DELETE FROM temp.import_titles", err) < 0)
		goto out;
	fb_db_scratch_changes(db, since);
	if (fb_db_int(db, err, &techs_before, "SELECT count(*) FROM techs", "") < 0)
		goto out;
	if (fb_db_int(db, err, &im->max_job_before, "SELECT coalesce(max(id), 0) FROM jobs", "") < 0 ||
	    fb_db_int(db, err, &entries_before, "SELECT coalesce(max(id), 0) FROM entries", "") < 0)
		goto out;
	switch (res->format) {
	case FB_IMPORT_CSV:
		rc = imp_read_csv(rd, 0, err);
		break;
	case FB_IMPORT_TOGGL:
		rc = imp_read_csv(rd, 1, err);
		break;
	case FB_IMPORT_TIMECLOCK:
		rc = imp_read_timeclock(rd, err);
		break;
	case FB_IMPORT_TIMEWARRIOR:
		rc = imp_read_json(rd, 0, err);
		break;
	case FB_IMPORT_WATSON:
		rc = imp_read_json(rd, 1, err);
		break;
	default:
		rc = fb_err_set(err, FB_ERR_USAGE, "unknown format");
		break;
	}
	if (rc == 0)
		rc = flush_batch(im, err);
	if (rc < 0) {
		locate(opts, &rd->at, err);
		goto out;
	}
	res->running = rd->running;
	res->first_running = rd->first_running;
	res->overlaps = popcount(im->olap, im->nolap);
	if (opts->progress)
		opts->progress(opts->progress_arg, rd->src.bytes);
	rc = store_jobs(im, err);
	if (rc == 0 && fb_db_int(db, err, &res->techs_created, "SELECT count(*) - ?1 FROM techs",
				 "i", techs_before) < 0)
		rc = -1;
	/*
	 * Every reference written, checked once (refs_check); only when one
	 * is missing are the rows that name it counted, for the message.  Ids
	 * only grow, so what this import wrote is what lies above the ids it
	 * found.
	 */
	if (rc == 0 && (dangling = refs_check(im, err)) < 0)
		rc = -1;
	if (rc == 0 && dangling > 0 && fb_db_int(db, err, &dangling,
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
	if (rc == 0 && fb_db_exec(db, err, "INSERT INTO entry_fts(rowid, note)"
				  " SELECT id, note FROM entries"
				  " WHERE id > ?1 AND note IS NOT NULL", "i", entries_before) < 0)
		rc = -1;
	if (rc == 0)
		rc = fb_db_script(db, "DROP TABLE temp.import_jobs; DROP TABLE temp.import_keys;"
				  " DROP TABLE temp.import_titles", err);
out:
	imp_reader_release(rd);
	importer_release(im);
	free(rd);
	free(im);
	return rc;
}
