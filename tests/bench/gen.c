/*
 * gen.c - the deterministic synthetic history that `make bench` measures.
 *
 *   gen [-s SCALE] [-r SEED] DIR
 *
 * At scale 1: 200 clients, 20 technicians, 100k jobs and 1M time entries
 * between 2022-01-01 and 2026-10-31 (UTC).  Jobs and entries scale with
 * SCALE; clients and technicians do not.  Below scale 1 the same span
 * holds fewer entries; above it the history reaches further back at the
 * same density (scale 10: 10M entries from 1978 on), so that a month, a
 * timer or a month-end run meets what it meets at scale 1 and only the
 * whole history grows.  The same seed gives the same
 * bytes on every machine: the generator has its own PRNG and does its own
 * calendar arithmetic, and never reads the clock or the locale.
 *
 * Writes to DIR:
 *   entries.csv    our import CSV (SPEC section 4), one row per entry
 *   entries.timeclock  the same entries as an hledger timeclock file
 *   entries.json   the same entries as Timewarrior's `timew export`
 *   clients.tsv techs.tsv jobs.tsv entries.tsv invoices.tsv
 *                  tab-separated rows in the schema's own columns, for
 *                  tests/bench/run to load straight into a database with
 *                  sqlite3 (reports are measured without the importer)
 *
 * What the history looks like: clients are Zipf-sized (a few big ones);
 * a job is opened mostly in business hours and gets 1..19 entries (10 on
 * average) over the following days, 80 % by its own technician.  Entries
 * start 08:00-17:00 on weekdays 85 % of the time, in the evening 10 %, on
 * weekends 5 %; they last 10 min .. 4 h (log-uniform); 10 % are
 * non-billable and 2 % no-charge.  A job resolved before 2026-10-01 has
 * been billed on its client's invoice for the month it was resolved in;
 * later work is unbilled, as on a real month-end.  At a million entries
 * twenty technicians cannot log them without overlapping, so the
 * generator does not try: entries of one technician may overlap.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NCLIENTS 200
#define NTECHS 20
#define DAY 86400
#define RATE 9500		/* billing.rate, in cents per hour */

static uint64_t rng_state;

/* splitmix64: small, fast and the same everywhere. */
static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static int64_t
rndn(int64_t n)
{
	return (int64_t)(rnd() % (uint64_t)n);
}

