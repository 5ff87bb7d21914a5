/*
 * payment.c - payments, credit applications, refunds and reversals
 * (payment.h).  Each is checked against the rules before it is written:
 * its date (not in the future, not before its invoice, not in closed
 * books), and the figures it would change at every day from its date on,
 * since a record may be dated back: an invoice never owes less than
 * nothing and a client's credit never falls below zero on any day.
 */
#include "payment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "closing.h"
#include "config.h"
#include "json.h"
#include "money.h"
#include "receivable.h"
#include "when.h"

/* A day after any record: the figures "from" it are the figures now. */
static const char ever[] = "9999-12-31";

void
fb_payment_init(struct fb_payment *p)
{
	memset(p, 0, sizeof(*p));
}

void
fb_payment_release(struct fb_payment *p)
{
	free(p->kind);
	free(p->client);
	free(p->invoice);
	free(p->date);
	free(p->currency);
	free(p->method);
	free(p->ref);
	free(p->reason);
	free(p->reversed_on);
	fb_payment_init(p);
}

#define PAYMENT_COLS \
	"SELECT p.id, p.kind, p.client_id, c.code, p.invoice_id, i.number, p.date," \
	" p.amount, coalesce(p.applied, p.amount), p.currency, p.method, p.ref, p.reason," \
	" p.reverses, r.id, r.date, p.created" \
	" FROM payments p JOIN clients c ON c.id = p.client_id" \
	" LEFT JOIN invoices i ON i.id = p.invoice_id" \
	" LEFT JOIN payments r ON r.reverses = p.id"

static void
read_payment(struct fb_stmt *st, struct fb_payment *p)
{
	p->id = fb_stmt_int(st, 0);
	p->kind = fb_stmt_dup(st, 1);
	p->client_id = fb_stmt_int(st, 2);
	p->client = fb_stmt_dup(st, 3);
	p->invoice_id = fb_stmt_isnull(st, 4) ? 0 : fb_stmt_int(st, 4);
	p->invoice = fb_stmt_dup(st, 5);
	p->date = fb_stmt_dup(st, 6);
	p->amount = fb_stmt_int(st, 7);
	p->applied = fb_stmt_int(st, 8);
	p->currency = fb_stmt_dup(st, 9);
	p->method = fb_stmt_dup(st, 10);
	p->ref = fb_stmt_dup(st, 11);
	p->reason = fb_stmt_dup(st, 12);
	p->reverses = fb_stmt_isnull(st, 13) ? 0 : fb_stmt_int(st, 13);
	p->reversed_by = fb_stmt_isnull(st, 14) ? 0 : fb_stmt_int(st, 14);
	p->reversed_on = fb_stmt_dup(st, 15);
	p->created = fb_stmt_int(st, 16);
}

int
fb_payment_get(struct fb_db *db, int64_t id, struct fb_payment *p, struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, PAYMENT_COLS " WHERE p.id = ?1", err);
	int rc;

	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	if ((rc = fb_stmt_step(st, err)) == 1)
		read_payment(st, p);
	fb_stmt_reset(st);
	if (rc == 0) {
		fb_err_set(err, FB_ERR_NOTFOUND, "unknown payment '%lld'", (long long)id);
		fb_err_hint(err, "'fixbill payment list' lists the payments");
	}
	return rc == 1 ? 0 : -1;
}

