/*
 * history.c - the log of changes: recording what each command changed
 * (lib/db records the rows), reading it back by kind and id, and
 * undoing a change.
 *
 * A change is stored as SQLite's changeset of the command, so undoing
 * it is applying that changeset backwards.  Exactly so: the rows the
 * full-text indexes keep for themselves are recorded and put back too,
 * as are the AUTOINCREMENT counters a command moved, so that the
 * database after an undo is the database before the command.  What
 * undo may not do is decided from the changeset when the command is
 * logged: anything that issued, voided or paid, or added to the
 * tamper-evident chain, stays.
 */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"

/* An AUTOINCREMENT counter (sqlite_sequence). */
struct counter {
	char *name;
	int64_t seq;
};

struct fb_history {
	enum fb_history_mode mode;
	int64_t changes_before;	/* fb_db_total_changes at the start */
	struct counter *counters;
	size_t ncounters;
};

/* What the log calls the rows of each table (another table: its name). */
static const struct {
	const char *table, *kind;
} kinds[] = {
	{ "clients", "client" },
	{ "techs", "tech" },
	{ "tech_tiers", "tier" },
	{ "rates", "rate" },
	{ "jobs", "job" },
	{ "job_episodes", "episode" },
	{ "entries", "entry" },
	{ "charges", "charge" },
	{ "invoices", "invoice" },
	{ "invoice_lines", "invoice_line" },
	{ "invoice_work", "invoice_work" },
	{ "invoice_extras", "invoice_extra" },
	{ "invoice_jobs", "invoice_job" },
	{ "invoice_taxes", "invoice_tax" },
	{ "invoice_released", "invoice_release" },
	{ "payments", "payment" },
	{ "series", "series" },
	{ "config", "setting" },
	{ "client_config", "client_setting" },
	{ "tax_codes", "tax" },
	{ "tax_components", "tax_component" },
	{ "chain", "chain" },
	{ "blocks", "block" },
	{ "block_draws", "block_draw" },
	{ "block_sales", "block_sale" },
	{ "plans", "plan" },
	{ "plan_periods", "plan_period" },
};

static const char *
kind_of(const char *table)
{
	for (size_t i = 0; i < FB_ARRAY_SIZE(kinds); i++)
		if (strcmp(kinds[i].table, table) == 0)
			return kinds[i].kind;
	return table;
}

static void
counters_free(struct counter *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static int
read_counters(struct fb_db *db, struct counter **out, size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = fb_db_prepare(db, "SELECT name, seq FROM sqlite_sequence ORDER BY name",
				err)) == NULL)
		return -1;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(out, &alloc, *n + 1, sizeof(**out));
		(*out)[*n].name = fb_stmt_dup(st, 0);
		(*out)[*n].seq = fb_stmt_int(st, 1);
		(*n)++;
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		counters_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int
fb_history_start(struct fb_db *db, enum fb_history_mode mode, struct fb_history **h,
		 struct fb_err *err)
{
	struct fb_history *r = fb_xcalloc(1, sizeof(*r));

	*h = NULL;
	r->mode = mode;
	r->changes_before = fb_db_total_changes(db);
	if (read_counters(db, &r->counters, &r->ncounters, err) < 0 ||
	    (mode == FB_HISTORY_ROWS && fb_db_record_start(db, err) < 0)) {
		counters_free(r->counters, r->ncounters);
		free(r);
		return -1;
	}
	*h = r;
	return 0;
}

int
fb_history_changed(struct fb_db *db, const struct fb_history *h)
{
	return fb_db_total_changes(db) != h->changes_before;
}

void
fb_history_cancel(struct fb_db *db, struct fb_history *h)
{
	if (h == NULL)
		return;
	fb_db_record_cancel(db);
	counters_free(h->counters, h->ncounters);
	free(h);
}

/* What a change did that may not be undone, from its rows. */
struct judge {
	struct fb_db *db;
	char *voided, *issued;	/* invoice numbers */
	char *money;		/* what a record of money did: "recorded a payment on ..." */
	char *closed;		/* what a closing of the books did */
	int chained, numbered;
};

/* The number of invoice id (its id while a draft).  Caller frees. */
static char *
invoice_number(struct fb_db *db, const char *id)
{
	char *num = NULL;

	if (fb_db_text(db, NULL, &num, "SELECT coalesce(number, 'draft ' || id)"
		       " FROM invoices WHERE id = ?1", "t", id) <= 0)
		return fb_xasprintf("%s", id ? id : "?");
	return num;
}

