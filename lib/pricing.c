/*
 * pricing.c - the pricing algorithm of SPEC section 5: classify every
 * second of the work, round it to the billing increment, apply the
 * multipliers and the call-out minimum, price the charges and tax the
 * lines.  Pure: everything it needs is in its arguments.
 */
#include "pricing.h"

#include <stdlib.h>
#include <string.h>

#include "money.h"

static const char *const class_names[FB_PRICING_NCLASS] = {
	"normal", "after_hours", "weekend"
};

static const char *const class_labels[FB_PRICING_NCLASS] = {
	"Labor, normal hours", "Labor, after hours", "Labor, weekend"
};

const char *
fb_pricing_class_name(enum fb_pricing_class c)
{
	if ((int)c < 0 || c >= FB_PRICING_NCLASS)
		return "?";
	return class_names[c];
}

void
fb_pricing_policy_init(struct fb_pricing_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->hours.days = 0x3e;		/* Monday to Friday */
	p->hours.open = 8 * 60;
	p->hours.close = 18 * 60;
	p->multiplier[FB_PRICING_NORMAL] = 10000;
	p->multiplier[FB_PRICING_AFTER_HOURS] = 15000;
	p->multiplier[FB_PRICING_WEEKEND] = 20000;
	p->increment = 15;
	p->rounding = FB_ROUND_UP;
	p->minimum_onsite = -1;
	/* Untaxed until told otherwise: every kind is NONE. */
	p->codes = fb_xcalloc(1, sizeof(*p->codes));
	fb_tax_code_none(&p->codes[0]);
	p->ncodes = 1;
}

void
fb_pricing_policy_release(struct fb_pricing_policy *p)
{
	free(p->holidays);
	p->holidays = NULL;
	p->nholidays = 0;
	for (size_t i = 0; i < p->ncodes; i++)
		fb_tax_code_release(&p->codes[i]);
	free(p->codes);
	p->codes = NULL;
	p->ncodes = 0;
}

/* The index of code among p's, or p->ncodes. */
static size_t
find_code(const struct fb_pricing_policy *p, const char *code)
{
	size_t i;

	for (i = 0; i < p->ncodes; i++)
		if (strcmp(p->codes[i].code, code) == 0)
			break;
	return i;
}

static size_t
add_code(struct fb_pricing_policy *p, const struct fb_tax_code *code)
{
	size_t i = find_code(p, code->code);

	if (i < p->ncodes)
		fb_tax_code_release(&p->codes[i]);
	else {
		p->codes = fb_xrealloc(p->codes, (p->ncodes + 1) * sizeof(*p->codes));
		p->ncodes++;
	}
	fb_tax_code_copy(&p->codes[i], code);
	return i;
}

void
fb_pricing_policy_code(struct fb_pricing_policy *p, const struct fb_tax_code *code)
{
	add_code(p, code);
}

void
fb_pricing_policy_tax(struct fb_pricing_policy *p, enum fb_tax_kind kind,
		      const struct fb_tax_code *code)
{
	if ((int)kind >= 0 && kind < FB_TAX_NKINDS)
		p->kind_code[kind] = add_code(p, code);
}

static int
bad_value(struct fb_err *err, const char *key, const char *value)
{
	return fb_err_set(err, FB_ERR_USAGE, "invalid value '%s' for '%s'", value, key);
}

static int
set_holidays(struct fb_pricing_policy *p, const char *value, struct fb_err *err)
{
	char *copy = fb_xstrdup(value), *tok, *save = NULL;
	size_t alloc = 0;

	free(p->holidays);
	p->holidays = NULL;
	p->nholidays = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct fb_civil c;

		while (*tok == ' ')
			tok++;
		if (*tok == '\0')
			continue;
		if (strlen(tok) != 10 || fb_date_parse(tok, 0, &c, NULL) < 0) {
			fb_err_set(err, FB_ERR_USAGE, "invalid holiday '%s': want YYYY-MM-DD", tok);
			free(copy);
			return -1;
		}
		fb_xgrow(&p->holidays, &alloc, p->nholidays + 1, sizeof(*p->holidays));
		p->holidays[p->nholidays++] = fb_days_from_civil(c.year, c.month, c.day);
	}
	free(copy);
	return 0;
}

