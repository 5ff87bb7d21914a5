/*
 * db.c - open, migrate and query the SQLite database.
 *
 * Statements are prepared once per process and cached by their SQL text,
 * so a command that runs the same query a thousand times compiles it once.
 */
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>
/* The session extension, which Debian's libsqlite3 is built with. */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include "schema.h"

#define FB_BUSY_TIMEOUT_MS 60000

/* PRAGMA application_id of a fixbill database: "FXB1" (006-application-id.sql). */
#define FB_APPLICATION_ID 0x46584231

/*
 * Statement journals.  A statement that may fail after changing some
 * rows (an UPDATE of many, one that fires a trigger) keeps the old
 * content of the pages it changes in a statement journal, to undo
 * itself.  SQLite holds the journal in memory up to a spill size and
 * then moves it to a temporary file.
 *
 * At SQLite's default spill, 64 KiB, a month-end run spilled the
 * journal of each client with a few dozen entries to a file of its own,
 * and the bench's month-end took about a fifth more processor time than
 * with journals held in memory up to 8 MiB (a sixth more at 120 KiB).
 * Holding them in memory without bound (temp_store=MEMORY, or a spill of
 * -1) is no answer either: invoicing years of one client's backlog
 * journals a page of the entries table for nearly every entry, hundreds
 * of megabytes of them.
 *
 * Past the spill size, though, SQLite writes the journal it holds to the
 * file in chunks as large as the spill size (memjournal.c sizes its
 * chunks so), and the unix VFS writes less than 128 KiB in one call: it
 * keeps 17 bits of the count (seekAndWriteFd), so a larger write comes
 * out short and then as a write of no bytes, which SQLite reports as
 * "database or disk is full".  Hence the small VFS below, the one reason
 * for it: it passes every call to the default VFS, and a statement
 * journal's writes in pieces of 64 KiB.  (A spill below 128 KiB needs no
 * VFS, but spills nearly as often as the default.)
 */
#define FB_STMT_JOURNAL_SPILL (8 * 1024 * 1024)
#define FB_JOURNAL_PIECE (64 * 1024)
#define FB_VFS_NAME "fixbill"

struct fb_stmt {
	struct fb_stmt *next;
	char *sql;		/* a copy: the caller's text may be freed */
	sqlite3_stmt *st;
	struct fb_db *db;
};

struct fb_db {
	sqlite3 *h;
	char *path;
	int depth;		/* fb_db_begin nesting */
	int unchecked;		/* foreign keys are off until the transaction ends */
	int rollback_journal;	/* out of WAL until the transaction ends */
	int busy;		/* the last fb_db_begin found the database locked */
	struct fb_stmt *stmts;
	struct fb_db_rows rows;	/* what fb_rows reads; n == 0 when none */
	int64_t scratch;	/* rows changed in temporary tables (fb_db_scratch_changes) */
	int rows_module;	/* fb_rows is registered */
	sqlite3_session *session;	/* recording a command's changes */
	char **touched;		/* rowid tables written while recording */
	size_t ntouched, atouched;
	int views;		/* share/views.sql is made for this connection... */
	int views_txn;		/* ...inside a transaction, which may take them back */
};

/*
 * How long to wait for another command's write lock: $FIXBILL_BUSY_TIMEOUT
 * milliseconds (tests use a short one), else a minute.
 */
static int
busy_timeout(void)
{
	const char *s = getenv("FIXBILL_BUSY_TIMEOUT");
	int64_t ms;

	if (s && *s && fb_parse_uint(s, 24 * 3600 * 1000, &ms) == 0)
		return (int)ms;
	return FB_BUSY_TIMEOUT_MS;
}

static int
db_error(struct fb_db *db, struct fb_err *err, const char *what)
{
	int rc = sqlite3_extended_errcode(db->h);
	const char *msg = sqlite3_errmsg(db->h);

	/* Our own triggers speak with RAISE(ABORT, 'fixbill: ...'): a rule. */
	if (strncmp(msg, "fixbill: ", 9) == 0)
		return fb_err_set(err, FB_ERR_REFUSED, "%s", msg + 9);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return fb_err_set(err, FB_ERR_REFUSED, "%s: %s", what, msg);
	return fb_err_set(err, FB_ERR_RUNTIME, "%s '%s': %s", what,
			  db->path, msg);
}

/*
 * The statement-journal VFS: every call goes to the default VFS, and a
 * statement journal's writes go in pieces of FB_JOURNAL_PIECE bytes.
 */
struct jrnl_file {
	sqlite3_file base;	/* pMethods: jrnl_methods */
	sqlite3_file *real;	/* the real VFS's file, right after this struct */
};

static sqlite3_vfs *
real_vfs(sqlite3_vfs *vfs)
{
	return vfs->pAppData;
}

static sqlite3_file *
real_file(sqlite3_file *f)
{
	return ((struct jrnl_file *)f)->real;
}

static int
jrnl_close(sqlite3_file *f)
{
	sqlite3_file *r = real_file(f);

	return r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
}

static int
jrnl_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return real_file(f)->pMethods->xRead(real_file(f), buf, n, off);
}

static int
jrnl_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	const char *p = buf;

	while (n > 0) {
		int k = n < FB_JOURNAL_PIECE ? n : FB_JOURNAL_PIECE;
		int rc = real_file(f)->pMethods->xWrite(real_file(f), p, k, off);

		if (rc != SQLITE_OK)
			return rc;
		p += k;
		off += k;
		n -= k;
	}
	return SQLITE_OK;
}

static int
jrnl_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return real_file(f)->pMethods->xTruncate(real_file(f), size);
}

static int
jrnl_sync(sqlite3_file *f, int flags)
{
	return real_file(f)->pMethods->xSync(real_file(f), flags);
}

static int
jrnl_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return real_file(f)->pMethods->xFileSize(real_file(f), size);
}

static int
jrnl_lock(sqlite3_file *f, int level)
{
	return real_file(f)->pMethods->xLock(real_file(f), level);
}

static int
jrnl_unlock(sqlite3_file *f, int level)
{
	return real_file(f)->pMethods->xUnlock(real_file(f), level);
}

static int
jrnl_reserved(sqlite3_file *f, int *out)
{
	return real_file(f)->pMethods->xCheckReservedLock(real_file(f), out);
}

static int
jrnl_control(sqlite3_file *f, int op, void *arg)
{
	return real_file(f)->pMethods->xFileControl(real_file(f), op, arg);
}

static int
jrnl_sector(sqlite3_file *f)
{
	return real_file(f)->pMethods->xSectorSize(real_file(f));
}

static int
jrnl_device(sqlite3_file *f)
{
	return real_file(f)->pMethods->xDeviceCharacteristics(real_file(f));
}

static const sqlite3_io_methods jrnl_methods = {
	1, jrnl_close, jrnl_read, jrnl_write, jrnl_truncate, jrnl_sync, jrnl_size,
	jrnl_lock, jrnl_unlock, jrnl_reserved, jrnl_control, jrnl_sector, jrnl_device,
	NULL, NULL, NULL, NULL, NULL, NULL
};

static int
vfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	struct jrnl_file *j = (struct jrnl_file *)f;
	int rc;

	/* Every other file is the real VFS's own, methods and all. */
	if (!(flags & SQLITE_OPEN_SUBJOURNAL))
		return real_vfs(vfs)->xOpen(real_vfs(vfs), name, f, flags, out);
	j->base.pMethods = NULL;
	j->real = (sqlite3_file *)&j[1];
	j->real->pMethods = NULL;
	rc = real_vfs(vfs)->xOpen(real_vfs(vfs), name, j->real, flags, out);
	if (rc == SQLITE_OK)
		j->base.pMethods = &jrnl_methods;
	else if (j->real->pMethods)
		j->real->pMethods->xClose(j->real);
	return rc;
}

static int
vfs_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	return real_vfs(vfs)->xDelete(real_vfs(vfs), name, sync);
}

static int
vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	return real_vfs(vfs)->xAccess(real_vfs(vfs), name, flags, out);
}

static int
vfs_fullpath(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	return real_vfs(vfs)->xFullPathname(real_vfs(vfs), name, n, out);
}

