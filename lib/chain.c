/*
 * chain.c - append to and verify the tamper-evident chain (chain.h).
 *
 * The content of each kind of record is defined once, in SQL, by its
 * view (share/schema/007-chain.sql): the migration that made the chain
 * hashed the records already there with it, and this file hashes every
 * later one with it, so the two cannot disagree about what a record is.
 * A view is never redefined; db check compares each with the SQL the
 * migrations made (fb_db_check_schema).
 */
#include "chain.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hash before the first record. */
static const char genesis[FB_SHA256_HEX + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

struct kind {
	const char *name;
	/* The record's canonical content, in parts, in order; ?1 is its id. */
	const char *content;
	/* How a person knows the record; ?1 is its id. */
	const char *label;
	/* The same for each record of the kind that should be in the chain and is not. */
	const char *unchained;
};

/*
 * The records of the payments table, one kind each: the content of
 * chain_payment (what every payment had) and of chain_payment_detail
 * (what later kinds add, empty for a plain payment), in part order.
 * LABEL is SQL text inside quotes over p (the record) and i (its
 * invoice).
 */
#define PAYMENT_KIND(KIND, LABEL) { \
	KIND, \
	"SELECT content FROM (SELECT part, content FROM chain_payment WHERE record_id = ?1" \
	" UNION ALL SELECT part, content FROM chain_payment_detail WHERE record_id = ?1)" \
	" ORDER BY part", \
	"SELECT '" LABEL "' FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id" \
	" WHERE p.id = ?1", \
	"SELECT '" LABEL "' FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id" \
	" WHERE p.kind = '" KIND "' AND NOT EXISTS (SELECT 1 FROM chain c" \
	" WHERE c.kind = '" KIND "' AND c.record_id = p.id) ORDER BY p.id", \
}

static const struct kind kinds[] = {
	{
		/*
		 * chain_invoice_books (011) adds what invoices keep since tax
		 * codes, chain_invoice_seller (012) the seller's e-invoice
		 * details, chain_invoice_plans (014) what an invoice drew from
		 * blocks, sold of them and billed of plans; none has rows for
		 * an invoice made before them.
		 */
		FB_CHAIN_INVOICE,
		"SELECT content FROM (SELECT part, content FROM chain_invoice WHERE record_id = ?1"
		" UNION ALL SELECT part, content FROM chain_invoice_books WHERE record_id = ?1"
		" UNION ALL SELECT part, content FROM chain_invoice_seller WHERE record_id = ?1"
		" UNION ALL SELECT part, content FROM chain_invoice_plans WHERE record_id = ?1)"
		" ORDER BY part",
		"SELECT CASE kind WHEN 'credit' THEN 'credit note ' ELSE 'invoice ' END"
		" || coalesce(number, 'draft ' || id) FROM invoices WHERE id = ?1",
		"SELECT CASE kind WHEN 'credit' THEN 'credit note ' ELSE 'invoice ' END"
		" || coalesce(number, id) FROM invoices i WHERE status <> 'draft'"
		" AND NOT EXISTS (SELECT 1 FROM chain c WHERE c.kind = 'invoice'"
		" AND c.record_id = i.id) ORDER BY id",
	},
	PAYMENT_KIND(FB_CHAIN_PAYMENT, "payment ' || p.id || ' on ' ||"
		     " coalesce(i.number, 'invoice ' || p.invoice_id) || '"),
	PAYMENT_KIND(FB_CHAIN_CREDIT, "credit application ' || p.id || ' to ' ||"
		     " coalesce(i.number, 'invoice ' || p.invoice_id) || '"),
	PAYMENT_KIND(FB_CHAIN_REFUND, "refund ' || p.id || ' to ' ||"
		     " coalesce((SELECT code FROM clients WHERE id = p.client_id), 'a client') || '"),
	PAYMENT_KIND(FB_CHAIN_REVERSAL, "reversal ' || p.id || ' of payment ' || p.reverses || '"),
};