/* Uniform in [0, 1), from 53 bits. */
static double
rndf(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 = Monday .. 6 = Sunday. */
static int
weekday(int64_t days)
{
	return (int)(((days % 7) + 7 + 3) % 7);
}

/*
 * "YYYY-MM-DD HH:MM" with sep between date and time, '-' or '/' in the
 * date; with secs "...:SS"; secs 2: "YYYYMMDDTHHMMSS" (dsep and sep unused).
 */
static void
fmt_time(char *buf, int64_t t, char dsep, char sep, int secs)
{
	int y, m, d;
	int64_t days = t / DAY, s = t % DAY;

	civil_from_days(days, &y, &m, &d);
	if (secs == 2)
		sprintf(buf, "%04d%02d%02dT%02d%02d%02d", y, m, d, (int)(s / 3600),
			(int)(s / 60 % 60), (int)(s % 60));
	else if (secs)
		sprintf(buf, "%04d%c%02d%c%02d%c%02d:%02d:%02d", y, dsep, m, dsep,
			d, sep, (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
	else
		sprintf(buf, "%04d%c%02d%c%02d%c%02d:%02d", y, dsep, m, dsep, d,
			sep, (int)(s / 3600), (int)(s / 60 % 60));
}

/* The first year of the history, and the months since its January of an instant. */
static int base_year;

static int
month_index(int64_t t)
{
	int y, m, d;

	civil_from_days(t / DAY, &y, &m, &d);
	return (y - base_year) * 12 + (m - 1);
}

static const char *topics[] = {
	"Printer offline", "Email not syncing", "VPN drops", "Laptop slow",
	"Server disk full", "Wi-Fi dead zone", "Backup failed", "Virus alert",
	"New starter setup", "Password reset", "Firewall update", "NAS rebuild",
	"Phone system down", "Outlook crash", "Migrate mailbox", "UPS alarm",
	"Scanner to email", "Domain renewal", "Switch replaced", "RAID degraded",
};
#define NTOPICS (sizeof(topics) / sizeof(topics[0]))

static const char *notes[] = {
	"", "", "", "remote session", "onsite", "called user", "waiting on vendor",
	"replaced cable, tested", "updated drivers", "checked logs; no errors",
	"reinstalled, \"clean\"", "followed up by phone",
};
#define NNOTES (sizeof(notes) / sizeof(notes[0]))

struct job {
	int client;
	int tech;
	int64_t opened, resolved;	/* resolved 0: open */
	int n;				/* entries */
	int invoice;			/* 0: unbilled */
};

static FILE *
out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL) {
		fprintf(stderr, "gen: cannot write '%s': %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

static void
done(FILE *f)
{
	if (ferror(f) || fclose(f) != 0) {
		fprintf(stderr, "gen: write error: %s\n", strerror(errno));
		exit(1);
	}
}

/* A start time on or after day: 85 % business hours, 10 % evening, 5 % weekend. */
static int64_t
entry_start(int64_t day)
{
	double p = rndf();
	int wd;

	if (p < 0.05) {
		while (weekday(day) < 5)
			day++;
		return day * DAY + (9 + rndn(8)) * 3600 + rndn(12) * 300;
	}
	while ((wd = weekday(day)) >= 5)
		day++;
	if (p < 0.15)
		return day * DAY + (18 + rndn(4)) * 3600 + rndn(12) * 300;
	return day * DAY + (8 + rndn(9)) * 3600 + rndn(12) * 300;
}

int
main(int argc, char **argv)
{
	double scale = 1.0;
	uint64_t seed = 20261031;
	const char *dir;
	int64_t nj, ne, i, j, first_day, last_day, span_end, cutoff, sum;
	struct job *jobs;
	double cw[NCLIENTS], wsum = 0;
	int nmonths, ninv = 0, *inv_of;	/* (month, client) -> invoice id */
	int64_t *inv_sec, *inv_day;
	int *inv_client, *inv_month;
	FILE *csv, *tc, *tw, *fcl, *fte, *fjo, *fen, *fin;
	int c;

	while ((c = getopt(argc, argv, "s:r:")) != -1) {
		if (c == 's')
			scale = strtod(optarg, NULL);
		else if (c == 'r')
			seed = strtoull(optarg, NULL, 10);
		else
			goto usage;
	}
	if (optind != argc - 1 || scale <= 0) {
usage:
		fprintf(stderr, "usage: gen [-s SCALE] [-r SEED] DIR\n");
		return 2;
	}
	dir = argv[optind];
	rng_state = seed;

	nj = (int64_t)(100000 * scale + 0.5);
	ne = (int64_t)(1000000 * scale + 0.5);
	if (nj < 1)
		nj = 1;
	if (ne < nj)
		ne = nj;
	first_day = days_from_civil(2022, 1, 1);
	last_day = days_from_civil(2026, 10, 31);
	/* Above scale 1: scale 1's density over a longer history. */
	if (scale > 1)
		first_day = last_day + 1 - (int64_t)((last_day + 1 - first_day) * scale);
	if (first_day < 0) {
		fprintf(stderr, "gen: scale %g reaches before 1970\n", scale);
		return 2;
	}
	{
		int m, d;

		civil_from_days(first_day, &base_year, &m, &d);
	}
	span_end = (last_day + 1) * DAY;
	cutoff = days_from_civil(2026, 10, 1) * DAY;
	nmonths = month_index(span_end - 1) + 1;

	for (i = 0; i < NCLIENTS; i++) {
		wsum += 1.0 / (1.0 + i * 0.15);
		cw[i] = wsum;
	}

	/* Jobs: opened in order over the span, so ids grow with time. */
	jobs = calloc((size_t)nj, sizeof(*jobs));
	inv_of = calloc((size_t)nmonths * NCLIENTS, sizeof(*inv_of));
	if (jobs == NULL || inv_of == NULL)
		abort();
	sum = 0;
	for (j = 0; j < nj; j++) {
		struct job *jb = &jobs[j];
		double x = rndf() * wsum;
		int64_t day = first_day + (int64_t)((j + rndf()) *
				(last_day - first_day + 1) / (double)nj);
		int lo = 0, hi = NCLIENTS - 1;

		while (lo < hi) {
			int mid = (lo + hi) / 2;

			if (cw[mid] < x)
				lo = mid + 1;
			else
				hi = mid;
		}
		jb->client = lo;
		jb->tech = (int)rndn(NTECHS);
		jb->opened = entry_start(day) - rndn(120) * 60;
		jb->n = 1 + (int)rndn(19);
		sum += jb->n;
	}
	/* Make the entry count exact, keeping every job at one entry or more. */
	while (sum != ne) {
		struct job *jb = &jobs[rndn(nj)];

		if (sum < ne && jb->n < 40) {
			jb->n++;
			sum++;
		} else if (sum > ne && jb->n > 1) {
			jb->n--;
			sum--;
		}
	}

	csv = out(dir, "entries.csv");
	tc = out(dir, "entries.timeclock");
	tw = out(dir, "entries.json");
	fputs("[", tw);
	fen = out(dir, "entries.tsv");
	fjo = out(dir, "jobs.tsv");
	fputs("client,job,title,tech,start,end,duration,note,billable\n", csv);

	inv_sec = calloc((size_t)nmonths * NCLIENTS, sizeof(*inv_sec));
	inv_day = calloc((size_t)nmonths * NCLIENTS, sizeof(*inv_day));
	inv_client = calloc((size_t)nmonths * NCLIENTS + 1, sizeof(*inv_client));
	inv_month = calloc((size_t)nmonths * NCLIENTS + 1, sizeof(*inv_month));
	if (!inv_sec || !inv_day || !inv_client || !inv_month)
		abort();

	int64_t eid = 0;

	for (j = 0; j < nj; j++) {
		struct job *jb = &jobs[j];
		int64_t starts[64] = { 0 }, stops[64], last = 0;
		int bill[64], noch[64], tech[64], k;
		const char *topic = topics[(j * 7 + jb->client) % NTOPICS];
		char title[96], a[32], b[32];
		static const char *prio[] = { "P1", "P2", "P3", "P3", "P3", "P4" };
		int slot, ptr = (int)rndn(20);

		snprintf(title, sizeof(title), "%s #%" PRId64, topic, j + 1);
		for (k = 0; k < jb->n; k++) {
			int64_t day = jb->opened / DAY + (k == 0 ? 0 : rndn(3 + k));
			int64_t d = (int64_t)(600.0 * pow(24.0, rndf()));

			d -= d % 60;
			starts[k] = k == 0 ? jb->opened + 600 + rndn(24) * 300 :
				entry_start(day);
			if (starts[k] < jb->opened)
				starts[k] = jb->opened + 300;
			if (starts[k] + d > span_end - 60) {
				starts[k] = span_end - 60 - d - rndn(3) * 3600;
				starts[k] -= starts[k] % 300;
			}
			stops[k] = starts[k] + d;
			if (stops[k] > last)
				last = stops[k];
			bill[k] = rndn(10) != 0;
			noch[k] = bill[k] && rndn(50) == 0;
			tech[k] = rndn(5) ? jb->tech : (int)rndn(NTECHS);
		}
		if (jb->opened > starts[0])
			jb->opened = starts[0] - 300;
		/* Work ending in the last week of the history is still open. */
		jb->resolved = last < span_end - 7 * DAY ? last + 600 + rndn(3600) : 0;
		if (jb->resolved && jb->resolved < cutoff) {
			slot = month_index(jb->resolved) * NCLIENTS + jb->client;
			if (inv_of[slot] == 0) {
				inv_of[slot] = ++ninv;
				inv_client[ninv] = jb->client;
				inv_month[ninv] = month_index(jb->resolved);
			}
			jb->invoice = inv_of[slot];
		}
		fprintf(fjo, "%" PRId64 "\t%d\t%s\t%s\t%s\t%d\t%" PRId64 "\t",
			j + 1, jb->client + 1, title, prio[ptr % 6],
			jb->invoice ? "invoiced" : jb->resolved ? "resolved" : "open",
			ptr % 3 == 0, jb->opened);
		if (jb->resolved)
			fprintf(fjo, "%" PRId64, jb->resolved);
		fputc('\n', fjo);

		for (k = 0; k < jb->n; k++) {
			const char *note = notes[rndn(NNOTES)];
			int inv = bill[k] ? jb->invoice : 0;

			eid++;
			if (inv)
				inv_sec[inv] += noch[k] ? 0 : stops[k] - starts[k];
			fprintf(fen, "%" PRId64 "\t%" PRId64 "\t%d\t%" PRId64 "\t%"
				PRId64 "\t%d\t%d\t%s\t", eid, j + 1, tech[k] + 1,
				starts[k], stops[k], bill[k], noch[k], note);
			if (inv)
				fprintf(fen, "%d", inv);
			fprintf(fen, "\t%" PRId64 "\n", starts[k]);

			fmt_time(a, starts[k], '-', ' ', 0);
			fmt_time(b, stops[k], '-', ' ', 0);
			fprintf(csv, "c%03d,,%s,t%02d,%s,%s,,", jb->client + 1,
				title, tech[k] + 1, a, b);
			if (strchr(note, ',') || strchr(note, '"')) {
				const char *p;

				fputc('"', csv);
				for (p = note; *p; p++) {
					if (*p == '"')
						fputc('"', csv);
					fputc(*p, csv);
				}
				fputc('"', csv);
			} else
				fputs(note, csv);
			fprintf(csv, ",%s\n", bill[k] ? "yes" : "no");

			/* hledger timeclock: account CLIENT:TITLE, note as description. */
			fmt_time(a, starts[k], '-', ' ', 1);
			fmt_time(b, stops[k], '-', ' ', 1);
			fprintf(tc, "i %s c%03d:job%" PRId64 "  %s\no %s\n", a,
				jb->client + 1, j + 1, *note ? note : "work", b);

			/* Timewarrior: tags client and title, the note as annotation. */
			fmt_time(a, starts[k], 0, 'T', 2);
			fmt_time(b, stops[k], 0, 'T', 2);
			fprintf(tw, "%s\n{\"id\":%" PRId64 ",\"start\":\"%sZ\",\"end\":\"%sZ\","
				"\"tags\":[\"c%03d\",\"%s\"]", eid == 1 ? "" : ",", eid, a, b,
				jb->client + 1, title);
			if (*note) {
				const char *p;

				fputs(",\"annotation\":\"", tw);
				for (p = note; *p; p++) {
					if (*p == '"' || *p == '\\')
						fputc('\\', tw);
					fputc(*p, tw);
				}
				fputc('"', tw);
			}
			fputs("}", tw);
		}
	}
	fputs("\n]\n", tw);
	done(csv);
	done(tc);
	done(tw);
	done(fen);
	done(fjo);

	fcl = out(dir, "clients.tsv");
	for (i = 0; i < NCLIENTS; i++)
		fprintf(fcl, "%" PRId64 "\tc%03" PRId64 "\tClient %03" PRId64
			" Ltd\tit@client%03" PRId64 ".example\t%" PRId64 "\n",
			i + 1, i + 1, i + 1, i + 1, first_day * DAY);
	done(fcl);
	fte = out(dir, "techs.tsv");
	for (i = 0; i < NTECHS; i++)
		fprintf(fte, "%" PRId64 "\tt%02" PRId64 "\tTech %02" PRId64
			"\t%s\t%" PRId64 "\n", i + 1, i + 1, i + 1,
			i < 10 ? "L1" : i < 16 ? "L2" : "L3", first_day * DAY);
	done(fte);

	/*
	 * Invoices: one per client and month, issued on the 1st of the next
	 * month, labor at the default rate (a stand-in: the pricing rules are
	 * not what the reports' benchmarks measure).  Paid unless recent.
	 */
	fin = out(dir, "invoices.tsv");
	{
		int *seq = calloc((size_t)(2027 - base_year + 1), sizeof(*seq));

		if (seq == NULL)
			abort();
		for (i = 1; i <= ninv; i++)
			inv_day[i] = days_from_civil(base_year + (inv_month[i] + 1) / 12,
						     (inv_month[i] + 1) % 12 + 1, 1);
		/* Number in issue order: by month, then by first appearance. */
		for (int mo = 0; mo < nmonths; mo++) {
			for (i = 1; i <= ninv; i++) {
				int y, m, d;
				int64_t total;
				char idate[16], ddate[16];

				if (inv_month[i] != mo)
					continue;
				civil_from_days(inv_day[i], &y, &m, &d);
				snprintf(idate, sizeof(idate), "%04d-%02d-%02d", y, m, d);
				civil_from_days(inv_day[i] + 30, &y, &m, &d);
				snprintf(ddate, sizeof(ddate), "%04d-%02d-%02d", y, m, d);
				civil_from_days(inv_day[i], &y, &m, &d);
				total = (inv_sec[i] * RATE + 1800) / 3600;
				seq[y - base_year]++;
				fprintf(fin, "%" PRId64 "\t%d\t%d\t%d\tINV-%d-%05d\t%s\t%s\t"
					"%" PRId64 "\t%" PRId64 "\t%s\t%" PRId64 "\n",
					i, inv_client[i] + 1, y, seq[y - base_year], y,
					seq[y - base_year], idate, ddate, total, inv_sec[i],
					mo < nmonths - 3 ? "paid" : "issued",
					inv_day[i] * DAY + 9 * 3600);
			}
		}
		free(seq);
	}
	done(fin);
	fprintf(stderr, "gen: scale %g: %d clients, %d techs, %" PRId64 " jobs, %"
		PRId64 " entries, %d invoices\n", scale, NCLIENTS, NTECHS, nj, ne, ninv);
	return 0;
}