static void *
vfs_dlopen(sqlite3_vfs *vfs, const char *name)
{
	return real_vfs(vfs)->xDlOpen(real_vfs(vfs), name);
}

static void
vfs_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
	real_vfs(vfs)->xDlError(real_vfs(vfs), n, msg);
}

static void (*vfs_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	return real_vfs(vfs)->xDlSym(real_vfs(vfs), h, sym);
}

static void
vfs_dlclose(sqlite3_vfs *vfs, void *h)
{
	real_vfs(vfs)->xDlClose(real_vfs(vfs), h);
}

static int
vfs_random(sqlite3_vfs *vfs, int n, char *out)
{
	return real_vfs(vfs)->xRandomness(real_vfs(vfs), n, out);
}

static int
vfs_sleep(sqlite3_vfs *vfs, int us)
{
	return real_vfs(vfs)->xSleep(real_vfs(vfs), us);
}

static int
vfs_time(sqlite3_vfs *vfs, double *out)
{
	return real_vfs(vfs)->xCurrentTime(real_vfs(vfs), out);
}

static int
vfs_lasterror(sqlite3_vfs *vfs, int n, char *msg)
{
	return real_vfs(vfs)->xGetLastError(real_vfs(vfs), n, msg);
}

static int
vfs_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	sqlite3_vfs *r = real_vfs(vfs);

	if (r->iVersion >= 2 && r->xCurrentTimeInt64)
		return r->xCurrentTimeInt64(r, out);
	{
		double d = 0;
		int rc = r->xCurrentTime(r, &d);

		*out = (sqlite3_int64)(d * 86400000.0);
		return rc;
	}
}

/* Register the VFS (once); when it cannot be, opening a database fails. */
static void
vfs_register(void)
{
	static sqlite3_vfs vfs;
	sqlite3_vfs *real = sqlite3_vfs_find(NULL);

	if (real == NULL)
		return;
	vfs.iVersion = 2;
	vfs.szOsFile = real->szOsFile + (int)sizeof(struct jrnl_file);
	vfs.mxPathname = real->mxPathname;
	vfs.zName = FB_VFS_NAME;
	vfs.pAppData = real;
	vfs.xOpen = vfs_open;
	vfs.xDelete = vfs_delete;
	vfs.xAccess = vfs_access;
	vfs.xFullPathname = vfs_fullpath;
	vfs.xDlOpen = vfs_dlopen;
	vfs.xDlError = vfs_dlerror;
	vfs.xDlSym = vfs_dlsym;
	vfs.xDlClose = vfs_dlclose;
	vfs.xRandomness = vfs_random;
	vfs.xSleep = vfs_sleep;
	vfs.xCurrentTime = vfs_time;
	vfs.xGetLastError = vfs_lasterror;
	vfs.xCurrentTimeInt64 = vfs_time64;
	sqlite3_vfs_register(&vfs, 0);
}

/*
 * SQLite's small allocations.  Debian's SQLite is built without its
 * lookaside allocator (SQLITE_OMIT_LOOKASIDE), so each node of every
 * statement it compiles, and of the schema each connection parses when it
 * opens, is a malloc() and a free() of its own: 30% of the instructions of
 * a 'time start' under callgrind, most of them glibc's, whose per-thread
 * cache holds only seven blocks of a size.  Blocks of up to FB_MEM_SMALL
 * bytes come instead from a free list of their size class (16 bytes
 * apart), filled from at most FB_MEM_SLABS slabs of FB_MEM_SLAB bytes, as
 * much as a command's schema and statements take; larger blocks, and
 * small ones once the slabs are used up, from malloc().  Eight bytes
 * before each block say which it is: a small block's class (odd), or the
 * size of one from malloc (even), as SQLite's own allocator keeps it.  A
 * freed small block waits on its list for the next of its class and is
 * never given back to malloc, as the lookaside allocator keeps its slots:
 * the bound on the slabs keeps that from growing with the work (a large
 * import's peak memory is unchanged).  fixbill runs one thread, so the
 * lists take no lock.  Built with AddressSanitizer, the same allocator
 * tells the sanitizer what is in use: a block's header, a free block and
 * a slab's unused part are poisoned, so that reading or writing past a
 * block, or a block after it was freed, is reported as it would be of a
 * block from malloc().
 */
#define FB_MEM_SMALL 512
#define FB_MEM_SLAB (64 * 1024)
#define FB_MEM_SLABS 4
#define FB_MEM_CLASSES ((FB_MEM_SMALL + 23) / 16 + 1)
#ifdef FB_DB_ASAN
#include <sanitizer/asan_interface.h>
#define MEM_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (size_t)(n))
#define MEM_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (size_t)(n))
#else
#define MEM_POISON(p, n) ((void)(p), (void)(n))
#define MEM_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

struct mem_slab {
	struct mem_slab *next;
	uint64_t pad;		/* blocks start 16-byte aligned */
};

static struct {
	void *free[FB_MEM_CLASSES];	/* by class: its blocks hold 16 * class - 8 bytes */
	char *next, *end;		/* the current slab's unused part */
	struct mem_slab *slabs;
	int nslabs;
} sqlmem;

static int
mem_class(int n)
{
	return (n + 23) / 16;
}

static int
mem_roundup(int n)
{
	if (n <= FB_MEM_SMALL)
		return 16 * mem_class(n) - 8;
	return (n + 7) & ~7;
}

/*
 * Block p's header.  Built with AddressSanitizer it is poisoned: only
 * mem_head() and mem_block() read or write it.
 */
static uint64_t
mem_head(void *p)
{
	uint64_t *h = (uint64_t *)p - 1, v;

	MEM_UNPOISON(h, sizeof(*h));
	v = *h;
	MEM_POISON(h, sizeof(*h));
	return v;
}

/* Block h's header, and its bytes in use. */
static void *
mem_block(uint64_t *h, uint64_t head, int n)
{
	MEM_UNPOISON(h, sizeof(*h));
	*h = head;
	MEM_POISON(h, sizeof(*h));
	MEM_UNPOISON(&h[1], n);
	return &h[1];
}

static void *
mem_malloc(int n)
{
	uint64_t *h;

	if (n <= FB_MEM_SMALL) {
		int k = mem_class(n);
		void *p = sqlmem.free[k];

		if (p) {
			MEM_UNPOISON(p, 16 * k - 8);
			memcpy(&sqlmem.free[k], p, sizeof(void *));
			return p;
		}
		if (sqlmem.end - sqlmem.next < 16 * k) {
			struct mem_slab *s;

			if (sqlmem.nslabs == FB_MEM_SLABS)
				goto large;
			if ((s = malloc(FB_MEM_SLAB)) == NULL)
				return NULL;
			sqlmem.nslabs++;
			s->next = sqlmem.slabs;
			sqlmem.slabs = s;
			sqlmem.next = (char *)&s[1];
			sqlmem.end = (char *)s + FB_MEM_SLAB;
			MEM_POISON(sqlmem.next, sqlmem.end - sqlmem.next);
		}
		h = (uint64_t *)sqlmem.next;
		sqlmem.next += 16 * k;
		return mem_block(h, (uint64_t)k << 1 | 1, 16 * k - 8);
	}
large:
	n = (n + 7) & ~7;
	if ((h = malloc((size_t)n + sizeof(*h))) == NULL)
		return NULL;
	return mem_block(h, (uint64_t)n, n);
}

static void
mem_free(void *p)
{
	uint64_t head = mem_head(p);

	if (head & 1) {
		int k = (int)(head >> 1);

		memcpy(p, &sqlmem.free[k], sizeof(void *));
		sqlmem.free[k] = p;
		MEM_POISON(p, 16 * k - 8);
	} else {
		MEM_UNPOISON((uint64_t *)p - 1, sizeof(uint64_t));
		free((uint64_t *)p - 1);
	}
}

static int
mem_size(void *p)
{
	uint64_t h;

	if (p == NULL)
		return 0;
	h = mem_head(p);
	return h & 1 ? (int)(16 * (h >> 1) - 8) : (int)h;
}

