/*
 * payment.h - money on a client's account (SPEC section 10): payments
 * received, client credit applied to invoices, refunds of credit, and
 * the reversals that void any of them.  Each is a record that never
 * changes (the schema's triggers) and is hashed into the tamper-evident
 * chain when it is recorded; a mistaken one is voided by a reversal
 * dated the day of the void, which undoes it from then on in every view.
 *
 * Client credit is money a client paid that no invoice holds: the part
 * of a payment above its invoice's balance (--excess credit) and the
 * payments of an invoice that was voided.  It is applied to invoices
 * (by hand, or when one is issued with payments.apply_credit = auto) or
 * refunded.  The figures come from lib/receivable.h.
 *
 * Every function runs in the caller's transaction and leaves the
 * rollback to it on failure; refusals are FB_ERR_REFUSED.  Dates are
 * YYYY-MM-DD (NULL: today); none may lie in the future, before the
 * invoice's issue date, or in closed books (lib/closing.h).
 */
#ifndef FB_PAYMENT_H
#define FB_PAYMENT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"

struct fb_payment {
	int64_t id;
	char *kind;		/* payment, credit, refund, reversal */
	int64_t client_id;
	char *client;		/* its code */
	int64_t invoice_id;	/* 0: none (a refund, or the reversal of one) */
	char *invoice;		/* that invoice's number */
	char *date;
	int64_t amount;		/* positive: the kind says which way it went */
	int64_t applied;	/* what it put on its invoice (a reversal: took off again) */
	char *currency;
	char *method, *ref;
	char *reason;		/* a reversal: why */
	int64_t reverses;	/* a reversal: the record it undoes, else 0 */
	int64_t reversed_by;	/* the reversal that undid it, else 0 */
	char *reversed_on;	/* that reversal's date */
	int64_t created;
};

void fb_payment_init(struct fb_payment *p);
void fb_payment_release(struct fb_payment *p);

/*
 * The SPEC section 9 document of a record: {id, client, invoice, date,
 * kind, amount, currency, method, ref, voided, applied, reverses,
 * reversed_by, reason}.  Caller frees with fb_json_free.
 */
struct fb_json;
struct fb_json *fb_payment_json(const struct fb_payment *p);

/* Record id into p (initialised by the caller).  FB_ERR_NOTFOUND: unknown payment '12'. */
int fb_payment_get(struct fb_db *db, int64_t id, struct fb_payment *p, struct fb_err *err);

struct fb_payment_filter {
	int64_t client_id;	/* 0: any */
	int64_t invoice_id;	/* 0: any */
	const char *from, *to;	/* dates, inclusive; NULL: open */
};

/* The records f selects, by date then id.  Free with fb_payment_list_free. */
int fb_payment_list(struct fb_db *db, const struct fb_payment_filter *f,
		    struct fb_payment **v, size_t *n, struct fb_err *err);
void fb_payment_list_free(struct fb_payment *v, size_t n);

/* What a payment or refund records. */
struct fb_payment_in {
	int64_t amount;		/* > 0, minor units of the currency */
	const char *date;	/* NULL: today */
	const char *method, *ref;
	int excess;		/* a payment: what is above the balance becomes credit */
};

/*
 * Text a payment stores (SPEC section 15): method and reference one line
 * of at most 1 KiB, a reason at most 64 KiB.  FB_ERR_USAGE:
 *   invalid payment method: not valid UTF-8 or has control characters
 */
int fb_payment_check_text(const char *method, const char *ref, const char *reason,
			  struct fb_err *err);

/*
 * `invoice pay`: record a payment on issued invoice invoice_id.  More
 * than the balance is refused unless in->excess, when the rest becomes
 * the client's credit.  A --ref already recorded for a payment of the
 * same client records nothing: returns 0 with *id that payment's (when
 * it was for another invoice or amount, FB_ERR_REFUSED).  Returns 1 with
 * *id the new record's.
 */
int fb_payment_pay(struct fb_db *db, int64_t invoice_id, const struct fb_payment_in *in,
		   int64_t now, int64_t *id, struct fb_err *err);

/*
 * `invoice apply-credit`: apply amount of the client's credit (0: as
 * much as both the credit and the balance allow) to issued invoice
 * invoice_id on date.  Without credit, or above it or the balance,
 * FB_ERR_REFUSED.  Sets *id.
 */
int fb_payment_apply(struct fb_db *db, int64_t invoice_id, int64_t amount,
		     const char *date, int64_t now, int64_t *id, struct fb_err *err);

/*
 * Issuing an invoice with payments.apply_credit = auto: the client's
 * credit in the invoice's currency, up to its total, is applied to it,
 * dated its issue date when the credit was there by then, else today.
 * Sets *amount to what was applied (0: nothing).
 */
int fb_payment_apply_auto(struct fb_db *db, int64_t invoice_id, int64_t now,
			  int64_t *amount, struct fb_err *err);

/*
 * `client refund`: pay amount of the client's credit in currency back.
 * Above the credit is refused; a repeated --ref as fb_payment_pay.
 * Returns 1 (recorded) or 0 (already recorded) with *id.
 */
int fb_payment_refund(struct fb_db *db, int64_t client_id, const char *currency,
		      const struct fb_payment_in *in, int64_t now, int64_t *id,
		      struct fb_err *err);

/*
 * `payment void`: reverse record id today.  A reversal, or a record
 * already reversed, is refused; so is a payment whose credit has since
 * been applied or refunded (void that first): the client's credit never
 * falls below zero.  *reversal is the new record.
 */
int fb_payment_void(struct fb_db *db, int64_t id, const char *reason, int64_t now,
		    int64_t *reversal, struct fb_err *err);

/* The credit a client holds in currency now. */
int fb_payment_credit(struct fb_db *db, int64_t client_id, const char *currency,
		      int64_t *credit, struct fb_err *err);

/* A client's credit in each currency where it holds any. */
struct fb_credit {
	char currency[4];
	int64_t amount;
};
int fb_payment_credits(struct fb_db *db, int64_t client_id, struct fb_credit **v,
		       size_t *n, struct fb_err *err);

/*
 * Set invoice id's status from what it owes: paid at zero, else issued
 * (an invoice only; a draft, void invoice or credit note is left alone).
 */
int fb_payment_sync_status(struct fb_db *db, int64_t invoice_id, struct fb_err *err);

#endif