/* A record of money (SPEC section 10): a payment, credit, refund or reversal. */
static char *
money_record(const struct judge *j, const struct fb_db_change *c)
{
	char *kind = NULL, *inv = NULL, *rev = NULL, *num = NULL, *s;

	fb_db_change_value(c, "kind", 1, &kind);
	fb_db_change_value(c, "invoice_id", 1, &inv);
	fb_db_change_value(c, "reverses", 1, &rev);
	if (inv)
		num = invoice_number(j->db, inv);
	if (kind && strcmp(kind, "credit") == 0)
		s = fb_xasprintf("it applied credit to invoice %s", num ? num : "?");
	else if (kind && strcmp(kind, "refund") == 0)
		s = fb_xstrdup("it refunded a client's credit");
	else if (kind && strcmp(kind, "reversal") == 0)
		s = fb_xasprintf("it voided payment %s", rev ? rev : "?");
	else if (num)
		s = fb_xasprintf("it recorded a payment on invoice %s", num);
	else
		s = fb_xstrdup("it recorded a payment");
	free(kind);
	free(inv);
	free(rev);
	free(num);
	return s;
}

static int
judge_row(const struct fb_db_change *c, void *arg)
{
	struct judge *j = arg;
	const char *table = fb_db_change_table(c);
	enum fb_db_op op = fb_db_change_op(c);

	if (strcmp(table, "chain") == 0)
		j->chained = 1;
	else if (strcmp(table, "series") == 0)
		j->numbered = 1;
	else if (strcmp(table, "payments") == 0) {
		if (j->money == NULL)
			j->money = op == FB_DB_INSERT ? money_record(j, c) :
				   fb_xstrdup("it changed a record of money");
	} else if (strcmp(table, "closings") == 0) {
		char *action = NULL, *through = NULL;

		fb_db_change_value(c, "action", 1, &action);
		fb_db_change_value(c, "through", 1, &through);
		free(j->closed);
		if (action && strcmp(action, "close") == 0)
			j->closed = fb_xasprintf("it closed the books through %s",
						 through ? through : "?");
		else
			j->closed = fb_xstrdup("it reopened closed books");
		free(action);
		free(through);
	} else if (strcmp(table, "invoices") == 0 && op != FB_DB_DELETE) {
		char *before = NULL, *after = NULL, *key;
		int64_t id;
		int is_int;

		key = fb_db_change_key(c, &id, &is_int);
		if (!fb_db_change_value(c, "status", 1, &after) &&
		    fb_db_text(j->db, NULL, &after, "SELECT status FROM invoices WHERE id = ?1",
			       "t", key) < 0)
			after = NULL;
		if (op == FB_DB_UPDATE && !fb_db_change_value(c, "status", 0, &before))
			before = after ? fb_xstrdup(after) : NULL;
		if (after && strcmp(after, "void") == 0 &&
		    (before == NULL || strcmp(before, "void") != 0)) {
			if (j->voided == NULL)
				j->voided = invoice_number(j->db, key);
		} else if (after && (strcmp(after, "issued") == 0 || strcmp(after, "paid") == 0) &&
			   (before == NULL || strcmp(before, "draft") == 0)) {
			if (j->issued == NULL)
				j->issued = invoice_number(j->db, key);
		}
		free(before);
		free(after);
		free(key);
	}
	return 0;
}

/* Why the change cannot be undone, or NULL. */
static char *
judge(struct fb_db *db, const void *changes, size_t len, struct fb_err *err)
{
	struct judge j;
	char *why = NULL;

	memset(&j, 0, sizeof(j));
	j.db = db;
	if (fb_db_changes_each(db, changes, len, judge_row, &j, err) < 0)
		why = fb_xstrdup("its changes cannot be read");
	else if (j.voided)
		why = fb_xasprintf("it voided invoice %s", j.voided);
	else if (j.issued)
		why = fb_xasprintf("it issued invoice %s", j.issued);
	else if (j.money)
		why = fb_xstrdup(j.money);
	else if (j.closed)
		why = fb_xstrdup(j.closed);
	else if (j.chained)
		why = fb_xstrdup("it added to the tamper-evident chain");
	else if (j.numbered)
		why = fb_xstrdup("it numbered an invoice");
	free(j.voided);
	free(j.issued);
	free(j.money);
	free(j.closed);
	return why;
}