int
fb_pricing_policy_set(struct fb_pricing_policy *p, const char *key,
		      const char *value, struct fb_err *err)
{
	int64_t x;
	int r;

	if (value == NULL)
		value = "";
	if (strcmp(key, "billing.increment") == 0) {
		if (fb_parse_uint(value, 1440, &x) < 0 || x < 1)
			return bad_value(err, key, value);
		p->increment = (int)x;
	} else if (strcmp(key, "billing.rounding") == 0) {
		if ((r = fb_rounding_parse(value)) < 0)
			return bad_value(err, key, value);
		p->rounding = (enum fb_rounding)r;
	} else if (strcmp(key, "billing.round_per") == 0) {
		if (strcmp(value, "job") && strcmp(value, "entry"))
			return bad_value(err, key, value);
		p->round_per_entry = strcmp(value, "entry") == 0;
	} else if (strcmp(key, "billing.minimum") == 0) {
		if (fb_parse_uint(value, 1440, &x) < 0)
			return bad_value(err, key, value);
		p->minimum = x;
	} else if (strcmp(key, "billing.minimum_onsite") == 0) {
		/* Empty: the same as billing.minimum. */
		if (*value == '\0')
			p->minimum_onsite = -1;
		else if (fb_parse_uint(value, 1440, &x) < 0)
			return bad_value(err, key, value);
		else
			p->minimum_onsite = x;
	} else if (strcmp(key, "billing.business_hours") == 0) {
		return fb_bizhours_parse(value, &p->hours, err);
	} else if (strcmp(key, "billing.after_hours") == 0 ||
		   strcmp(key, "billing.weekend") == 0) {
		if (fb_parse_decimal(value, 4, 0, &x, NULL) < 0 || x <= 0 || x > 1000000)
			return bad_value(err, key, value);
		p->multiplier[key[8] == 'a' ? FB_PRICING_AFTER_HOURS : FB_PRICING_WEEKEND] = x;
	} else if (strcmp(key, "billing.holidays") == 0) {
		return set_holidays(p, value, err);
	} else if (strcmp(key, "tax.rounding") == 0) {
		if (strcmp(value, "invoice") && strcmp(value, "line"))
			return bad_value(err, key, value);
		p->tax_per_line = strcmp(value, "line") == 0;
	}
	return 0;
}

/*
 * The instant a local wall-clock time of a date happens.  Opening hours
 * inside a spring-forward gap open when the clock reaches a time that
 * exists, so step forward minute by minute past the gap.
 */
static int64_t
local_instant(int64_t days, int minutes)
{
	struct fb_civil c;
	int64_t t;

	memset(&c, 0, sizeof(c));
	fb_civil_from_days(days, &c.year, &c.month, &c.day);
	for (int m = minutes; m < 1440; m++) {
		c.hour = m / 60;
		c.min = m % 60;
		if (fb_local_to_utc(&c, &t, NULL) == 0)
			return t;
	}
	return INT64_MAX;
}

static int64_t
day_begin(int64_t days)
{
	int y, m, d;
	int64_t t;

	fb_civil_from_days(days, &y, &m, &d);
	if (fb_day_start(y, m, d, &t, NULL) < 0)
		return local_instant(days, 0);
	return t;
}

static int
is_holiday(const struct fb_pricing_policy *p, int64_t days)
{
	for (size_t i = 0; i < p->nholidays; i++)
		if (p->holidays[i] == days)
			return 1;
	return 0;
}

static int64_t
clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * One local day's bounds as classify splits it: [d0, d1) the day, open
 * and close its business hours (unused on a day off).  Entries of a job
 * often fall on the day of the entry before, so a job's pricing keeps the
 * last day it computed and looks the zone's rules up once for that day.
 */
struct day {
	int64_t d0, d1, open, close;
	int off;			/* weekend or holiday: one segment */
	int valid;			/* the bounds may be used for another t */
};