int
fb_payment_list(struct fb_db *db, const struct fb_payment_filter *f,
		struct fb_payment **v, size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*v = NULL;
	*n = 0;
	st = fb_db_prepare(db, PAYMENT_COLS
			   " WHERE (?1 = 0 OR p.client_id = ?1) AND (?2 = 0 OR p.invoice_id = ?2)"
			   " AND (?3 IS NULL OR p.date >= ?3) AND (?4 IS NULL OR p.date <= ?4)"
			   " ORDER BY p.date, p.id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, f->client_id);
	fb_stmt_bind_int(st, 2, f->invoice_id);
	fb_stmt_bind_text(st, 3, f->from);
	fb_stmt_bind_text(st, 4, f->to);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(v, &alloc, *n + 1, sizeof(**v));
		fb_payment_init(&(*v)[*n]);
		read_payment(st, &(*v)[(*n)++]);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		fb_payment_list_free(*v, *n);
		*v = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
fb_payment_list_free(struct fb_payment *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fb_payment_release(&v[i]);
	free(v);
}

static int
check_text(const char *what, const char *s, size_t max, int multiline, struct fb_err *err)
{
	if (s == NULL)
		return 0;
	if (!fb_utf8_valid(s, multiline))
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s: not valid UTF-8 or has"
				  " control characters", what);
	if (strlen(s) > max)
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s: longer than %zu bytes", what, max);
	return 0;
}

int
fb_payment_check_text(const char *method, const char *ref, const char *reason,
		      struct fb_err *err)
{
	if (check_text("payment method", method, 1024, 0, err) < 0 ||
	    check_text("payment reference", ref, 1024, 0, err) < 0 ||
	    check_text("reason", reason, 65536, 1, err) < 0)
		return -1;
	return 0;
}

/* The invoice a record goes on, as far as the rules need it. */
struct target {
	int64_t id, client_id, total;
	char *kind, *status, *number, *currency, *issue_date, *code;
};

static void
target_release(struct target *t)
{
	free(t->kind);
	free(t->status);
	free(t->number);
	free(t->currency);
	free(t->issue_date);
	free(t->code);
}

/* Load invoice id. */
static int
target_get(struct fb_db *db, int64_t id, struct target *t, struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	memset(t, 0, sizeof(*t));
	st = fb_db_prepare(db, "SELECT i.id, i.client_id, i.total, i.kind, i.status, i.number,"
			   " i.currency, i.issue_date, c.code FROM invoices i"
			   " JOIN clients c ON c.id = i.client_id WHERE i.id = ?1", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	if ((rc = fb_stmt_step(st, err)) == 1) {
		t->id = fb_stmt_int(st, 0);
		t->client_id = fb_stmt_int(st, 1);
		t->total = fb_stmt_int(st, 2);
		t->kind = fb_stmt_dup(st, 3);
		t->status = fb_stmt_dup(st, 4);
		t->number = fb_stmt_dup(st, 5);
		t->currency = fb_stmt_dup(st, 6);
		t->issue_date = fb_stmt_dup(st, 7);
		t->code = fb_stmt_dup(st, 8);
	}
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return fb_err_set(err, FB_ERR_NOTFOUND, "unknown invoice '%lld'", (long long)id);
	return 0;
}

/*
 * Refuse what cannot take money: a draft, a credit note, a void invoice.
 * verb says what was refused ("pay", "apply credit to").
 */
static int
target_live(const struct target *t, const char *verb, struct fb_err *err)
{
	if (strcmp(t->status, "draft") == 0)
		return fb_err_set(err, FB_ERR_REFUSED, "cannot %s draft %lld: it is not issued",
				  verb, (long long)t->id);
	if (strcmp(t->kind, "credit") == 0 || strcmp(t->status, "void") == 0)
		return fb_err_set(err, FB_ERR_REFUSED, "cannot %s '%s': it is %s", verb,
				  t->number, strcmp(t->kind, "credit") == 0 ? "a credit note" : "void");
	return 0;
}

/*
 * The date a record is given: date, else today.  It may not be in the
 * future, before since (an invoice's issue date, when not NULL) or in
 * closed books.  Caller frees *day; err is prefixed with what.
 */
static int
record_date(struct fb_db *db, const char *date, const char *since, int64_t now,
	    char **day, struct fb_err *err)
{
	*day = date ? fb_xstrdup(date) : fb_when_date(now);
	if (fb_date_check_past(*day, now, err) < 0)
		return -1;
	if (since != NULL && strcmp(*day, since) < 0)
		return fb_err_set(err, FB_ERR_REFUSED, "%s is before its issue date %s", *day, since);
	return fb_closing_check(db, *day, err);
}

/*
 * The least an invoice owes on day from or any later day a record of it
 * changes it: what a record dated from may still take off it.
 */
static int
owed_from(struct fb_db *db, int64_t invoice_id, const char *from, int64_t *owed,
	  struct fb_err *err)
{
	return fb_db_int(db, err, owed,
			 "WITH d(day) AS (SELECT ?2 UNION SELECT date FROM payments"
			 "  WHERE invoice_id = ?1 AND date > ?2)"
			 " SELECT min(" FB_SQL_OWED_ON("i", "d.day") ")"
			 " FROM d, invoices i WHERE i.id = ?1", "it", invoice_id, from) < 0 ? -1 : 0;
}

/* The same for a client's credit in a currency: what may leave it from day from on. */
static int
credit_from(struct fb_db *db, int64_t client_id, const char *currency, const char *from,
	    int64_t *credit, struct fb_err *err)
{
	return fb_db_int(db, err, credit,
			 "WITH d(day) AS (SELECT ?3 UNION SELECT date FROM payments"
			 "  WHERE client_id = ?1 AND currency = ?2 AND date > ?3"
			 "  UNION SELECT issue_date FROM invoices WHERE client_id = ?1"
			 "  AND currency = ?2 AND kind = 'credit' AND status <> 'draft'"
			 "  AND issue_date > ?3)"
			 " SELECT min(" FB_SQL_CREDIT_ON("?1", "?2", "d.day") ") FROM d",
			 "itt", client_id, currency, from) < 0 ? -1 : 0;
}

int
fb_payment_sync_status(struct fb_db *db, int64_t invoice_id, struct fb_err *err)
{
	return fb_db_exec(db, err,
			  "UPDATE invoices SET status = CASE WHEN " FB_SQL_OWED_ON("invoices", FB_SQL_EVER)
			  " = 0 THEN 'paid' ELSE 'issued' END"
			  " WHERE id = ?1 AND kind = 'invoice' AND status IN ('issued', 'paid')",
			  "i", invoice_id);
}

/* Insert a record; *id is its id.  The chain gets it too. */
static int
insert(struct fb_db *db, const char *kind, int64_t client_id, const char *currency,
       int64_t invoice_id, const char *date, int64_t amount, int64_t applied,
       const char *method, const char *ref, int64_t reverses, const char *reason,
       const char *client_name, int64_t now, int64_t *id, struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db,
		"INSERT INTO payments(kind, client_id, currency, invoice_id, date, amount, applied,"
		" method, ref, reverses, reason, client_name, created)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", err);
	int rc;

	if (st == NULL)
		return -1;
	fb_stmt_bind_text(st, 1, kind);
	fb_stmt_bind_int(st, 2, client_id);
	fb_stmt_bind_text(st, 3, currency);
	fb_stmt_bind_opt(st, 4, invoice_id, invoice_id == 0);
	fb_stmt_bind_text(st, 5, date);
	fb_stmt_bind_int(st, 6, amount);
	fb_stmt_bind_int(st, 7, applied);
	fb_stmt_bind_text(st, 8, method);
	fb_stmt_bind_text(st, 9, ref);
	fb_stmt_bind_opt(st, 10, reverses, reverses == 0);
	fb_stmt_bind_text(st, 11, reason);
	fb_stmt_bind_text(st, 12, client_name);
	fb_stmt_bind_int(st, 13, now);
	rc = fb_stmt_step(st, err);
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	*id = fb_db_last_id(db);
	if (fb_chain_append(db, kind, *id, err) < 0)
		return -1;
	return invoice_id ? fb_payment_sync_status(db, invoice_id, err) : 0;
}

/*
 * A reference already recorded for a record of kind of the client: 1
 * with *id when it is the same record again (invoice and amount), 0 when
 * none, -1 with FB_ERR_REFUSED when it names another.
 */
static int
seen_ref(struct fb_db *db, const char *kind, int64_t client_id, int64_t invoice_id,
	 const char *ref, int64_t amount, const char *verb, int64_t *id, struct fb_err *err)
{
	struct fb_payment p;
	int64_t found;
	int rc;

	if (ref == NULL)
		return 0;
	rc = fb_db_int(db, err, &found, "SELECT id FROM payments WHERE kind = ? AND client_id = ?"
		       " AND ref = ? ORDER BY id LIMIT 1", "tit", kind, client_id, ref);
	if (rc <= 0)
		return rc;
	fb_payment_init(&p);
	if (fb_payment_get(db, found, &p, err) < 0)
		return -1;
	if (p.invoice_id == invoice_id && p.amount == amount) {
		*id = found;
		fb_payment_release(&p);
		return 1;
	}
	{
		char *a = fb_money_format(p.amount, p.currency);

		fb_err_set(err, FB_ERR_REFUSED, "cannot %s: reference '%s' is already %s %lld"
			   " (%s%s%s)", verb, ref, kind, (long long)found, a,
			   p.invoice ? " on " : "", p.invoice ? p.invoice : "");
		fb_err_hint(err, "a reference is recorded once per client: give this %s its own", kind);
		free(a);
	}
	fb_payment_release(&p);
	return -1;
}

int
fb_payment_pay(struct fb_db *db, int64_t invoice_id, const struct fb_payment_in *in,
	       int64_t now, int64_t *id, struct fb_err *err)
{
	struct target t;
	char *day = NULL, *verb = NULL;
	int64_t owed = 0, applied;
	int rc = -1, seen;

	if (fb_payment_check_text(in->method, in->ref, NULL, err) < 0)
		return -1;
	if (target_get(db, invoice_id, &t, err) < 0)
		goto out;
	verb = t.number ? fb_xasprintf("pay '%s'", t.number) :
	    fb_xasprintf("pay draft %lld", (long long)t.id);
	/* A retry of a payment already recorded is answered before any rule. */
	if (strcmp(t.status, "draft") != 0 &&
	    (seen = seen_ref(db, "payment", t.client_id, t.id, in->ref, in->amount, verb,
			     id, err)) != 0) {
		rc = seen < 0 ? -1 : 0;
		goto out;
	}
	if (target_live(&t, "pay", err) < 0)
		goto out;
	if (in->amount <= 0) {
		fb_err_set(err, FB_ERR_USAGE, "invalid amount: must be more than zero");
		goto out;
	}
	if (record_date(db, in->date, t.issue_date, now, &day, err) < 0 ||
	    owed_from(db, t.id, day, &owed, err) < 0) {
		fb_err_prefix(err, "cannot %s", verb);
		goto out;
	}
	if (owed < 0)
		owed = 0;
	applied = in->amount < owed ? in->amount : owed;
	if (applied < in->amount && !in->excess) {
		char *a = fb_money_format(in->amount, t.currency);
		char *b = fb_money_format(owed, t.currency);

		if (owed == 0)
			fb_err_set(err, FB_ERR_REFUSED, "cannot %s: it is already paid", verb);
		else
			fb_err_set(err, FB_ERR_REFUSED, "cannot %s: %s is more than the balance %s",
				   verb, a, b);
		fb_err_hint(err, "a payment above the balance becomes the client's credit with"
			    " '--excess credit'");
		free(a);
		free(b);
		goto out;
	}
	rc = insert(db, "payment", t.client_id, t.currency, t.id, day, in->amount, applied,
		    in->method, in->ref, 0, NULL, NULL, now, id, err) < 0 ? -1 : 1;
out:
	free(day);
	free(verb);
	target_release(&t);
	return rc;
}

/* "'acme' has no credit in USD" or "50.00 is more than the credit 30.00". */
static void
short_of_credit(struct fb_err *err, const char *verb, const char *code, const char *cur,
		int64_t want, int64_t credit)
{
	if (credit <= 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot %s: '%s' has no credit in %s", verb,
			   code, cur);
	} else {
		char *a = fb_money_format(want, cur), *b = fb_money_format(credit, cur);

		fb_err_set(err, FB_ERR_REFUSED, "cannot %s: %s is more than the credit %s",
			   verb, a, b);
		free(a);
		free(b);
	}
	fb_err_hint(err, "'fixbill client credit %s' shows the credit", code);
}

