/*
 * tax.c - tax codes: their rules, their records, and which code taxes a
 * line for a client (tax.h).
 */
#include "tax.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

void
fb_tax_code_init(struct fb_tax_code *t)
{
	memset(t, 0, sizeof(*t));
	strcpy(t->category, "S");
}

void
fb_tax_code_release(struct fb_tax_code *t)
{
	if (t == NULL)
		return;
	free(t->code);
	free(t->name);
	free(t->xero);
	free(t->qbo);
	free(t->iif_item);
	free(t->agency);
	for (size_t i = 0; i < t->ncomponents; i++)
		free(t->components[i].name);
	free(t->components);
	fb_tax_code_init(t);
}

static char *
dup_opt(const char *s)
{
	return s ? fb_xstrdup(s) : NULL;
}

void
fb_tax_code_copy(struct fb_tax_code *dst, const struct fb_tax_code *src)
{
	fb_tax_code_init(dst);
	dst->code = dup_opt(src->code);
	dst->name = dup_opt(src->name);
	memcpy(dst->category, src->category, sizeof(dst->category));
	dst->xero = dup_opt(src->xero);
	dst->qbo = dup_opt(src->qbo);
	dst->iif_item = dup_opt(src->iif_item);
	dst->agency = dup_opt(src->agency);
	for (size_t i = 0; i < src->ncomponents; i++)
		fb_tax_code_add(dst, src->components[i].name, src->components[i].rate);
}

void
fb_tax_code_add(struct fb_tax_code *t, const char *name, int64_t rate)
{
	t->components = fb_xrealloc(t->components, (t->ncomponents + 1) * sizeof(*t->components));
	t->components[t->ncomponents].name = fb_xstrdup(name);
	t->components[t->ncomponents].rate = rate;
	t->ncomponents++;
}

void
fb_tax_code_none(struct fb_tax_code *t)
{
	fb_tax_code_init(t);
	t->code = fb_xstrdup(FB_TAX_NONE);
	t->name = fb_xstrdup("No tax");
	strcpy(t->category, "O");
	fb_tax_code_add(t, FB_TAX_NONE, 0);
}

int64_t
fb_tax_code_rate(const struct fb_tax_code *t)
{
	int64_t r = 0;

	for (size_t i = 0; i < t->ncomponents; i++)
		r += t->components[i].rate;
	return r;
}

const char *
fb_tax_component_label(const struct fb_tax_code *t, size_t i)
{
	if (t->ncomponents == 1 && t->name && *t->name)
		return t->name;
	return t->components[i].name;
}

/* A letter, then letters, digits, '-' and '_', at most max: folded to capitals. */
static char *
fold_name(const char *s, size_t max)
{
	size_t n = strlen(s);
	char *u;

	if (n == 0 || n > max || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return NULL;
	u = fb_xstrdup(s);
	for (char *p = u; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			   *p == '-' || *p == '_')) {
			free(u);
			return NULL;
		}
	}
	return u;
}

int
fb_tax_check_code(const char *s, char **norm, struct fb_err *err)
{
	if ((*norm = fold_name(s, FB_TAX_CODE_MAX)) == NULL)
		return fb_err_set(err, FB_ERR_USAGE, "invalid tax code '%s': use a letter, then"
				  " letters, digits, '-' and '_' (at most %d)", s, FB_TAX_CODE_MAX);
	return 0;
}

int
fb_tax_parse_rate(const char *s, int64_t *rate, struct fb_err *err)
{
	if (s[0] < '0' || s[0] > '9' || fb_parse_decimal(s, 4, 0, rate, NULL) < 0 ||
	    *rate > 1000000)
		return fb_err_set(err, FB_ERR_USAGE, "invalid percentage '%s':"
				  " want 0 to 100 with at most 4 decimals", s);
	return 0;
}