static void
day_compute(const struct fb_pricing_policy *p, int64_t t, struct day *dy)
{
	struct fb_civil lc;
	int wday;
	int64_t days;

	fb_utc_to_local(t, &lc, &wday, NULL);
	days = fb_days_from_civil(lc.year, lc.month, lc.day);
	dy->d0 = day_begin(days);
	dy->d1 = day_begin(days + 1);
	/* Kept for the next t only if the day holds t as it should. */
	dy->valid = dy->d0 <= t && t < dy->d1;
	if (dy->d1 <= t)	/* cannot happen with a sane zone; never loop */
		dy->d1 = t + 1;
	if (dy->d0 > t)
		dy->d0 = t;
	dy->off = !(p->hours.days & (1u << wday)) || is_holiday(p, days);
	if (!dy->off) {
		dy->open = clamp(local_instant(days, p->hours.open), dy->d0, dy->d1);
		dy->close = p->hours.close >= 1440 ? dy->d1 :
			clamp(local_instant(days, p->hours.close), dy->open, dy->d1);
	}
}

static void
classify(const struct fb_pricing_policy *p, struct day *dy, int64_t start,
	 int64_t stop, int64_t seconds[FB_PRICING_NCLASS], enum fb_pricing_class *first)
{
	int64_t t = start;
	int have_first = 0;

	for (int c = 0; c < FB_PRICING_NCLASS; c++)
		seconds[c] = 0;
	if (first)
		*first = FB_PRICING_NORMAL;
	while (t < stop) {
		int64_t bound[4];
		enum fb_pricing_class cls[3];
		int nseg;

		if (!dy->valid || t < dy->d0 || t >= dy->d1)
			day_compute(p, t, dy);
		if (dy->off) {
			bound[0] = dy->d0;
			bound[1] = dy->d1;
			cls[0] = FB_PRICING_WEEKEND;
			nseg = 1;
		} else {
			bound[0] = dy->d0;
			bound[1] = dy->open;
			bound[2] = dy->close;
			bound[3] = dy->d1;
			cls[0] = FB_PRICING_AFTER_HOURS;
			cls[1] = FB_PRICING_NORMAL;
			cls[2] = FB_PRICING_AFTER_HOURS;
			nseg = 3;
		}
		for (int i = 0; i < nseg; i++) {
			int64_t a = bound[i] > t ? bound[i] : t;
			int64_t b = bound[i + 1] < stop ? bound[i + 1] : stop;

			if (b <= a)
				continue;
			seconds[cls[i]] += b - a;
			if (!have_first) {
				have_first = 1;
				if (first)
					*first = cls[i];
			}
		}
		t = dy->d1 < stop ? dy->d1 : stop;
	}
}

void
fb_pricing_classify(const struct fb_pricing_policy *p, int64_t start,
		    int64_t stop, int64_t seconds[FB_PRICING_NCLASS],
		    enum fb_pricing_class *first)
{
	struct day dy;

	dy.valid = 0;
	classify(p, &dy, start, stop, seconds, first);
}

int
fb_pricing_labor_amount(int64_t billed_seconds, int64_t rate, int64_t multiplier,
			int64_t *amount, int64_t *unit_price, int64_t *quantity)
{
	if (fb_mul3div_round(billed_seconds, rate, multiplier, INT64_C(36000000), amount) < 0 ||
	    fb_muldiv_round(rate, multiplier, 10000, unit_price) < 0 ||
	    fb_muldiv_round(billed_seconds, 1000, 3600, quantity) < 0)
		return -1;
	return 0;
}

/* The seconds of one job at one rate in one class, charged or not. */
struct group {
	int64_t rate;
	enum fb_pricing_class cls;
	int nocharge;
	int64_t actual, billed;
	int64_t first;			/* start of its first entry */
	struct fb_buf techs;		/* names, ", "-separated */
	struct fb_buf notes;		/* one a line */
};

static int
group_cmp(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	if (x->nocharge != y->nocharge)
		return x->nocharge < y->nocharge ? -1 : 1;
	if (x->rate != y->rate)
		return x->rate < y->rate ? -1 : 1;
	return 0;
}