static void *
mem_realloc(void *p, int n)
{
	uint64_t *h = (uint64_t *)p - 1, head = mem_head(p);
	int have = mem_size(p);
	void *q;

	if (head & 1 ? n <= have : n > FB_MEM_SMALL) {
		if (head & 1)
			return p;
		n = mem_roundup(n);
		MEM_UNPOISON(h, sizeof(*h));
		if ((h = realloc(h, (size_t)n + sizeof(*h))) == NULL) {
			MEM_POISON((uint64_t *)p - 1, sizeof(*h));
			return NULL;
		}
		return mem_block(h, (uint64_t)n, n);
	}
	if ((q = mem_malloc(n)) == NULL)
		return NULL;
	memcpy(q, p, (size_t)(have < n ? have : n));
	mem_free(p);
	return q;
}

static int
mem_init(void *arg)
{
	(void)arg;
	return SQLITE_OK;
}

static void
mem_shutdown(void *arg)
{
	(void)arg;
	while (sqlmem.slabs) {
		struct mem_slab *s = sqlmem.slabs;

		sqlmem.slabs = s->next;
		MEM_UNPOISON(s, FB_MEM_SLAB);
		free(s);
	}
	memset(&sqlmem, 0, sizeof(sqlmem));
}

/* Give SQLite the allocator above, before its first use. */
static void
mem_register(void)
{
	static const sqlite3_mem_methods methods = {
		mem_malloc, mem_free, mem_realloc, mem_size, mem_roundup,
		mem_init, mem_shutdown, NULL
	};

	sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
}

char *
fb_db_default_path(void)
{
	const char *s = getenv("FIXBILL_DB");

	if (s && *s)
		return fb_xstrdup(s);
	s = getenv("XDG_DATA_HOME");
	if (s && *s == '/')
		return fb_xasprintf("%s/fixbill/fixbill.db", s);
	s = getenv("HOME");
	if (s && *s)
		return fb_xasprintf("%s/.local/share/fixbill/fixbill.db", s);
	return NULL;
}

/* mkdir -p the parent of path; directories we create are 0700. */
static int
make_parent(const char *path, struct fb_err *err)
{
	char *dir = fb_xstrdup(path), *p;
	struct stat sb;

	p = strrchr(dir, '/');
	if (p == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	if (stat(dir, &sb) == 0) {
		free(dir);
		return 0;
	}
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			fb_err_set(err, FB_ERR_RUNTIME,
				   "cannot create directory '%s': %s", dir,
				   strerror(errno));
			free(dir);
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(dir);
	return 0;
}

void
fb_sha256_hex(const void *data, size_t len, char hex[FB_SHA256_HEX + 1])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t d[SHA256_DIGEST_SIZE];
	struct sha256_ctx h;

	sha256_init(&h);
	sha256_update(&h, len, data);
	sha256_digest(&h, sizeof(d), d);
	for (size_t i = 0; i < sizeof(d); i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 0xf];
	}
	hex[FB_SHA256_HEX] = '\0';
}

/* fb_sha256(text): the migrations hash what was recorded before the chain. */
static void
sql_sha256(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char hex[FB_SHA256_HEX + 1];
	const unsigned char *s;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	s = sqlite3_value_text(argv[0]);
	fb_sha256_hex(s, (size_t)sqlite3_value_bytes(argv[0]), hex);
	sqlite3_result_text(ctx, hex, FB_SHA256_HEX, SQLITE_TRANSIENT);
}

/* What every connection of ours has: fixbill's SQL functions. */
static int
setup_connection(sqlite3 *h)
{
	/* Direct only: no view or trigger may depend on it. */
	return sqlite3_create_function(h, "fb_sha256", 1, SQLITE_UTF8 |
				       SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
				       NULL, sql_sha256, NULL, NULL);
}

/*
 * A database in memory with fixbill's schema at version upto, made by the
 * same migrations: what a fixbill database of that version must contain.
 */
static sqlite3 *
replay(int upto, struct fb_err *err)
{
	sqlite3 *mem = NULL;
	char *errmsg = NULL;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    setup_connection(mem) != SQLITE_OK) {
		fb_err_set(err, FB_ERR_RUNTIME, "cannot make a database in memory: %s",
			   mem ? sqlite3_errmsg(mem) : "out of memory");
		sqlite3_close(mem);
		return NULL;
	}
	for (int i = 0; i < upto && i < fb_migration_count; i++) {
		if (sqlite3_exec(mem, fb_migrations[i].sql, NULL, NULL, &errmsg) != SQLITE_OK) {
			fb_err_set(err, FB_ERR_RUNTIME, "cannot replay migration %s: %s",
				   fb_migrations[i].name, errmsg ? errmsg : "unknown error");
			sqlite3_free(errmsg);
			sqlite3_close(mem);
			return NULL;
		}
	}
	return mem;
}