int
fb_tax_parse_component(const char *s, struct fb_tax_component *c, struct fb_err *err)
{
	const char *eq = strchr(s, '=');
	char *name;

	c->name = NULL;
	if (eq == NULL || eq == s)
		return fb_err_set(err, FB_ERR_USAGE, "invalid tax component '%s':"
				  " want NAME=PERCENT, such as GST=5", s);
	name = fb_xstrndup(s, (size_t)(eq - s));
	c->name = fold_name(name, FB_TAX_CODE_MAX);
	if (c->name == NULL) {
		fb_err_set(err, FB_ERR_USAGE, "invalid tax component '%s': use a letter, then"
			   " letters, digits, '-' and '_' before the '='", s);
		free(name);
		return -1;
	}
	free(name);
	if (fb_tax_parse_rate(eq + 1, &c->rate, err) < 0) {
		free(c->name);
		c->name = NULL;
		return -1;
	}
	return 0;
}

static const char *const categories[] = { "S", "Z", "E", "AE", "K", "G", "O", NULL };

int
fb_tax_check_category(const char *s, struct fb_err *err)
{
	for (size_t i = 0; categories[i]; i++)
		if (strcmp(s, categories[i]) == 0)
			return 0;
	return fb_err_set(err, FB_ERR_USAGE, "invalid tax category '%s':"
			  " want S, Z, E, AE, K, G or O", s);
}

static int
check_text(const char *what, const char *s, struct fb_err *err)
{
	if (s == NULL)
		return 0;
	if (!fb_utf8_valid(s, 0))
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s: not valid UTF-8 or has"
				  " control characters", what);
	if (strlen(s) > FB_TAX_TEXT_MAX)
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s: longer than %d bytes", what,
				  FB_TAX_TEXT_MAX);
	return 0;
}

int
fb_tax_check(const struct fb_tax_code *t, struct fb_err *err)
{
	char *norm = NULL;
	int zero = 1;

	if (fb_tax_check_code(t->code, &norm, err) < 0)
		return -1;
	free(norm);
	if (fb_tax_check_category(t->category, err) < 0 ||
	    check_text("tax name", t->name, err) < 0 ||
	    check_text("Xero tax type", t->xero, err) < 0 ||
	    check_text("QuickBooks tax code", t->qbo, err) < 0 ||
	    check_text("IIF tax item", t->iif_item, err) < 0 ||
	    check_text("tax agency", t->agency, err) < 0)
		return -1;
	if (t->ncomponents == 0)
		return fb_err_set(err, FB_ERR_USAGE, "invalid tax code '%s': it needs a rate"
				  " or a component", t->code);
	if (t->ncomponents > FB_TAX_MAX_COMPONENTS)
		return fb_err_set(err, FB_ERR_USAGE, "invalid tax code '%s': more than %d"
				  " components", t->code, FB_TAX_MAX_COMPONENTS);
	for (size_t i = 0; i < t->ncomponents; i++) {
		const struct fb_tax_component *c = &t->components[i];

		if ((norm = fold_name(c->name, FB_TAX_CODE_MAX)) == NULL ||
		    strcmp(norm, c->name) != 0) {
			free(norm);
			return fb_err_set(err, FB_ERR_USAGE, "invalid tax component '%s'", c->name);
		}
		free(norm);
		if (c->rate < 0 || c->rate > 1000000)
			return fb_err_set(err, FB_ERR_USAGE, "invalid tax code '%s': a rate"
					  " outside 0 to 100 %%", t->code);
		for (size_t j = 0; j < i; j++)
			if (strcmp(t->components[j].name, c->name) == 0)
				return fb_err_set(err, FB_ERR_USAGE, "invalid tax code '%s':"
						  " component '%s' appears twice", t->code, c->name);
		if (c->rate != 0)
			zero = 0;
	}
	/* Exempt, reverse charge and not subject to VAT charge nothing. */
	if (!zero && (strcmp(t->category, "E") == 0 || strcmp(t->category, "AE") == 0 ||
		      strcmp(t->category, "O") == 0))
		return fb_err_set(err, FB_ERR_USAGE, "invalid tax code '%s': category %s"
				  " needs a rate of 0", t->code, t->category);
	return 0;
}