static struct group *
group_find(struct group **groups, size_t *n, size_t *alloc, int64_t rate,
	   enum fb_pricing_class cls, int nocharge)
{
	for (size_t i = 0; i < *n; i++) {
		struct group *g = &(*groups)[i];

		if (g->rate == rate && g->cls == cls && g->nocharge == nocharge)
			return g;
	}
	fb_xgrow(groups, alloc, *n + 1, sizeof(**groups));
	memset(&(*groups)[*n], 0, sizeof(**groups));
	(*groups)[*n].rate = rate;
	(*groups)[*n].cls = cls;
	(*groups)[*n].nocharge = nocharge;
	fb_buf_init(&(*groups)[*n].techs);
	fb_buf_init(&(*groups)[*n].notes);
	return &(*groups)[(*n)++];
}

/* Add item to a list separated by sep unless it is there already. */
static void
list_add(struct fb_buf *b, const char *item, const char *sep)
{
	size_t n, k;

	if (item == NULL || *item == '\0')
		return;
	n = strlen(item);
	for (const char *p = b->len ? b->buf : ""; *p; ) {
		const char *end = strstr(p, sep);

		k = end ? (size_t)(end - p) : strlen(p);
		if (k == n && strncmp(p, item, n) == 0)
			return;
		if (end == NULL)
			break;
		p = end + strlen(sep);
	}
	if (b->len)
		fb_buf_adds(b, sep);
	fb_buf_adds(b, item);
}

static int
overflow(struct fb_err *err)
{
	return fb_err_set(err, FB_ERR_RUNTIME, "cannot price the invoice: an amount is too large");
}

char *
fb_pricing_multiplier_text(int64_t multiplier)
{
	char *m, *t;

	if (multiplier == 10000)
		return fb_xstrdup("");
	m = fb_format_decimal(multiplier, 4);
	t = fb_xasprintf("\xc3\x97%s", m);	/* U+00D7 MULTIPLICATION SIGN */
	free(m);
	return t;
}

static int
add_labor_line(const struct fb_pricing_policy *p, struct fb_invoice *inv,
	       int64_t job, const char *kind, enum fb_pricing_class cls,
	       const char *description, const char *who, int64_t actual,
	       int64_t billed, int64_t rate, int64_t multiplier, int nocharge,
	       const char *notes, int64_t start, struct fb_err *err)
{
	struct fb_invoice_line *l;
	int64_t amount, unit, qty;
	char *m;

	if (fb_pricing_labor_amount(billed, rate, multiplier, &amount, &unit, &qty) < 0)
		return overflow(err);
	l = fb_invoice_add_line(inv);
	l->job_id = job;
	l->kind = fb_xstrdup(kind);
	l->class = fb_xstrdup(class_names[cls]);
	if (!p->amounts_only) {
		m = fb_pricing_multiplier_text(multiplier);
		l->description = fb_xasprintf("%s%s%s%s%s%s%s", description, *m ? " " : "",
					      m, who ? " (" : "", who ? who : "",
					      who ? ")" : "", nocharge ? ", no charge" : "");
		free(m);
	}
	l->actual_seconds = actual;
	l->billed_seconds = billed;
	l->quantity = qty;
	/* No-charge work shows its time and what it would have cost, at 0.00. */
	l->unit_price = nocharge ? 0 : unit;
	l->amount = nocharge ? 0 : amount;
	l->waived = nocharge ? amount : 0;
	l->notes = notes && *notes ? fb_xstrdup(notes) : NULL;
	l->work_start = start;
	return 0;
}

/* Whether another group of the job has g's class and charge at another rate. */
static int
ambiguous(const struct group *groups, size_t n, const struct group *g)
{
	for (size_t i = 0; i < n; i++)
		if (&groups[i] != g && groups[i].cls == g->cls &&
		    groups[i].nocharge == g->nocharge)
			return 1;
	return 0;
}

