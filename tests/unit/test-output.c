/*
 * test-output.c - the output module: a new file appears only complete, an
 * existing one survives a failure, the database is refused, FIFOs and
 * devices are written in place; a scratch file for a library is private
 * and goes when removed.
 */
#include "unit.h"

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "output.h"

static char dir[] = "/tmp/fixbill-output.XXXXXX";

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char buf[256];
	size_t n;

	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return fb_xstrdup(buf);
}

static void
spit(const char *path, const char *s)
{
	FILE *fp = fopen(path, "w");

	fputs(s, fp);
	fclose(fp);
}

/* Files in dir, so a leftover temporary file is seen. */
static int
count_files(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void
test_new_and_replace(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_output o = FB_OUTPUT_INIT;
	char *path = fb_xasprintf("%s/out.txt", dir);

	CHECK(fb_output_open(&o, path, NULL, &err) == 0);
	fputs("one\n", o.fp);
	/* Nothing at the target until it is complete. */
	CHECK(access(path, F_OK) != 0);
	CHECK(fb_output_commit(&o, &err) == 0);
	CHECK_STR_FREE(slurp(path), "one\n");
	CHECK_INT(count_files(), 1);

	/* A failed write leaves the old file as it was, and no temporary file. */
	CHECK(fb_output_open(&o, path, NULL, &err) == 0);
	fputs("two\n", o.fp);
	fb_output_abort(&o);
	CHECK_STR_FREE(slurp(path), "one\n");
	CHECK_INT(count_files(), 1);

	/* Replacing keeps the file's mode. */
	chmod(path, 0640);
	CHECK(fb_output_open(&o, path, NULL, &err) == 0);
	fputs("three\n", o.fp);
	CHECK(fb_output_commit(&o, &err) == 0);
	{
		struct stat sb;

		CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0640);
	}
	CHECK_STR_FREE(slurp(path), "three\n");
	unlink(path);
	free(path);
}

static void
test_named(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_output o = FB_OUTPUT_INIT;
	char *path = fb_xasprintf("%s/book.xlsx", dir);

	CHECK(fb_output_open_named(&o, path, NULL, &err) == 0);
	CHECK(o.fp == NULL);
	CHECK(fb_output_path(&o) != NULL && strcmp(fb_output_path(&o), path) != 0);
	spit(fb_output_path(&o), "named\n");
	CHECK(access(path, F_OK) != 0);
	CHECK(fb_output_commit(&o, &err) == 0);
	CHECK_STR_FREE(slurp(path), "named\n");
	unlink(path);
	free(path);
}

static void
test_symlink(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_output o = FB_OUTPUT_INIT;
	char *real = fb_xasprintf("%s/real.txt", dir);
	char *link = fb_xasprintf("%s/link.txt", dir);
	struct stat sb;

	spit(real, "old\n");
	CHECK(symlink("real.txt", link) == 0);
	CHECK(fb_output_open(&o, link, NULL, &err) == 0);
	fputs("new\n", o.fp);
	CHECK(fb_output_commit(&o, &err) == 0);
	/* The file the link names is replaced; the link stays a link. */
	CHECK_STR_FREE(slurp(real), "new\n");
	CHECK(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode));
	unlink(link);
	unlink(real);
	free(link);
	free(real);
}

static void
test_database(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_output o = FB_OUTPUT_INIT;
	char *db = fb_xasprintf("%s/fixbill.db", dir);
	char *wal = fb_xasprintf("%s/fixbill.db-wal", dir);
	char *odd = fb_xasprintf("%s/./fixbill.db", dir);
	char *hard = fb_xasprintf("%s/hard.db", dir);

	spit(db, "db\n");
	CHECK(link(db, hard) == 0);
	CHECK(fb_output_is_database(db, db));
	CHECK(fb_output_is_database(wal, db));
	CHECK(fb_output_is_database(odd, db));
	CHECK(fb_output_is_database(hard, db));
	CHECK(!fb_output_is_database(dir, db));
	CHECK(fb_output_open(&o, db, db, &err) < 0);
	CHECK_INT(err.code, FB_ERR_REFUSED);
	fb_err_release(&err);
	CHECK(fb_output_open_named(&o, wal, db, &err) < 0);
	CHECK_INT(err.code, FB_ERR_REFUSED);
	fb_err_release(&err);
	CHECK_STR_FREE(slurp(db), "db\n");
	CHECK(access(wal, F_OK) != 0);
	unlink(hard);
	unlink(db);
	free(db);
	free(wal);
	free(odd);
	free(hard);
}

static void
test_fifo(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_output o = FB_OUTPUT_INIT;
	char *fifo = fb_xasprintf("%s/fifo", dir);
	struct stat sb;
	char buf[16] = "";
	int rd;

	CHECK(mkfifo(fifo, 0600) == 0);
	/* A reader first, so the writer's open does not wait. */
	rd = open(fifo, O_RDONLY | O_NONBLOCK);
	CHECK(fb_output_open(&o, fifo, NULL, &err) == 0);
	fputs("piped", o.fp);
	CHECK(fb_output_commit(&o, &err) == 0);
	CHECK(read(rd, buf, sizeof(buf) - 1) == 5);
	CHECK_STR(buf, "piped");
	close(rd);
	/* Still a FIFO: written in place, never replaced. */
	CHECK(lstat(fifo, &sb) == 0 && S_ISFIFO(sb.st_mode));
	unlink(fifo);
	free(fifo);
}

static void
test_full_device(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_output o = FB_OUTPUT_INIT;
	struct stat sb;

	if (stat("/dev/full", &sb) != 0) {
		printf("# no /dev/full here\n");
		return;
	}
	CHECK(fb_output_open(&o, "/dev/full", NULL, &err) == 0);
	fputs("lost", o.fp);
	CHECK(fb_output_commit(&o, &err) < 0);
	CHECK_INT(err.code, FB_ERR_RUNTIME);
	CHECK(err.msg && strstr(err.msg, "cannot write '/dev/full'") != NULL);
	fb_err_release(&err);
	/* The device is still there. */
	CHECK(stat("/dev/full", &sb) == 0 && S_ISCHR(sb.st_mode));
}

/* A scratch file: the bytes given, 0600, in $TMPDIR, gone when removed. */
static void
test_scratch(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct stat sb;
	char *path, *body, *prefix = fb_xasprintf("%s/", dir);

	setenv("TMPDIR", dir, 1);
	path = fb_output_scratch("font bytes", 10, &err);
	CHECK(path != NULL);
	CHECK(path && strncmp(path, prefix, strlen(prefix)) == 0);
	CHECK(path && stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	body = path ? slurp(path) : NULL;
	CHECK_STR(body, "font bytes");
	free(body);
	if (path) {
		char *copy = fb_xstrdup(path);

		fb_output_scratch_remove(path);
		CHECK(stat(copy, &sb) != 0);
		free(copy);
	}
	/* A $TMPDIR that is not there: an error, nothing written. */
	setenv("TMPDIR", "/nonexistent/dir", 1);
	CHECK(fb_output_scratch("x", 1, &err) == NULL);
	CHECK_INT(err.code, FB_ERR_RUNTIME);
	CHECK(err.msg && strstr(err.msg, "cannot create a temporary file") != NULL);
	fb_err_release(&err);
	unsetenv("TMPDIR");
	free(prefix);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_new_and_replace();
	test_named();
	test_symlink();
	test_database();
	test_fifo();
	test_full_device();
	test_scratch();
	rmdir(dir);
	return unit_done();
}