/* The stored SQL of schema object name of type in h, or NULL.  Caller frees. */
static char *
object_sql(sqlite3 *h, const char *type, const char *name)
{
	sqlite3_stmt *st;
	char *sql = NULL;

	if (sqlite3_prepare_v2(h, "SELECT sql FROM main.sqlite_schema WHERE type = ?1 AND name = ?2",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		sql = fb_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return sql;
}

/*
 * Is h a fixbill database at schema version ver, from before databases
 * carried the application id?  Yes when every table (and virtual table)
 * fixbill's migrations 1 to ver create is there, with the very CREATE
 * statement they stored: no other application's file has those.  The
 * tables SQLite makes for its own use (sqlite_sequence, the full-text
 * index's shadow tables, whose text each SQLite release may word its own
 * way) are not compared.
 */
static int
is_older_fixbill(sqlite3 *h, int ver, struct fb_err *err)
{
	sqlite3 *mem = replay(ver, err);
	sqlite3_stmt *st;
	int rc = 1;

	if (mem == NULL)
		return -1;
	if (sqlite3_prepare_v2(mem, "SELECT name FROM sqlite_schema s WHERE type = 'table'"
			       " AND substr(name, 1, 7) <> 'sqlite_' AND NOT EXISTS"
			       " (SELECT 1 FROM sqlite_schema v WHERE v.type = 'table'"
			       "  AND v.sql LIKE 'CREATE VIRTUAL TABLE%'"
			       "  AND substr(s.name, 1, length(v.name) + 1) = v.name || '_')",
			       -1, &st, NULL) != SQLITE_OK) {
		fb_err_set(err, FB_ERR_RUNTIME, "cannot read the schema: %s", sqlite3_errmsg(mem));
		sqlite3_close(mem);
		return -1;
	}
	while (rc == 1 && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char *want = object_sql(mem, "table", name);
		char *have = object_sql(h, "table", name);

		if (want == NULL || have == NULL || strcmp(want, have) != 0)
			rc = 0;
		free(want);
		free(have);
	}
	sqlite3_finalize(st);
	sqlite3_close(mem);
	return rc;
}

int
fb_db_check_schema(struct fb_db *db, void (*cb)(const char *problem, void *arg),
		   void *arg, struct fb_err *err)
{
	sqlite3 *mem = replay(fb_migration_count, err);
	sqlite3_stmt *st;
	int n = 0;

	if (mem == NULL)
		return -1;
	/* Each trigger and view the migrations made, exactly as they made it... */
	if (sqlite3_prepare_v2(mem, "SELECT type, name, sql FROM sqlite_schema"
			       " WHERE type IN ('trigger', 'view') ORDER BY type, name",
			       -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *want = (const char *)sqlite3_column_text(st, 2);
		char *have = object_sql(db->h, type, name), *p = NULL;

		if (have == NULL)
			p = fb_xasprintf("%s '%s' is missing", type, name);
		else if (strcmp(have, want) != 0)
			p = fb_xasprintf("%s '%s' is not as fixbill made it", type, name);
		if (p) {
			cb(p, arg);
			free(p);
			n++;
		}
		free(have);
	}
	sqlite3_finalize(st);
	/* ...and none that they did not. */
	if (sqlite3_prepare_v2(db->h, "SELECT type, name FROM main.sqlite_schema"
			       " WHERE type IN ('trigger', 'view') ORDER BY type, name",
			       -1, &st, NULL) != SQLITE_OK)
		goto fail_db;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		char *want = object_sql(mem, type, name);

		if (want == NULL) {
			char *p = fb_xasprintf("%s '%s' is not fixbill's", type, name);

			cb(p, arg);
			free(p);
			n++;
		}
		free(want);
	}
	sqlite3_finalize(st);
	sqlite3_close(mem);
	return n;
fail_db:
	fb_err_set(err, FB_ERR_RUNTIME, "cannot read the schema of '%s': %s", db->path,
		   sqlite3_errmsg(db->h));
	sqlite3_close(mem);
	return -1;
fail:
	fb_err_set(err, FB_ERR_RUNTIME, "cannot read the schema: %s", sqlite3_errmsg(mem));
	sqlite3_close(mem);
	return -1;
}

static int
migrate(struct fb_db *db, struct fb_err *err)
{
	int ver;
	int64_t v;

	if (fb_db_begin(db, err) < 0)
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (fb_db_int(db, err, &v, "PRAGMA user_version", "") < 0)
		goto fail;
	ver = (int)v;
	for (; ver < fb_migration_count; ver++) {
		char *errmsg = NULL;

		if (sqlite3_exec(db->h, fb_migrations[ver].sql, NULL, NULL,
				 &errmsg) != SQLITE_OK) {
			fb_err_set(err, FB_ERR_RUNTIME,
				   "cannot migrate database '%s' to version %d (%s): %s",
				   db->path, ver + 1, fb_migrations[ver].name,
				   errmsg ? errmsg : "unknown error");
			sqlite3_free(errmsg);
			goto fail;
		}
	}
	{
		char sql[64];

		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", fb_migration_count);
		if (fb_db_script(db, sql, err) < 0)
			goto fail;
	}
	return fb_db_commit(db, err);
fail:
	fb_db_rollback(db);
	return -1;
}

/*
 * The application id in a database file's header (bytes 68 to 71, big
 * endian), read without SQLite, so that a file another application
 * marked as its own is refused before SQLite so much as creates a -wal
 * or -shm file beside it.  0 for a file too short to have a header or
 * not an SQLite file at all.  *wal says whether the file is in WAL mode.
 */
static uint32_t
header_application_id(const char *path, int *wal)
{
	unsigned char h[100];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	*wal = 0;
	if (fd < 0)
		return 0;
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n < (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0)
		return 0;
	/* The file format's read and write versions: 2 in WAL mode. */
	*wal = h[18] == 2 && h[19] == 2;
	return (uint32_t)h[68] << 24 | (uint32_t)h[69] << 16 | (uint32_t)h[70] << 8 | h[71];
}

static int
not_fixbill(const char *path, uint32_t id, struct fb_err *err)
{
	fb_err_set(err, FB_ERR_RUNTIME, "cannot open database '%s': it is not a fixbill database",
		   path);
	if (id != 0)
		fb_err_hint(err, "it belongs to another application (application id 0x%08x);"
			    " check --db or $FIXBILL_DB", (unsigned)id);
	else
		fb_err_hint(err, "it holds tables fixbill did not make; check --db or $FIXBILL_DB");
	return -1;
}

/*
 * Whose file is this?  Decided from what SQLite reads, before anything
 * is written to it: fixbill's own (its application id); a blank
 * database (no schema, version 0: a new file), which is made fixbill's
 * only by a command that may create one; a fixbill database from before
 * the application id (is_older_fixbill); anything else is refused
 * untouched.  Returns 0 to go on, -1 with err set.
 */
static int
recognise(struct fb_db *db, int flags, int64_t ver, struct fb_err *err)
{
	int64_t id = 0, objects = 0;
	int rc;

	if (fb_db_int(db, err, &id, "PRAGMA application_id", "") < 0)
		return -1;
	if (id == FB_APPLICATION_ID)
		return 0;
	if (id != 0)
		return not_fixbill(db->path, (uint32_t)id, err);
	if (fb_db_int(db, err, &objects, "SELECT count(*) FROM sqlite_schema", "") < 0)
		return -1;
	if (objects == 0 && ver == 0) {
		if (flags & FB_DB_CREATE)
			return 0;
		fb_err_set(err, FB_ERR_NOTFOUND, "no database at '%s': the file is empty", db->path);
		fb_err_hint(err, "check --db or $FIXBILL_DB; a command that writes creates it");
		return -1;
	}
	if (ver < 1 || ver > fb_migration_count)
		return not_fixbill(db->path, 0, err);
	if ((rc = is_older_fixbill(db->h, (int)ver, err)) < 0)
		return -1;
	return rc ? 0 : not_fixbill(db->path, 0, err);
}

int
fb_db_open(const char *path, int flags, struct fb_db **out, struct fb_err *err)
{
	static int configured;
	struct fb_db *db;
	struct stat sb;
	uint32_t id;
	int fd, rc, wal = 0;
	int64_t ver;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT)
			return fb_err_set(err, FB_ERR_RUNTIME,
					  "cannot open database '%s': %s",
					  path, strerror(errno));
		if (!(flags & FB_DB_CREATE)) {
			fb_err_set(err, FB_ERR_NOTFOUND, "no database at '%s'", path);
			fb_err_hint(err, "check --db or $FIXBILL_DB; a command that writes creates it");
			return -1;
		}
		if (make_parent(path, err) < 0)
			return -1;
		/* Create it ourselves, so it is 0600 whatever the umask. */
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return fb_err_set(err, FB_ERR_RUNTIME,
					  "cannot create database '%s': %s",
					  path, strerror(errno));
		if (fd >= 0)
			close(fd);
	} else if (S_ISDIR(sb.st_mode))
		return fb_err_set(err, FB_ERR_RUNTIME,
				  "cannot open database '%s': is a directory", path);
	else if ((id = header_application_id(path, &wal)) != 0 && id != FB_APPLICATION_ID)
		return not_fixbill(path, id, err);

	/*
	 * Only possible before SQLite's first use, which registering the
	 * VFS is: later calls change nothing.  Nothing reads SQLite's memory
	 * statistics, and keeping them was a sixth of a 'time start' (6.9M
	 * instructions against 5.8M under callgrind), most of it while the
	 * schema is parsed.  Without the VFS (no memory for it) the open
	 * fails: the spill set needs it.
	 */
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		mem_register();
		sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, FB_STMT_JOURNAL_SPILL);
		vfs_register();
		configured = 1;
	}
	db = fb_xcalloc(1, sizeof(*db));
	db->path = fb_xstrdup(path);
	rc = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			     FB_VFS_NAME);
	if (rc == SQLITE_OK)
		rc = setup_connection(db->h);
	if (rc != SQLITE_OK) {
		fb_err_set(err, FB_ERR_RUNTIME, "cannot open database '%s': %s",
			   path, db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		fb_db_close(db);
		return -1;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, busy_timeout());

	/* Read the version before changing anything: a newer file stays untouched. */
	if (fb_db_int(db, err, &ver, "PRAGMA user_version", "") < 0) {
		if (err)
			fb_err_hint(err, "is '%s' a fixbill database?", path);
		fb_db_close(db);
		return -1;
	}
	/* ...and someone else's file too. */
	if (recognise(db, flags, ver, err) < 0) {
		fb_db_close(db);
		return -1;
	}
	if (ver > fb_migration_count) {
		fb_err_set(err, FB_ERR_RUNTIME,
			   "cannot open database '%s': schema version %lld is newer than this fixbill's (%d)",
			   path, (long long)ver, fb_migration_count);
		fb_err_hint(err, "upgrade fixbill to use this database");
		fb_db_close(db);
		return -1;
	}
	/*
	 * In WAL mode, NORMAL syncs at checkpoints, not at every commit: a
	 * killed process still loses nothing it committed; only a power cut
	 * can take back the last commits, never corrupt the file.
	 */
	if (fb_db_script(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL", err) < 0) {
		fb_db_close(db);
		return -1;
	}
	/*
	 * WAL, so that readers never wait for a writer.  A file not in WAL
	 * mode is new, older, or was left by a bulk writer that could not
	 * switch back (fb_db_begin_bulk: killed, or another command came
	 * first); its header says so, so an open in WAL mode costs nothing.
	 */
	if (ver < fb_migration_count || !wal) {
		if (fb_db_script(db, "PRAGMA journal_mode = WAL", err) < 0 ||
		    (ver < fb_migration_count && migrate(db, err) < 0)) {
			fb_db_close(db);
			return -1;
		}
	}
	*out = db;
	return 0;
}

void
fb_db_close(struct fb_db *db)
{
	struct fb_stmt *st, *next;

	if (db == NULL)
		return;
	fb_db_record_cancel(db);
	for (st = db->stmts; st; st = next) {
		next = st->next;
		sqlite3_finalize(st->st);
		free(st->sql);
		free(st);
	}
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
}

int
fb_db_schema_version(void)
{
	return fb_migration_count;
}

int
fb_db_version(struct fb_db *db)
{
	int64_t v = 0;

	if (fb_db_int(db, NULL, &v, "PRAGMA user_version", "") < 0)
		return -1;
	return (int)v;
}

const char *
fb_db_path(struct fb_db *db)
{
	return db->path;
}

/*
 * After fb_db_begin_bulk's transaction: foreign keys are checked again,
 * and the file goes back to WAL (should that fail, the next fb_db_open
 * sees it in the header and does it).
 */
static void
checks_on(struct fb_db *db)
{
	if (db->unchecked && sqlite3_exec(db->h, "PRAGMA foreign_keys = ON",
					  NULL, NULL, NULL) == SQLITE_OK)
		db->unchecked = 0;
	if (db->rollback_journal && sqlite3_exec(db->h, "PRAGMA journal_mode = WAL;"
						 " PRAGMA synchronous = NORMAL",
						 NULL, NULL, NULL) == SQLITE_OK)
		db->rollback_journal = 0;
}

/*
 * Leave WAL for a rollback journal, when no other connection has the
 * file open (never waiting for one).  In WAL mode every page a bulk
 * write touches is written twice, to the log and at the checkpoint to
 * the file, with a page cache that spills into the log: a million-row
 * import spent a tenth of its time and half its writes on that.  A
 * rollback journal keeps only what the pages held before, which for new
 * rows is nothing.  FULL syncs the journal before the file is written,
 * so a power cut cannot corrupt it.
 */
static void
rollback_journal(struct fb_db *db)
{
	sqlite3_stmt *st;

	sqlite3_busy_timeout(db->h, 0);
	if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode = DELETE", -1, &st,
			       NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW &&
		    fb_strcaseeq((const char *)sqlite3_column_text(st, 0), "delete"))
			db->rollback_journal = 1;
		sqlite3_finalize(st);
	}
	sqlite3_busy_timeout(db->h, busy_timeout());
	if (db->rollback_journal)
		sqlite3_exec(db->h, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
}

