/*
 * invoice.h - invoices and credit notes: the document and its lifecycle
 * (draft -> issued -> paid, or void with a credit note).
 */
#ifndef FB_INVOICE_H
#define FB_INVOICE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"

struct fb_invoice_line {
	int64_t job_id;			/* 0 when the line belongs to no job */
	char *kind;			/* labor, minimum, part, trip, flat, discount,
					   block, plan, covered */
	char *class;			/* normal, after_hours, weekend; NULL for charges */
	char *description;
	int64_t actual_seconds;		/* labor and minimum; -1 otherwise */
	int64_t billed_seconds;		/* labor and minimum; -1 otherwise */
	int64_t quantity;		/* thousandths (labor: billed hours x 1000) */
	int64_t unit_price;		/* minor units (labor: effective hourly rate) */
	int64_t amount;
	int64_t tax;
	int64_t waived;			/* no-charge labor: what it would have cost; else 0 */
	char *notes;			/* labor: its entries' notes, one a line; NULL: none */
	int64_t extra_id;		/* a line added to the draft by hand; else 0 */
	/*
	 * The tax code that taxes it (SPEC section 11); NULL before pricing
	 * sets it, on a discount (spread over the codes of the other lines)
	 * and on invoices made before tax codes (see fb_invoice_line_code).
	 */
	char *tax_code;
	/*
	 * While an invoice is priced (never stored): the start of the first
	 * entry a labor or minimum line bills, the order prepaid blocks are
	 * drawn in (lib/cover); 0 otherwise.
	 */
	int64_t work_start;
};

/* The heading of a job on the invoice (frozen at issue). */
struct fb_invoice_job {
	int64_t id;
	char *title;
	char *po;			/* NULL when none */
	char *first_day, *last_day;	/* dates of the billed work; NULL when none */
	char *techs;			/* technicians' names, ", "-separated; NULL: none */
};

/*
 * One tax component of an invoice: the code and component, how
 * documents label it ("Sales tax", "GST"), the code's VAT category, the
 * rate (ten-thousandths of a percent) it was computed at, the net it was
 * computed on (base) and the tax.  Frozen at issue: a code whose rate
 * changes later keeps the old rate on the invoices that used it.  base
 * is FB_TAX_BASE_UNKNOWN for an invoice without tax rows (one built by
 * hand; fb_invoice_load always knows the base).
 */
#define FB_TAX_BASE_UNKNOWN INT64_MIN

struct fb_invoice_tax {
	char *code;
	char *component;
	char *name;
	char category[3];
	int64_t rate;
	int64_t base;
	int64_t amount;
};

/* A payment or credit application that pays (part of) an invoice. */
struct fb_invoice_payment {
	int64_t id;			/* the record's (payment show ID) */
	char *kind;			/* payment, credit */
	char *date;
	int64_t amount;			/* what of it went to this invoice */
	char *method, *ref;
};

struct fb_invoice {
	int64_t id;
	char *number;			/* NULL while a draft */
	char *kind;			/* invoice, credit */
	char *status;			/* draft, issued, paid, void */
	char *client_code;
	int64_t client_id;
	char *currency;
	char *issue_date;		/* YYYY-MM-DD; NULL while a draft */
	char *due_date;
	int64_t terms;			/* days */
	int64_t credit_of;		/* id of the credited invoice, 0 if none */
	char *credit_of_number;
	char *period;			/* set by invoice run, else NULL */
	int64_t tax_rate;		/* ten-thousandths of a percent */
	/* Parties as printed (frozen at issue). */
	char *company_name, *company_address, *company_email, *company_tax_id;
	char *client_name, *client_address, *client_email, *client_tax_id;
	/* The client's structured address and identifiers (frozen at issue). */
	char *client_street, *client_city, *client_region, *client_postcode;
	char *client_country, *client_vat_id, *client_buyer_ref;
	char *void_reason;
	char *company_phone, *company_website;
	/* The seller's e-invoice details (company.street...; frozen at issue). */
	char *company_street, *company_city, *company_postcode, *company_country;
	char *company_vat_id, *company_iban, *company_bic, *company_legal_id;
	char *ref;			/* the client's reference; NULL when none */
	char *note;			/* printed under the lines; NULL when none */
	char *payment;			/* payment instructions, several lines; NULL: none */
	char *footer;			/* printed at the foot of each page; NULL: none */
	char *through_day;		/* the last day of work it bills; NULL: unknown */
	/* How to render it (settings read at load time, never frozen). */
	char *logo;			/* company.logo: a PNG or JPEG file; NULL: none */
	char *font;			/* invoice.font: a TrueType file; NULL: the default */
	int show_notes;			/* invoice.show_notes=entries */
	/*
	 * A credit note: what had been paid on the invoice it cancels when the
	 * note was issued, which the void moved to the client's credit.
	 */
	int64_t credit_of_paid;
	struct fb_invoice_line *lines;
	size_t nlines, alines;
	struct fb_invoice_job *jobs;
	size_t njobs, ajobs;
	/*
	 * One row per component of each code its lines use, in the order
	 * the codes first appear on the lines.  An invoice made before tax
	 * codes gets the rows fb_invoice_load derives from its tax rate.
	 */
	struct fb_invoice_tax *taxes;
	size_t ntaxes, ataxes;
	/* What pays it and is not reversed, oldest first (SPEC 10: invoice JSON payments). */
	struct fb_invoice_payment *payments;
	size_t npayments, apayments;
	/*
	 * paid: what payments and credit put on it and not reversed; balance:
	 * what a live invoice still owes (0 for a void one or a credit note).
	 */
	int64_t subtotal, tax, total, paid, balance;
};

