/*
 * config.h - the settings of SPEC section 2, stored in the database.
 *
 * Every key is declared in one table with its default and validator, so
 * `config set` refuses unknown keys and malformed values, and everything
 * else reads settings already known to be valid.
 */
#ifndef FB_CONFIG_H
#define FB_CONFIG_H

#include <stdint.h>

#include "db.h"
#include "util.h"

struct fb_config_key {
	const char *key;
	const char *def;	/* NULL: no default */
	const char *help;
	/*
	 * Check value; on success set *norm to the canonical form to store
	 * (caller frees).  -1 with err (FB_ERR_USAGE) when malformed.
	 */
	int (*validate)(const char *value, char **norm, struct fb_err *err);
};

/*
 * invoice.format and invoice.credit_format (SPEC section 15): a rendered
 * number is at most FB_NUMBER_MAX characters, counting {year} as four
 * and {seq} as FB_NUMBER_SEQ_DIGITS digits, or its padding when wider.
 */
#define FB_NUMBER_MAX 40
#define FB_NUMBER_SEQ_DIGITS 10

/* The table of keys, terminated by a NULL key. */
extern const struct fb_config_key fb_config_keys[];

/* Look a key up; NULL when unknown. */
const struct fb_config_key *fb_config_find(const char *key);

/*
 * The effective value of key: the stored value, else the default, else
 * NULL.  Unknown keys are FB_ERR_USAGE.  *value is the caller's.
 * Returns 1 when a value is set, 0 when not, -1 on error.
 */
int fb_config_get(struct fb_db *db, const char *key, char **value,
		  struct fb_err *err);
/* 1 when the key has a stored (not default) value. */
int fb_config_isset(struct fb_db *db, const char *key);

/*
 * Check a value of key (one read back from the database, which an older
 * fixbill may have stored under laxer rules) as fb_config_set would:
 * 0, or -1 with err as the key's validator fills it (FB_ERR_USAGE).
 */
int fb_config_check(const char *key, const char *value, struct fb_err *err);

/*
 * Validate and store.  Unknown keys and malformed values are
 * FB_ERR_USAGE; a tax.labor, tax.parts, tax.other or tax.default that
 * names no tax code is FB_ERR_NOTFOUND ("unknown tax code 'VATT'").
 */
int fb_config_set(struct fb_db *db, const char *key, const char *value,
		  struct fb_err *err);
/* Forget the stored value (back to the default).  0 also when unset. */
int fb_config_unset(struct fb_db *db, const char *key, struct fb_err *err);

/*
 * Settings of one client (SPEC section 14): every billing.*, tax.*,
 * invoice.terms and invoice.paper key may be set for a client, and where
 * fixbill reads one of them for that client's work or invoices, the
 * client's value wins over the shop's.
 */
enum fb_config_source {
	FB_CONFIG_DEFAULT,	/* neither is set: the key's default (or none) */
	FB_CONFIG_COMPANY,	/* the shop's value (config set KEY VALUE) */
	FB_CONFIG_CLIENT	/* the client's own (config set KEY VALUE --client CODE) */
};

/* "default", "company", "client". */
const char *fb_config_source_name(enum fb_config_source s);

/* 1 when key may be set for one client. */
int fb_config_per_client(const char *key);

/*
 * The effective value of key for client_id (0: the shop's, as
 * fb_config_get): the client's, else the shop's, else the default, with
 * *source saying which (source may be NULL).  Returns 1 when a value is
 * there, 0 when not, -1 on error (an unknown key, FB_ERR_USAGE).
 */
int fb_config_get_for(struct fb_db *db, int64_t client_id, const char *key,
		      char **value, enum fb_config_source *source, struct fb_err *err);

/*
 * Validate and store key for client_id, or forget it (0 also when it
 * was not set).  A key that cannot be set per client is FB_ERR_USAGE:
 *   cannot set 'company.name' for a client: only billing.*, tax.*,
 *   invoice.terms and invoice.paper can be
 */
int fb_config_set_client(struct fb_db *db, int64_t client_id, const char *key,
			 const char *value, struct fb_err *err);
int fb_config_unset_client(struct fb_db *db, int64_t client_id, const char *key,
			   struct fb_err *err);
/*
 * The value stored for key at one level: the client's (client_id > 0)
 * or the shop's (0), no default.  1 with *value (caller frees), 0 when
 * not set there, -1 on error.
 */
int fb_config_stored(struct fb_db *db, int64_t client_id, const char *key,
		     char **value, struct fb_err *err);
/* Check that key may be set per client (the error above), no database needed. */
int fb_config_check_client_key(const char *key, struct fb_err *err);

/* Typed getters for values already validated (defaults apply). */
int64_t fb_config_int(struct fb_db *db, const char *key, int64_t dflt);
/* As fb_config_int, the client's value winning (client_id 0: the shop's). */
int64_t fb_config_int_for(struct fb_db *db, int64_t client_id, const char *key,
			  int64_t dflt);
/* The configured currency code (borrowed from a static buffer). */
const char *fb_config_currency(struct fb_db *db);

/*
 * Install the configured timezone process-wide (fb_tz_set).  Called once
 * after the database is opened, before any date is read.  A stored name
 * the system no longer knows (tzdata drops names) is FB_ERR_RUNTIME
 *   the configured timezone 'Asia/Gone' is not known to this system
 * with a hint to set another; with lenient the default zone ($TZ, else
 * UTC) is installed instead, for the commands that must still work then
 * (setting the timezone, listing the settings, checking and backing up
 * the database).
 */
int fb_config_apply_tz(struct fb_db *db, int lenient, struct fb_err *err);

#endif