int
fb_pricing_job(const struct fb_pricing_policy *p, const struct fb_pricing_job *job,
	       struct fb_invoice *inv, struct fb_err *err)
{
	struct group *groups = NULL;
	size_t ngroups = 0, agroups = 0;
	const struct fb_pricing_entry *firstpaid = NULL;
	int64_t labor = 0, minimum;
	struct day dy;
	int rc = -1;

	dy.valid = 0;

	for (size_t i = 0; i < job->nentries; i++) {
		const struct fb_pricing_entry *e = &job->entries[i];
		int64_t secs[FB_PRICING_NCLASS];

		if (e->stop <= e->start)
			continue;
		if (!e->nocharge && (firstpaid == NULL || e->start < firstpaid->start))
			firstpaid = e;
		classify(p, &dy, e->start, e->stop, secs, NULL);
		for (int c = 0; c < FB_PRICING_NCLASS; c++) {
			struct group *g;

			if (secs[c] == 0)
				continue;
			g = group_find(&groups, &ngroups, &agroups, e->rate,
				       (enum fb_pricing_class)c, e->nocharge);
			if (g->actual == 0 || e->start < g->first)
				g->first = e->start;
			g->actual += secs[c];
			if (!p->amounts_only)
				list_add(&g->techs, e->tech, ", ");
			if (p->notes)
				list_add(&g->notes, e->note, "\n");
			if (p->round_per_entry)
				g->billed += fb_round_increment(secs[c], p->increment, p->rounding);
		}
	}
	if (ngroups > 1)
		qsort(groups, ngroups, sizeof(*groups), group_cmp);
	for (size_t i = 0; i < ngroups; i++) {
		struct group *g = &groups[i];

		if (!p->round_per_entry)
			g->billed = fb_round_increment(g->actual, p->increment, p->rounding);
		if (add_labor_line(p, inv, job->id, "labor", g->cls, class_labels[g->cls],
				   ambiguous(groups, ngroups, g) && g->techs.len ? g->techs.buf : NULL,
				   g->actual, g->billed, g->rate, p->multiplier[g->cls],
				   g->nocharge, g->notes.len ? g->notes.buf : NULL, g->first,
				   err) < 0)
			goto out;
		if (!g->nocharge && fb_add_checked(labor, g->billed, &labor) < 0) {
			overflow(err);
			goto out;
		}
	}
	minimum = job->onsite && p->minimum_onsite >= 0 ? p->minimum_onsite : p->minimum;
	if (firstpaid && !job->minimum_billed && labor < minimum * 60) {
		enum fb_pricing_class cls;
		int64_t secs[FB_PRICING_NCLASS];

		classify(p, &dy, firstpaid->start, firstpaid->stop, secs, &cls);
		if (add_labor_line(p, inv, job->id, "minimum", cls, "Call-out minimum", NULL, 0,
				   minimum * 60 - labor, firstpaid->rate,
				   p->multiplier[cls], 0, NULL, firstpaid->start, err) < 0)
			goto out;
	}
	for (size_t i = 0; i < job->ncharges; i++) {
		const struct fb_pricing_charge *c = &job->charges[i];
		struct fb_invoice_line *l = fb_invoice_add_line(inv);
		static const char *const kinds[] = { "part", "trip", "flat", "discount" };

		l->job_id = job->id;
		l->kind = fb_xstrdup(kinds[c->kind]);
		l->class = NULL;
		l->description = fb_xstrdup(c->description && *c->description ?
					    c->description : c->kind == FB_CHARGE_TRIP ?
					    "Trip charge" : c->kind == FB_CHARGE_DISCOUNT ?
					    "Discount" : kinds[c->kind]);
		l->quantity = c->quantity;
		l->unit_price = c->unit_price;
		l->amount = c->amount;
	}
	rc = 0;
out:
	for (size_t i = 0; i < ngroups; i++) {
		fb_buf_release(&groups[i].techs);
		fb_buf_release(&groups[i].notes);
	}
	free(groups);
	return rc;
}

/*
 * A share of a line's net taxed by one code: a line is one piece, a
 * discount one piece per code it is spread over.
 */