void fb_invoice_init(struct fb_invoice *inv);
void fb_invoice_release(struct fb_invoice *inv);
/* Append a zeroed line (actual/billed seconds -1) and return it. */
struct fb_invoice_line *fb_invoice_add_line(struct fb_invoice *inv);
/* Append a zeroed job heading and return it. */
struct fb_invoice_job *fb_invoice_add_job(struct fb_invoice *inv);
/* Append a tax component (texts copied; category NULL: "S") and return it. */
struct fb_invoice_tax *fb_invoice_add_tax(struct fb_invoice *inv, const char *code,
					  const char *component, const char *name,
					  const char *category, int64_t rate, int64_t base,
					  int64_t amount);
/* Forget inv's tax components. */
void fb_invoice_clear_taxes(struct fb_invoice *inv);
/* The heading of job id, or NULL. */
const struct fb_invoice_job *fb_invoice_job(const struct fb_invoice *inv, int64_t id);
/*
 * The tax code of line l: its own, or for a line of an invoice made
 * before tax codes, TAX when it was taxed and NONE when not; NULL for a
 * discount, which has none.  Borrowed.
 */
const char *fb_invoice_line_code(const struct fb_invoice_line *l);

/*
 * The lifecycle, in the database (lib/invoice.c).  Every function runs
 * inside the caller's transaction and leaves the rollback to it on
 * failure.  Refusals are FB_ERR_REFUSED and name the invoice by number
 * ('INV-2026-00001') or, while it is a draft, as "draft 3".
 */

/* What a draft bills: the client's work through an instant. */
struct fb_invoice_scope {
	int64_t client_id;
	int64_t through;	/* jobs resolved before this instant */
	int include_open;	/* and open jobs' stopped work so far */
	const char *date;	/* invoice date YYYY-MM-DD, or NULL: the issue day */
	const char *period;	/* set by invoice run, else NULL */
};

/*
 * Create a draft holding every unbilled billable entry (stopped) and
 * charge of the scope's jobs, priced by SPEC section 5.  Returns 1 with
 * *id set, or 0 when there is nothing to bill (nothing is written).
 * A job without any rate is FB_ERR_REFUSED.
 */
int fb_invoice_create(struct fb_db *db, const struct fb_invoice_scope *s,
		      int64_t now, int64_t *id, struct fb_err *err);
/*
 * Create-or-refresh in one call (for invoice run): the client's draft
 * for s->period is refreshed when there is one, else a draft is made.
 * Returns 1 with *id (and *created) when a draft now bills something,
 * 0 when there is nothing to bill.
 */
int fb_invoice_prepare(struct fb_db *db, const struct fb_invoice_scope *s,
		       int64_t now, int64_t *id, int *created, struct fb_err *err);
/* Release a draft's work, pick up the work of its scope again and re-price. */
int fb_invoice_refresh(struct fb_db *db, int64_t id, int64_t now, struct fb_err *err);
/* Release a draft's work and delete it. */
int fb_invoice_discard(struct fb_db *db, int64_t id, struct fb_err *err);