/* "name before after" lines for the counters that moved; NULL when none did. */
static char *
moved_counters(const struct fb_history *h, const struct counter *after, size_t nafter)
{
	struct fb_buf b = FB_BUF_INIT;

	for (size_t i = 0; i < nafter; i++) {
		int64_t before = -1;

		for (size_t k = 0; k < h->ncounters; k++)
			if (strcmp(h->counters[k].name, after[i].name) == 0)
				before = h->counters[k].seq;
		if (before != after[i].seq)
			fb_buf_addf(&b, "%s %lld %lld\n", after[i].name, (long long)before,
				    (long long)after[i].seq);
	}
	if (b.len == 0) {
		fb_buf_release(&b);
		return NULL;
	}
	return fb_buf_detach(&b);
}

int
fb_history_finish(struct fb_db *db, struct fb_history *h, const struct fb_history_cmd *c,
		  int64_t *id, struct fb_err *err)
{
	void *changes = NULL;
	size_t len = 0, nafter = 0;
	char *unrecorded = NULL, *refused = NULL, *moved = NULL;
	struct counter *after = NULL;
	struct fb_stmt *st;
	int changed, rc = -1;

	if (id)
		*id = 0;
	if (h->mode == FB_HISTORY_ROWS) {
		if (fb_db_record_stop(db, &changes, &len, &unrecorded, err) < 0)
			goto out;
		changed = len > 0 || unrecorded != NULL;
	} else
		changed = fb_db_total_changes(db) != h->changes_before;
	if (!changed) {
		rc = 0;
		goto out;
	}
	if (c->refused)
		refused = fb_xstrdup(c->refused);
	else if (unrecorded)
		refused = fb_xasprintf("it changed table '%s', which cannot be recorded row by row",
				       unrecorded);
	else if (h->mode != FB_HISTORY_ROWS)
		refused = fb_xstrdup("its changes were not recorded row by row");
	else
		refused = judge(db, changes, len, err);
	if (read_counters(db, &after, &nafter, err) < 0)
		goto out;
	moved = moved_counters(h, after, nafter);
	st = fb_db_prepare(db, "INSERT INTO log (at, who, command, changes, refused, undo_of,"
			   " sequences) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);
	if (st == NULL)
		goto out;
	fb_stmt_bind_int(st, 1, c->at);
	fb_stmt_bind_text(st, 2, c->who);
	fb_stmt_bind_text(st, 3, c->command);
	if (changes)
		fb_stmt_bind_blob(st, 4, changes, len);
	else
		fb_stmt_bind_null(st, 4);
	fb_stmt_bind_text(st, 5, refused);
	fb_stmt_bind_opt(st, 6, c->undo_of, c->undo_of == 0);
	fb_stmt_bind_text(st, 7, moved);
	rc = fb_stmt_step(st, err) < 0 ? -1 : 0;
	fb_stmt_reset(st);
	if (rc == 0 && id)
		*id = fb_db_last_id(db);
out:
	free(changes);
	free(unrecorded);
	free(refused);
	free(moved);
	counters_free(after, nafter);
	fb_history_cancel(db, h);
	return rc;
}

void
fb_history_entry_release(struct fb_history_entry *e)
{
	free(e->who);
	free(e->command);
	free(e->refused);
	for (size_t i = 0; i < e->nrecords; i++) {
		free(e->records[i].kind);
		free(e->records[i].key);
	}
	free(e->records);
	memset(e, 0, sizeof(*e));
}

void
fb_history_list_free(struct fb_history_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fb_history_entry_release(&v[i]);
	free(v);
}

int
fb_history_undoable(const struct fb_history_entry *e)
{
	return e->refused == NULL && e->undo_of == 0 && e->recorded;
}

struct collect {
	struct fb_history_entry *e;
	size_t alloc;
};

static int
collect_row(const struct fb_db_change *c, void *arg)
{
	struct collect *k = arg;
	struct fb_history_record *r;

	if (fb_db_change_derived(c))
		return 0;
	fb_xgrow(&k->e->records, &k->alloc, k->e->nrecords + 1, sizeof(*k->e->records));
	r = &k->e->records[k->e->nrecords++];
	r->kind = fb_xstrdup(kind_of(fb_db_change_table(c)));
	r->key = fb_db_change_key(c, &r->id, &r->is_int);
	r->action = fb_db_change_op(c);
	return 0;
}

static int
record_cmp(const void *a, const void *b)
{
	const struct fb_history_record *x = a, *y = b;
	int d;

	if (x->action != y->action)
		return x->action < y->action ? -1 : 1;
	if ((d = strcmp(x->kind, y->kind)) != 0)
		return d;
	if (x->is_int && y->is_int)
		return x->id < y->id ? -1 : x->id > y->id;
	return strcmp(x->key, y->key);
}

#define LOG_COLUMNS \
	"SELECT l.id, l.at, l.who, l.command, l.changes, l.refused, l.undo_of," \
	" (SELECT u.id FROM log u WHERE u.undo_of = l.id) FROM log l"

static int
entry_from_row(struct fb_db *db, struct fb_stmt *st, struct fb_history_entry *e,
	       struct fb_err *err)
{
	struct collect k = { e, 0 };
	const void *changes;
	size_t len;

	memset(e, 0, sizeof(*e));
	e->id = fb_stmt_int(st, 0);
	e->at = fb_stmt_int(st, 1);
	e->who = fb_stmt_dup(st, 2);
	e->command = fb_stmt_dup(st, 3);
	e->refused = fb_stmt_dup(st, 5);
	e->undo_of = fb_stmt_isnull(st, 6) ? 0 : fb_stmt_int(st, 6);
	e->undone_by = fb_stmt_isnull(st, 7) ? 0 : fb_stmt_int(st, 7);
	changes = fb_stmt_blob(st, 4, &len);
	if (changes == NULL)
		return 0;
	e->recorded = 1;
	if (fb_db_changes_each(db, changes, len, collect_row, &k, err) < 0)
		return -1;
	if (e->nrecords > 1)
		qsort(e->records, e->nrecords, sizeof(*e->records), record_cmp);
	return 0;
}

int
fb_history_list(struct fb_db *db, int64_t limit, struct fb_history_entry **out, size_t *n,
		struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = fb_db_prepare(db, LOG_COLUMNS " ORDER BY l.id DESC LIMIT ?1", err)) == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, limit > 0 ? limit : -1);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(out, &alloc, *n + 1, sizeof(**out));
		if (entry_from_row(db, st, &(*out)[(*n)++], err) < 0) {
			rc = -1;
			break;
		}
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		fb_history_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* Change id into e: 1 found, 0 not, -1 error. */
static int
get_entry(struct fb_db *db, int64_t id, struct fb_history_entry *e, struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	if ((st = fb_db_prepare(db, LOG_COLUMNS " WHERE l.id = ?1", err)) == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	rc = fb_stmt_step(st, err);
	if (rc == 1 && entry_from_row(db, st, e, err) < 0)
		rc = -1;
	fb_stmt_reset(st);
	return rc;
}

/*
 * The rows of a change as sorted "table<US>key" strings: those of the
 * records, and those the full-text indexes keep.
 */
struct keyset {
	char **v;
	size_t n, alloc;
};

struct keysets {
	struct keyset base, derived;
};

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
row_name(const struct fb_db_change *c)
{
	int64_t id;
	int is_int;
	char *key = fb_db_change_key(c, &id, &is_int);
	char *s = fb_xasprintf("%s\037%s", fb_db_change_table(c), key);

	free(key);
	return s;
}

static int
keys_row(const struct fb_db_change *c, void *arg)
{
	struct keysets *k = arg;
	struct keyset *s = fb_db_change_derived(c) ? &k->derived : &k->base;

	fb_xgrow(&s->v, &s->alloc, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = row_name(c);
	return 0;
}

static void
keyset_release(struct keyset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int
keyset_has(const struct keyset *s, const char *name)
{
	return s->n && bsearch(&name, s->v, s->n, sizeof(*s->v), str_cmp) != NULL;
}

/* A later change seen against the keys of the one to undo. */
struct later {
	const struct keysets *keys;
	char *clash;		/* "entry 3": a record both changed */
	int derived;		/* both changed a row of a full-text index */
};

static int
later_row(const struct fb_db_change *c, void *arg)
{
	struct later *l = arg;
	char *name = row_name(c);

	if (fb_db_change_derived(c)) {
		if (keyset_has(&l->keys->derived, name))
			l->derived = 1;
	} else if (keyset_has(&l->keys->base, name)) {
		int64_t id;
		int is_int;
		char *key = fb_db_change_key(c, &id, &is_int);

		l->clash = fb_xasprintf("%s %s", kind_of(fb_db_change_table(c)), key);
		free(key);
	}
	free(name);
	return l->clash != NULL;
}

/*
 * After undoing changes that created a tax code, a setting that names a
 * code no longer there, as "'tax.default'" or "'tax.labor' of client
 * 'acme'", and the code: 1 when one does, 0 when none does.  A
 * setting refers to its code by name, not by a key SQLite enforces, so
 * an undone `tax add` is checked for it here.
 */
static int
created_code(const struct fb_db_change *c, void *arg)
{
	(void)arg;
	return strcmp(fb_db_change_table(c), "tax_codes") == 0 &&
	       fb_db_change_op(c) == FB_DB_INSERT;
}

static int
dangling_setting(struct fb_db *db, const void *changes, size_t len, char **what,
		 char **code, struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	*what = *code = NULL;
	/* Only a change that created a code takes one away when undone. */
	if ((rc = fb_db_changes_each(db, changes, len, created_code, NULL, err)) <= 0)
		return rc;
	st = fb_db_prepare(db, "SELECT quote(key), value FROM config"
			   " WHERE key IN ('tax.labor', 'tax.parts', 'tax.other', 'tax.default')"
			   " AND NOT EXISTS (SELECT 1 FROM tax_codes t WHERE t.code = config.value)"
			   " UNION ALL"
			   " SELECT quote(k.key) || ' of client ' || quote(c.code), k.value"
			   " FROM client_config k JOIN clients c ON c.id = k.client_id"
			   " WHERE k.key IN ('tax.labor', 'tax.parts', 'tax.other', 'tax.default')"
			   " AND NOT EXISTS (SELECT 1 FROM tax_codes t WHERE t.code = k.value)"
			   " LIMIT 1", err);
	if (st == NULL)
		return -1;
	if ((rc = fb_stmt_step(st, err)) == 1) {
		*what = fb_stmt_dup(st, 0);
		*code = fb_stmt_dup(st, 1);
	}
	fb_stmt_reset(st);
	return rc;
}

/* The command of a change, for messages: "change 12 ('fixbill time add ...')". */
static char *
change_name(const struct fb_history_entry *e)
{
	return fb_xasprintf("change %lld ('%s')", (long long)e->id, e->command);
}

/*
 * Does a later change still in effect depend on e?  0 when none does
 * (*derived: one rewrote the same rows of a full-text index, or one was
 * not recorded row by row), -1 with the refusal in err.
 */
static int
check_later(struct fb_db *db, const struct fb_history_entry *e, const void *changes,
	    size_t len, int *derived, struct fb_err *err)
{
	struct keysets keys;
	struct fb_stmt *st;
	int rc, ret = 0;

	*derived = 0;
	memset(&keys, 0, sizeof(keys));
	if (fb_db_changes_each(db, changes, len, keys_row, &keys, err) < 0)
		return -1;
	if (keys.base.n > 1)
		qsort(keys.base.v, keys.base.n, sizeof(*keys.base.v), str_cmp);
	if (keys.derived.n > 1)
		qsort(keys.derived.v, keys.derived.n, sizeof(*keys.derived.v), str_cmp);
	/*
	 * A later change undone since, and the undo of it, together changed
	 * nothing; an undo of an earlier change counts like any change.
	 */
	st = fb_db_prepare(db, "SELECT l.id, l.command, l.changes FROM log l WHERE l.id > ?1"
			   " AND coalesce(l.undo_of, 0) < ?1"
			   " AND NOT EXISTS (SELECT 1 FROM log u WHERE u.undo_of = l.id)"
			   " ORDER BY l.id", err);
	if (st == NULL) {
		ret = -1;
		goto out;
	}
	fb_stmt_bind_int(st, 1, e->id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct later l = { &keys, NULL, 0 };
		size_t llen;
		const void *lch = fb_stmt_blob(st, 2, &llen);

		if (lch == NULL) {
			*derived = 1;
			continue;
		}
		if (fb_db_changes_each(db, lch, llen, later_row, &l, err) < 0) {
			rc = -1;
			break;
		}
		if (l.derived)
			*derived = 1;
		if (l.clash) {
			char *name = change_name(e);

			fb_err_set(err, FB_ERR_REFUSED,
				   "cannot undo %s: change %lld ('%s') later changed %s",
				   name, (long long)fb_stmt_int(st, 0), fb_stmt_text(st, 1), l.clash);
			fb_err_hint(err, "undo change %lld first", (long long)fb_stmt_int(st, 0));
			free(name);
			free(l.clash);
			rc = -1;
			break;
		}
	}
	fb_stmt_reset(st);
	if (rc < 0)
		ret = -1;
out:
	keyset_release(&keys.base);
	keyset_release(&keys.derived);
	return ret;
}

/*
 * After an undo that left the full-text indexes' own rows alone, the
 * texts lib indexes itself are indexed again from what the rows hold now
 * (the triggers of jobs did theirs).  Entry notes are forgotten by the
 * note indexed, so those of the entries the undo changes are read first.
 */
struct resync {
	struct fb_db *db;
	struct fb_err *err;
	int64_t *entries;	/* ids of the entries changed */
	size_t n, alloc;
	char **notes;		/* their notes before the undo */
};

static int
resync_entry(const struct fb_db_change *c, void *arg)
{
	struct resync *r = arg;
	int64_t id;
	int is_int;
	char *key = fb_db_change_key(c, &id, &is_int);

	if (is_int && strcmp(fb_db_change_table(c), "entries") == 0) {
		fb_xgrow(&r->entries, &r->alloc, r->n + 1, sizeof(*r->entries));
		r->entries[r->n++] = id;
	}
	free(key);
	return 0;
}

static int
resync_row(const struct fb_db_change *c, void *arg)
{
	struct resync *r = arg;
	int64_t id;
	int is_int;
	char *key = fb_db_change_key(c, &id, &is_int);
	int rc = 0;

	if (is_int && !fb_db_change_derived(c))
		rc = fb_job_text_sync(r->db, fb_db_change_table(c), id, r->err);
	free(key);
	return rc < 0 ? -1 : 0;
}

static int
resync_notes(struct resync *r)
{
	char **now;
	int rc;

	if (fb_job_notes_get(r->db, r->entries, r->n, &now, r->err) < 0)
		return -1;
	rc = 0;
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		const char *a = r->notes[i], *b = now[i];

		if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
			rc = fb_job_note_set(r->db, r->entries[i], a, b, r->err);
	}
	for (size_t i = 0; i < r->n; i++)
		free(now[i]);
	free(now);
	return rc;
}

static void
resync_release(struct resync *r)
{
	for (size_t i = 0; r->notes && i < r->n; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r->entries);
}

/* Put back the AUTOINCREMENT counters the change moved, unless a later one moved them on. */
static int
restore_counters(struct fb_db *db, const char *moved, struct fb_err *err)
{
	const char *p = moved;

	while (p && *p) {
		char name[128];
		long long before, after;
		int64_t now;
		int used = 0;

		if (sscanf(p, "%127s %lld %lld%n", name, &before, &after, &used) != 3)
			break;
		p += used;
		while (*p == '\n')
			p++;
		if (fb_db_int(db, err, &now, "SELECT seq FROM sqlite_sequence WHERE name = ?1",
			      "t", name) < 0)
			return -1;
		if (now != after)
			continue;
		if ((before < 0 ?
		     fb_db_exec(db, err, "DELETE FROM sqlite_sequence WHERE name = ?1", "t", name) :
		     fb_db_exec(db, err, "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1",
				"ti", name, (int64_t)before)) < 0)
			return -1;
	}
	return 0;
}

int
fb_history_undo(struct fb_db *db, int64_t id, struct fb_history_entry *undone,
		struct fb_err *err)
{
	struct fb_db_conflict conflict;
	struct fb_stmt *st;
	const void *changes = NULL;
	void *copy = NULL;
	size_t len = 0;
	char *moved = NULL, *name = NULL, *what, *code;
	struct resync sync = { db, err, NULL, 0, 0, NULL };
	int rc, derived = 0;

	memset(undone, 0, sizeof(*undone));
	if (id == 0) {
		rc = fb_db_int(db, err, &id, "SELECT l.id FROM log l WHERE l.undo_of IS NULL"
			       " AND NOT EXISTS (SELECT 1 FROM log u WHERE u.undo_of = l.id)"
			       " ORDER BY l.id DESC LIMIT 1", "");
		if (rc < 0)
			return -1;
		if (rc == 0) {
			fb_err_set(err, FB_ERR_REFUSED, "nothing to undo");
			fb_err_hint(err, "'fixbill log' shows what was changed and undone");
			return -1;
		}
	}
	if ((rc = get_entry(db, id, undone, err)) < 0)
		return -1;
	if (rc == 0) {
		fb_err_set(err, FB_ERR_NOTFOUND, "unknown change '%lld'", (long long)id);
		fb_err_hint(err, "'fixbill log' shows the changes");
		return -1;
	}
	name = change_name(undone);
	if (undone->undo_of) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot undo %s: it is an undo", name);
		fb_err_hint(err, "run the command it undid (change %lld) again",
			    (long long)undone->undo_of);
		goto fail;
	}
	if (undone->undone_by) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot undo %s: it was undone by change %lld",
			   name, (long long)undone->undone_by);
		goto fail;
	}
	if (undone->refused) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot undo %s: %s", name, undone->refused);
		fb_err_hint(err, "issued invoices, records of money and closed books are"
			    " corrected by new records (a void, a reversal, a reopen), never undone");
		goto fail;
	}
	/* The changeset, copied: the statement that read it is reused below. */
	if ((st = fb_db_prepare(db, "SELECT changes, sequences FROM log WHERE id = ?1",
				err)) == NULL)
		goto fail;
	fb_stmt_bind_int(st, 1, id);
	if ((rc = fb_stmt_step(st, err)) == 1 &&
	    (changes = fb_stmt_blob(st, 0, &len)) != NULL) {
		copy = fb_xmalloc(len);
		memcpy(copy, changes, len);
		moved = fb_stmt_dup(st, 1);
	}
	fb_stmt_reset(st);
	if (rc < 0)
		goto fail;
	if (copy == NULL) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot undo %s: its changes were not recorded", name);
		goto fail;
	}
	if (check_later(db, undone, copy, len, &derived, err) < 0)
		goto fail;
	if (derived && (fb_db_changes_each(db, copy, len, resync_entry, &sync, err) != 0 ||
			fb_job_notes_get(db, sync.entries, sync.n, &sync.notes, err) < 0))
		goto fail;
	if (fb_db_changes_revert(db, copy, len, derived ? FB_DB_REVERT_KEEP_DERIVED : 0,
				 &conflict, err) < 0) {
		if (conflict.table) {
			fb_err_release(err);
			fb_err_set(err, FB_ERR_REFUSED, "cannot undo %s: %s %s has changed since",
				   name, kind_of(conflict.table), conflict.key);
		} else if (conflict.foreign) {
			fb_err_release(err);
			fb_err_set(err, FB_ERR_REFUSED, "cannot undo %s: records made since refer"
				   " to what it created", name);
		}
		free(conflict.table);
		free(conflict.key);
		goto fail;
	}
	if ((rc = dangling_setting(db, copy, len, &what, &code, err)) != 0) {
		if (rc > 0) {
			fb_err_set(err, FB_ERR_REFUSED, "cannot undo %s: setting %s names tax"
				   " code '%s'", name, what, code);
			fb_err_hint(err, "set it to another code first");
		}
		free(what);
		free(code);
		goto fail;
	}
	if (derived && (fb_db_changes_each(db, copy, len, resync_row, &sync, err) != 0 ||
			resync_notes(&sync) < 0))
		goto fail;
	if (restore_counters(db, moved, err) < 0)
		goto fail;
	resync_release(&sync);
	free(copy);
	free(moved);
	free(name);
	return 0;
fail:
	resync_release(&sync);
	free(copy);
	free(moved);
	free(name);
	fb_history_entry_release(undone);
	return -1;
}

int64_t
fb_history_next_id(struct fb_db *db)
{
	int64_t id = 0;

	if (fb_db_int(db, NULL, &id, "SELECT max(id) FROM log", "") <= 0)
		id = 0;
	return id + 1;
}
