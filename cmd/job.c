/*
 * job.c - `fixbill job`: jobs (incidents), their charges and the
 * knowledge base.
 *
 * A job is opened when a client calls with a problem; time is logged
 * against it (`fixbill time`), parts, trips and flat fees are charged to
 * it, and once resolved it is ready to invoice.  Its resolution notes
 * make the shop's knowledge base: `job search` finds how a problem was
 * fixed last time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charge.h"
#include "client.h"
#include "cmd.h"
#include "duration.h"
#include "job.h"
#include "json.h"
#include "money.h"
#include "table.h"
#include "when.h"

/* The job number of a verb's first argument, into *id. */
static int
job_arg(struct cmd_ctx *ctx, int64_t *id)
{
	struct fb_err err = FB_ERR_INIT;

	if (fb_job_parse_id(ctx->argv[0], id, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

/*
 * The client for a job: found, and not archived, since new work for it
 * would never be billed.  doing says what was refused: "open a job for".
 */
static int
find_client(struct fb_db *db, const char *code, const char *doing,
	    struct fb_client *c, struct fb_err *err)
{
	if (fb_client_find(db, code, c, err) < 0)
		return -1;
	if (c->archived) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot %s client '%s': it is archived",
			   doing, c->code);
		fb_client_release(c);
		return -1;
	}
	return 0;
}

static struct fb_json *
job_json(const struct fb_job *j)
{
	struct fb_json *o = fb_json_object();

	fb_json_set_int(o, "id", j->id);
	fb_json_set_str(o, "client", j->client);
	fb_json_set_str(o, "title", j->title);
	fb_json_set_str(o, "priority", j->priority);
	fb_json_set_str(o, "status", j->status);
	fb_json_set_bool(o, "onsite", j->onsite);
	fb_json_set_time(o, "opened", j->opened, 0);
	fb_json_set_time(o, "resolved", j->resolved, j->resolved == FB_JOB_NONE);
	fb_json_set_time(o, "down_since", j->down_since, j->down_since == FB_JOB_NONE);
	fb_json_set_time(o, "restored", j->restored, j->restored == FB_JOB_NONE);
	fb_json_set_str(o, "note", j->note);
	fb_json_set_str(o, "resolution", j->resolution);
	fb_json_set_str(o, "po", j->po);
	fb_json_set_time(o, "cancelled", j->cancelled, j->cancelled == FB_JOB_NONE);
	fb_json_set_str(o, "cancel_reason", j->cancel_reason);
	return o;
}

static void
set_seconds(struct fb_json *o, const char *key, int64_t v)
{
	if (v == FB_JOB_NONE)
		fb_json_set_null(o, key);
	else
		fb_json_set_int(o, key, v);
}

static struct fb_json *
charge_json(const struct fb_charge *c, const char *currency)
{
	struct fb_json *o = fb_json_object();
	char *q;

	fb_json_set_int(o, "id", c->id);
	fb_json_set_int(o, "job", c->job_id);
	fb_json_set_str(o, "kind", c->kind);
	fb_json_set_str(o, "description", c->description);
	q = fb_charge_format_quantity(c->quantity);
	fb_json_set_str(o, "quantity", q);
	free(q);
	if (c->unit_cost < 0)
		fb_json_set_null(o, "unit_cost");
	else
		fb_json_set_money(o, "unit_cost", c->unit_cost, currency);
	fb_json_set_money(o, "unit_price", c->unit_price, currency);
	fb_json_set_money(o, "amount", c->amount, currency);
	if (c->invoice_id)
		fb_json_set_int(o, "invoice", c->invoice_id);
	else
		fb_json_set_null(o, "invoice");
	fb_json_set_str(o, "currency", currency);
	return o;
}

/* How people see where a charge was billed: "INV-2026-00001", "draft 3", "-". */
static char *
invoice_label(const struct fb_charge *c)
{
	if (c->invoice_number)
		return fb_xstrdup(c->invoice_number);
	if (c->invoice_id)
		return fb_xasprintf("draft %lld", (long long)c->invoice_id);
	return NULL;
}

static void
charges_table(const struct fb_charge *list, size_t n, const char *currency,
	      struct fb_table *t)
{
	int64_t total = 0;

	fb_table_init(t);
	fb_table_col(t, "id", NULL, FB_COL_INT);
	fb_table_col(t, "kind", NULL, FB_COL_TEXT);
	fb_table_col(t, "description", NULL, FB_COL_TEXT);
	fb_table_col(t, "invoice", NULL, FB_COL_TEXT);
	fb_table_col(t, "quantity", "QTY", FB_COL_NUMBER);
	fb_table_col(t, "unit_price", "PRICE", FB_COL_MONEY);
	fb_table_col(t, "amount", NULL, FB_COL_MONEY);
	for (size_t i = 0; i < n; i++) {
		const struct fb_charge *c = &list[i];

		fb_table_row(t);
		fb_table_setf(t, 0, "%lld", (long long)c->id);
		fb_table_set(t, 1, c->kind);
		fb_table_set(t, 2, c->description);
		fb_table_take(t, 3, invoice_label(c));
		fb_table_take(t, 4, fb_charge_format_quantity(c->quantity));
		fb_table_take(t, 5, fb_money_format_human(c->unit_price, currency));
		fb_table_take(t, 6, fb_money_format_human(c->amount, currency));
		/* Amounts were bounded when charged; a sum past int64 is not a real job. */
		if (fb_add_checked(total, c->amount, &total) < 0)
			total = INT64_MAX;
	}
	if (n > 1) {
		fb_table_row(t);
		for (size_t col = 0; col < 7; col++)
			fb_table_set(t, col, "");
		fb_table_set(t, 2, "total");
		fb_table_take(t, 6, fb_money_format_human(total, currency));
		t->has_total = 1;
	}
}

static char *
duration_or_none(int64_t secs)
{
	return secs == FB_JOB_NONE ? fb_xstrdup("-") : fb_duration_format(secs);
}

static char *
when_or_none(int64_t t)
{
	return t == FB_JOB_NONE ? fb_xstrdup("-") : fb_when_short(t);
}

static void
field(const char *name, const char *value)
{
	printf("%-12s", name);
	cmd_put(value, 0);
	putchar('\n');
}

static void
field_take(const char *name, char *value)
{
	field(name, value);
	free(value);
}

/* A note or resolution over several lines, the later ones indented. */
static void
field_text(const char *name, const char *text)
{
	char *safe = fb_escape(text, 1);

	printf("%-12s", name);
	for (const char *p = safe; *p; p++) {
		putchar(*p);
		if (*p == '\n' && p[1] != '\0')
			printf("%-12s", "");
	}
	putchar('\n');
	free(safe);
}

/* The episodes a reopen ended, oldest first. */
static struct fb_json *
episodes_json(const struct fb_job_episode *eps, size_t n)
{
	struct fb_json *arr = fb_json_array();

	for (size_t i = 0; i < n; i++) {
		struct fb_json *e = fb_json_object();

		fb_json_set_time(e, "opened", eps[i].opened, 0);
		fb_json_set_time(e, "resolved", eps[i].resolved, 0);
		fb_json_set_time(e, "down_since", eps[i].down_since,
				 eps[i].down_since == FB_JOB_NONE);
		fb_json_set_time(e, "restored", eps[i].restored, eps[i].restored == FB_JOB_NONE);
		fb_json_set_str(e, "resolution", eps[i].resolution);
		fb_json_push(arr, e);
	}
	return arr;
}

static void
print_episodes(const struct fb_job_episode *eps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *a = fb_when_short(eps[i].opened), *b = fb_when_short(eps[i].resolved);

		printf("%-12s", i == 0 ? "earlier" : "");
		printf("%s to %s", a, b);
		if (eps[i].down_since != FB_JOB_NONE) {
			int64_t end = eps[i].restored != FB_JOB_NONE ? eps[i].restored :
				      eps[i].resolved;
			char *d = fb_duration_format(end - eps[i].down_since);

			printf(", down %s", d);
			free(d);
		}
		putchar('\n');
		if (eps[i].resolution)
			field_text("", eps[i].resolution);
		free(a);
		free(b);
	}
}

