/*
 * output.c - write a file so that no failure can damage what was there
 * (output.h).
 */
#include "output.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const db_suffixes[] = { "", "-wal", "-shm", "-journal" };

/* "dir" and "base" of path; dir is "." when path has no slash.  Caller frees both. */
static void
split_path(const char *path, char **dir, char **base)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		*dir = fb_xstrdup(".");
		*base = fb_xstrdup(path);
	} else {
		*dir = slash == path ? fb_xstrdup("/") : fb_xstrndup(path, (size_t)(slash - path));
		*base = fb_xstrdup(slash + 1);
	}
}

/*
 * An absolute name for path with every symlink resolved, also when the
 * file itself does not exist yet (then its directory is resolved).  NULL
 * when not even the directory exists.
 */
static char *
canonical(const char *path)
{
	char buf[PATH_MAX], *dir, *base, *r = NULL;

	if (realpath(path, buf) != NULL)
		return fb_xstrdup(buf);
	split_path(path, &dir, &base);
	if (realpath(dir, buf) != NULL)
		r = fb_xasprintf("%s%s%s", buf, strcmp(buf, "/") ? "/" : "", base);
	free(dir);
	free(base);
	return r;
}

int
fb_output_is_database(const char *path, const char *db_path)
{
	struct stat ts, ds;
	char *t, *d;
	int hit = 0, have_ts;

	if (path == NULL || db_path == NULL)
		return 0;
	have_ts = stat(path, &ts) == 0;
	t = canonical(path);
	d = canonical(db_path);
	for (size_t i = 0; i < FB_ARRAY_SIZE(db_suffixes) && !hit; i++) {
		char *side = fb_xasprintf("%s%s", db_path, db_suffixes[i]);

		/* The same file under another name (a hard link, a bind mount). */
		if (have_ts && stat(side, &ds) == 0 && ds.st_dev == ts.st_dev &&
		    ds.st_ino == ts.st_ino)
			hit = 1;
		if (!hit && t && d) {
			char *cs = fb_xasprintf("%s%s", d, db_suffixes[i]);

			hit = strcmp(t, cs) == 0;
			free(cs);
		}
		free(side);
	}
	free(t);
	free(d);
	return hit;
}

static int
write_error(struct fb_err *err, const char *name, int e)
{
	return fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s", name, strerror(e));
}

/* $TMPDIR, for temporary files that are never the user's. */
static const char *
scratch_dir(void)
{
	const char *d = getenv("TMPDIR");

	return d && *d ? d : "/tmp";
}

/* Write all of buf to fd: 0, or -1 with errno set. */
static int
write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Our own temporary file in dir, created exclusively (mode 0600). */
static int
make_temp(const char *dir, const char *base, char **out)
{
	char *tmp = fb_xasprintf("%s/.%s.fixbill-XXXXXX", dir, base);
	int fd = mkstemp(tmp);

	if (fd >= 0)
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		free(tmp);
		errno = e;
		return -1;
	}
	*out = tmp;
	return fd;
}

static void
release(struct fb_output *o)
{
	free(o->target);
	free(o->tmp);
	o->target = o->tmp = NULL;
	o->fp = NULL;
	o->fd = -1;
	o->direct = o->named = o->is_stdout = 0;
}

static int
open_output(struct fb_output *o, const char *target, const char *guard,
	    int named, struct fb_err *err)
{
	struct stat sb;
	char *real = NULL, *dir = NULL, *base = NULL;
	int fd = -1;

	release(o);
	o->named = named;
	if (target == NULL || strcmp(target, "-") == 0 || strcmp(target, "/dev/stdout") == 0) {
		o->is_stdout = o->direct = 1;
		o->fd = STDOUT_FILENO;
	} else if (*target == '\0') {
		return fb_err_set(err, FB_ERR_USAGE, "cannot write '': empty file name");
	} else if (fb_output_is_database(target, guard)) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot write '%s': it is the fixbill database",
			   target);
		fb_err_hint(err, "write to another file");
		return -1;
	} else if (stat(target, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if (S_ISDIR(sb.st_mode))
			return fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': is a directory",
					  target);
		/* A FIFO, a device, a terminal: written in place, never replaced. */
		fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			return write_error(err, target, errno);
		o->direct = 1;
		o->fd = fd;
		o->target = fb_xstrdup(target);
	} else {
		/* A symlink to a regular file: replace the file it names. */
		real = canonical(target);
		split_path(real ? real : target, &dir, &base);
		fd = make_temp(dir, base, &o->tmp);
		if (fd < 0) {
			int e = errno;

			free(real);
			free(dir);
			free(base);
			return write_error(err, target, e);
		}
		/* Replacing a file keeps its permissions. */
		if (stat(target, &sb) == 0)
			(void)fchmod(fd, sb.st_mode & 07777);
		o->target = real ? real : fb_xstrdup(target);
		free(dir);
		free(base);
		if (named) {
			close(fd);
			return 0;
		}
		if ((o->fp = fdopen(fd, "w")) == NULL) {
			int e = errno;

			close(fd);
			fb_output_abort(o);
			return write_error(err, target, e);
		}
		return 0;
	}

	/* Direct targets (and standard output). */
	if (named) {
		fd = make_temp(scratch_dir(), "export", &o->tmp);
		if (fd < 0) {
			int e = errno;

			fb_output_abort(o);
			return fb_err_set(err, FB_ERR_RUNTIME,
					  "cannot create a temporary file: %s", strerror(e));
		}
		close(fd);
		return 0;
	}
	if (o->is_stdout) {
		o->fp = stdout;
		return 0;
	}
	if ((o->fp = fdopen(o->fd, "w")) == NULL) {
		int e = errno;

		fb_output_abort(o);
		return write_error(err, target, e);
	}
	o->fd = -1;		/* the stream owns it now */
	return 0;
}