/* The rate of TAX for a client: its tax.rate, else the shop's, else 0. */
static int
legacy_rate(struct fb_db *db, int64_t client_id, int64_t *rate, struct fb_err *err)
{
	char *v = NULL;
	int rc = fb_config_get_for(db, client_id, "tax.rate", &v, NULL, err);

	*rate = 0;
	if (rc > 0 && fb_parse_decimal(v, 4, 0, rate, NULL) < 0)
		rc = fb_err_set(err, FB_ERR_RUNTIME, "invalid tax.rate '%s'", v);
	free(v);
	return rc < 0 ? -1 : 0;
}

/* Load the code row and components of code into t: 1, 0 when none, -1. */
static int
load(struct fb_db *db, const char *code, struct fb_tax_code *t, struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, "SELECT code, name, category, xero, qbo,"
					   " iif_item, agency FROM tax_codes WHERE code = ?", err);
	const char *cat;
	int rc;

	if (st == NULL)
		return -1;
	fb_stmt_bind_text(st, 1, code);
	if ((rc = fb_stmt_step(st, err)) == 1) {
		t->code = fb_stmt_dup(st, 0);
		t->name = fb_stmt_dup(st, 1);
		cat = fb_stmt_text(st, 2);
		snprintf(t->category, sizeof(t->category), "%s", cat ? cat : "S");
		t->xero = fb_stmt_dup(st, 3);
		t->qbo = fb_stmt_dup(st, 4);
		t->iif_item = fb_stmt_dup(st, 5);
		t->agency = fb_stmt_dup(st, 6);
	}
	fb_stmt_reset(st);
	if (rc <= 0)
		return rc;
	if ((st = fb_db_prepare(db, "SELECT name, rate FROM tax_components WHERE code = ?"
				" ORDER BY pos", err)) == NULL)
		return -1;
	fb_stmt_bind_text(st, 1, code);
	while ((rc = fb_stmt_step(st, err)) == 1)
		fb_tax_code_add(t, fb_stmt_text(st, 0), fb_stmt_int(st, 1));
	fb_stmt_reset(st);
	return rc < 0 ? -1 : 1;
}

int
fb_tax_get(struct fb_db *db, const char *s, int64_t client_id, struct fb_tax_code *t,
	   struct fb_err *err)
{
	char *code = fold_name(s, FB_TAX_CODE_MAX), *near;
	int rc = 0;

	fb_tax_code_init(t);
	if (code != NULL)
		rc = load(db, code, t, err);
	if (rc > 0 && strcmp(code, FB_TAX_LEGACY) == 0 && t->ncomponents == 1 &&
	    legacy_rate(db, client_id, &t->components[0].rate, err) < 0)
		rc = -1;
	free(code);
	if (rc > 0)
		return 0;
	fb_tax_code_release(t);
	if (rc < 0)
		return -1;
	fb_err_set(err, FB_ERR_NOTFOUND, "unknown tax code '%s'", s);
	if ((near = fb_db_closest(db, "SELECT code FROM tax_codes ORDER BY code", s)) != NULL)
		fb_err_hint(err, "did you mean '%s'?", near);
	else
		fb_err_hint(err, "'fixbill tax list' shows the codes; 'fixbill tax add' adds one");
	free(near);
	return -1;
}

int
fb_tax_exists(struct fb_db *db, const char *code, struct fb_err *err)
{
	int64_t one;

	return fb_db_int(db, err, &one, "SELECT 1 FROM tax_codes WHERE code = ?", "t", code);
}

static int
write_components(struct fb_db *db, const struct fb_tax_code *t, struct fb_err *err)
{
	if (fb_db_exec(db, err, "DELETE FROM tax_components WHERE code = ?", "t", t->code) < 0)
		return -1;
	for (size_t i = 0; i < t->ncomponents; i++)
		if (fb_db_exec(db, err, "INSERT INTO tax_components(code, pos, name, rate)"
			       " VALUES (?, ?, ?, ?)", "titi", t->code, (int64_t)i + 1,
			       t->components[i].name, t->components[i].rate) < 0)
			return -1;
	return 0;
}