int
fb_payment_apply(struct fb_db *db, int64_t invoice_id, int64_t amount,
		 const char *date, int64_t now, int64_t *id, struct fb_err *err)
{
	struct target t;
	char *day = NULL, *verb = NULL;
	int64_t owed = 0, credit = 0;
	int rc = -1;

	if (target_get(db, invoice_id, &t, err) < 0 ||
	    target_live(&t, "apply credit to", err) < 0)
		goto out;
	verb = fb_xasprintf("apply credit to '%s'", t.number);
	if (record_date(db, date, t.issue_date, now, &day, err) < 0 ||
	    owed_from(db, t.id, day, &owed, err) < 0 ||
	    credit_from(db, t.client_id, t.currency, day, &credit, err) < 0) {
		fb_err_prefix(err, "cannot %s", verb);
		goto out;
	}
	if (owed <= 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot %s: it is already paid", verb);
		goto out;
	}
	if (amount == 0)
		amount = owed < credit ? owed : credit;
	if (credit <= 0 || amount > credit) {
		short_of_credit(err, verb, t.code, t.currency, amount, credit);
		goto out;
	}
	if (amount > owed) {
		char *a = fb_money_format(amount, t.currency), *b = fb_money_format(owed, t.currency);

		fb_err_set(err, FB_ERR_REFUSED, "cannot %s: %s is more than the balance %s",
			   verb, a, b);
		free(a);
		free(b);
		goto out;
	}
	rc = insert(db, "credit", t.client_id, t.currency, t.id, day, amount, amount,
		    NULL, NULL, 0, NULL, NULL, now, id, err);
out:
	free(day);
	free(verb);
	target_release(&t);
	return rc;
}