struct piece {
	size_t line;
	size_t code;		/* index among p's codes */
	int64_t net;
};

struct taxing {
	const struct fb_pricing_policy *p;
	struct fb_invoice *inv;
	struct piece *pieces;
	size_t npieces, apieces;
	size_t *used;		/* codes in use, in the order they first appear */
	size_t nused;
	int64_t *net;		/* of each used code, before discounts */
};

static int
is_discount(const struct fb_invoice_line *l)
{
	return l->kind && strcmp(l->kind, "discount") == 0;
}

static void
add_piece(struct taxing *x, size_t line, size_t code, int64_t net)
{
	fb_xgrow(&x->pieces, &x->apieces, x->npieces + 1, sizeof(*x->pieces));
	x->pieces[x->npieces].line = line;
	x->pieces[x->npieces].code = code;
	x->pieces[x->npieces].net = net;
	x->npieces++;
}

/* The lines' codes, the codes in use and their nets; a line's own piece. */
static int
assign_codes(struct taxing *x, struct fb_err *err)
{
	const struct fb_pricing_policy *p = x->p;

	x->used = fb_xcalloc(p->ncodes, sizeof(*x->used));
	x->net = fb_xcalloc(p->ncodes, sizeof(*x->net));
	for (size_t i = 0; i < x->inv->nlines; i++) {
		struct fb_invoice_line *l = &x->inv->lines[i];
		size_t c, u;

		if (is_discount(l))
			continue;
		if (l->tax_code == NULL)
			l->tax_code = fb_xstrdup(p->codes[p->kind_code[fb_tax_kind_of(l->kind)]].code);
		if ((c = find_code(p, l->tax_code)) == p->ncodes)
			return fb_err_set(err, FB_ERR_RUNTIME, "cannot tax line %zu: no tax code"
					  " '%s'", i + 1, l->tax_code);
		for (u = 0; u < x->nused && x->used[u] != c; u++)
			;
		if (u == x->nused)
			x->used[x->nused++] = c;
		if (fb_add_checked(x->net[u], l->amount, &x->net[u]) < 0)
			return overflow(err);
		add_piece(x, i, c, l->amount);
	}
	return 0;
}

/* Each discount spread over the codes in use, in proportion to their net. */
static int
spread_discounts(struct taxing *x, struct fb_err *err)
{
	int64_t *share;

	if (x->nused == 0)
		return 0;
	share = fb_xcalloc(x->nused, sizeof(*share));
	for (size_t i = 0; i < x->inv->nlines; i++) {
		const struct fb_invoice_line *l = &x->inv->lines[i];

		if (!is_discount(l))
			continue;
		if (fb_money_allocate(l->amount, x->net, x->nused, share) < 0) {
			free(share);
			return fb_err_set(err, FB_ERR_RUNTIME, "cannot spread discount line %zu"
					  " over the taxed lines: they add up to 0", i + 1);
		}
		for (size_t u = 0; u < x->nused; u++)
			add_piece(x, i, x->used[u], share[u]);
	}
	free(share);
	return 0;
}

/* One component of one code: its tax, onto the lines and inv->taxes. */
static int
tax_component(struct taxing *x, size_t code, size_t k, int64_t *rate_seen, int *rates,
	      struct fb_err *err)
{
	const struct fb_tax_code *t = &x->p->codes[code];
	int64_t rate = t->components[k].rate, base = 0, amount = 0;
	int64_t *w, *share;
	size_t n = 0;