int
fb_output_open(struct fb_output *o, const char *target, const char *guard,
	       struct fb_err *err)
{
	return open_output(o, target, guard, 0, err);
}

int
fb_output_open_named(struct fb_output *o, const char *target, const char *guard,
		     struct fb_err *err)
{
	return open_output(o, target, guard, 1, err);
}

const char *
fb_output_path(const struct fb_output *o)
{
	return o->tmp;
}

const char *
fb_output_name(const struct fb_output *o)
{
	return o->is_stdout ? "standard output" : o->target;
}

/* Copy the finished temporary file to a direct target. */
static int
copy_to(const char *from, int fd)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (in < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write_full(fd, buf, (size_t)n) < 0) {
			close(in);
			return -1;
		}
	}
	close(in);
	return n < 0 ? -1 : 0;
}

/* Sync a file we wrote by name. */
static int
sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
fb_output_commit(struct fb_output *o, struct fb_err *err)
{
	const char *name = fb_output_name(o);
	int e = 0;

	if (o->named) {
		if (o->direct) {
			if (o->is_stdout)
				fflush(stdout);
			if (copy_to(o->tmp, o->fd) < 0)
				e = errno ? errno : EIO;
			/* Our own temporary file in $TMPDIR, never the user's. */
			unlink(o->tmp);
			free(o->tmp);
			o->tmp = NULL;
		} else if (sync_path(o->tmp) < 0 || rename(o->tmp, o->target) < 0)
			e = errno;
		else {
			free(o->tmp);
			o->tmp = NULL;
		}
	} else if (o->is_stdout) {
		errno = 0;
		if (fflush(stdout) != 0 || ferror(stdout))
			e = errno ? errno : EIO;
	} else {
		errno = 0;
		if (fflush(o->fp) != 0 || ferror(o->fp))
			e = errno ? errno : EIO;
		else if (!o->direct && fsync(fileno(o->fp)) != 0)
			e = errno;
		if (fclose(o->fp) != 0 && e == 0)
			e = errno ? errno : EIO;
		o->fp = NULL;
		if (e == 0 && o->tmp) {
			if (rename(o->tmp, o->target) != 0)
				e = errno;
			else {
				free(o->tmp);
				o->tmp = NULL;
			}
		}
	}
	if (e) {
		write_error(err, name ? name : "standard output", e);
		fb_output_abort(o);
		return -1;
	}
	fb_output_abort(o);
	return 0;
}

void
fb_output_abort(struct fb_output *o)
{
	if (o->fp && !o->is_stdout)
		fclose(o->fp);
	o->fp = NULL;
	if (o->fd >= 0 && !o->is_stdout)
		close(o->fd);
	o->fd = -1;
	if (o->tmp)
		unlink(o->tmp);
	release(o);
}

char *
fb_output_scratch(const void *data, size_t len, struct fb_err *err)
{
	char *path;
	int fd = make_temp(scratch_dir(), "scratch", &path), e;

	if (fd < 0) {
		fb_err_set(err, FB_ERR_RUNTIME, "cannot create a temporary file: %s",
			   strerror(errno));
		return NULL;
	}
	if (write_full(fd, data, len) < 0) {
		e = errno;
		close(fd);
	} else if (close(fd) < 0) {
		e = errno;
	} else {
		return path;
	}
	unlink(path);
	free(path);
	fb_err_set(err, FB_ERR_RUNTIME, "cannot write a temporary file: %s", strerror(e));
	return NULL;
}

void
fb_output_scratch_remove(char *path)
{
	if (path == NULL)
		return;
	unlink(path);
	free(path);
}
