/*
 * client.h - clients (the businesses a shop bills) and technicians.
 */
#ifndef FB_CLIENT_H
#define FB_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"

struct fb_client {
	int64_t id;
	char *code;		/* short handle: "acme" */
	char *name;
	char *email;		/* NULL when absent, as all optional fields */
	char *address;
	char *tax_id;
	char *currency;		/* effective: the client's, else the configured one */
	/*
	 * The structured address (street may hold up to three lines),
	 * country an ISO 3166-1 alpha-2 code, the VAT identifier and the
	 * buyer's reference (SPEC section 13).  Terms and tax are settings
	 * of the client (lib/config.h), not fields.
	 */
	char *street, *city, *region, *postcode, *country;
	char *vat_id;
	char *buyer_ref;
	int64_t downtime_cost;	/* per hour, minor units; -1: none */
	int64_t managed_fee;	/* per month, minor units; -1: none */
	int archived;
	int64_t created;
};

void fb_client_release(struct fb_client *c);

/*
 * Find a client by code, else by name (case-insensitive).  An unknown
 * client is FB_ERR_NOTFOUND: "unknown client 'acm'" with a hint naming a
 * close code, or 'fixbill client add'.
 */
int fb_client_find(struct fb_db *db, const char *code_or_name,
		   struct fb_client *c, struct fb_err *err);
int fb_client_get(struct fb_db *db, int64_t id, struct fb_client *c,
		  struct fb_err *err);

struct fb_tech {
	int64_t id;
	char *handle;
	char *name;
	char tier[3];		/* "L1", "L2", "L3" */
};

void fb_tech_release(struct fb_tech *t);

/*
 * The technician for a command: handle (the --tech value) when not NULL,
 * else $FIXBILL_TECH, else the login name.  An unknown handle is created
 * at tier L1 (within the caller's transaction): for imports only.
 */
int fb_tech_resolve(struct fb_db *db, const char *handle, int64_t now,
		    struct fb_tech *t, struct fb_err *err);
/*
 * The technician a command acts for, picked as by fb_tech_resolve, who
 * must have been added (SPEC section 2: a typo must not create a
 * technician billed at L1).  FB_ERR_NOTFOUND, with a hint to add it (or
 * a close handle):
 *   unknown technician 'bne'
 *   unknown technician 'alex' (from $FIXBILL_TECH)
 *   unknown technician 'alex' (the login name)
 * and FB_ERR_USAGE for a handle that is not one.  Release t after 0.
 */
int fb_tech_require(struct fb_db *db, const char *handle, struct fb_tech *t,
		    struct fb_err *err);
/*
 * As fb_tech_resolve, creating nothing: 1 with t filled, 0 when the
 * handle is not known yet (t->handle set, id 0), -1 on error (an invalid
 * handle).  Release t after 0 and 1.
 */
int fb_tech_lookup(struct fb_db *db, const char *handle, struct fb_tech *t,
		   struct fb_err *err);

/*
 * Storing clients and technicians (cmd/client.c, cmd/tech.c).
 */

/* 1 when s is a client code: [a-z0-9][a-z0-9_-]{0,31}. */
int fb_client_code_valid(const char *s);

/* The longest text of each field, in bytes. */
#define FB_CLIENT_NAME_MAX 200
#define FB_CLIENT_EMAIL_MAX 254
#define FB_CLIENT_ADDRESS_MAX 1000
#define FB_CLIENT_TAX_ID_MAX 64
#define FB_CLIENT_STREET_MAX 300
#define FB_CLIENT_PLACE_MAX 100		/* city, region */
#define FB_CLIENT_POSTCODE_MAX 20
#define FB_CLIENT_VAT_ID_MAX 30
#define FB_CLIENT_BUYER_REF_MAX 200

/*
 * The rules of each field (SPEC section 15, "Text"), FB_ERR_USAGE:
 *   invalid client code 'Acme': use 1-32 lowercase letters, ...
 *   invalid client name: must not be empty
 *   invalid client name: longer than 200 bytes
 *   invalid client name: not valid UTF-8 or has control characters
 *   invalid client name '=SUM(A1)': must not begin with '=', '+', '-' or '@'
 *   invalid email address 'x'
 *   invalid client address: ...     (the one field that may hold newlines)
 *   invalid tax id: ...
 *   unknown currency 'XYZ': use an ISO 4217 code such as USD or EUR
 * Optional fields accept NULL.  A name, of a client or a technician, that
 * begins with '=', '+', '-' or '@' would be a formula in a spreadsheet.
 */
int fb_client_check_code(const char *s, struct fb_err *err);
int fb_client_check_name(const char *s, struct fb_err *err);
int fb_client_check_email(const char *s, struct fb_err *err);
int fb_client_check_address(const char *s, struct fb_err *err);
int fb_client_check_tax_id(const char *s, struct fb_err *err);
int fb_client_check_currency(const char *s, struct fb_err *err);
/* Every field of c, as insert and update check them. */
int fb_client_check(const struct fb_client *c, struct fb_err *err);

/*
 * The structured address and identifiers, FB_ERR_USAGE as the fields
 * above ("invalid street: ..."), and:
 *   invalid street: more than 3 lines
 *   invalid country 'XX': want an ISO 3166-1 code such as DE or US
 *   invalid VAT id 'x': want the country prefix and number, such as DE123456789
 */
int fb_client_check_street(const char *s, struct fb_err *err);
int fb_client_check_city(const char *s, struct fb_err *err);
int fb_client_check_region(const char *s, struct fb_err *err);
int fb_client_check_postcode(const char *s, struct fb_err *err);
int fb_client_check_country(const char *s, struct fb_err *err);
int fb_client_check_vat_id(const char *s, struct fb_err *err);
int fb_client_check_buyer_ref(const char *s, struct fb_err *err);
/* 1 when s is an ISO 3166-1 alpha-2 code ("DE"), in capitals. */
int fb_country_valid(const char *s);