/* Print job id as `job show` does (JSON or for people). */
static int
print_show(struct cmd_ctx *ctx, int64_t id)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_job j;
	struct fb_job_work w;
	struct fb_client c;
	struct fb_charge *charges = NULL;
	struct fb_job_episode *eps = NULL;
	size_t ncharges = 0, neps = 0;
	int64_t total = 0;

	fb_job_init(&j);
	if (fb_job_get(ctx->db, id, &j, &err) < 0)
		return cmd_fail(&err);
	if (fb_job_episodes(ctx->db, id, &eps, &neps, &err) < 0) {
		fb_job_release(&j);
		return cmd_fail(&err);
	}
	if (fb_client_get(ctx->db, j.client_id, &c, &err) < 0) {
		fb_job_release(&j);
		fb_job_episodes_free(eps, neps);
		return cmd_fail(&err);
	}
	if (fb_job_work(ctx->db, id, ctx->now, &w, &err) < 0 ||
	    fb_charge_list(ctx->db, id, &charges, &ncharges, &err) < 0) {
		fb_job_release(&j);
		fb_client_release(&c);
		fb_job_episodes_free(eps, neps);
		return cmd_fail(&err);
	}
	for (size_t i = 0; i < ncharges; i++)
		if (fb_add_checked(total, charges[i].amount, &total) < 0)
			total = INT64_MAX;
	if (ctx->json) {
		struct fb_json *o = job_json(&j), *arr = fb_json_array();

		set_seconds(o, "response_seconds", fb_job_response(&j, &w));
		set_seconds(o, "resolution_seconds", fb_job_resolution_time(&j));
		set_seconds(o, "downtime_seconds", fb_job_downtime(&j));
		fb_json_set_int(o, "entries", w.entries);
		fb_json_set_int(o, "seconds", w.seconds);
		fb_json_set_int(o, "billable_seconds", w.billable_seconds);
		fb_json_set_bool(o, "running", w.running);
		for (size_t i = 0; i < ncharges; i++)
			fb_json_push(arr, charge_json(&charges[i], c.currency));
		fb_json_set(o, "charges", arr);
		fb_json_set(o, "earlier_episodes", episodes_json(eps, neps));
		fb_json_set_money(o, "charges_total", total, c.currency);
		fb_json_set_str(o, "currency", c.currency);
		fb_json_write(o, stdout);
		fb_json_free(o);
	} else {
		printf("job %lld: ", (long long)j.id);
		cmd_put(j.title, 0);
		putchar('\n');
		field_take("client", fb_xasprintf("%s (%s)", c.code, c.name));
		field("priority", j.priority);
		field("status", j.status);
		field("onsite", j.onsite ? "yes" : "no");
		field_take("opened", fb_when_short(j.opened));
		if (j.reopened != FB_JOB_NONE)
			field_take("reopened", fb_when_short(j.reopened));
		if (j.cancelled != FB_JOB_NONE)
			field_take("cancelled", fb_when_short(j.cancelled));
		if (j.cancel_reason)
			field_text("reason", j.cancel_reason);
		field_take("resolved", when_or_none(j.resolved));
		field_take("down since", when_or_none(j.down_since));
		field_take("restored", when_or_none(j.restored));
		field_take("response", duration_or_none(fb_job_response(&j, &w)));
		field_take("resolved in", duration_or_none(fb_job_resolution_time(&j)));
		field_take("downtime", duration_or_none(fb_job_downtime(&j)));
		if (w.entries == 0)
			field("time", "none logged");
		else {
			char *all = fb_duration_format(w.seconds);
			char *bill = fb_duration_format(w.billable_seconds);

			field_take("time", fb_xasprintf("%s in %lld entr%s, %s billable%s", all,
							(long long)w.entries,
							w.entries == 1 ? "y" : "ies", bill,
							w.running ? " (timer running)" : ""));
			free(all);
			free(bill);
		}
		if (j.po)
			field_text("po", j.po);
		if (j.note)
			field_text("note", j.note);
		if (j.resolution)
			field_text("resolution", j.resolution);
		print_episodes(eps, neps);
		if (ncharges) {
			struct fb_table t;

			printf("\ncharges (%s):\n", c.currency);
			charges_table(charges, ncharges, c.currency, &t);
			fb_table_print(&t, stdout, ctx->color);
			fb_table_release(&t);
		}
	}
	fb_job_release(&j);
	fb_client_release(&c);
	fb_charge_list_free(charges, ncharges);
	fb_job_episodes_free(eps, neps);
	return 0;
}