int
fb_tax_insert(struct fb_db *db, const struct fb_tax_code *t, int64_t now, struct fb_err *err)
{
	int rc;

	if (fb_tax_check(t, err) < 0)
		return -1;
	if ((rc = fb_tax_exists(db, t->code, err)) != 0) {
		if (rc > 0)
			fb_err_set(err, FB_ERR_REFUSED, "tax code '%s' already exists", t->code);
		fb_err_hint(err, "change it with 'fixbill tax edit %s'", t->code);
		return -1;
	}
	if (fb_db_exec(db, err, "INSERT INTO tax_codes(code, name, category, xero, qbo,"
		       " iif_item, agency, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       "ttttttti", t->code, t->name, t->category, t->xero, t->qbo,
		       t->iif_item, t->agency, now) < 0)
		return -1;
	return write_components(db, t, err);
}

int
fb_tax_update(struct fb_db *db, const struct fb_tax_code *t, struct fb_err *err)
{
	struct fb_tax_code old;
	int rc;

	fb_tax_code_init(&old);
	if ((rc = load(db, t->code, &old, err)) <= 0) {
		if (rc == 0)
			fb_err_set(err, FB_ERR_NOTFOUND, "unknown tax code '%s'", t->code);
		fb_tax_code_release(&old);
		return -1;
	}
	rc = 0;
	if (strcmp(t->code, FB_TAX_NONE) == 0 &&
	    (strcmp(t->category, "O") != 0 || t->ncomponents != 1 ||
	     strcmp(t->components[0].name, FB_TAX_NONE) != 0 || t->components[0].rate != 0)) {
		rc = fb_err_set(err, FB_ERR_REFUSED, "cannot change the rate or category of"
				" 'NONE': it is always 0 %%, category O");
		fb_err_hint(err, "add a code of your own with 'fixbill tax add'");
	} else if (strcmp(t->code, FB_TAX_LEGACY) == 0 &&
		   (t->ncomponents != 1 || strcmp(t->components[0].name, FB_TAX_LEGACY) != 0)) {
		rc = fb_err_set(err, FB_ERR_REFUSED, "cannot give 'TAX' components: it is the"
				" code of tax.rate, one rate");
		fb_err_hint(err, "add a code of your own with 'fixbill tax add'");
	}
	if (rc == 0)
		rc = fb_tax_check(t, err);
	if (rc == 0 && strcmp(t->code, FB_TAX_LEGACY) == 0) {
		/* TAX's rate lives in tax.rate; its component row keeps 0. */
		char *r = fb_format_decimal(t->components[0].rate, 4);

		rc = fb_config_set(db, "tax.rate", r, err);
		free(r);
	} else if (rc == 0)
		rc = write_components(db, t, err);
	if (rc == 0)
		rc = fb_db_exec(db, err, "UPDATE tax_codes SET name = ?, category = ?, xero = ?,"
				" qbo = ?, iif_item = ?, agency = ? WHERE code = ?", "ttttttt",
				t->name, t->category, t->xero, t->qbo, t->iif_item, t->agency,
				t->code);
	fb_tax_code_release(&old);
	return rc;
}