int
fb_db_begin(struct fb_db *db, struct fb_err *err)
{
	int rc;

	if (db->depth++ > 0)
		return 0;
	db->busy = 0;
	rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return 0;
	db->depth = 0;
	if ((rc & 0xff) == SQLITE_BUSY) {
		db->busy = 1;
		fb_err_set(err, FB_ERR_RUNTIME, "cannot lock database '%s':"
			   " another command is writing to it", db->path);
		fb_err_hint(err, "try again when it has finished");
		return -1;
	}
	return db_error(db, err, "database error in");
}

int
fb_db_busy(struct fb_db *db)
{
	return db->busy;
}

int
fb_db_wal_window(struct fb_db *db, int64_t bytes, struct fb_err *err)
{
	int64_t page = 0;

	if (fb_db_int(db, err, &page, "PRAGMA page_size", "") < 0)
		return -1;
	if (page <= 0)
		page = 4096;
	sqlite3_wal_autocheckpoint(db->h, (int)(bytes / page > INT_MAX ? INT_MAX : bytes / page));
	return 0;
}

int
fb_db_begin_bulk(struct fb_db *db, int64_t size, struct fb_err *err)
{
	if (db->depth > 0)
		return fb_db_begin(db, err);
	/* A no-op inside a transaction, so it goes first. */
	if (fb_db_script(db, "PRAGMA foreign_keys = OFF", err) < 0)
		return -1;
	db->unchecked = 1;
	if (size >= FB_DB_BULK_JOURNAL)
		rollback_journal(db);
	if (fb_db_begin(db, err) < 0) {
		checks_on(db);
		return -1;
	}
	return 0;
}

int
fb_db_begin_read(struct fb_db *db, struct fb_err *err)
{
	if (db->depth++ > 0)
		return 0;
	if (fb_db_script(db, "BEGIN", err) < 0) {
		db->depth = 0;
		return -1;
	}
	return 0;
}

int
fb_db_commit(struct fb_db *db, struct fb_err *err)
{
	if (db->depth == 0)
		return 0;
	if (--db->depth > 0)
		return 0;
	if (fb_db_script(db, "COMMIT", err) < 0) {
		fb_db_rollback(db);
		return -1;
	}
	checks_on(db);
	return 0;
}

static void views_after_rollback(struct fb_db *);

void
fb_db_rollback(struct fb_db *db)
{
	struct fb_stmt *st;

	for (st = db->stmts; st; st = st->next)
		sqlite3_reset(st->st);
	if (sqlite3_get_autocommit(db->h) == 0)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->depth = 0;
	checks_on(db);
	views_after_rollback(db);
}

/*
 * The views of share/views.sql are temporary, made by the first statement
 * of a connection that names one (their names all start "chain_" or are
 * payment_effects), so that a command that reads none does not parse them.
 */
static int
need_views(struct fb_db *db, const char *sql, struct fb_err *err)
{
	if (db->views || (strstr(sql, "chain_") == NULL &&
			  strstr(sql, "payment_effects") == NULL))
		return 0;
	if (sqlite3_exec(db->h, fb_views_sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, err, "cannot make the views of");
	db->views = 1;
	db->views_txn = !sqlite3_get_autocommit(db->h);
	return 0;
}

/*
 * A rollback (or a rollback to a savepoint) takes back views made inside
 * it, like any other change of the schema; the statements that read them
 * are prepared already, so they are made again at once.
 */
static void
views_after_rollback(struct fb_db *db)
{
	if (!db->views || !db->views_txn ||
	    sqlite3_table_column_metadata(db->h, "temp", "payment_effects", NULL,
					  NULL, NULL, NULL, NULL, NULL) == SQLITE_OK)
		return;
	db->views = 0;
	if (sqlite3_exec(db->h, fb_views_sql, NULL, NULL, NULL) == SQLITE_OK) {
		db->views = 1;
		db->views_txn = !sqlite3_get_autocommit(db->h);
	}
}

struct fb_stmt *
fb_db_prepare(struct fb_db *db, const char *sql, struct fb_err *err)
{
	struct fb_stmt *st;

	for (st = db->stmts; st; st = st->next) {
		if (strcmp(st->sql, sql) == 0) {
			sqlite3_reset(st->st);
			sqlite3_clear_bindings(st->st);
			return st;
		}
	}
	if (need_views(db, sql, err) < 0)
		return NULL;
	st = fb_xcalloc(1, sizeof(*st));
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &st->st, NULL) != SQLITE_OK) {
		db_error(db, err, "cannot prepare statement on");
		free(st);
		return NULL;
	}
	st->sql = fb_xstrdup(sql);
	st->db = db;
	st->next = db->stmts;
	db->stmts = st;
	return st;
}

void
fb_stmt_bind_int(struct fb_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(st->st, idx, v);
}

void
fb_stmt_bind_text(struct fb_stmt *st, int idx, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st->st, idx);
	else
		sqlite3_bind_text(st->st, idx, s, -1, SQLITE_TRANSIENT);
}

void
fb_stmt_bind_null(struct fb_stmt *st, int idx)
{
	sqlite3_bind_null(st->st, idx);
}

void
fb_stmt_bind_blob(struct fb_stmt *st, int idx, const void *data, size_t len)
{
	sqlite3_bind_blob64(st->st, idx, data, len, SQLITE_TRANSIENT);
}

