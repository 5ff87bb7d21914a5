/*
 * chain.h - tamper evidence (SPEC section 15): every issued invoice and
 * credit note and every payment is hashed the moment it is recorded,
 * together with the hash of the record before it, into one append-only
 * table, so that an issued record changed behind fixbill's back (raw SQL
 * after dropping a trigger) no longer matches its hash.
 *
 * share/schema/007-chain.sql defines the table and the hash;
 * share/views.sql each kind's canonical content, a view
 * chain_<kind>(record_id, part, content), with chain_payment_detail,
 * chain_invoice_books, chain_invoice_seller and chain_invoice_plans for
 * what later versions added.  A new kind of record gets: its view in share/views.sql, a row
 * in the kinds table of lib/chain.c, and a call of fb_chain_append where
 * it is recorded.
 */
#ifndef FB_CHAIN_H
#define FB_CHAIN_H

#include <stdint.h>

#include "db.h"
#include "util.h"

/* Kinds of record in the chain (the chain table's kind column). */
#define FB_CHAIN_INVOICE "invoice"	/* an issued invoice or credit note */
#define FB_CHAIN_PAYMENT "payment"	/* each kind of record of the payments table */
#define FB_CHAIN_CREDIT "credit"	/* credit applied to an invoice */
#define FB_CHAIN_REFUND "refund"
#define FB_CHAIN_REVERSAL "reversal"

/*
 * Append record id of kind, just recorded, to the chain, inside the
 * caller's transaction (so the record and its hash commit together).
 * FB_ERR_RUNTIME when the kind is unknown or the record missing.
 */
int fb_chain_append(struct fb_db *db, const char *kind, int64_t id, struct fb_err *err);

/*
 * Compute the chain again from the records as they are now.  The first
 * record that no longer matches (or a row missing, out of order or not
 * linked to the one before) is handed to cb, e.g.
 *   invoice INV-2026-00001 has changed since it was recorded (chain record 1)
 * and the walk stops there; then each issued record missing from the
 * chain ("payment 3 on INV-2026-00001 is not in the chain").  Returns the
 * number of problems, or -1 with err set.
 */
int fb_chain_verify(struct fb_db *db, void (*cb)(const char *problem, void *arg),
		    void *arg, struct fb_err *err);

#endif