int
fb_payment_apply_auto(struct fb_db *db, int64_t invoice_id, int64_t now,
		      int64_t *amount, struct fb_err *err)
{
	struct target t;
	char *mode = NULL, *day = NULL;
	int64_t credit = 0, early = 0, owed = 0, id;
	int rc = -1;

	*amount = 0;
	if (fb_config_get(db, "payments.apply_credit", &mode, err) < 0)
		return -1;
	if (mode == NULL || strcmp(mode, "auto") != 0) {
		free(mode);
		return 0;
	}
	free(mode);
	if (target_get(db, invoice_id, &t, err) < 0)
		goto out;
	if (strcmp(t.kind, "invoice") != 0 || strcmp(t.status, "issued") != 0) {
		rc = 0;
		goto out;
	}
	if (credit_from(db, t.client_id, t.currency, ever, &credit, err) < 0)
		goto out;
	rc = 0;
	if (credit <= 0)
		goto out;
	rc = -1;
	if (owed_from(db, t.id, t.issue_date, &owed, err) < 0 ||
	    credit_from(db, t.client_id, t.currency, t.issue_date, &early, err) < 0)
		goto out;
	*amount = credit < owed ? credit : owed;
	if (*amount <= 0) {
		*amount = 0;
		rc = 0;
		goto out;
	}
	/* Dated with the invoice when the credit was there by then. */
	day = early >= *amount ? fb_xstrdup(t.issue_date) : fb_when_date(now);
	if (fb_closing_check(db, day, err) < 0) {
		fb_err_prefix(err, "cannot apply credit to '%s'", t.number);
		goto out;
	}
	rc = insert(db, "credit", t.client_id, t.currency, t.id, day, *amount, *amount,
		    NULL, NULL, 0, NULL, NULL, now, &id, err);
out:
	free(day);
	target_release(&t);
	return rc;
}