static const struct kind *
find_kind(const char *name)
{
	for (size_t i = 0; i < FB_ARRAY_SIZE(kinds); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

/*
 * hash = SHA-256(prev || the record's parts).  Returns 1, 0 when the
 * record does not exist, -1 on error.
 */
static int
record_hash(struct fb_db *db, const struct kind *k, int64_t id, const char *prev,
	    char hash[FB_SHA256_HEX + 1], struct fb_err *err)
{
	struct fb_buf b = FB_BUF_INIT;
	struct fb_stmt *st = fb_db_prepare(db, k->content, err);
	int rc, parts = 0;

	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	fb_buf_adds(&b, prev);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		const char *s = fb_stmt_text(st, 0);

		fb_buf_adds(&b, s ? s : "");
		parts++;
	}
	fb_stmt_reset(st);
	if (rc == 0 && parts > 0)
		fb_sha256_hex(b.buf, b.len, hash);
	fb_buf_release(&b);
	return rc < 0 ? -1 : parts > 0;
}

/* "invoice INV-2026-00001", or "<kind> <id>" when the record is gone.  Caller frees. */
static char *
label(struct fb_db *db, const struct kind *k, const char *kind, int64_t id)
{
	char *s = NULL;

	if (k == NULL || fb_db_text(db, NULL, &s, k->label, "i", id) != 1)
		return fb_xasprintf("%s %lld", kind, (long long)id);
	return s;
}

int
fb_chain_append(struct fb_db *db, const char *kind, int64_t id, struct fb_err *err)
{
	const struct kind *k = find_kind(kind);
	char hash[FB_SHA256_HEX + 1], *prev = NULL;
	int64_t seq = 0;
	int rc;

	if (k == NULL)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot record a '%s': not a kind of record"
				  " the chain knows", kind);
	if (fb_db_int(db, err, &seq, "SELECT max(seq) FROM chain", "") < 0 ||
	    (seq > 0 && fb_db_text(db, err, &prev, "SELECT hash FROM chain WHERE seq = ?",
				   "i", seq) < 0))
		return -1;
	rc = record_hash(db, k, id, prev ? prev : genesis, hash, err);
	if (rc == 0)
		fb_err_set(err, FB_ERR_RUNTIME, "cannot record %s %lld: it does not exist",
			   kind, (long long)id);
	if (rc > 0)
		rc = fb_db_exec(db, err, "INSERT INTO chain(seq, kind, record_id, prev, hash)"
				" VALUES (?, ?, ?, ?, ?)", "ititt", seq + 1, kind, id,
				prev ? prev : genesis, hash) < 0 ? -1 : 1;
	free(prev);
	return rc > 0 ? 0 : -1;
}

static void
problem(void (*cb)(const char *, void *), void *arg, int *n, const char *fmt, ...)
	FB_PRINTF(4, 5);

static void
problem(void (*cb)(const char *, void *), void *arg, int *n, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = fb_xvasprintf(fmt, ap);
	va_end(ap);
	cb(s, arg);
	free(s);
	(*n)++;
}

/* Walk the chain in order; stop at the first row that does not hold. */
static int
walk(struct fb_db *db, void (*cb)(const char *, void *), void *arg, int *n,
     struct fb_err *err)
{
	struct fb_stmt *st;
	char prev[FB_SHA256_HEX + 1], hash[FB_SHA256_HEX + 1];
	int64_t want = 1;
	int rc = 0, stop = 0;

	memcpy(prev, genesis, sizeof(prev));
	if ((st = fb_db_prepare(db, "SELECT seq, kind, record_id, prev, hash FROM chain"
				" ORDER BY seq", err)) == NULL)
		return -1;
	while (!stop && (rc = fb_stmt_step(st, err)) == 1) {
		int64_t seq = fb_stmt_int(st, 0), id = fb_stmt_int(st, 2);
		char *kind = fb_stmt_dup(st, 1), *sprev = fb_stmt_dup(st, 3);
		char *shash = fb_stmt_dup(st, 4), *who;
		const struct kind *k = kind ? find_kind(kind) : NULL;
		int found;

		stop = 1;
		who = label(db, k, kind ? kind : "record", id);
		if (seq != want)
			problem(cb, arg, n, "chain record %lld is missing (the next is %lld, %s)",
				(long long)want, (long long)seq, who);
		else if (sprev == NULL || strcmp(sprev, prev) != 0)
			problem(cb, arg, n, "%s does not follow the record before it"
				" (chain record %lld)", who, (long long)seq);
		else if (k == NULL)
			problem(cb, arg, n, "chain record %lld is of an unknown kind '%s'",
				(long long)seq, kind ? kind : "");
		else if ((found = record_hash(db, k, id, prev, hash, err)) < 0) {
			free(kind);
			free(sprev);
			free(shash);
			free(who);
			fb_stmt_reset(st);
			return -1;
		} else if (found == 0)
			problem(cb, arg, n, "%s has been deleted (chain record %lld)", who,
				(long long)seq);
		else if (shash == NULL || strcmp(shash, hash) != 0)
			problem(cb, arg, n, "%s has changed since it was recorded"
				" (chain record %lld)", who, (long long)seq);
		else {
			memcpy(prev, shash, sizeof(prev));
			want++;
			stop = 0;
		}
		free(kind);
		free(sprev);
		free(shash);
		free(who);
	}
	fb_stmt_reset(st);
	return stop || rc == 0 ? 0 : -1;
}

int
fb_chain_verify(struct fb_db *db, void (*cb)(const char *problem, void *arg),
		void *arg, struct fb_err *err)
{
	int n = 0, rc;

	if (walk(db, cb, arg, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < FB_ARRAY_SIZE(kinds); i++) {
		struct fb_stmt *st = fb_db_prepare(db, kinds[i].unchained, err);

		if (st == NULL)
			return -1;
		while ((rc = fb_stmt_step(st, err)) == 1)
			problem(cb, arg, &n, "%s is not in the chain", fb_stmt_text(st, 0));
		fb_stmt_reset(st);
		if (rc < 0)
			return -1;
	}
	return n;
}
