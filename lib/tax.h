/*
 * tax.h - tax codes (SPEC section 11).
 *
 * A code is a name for how a line is taxed: one or more components
 * (GST 5 % and PST 7 %), each a rate computed on the line's net amount
 * (no tax on tax), an EN 16931 VAT category, and the names accounting
 * systems know it by.  NONE (0 %, category O) always exists; TAX is the
 * code of the older tax.rate and tax.applies_to settings, whose rate is
 * always tax.rate's.  Which code taxes a line is a setting per kind of
 * line (tax.labor, tax.parts, tax.other, else tax.default), which a
 * client may have its own of.  The arithmetic of taxing an invoice by
 * code is lib/pricing's.
 */
#ifndef FB_TAX_H
#define FB_TAX_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"

#define FB_TAX_NONE "NONE"
#define FB_TAX_LEGACY "TAX"

/* Most components a code may have, and the longest code or component name. */
#define FB_TAX_MAX_COMPONENTS 8
#define FB_TAX_CODE_MAX 32
#define FB_TAX_TEXT_MAX 100

struct fb_tax_component {
	char *name;		/* "GST" */
	int64_t rate;		/* ten-thousandths of a percent: 5 % = 50000 */
};

struct fb_tax_code {
	char *code;		/* "GSTPST" */
	char *name;		/* "GST 5% + PST 7%"; NULL: none */
	char category[3];	/* S, Z, E, AE, K, G or O */
	/* The names accounting systems know it by; NULL: the default. */
	char *xero, *qbo, *iif_item, *agency;
	struct fb_tax_component *components;
	size_t ncomponents;
};

void fb_tax_code_init(struct fb_tax_code *t);
void fb_tax_code_release(struct fb_tax_code *t);
/* A deep copy of src into dst (initialised or released). */
void fb_tax_code_copy(struct fb_tax_code *dst, const struct fb_tax_code *src);
/* Append a component (name copied). */
void fb_tax_code_add(struct fb_tax_code *t, const char *name, int64_t rate);
/* The NONE code, built without a database. */
void fb_tax_code_none(struct fb_tax_code *t);
/* The sum of the component rates (what a line pays in all). */
int64_t fb_tax_code_rate(const struct fb_tax_code *t);
/*
 * How documents label component i: the code's name, else the
 * component's, for a code of one component; the component's otherwise.
 * Borrowed.
 */
const char *fb_tax_component_label(const struct fb_tax_code *t, size_t i);

/*
 * The rules of the fields, FB_ERR_USAGE.  A code or component name is a
 * letter then letters, digits, '-' or '_', at most 32 characters; it is
 * folded to capitals (*norm, caller frees):
 *   invalid tax code 'v@t': use a letter, then letters, digits, '-' and '_'
 *   invalid tax component 'GST5' : want NAME=PERCENT, such as GST=5
 *   invalid percentage '101': want 0 to 100 with at most 4 decimals
 *   invalid tax category 'X': want S, Z, E, AE, K, G or O
 *   invalid tax code 'EXEMPT': category E needs a rate of 0
 *   invalid tax code 'GSTPST': component 'GST' appears twice
 *   invalid tax name: not valid UTF-8 or has control characters
 */
int fb_tax_check_code(const char *s, char **norm, struct fb_err *err);
int fb_tax_parse_rate(const char *s, int64_t *rate, struct fb_err *err);
/* "GST=5" into c (name folded, owned by c). */
int fb_tax_parse_component(const char *s, struct fb_tax_component *c, struct fb_err *err);
int fb_tax_check_category(const char *s, struct fb_err *err);
/* Every field of t, as fb_tax_insert and fb_tax_update check them. */
int fb_tax_check(const struct fb_tax_code *t, struct fb_err *err);

/*
 * The records (cmd/tax.c).
 *
 * fb_tax_get: the code named s (any case) into t, initialised by the
 * caller, released by the caller on success.  The rate of TAX is
 * client_id's tax.rate (0: the shop's).  FB_ERR_NOTFOUND:
 *   unknown tax code 'VATT'
 * with a hint naming a close code or 'fixbill tax add'.
 * fb_tax_exists: 1, 0, or -1 on error.
 * fb_tax_insert: a code in use is FB_ERR_REFUSED "tax code 'VAT' already
 * exists".  fb_tax_update: t over the stored code of its name, its
 * components replaced; NONE's category and rate never change, nor TAX's
 * components (FB_ERR_REFUSED), and TAX's one rate is set as tax.rate.
 * fb_tax_list: every code by name; *out is the caller's (release each).
 */
int fb_tax_get(struct fb_db *db, const char *s, int64_t client_id, struct fb_tax_code *t,
	       struct fb_err *err);
int fb_tax_exists(struct fb_db *db, const char *code, struct fb_err *err);
int fb_tax_insert(struct fb_db *db, const struct fb_tax_code *t, int64_t now,
		  struct fb_err *err);
int fb_tax_update(struct fb_db *db, const struct fb_tax_code *t, struct fb_err *err);
int fb_tax_list(struct fb_db *db, struct fb_tax_code **out, size_t *n, struct fb_err *err);

/*
 * Fill the names t leaves to the default: Xero's is the code (for TAX
 * the setting xero.tax_type, for NONE xero.tax_type_none, as before tax
 * codes), QuickBooks' and the IIF item the code; the agency has none.
 */
int fb_tax_effective_names(struct fb_db *db, struct fb_tax_code *t, struct fb_err *err);

/* The kinds of line a setting names a code for. */
enum fb_tax_kind {
	FB_TAX_LABOR,		/* labor and call-out minimums: tax.labor */
	FB_TAX_PARTS,		/* parts: tax.parts */
	FB_TAX_OTHER,		/* trips, flat fees, plan fees, blocks: tax.other */
	FB_TAX_NKINDS
};

/* The kind of an invoice line kind ("labor", "part", "trip"...). */
enum fb_tax_kind fb_tax_kind_of(const char *line_kind);
/* "labor", "parts", "other". */
const char *fb_tax_kind_name(enum fb_tax_kind k);

/*
 * The code that taxes lines of kind for client_id (0: the shop's
 * settings), caller frees.  The client's settings first, then the
 * shop's; at each, tax.<kind>, else tax.default, else, when tax.rate is
 * set there, TAX on the kinds tax.applies_to names (NONE on the others,
 * and everywhere when the rate is 0); NONE when nothing is set.
 */
int fb_tax_resolve(struct fb_db *db, int64_t client_id, enum fb_tax_kind kind,
		   char **code, struct fb_err *err);

#endif