/*
 * Editing a draft (SPEC section 12).  Each refuses an invoice that is not
 * a draft (FB_ERR_REFUSED "cannot edit 'INV-2026-00001': it is issued"),
 * re-prices the draft and refuses (FB_ERR_REFUSED) to leave its total
 * below zero:
 *   cannot price draft 3: its total would be -5.00, below zero
 * What they set is kept by fb_invoice_refresh.
 *
 * fb_invoice_line_add: a line of its own, after the work's lines: amount
 * when qty is 0, else round(qty x price) (qty in thousandths), taxed by
 * tax (a code, any case; FB_ERR_NOTFOUND "unknown tax code 'X'") or, when
 * NULL, as the client's other charges (tax.other).  *line is its number
 * on the draft.
 * fb_invoice_line_rm: remove line number line, which must be an added
 * one.  FB_ERR_NOTFOUND "unknown line 9 of draft 3"; FB_ERR_REFUSED
 * "cannot remove line 2 of draft 3: it bills job 1's work" (or "it is
 * the draft's discount").
 * fb_invoice_release_job: job's work leaves the draft and is billable again;
 * a refresh does not take it back.  FB_ERR_REFUSED "cannot release job 4
 * from draft 3: the draft holds none of its work".
 * fb_invoice_discount: the draft's discount, percent (ten-thousandths of
 * a percent, > 0) or amount (minor units, >= 0; 0 removes it); desc NULL
 * for the default text.
 */
int fb_invoice_line_add(struct fb_db *db, int64_t id, const char *desc, int64_t qty,
			int64_t price, int64_t amount, const char *tax, int64_t *line,
			struct fb_err *err);
int fb_invoice_line_rm(struct fb_db *db, int64_t id, int64_t line, struct fb_err *err);
int fb_invoice_release_job(struct fb_db *db, int64_t id, int64_t job, struct fb_err *err);
int fb_invoice_discount(struct fb_db *db, int64_t id, int64_t percent, int64_t amount,
			const char *desc, struct fb_err *err);

/* What fb_invoice_edit changes: each field only when its set_ flag is on. */
struct fb_invoice_edit {
	int set_ref, set_note, set_terms, set_date;
	const char *ref;	/* NULL or "": none */
	const char *note;
	int64_t terms;		/* days */
	const char *date;	/* YYYY-MM-DD; NULL: the day it is issued */
};

int fb_invoice_edit(struct fb_db *db, int64_t id, const struct fb_invoice_edit *e,
		    struct fb_err *err);

/* Set the reference of a new draft (invoice create --ref). */
int fb_invoice_set_ref(struct fb_db *db, int64_t id, const char *ref, struct fb_err *err);

/*
 * An invoice named on the command line: its number, or its id while a
 * draft.  FB_ERR_NOTFOUND: unknown invoice 'INV-2026-00009'.
 */
int fb_invoice_find(struct fb_db *db, const char *ref, int64_t *id, struct fb_err *err);
/*
 * Load invoice id with its lines, payments and parties (a draft shows
 * the current company and client details) into inv, which the caller
 * initialised and releases.
 */
int fb_invoice_load(struct fb_db *db, int64_t id, struct fb_invoice *inv,
		    struct fb_err *err);
/* "INV-2026-00001", or "draft 3".  Caller frees. */
char *fb_invoice_name(const struct fb_invoice *inv);

/*
 * Issue draft id on date (YYYY-MM-DD; NULL: the draft's date, else
 * today): the next number of invoice.format's series for the date's year,
 * the due date from the terms, the parties frozen; jobs whose work is
 * all invoiced become invoiced; with payments.apply_credit = auto the
 * client's credit is applied to it (lib/payment.h).  Refused: a draft
 * without lines, and a date in the future, in closed books or before the
 * date of the previous number of the series (numbers and dates run in
 * the same order), e.g.
 *   cannot issue draft 3: 2026-10-01 is before the date of INV-2026-00004 (2026-10-10)
 */
int fb_invoice_issue(struct fb_db *db, int64_t id, const char *date, int64_t now,
		     struct fb_err *err);
/*
 * Void issued invoice id: a credit note in invoice.credit_format's series
 * dated date (NULL: today) negating every line, the original marked void
 * and its work released for billing again; what was paid on it becomes
 * the client's credit.  The date follows the rules of fb_invoice_issue
 * and is not before the invoice's.  *credit is the note's id.
 */
int fb_invoice_void(struct fb_db *db, int64_t id, const char *reason,
		    const char *date, int64_t now, int64_t *credit, struct fb_err *err);
/*
 * The text a void stores, as fb_invoice_void checks it (SPEC section
 * 15): valid UTF-8 without control characters other than newlines, at
 * most 64 KiB.  FB_ERR_USAGE:
 *   invalid reason: not valid UTF-8 or has control characters
 */
int fb_invoice_check_reason(const char *reason, struct fb_err *err);