int
fb_payment_refund(struct fb_db *db, int64_t client_id, const char *currency,
		  const struct fb_payment_in *in, int64_t now, int64_t *id,
		  struct fb_err *err)
{
	char *code = NULL, *name = NULL, *day = NULL, *verb = NULL;
	int64_t credit = 0;
	int rc = -1, seen;

	if (fb_payment_check_text(in->method, in->ref, NULL, err) < 0)
		return -1;
	if (fb_db_text(db, err, &code, "SELECT code FROM clients WHERE id = ?", "i", client_id) <= 0 ||
	    fb_db_text(db, err, &name, "SELECT name FROM clients WHERE id = ?", "i", client_id) <= 0) {
		fb_err_set(err, FB_ERR_NOTFOUND, "unknown client '%lld'", (long long)client_id);
		goto out;
	}
	verb = fb_xasprintf("refund '%s'", code);
	if ((seen = seen_ref(db, "refund", client_id, 0, in->ref, in->amount, verb, id, err)) != 0) {
		rc = seen < 0 ? -1 : 0;
		goto out;
	}
	if (in->amount <= 0) {
		fb_err_set(err, FB_ERR_USAGE, "invalid amount: must be more than zero");
		goto out;
	}
	if (record_date(db, in->date, NULL, now, &day, err) < 0 ||
	    credit_from(db, client_id, currency, day, &credit, err) < 0) {
		fb_err_prefix(err, "cannot %s", verb);
		goto out;
	}
	if (in->amount > credit) {
		short_of_credit(err, verb, code, currency, in->amount, credit);
		goto out;
	}
	rc = insert(db, "refund", client_id, currency, 0, day, in->amount, 0, in->method,
		    in->ref, 0, NULL, name, now, id, err) < 0 ? -1 : 1;
out:
	free(code);
	free(name);
	free(day);
	free(verb);
	return rc;
}

