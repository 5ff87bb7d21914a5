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

/* Parse an optional WHEN option into *t (left alone when the option is absent). */
static int
parse_when(struct cmd_ctx *ctx, const char *opt, int64_t *t, struct fb_err *err)
{
	const char *s = cmd_get(ctx, opt);

	if (s == NULL)
		return 0;
	return fb_when_parse(s, ctx->now, t, err);
}

static int
parse_job_arg(struct cmd_ctx *ctx, int64_t *id, struct fb_err *err)
{
	return fb_job_parse_id(ctx->args.argv[0], id, err);
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
	printf("%-12s%s\n", name, value);
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
	printf("%-12s", name);
	for (const char *p = text; *p; p++) {
		putchar(*p);
		if (*p == '\n' && p[1] != '\0')
			printf("%-12s", "");
	}
	putchar('\n');
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
	size_t ncharges = 0;
	int64_t total = 0;

	fb_job_init(&j);
	if (fb_job_get(ctx->db, id, &j, &err) < 0)
		return cmd_fail(&err);
	if (fb_client_get(ctx->db, j.client_id, &c, &err) < 0) {
		fb_job_release(&j);
		return cmd_fail(&err);
	}
	if (fb_job_work(ctx->db, id, ctx->now, &w, &err) < 0 ||
	    fb_charge_list(ctx->db, id, &charges, &ncharges, &err) < 0) {
		fb_job_release(&j);
		fb_client_release(&c);
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
		fb_json_set_money(o, "charges_total", total, c.currency);
		fb_json_set_str(o, "currency", c.currency);
		fb_json_write(o, stdout);
		fb_json_free(o);
	} else {
		printf("job %lld: %s\n", (long long)j.id, j.title);
		field_take("client", fb_xasprintf("%s (%s)", c.code, c.name));
		field("priority", j.priority);
		field("status", j.status);
		field("onsite", j.onsite ? "yes" : "no");
		field_take("opened", fb_when_short(j.opened));
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
		if (j.note)
			field_text("note", j.note);
		if (j.resolution)
			field_text("resolution", j.resolution);
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
	return 0;
}

/* After a change: the show document with --json, else nothing. */
static int
finish_change(struct cmd_ctx *ctx, int64_t id)
{
	int rc = cmd_commit(ctx);

	if (rc == 0 && ctx->json && !ctx->quiet)
		rc = print_show(ctx, id);
	return rc;
}

static int
check_texts(struct cmd_ctx *ctx, struct fb_err *err)
{
	static const struct {
		const char *opt, *what;
		int multiline;
	} texts[] = {
		{ "title", "title", 0 },
		{ "note", "note", 1 },
		{ "resolution", "resolution", 1 },
	};

	for (size_t i = 0; i < FB_ARRAY_SIZE(texts); i++) {
		const char *s = cmd_get(ctx, texts[i].opt);

		if (s && fb_job_check_text(texts[i].what, s, texts[i].multiline,
					   texts[i].multiline ? FB_JOB_TEXT_MAX : FB_JOB_TITLE_MAX,
					   i == 0, err) < 0)
			return -1;
	}
	return 0;
}

static int
job_open(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	struct fb_job j;
	const char *s;
	int64_t id;
	int rc;

	fb_job_init(&j);
	if (fb_job_check_text("title", ctx->args.argv[0], 0, FB_JOB_TITLE_MAX, 1, &err) < 0 ||
	    check_texts(ctx, &err) < 0 ||
	    ((s = cmd_get(ctx, "priority")) && fb_job_parse_priority(s, j.priority, &err) < 0))
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	j.opened = ctx->now;
	if (parse_when(ctx, "at", &j.opened, &err) < 0 ||
	    parse_when(ctx, "down-since", &j.down_since, &err) < 0)
		return cmd_fail(&err);
	if (fb_db_begin(ctx->db, &err) < 0)
		return cmd_fail(&err);
	if (find_client(ctx->db, cmd_get(ctx, "client"), "open a job for", &c, &err) < 0)
		return cmd_fail(&err);
	j.client_id = c.id;
	fb_client_release(&c);
	j.title = fb_xstrdup(ctx->args.argv[0]);
	j.onsite = cmd_has(ctx, "onsite");
	if ((s = cmd_get(ctx, "note")) && *s)
		j.note = fb_xstrdup(s);
	if (fb_job_insert(ctx->db, &j, &err) < 0) {
		fb_job_release(&j);
		return cmd_fail(&err);
	}
	id = j.id;
	fb_job_release(&j);
	if ((rc = cmd_commit(ctx)) != 0 || ctx->quiet)
		return rc;
	if (ctx->json)
		return print_show(ctx, id);
	printf("job %lld\n", (long long)id);
	return 0;
}

static int
parse_statuses(const char *s, unsigned *out, struct fb_err *err)
{
	if (s == NULL)
		*out = FB_JOB_OPEN | FB_JOB_RESOLVED;
	else if (strcmp(s, "open") == 0)
		*out = FB_JOB_OPEN;
	else if (strcmp(s, "resolved") == 0)
		*out = FB_JOB_RESOLVED;
	else if (strcmp(s, "invoiced") == 0)
		*out = FB_JOB_INVOICED;
	else if (strcmp(s, "all") == 0)
		*out = FB_JOB_OPEN | FB_JOB_RESOLVED | FB_JOB_INVOICED;
	else
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid status '%s': want open, resolved, invoiced or all", s);
	return 0;
}

static int
parse_period(struct cmd_ctx *ctx, int64_t *from, int64_t *to, struct fb_err *err)
{
	const char *period = cmd_get(ctx, "period");
	struct fb_period p;

	*from = INT64_MIN;
	*to = INT64_MAX;
	if (period) {
		if (cmd_has(ctx, "from") || cmd_has(ctx, "to"))
			return fb_err_set(err, FB_ERR_USAGE,
					  "options '--period' and '--%s' cannot be combined",
					  cmd_has(ctx, "from") ? "from" : "to");
		if (fb_period_parse(period, &p, err) < 0)
			return -1;
	} else if (cmd_has(ctx, "from") || cmd_has(ctx, "to")) {
		if (fb_period_range(cmd_get(ctx, "from"), cmd_get(ctx, "to"), ctx->now, &p, err) < 0)
			return -1;
	} else
		return 0;
	*from = p.start;
	*to = p.end;
	return 0;
}

static int
job_list(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_job_filter f = { 0, 0, INT64_MIN, INT64_MAX };
	struct fb_job *jobs = NULL;
	struct fb_client c;
	size_t n = 0;

	if (parse_statuses(cmd_get(ctx, "status"), &f.statuses, &err) < 0)
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (parse_period(ctx, &f.from, &f.to, &err) < 0)
		return cmd_fail(&err);
	if (cmd_has(ctx, "client")) {
		if (fb_client_find(ctx->db, cmd_get(ctx, "client"), &c, &err) < 0)
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

static int
job_show(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t id;

	if (parse_job_arg(ctx, &id, &err) < 0)
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	return print_show(ctx, id);
}

/* A clearable text option: "" removes the text. */
static void
set_text(char **field_p, const char *s)
{
	free(*field_p);
	*field_p = *s ? fb_xstrdup(s) : NULL;
}

static int
job_edit(struct cmd_ctx *ctx)
{
	static const char *const opts[] = {
		"title", "client", "priority", "onsite", "offsite", "down-since",
		"restored", "note", "resolution"
	};
	struct fb_err err = FB_ERR_INIT;
	struct fb_job j;
	int64_t id;
	const char *s;
	char priority[3] = "";
	int any = 0;

	for (size_t i = 0; i < FB_ARRAY_SIZE(opts); i++)
		any |= cmd_has(ctx, opts[i]);
	if (parse_job_arg(ctx, &id, &err) < 0 || check_texts(ctx, &err) < 0)
		return cmd_fail(&err);
	if (!any) {
		cmd_error(FB_ERR_USAGE, "nothing to change for 'job edit'");
		cmd_hint("see 'fixbill job edit -h'");
		return FB_ERR_USAGE;
	}
	if (cmd_has(ctx, "onsite") && cmd_has(ctx, "offsite"))
		return cmd_error(FB_ERR_USAGE, "options '--onsite' and '--offsite' cannot be combined");
	if ((s = cmd_get(ctx, "priority")) && fb_job_parse_priority(s, priority, &err) < 0)
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	fb_job_init(&j);
	if (fb_db_begin(ctx->db, &err) < 0 || fb_job_get(ctx->db, id, &j, &err) < 0)
		return cmd_fail(&err);
	if (*priority)
		memcpy(j.priority, priority, sizeof(j.priority));
	if (parse_when(ctx, "down-since", &j.down_since, &err) < 0 ||
	    parse_when(ctx, "restored", &j.restored, &err) < 0)
		goto fail;
	if ((s = cmd_get(ctx, "client"))) {
		struct fb_client c;
		char *doing = fb_xasprintf("move job '%lld' to", (long long)id);
		int held;

		held = find_client(ctx->db, s, doing, &c, &err);
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
			j.client_id = c.id;
		}
		fb_client_release(&c);
	}
	if ((s = cmd_get(ctx, "title")))
		set_text(&j.title, s);
	if (cmd_has(ctx, "onsite"))
		j.onsite = 1;
	if (cmd_has(ctx, "offsite"))
		j.onsite = 0;
	if ((s = cmd_get(ctx, "note")))
		set_text(&j.note, s);
	if ((s = cmd_get(ctx, "resolution")))
		set_text(&j.resolution, s);
	if (fb_job_check_times(&j, &err) < 0 || fb_job_update(ctx->db, &j, &err) < 0)
		goto fail;
	fb_job_release(&j);
	return finish_change(ctx, id);
fail:
	fb_job_release(&j);
	return cmd_fail(&err);
}

static int
job_resolve(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_job j;
	int64_t id, at, restored = FB_JOB_NONE;
	const char *note = cmd_get(ctx, "note");

	if (parse_job_arg(ctx, &id, &err) < 0 ||
	    (note && fb_job_check_text("resolution", note, 1, FB_JOB_TEXT_MAX, 0, &err) < 0))
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	at = ctx->now;
	if (parse_when(ctx, "at", &at, &err) < 0 ||
	    parse_when(ctx, "restored", &restored, &err) < 0)
		return cmd_fail(&err);
	fb_job_init(&j);
	if (fb_db_begin(ctx->db, &err) < 0 || fb_job_get(ctx->db, id, &j, &err) < 0 ||
	    fb_job_resolve(ctx->db, &j, at, restored, note && *note ? note : NULL, &err) < 0) {
		fb_job_release(&j);
		return cmd_fail(&err);
	}
	fb_job_release(&j);
	return finish_change(ctx, id);
}

static int
job_reopen(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_job j;
	int64_t id;

	if (parse_job_arg(ctx, &id, &err) < 0)
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	fb_job_init(&j);
	if (fb_db_begin(ctx->db, &err) < 0 || fb_job_get(ctx->db, id, &j, &err) < 0 ||
	    fb_job_reopen(ctx->db, &j, &err) < 0) {
		fb_job_release(&j);
		return cmd_fail(&err);
	}
	fb_job_release(&j);
	return finish_change(ctx, id);
}

static int
job_search(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_buf q = FB_BUF_INIT;
	struct fb_job_hit *hits = NULL;
	size_t n = 0;
	int64_t limit = 20;
	const char *s = cmd_get(ctx, "limit");

	if (s && (fb_parse_uint(s, 100000, &limit) < 0 || limit == 0))
		return cmd_error(FB_ERR_USAGE, "invalid limit '%s': want a number from 1 to 100000", s);
	for (int i = 0; i < ctx->args.argc; i++) {
		if (i)
			fb_buf_addc(&q, ' ');
		fb_buf_adds(&q, ctx->args.argv[i]);
	}
	if (fb_job_check_text("search", fb_buf_str(&q), 0, FB_JOB_TITLE_MAX, 0, &err) < 0) {
		fb_buf_release(&q);
		return cmd_fail(&err);
	}
	if (cmd_db(ctx) == NULL) {
		fb_buf_release(&q);
		return FB_ERR_RUNTIME;
	}
	if (fb_job_search(ctx->db, fb_buf_str(&q), limit,
			  ctx->color && !ctx->json ? "\033[1;31m" : "[",
			  ctx->color && !ctx->json ? "\033[0m" : "]", &hits, &n, &err) < 0) {
		fb_buf_release(&q);
		return cmd_fail(&err);
	}
	fb_buf_release(&q);
	if (ctx->json) {
		struct fb_json *arr = fb_json_array();

		for (size_t i = 0; i < n; i++) {
			struct fb_json *o = fb_json_object();

			fb_json_set_int(o, "id", hits[i].id);
			fb_json_set_str(o, "client", hits[i].client);
			fb_json_set_str(o, "title", hits[i].title);
			fb_json_set_str(o, "status", hits[i].status);
			fb_json_set_int(o, "rank", (int64_t)i + 1);
			fb_json_set_str(o, "snippet", hits[i].snippet);
			fb_json_push(arr, o);
		}
		fb_json_write(arr, stdout);
		fb_json_free(arr);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (ctx->quiet) {
				printf("%lld\n", (long long)hits[i].id);
				continue;
			}
			printf("job %lld (%s, %s): %s\n    ", (long long)hits[i].id,
			       hits[i].client, hits[i].status, hits[i].title);
			for (const char *p = hits[i].snippet; *p; p++)
				putchar(*p == '\n' || *p == '\t' ? ' ' : *p);
			putchar('\n');
		}
	}
	fb_job_hits_free(hits, n);
	return 0;
}

/* Which of --part, --trip, --flat: exactly one. */
static int
charge_kind(struct cmd_ctx *ctx, const char **kind, struct fb_err *err)
{
	static const char *const kinds[] = { "part", "trip", "flat" };

	*kind = NULL;
	for (size_t i = 0; i < FB_ARRAY_SIZE(kinds); i++) {
		if (!cmd_has(ctx, kinds[i]))
			continue;
		if (*kind)
			return fb_err_set(err, FB_ERR_USAGE,
					  "options '--%s' and '--%s' cannot be combined",
					  *kind, kinds[i]);
		*kind = kinds[i];
	}
	if (*kind == NULL) {
		fb_err_set(err, FB_ERR_USAGE, "'job charge' needs one of '--part', '--trip' or '--flat'");
		fb_err_hint(err, "see 'fixbill job charge -h'");
		return -1;
	}
	return 0;
}

/* Check the options and arguments of `job charge` that need no database. */
static int
charge_check(struct cmd_ctx *ctx, const char *kind, struct fb_err *err)
{
	static const char *const part_only[] = { "qty", "cost", "markup", "price" };

	if (strcmp(kind, "part") != 0) {
		for (size_t i = 0; i < FB_ARRAY_SIZE(part_only); i++)
			if (cmd_has(ctx, part_only[i]))
				return fb_err_set(err, FB_ERR_USAGE,
						  "option '--%s' is only for '--part'", part_only[i]);
	} else {
		if (cmd_has(ctx, "markup") && cmd_has(ctx, "price"))
			return fb_err_set(err, FB_ERR_USAGE,
					  "options '--markup' and '--price' cannot be combined");
		if (!cmd_has(ctx, "cost") && !cmd_has(ctx, "price"))
			return fb_err_set(err, FB_ERR_USAGE,
					  "missing option '--cost' for 'job charge --part'");
	}
	if (strcmp(kind, "flat") == 0) {
		if (ctx->args.argc < 2) {
			fb_err_set(err, FB_ERR_USAGE, "missing AMOUNT for 'job charge --flat'");
			fb_err_hint(err, "usage: fixbill job charge --flat DESC N AMOUNT");
			return -1;
		}
	} else if (ctx->args.argc > 1)
		return fb_err_set(err, FB_ERR_USAGE, "too many arguments for 'job charge'");
	if (strcmp(kind, "trip") != 0) {
		const char *desc = cmd_get(ctx, kind);

		if (fb_job_check_text("description", desc, 0, FB_JOB_TITLE_MAX, 1, err) < 0)
			return -1;
	}
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
charge_price(struct cmd_ctx *ctx, const char *kind, const char *currency,
	     struct fb_charge *ch, struct fb_err *err)
{
	const char *s;

	snprintf(ch->kind, sizeof(ch->kind), "%s", kind);
	if (strcmp(kind, "trip") == 0) {
		ch->description = fb_xstrdup("Trip charge");
		if (money_opt("trip charge", cmd_get(ctx, "trip"), currency, &ch->unit_price, err) < 0)
			return -1;
	} else if (strcmp(kind, "flat") == 0) {
		ch->description = fb_xstrdup(cmd_get(ctx, "flat"));
		if (money_opt("flat fee", ctx->args.argv[1], currency, &ch->unit_price, err) < 0)
			return -1;
	} else {
		ch->description = fb_xstrdup(cmd_get(ctx, "part"));
		if ((s = cmd_get(ctx, "qty")) && fb_charge_parse_quantity(s, &ch->quantity, err) < 0)
			return -1;
		if ((s = cmd_get(ctx, "cost")) &&
		    money_opt("cost", s, currency, &ch->unit_cost, err) < 0)
			return -1;
		if ((s = cmd_get(ctx, "price"))) {
			if (money_opt("price", s, currency, &ch->unit_price, err) < 0)
				return -1;
		} else {
			ch->markup = 0;
			if ((s = cmd_get(ctx, "markup")) &&
			    fb_charge_parse_markup(s, &ch->markup, err) < 0)
				return -1;
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
job_charge(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_charge ch;
	struct fb_job j;
	struct fb_client c;
	char *currency = NULL;
	const char *kind;
	int64_t id;
	int rc;

	if (parse_job_arg(ctx, &id, &err) < 0 || charge_kind(ctx, &kind, &err) < 0 ||
	    charge_check(ctx, kind, &err) < 0)
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	fb_job_init(&j);
	fb_charge_init(&ch);
	if (fb_db_begin(ctx->db, &err) < 0 || fb_job_get(ctx->db, id, &j, &err) < 0 ||
	    fb_client_get(ctx->db, j.client_id, &c, &err) < 0)
		goto fail;
	currency = fb_xstrdup(c.currency);
	fb_client_release(&c);
	ch.job_id = id;
	ch.created = ctx->now;
	if (charge_price(ctx, kind, currency, &ch, &err) < 0 ||
	    fb_charge_add(ctx->db, &ch, &err) < 0)
		goto fail;
	if ((rc = cmd_commit(ctx)) == 0 && !ctx->quiet) {
		if (ctx->json) {
			struct fb_json *o = charge_json(&ch, currency);

			fb_json_write(o, stdout);
			fb_json_free(o);
		} else
			printf("charge %lld\n", (long long)ch.id);
	}
	fb_job_release(&j);
	fb_charge_release(&ch);
	free(currency);
	return rc;
fail:
	fb_job_release(&j);
	fb_charge_release(&ch);
	free(currency);
	return cmd_fail(&err);
}

static int
job_charges(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_charge *list = NULL;
	struct fb_job j;
	struct fb_client c;
	size_t n = 0;
	int64_t id;

	if (parse_job_arg(ctx, &id, &err) < 0)
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	fb_job_init(&j);
	if (fb_job_get(ctx->db, id, &j, &err) < 0)
		return cmd_fail(&err);
	if (fb_client_get(ctx->db, j.client_id, &c, &err) < 0) {
		fb_job_release(&j);
		return cmd_fail(&err);
	}
	fb_job_release(&j);
	if (fb_charge_list(ctx->db, id, &list, &n, &err) < 0) {
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
job_uncharge(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t id;

	if (fb_parse_uint(ctx->args.argv[0], INT64_MAX, &id) < 0 || id == 0)
		return cmd_error(FB_ERR_USAGE, "invalid charge number '%s'", ctx->args.argv[0]);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_begin(ctx->db, &err) < 0 || fb_charge_remove(ctx->db, id, &err) < 0)
		return cmd_fail(&err);
	return cmd_commit(ctx);
}

static const struct cmd_opt open_opts[] = {
	{ 'c', "client", OPT_STRING, "CODE", "the client the job is for", "@client", OPTF_REQUIRED },
	{ 'p', "priority", OPT_STRING, "P1..P4", "priority (default P3)", "P1 P2 P3 P4", 0 },
	{ 0, "onsite", OPT_BOOL, NULL, "the work is at the client's site", NULL, 0 },
	{ 0, "down-since", OPT_STRING, "WHEN", "when the client's system went down", NULL, 0 },
	{ 'n', "note", OPT_STRING, "TEXT", "what the client reported", NULL, 0 },
	{ 0, "at", OPT_STRING, "WHEN", "when the job was opened (default now)", NULL, 0 },
	OPT_END
};

static const struct cmd_opt list_opts[] = {
	{ 'c', "client", OPT_STRING, "CODE", "only this client's jobs", "@client", 0 },
	{ 's', "status", OPT_STRING, "STATUS", "open, resolved, invoiced or all (default: open and resolved)",
	  "open resolved invoiced all", 0 },
	{ 0, "period", OPT_STRING, "PERIOD", "opened in 2026-10, 2026-Q4 or 2026", NULL, 0 },
	{ 0, "from", OPT_STRING, "DATE", "opened on or after this day", NULL, 0 },
	{ 0, "to", OPT_STRING, "DATE", "opened on or before this day", NULL, 0 },
	OPT_END
};

static const struct cmd_opt edit_opts[] = {
	{ 0, "title", OPT_STRING, "TITLE", "new title", NULL, 0 },
	{ 'c', "client", OPT_STRING, "CODE", "move to another client (not once invoiced)", "@client", 0 },
	{ 'p', "priority", OPT_STRING, "P1..P4", "new priority", "P1 P2 P3 P4", 0 },
	{ 0, "onsite", OPT_BOOL, NULL, "the work is at the client's site", NULL, 0 },
	{ 0, "offsite", OPT_BOOL, NULL, "the work is remote", NULL, 0 },
	{ 0, "down-since", OPT_STRING, "WHEN", "when the client's system went down", NULL, 0 },
	{ 0, "restored", OPT_STRING, "WHEN", "when service came back", NULL, 0 },
	{ 'n', "note", OPT_STRING, "TEXT", "replace the note ('' removes it)", NULL, 0 },
	{ 0, "resolution", OPT_STRING, "TEXT", "replace the resolution ('' removes it)", NULL, 0 },
	OPT_END
};

static const struct cmd_opt resolve_opts[] = {
	{ 'n', "note", OPT_STRING, "RESOLUTION", "how it was fixed (the knowledge base)", NULL, 0 },
	{ 0, "restored", OPT_STRING, "WHEN", "when service came back (default: now resolved)", NULL, 0 },
	{ 0, "at", OPT_STRING, "WHEN", "when it was resolved (default now)", NULL, 0 },
	OPT_END
};

static const struct cmd_opt search_opts[] = {
	{ 'n', "limit", OPT_STRING, "N", "at most N hits (default 20)", NULL, 0 },
	OPT_END
};

static const struct cmd_opt charge_opts[] = {
	{ 0, "part", OPT_STRING, "DESC", "charge a part", NULL, 0 },
	{ 0, "qty", OPT_STRING, "Q", "how many parts, up to 3 decimals (default 1)", NULL, 0 },
	{ 0, "cost", OPT_STRING, "AMOUNT", "what one part cost the shop", NULL, 0 },
	{ 0, "markup", OPT_STRING, "PCT", "sell at cost plus PCT percent (default 0)", NULL, 0 },
	{ 0, "price", OPT_STRING, "AMOUNT", "sell one part at this price", NULL, 0 },
	{ 0, "trip", OPT_STRING, "AMOUNT", "charge a trip", NULL, 0 },
	{ 0, "flat", OPT_STRING, "DESC", "charge a flat fee of AMOUNT", NULL, 0 },
	OPT_END
};

static const struct cmd_opt no_opts[] = { OPT_END };

static const struct cmd_verb job_verbs[] = {
	{ "open", "TITLE", "open a job for a client's problem", open_opts, 1, 1, job_open, NULL },
	{ "list", "", "list jobs", list_opts, 0, 0, job_list, NULL },
	{ "show", "N", "show a job: times, downtime, time logged, charges", no_opts, 1, 1,
	  job_show, "@anyjob" },
	{ "edit", "N", "change a job", edit_opts, 1, 1, job_edit, "@anyjob" },
	{ "resolve", "N", "mark a job resolved, with how it was fixed", resolve_opts, 1, 1,
	  job_resolve, "@job" },
	{ "reopen", "N", "take a resolved job back to open", no_opts, 1, 1, job_reopen, "@anyjob" },
	{ "search", "QUERY...", "search titles, notes and resolutions", search_opts, 1, -1,
	  job_search, NULL },
	{ "charge", "N [AMOUNT]", "charge a part, a trip or a flat fee to a job", charge_opts, 1, 2,
	  job_charge, "@job" },
	{ "charges", "N", "list a job's charges", no_opts, 1, 1, job_charges, "@anyjob" },
	{ "uncharge", "ID", "remove a charge not yet invoiced", no_opts, 1, 1, job_uncharge, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_job_entry = {
	.name = "job",
	.summary = "jobs (incidents), their charges and the knowledge base",
	.verbs = job_verbs,
};