/*
 * Record unbilled work as billed outside fixbill (time mark-billed): the
 * billable, stopped entries that started before the end of the local day
 * through (YYYY-MM-DD, or a word fb_date_parse takes) of client_id (0:
 * every client), not on an invoice nor billed elsewhere already, are
 * marked billed_elsewhere, and the resolved jobs among theirs that have
 * nothing left to bill become invoiced.  They stay in hours reports and
 * exports, and leave unbilled work, invoices and month-end runs.  *n is
 * the number of entries marked (0 is no error).
 *
 * Refused, with nothing marked, when a fixbill invoice (a draft included)
 * holds work of that scope: FB_ERR_REFUSED "cannot mark work through
 * 2024-12-31 as billed elsewhere: entry 7 is on invoice 'INV-2026-00001'".
 * A malformed date is FB_ERR_USAGE.
 */
int fb_invoice_mark_elsewhere(struct fb_db *db, int64_t client_id, const char *through,
			      int64_t now, int64_t *n, struct fb_err *err);

struct fb_invoice_filter {
	int64_t client_id;	/* 0: any */
	const char *status;	/* draft, issued, paid, void; NULL: any */
	const char *from, *to;	/* dates, inclusive, of issue (drafts: creation); NULL: open */
};

/* Ids of the invoices matching f, oldest first.  *ids is the caller's. */
int fb_invoice_list(struct fb_db *db, const struct fb_invoice_filter *f,
		    int64_t **ids, size_t *n, struct fb_err *err);

/*
 * The month-end run (lib/invoice_run.c).
 *
 * fb_invoice_run_clients: ids of the clients an invoice run for period
 * bills, by code: those with billable unbilled work (stopped entries,
 * charges) on jobs resolved before through, those with a draft of the
 * period to refresh, and those with any other draft (one made by hand)
 * that holds work of jobs resolved before through.  *ids is the caller's.
 */
int fb_invoice_run_clients(struct fb_db *db, int64_t through, const char *period,
			   int64_t **ids, size_t *n, struct fb_err *err);

/* What one client's step of a run made: the invoices, in the order made. */
struct fb_invoice_run_step {
	int64_t *ids;
	int *created;		/* 1: a draft the step made, not one it refreshed */
	size_t n, alloc, acreated;
};
void fb_invoice_run_step_release(struct fb_invoice_run_step *s);

/*
 * One client's step, inside the caller's transaction: refresh each draft
 * made by hand that holds work of jobs resolved before through (SPEC
 * section 10: the run takes drafts however they were made), then create
 * or refresh the client's draft for period with the work left, and issue
 * them (each on its own date, else today) when issue is set.  A draft of
 * the period left empty is discarded; a draft made by hand is never
 * discarded.  step (zeroed by the caller, who releases it) lists the
 * invoices that bill something.
 */
int fb_invoice_run_client(struct fb_db *db, int64_t client_id, const char *period,
			  int64_t through, int issue, int64_t now,
			  struct fb_invoice_run_step *step, struct fb_err *err);
/*
 * fb_invoice_run_client in a transaction of its own, committed (rolled
 * back when dry, or on failure: then one client's failure leaves the
 * others billed), with the step's invoices loaded into *invs (n of them,
 * the caller's: fb_invoice_release each, then free) while its
 * transaction is open.  Returns 1 when something was billed, 0 when
 * nothing, -1 on failure.  A database another command holds locked
 * through the whole busy timeout fails with fb_db_busy(db) set: a run
 * should stop there rather than wait again for each client.
 */
int fb_invoice_run_one(struct fb_db *db, int64_t client_id, const char *period,
		       int64_t through, int issue, int dry, int64_t now,
		       struct fb_invoice **invs, int **created, size_t *n,
		       struct fb_err *err);

/* A client an invoice run cannot bill yet: work on jobs still open. */
struct fb_invoice_run_note {
	char *client;
	char *note;		/* "unbilled work on open jobs 4, 7" */
};
/*
 * The clients with billable work not on any invoice, done before through
 * on jobs still open (SPEC section 10: a run notes them; it is not a
 * failure).  Free with fb_invoice_run_notes_free.
 */
int fb_invoice_run_notes(struct fb_db *db, int64_t through, struct fb_invoice_run_note **v,
			 size_t *n, struct fb_err *err);
void fb_invoice_run_notes_free(struct fb_invoice_run_note *v, size_t n);

/* Ids of the issued (or paid) invoices an earlier run made for period. */
int fb_invoice_run_issued(struct fb_db *db, const char *period, int64_t **ids,
			  size_t *n, struct fb_err *err);

#endif