int
fb_payment_void(struct fb_db *db, int64_t id, const char *reason, int64_t now,
		int64_t *reversal, struct fb_err *err)
{
	struct fb_payment p;
	char *day = NULL;
	int64_t credit = 0;
	int rc = -1;

	if (fb_payment_check_text(NULL, NULL, reason, err) < 0)
		return -1;
	fb_payment_init(&p);
	if (fb_payment_get(db, id, &p, err) < 0)
		goto out;
	if (strcmp(p.kind, "reversal") == 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot void payment %lld: it is a reversal",
			   (long long)id);
		fb_err_hint(err, "a reversal is final: record the payment again");
		goto out;
	}
	if (p.reversed_by != 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot void payment %lld: it is already void"
			   " (payment %lld)", (long long)id, (long long)p.reversed_by);
		goto out;
	}
	/* The reversal is dated the day of the void. */
	if (record_date(db, NULL, NULL, now, &day, err) < 0) {
		fb_err_prefix(err, "cannot void payment %lld", (long long)id);
		goto out;
	}
	if (insert(db, "reversal", p.client_id, p.currency, p.invoice_id, day, p.amount,
		   p.applied, p.method, p.ref, p.id, reason, NULL, now, reversal, err) < 0 ||
	    credit_from(db, p.client_id, p.currency, day, &credit, err) < 0)
		goto out;
	/*
	 * Voiding money that has since been applied elsewhere or refunded
	 * would leave the client with less than no credit: those go first.
	 */
	if (credit < 0) {
		char *a = fb_money_format(-credit, p.currency);

		fb_err_set(err, FB_ERR_REFUSED, "cannot void payment %lld: %s of it has since"
			   " been applied or refunded as credit", (long long)id, a);
		fb_err_hint(err, "void that credit application or refund first"
			    " ('fixbill payment list --client %s')", p.client);
		free(a);
		goto out;
	}
	rc = 0;
out:
	free(day);
	fb_payment_release(&p);
	return rc;
}

int
fb_payment_credit(struct fb_db *db, int64_t client_id, const char *currency,
		  int64_t *credit, struct fb_err *err)
{
	*credit = 0;
	return fb_db_int(db, err, credit, "SELECT " FB_SQL_CREDIT_ON("?1", "?2", FB_SQL_EVER),
			 "it", client_id, currency) < 0 ? -1 : 0;
}

int
fb_payment_credits(struct fb_db *db, int64_t client_id, struct fb_credit **v,
		   size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*v = NULL;
	*n = 0;
	st = fb_db_prepare(db, "SELECT k.currency, " FB_SQL_CREDIT_ON("?1", "k.currency", FB_SQL_EVER)
			   " FROM (SELECT DISTINCT currency FROM payments WHERE client_id = ?1) k"
			   " ORDER BY k.currency", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, client_id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		const char *cur = fb_stmt_text(st, 0);

		if (fb_stmt_int(st, 1) == 0 || cur == NULL)
			continue;
		fb_xgrow(v, &alloc, *n + 1, sizeof(**v));
		snprintf((*v)[*n].currency, sizeof((*v)[*n].currency), "%s", cur);
		(*v)[(*n)++].amount = fb_stmt_int(st, 1);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		free(*v);
		*v = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

struct fb_json *
fb_payment_json(const struct fb_payment *p)
{
	struct fb_json *o = fb_json_object();

	fb_json_set_int(o, "id", p->id);
	fb_json_set_str(o, "client", p->client);
	fb_json_set_str(o, "invoice", p->invoice);
	fb_json_set_str(o, "date", p->date);
	fb_json_set_str(o, "kind", p->kind);
	fb_json_set_money(o, "amount", p->amount, p->currency);
	fb_json_set_str(o, "currency", p->currency);
	fb_json_set_str(o, "method", p->method);
	fb_json_set_str(o, "ref", p->ref);
	fb_json_set_bool(o, "voided", p->reversed_by != 0);
	/* What went on the invoice; the rest of a payment went to credit. */
	fb_json_set_money(o, "applied", p->applied, p->currency);
	if (p->reverses)
		fb_json_set_int(o, "reverses", p->reverses);
	else
		fb_json_set_null(o, "reverses");
	if (p->reversed_by)
		fb_json_set_int(o, "reversed_by", p->reversed_by);
	else
		fb_json_set_null(o, "reversed_by");
	fb_json_set_str(o, "reason", p->reason);
	return o;
}
