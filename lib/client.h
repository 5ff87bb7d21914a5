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
	int64_t tax_rate;	/* ten-thousandths of a percent; -1: tax.rate applies */
	int64_t terms;		/* days; -1: invoice.terms applies */
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
 * at tier L1 (within the caller's transaction).
 */
int fb_tech_resolve(struct fb_db *db, const char *handle, int64_t now,
		    struct fb_tech *t, struct fb_err *err);

/*
 * Storing clients and technicians (cmd/client.c, cmd/tech.c).
 */

/* 1 when s is a client code: [a-z0-9][a-z0-9_-]{0,31}. */
int fb_client_code_valid(const char *s);
/*
 * Insert c (every field as in struct fb_client; currency is stored as
 * given) and set c->id and c->created.  A code in use is FB_ERR_REFUSED:
 * client 'acme' already exists.
 */
int fb_client_insert(struct fb_db *db, struct fb_client *c, int64_t now,
		     struct fb_err *err);
/* Store every field of c over the row c->id. */
int fb_client_update(struct fb_db *db, const struct fb_client *c,
		     struct fb_err *err);
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
/* The technician with this handle: 1 found (t filled), 0 none, -1 error. */
int fb_tech_get(struct fb_db *db, const char *handle, struct fb_tech *t,
		struct fb_err *err);
/* Insert t (handle, name, tier) and set t->id. */
int fb_tech_insert(struct fb_db *db, struct fb_tech *t, int64_t now,
		   struct fb_err *err);
/* Store name and tier over the row t->id. */
int fb_tech_update(struct fb_db *db, const struct fb_tech *t, struct fb_err *err);
/* Every technician by handle; as fb_client_list. */
int fb_tech_list(struct fb_db *db, struct fb_tech **out, size_t *n,
		 struct fb_err *err);

#endif
