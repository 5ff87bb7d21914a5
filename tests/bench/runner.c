/*
 * runner.c - time whole processes for `make bench`: runs, median, peak RSS.
 *
 *   runner [-n RUNS] [-w WARMUP] [-T SECONDS] [-K SECONDS] [-p PREPARE]
 *          [-e ERRFILE]
 *          -- CMD [ARG...] [:: CMD [ARG...]]...
 *
 * Each run starts the commands one after another (fork, exec, wait4) and
 * times them together: "::" separates the commands of one run, so a
 * `time start` and its `time stop` are one measurement.  PREPARE is a
 * shell command run before every run, untimed (a fresh copy of a
 * database).  In arguments, {i} is the run's number, {t0}/{t1} are the
 * instants 2029-01-01T00:00:00Z + i*600 s and + i*600 + 300 s in ISO 8601
 * and {s0} is the first in Unix seconds, so
 * repeated timers neither collide nor overlap.  After WARMUP untimed
 * runs it does RUNS timed ones, or fewer once SECONDS have been spent
 * (always at least one); a warm-up run that took over a second counts
 * as a timed one.  A command still running after -K seconds is killed
 * and the whole measurement fails.  Output, one line:
 *   ok MEDIAN_MS MIN_MS PEAK_RSS_KIB RUNS
 *   fail EXIT_STATUS | fail prepare | fail timeout N s
 * The peak RSS is the largest ru_maxrss of any command in any run: the
 * kernel's own high-water mark, with no sampling.  The commands' stdout
 * goes to /dev/null, their stderr to ERRFILE (default /dev/null).
 *
 * hyperfine would do the timing but not the memory, and is not in
 * Debian's default install; this is 150 lines and exact.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *errfile = "/dev/null";
static int kill_after;		/* seconds; 0: never */
static pid_t child;

static void
on_alarm(int sig)
{
	(void)sig;
	if (child > 0)
		kill(child, SIGKILL);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
iso(char *buf, size_t n, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Replace {i}, {t0}, {t1} in s; the result is static until the next call. */
static char *
subst(const char *s, int run, char *buf, size_t n)
{
	const time_t base = 1861920000;	/* 2029-01-01T00:00:00Z */
	char val[64];
	size_t o = 0;

	while (*s && o + 64 < n) {
		if (strncmp(s, "{i}", 3) == 0) {
			snprintf(val, sizeof(val), "%d", run);
			s += 3;
		} else if (strncmp(s, "{s0}", 4) == 0) {
			snprintf(val, sizeof(val), "%lld", (long long)base + run * 600LL);
			s += 4;
		} else if (strncmp(s, "{t0}", 4) == 0) {
			iso(val, sizeof(val), base + (time_t)run * 600);
			s += 4;
		} else if (strncmp(s, "{t1}", 4) == 0) {
			iso(val, sizeof(val), base + (time_t)run * 600 + 300);
			s += 4;
		} else {
			buf[o++] = *s++;
			continue;
		}
		o += (size_t)snprintf(buf + o, n - o, "%s", val);
	}
	buf[o] = '\0';
	return buf;
}

/* Run argv[0..argc) with substitutions; returns the exit status, 255 on signal. */
static int
spawn(char **argv, int argc, int run, long *rss)
{
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("runner: fork");
		exit(1);
	}
	if (pid == 0) {
		char **av = calloc((size_t)argc + 1, sizeof(*av));
		int fd, k;

		for (k = 0; k < argc; k++)
			av[k] = subst(argv[k], run, malloc(4096), 4096);
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		fd = open(errfile, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0)
			dup2(fd, 2);
		execvp(av[0], av);
		fprintf(stderr, "runner: cannot run '%s': %s\n", av[0], strerror(errno));
		_exit(127);
	}
	child = pid;
	if (kill_after)
		alarm((unsigned)kill_after);
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno == EINTR)
			continue;
		perror("runner: wait4");
		exit(1);
	}
	alarm(0);
	child = 0;
	if (ru.ru_maxrss > *rss)
		*rss = ru.ru_maxrss;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return WTERMSIG(status) == SIGKILL && kill_after ? 256 : 255;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	int runs = 5, warm = 0, c, i, k, n = 0;
	double budget = 60, spent = 0, ms[1000];
	const char *prepare = NULL;
	long rss = 0;

	while ((c = getopt(argc, argv, "n:w:T:K:p:e:")) != -1) {
		switch (c) {
		case 'n': runs = atoi(optarg); break;
		case 'w': warm = atoi(optarg); break;
		case 'T': budget = atof(optarg); break;
		case 'K': kill_after = atoi(optarg); break;
		case 'p': prepare = optarg; break;
		case 'e': errfile = optarg; break;
		default: goto usage;
		}
	}
	if (optind >= argc || runs < 1 || runs > 1000) {
usage:
		fprintf(stderr, "usage: runner [-n RUNS] [-w WARMUP] [-T SECONDS] [-p PREPARE] [-e ERRFILE] -- CMD [ARG...] [:: CMD...]\n");
		return 2;
	}
	{
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm;
		sigaction(SIGALRM, &sa, NULL);
	}
	for (i = 0; i < warm + runs; i++) {
		double t0, t;
		if (prepare && system(prepare) != 0) {
			printf("fail prepare\n");
			return 0;
		}
		t0 = now_ms();
		for (k = optind; k < argc; ) {
			int e = k, rc;

			while (e < argc && strcmp(argv[e], "::") != 0)
				e++;
			rc = spawn(argv + k, e - k, i, &rss);
			if (rc == 256) {
				printf("fail timeout %d s\n", kill_after);
				return 0;
			}
			if (rc != 0) {
				printf("fail %d\n", rc);
				return 0;
			}
			k = e + 1;
		}
		t = now_ms() - t0;
		/* A warm-up that took over a second is a measurement too. */
		if (i < warm && t < 1000)
			continue;
		ms[n++] = t;
		spent += t / 1e3;
		if (spent > budget || n == runs)
			break;
	}
	qsort(ms, (size_t)n, sizeof(ms[0]), cmp);
	printf("ok %.2f %.2f %ld %d\n", n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2,
	       ms[0], rss, n);
	return 0;
}