	w = fb_xcalloc(x->npieces, sizeof(*w));
	share = fb_xcalloc(x->npieces, sizeof(*share));
	for (size_t i = 0; i < x->npieces; i++) {
		if (x->pieces[i].code != code)
			continue;
		w[n++] = x->pieces[i].net;
		if (fb_add_checked(base, x->pieces[i].net, &base) < 0)
			goto overflow;
	}
	if (x->p->tax_per_line) {
		for (size_t i = 0; i < n; i++)
			if (fb_muldiv_round(w[i], rate, 1000000, &share[i]) < 0 ||
			    fb_add_checked(amount, share[i], &amount) < 0)
				goto overflow;
	} else if (fb_muldiv_round(base, rate, 1000000, &amount) < 0 ||
		   fb_money_allocate(amount, w, n, share) < 0)
		goto overflow;
	for (size_t i = 0, j = 0; i < x->npieces; i++) {
		struct fb_invoice_line *l;

		if (x->pieces[i].code != code)
			continue;
		l = &x->inv->lines[x->pieces[i].line];
		if (fb_add_checked(l->tax, share[j++], &l->tax) < 0)
			goto overflow;
	}
	fb_invoice_add_tax(x->inv, t->code, t->components[k].name,
			   fb_tax_component_label(t, k), t->category, rate, base, amount);
	if (fb_add_checked(x->inv->tax, amount, &x->inv->tax) < 0)
		goto overflow;
	if (rate != 0 && (*rates == 0 || *rate_seen != rate)) {
		(*rates)++;
		*rate_seen = rate;
	}
	free(w);
	free(share);
	return 0;
overflow:
	free(w);
	free(share);
	return overflow(err);
}

int
fb_pricing_totals(const struct fb_pricing_policy *p, struct fb_invoice *inv,
		  struct fb_err *err)
{
	struct taxing x;
	int64_t subtotal = 0, rate = 0;
	int rates = 0, rc = -1;

	memset(&x, 0, sizeof(x));
	x.p = p;
	x.inv = inv;
	fb_invoice_clear_taxes(inv);
	inv->tax = 0;
	for (size_t i = 0; i < inv->nlines; i++) {
		inv->lines[i].tax = 0;
		if (fb_add_checked(subtotal, inv->lines[i].amount, &subtotal) < 0)
			return overflow(err);
	}
	if (assign_codes(&x, err) < 0 || spread_discounts(&x, err) < 0)
		goto out;
	for (size_t u = 0; u < x.nused; u++)
		for (size_t k = 0; k < p->codes[x.used[u]].ncomponents; k++)
			if (tax_component(&x, x.used[u], k, &rate, &rates, err) < 0)
				goto out;
	inv->subtotal = subtotal;
	/* The one rate of the older single-rate invoices, when there is one. */
	inv->tax_rate = rates == 1 ? rate : 0;
	if (fb_add_checked(subtotal, inv->tax, &inv->total) < 0) {
		overflow(err);
		goto out;
	}
	rc = 0;
out:
	free(x.pieces);
	free(x.used);
	free(x.net);
	return rc;
}

int
fb_pricing_discount(struct fb_invoice *inv, int64_t percent, int64_t amount,
		    const char *desc, struct fb_err *err)
{
	struct fb_invoice_line *l;
	int64_t sum = 0, off = amount;
	char *pc = NULL;

	if (percent > 0) {
		for (size_t i = 0; i < inv->nlines; i++)
			if (fb_add_checked(sum, inv->lines[i].amount, &sum) < 0)
				return overflow(err);
		if (fb_muldiv_round(sum, percent, 1000000, &off) < 0)
			return overflow(err);
		pc = fb_format_decimal(percent, 4);
	}
	l = fb_invoice_add_line(inv);
	l->kind = fb_xstrdup("discount");
	l->description = desc && *desc ? fb_xstrdup(desc) :
		pc ? fb_xasprintf("Discount %s%%", pc) : fb_xstrdup("Discount");
	l->quantity = 1000;
	l->unit_price = -off;
	l->amount = -off;
	free(pc);
	return 0;
}

int
fb_pricing_price(const struct fb_pricing_policy *p,
		 const struct fb_pricing_job *jobs, size_t njobs,
		 struct fb_invoice *inv, struct fb_err *err)
{
	for (size_t i = 0; i < njobs; i++)
		if (fb_pricing_job(p, &jobs[i], inv, err) < 0)
			return -1;
	return fb_pricing_totals(p, inv, err);
}

