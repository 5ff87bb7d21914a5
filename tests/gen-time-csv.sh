#!/bin/sh
# gen-time-csv.sh - a deterministic history as fixbill CSV on stdout, for
# timing `fixbill time import` against `sqlite3 .import` (issue 8).
#
#   sh tests/gen-time-csv.sh [ROWS]     default 1000000
#
# 200 clients (c000..c199), 20 technicians, ten entries per job (so ROWS/10
# jobs), each technician's entries back to back in time order from
# 2021-10-01; start and end in ISO 8601 with offset, as `time export`
# writes them.
rows=${1:-1000000}
awk -v rows="$rows" 'BEGIN {
	print "client,job,title,tech,start,end,duration,note,billable"
	base = 1633046400	# 2021-10-01T00:00:00Z
	for (k = 0; k < 20; k++)
		t[k] = base + k * 60
	for (i = 0; i < rows; i++) {
		k = i % 20
		job = int(i / 10)
		dur = 300 + (i * 7919) % 3300
		s = t[k]
		e = s + dur
		t[k] = e + 60 + (i * 104729) % 1200
		printf "c%03d,,Job %d: printer offline,tech%02d,%s,%s,,call %d,%s\n",
		    job % 200, job, k, iso(s), iso(e), i, (i % 17 == 0) ? "no" : "yes"
	}
}
function iso(x,   d, y, m, days, rem, mdays) {
	days = int(x / 86400)
	rem = x - days * 86400
	# days since 1970-01-01 to a civil date (Howard Hinnant).
	z = days + 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	if (m <= 2)
		y++
	return sprintf("%04d-%02d-%02dT%02d:%02d:%02d+00:00", y, m, d,
	    int(rem / 3600), int(rem % 3600 / 60), rem % 60)
}'