void
fb_stmt_bind_opt(struct fb_stmt *st, int idx, int64_t v, int isnull)
{
	if (isnull)
		sqlite3_bind_null(st->st, idx);
	else
		sqlite3_bind_int64(st->st, idx, v);
}

int
fb_stmt_step(struct fb_stmt *st, struct fb_err *err)
{
	int rc = sqlite3_step(st->st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_error(st->db, err, "database error in");
	sqlite3_reset(st->st);
	return -1;
}

int64_t
fb_stmt_int(struct fb_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

const char *
fb_stmt_text(struct fb_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

char *
fb_stmt_dup(struct fb_stmt *st, int col)
{
	const char *s = fb_stmt_text(st, col);

	return s ? fb_xstrdup(s) : NULL;
}

int
fb_stmt_isnull(struct fb_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

int
fb_stmt_columns(struct fb_stmt *st)
{
	return sqlite3_column_count(st->st);
}

const void *
fb_stmt_blob(struct fb_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st->st, col);

	*len = (size_t)sqlite3_column_bytes(st->st, col);
	return p;
}

void
fb_stmt_reset(struct fb_stmt *st)
{
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

static struct fb_stmt *
prepare_bound(struct fb_db *db, struct fb_err *err, const char *sql,
	      const char *fmt, va_list ap)
{
	struct fb_stmt *st = fb_db_prepare(db, sql, err);
	int idx = 1;

	if (st == NULL)
		return NULL;
	for (; *fmt; fmt++, idx++) {
		switch (*fmt) {
		case 'i':
			fb_stmt_bind_int(st, idx, va_arg(ap, int64_t));
			break;
		case 't':
			fb_stmt_bind_text(st, idx, va_arg(ap, const char *));
			break;
		default:
			fb_stmt_bind_null(st, idx);
			break;
		}
	}
	return st;
}

int
fb_db_exec(struct fb_db *db, struct fb_err *err, const char *sql,
	   const char *fmt, ...)
{
	struct fb_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	st = prepare_bound(db, err, sql, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return -1;
	while ((rc = fb_stmt_step(st, err)) == 1)
		;
	fb_stmt_reset(st);
	if (strncmp(sql, "ROLLBACK", 8) == 0)
		views_after_rollback(db);
	return rc;
}

int
fb_db_int(struct fb_db *db, struct fb_err *err, int64_t *out,
	  const char *sql, const char *fmt, ...)
{
	struct fb_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	st = prepare_bound(db, err, sql, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return -1;
	rc = fb_stmt_step(st, err);
	if (rc == 1) {
		if (fb_stmt_isnull(st, 0))
			rc = 0;
		else
			*out = fb_stmt_int(st, 0);
	}
	fb_stmt_reset(st);
	return rc;
}

char *
fb_db_closest(struct fb_db *db, const char *sql, const char *s)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_stmt *st = fb_db_prepare(db, sql, &err);
	char *best = NULL;
	int bestd = 3;

	if (st == NULL) {
		fb_err_release(&err);
		return NULL;
	}
	while (fb_stmt_step(st, &err) == 1) {
		const char *name = fb_stmt_text(st, 0);
		int d = name ? fb_levenshtein(s, name) : bestd;

		if (d < bestd) {
			bestd = d;
			free(best);
			best = fb_xstrdup(name);
		}
	}
	fb_err_release(&err);
	fb_stmt_reset(st);
	return best;
}

int
fb_db_text(struct fb_db *db, struct fb_err *err, char **out,
	   const char *sql, const char *fmt, ...)
{
	struct fb_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	st = prepare_bound(db, err, sql, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return -1;
	rc = fb_stmt_step(st, err);
	if (rc == 1) {
		*out = fb_stmt_dup(st, 0);
		if (*out == NULL)
			rc = 0;
	}
	fb_stmt_reset(st);
	return rc;
}

int
fb_db_script(struct fb_db *db, const char *sql, struct fb_err *err)
{
	if (need_views(db, sql, err) < 0)
		return -1;
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, err, "database error in");
	return 0;
}

int64_t
fb_db_last_id(struct fb_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int
fb_db_changes(struct fb_db *db)
{
	return sqlite3_changes(db->h);
}

/*
 * fb_rows: an eponymous, read-only virtual table over db->rows, scanned
 * in order (see db.h).
 */
struct rows_vtab {
	sqlite3_vtab base;
	struct fb_db *db;
};

struct rows_cursor {
	sqlite3_vtab_cursor base;
	size_t i;
};

static int
rows_connect(sqlite3 *h, void *aux, int argc, const char *const *argv,
	     sqlite3_vtab **out, char **errmsg)
{
	struct rows_vtab *vt;
	int rc;

	(void)argc;
	(void)argv;
	(void)errmsg;
	rc = sqlite3_declare_vtab(h, "CREATE TABLE x(c0, c1, c2, c3, c4, c5, c6, c7,"
				  " c8, c9, c10, c11, c12, c13, c14, c15)");
	if (rc != SQLITE_OK)
		return rc;
	vt = sqlite3_malloc(sizeof(*vt));
	if (vt == NULL)
		return SQLITE_NOMEM;
	memset(vt, 0, sizeof(*vt));
	vt->db = aux;
	*out = &vt->base;
	return SQLITE_OK;
}

static int
rows_disconnect(sqlite3_vtab *vt)
{
	sqlite3_free(vt);
	return SQLITE_OK;
}

static int
rows_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
	struct rows_vtab *v = (struct rows_vtab *)vt;

	info->estimatedCost = (double)v->db->rows.n + 1;
	info->estimatedRows = (sqlite3_int64)v->db->rows.n;
	return SQLITE_OK;
}

static int
rows_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
	struct rows_cursor *c = sqlite3_malloc(sizeof(*c));

	(void)vt;
	if (c == NULL)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	*out = &c->base;
	return SQLITE_OK;
}

static int
rows_close(sqlite3_vtab_cursor *c)
{
	sqlite3_free(c);
	return SQLITE_OK;
}

static const struct fb_db_rows *
rows_of(sqlite3_vtab_cursor *cur)
{
	return &((struct rows_vtab *)cur->pVtab)->db->rows;
}

static void
rows_skip(struct rows_cursor *c)
{
	const struct fb_db_rows *r = rows_of(&c->base);

	while (c->i < r->n && r->keep && !r->keep(r->arg, c->i))
		c->i++;
}

static int
rows_filter(sqlite3_vtab_cursor *cur, int idxnum, const char *idxstr, int argc,
	    sqlite3_value **argv)
{
	struct rows_cursor *c = (struct rows_cursor *)cur;

	(void)idxnum;
	(void)idxstr;
	(void)argc;
	(void)argv;
	c->i = 0;
	rows_skip(c);
	return SQLITE_OK;
}

static int
rows_next(sqlite3_vtab_cursor *cur)
{
	struct rows_cursor *c = (struct rows_cursor *)cur;

	c->i++;
	rows_skip(c);
	return SQLITE_OK;
}

static int
rows_eof(sqlite3_vtab_cursor *cur)
{
	return ((struct rows_cursor *)cur)->i >= rows_of(cur)->n;
}

static int
rows_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct fb_db_rows *r = rows_of(cur);
	struct fb_db_cell cell = { FB_CELL_NULL, 0, NULL };

	r->cell(r->arg, ((struct rows_cursor *)cur)->i, col, &cell);
	if (cell.type == FB_CELL_INT)
		sqlite3_result_int64(ctx, cell.i);
	else if (cell.type == FB_CELL_TEXT && cell.s)
		sqlite3_result_text(ctx, cell.s, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(ctx);
	return SQLITE_OK;
}

static int
rows_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((struct rows_cursor *)cur)->i + 1;
	return SQLITE_OK;
}

static const sqlite3_module rows_module = {
	.iVersion = 0,
	.xConnect = rows_connect,
	.xBestIndex = rows_best_index,
	.xDisconnect = rows_disconnect,
	.xOpen = rows_open,
	.xClose = rows_close,
	.xFilter = rows_filter,
	.xNext = rows_next,
	.xEof = rows_eof,
	.xColumn = rows_column,
	.xRowid = rows_rowid,
};

int
fb_db_rows_begin(struct fb_db *db, const struct fb_db_rows *rows, struct fb_err *err)
{
	if (!db->rows_module) {
		if (sqlite3_create_module(db->h, "fb_rows", &rows_module, db) != SQLITE_OK)
			return db_error(db, err, "cannot read rows into");
		db->rows_module = 1;
	}
	db->rows = *rows;
	return 0;
}

void
fb_db_rows_end(struct fb_db *db)
{
	memset(&db->rows, 0, sizeof(db->rows));
}

int
fb_db_copy(struct fb_db *db, const char *file, struct fb_err *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *bk;
	sqlite3_stmt *st = NULL;
	const char *why = NULL;
	char *problem = NULL;
	int rc;

	rc = sqlite3_open_v2(file, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		why = dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc);
		goto fail;
	}
	sqlite3_busy_timeout(dst, busy_timeout());
	/* Nothing to roll back in a file that is thrown away on failure. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode = OFF", NULL, NULL, NULL) != SQLITE_OK) {
		why = sqlite3_errmsg(dst);
		goto fail;
	}
	if ((bk = sqlite3_backup_init(dst, "main", db->h, "main")) == NULL) {
		why = sqlite3_errmsg(dst);
		goto fail;
	}
	/*
	 * Copy it all in one step: the source is read in one transaction, so
	 * the copy is consistent even while others write.
	 */
	do {
		rc = sqlite3_backup_step(bk, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		why = sqlite3_errstr(rc);
		goto fail;
	}
	/* A backup is a single self-contained file, not a WAL database. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		why = sqlite3_errmsg(dst);
		goto fail;
	}
	/* Only a copy SQLite itself finds sound will do. */
	if (sqlite3_prepare_v2(dst, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		why = sqlite3_errmsg(dst);
		goto fail;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);

		if (problem == NULL && s != NULL && strcmp(s, "ok") != 0)
			problem = fb_xstrdup(s);
	}
	if (rc != SQLITE_DONE) {
		why = sqlite3_errmsg(dst);
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (problem != NULL) {
		fb_err_set(err, FB_ERR_RUNTIME, "the copy fails the integrity check: %s", problem);
		goto fail_set;
	}
	if (sqlite3_close(dst) != SQLITE_OK)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot close the copy");
	return 0;
fail:
	fb_err_set(err, FB_ERR_RUNTIME, "%s", why);
fail_set:
	free(problem);
	sqlite3_finalize(st);
	sqlite3_close(dst);
	return -1;
}

int
fb_db_integrity(struct fb_db *db, void (*cb)(const char *problem, void *arg),
		void *arg, struct fb_err *err)
{
	struct fb_stmt *st;
	int n = 0, rc;

	st = fb_db_prepare(db, "PRAGMA integrity_check", err);
	if (st == NULL)
		return -1;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		const char *s = fb_stmt_text(st, 0);

		if (s && strcmp(s, "ok") != 0) {
			cb(s, arg);
			n++;
		}
	}
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	st = fb_db_prepare(db, "PRAGMA foreign_key_check", err);
	if (st == NULL)
		return -1;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		char *s = fb_xasprintf("foreign key: %s row %lld refers to a missing %s",
				       fb_stmt_text(st, 0),
				       (long long)fb_stmt_int(st, 1),
				       fb_stmt_text(st, 2));

		cb(s, arg);
		free(s);
		n++;
	}
	fb_stmt_reset(st);
	return rc < 0 ? -1 : n;
}

/*
 * Recording changes (the session extension).  The session records the
 * tables with a primary key; the update hook, which SQLite calls for
 * every row written to a rowid table, notes which tables were written,
 * so that one the session cannot hold is reported rather than missed.
 */
static int
record_filter(void *arg, const char *table)
{
	(void)arg;
	return strcmp(table, "log") != 0;
}

static void
record_touched(void *arg, int op, const char *dbname, const char *table, sqlite3_int64 rowid)
{
	struct fb_db *db = arg;

	(void)op;
	(void)rowid;
	if (strcmp(dbname, "main") != 0 || strcmp(table, "log") == 0 ||
	    strncmp(table, "sqlite_", 7) == 0)
		return;
	for (size_t i = 0; i < db->ntouched; i++)
		if (strcmp(db->touched[i], table) == 0)
			return;
	fb_xgrow(&db->touched, &db->atouched, db->ntouched + 1, sizeof(*db->touched));
	db->touched[db->ntouched++] = fb_xstrdup(table);
}

int
fb_db_record_start(struct fb_db *db, struct fb_err *err)
{
	fb_db_record_cancel(db);
	if (sqlite3session_create(db->h, "main", &db->session) != SQLITE_OK ||
	    sqlite3session_attach(db->session, NULL) != SQLITE_OK) {
		fb_db_record_cancel(db);
		return db_error(db, err, "cannot record the changes to");
	}
	sqlite3session_table_filter(db->session, record_filter, NULL);
	sqlite3_update_hook(db->h, record_touched, db);
	return 0;
}

void
fb_db_record_cancel(struct fb_db *db)
{
	if (db->session) {
		sqlite3session_delete(db->session);
		db->session = NULL;
		sqlite3_update_hook(db->h, NULL, NULL);
	}
	for (size_t i = 0; i < db->ntouched; i++)
		free(db->touched[i]);
	free(db->touched);
	db->touched = NULL;
	db->ntouched = db->atouched = 0;
}

/* 1 when table has a declared primary key (the session can record it). */
static int
has_primary_key(struct fb_db *db, const char *table)
{
	int64_t n = 0;

	if (fb_db_int(db, NULL, &n, "SELECT count(*) FROM pragma_table_info(?1) WHERE pk > 0",
		      "t", table) < 0)
		return 1;
	return n > 0;
}

/* Does the changeset hold a row of table (so the session could record it)? */
static int
in_changeset(void *blob, int n, const char *table)
{
	sqlite3_changeset_iter *it;
	int found = 0;

	if (n == 0 || sqlite3changeset_start(&it, n, blob) != SQLITE_OK)
		return 0;
	while (!found && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *t;
		int ncol, op, indirect;

		sqlite3changeset_op(it, &t, &ncol, &op, &indirect);
		found = strcmp(t, table) == 0;
	}
	sqlite3changeset_finalize(it);
	return found;
}

int
fb_db_record_stop(struct fb_db *db, void **changes, size_t *len, char **unrecorded,
		  struct fb_err *err)
{
	void *blob = NULL;
	int n = 0, rc;

	*changes = NULL;
	*len = 0;
	*unrecorded = NULL;
	if (db->session == NULL)
		return 0;
	rc = sqlite3session_changeset(db->session, &n, &blob);
	sqlite3session_delete(db->session);
	db->session = NULL;
	sqlite3_update_hook(db->h, NULL, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_free(blob);
		fb_db_record_cancel(db);
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot record the changes to '%s': %s",
				  db->path, sqlite3_errstr(rc));
	}
	for (size_t i = 0; i < db->ntouched && *unrecorded == NULL; i++)
		if (!in_changeset(blob, n, db->touched[i]) && !has_primary_key(db, db->touched[i]))
			*unrecorded = fb_xstrdup(db->touched[i]);
	fb_db_record_cancel(db);
	if (n > 0) {
		*changes = fb_xmalloc((size_t)n);
		memcpy(*changes, blob, (size_t)n);
		*len = (size_t)n;
	}
	sqlite3_free(blob);
	return 0;
}

int64_t
fb_db_total_changes(struct fb_db *db)
{
	return sqlite3_total_changes64(db->h) - db->scratch;
}

void
fb_db_scratch_changes(struct fb_db *db, int64_t since)
{
	db->scratch += fb_db_total_changes(db) - since;
}

/*
 * A table's columns, for reading a changeset's values by name, and
 * whether it is a full-text index's own: each looked up when first asked.
 */
struct change_table {
	char *name;
	char **cols;
	int ncols;
	int have_cols;
	int derived;		/* -1: not known yet */
};

struct fb_db_change {
	struct fb_db *db;
	sqlite3_changeset_iter *it;
	const char *table;
	int op;
	int ncol;
	struct change_table *info;
};

/* Is table one a virtual table keeps for itself ("work_fts_data")? */
static int
is_derived(struct fb_db *db, const char *table)
{
	int64_t n = 0;

	if (fb_db_int(db, NULL, &n, "SELECT count(*) FROM main.sqlite_schema"
		      " WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
		      " AND substr(?1, 1, length(name) + 1) = name || '_'", "t", table) < 0)
		return 0;
	return n > 0;
}

static struct change_table *
table_info(struct change_table **tabs, size_t *n, size_t *alloc, const char *table)
{
	struct change_table *t;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*tabs)[i].name, table) == 0)
			return &(*tabs)[i];
	fb_xgrow(tabs, alloc, *n + 1, sizeof(**tabs));
	t = &(*tabs)[(*n)++];
	memset(t, 0, sizeof(*t));
	t->name = fb_xstrdup(table);
	t->derived = -1;
	return t;
}