/* The tax of amount under each component of code c, rounded each, added to *tax. */
static int
tax_each(const struct fb_pricing_policy *p, size_t c, int64_t amount, int64_t *tax)
{
	const struct fb_tax_code *t = &p->codes[c];

	for (size_t k = 0; k < t->ncomponents; k++) {
		int64_t v;

		if (fb_muldiv_round(amount, t->components[k].rate, 1000000, &v) < 0 ||
		    fb_add_checked(*tax, v, tax) < 0)
			return -1;
	}
	return 0;
}

int
fb_pricing_sum_add(const struct fb_pricing_policy *p, struct fb_pricing_sum *s,
		   const struct fb_invoice_line *lines, size_t n, struct fb_err *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct fb_invoice_line *l = &lines[i];
		size_t c, u;

		if (fb_add_checked(s->subtotal, l->amount, &s->subtotal) < 0)
			return overflow(err);
		if (is_discount(l)) {
			fb_xgrow(&s->discount, &s->adiscount, s->ndiscount + 1, sizeof(*s->discount));
			s->discount[s->ndiscount++] = l->amount;
			continue;
		}
		/* As assign_codes: the line's own code, else its kind's. */
		c = l->tax_code ? find_code(p, l->tax_code) : p->kind_code[fb_tax_kind_of(l->kind)];
		if (c == p->ncodes)
			return fb_err_set(err, FB_ERR_RUNTIME, "cannot tax a line: no tax code '%s'",
					  l->tax_code);
		for (u = 0; u < s->nused && s->used[u] != c; u++)
			;
		if (u == s->nused) {
			fb_xgrow(&s->used, &s->aused, u + 1, sizeof(*s->used));
			fb_xgrow(&s->net, &s->anet, u + 1, sizeof(*s->net));
			s->used[u] = c;
			s->net[u] = 0;
			s->nused++;
		}
		if (fb_add_checked(s->net[u], l->amount, &s->net[u]) < 0 ||
		    (p->tax_per_line && tax_each(p, c, l->amount, &s->tax) < 0))
			return overflow(err);
	}
	return 0;
}

int
fb_pricing_sum_totals(const struct fb_pricing_policy *p, const struct fb_pricing_sum *s,
		      int64_t *subtotal, int64_t *tax, int64_t *total, struct fb_err *err)
{
	int64_t *base, *share, t = p->tax_per_line ? s->tax : 0;
	int rc = -1;

	if (s->nused == 0) {
		/* No taxed line: discounts are spread over nothing (spread_discounts). */
		*subtotal = s->subtotal;
		*tax = t;
		return fb_add_checked(*subtotal, *tax, total) < 0 ? overflow(err) : 0;
	}
	base = fb_xmalloc(s->nused * sizeof(*base));
	share = fb_xcalloc(s->nused, sizeof(*share));
	memcpy(base, s->net, s->nused * sizeof(*base));
	/* As spread_discounts and tax_component: each discount spread over the codes. */
	for (size_t i = 0; i < s->ndiscount; i++) {
		if (fb_money_allocate(s->discount[i], s->net, s->nused, share) < 0) {
			fb_err_set(err, FB_ERR_RUNTIME, "cannot spread a discount over the taxed"
				   " lines: they add up to 0");
			goto out;
		}
		for (size_t u = 0; u < s->nused; u++)
			if (fb_add_checked(base[u], share[u], &base[u]) < 0 ||
			    (p->tax_per_line && tax_each(p, s->used[u], share[u], &t) < 0)) {
				overflow(err);
				goto out;
			}
	}
	if (!p->tax_per_line)
		for (size_t u = 0; u < s->nused; u++)
			if (tax_each(p, s->used[u], base[u], &t) < 0) {
				overflow(err);
				goto out;
			}
	*subtotal = s->subtotal;
	*tax = t;
	if (fb_add_checked(*subtotal, *tax, total) < 0) {
		overflow(err);
		goto out;
	}
	rc = 0;
out:
	free(base);
	free(share);
	return rc;
}

void
fb_pricing_sum_release(struct fb_pricing_sum *s)
{
	free(s->discount);
	free(s->used);
	free(s->net);
	memset(s, 0, sizeof(*s));
}
