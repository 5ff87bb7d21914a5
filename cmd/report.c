/*
 * report.c - `fixbill report`: reports: hours, revenue, unbilled, aging, SLA, compare.
 *
 * (Its verbs are being built; see the open issues.)
 */
#include "cmd.h"

static const struct cmd_verb report_verbs[] = {
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.summary = "reports: hours, revenue, unbilled, aging, SLA, compare",
	.verbs = report_verbs,
};