static void
table_columns(struct fb_db *db, struct change_table *t)
{
	struct fb_stmt *st;
	size_t a = 0;

	t->have_cols = 1;
	if ((st = fb_db_prepare(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
				NULL)) == NULL)
		return;
	fb_stmt_bind_text(st, 1, t->name);
	while (fb_stmt_step(st, NULL) == 1) {
		fb_xgrow(&t->cols, &a, (size_t)t->ncols + 1, sizeof(*t->cols));
		t->cols[t->ncols++] = fb_stmt_dup(st, 0);
	}
	fb_stmt_reset(st);
}

const char *
fb_db_change_table(const struct fb_db_change *c)
{
	return c->table;
}

enum fb_db_op
fb_db_change_op(const struct fb_db_change *c)
{
	return c->op == SQLITE_INSERT ? FB_DB_INSERT :
	       c->op == SQLITE_UPDATE ? FB_DB_UPDATE : FB_DB_DELETE;
}

int
fb_db_change_derived(const struct fb_db_change *c)
{
	if (c->info->derived < 0)
		c->info->derived = is_derived(c->db, c->table);
	return c->info->derived;
}

/* A value as text; NULL for SQL NULL. */
static char *
value_text(sqlite3_value *v)
{
	switch (sqlite3_value_type(v)) {
	case SQLITE_NULL:
		return NULL;
	case SQLITE_BLOB:
		return fb_xasprintf("(%d bytes)", sqlite3_value_bytes(v));
	default:
		return fb_xstrdup((const char *)sqlite3_value_text(v));
	}
}