/* After a change: the show document with --json, else nothing. */
static int
finish_change(struct cmd_ctx *ctx, int64_t id)
{
	if (ctx->json && !ctx->quiet)
		return print_show(ctx, id);
	return 0;
}

/* Title, note, resolution and PO, by lib's rules; NULL is absent. */
static int
check_texts(const char *title, const char *note, const char *resolution, const char *po)
{
	struct fb_err err = FB_ERR_INIT;

	if ((title && fb_job_check_text("title", title, 0, FB_JOB_TITLE_MAX, 1, &err) < 0) ||
	    (po && fb_job_check_text("purchase order", po, 0, FB_JOB_TITLE_MAX, 0, &err) < 0) ||
	    (note && fb_job_check_text("note", note, 1, FB_JOB_TEXT_MAX, 0, &err) < 0) ||
	    (resolution && fb_job_check_text("resolution", resolution, 1, FB_JOB_TEXT_MAX, 0,
					     &err) < 0))
		return cmd_fail(&err);
	return 0;
}

static int
parse_priority(const char *s, char out[3])
{
	struct fb_err err = FB_ERR_INIT;

	if (s && fb_job_parse_priority(s, out, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

struct open_opts {
	const char *client;
	const char *priority;
	int onsite;
	struct opt_num down_since;
	const char *note;
	const char *po;
	struct opt_num at;
	char prio[3];
};

static int
check_open(struct cmd_ctx *ctx, void *opts)
{
	struct open_opts *o = opts;
	int rc;

	if ((rc = check_texts(ctx->argv[0], o->note, NULL, o->po)) != 0)
		return rc;
	return parse_priority(o->priority, o->prio);
}

static int
job_open(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct open_opts *o = opts;
	struct fb_client c;
	struct fb_job j;
	int64_t id;

	fb_job_init(&j);
	if (*o->prio)
		memcpy(j.priority, o->prio, sizeof(j.priority));
	j.opened = o->at.arg ? o->at.v : ctx->now;
	if (o->down_since.arg)
		j.down_since = o->down_since.v;
	if (find_client(ctx->db, o->client, "open a job for", &c, &err) < 0)
		return cmd_fail(&err);
	j.client_id = c.id;
	fb_client_release(&c);
	j.title = fb_xstrdup(ctx->argv[0]);
	j.onsite = o->onsite;
	if (o->note && *o->note)
		j.note = fb_xstrdup(o->note);
	if (o->po && *o->po)
		j.po = fb_xstrdup(o->po);
	if (fb_job_insert(ctx->db, &j, &err) < 0) {
		fb_job_release(&j);
		return cmd_fail(&err);
	}
	id = j.id;
	fb_job_release(&j);
	if (ctx->quiet)
		return 0;
	if (ctx->json)
		return print_show(ctx, id);
	printf("job %lld\n", (long long)id);
	return 0;
}

static int
parse_statuses(const char *s, int64_t *out, struct fb_err *err)
{
	if (strcmp(s, "open") == 0)
		*out = FB_JOB_OPEN;
	else if (strcmp(s, "resolved") == 0)
		*out = FB_JOB_RESOLVED;
	else if (strcmp(s, "invoiced") == 0)
		*out = FB_JOB_INVOICED;
	else if (strcmp(s, "cancelled") == 0)
		*out = FB_JOB_CANCELLED;
	else if (strcmp(s, "all") == 0)
		*out = FB_JOB_OPEN | FB_JOB_RESOLVED | FB_JOB_INVOICED | FB_JOB_CANCELLED;
	else
		return fb_err_set(err, FB_ERR_USAGE, "invalid status '%s':"
				  " want open, resolved, invoiced, cancelled or all", s);
	return 0;
}

struct list_opts {
	const char *client;
	struct opt_num status;
	struct opt_period opened;
};

static int
job_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct list_opts *o = opts;
	struct fb_job_filter f = { 0, 0, INT64_MIN, INT64_MAX };
	struct fb_job *jobs = NULL;
	struct fb_client c;
	size_t n = 0;

	f.statuses = o->status.arg ? (unsigned)o->status.v : FB_JOB_OPEN | FB_JOB_RESOLVED;
	f.from = o->opened.v.start;
	f.to = o->opened.v.end;
	if (o->client) {
		if (fb_client_find(ctx->db, o->client, &c, &err) < 0)
			return cmd_fail(&err);
		f.client_id = c.id;
		fb_client_release(&c);
	}
	if (fb_job_list(ctx->db, &f, &jobs, &n, &err) < 0)
		return cmd_fail(&err);
	if (ctx->json) {
		struct fb_json *arr = fb_json_array();

		for (size_t i = 0; i < n; i++)
			fb_json_push(arr, job_json(&jobs[i]));
		fb_json_write(arr, stdout);
		fb_json_free(arr);
	} else if (ctx->quiet) {
		for (size_t i = 0; i < n; i++)
			printf("%lld\n", (long long)jobs[i].id);
	} else if (n) {
		struct fb_table t;

		fb_table_init(&t);
		fb_table_col(&t, "id", NULL, FB_COL_INT);
		fb_table_col(&t, "client", NULL, FB_COL_TEXT);
		fb_table_col(&t, "priority", "PRI", FB_COL_TEXT);
		fb_table_col(&t, "status", NULL, FB_COL_TEXT);
		fb_table_col(&t, "opened", NULL, FB_COL_TEXT);
		fb_table_col(&t, "title", NULL, FB_COL_TEXT);
		for (size_t i = 0; i < n; i++) {
			fb_table_row(&t);
			fb_table_setf(&t, 0, "%lld", (long long)jobs[i].id);
			fb_table_set(&t, 1, jobs[i].client);
			fb_table_set(&t, 2, jobs[i].priority);
			fb_table_take(&t, 3, fb_xasprintf("%s%s", jobs[i].status,
							  jobs[i].onsite ? " (onsite)" : ""));
			fb_table_take(&t, 4, fb_when_short(jobs[i].opened));
			fb_table_set(&t, 5, jobs[i].title);
		}
		fb_table_print(&t, stdout, ctx->color);
		fb_table_release(&t);
	}
	fb_job_list_free(jobs, n);
	return 0;
}

/* The verbs that take only a job number. */
struct id_opts {
	int64_t id;
};

static int
check_id(struct cmd_ctx *ctx, void *opts)
{
	struct id_opts *o = opts;

	return job_arg(ctx, &o->id);
}

static int
job_show(struct cmd_ctx *ctx, void *opts)
{
	struct id_opts *o = opts;

	return print_show(ctx, o->id);
}

/* A clearable text option: "" removes the text. */
static void
set_text(char **field_p, const char *s)
{
	free(*field_p);
	*field_p = *s ? fb_xstrdup(s) : NULL;
}

struct edit_opts {
	const char *title, *client, *priority;
	int onsite, offsite;
	struct opt_num down_since, restored;
	const char *note, *resolution, *po;
	int64_t id;
	char prio[3];
};

static int
check_edit(struct cmd_ctx *ctx, void *opts)
{
	struct edit_opts *o = opts;
	int rc;

	if ((rc = job_arg(ctx, &o->id)) != 0 ||
	    (rc = check_texts(o->title, o->note, o->resolution, o->po)) != 0)
		return rc;
	if (!o->title && !o->client && !o->priority && !o->onsite && !o->offsite &&
	    !o->down_since.arg && !o->restored.arg && !o->note && !o->resolution && !o->po) {
		cmd_error(FB_ERR_USAGE, "nothing to change for 'job edit'");
		cmd_hint("see 'fixbill job edit -h'");
		return FB_ERR_USAGE;
	}
	return parse_priority(o->priority, o->prio);
}

static int
job_edit(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct edit_opts *o = opts;
	struct fb_job j;
	int64_t id = o->id;

	fb_job_init(&j);
	if (fb_job_get(ctx->db, id, &j, &err) < 0)
		return cmd_fail(&err);
	if (*o->prio)
		memcpy(j.priority, o->prio, sizeof(j.priority));
	if (o->down_since.arg)
		j.down_since = o->down_since.v;
	if (o->restored.arg)
		j.restored = o->restored.v;
	if (o->client) {
		struct fb_client c, from;
		char *doing = fb_xasprintf("move job '%lld' to", (long long)id);
		int held;

		held = find_client(ctx->db, o->client, doing, &c, &err);
		free(doing);
		if (held < 0)
			goto fail;
		if (c.id != j.client_id) {
			/* Who pays is settled once any of the job's work is on an invoice. */
			held = fb_job_has_billed_work(ctx->db, id, &err);
			if (held < 0) {
				fb_client_release(&c);
				goto fail;
			}
			if (held || strcmp(j.status, "invoiced") == 0) {
				fb_err_set(&err, FB_ERR_REFUSED,
					   "cannot move job '%lld' to client '%s': it is invoiced",
					   (long long)id, c.code);
				fb_client_release(&c);
				goto fail;
			}
			/* Its charges are amounts of its client's currency. */
			if (fb_client_get(ctx->db, j.client_id, &from, &err) < 0) {
				fb_client_release(&c);
				goto fail;
			}
			held = fb_job_check_currency(ctx->db, &j, from.currency, c.currency,
						     c.code, &err);
			fb_client_release(&from);
			if (held < 0) {
				fb_client_release(&c);
				goto fail;
			}
			j.client_id = c.id;
		}
		fb_client_release(&c);
	}
	if (o->title)
		set_text(&j.title, o->title);
	if (o->onsite)
		j.onsite = 1;
	if (o->offsite)
		j.onsite = 0;
	if (o->note)
		set_text(&j.note, o->note);
	if (o->resolution)
		set_text(&j.resolution, o->resolution);
	if (o->po)
		set_text(&j.po, o->po);
	if (fb_job_check_times(&j, &err) < 0 || fb_job_update(ctx->db, &j, &err) < 0)
		goto fail;
	fb_job_release(&j);
	return finish_change(ctx, id);
fail:
	fb_job_release(&j);
	return cmd_fail(&err);
}

struct resolve_opts {
	const char *note;
	struct opt_num restored, at;
	int64_t id;
};

static int
check_resolve(struct cmd_ctx *ctx, void *opts)
{
	struct resolve_opts *o = opts;
	int rc;

	if ((rc = job_arg(ctx, &o->id)) != 0)
		return rc;
	return check_texts(NULL, NULL, o->note, NULL);
}

static int
job_resolve(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct resolve_opts *o = opts;
	struct fb_job j;

	fb_job_init(&j);
	if (fb_job_get(ctx->db, o->id, &j, &err) < 0 ||
	    fb_job_resolve(ctx->db, &j, o->at.arg ? o->at.v : ctx->now,
			   o->restored.arg ? o->restored.v : FB_JOB_NONE,
			   o->note && *o->note ? o->note : NULL, &err) < 0) {
		fb_job_release(&j);
		return cmd_fail(&err);
	}
	fb_job_release(&j);
	return finish_change(ctx, o->id);
}

struct reopen_opts {
	struct opt_num at, down_since;
	int64_t id;
};

static int
check_reopen(struct cmd_ctx *ctx, void *opts)
{
	struct reopen_opts *o = opts;

	return job_arg(ctx, &o->id);
}

static int
job_reopen(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct reopen_opts *o = opts;
	struct fb_job j;

	fb_job_init(&j);
	if (fb_job_get(ctx->db, o->id, &j, &err) < 0 ||
	    fb_job_reopen(ctx->db, &j, o->at.arg ? o->at.v : ctx->now,
			  o->down_since.arg ? o->down_since.v : FB_JOB_NONE, &err) < 0) {
		fb_job_release(&j);
		return cmd_fail(&err);
	}
	fb_job_release(&j);
	return finish_change(ctx, o->id);
}

struct cancel_opts {
	const char *reason;
	int64_t id;
};

static int
check_cancel(struct cmd_ctx *ctx, void *opts)
{
	struct cancel_opts *o = opts;
	int rc;

	if ((rc = job_arg(ctx, &o->id)) != 0)
		return rc;
	if (o->reason && *o->reason == '\0')
		o->reason = NULL;
	return check_texts(NULL, o->reason, NULL, NULL);
}

/* job cancel: a job opened by mistake, or a duplicate, is never billed. */
static int
job_cancel(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct cancel_opts *o = opts;
	struct fb_job j;

	fb_job_init(&j);
	if (fb_job_get(ctx->db, o->id, &j, &err) < 0 ||
	    fb_job_cancel(ctx->db, &j, ctx->now, o->reason, &err) < 0) {
		fb_job_release(&j);
		return cmd_fail(&err);
	}
	fb_job_release(&j);
	if (ctx->json)
		return finish_change(ctx, o->id);
	if (!ctx->quiet)
		printf("cancelled job %lld\n", (long long)o->id);
	return 0;
}

struct search_opts {
	struct opt_num limit;
};

/* The words of the query, one string.  Caller frees. */
static char *
search_query(struct cmd_ctx *ctx)
{
	struct fb_buf q = FB_BUF_INIT;

	for (int i = 0; i < ctx->argc; i++) {
		if (i)
			fb_buf_addc(&q, ' ');
		fb_buf_adds(&q, ctx->argv[i]);
	}
	fb_buf_str(&q);
	return fb_buf_detach(&q);
}

static int
check_search(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	char *q = search_query(ctx);
	int rc;

	(void)opts;
	rc = fb_job_check_text("search", q, 0, FB_JOB_TITLE_MAX, 0, &err);
	free(q);
	return rc < 0 ? cmd_fail(&err) : 0;
}

/*
 * A snippet for people: the hits between the markers MARK_OPEN and
 * MARK_CLOSE shown bold red, or in brackets without colour; the text
 * itself escaped, on one line.
 */
#define MARK_OPEN "\036"
#define MARK_CLOSE "\037"

static void
put_snippet(const char *s, int color)
{
	char *one = fb_xstrdup(s);

	for (char *p = one; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	for (char *p = one; *p;) {
		size_t len = strcspn(p, MARK_OPEN MARK_CLOSE);
		char c = p[len];

		p[len] = '\0';
		cmd_put(p, 0);
		if (c == MARK_OPEN[0])
			fputs(color ? "\033[1;31m" : "[", stdout);
		else if (c == MARK_CLOSE[0])
			fputs(color ? "\033[0m" : "]", stdout);
		p += len + (c != '\0');
	}
	free(one);
}

static int
job_search(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct search_opts *o = opts;
	struct fb_job_hit *hits = NULL;
	size_t n = 0;
	char *q = search_query(ctx);
	int rc;

	rc = fb_job_search(ctx->db, q, o->limit.arg ? o->limit.v : 20,
			   ctx->json ? "[" : MARK_OPEN, ctx->json ? "]" : MARK_CLOSE,
			   &hits, &n, &err);
	free(q);
	if (rc < 0)
		return cmd_fail(&err);
	if (ctx->json) {
		struct fb_json *arr = fb_json_array();

		for (size_t i = 0; i < n; i++) {
			struct fb_json *j = fb_json_object();

			fb_json_set_int(j, "id", hits[i].id);
			fb_json_set_str(j, "client", hits[i].client);
			fb_json_set_str(j, "title", hits[i].title);
			fb_json_set_str(j, "status", hits[i].status);
			fb_json_set_int(j, "rank", (int64_t)i + 1);
			fb_json_set_str(j, "snippet", hits[i].snippet);
			fb_json_push(arr, j);
		}
		fb_json_write(arr, stdout);
		fb_json_free(arr);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (ctx->quiet) {
				printf("%lld\n", (long long)hits[i].id);
				continue;
			}
			printf("job %lld (%s, %s): ", (long long)hits[i].id,
			       hits[i].client, hits[i].status);
			cmd_put(hits[i].title, 0);
			fputs("\n    ", stdout);
			put_snippet(hits[i].snippet, ctx->color);
			putchar('\n');
		}
	}
	fb_job_hits_free(hits, n);
	return 0;
}

struct charge_opts {
	const char *part;
	struct opt_num qty;
	const char *cost;
	struct opt_num markup;
	const char *price, *trip, *flat, *discount;
	int64_t id;
	const char *kind;
};

static int
parse_quantity(const char *s, int64_t *v, struct fb_err *err)
{
	return fb_charge_parse_quantity(s, v, err);
}

static int
parse_markup(const char *s, int64_t *v, struct fb_err *err)
{
	return fb_charge_parse_markup(s, v, err);
}

/* The rules of `job charge` that need no database. */
static int
check_charge(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct charge_opts *o = opts;
	int rc;

	if ((rc = job_arg(ctx, &o->id)) != 0)
		return rc;
	o->kind = o->part ? "part" : o->trip ? "trip" : o->flat ? "flat" :
		o->discount ? "discount" : NULL;
	if (o->kind == NULL) {
		cmd_error(FB_ERR_USAGE, "'job charge' needs one of '--part', '--trip', '--flat'"
			  " or '--discount'");
		cmd_hint("see 'fixbill job charge -h'");
		return FB_ERR_USAGE;
	}
	if (!o->part) {
		static const char *const part_only[] = { "qty", "cost", "markup", "price" };
		const int given[] = { o->qty.arg != NULL, o->cost != NULL, o->markup.arg != NULL,
				      o->price != NULL };

		for (size_t i = 0; i < FB_ARRAY_SIZE(part_only); i++)
			if (given[i])
				return cmd_error(FB_ERR_USAGE, "option '--%s' is only for '--part'",
						 part_only[i]);
	} else if (!o->cost && !o->price)
		return cmd_error(FB_ERR_USAGE, "missing option '--cost' for 'job charge --part'");
	if (o->flat || o->discount) {
		if (ctx->argc < 2) {
			cmd_error(FB_ERR_USAGE, "missing AMOUNT for 'job charge --%s'", o->kind);
			cmd_hint("usage: fixbill job charge --%s DESC N AMOUNT", o->kind);
			return FB_ERR_USAGE;
		}
	} else if (ctx->argc > 1)
		return cmd_error(FB_ERR_USAGE, "too many arguments for 'job charge'");
	if (!o->trip && fb_job_check_text("description", o->part ? o->part : o->flat ? o->flat :
					  o->discount, 0, FB_JOB_TITLE_MAX, 1, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
money_opt(const char *what, const char *s, const char *currency, int64_t *out,
	  struct fb_err *err)
{
	if (fb_money_parse(s, currency, 0, out, err) < 0) {
		fb_err_prefix(err, "invalid %s", what);
		return -1;
	}
	return 0;
}

/* Price the charge from the options, in the client's currency. */
static int
charge_price(struct cmd_ctx *ctx, const struct charge_opts *o, const char *currency,
	     struct fb_charge *ch, struct fb_err *err)
{
	snprintf(ch->kind, sizeof(ch->kind), "%s", o->kind);
	if (o->trip) {
		ch->description = fb_xstrdup("Trip charge");
		if (money_opt("trip charge", o->trip, currency, &ch->unit_price, err) < 0)
			return -1;
	} else if (o->flat) {
		ch->description = fb_xstrdup(o->flat);
		if (money_opt("flat fee", ctx->argv[1], currency, &ch->unit_price, err) < 0)
			return -1;
	} else if (o->discount) {
		/* A discount is a negative line before tax. */
		ch->description = fb_xstrdup(o->discount);
		if (money_opt("discount", ctx->argv[1], currency, &ch->amount, err) < 0)
			return -1;
		if (ch->amount == 0)
			return fb_err_set(err, FB_ERR_USAGE, "invalid discount '%s': must be more"
					  " than zero", ctx->argv[1]);
		ch->amount = -ch->amount;
		ch->unit_price = ch->amount;
		return 0;
	} else {
		ch->description = fb_xstrdup(o->part);
		if (o->qty.arg)
			ch->quantity = o->qty.v;
		if (o->cost && money_opt("cost", o->cost, currency, &ch->unit_cost, err) < 0)
			return -1;
		if (o->price) {
			if (money_opt("price", o->price, currency, &ch->unit_price, err) < 0)
				return -1;
		} else {
			ch->markup = o->markup.arg ? o->markup.v : 0;
			if (fb_charge_unit_price(ch->unit_cost, ch->markup, &ch->unit_price) < 0)
				return fb_err_set(err, FB_ERR_USAGE,
						  "invalid charge: the unit price is too large");
		}
	}
	if (fb_charge_line_amount(ch->quantity, ch->unit_price, &ch->amount) < 0)
		return fb_err_set(err, FB_ERR_USAGE, "invalid charge: the amount is too large");
	return 0;
}

static int
job_charge(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct charge_opts *o = opts;
	struct fb_charge ch;
	struct fb_job j;
	struct fb_client c;
	char *currency = NULL;

	fb_job_init(&j);
	fb_charge_init(&ch);
	if (fb_job_get(ctx->db, o->id, &j, &err) < 0 ||
	    fb_client_get(ctx->db, j.client_id, &c, &err) < 0)
		goto fail;
	currency = fb_xstrdup(c.currency);
	fb_client_release(&c);
	ch.job_id = o->id;
	ch.created = ctx->now;
	if (charge_price(ctx, o, currency, &ch, &err) < 0 ||
	    fb_charge_add(ctx->db, &ch, &err) < 0)
		goto fail;
	if (!ctx->quiet) {
		if (ctx->json) {
			struct fb_json *js = charge_json(&ch, currency);

			fb_json_write(js, stdout);
			fb_json_free(js);
		} else
			printf("charge %lld\n", (long long)ch.id);
	}
	fb_job_release(&j);
	fb_charge_release(&ch);
	free(currency);
	return 0;
fail:
	fb_job_release(&j);
	fb_charge_release(&ch);
	free(currency);
	return cmd_fail(&err);
}

static int
job_charges(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct id_opts *o = opts;
	struct fb_charge *list = NULL;
	struct fb_job j;
	struct fb_client c;
	size_t n = 0;

	fb_job_init(&j);
	if (fb_job_get(ctx->db, o->id, &j, &err) < 0)
		return cmd_fail(&err);
	if (fb_client_get(ctx->db, j.client_id, &c, &err) < 0) {
		fb_job_release(&j);
		return cmd_fail(&err);
	}
	fb_job_release(&j);
	if (fb_charge_list(ctx->db, o->id, &list, &n, &err) < 0) {
		fb_client_release(&c);
		return cmd_fail(&err);
	}
	if (ctx->json) {
		struct fb_json *arr = fb_json_array();

		for (size_t i = 0; i < n; i++)
			fb_json_push(arr, charge_json(&list[i], c.currency));
		fb_json_write(arr, stdout);
		fb_json_free(arr);
	} else if (ctx->quiet) {
		for (size_t i = 0; i < n; i++)
			printf("%lld\n", (long long)list[i].id);
	} else if (n) {
		struct fb_table t;

		charges_table(list, n, c.currency, &t);
		fb_table_print(&t, stdout, ctx->color);
		fb_table_release(&t);
	}
	fb_charge_list_free(list, n);
	fb_client_release(&c);
	return 0;
}

static int
check_uncharge(struct cmd_ctx *ctx, void *opts)
{
	struct id_opts *o = opts;

	if (fb_parse_uint(ctx->argv[0], INT64_MAX, &o->id) < 0 || o->id == 0)
		return cmd_error(FB_ERR_USAGE, "invalid charge number '%s'", ctx->argv[0]);
	return 0;
}

static int
job_uncharge(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct id_opts *o = opts;

	if (fb_charge_remove(ctx->db, o->id, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

#define OPTS struct open_opts
static const struct cmd_opt open_opts[] = {
	{ OPT_STRING('c', "client", client, "CODE", "the client the job is for"),
	  .complete = "@client", .flags = OPTF_REQUIRED },
	{ OPT_STRING('p', "priority", priority, "P1..P4", "priority (default P3)"),
	  .complete = "P1 P2 P3 P4" },
	{ OPT_BOOL(0, "onsite", onsite, "the work is at the client's site") },
	{ OPT_WHEN(0, "down-since", down_since, "WHEN", "when the client's system went down") },
	{ OPT_STRING('n', "note", note, "TEXT", "what the client reported") },
	{ OPT_STRING(0, "po", po, "TEXT", "the client's purchase order, printed on invoices") },
	{ OPT_WHEN(0, "at", at, "WHEN", "when the job was opened (default now)") },
	OPT_END
};
#undef OPTS

#define OPTS struct list_opts
static const struct cmd_opt list_opts[] = {
	{ OPT_STRING('c', "client", client, "CODE", "only this client's jobs"), .complete = "@client" },
	{ OPT_PARSE('s', "status", status, "STATUS",
		    "open, resolved, invoiced, cancelled or all (default: open and resolved)",
		    parse_statuses),
	  .complete = "open resolved invoiced cancelled all" },
	{ OPT_PERIOD(0, "period", opened, "PERIOD", "opened in 2026-10, 2026-Q4 or 2026") },
	{ OPT_FROM(0, "from", opened, "DATE", "opened on or after this day") },
	{ OPT_TO(0, "to", opened, "DATE", "opened on or before this day") },
	OPT_END
};
#undef OPTS

#define OPTS struct edit_opts
static const struct cmd_opt edit_opts[] = {
	{ OPT_STRING(0, "title", title, "TITLE", "new title") },
	{ OPT_STRING('c', "client", client, "CODE", "move to another client (not once invoiced)"),
	  .complete = "@client" },
	{ OPT_STRING('p', "priority", priority, "P1..P4", "new priority"), .complete = "P1 P2 P3 P4" },
	{ OPT_BOOL(0, "onsite", onsite, "the work is at the client's site"), .group = 1 },
	{ OPT_BOOL(0, "offsite", offsite, "the work is remote"), .group = 1 },
	{ OPT_WHEN(0, "down-since", down_since, "WHEN", "when the client's system went down") },
	{ OPT_WHEN(0, "restored", restored, "WHEN", "when service came back") },
	{ OPT_STRING('n', "note", note, "TEXT", "replace the note ('' removes it)") },
	{ OPT_STRING(0, "resolution", resolution, "TEXT", "replace the resolution ('' removes it)") },
	{ OPT_STRING(0, "po", po, "TEXT", "replace the purchase order ('' removes it)") },
	OPT_END
};
#undef OPTS

#define OPTS struct resolve_opts
static const struct cmd_opt resolve_opts[] = {
	{ OPT_STRING('n', "note", note, "RESOLUTION", "how it was fixed (the knowledge base)") },
	{ OPT_WHEN(0, "restored", restored, "WHEN", "when service came back (default: now resolved)") },
	{ OPT_WHEN(0, "at", at, "WHEN", "when it was resolved (default now)") },
	OPT_END
};
#undef OPTS

#define OPTS struct reopen_opts
static const struct cmd_opt reopen_opts[] = {
	{ OPT_WHEN(0, "at", at, "WHEN", "when it was reopened (default now)") },
	{ OPT_WHEN(0, "down-since", down_since, "WHEN",
		   "when the client's system went down again (default: it is not down)") },
	OPT_END
};
#undef OPTS

#define OPTS struct cancel_opts
static const struct cmd_opt cancel_opts[] = {
	{ OPT_STRING(0, "reason", reason, "TEXT", "why (a duplicate of job 12, opened by mistake)") },
	OPT_END
};
#undef OPTS

#define OPTS struct search_opts
static const struct cmd_opt search_opts[] = {
	{ OPT_INT('n', "limit", limit, "N", "at most N hits (default 20)", 1, 100000, "limit") },
	OPT_END
};
#undef OPTS

#define OPTS struct charge_opts
static const struct cmd_opt charge_opts[] = {
	{ OPT_STRING(0, "part", part, "DESC", "charge a part"), .group = 1 },
	{ OPT_PARSE(0, "qty", qty, "Q", "how many parts, up to 3 decimals (default 1)",
		    parse_quantity) },
	{ OPT_STRING(0, "cost", cost, "AMOUNT", "what one part cost the shop") },
	{ OPT_PARSE(0, "markup", markup, "PCT", "sell at cost plus PCT percent (default 0)",
		    parse_markup), .group = 2 },
	{ OPT_STRING(0, "price", price, "AMOUNT", "sell one part at this price"), .group = 2 },
	{ OPT_STRING(0, "trip", trip, "AMOUNT", "charge a trip"), .group = 1 },
	{ OPT_STRING(0, "flat", flat, "DESC", "charge a flat fee of AMOUNT"), .group = 1 },
	{ OPT_STRING(0, "discount", discount, "DESC", "take AMOUNT off the job, before tax"),
	  .group = 1 },
	OPT_END
};
#undef OPTS

#define OPTS struct id_opts
static const struct cmd_opt id_opts[] = { OPT_END };
#undef OPTS

static const struct cmd_verb job_verbs[] = {
	{ "open", "TITLE", "open a job for a client's problem", open_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_open, job_open, NULL },
	{ "list", "", "list jobs", list_opts, 0, 0,
	  VERB_DB_READ, 0, NULL, job_list, NULL },
	{ "show", "N", "show a job: times, downtime, time logged, charges", id_opts, 1, 1,
	  VERB_DB_READ, 0, check_id, job_show, "@anyjob" },
	{ "edit", "N", "change a job", edit_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_edit, job_edit, "@anyjob" },
	{ "resolve", "N", "mark a job resolved, with how it was fixed", resolve_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_resolve, job_resolve, "@job" },
	{ "reopen", "N", "take a resolved job back to open, in a new episode", reopen_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_reopen, job_reopen, "@anyjob" },
	{ "cancel", "N", "cancel a job opened by mistake: it is never billed", cancel_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_cancel, job_cancel, "@job" },
	{ "search", "QUERY...", "search titles, notes, resolutions, entry notes and parts",
	  search_opts, 1, -1,
	  VERB_DB_READ, 0, check_search, job_search, NULL },
	{ "charge", "N [AMOUNT]", "charge a part, a trip, a flat fee or a discount to a job",
	  charge_opts, 1, 2,
	  VERB_DB_WRITE, 0, check_charge, job_charge, "@job" },
	{ "charges", "N", "list a job's charges", id_opts, 1, 1,
	  VERB_DB_READ, 0, check_id, job_charges, "@anyjob" },
	{ "uncharge", "ID", "remove a charge not yet invoiced", id_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_uncharge, job_uncharge, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_job_entry = {
	.name = "job",
	.summary = "jobs (incidents), their charges and the knowledge base",
	.verbs = job_verbs,
};