/*
 * Payment terms in days.  FB_ERR_USAGE:
 *   invalid terms 'soon': want a whole number of days from 0 to 3650
 */
int fb_client_parse_terms(const char *s, int64_t *out, struct fb_err *err);

/*
 * Insert c (every field as in struct fb_client; currency is stored as
 * given) and set c->id and c->created, after fb_client_check.  A code in
 * use is FB_ERR_REFUSED: client 'acme' already exists.
 */
int fb_client_insert(struct fb_db *db, struct fb_client *c, int64_t now,
		     struct fb_err *err);
/* Store every field of c over the row c->id, after fb_client_check. */
int fb_client_update(struct fb_db *db, const struct fb_client *c,
		     struct fb_err *err);

/*
 * Archive (archived 1) or bring back (0) the client c and store it.
 * FB_ERR_REFUSED:
 *   client 'acme' is already archived      (or: is not archived)
 *   cannot archive client 'acme': it has 2 open jobs
 *   cannot archive client 'acme': it has unbilled work
 * (with hints): archiving must not hide work still to be billed.
 */
int fb_client_set_archived(struct fb_db *db, struct fb_client *c, int archived,
			   struct fb_err *err);

/*
 * Move c to another currency, before it is stored with fb_client_update:
 * refused (FB_ERR_REFUSED) once it has invoices, or work or charges not
 * yet invoiced (their amounts would change meaning),
 *   cannot change the currency of client 'acme': it has 2 invoices in USD
 *   cannot change the currency of client 'acme': it has unbilled work or charges in USD
 * else its rate rules, downtime cost and managed fee keep their numbers
 * in the new currency ("120.00" USD becomes "120" JPY), or
 *   cannot change the currency of client 'acme': an amount is too large in JPY
 * A currency equal to c's changes nothing.
 */
int fb_client_set_currency(struct fb_db *db, struct fb_client *c,
			   const char *currency, struct fb_err *err);
/*
 * Every client (archived ones too when all), by code.  *out is the
 * caller's: fb_client_release each, then free the array.
 */
int fb_client_list(struct fb_db *db, int all, struct fb_client **out,
		   size_t *n, struct fb_err *err);

/* 1 when s is a technician handle: [a-z0-9][a-z0-9._-]{0,31}. */
int fb_tech_handle_valid(const char *s);
/* 1 when s is "L1", "L2" or "L3". */
int fb_tier_valid(const char *s);
/*
 * FB_ERR_USAGE as fb_client_check_name ("invalid technician name: ..."),
 * for a technician's handle and name (NULL is no name), and tier:
 *   invalid technician handle 'Kim': use 1-32 lowercase letters, ...
 *   invalid tier 'L4': want L1, L2 or L3
 */
int fb_tech_check_handle(const char *s, struct fb_err *err);
int fb_tech_check_name(const char *s, struct fb_err *err);
int fb_tech_check_tier(const char *s, struct fb_err *err);
/* The technician with this handle: 1 found (t filled), 0 none, -1 error. */
int fb_tech_get(struct fb_db *db, const char *handle, struct fb_tech *t,
		struct fb_err *err);
/* Insert t (handle, name, tier) and set t->id, after the checks above. */
int fb_tech_insert(struct fb_db *db, struct fb_tech *t, int64_t now,
		   struct fb_err *err);
/* Store name and tier over the row t->id, after the checks above. */
int fb_tech_update(struct fb_db *db, const struct fb_tech *t, struct fb_err *err);
/* Every technician by handle; as fb_client_list. */
int fb_tech_list(struct fb_db *db, struct fb_tech **out, size_t *n,
		 struct fb_err *err);
/* FB_ERR_NOTFOUND "unknown technician 'x'" with a hint naming a close handle, or how to add it. */
int fb_tech_unknown(struct fb_db *db, const char *handle, const char *from,
		    struct fb_err *err);

/*
 * Tiers over time (SPEC section 2): work is priced at the tier its
 * technician had when it started.  The table tech_tiers holds the
 * earlier tiers (work starting before `until` was at `tier`, the row
 * with the earliest `until` after the start applying); work after the
 * last of them is at techs.tier.  FB_TECH_TIER_AT is that rule in SQL,
 * for a query of the entries: tech and start name the entry's columns,
 * current the technician's tier column.
 */
#define FB_TECH_TIER_AT(tech, start, current) \
	"coalesce((SELECT h.tier FROM tech_tiers h WHERE h.tech_id = " tech \
	" AND h.until > " start " ORDER BY h.until LIMIT 1), " current ")"

struct fb_tech_tier {
	int64_t until;		/* work starting before this instant... */
	char tier[3];		/* ...was at this tier */
};

/* A technician's earlier tiers, by until.  *out is the caller's to free. */
int fb_tech_tiers(struct fb_db *db, int64_t tech_id, struct fb_tech_tier **out,
		  size_t *n, struct fb_err *err);
/* The tier of work starting at start, from the earlier tiers and the current one. */
const char *fb_tech_tier_at(const struct fb_tech_tier *tiers, size_t n, const char *current,
			    int64_t start);
/*
 * Put t at tier for work starting at from or later, and store it: work
 * before from keeps the tier it was done at (SPEC section 2, `tech edit
 * --tier Lx --from DATE`).  Changes t->tier.
 */
int fb_tech_set_tier(struct fb_db *db, struct fb_tech *t, const char *tier, int64_t from,
		     struct fb_err *err);

#endif
