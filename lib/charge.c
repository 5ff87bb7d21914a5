/*
 * charge.c - parts, trip charges and flat fees on a job: their exact
 * pricing arithmetic and their rows.
 */
#include "charge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "money.h"

/* 100 % in the ten-thousandths of a percent markups are stored in. */
#define HUNDRED_PERCENT ((int64_t)1000000)

void
fb_charge_init(struct fb_charge *c)
{
	memset(c, 0, sizeof(*c));
	c->quantity = 1000;
	c->unit_cost = -1;
	c->markup = -1;
}

void
fb_charge_release(struct fb_charge *c)
{
	free(c->description);
	free(c->invoice_number);
	fb_charge_init(c);
}

int
fb_charge_unit_price(int64_t cost, int64_t markup, int64_t *price)
{
	if (cost < 0 || markup < 0 || markup > INT64_MAX - HUNDRED_PERCENT)
		return -1;
	return fb_muldiv_round(cost, HUNDRED_PERCENT + markup, HUNDRED_PERCENT, price);
}

int
fb_charge_line_amount(int64_t quantity, int64_t unit_price, int64_t *amount)
{
	if (quantity < 0 || unit_price < 0)
		return -1;
	return fb_muldiv_round(quantity, unit_price, 1000, amount);
}

int
fb_charge_parse_quantity(const char *s, int64_t *q, struct fb_err *err)
{
	int too_precise = 0;
	int64_t v;

	if (fb_parse_decimal(s, 3, 0, &v, &too_precise) < 0) {
		if (too_precise)
			return fb_err_set(err, FB_ERR_USAGE,
					  "invalid quantity '%s': at most 3 decimals", s);
		return fb_err_set(err, FB_ERR_USAGE, "invalid quantity '%s'", s);
	}
	if (v == 0)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid quantity '%s': must be more than zero", s);
	if (v > FB_CHARGE_QTY_MAX)
		return fb_err_set(err, FB_ERR_USAGE, "invalid quantity '%s': more than 1000000", s);
	*q = v;
	return 0;
}

char *
fb_charge_format_quantity(int64_t q)
{
	return fb_format_decimal(q, 3);
}

int
fb_charge_parse_markup(const char *s, int64_t *markup, struct fb_err *err)
{
	size_t len = strlen(s);
	char *copy = fb_xstrdup(s);
	int too_precise = 0, rc;
	int64_t v;

	if (len > 0 && copy[len - 1] == '%')
		copy[len - 1] = '\0';
	rc = *copy == '-' ? -1 : fb_parse_decimal(copy, 4, 0, &v, &too_precise);
	free(copy);
	if (rc < 0) {
		if (too_precise)
			return fb_err_set(err, FB_ERR_USAGE,
					  "invalid markup '%s': at most 4 decimals", s);
		if (*s == '-')
			return fb_err_set(err, FB_ERR_USAGE,
					  "invalid markup '%s': must not be negative", s);
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid markup '%s': write a percentage such as 25", s);
	}
	if (v > FB_CHARGE_MARKUP_MAX)
		return fb_err_set(err, FB_ERR_USAGE, "invalid markup '%s': too large", s);
	*markup = v;
	return 0;
}

int
fb_charge_add(struct fb_db *db, struct fb_charge *c, struct fb_err *err)
{
	struct fb_stmt *st;
	char *status = NULL;
	int rc;

	if (fb_job_check_text("description", c->description ? c->description : "", 0,
			      FB_JOB_TITLE_MAX, 1, err) < 0)
		return -1;
	rc = fb_db_text(db, err, &status, "SELECT status FROM jobs WHERE id = ?1", "i",
			c->job_id);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return fb_err_set(err, FB_ERR_NOTFOUND, "unknown job '%lld'",
				  (long long)c->job_id);
	if (strcmp(status, "invoiced") == 0 || strcmp(status, "cancelled") == 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot charge job '%lld': it is %s",
			   (long long)c->job_id, status);
		free(status);
		return -1;
	}
	free(status);
	st = fb_db_prepare(db, "INSERT INTO charges(job_id, kind, description, quantity, "
			   "unit_cost, markup, unit_price, amount, created) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, c->job_id);
	fb_stmt_bind_text(st, 2, c->kind);
	fb_stmt_bind_text(st, 3, c->description);
	fb_stmt_bind_int(st, 4, c->quantity);
	fb_stmt_bind_opt(st, 5, c->unit_cost, c->unit_cost < 0);
	fb_stmt_bind_opt(st, 6, c->markup, c->markup < 0);
	fb_stmt_bind_int(st, 7, c->unit_price);
	fb_stmt_bind_int(st, 8, c->amount);
	fb_stmt_bind_int(st, 9, c->created);
	rc = fb_stmt_step(st, err);
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	c->id = fb_db_last_id(db);
	return fb_job_text_set(db, FB_JOB_TEXT_CHARGE, c->id, c->job_id, c->description, err);
}