char *
fb_db_change_key(const struct fb_db_change *c, int64_t *id, int *is_int)
{
	struct fb_buf b = FB_BUF_INIT;
	unsigned char *pk = NULL;
	int npk = 0, nkey = 0;

	*id = 0;
	*is_int = 0;
	sqlite3changeset_pk(c->it, &pk, &npk);
	for (int i = 0; i < npk; i++) {
		sqlite3_value *v = NULL;
		char *t;

		if (!pk[i])
			continue;
		if (c->op == SQLITE_INSERT)
			sqlite3changeset_new(c->it, i, &v);
		else
			sqlite3changeset_old(c->it, i, &v);
		if (v == NULL)
			continue;
		if (nkey++)
			fb_buf_addc(&b, '/');
		if (sqlite3_value_type(v) == SQLITE_INTEGER)
			*id = sqlite3_value_int64(v);
		t = value_text(v);
		fb_buf_adds(&b, t ? t : "NULL");
		free(t);
		*is_int = nkey == 1 && sqlite3_value_type(v) == SQLITE_INTEGER;
	}
	if (nkey != 1)
		*is_int = 0;
	fb_buf_str(&b);
	return fb_buf_detach(&b);
}

int
fb_db_change_value(const struct fb_db_change *c, const char *col, int after, char **text)
{
	sqlite3_value *v = NULL;
	int i;

	*text = NULL;
	if (!c->info->have_cols)
		table_columns(c->db, c->info);
	for (i = 0; i < c->info->ncols && i < c->ncol; i++)
		if (strcmp(c->info->cols[i], col) == 0)
			break;
	if (i >= c->info->ncols || i >= c->ncol)
		return 0;
	if (after ? c->op == SQLITE_DELETE : c->op == SQLITE_INSERT)
		return 0;
	if ((after ? sqlite3changeset_new(c->it, i, &v) :
	     sqlite3changeset_old(c->it, i, &v)) != SQLITE_OK || v == NULL)
		return 0;
	*text = value_text(v);
	return 1;
}

int
fb_db_changes_each(struct fb_db *db, const void *changes, size_t len,
		   int (*cb)(const struct fb_db_change *c, void *arg), void *arg,
		   struct fb_err *err)
{
	struct change_table *tabs = NULL;
	size_t ntabs = 0, atabs = 0;
	struct fb_db_change c;
	int rc, ret = 0;

	memset(&c, 0, sizeof(c));
	c.db = db;
	if (len > INT32_MAX ||
	    sqlite3changeset_start(&c.it, (int)len, (void *)changes) != SQLITE_OK)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot read a change of '%s'", db->path);
	while ((rc = sqlite3changeset_next(c.it)) == SQLITE_ROW) {
		int indirect;

		sqlite3changeset_op(c.it, &c.table, &c.ncol, &c.op, &indirect);
		c.info = table_info(&tabs, &ntabs, &atabs, c.table);
		if ((ret = cb(&c, arg)) != 0)
			break;
	}
	if (sqlite3changeset_finalize(c.it) != SQLITE_OK && ret == 0 && rc != SQLITE_ROW)
		ret = fb_err_set(err, FB_ERR_RUNTIME, "cannot read a change of '%s'", db->path);
	for (size_t i = 0; i < ntabs; i++) {
		for (int k = 0; k < tabs[i].ncols; k++)
			free(tabs[i].cols[k]);
		free(tabs[i].cols);
		free(tabs[i].name);
	}
	free(tabs);
	return ret;
}

struct revert {
	struct fb_db *db;
	int flags;
	struct fb_db_conflict *conflict;
};

static int
revert_filter(void *arg, const char *table)
{
	struct revert *r = arg;

	return !((r->flags & FB_DB_REVERT_KEEP_DERIVED) && is_derived(r->db, table));
}

static int
revert_conflict(void *arg, int kind, sqlite3_changeset_iter *it)
{
	struct revert *r = arg;

	if (r->conflict->table || r->conflict->foreign)
		return SQLITE_CHANGESET_ABORT;
	if (kind == SQLITE_CHANGESET_FOREIGN_KEY) {
		r->conflict->foreign = 1;
	} else {
		struct fb_db_change c;
		int indirect;
		int64_t id;
		int is_int;

		memset(&c, 0, sizeof(c));
		c.it = it;
		sqlite3changeset_op(it, &c.table, &c.ncol, &c.op, &indirect);
		r->conflict->table = fb_xstrdup(c.table);
		r->conflict->key = fb_db_change_key(&c, &id, &is_int);
	}
	return SQLITE_CHANGESET_ABORT;
}

int
fb_db_changes_revert(struct fb_db *db, const void *changes, size_t len, int flags,
		     struct fb_db_conflict *conflict, struct fb_err *err)
{
	struct revert r = { db, flags, conflict };
	int on = (flags & FB_DB_REVERT_KEEP_DERIVED) ? 1 : 0, was = 1, rc;

	memset(conflict, 0, sizeof(*conflict));
	if (len > INT32_MAX)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot read a change of '%s'", db->path);
	/*
	 * Statements are compiled afresh by the apply, without the triggers.
	 * (The setting's out parameter is its value after the call: -1
	 * reads it.)
	 */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &was);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_ENABLE_TRIGGER, on, NULL);
	rc = sqlite3changeset_apply_v2(db->h, (int)len, (void *)changes, revert_filter,
				       revert_conflict, &r, NULL, NULL,
				       SQLITE_CHANGESETAPPLY_INVERT);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_ENABLE_TRIGGER, was, NULL);
	if (rc == SQLITE_OK)
		return 0;
	if (conflict->table || conflict->foreign)
		return fb_err_set(err, FB_ERR_REFUSED, "the records it changed have changed since");
	return db_error(db, err, "cannot undo a change to");
}