int
fb_tax_list(struct fb_db *db, struct fb_tax_code **out, size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	char **codes = NULL;
	size_t ncodes = 0, alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = fb_db_prepare(db, "SELECT code FROM tax_codes ORDER BY code", err)) == NULL)
		return -1;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(&codes, &alloc, ncodes + 1, sizeof(*codes));
		codes[ncodes++] = fb_stmt_dup(st, 0);
	}
	fb_stmt_reset(st);
	if (rc == 0)
		*out = fb_xcalloc(ncodes, sizeof(**out));
	for (size_t i = 0; i < ncodes; i++) {
		if (rc == 0 && fb_tax_get(db, codes[i], 0, &(*out)[*n], err) < 0)
			rc = -1;
		else if (rc == 0)
			(*n)++;
		free(codes[i]);
	}
	free(codes);
	if (rc < 0) {
		for (size_t i = 0; i < *n; i++)
			fb_tax_code_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int
fb_tax_effective_names(struct fb_db *db, struct fb_tax_code *t, struct fb_err *err)
{
	if (t->xero == NULL) {
		const char *key = strcmp(t->code, FB_TAX_LEGACY) == 0 ? "xero.tax_type" :
		    strcmp(t->code, FB_TAX_NONE) == 0 ? "xero.tax_type_none" : NULL;

		if (key && fb_config_get(db, key, &t->xero, err) < 0)
			return -1;
		if (t->xero == NULL)
			t->xero = fb_xstrdup(t->code);
	}
	if (t->qbo == NULL)
		t->qbo = fb_xstrdup(t->code);
	if (t->iif_item == NULL)
		t->iif_item = fb_xstrdup(t->code);
	return 0;
}

enum fb_tax_kind
fb_tax_kind_of(const char *line_kind)
{
	if (line_kind == NULL)
		return FB_TAX_OTHER;
	if (strcmp(line_kind, "labor") == 0 || strcmp(line_kind, "minimum") == 0 ||
	    strcmp(line_kind, "covered") == 0)
		return FB_TAX_LABOR;
	if (strcmp(line_kind, "part") == 0)
		return FB_TAX_PARTS;
	return FB_TAX_OTHER;
}

const char *
fb_tax_kind_name(enum fb_tax_kind k)
{
	static const char *const names[] = { "labor", "parts", "other" };

	return (int)k >= 0 && k < FB_TAX_NKINDS ? names[k] : "other";
}

/*
 * Whether tax.applies_to (all, labor, parts) covers kind: labor means the
 * services, everything but parts.
 */
static int
applies(const char *to, enum fb_tax_kind kind)
{
	if (to == NULL || strcmp(to, "all") == 0)
		return 1;
	if (strcmp(to, "parts") == 0)
		return kind == FB_TAX_PARTS;
	return kind != FB_TAX_PARTS;
}

/* One level's answer: 1 with *code, 0 when nothing is set at this level. */
static int
resolve_at(struct fb_db *db, int64_t level, int64_t client_id, enum fb_tax_kind kind,
	   char **code, struct fb_err *err)
{
	char *key = fb_xasprintf("tax.%s", fb_tax_kind_name(kind)), *rate = NULL, *to = NULL;
	int64_t r = 0;
	int rc;

	rc = fb_config_stored(db, level, key, code, err);
	free(key);
	if (rc == 0)
		rc = fb_config_stored(db, level, "tax.default", code, err);
	if (rc != 0)
		return rc;
	/* The older settings: tax.rate set here means TAX. */
	if ((rc = fb_config_stored(db, level, "tax.rate", &rate, err)) <= 0)
		return rc;
	if (fb_parse_decimal(rate, 4, 0, &r, NULL) < 0)
		r = 0;
	free(rate);
	if (r > 0 && fb_config_get_for(db, client_id, "tax.applies_to", &to, NULL, err) < 0)
		return -1;
	*code = fb_xstrdup(r > 0 && applies(to, kind) ? FB_TAX_LEGACY : FB_TAX_NONE);
	free(to);
	return 1;
}

int
fb_tax_resolve(struct fb_db *db, int64_t client_id, enum fb_tax_kind kind, char **code,
	       struct fb_err *err)
{
	int rc = 0;

	*code = NULL;
	if (client_id > 0)
		rc = resolve_at(db, client_id, client_id, kind, code, err);
	if (rc == 0)
		rc = resolve_at(db, 0, client_id, kind, code, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		*code = fb_xstrdup(FB_TAX_NONE);
	return 0;
}