#define CHARGE_SELECT \
	"SELECT ch.id, ch.job_id, ch.kind, ch.description, ch.quantity, ch.unit_cost, " \
	"ch.markup, ch.unit_price, ch.amount, ch.invoice_id, i.number, ch.created " \
	"FROM charges ch LEFT JOIN invoices i ON i.id = ch.invoice_id "

static void
read_charge(struct fb_stmt *st, struct fb_charge *c)
{
	const char *kind = fb_stmt_text(st, 2);

	fb_charge_init(c);
	c->id = fb_stmt_int(st, 0);
	c->job_id = fb_stmt_int(st, 1);
	snprintf(c->kind, sizeof(c->kind), "%s", kind ? kind : "flat");
	c->description = fb_stmt_dup(st, 3);
	c->quantity = fb_stmt_int(st, 4);
	c->unit_cost = fb_stmt_isnull(st, 5) ? -1 : fb_stmt_int(st, 5);
	c->markup = fb_stmt_isnull(st, 6) ? -1 : fb_stmt_int(st, 6);
	c->unit_price = fb_stmt_int(st, 7);
	c->amount = fb_stmt_int(st, 8);
	c->invoice_id = fb_stmt_isnull(st, 9) ? 0 : fb_stmt_int(st, 9);
	c->invoice_number = fb_stmt_dup(st, 10);
	c->created = fb_stmt_int(st, 11);
}

int
fb_charge_get(struct fb_db *db, int64_t id, struct fb_charge *c, struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, CHARGE_SELECT "WHERE ch.id = ?1", err);
	int rc;

	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	rc = fb_stmt_step(st, err);
	if (rc == 1)
		read_charge(st, c);
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return fb_err_set(err, FB_ERR_NOTFOUND, "unknown charge '%lld'", (long long)id);
	return 0;
}

int
fb_charge_list(struct fb_db *db, int64_t job_id, struct fb_charge **out, size_t *n,
	       struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, CHARGE_SELECT
					   "WHERE ch.job_id = ?1 ORDER BY ch.id", err);
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, job_id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(out, &alloc, *n + 1, sizeof(**out));
		read_charge(st, &(*out)[(*n)++]);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		fb_charge_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
fb_charge_list_free(struct fb_charge *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fb_charge_release(&list[i]);
	free(list);
}

int
fb_charge_remove(struct fb_db *db, int64_t id, struct fb_err *err)
{
	struct fb_charge c;

	if (fb_charge_get(db, id, &c, err) < 0)
		return -1;
	if (c.invoice_id) {
		if (c.invoice_number)
			fb_err_set(err, FB_ERR_REFUSED, "cannot remove charge '%lld': it is on invoice %s",
				   (long long)id, c.invoice_number);
		else {
			fb_err_set(err, FB_ERR_REFUSED, "cannot remove charge '%lld': it is on draft %lld",
				   (long long)id, (long long)c.invoice_id);
			fb_err_hint(err, "discard the draft first: fixbill invoice discard %lld",
				    (long long)c.invoice_id);
		}
		fb_charge_release(&c);
		return -1;
	}
	fb_charge_release(&c);
	if (fb_db_exec(db, err, "DELETE FROM charges WHERE id = ?1", "i", id) < 0)
		return -1;
	return fb_job_text_set(db, FB_JOB_TEXT_CHARGE, id, 0, NULL, err);
}
