/*
 * test-export.c - unit tests for the invoice documents: JSON, text, CSV,
 * XLSX (read back with openpyxl) and PDF (read back with pdftotext and
 * pdfinfo), on invoices built in memory.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <unistd.h>

#include "export.h"
#include "invoice.h"
#include "unit.h"

static char tmpdir[] = "/tmp/fixbill-export.XXXXXX";

static const char xlsx_dump_py[] =
	"import sys, openpyxl\n"
	"p = sys.argv[1]\n"
	"wf = openpyxl.load_workbook(p)\n"
	"wv = openpyxl.load_workbook(p, data_only=True)\n"
	"for ws in wf.worksheets:\n"
	"    print('sheet|%s' % ws.title)\n"
	"    for row in ws.iter_rows():\n"
	"        for c in row:\n"
	"            if c.value is None:\n"
	"                continue\n"
	"            print('%s|%s|%r|%r|%s' % (c.coordinate, c.data_type, c.value,\n"
	"                  wv[ws.title][c.coordinate].value, c.number_format))\n";

static char *
path(const char *name)
{
	return fb_xasprintf("%s/%s", tmpdir, name);
}

static char *
slurp(FILE *fp)
{
	struct fb_buf b = FB_BUF_INIT;
	char chunk[4096];
	size_t n;

	fb_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		fb_buf_add(&b, chunk, n);
	return fb_buf_detach(&b);
}

/* The standard output of a shell command, or NULL when it failed. */
static char *
run(const char *fmt, ...)
{
	va_list ap;
	char *cmd, *out;
	FILE *fp;

	va_start(ap, fmt);
	cmd = fb_xvasprintf(fmt, ap);
	va_end(ap);
	fp = popen(cmd, "r");
	free(cmd);
	if (fp == NULL)
		return NULL;
	out = slurp(fp);
	if (pclose(fp) != 0) {
		printf("# command failed; output:\n%s\n", out);
		free(out);
		return NULL;
	}
	return out;
}

static int
has(const char *hay, const char *needle)
{
	if (hay != NULL && strstr(hay, needle) != NULL)
		return 1;
	printf("# not found: '%s'\n", needle);
	return 0;
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void
set_parties(struct fb_invoice *inv, const char *client_name)
{
	inv->company_name = fb_xstrdup("Acme IT Services");
	inv->company_address = fb_xstrdup("12 Main St\nSpringfield, IL 62701");
	inv->company_email = fb_xstrdup("billing@acme.example");
	inv->company_tax_id = fb_xstrdup("US-12-3456789");
	inv->client_name = fb_xstrdup(client_name);
	inv->client_address = fb_xstrdup("1 Globex Way\nCypress Creek");
	inv->client_email = fb_xstrdup("ap@globex.example");
	inv->client_tax_id = NULL;
}

static void
issued(struct fb_invoice *inv, int64_t id, const char *number, const char *cur)
{
	fb_invoice_init(inv);
	inv->id = id;
	inv->number = number ? fb_xstrdup(number) : NULL;
	inv->kind = fb_xstrdup("invoice");
	inv->status = fb_xstrdup(number ? "issued" : "draft");
	inv->client_code = fb_xstrdup("GLOBEX");
	inv->currency = fb_xstrdup(cur);
	if (number) {
		inv->issue_date = fb_xstrdup("2026-10-31");
		inv->due_date = fb_xstrdup("2026-11-30");
	}
	inv->terms = 30;
	set_parties(inv, "Globex Corporation");
}

static struct fb_invoice_line *
labor(struct fb_invoice *inv, int64_t job, const char *kind, const char *class,
      const char *desc, int64_t actual, int64_t billed, int64_t rate,
      int64_t amount, int64_t tax)
{
	struct fb_invoice_line *l = fb_invoice_add_line(inv);

	l->job_id = job;
	l->kind = fb_xstrdup(kind);
	l->class = fb_xstrdup(class);
	l->description = fb_xstrdup(desc);
	l->actual_seconds = actual;
	l->billed_seconds = billed;
	l->quantity = billed * 1000 / 3600;
	l->unit_price = rate;
	l->amount = amount;
	l->tax = tax;
	return l;
}

static struct fb_invoice_line *
charge(struct fb_invoice *inv, int64_t job, const char *kind, const char *desc,
       int64_t qty, int64_t price, int64_t amount, int64_t tax)
{
	struct fb_invoice_line *l = fb_invoice_add_line(inv);

	l->job_id = job;
	l->kind = fb_xstrdup(kind);
	l->description = fb_xstrdup(desc);
	l->quantity = qty;
	l->unit_price = price;
	l->amount = amount;
	l->tax = tax;
	return l;
}

static void
heading(struct fb_invoice *inv, int64_t id, const char *title, const char *po,
	const char *first, const char *last, const char *techs)
{
	struct fb_invoice_job *j = fb_invoice_add_job(inv);

	j->id = id;
	j->title = fb_xstrdup(title);
	j->po = po ? fb_xstrdup(po) : NULL;
	j->first_day = first ? fb_xstrdup(first) : NULL;
	j->last_day = last ? fb_xstrdup(last) : NULL;
	j->techs = techs ? fb_xstrdup(techs) : NULL;
}

static void
totals(struct fb_invoice *inv, int64_t tax, int64_t paid)
{
	inv->subtotal = 0;
	for (size_t i = 0; i < inv->nlines; i++)
		inv->subtotal += inv->lines[i].amount;
	inv->tax = tax;
	inv->total = inv->subtotal + tax;
	inv->paid = paid;
	inv->balance = inv->total - paid;
}

/* SPEC section 5's job A, tax rounded per line: 287.50 + 23.72 = 311.22. */
static void
small_invoice(struct fb_invoice *inv)
{
	issued(inv, 7, "INV-2026-00001", "USD");
	inv->tax_rate = 82500;
	labor(inv, 12, "labor", "normal", "Labor, normal hours", 3000, 3600,
	      10000, 10000, 825);
	labor(inv, 12, "labor", "after_hours", "Labor, after hours", 2400, 2700,
	      15000, 11250, 928);
	charge(inv, 12, "part", "SSD 512GB", 1000, 7500, 7500, 619);
	heading(inv, 12, "Server won't boot", "PO-4711", "2026-10-06", "2026-10-07",
		"Kim Lee, Sam Roe");
	inv->ref = fb_xstrdup("REF-9");
	totals(inv, 2372, 0);
	fb_invoice_add_tax(inv, "TAX", "TAX", "Tax", "S", 82500, 28750, 2372);
}

/* Every kind of line, tax rounded on the invoice, partly paid. */
static void
normal_invoice(struct fb_invoice *inv)
{
	issued(inv, 8, "INV-2026-00002", "USD");
	inv->tax_rate = 82500;
	labor(inv, 12, "labor", "normal", "Labor, normal hours", 3000, 3600,
	      10000, 10000, 0);
	labor(inv, 12, "labor", "after_hours", "Labor, after hours", 2400, 2700,
	      15000, 11250, 0);
	charge(inv, 12, "part", "SSD 512GB", 1000, 7500, 7500, 0);
	labor(inv, 13, "labor", "weekend", "Labor, weekend", 1200, 1800,
	      20000, 10000, 0);
	labor(inv, 13, "minimum", "weekend", "Call-out minimum", 0, 1800,
	      20000, 10000, 0);
	charge(inv, 13, "trip", "Trip charge", 1000, 4500, 4500, 0);
	charge(inv, 0, "flat", "Monthly backup check", 1000, 2500, 2500, 0);
	charge(inv, 13, "part", "Cat6 cable (m)", 2500, 199, 498, 0);
	heading(inv, 12, "Server won't boot", NULL, "2026-10-06", "2026-10-06", NULL);
	heading(inv, 13, "Network down", NULL, NULL, NULL, NULL);
	/* 562.48 x 8.25% = 46.4046 */
	totals(inv, 4640, 10000);
}

static void
credit_note(struct fb_invoice *inv)
{
	small_invoice(inv);
	free(inv->number);
	free(inv->kind);
	free(inv->due_date);
	inv->id = 9;
	inv->number = fb_xstrdup("CN-2026-00001");
	inv->kind = fb_xstrdup("credit");
	inv->due_date = NULL;
	inv->credit_of = 7;
	inv->credit_of_number = fb_xstrdup("INV-2026-00001");
	inv->void_reason = fb_xstrdup("billed to the wrong client");
	for (size_t i = 0; i < inv->nlines; i++) {
		inv->lines[i].amount = -inv->lines[i].amount;
		inv->lines[i].tax = -inv->lines[i].tax;
	}
	inv->taxes[0].base = -inv->taxes[0].base;
	inv->taxes[0].amount = -inv->taxes[0].amount;
	totals(inv, -2372, 0);
}

static void
jpy_invoice(struct fb_invoice *inv)
{
	issued(inv, 10, "INV-2026-00003", "JPY");
	inv->tax_rate = 100000;
	labor(inv, 20, "labor", "normal", "Labor, normal hours", 3300, 3600,
	      8000, 8000, 0);
	charge(inv, 20, "part", "Router", 1000, 12345, 12345, 0);
	/* 20345 x 10% = 2034.5: an exact half, rounded away from zero. */
	totals(inv, 2035, 0);
}

static void
kwd_invoice(struct fb_invoice *inv)
{
	issued(inv, 11, "INV-2026-00004", "KWD");
	inv->tax_rate = 0;
	labor(inv, 30, "labor", "normal", "Labor, normal hours", 5000, 5400,
	      25000, 37500, 0);
	charge(inv, 30, "part", "Switch", 1000, 12345, 12345, 0);
	totals(inv, 0, 0);
}

static void
long_invoice(struct fb_invoice *inv)
{
	issued(inv, 12, "INV-2026-00005", "EUR");
	inv->tax_rate = 190000;
	for (int i = 0; i < 120; i++) {
		char *d;

		if (i % 2 == 0) {
			d = fb_xasprintf("Labor on workstation %d: reinstalled the "
			    "operating system, restored the user profile from the "
			    "nightly backup and checked the printers", i + 1);
			labor(inv, 100 + i, "labor", "normal", d, 2700, 3600, 9000,
			      9000, 1710);
		} else {
			d = fb_xasprintf("Part %d", i + 1);
			charge(inv, 100 + i, "part", d, 1000, 1000, 1000, 190);
		}
		free(d);
	}
	totals(inv, 120 * 950, 0);
}

static void
hostile_invoice(struct fb_invoice *inv)
{
	issued(inv, 13, "INV-2026-00006", "EUR");
	free(inv->client_name);
	free(inv->client_address);
	inv->client_name = fb_xstrdup("Müller & Société");
	inv->client_address = fb_xstrdup("ul. Piotrkowska 1\n90-001 Łódź");
	inv->tax_rate = 0;
	charge(inv, 0, "flat", "=HYPERLINK(\"http://x.example\",\"y\")", 1000, 100, 100, 0);
	charge(inv, 0, "flat", "+1 cable", 1000, 100, 100, 0);
	charge(inv, 0, "flat", "-2 discount", 1000, 100, 100, 0);
	charge(inv, 0, "flat", "@SUM(A1)", 1000, 100, 100, 0);
	charge(inv, 0, "flat", "\tTab", 1000, 100, 100, 0);
	charge(inv, 0, "flat", "\rCR", 1000, 100, 100, 0);
	charge(inv, 0, "flat", "Größe prüfen, Łódź office", 1000, 100, 100, 0);
	totals(inv, 0, 0);
}

static void
test_safe_cell(void)
{
	const char *safe = "Labor", *empty = "";
	char *s;

	CHECK(fb_export_safe_cell(safe) == safe);
	CHECK(fb_export_safe_cell(empty) == empty);
	CHECK(fb_export_safe_cell(NULL) == NULL);
	CHECK_STR_FREE(fb_export_safe_cell("=1+2"), "'=1+2");
	CHECK_STR_FREE(fb_export_safe_cell("+1"), "'+1");
	CHECK_STR_FREE(fb_export_safe_cell("-1"), "'-1");
	CHECK_STR_FREE(fb_export_safe_cell("@x"), "'@x");
	CHECK_STR_FREE(fb_export_safe_cell("\tx"), "'\tx");
	CHECK_STR_FREE(fb_export_safe_cell("\rx"), "'\rx");
	s = "a=1";
	CHECK(fb_export_safe_cell(s) == s);
}

static void
test_doc(void)
{
	struct fb_invoice inv;
	struct fb_invoice_line *l;

	fb_invoice_init(&inv);
	CHECK_INT(inv.nlines, 0);
	for (int i = 0; i < 50; i++)
		l = fb_invoice_add_line(&inv);
	CHECK_INT(inv.nlines, 50);
	CHECK_INT(l->actual_seconds, -1);
	CHECK_INT(l->billed_seconds, -1);
	CHECK_INT(l->amount, 0);
	CHECK(l->description == NULL);
	fb_invoice_release(&inv);
	CHECK_INT(inv.nlines, 0);
	CHECK(inv.lines == NULL);
}

static void
test_check(void)
{
	struct fb_invoice inv;
	struct fb_err err = FB_ERR_INIT;
	char *p = path("bad.pdf");
	FILE *fp = fopen("/dev/null", "w");

	small_invoice(&inv);
	inv.subtotal += 1;
	inv.total += 1;
	CHECK_INT(fb_export_invoice_txt(&inv, fp, &err), -1);
	CHECK_STR(err.msg, "cannot export 'INV-2026-00001': lines sum to 28750, "
		  "subtotal is 28751");
	fb_err_release(&err);
	CHECK_INT(fb_export_invoice_pdf(&inv, "a4", p, &err), -1);
	CHECK_INT(err.code, FB_ERR_RUNTIME);
	fb_err_release(&err);
	CHECK(access(p, F_OK) != 0);
	inv.subtotal -= 1;
	CHECK_INT(fb_export_invoice_csv(&inv, fp, &err), -1);
	CHECK_STR(err.msg, "cannot export 'INV-2026-00001': subtotal plus tax "
		  "is not the total");
	fb_err_release(&err);
	inv.total -= 1;
	CHECK_INT(fb_export_invoice_pdf(&inv, "legal", p, &err), -1);
	CHECK_STR(err.msg, "invalid paper 'legal': write letter or a4");
	fb_err_release(&err);

	/* The path is the output module's file: a bad one is reported, not probed. */
	CHECK_INT(fb_export_invoice_pdf(&inv, "a4", "/nonexistent/dir/x.pdf", &err), -1);
	CHECK(strncmp(err.msg, "cannot write '/nonexistent/dir/x.pdf': ", 39) == 0);
	CHECK_INT(err.code, FB_ERR_RUNTIME);
	fb_err_release(&err);
	CHECK_INT(fb_export_invoice_xlsx(&inv, "/nonexistent/dir/x.xlsx", &err), -1);
	CHECK(strncmp(err.msg, "cannot write '/nonexistent/dir/x.xlsx': ", 40) == 0);
	CHECK_INT(err.code, FB_ERR_RUNTIME);
	fb_err_release(&err);
	fclose(fp);
	free(p);
	fb_invoice_release(&inv);
}

static char *
json_of(const struct fb_invoice *inv)
{
	struct fb_json *j = fb_export_invoice_json(inv);
	char *s = fb_json_text(j);

	fb_json_free(j);
	return s;
}

static void
test_json(void)
{
	struct fb_invoice inv;
	char *s;

	small_invoice(&inv);
	CHECK_STR_FREE(json_of(&inv),
	    "{\"id\":7,\"number\":\"INV-2026-00001\",\"kind\":\"invoice\","
	    "\"status\":\"issued\",\"client\":\"GLOBEX\",\"currency\":\"USD\","
	    "\"issue_date\":\"2026-10-31\",\"due_date\":\"2026-11-30\","
	    "\"terms\":30,\"credit_of\":null,\"period\":null,\"void_reason\":null,"
	    "\"tax_rate\":\"8.25\","
	    "\"company\":{\"name\":\"Acme IT Services\","
	    "\"address\":\"12 Main St\\nSpringfield, IL 62701\","
	    "\"email\":\"billing@acme.example\",\"tax_id\":\"US-12-3456789\"},"
	    "\"client_details\":{\"code\":\"GLOBEX\",\"name\":\"Globex Corporation\","
	    "\"address\":\"1 Globex Way\\nCypress Creek\","
	    "\"email\":\"ap@globex.example\",\"tax_id\":null,"
	    "\"street\":null,\"city\":null,\"region\":null,\"postcode\":null,"
	    "\"country\":null,\"vat_id\":null,\"buyer_ref\":null},"
	    "\"ref\":\"REF-9\",\"note\":null,\"through\":null,"
	    "\"jobs\":[{\"job\":12,\"title\":\"Server won't boot\",\"po\":\"PO-4711\","
	    "\"first_day\":\"2026-10-06\",\"last_day\":\"2026-10-07\","
	    "\"techs\":\"Kim Lee, Sam Roe\"}],"
	    "\"lines\":["
	    "{\"line\":1,\"job\":12,\"kind\":\"labor\",\"class\":\"normal\","
	    "\"description\":\"Labor, normal hours\",\"actual_seconds\":3000,"
	    "\"billed_seconds\":3600,\"quantity\":\"1\",\"unit_price\":\"100.00\","
	    "\"amount\":\"100.00\",\"tax\":\"8.25\",\"waived\":\"0.00\","
	    "\"added\":false,\"notes\":null,\"tax_code\":\"TAX\"},"
	    "{\"line\":2,\"job\":12,\"kind\":\"labor\",\"class\":\"after_hours\","
	    "\"description\":\"Labor, after hours\",\"actual_seconds\":2400,"
	    "\"billed_seconds\":2700,\"quantity\":\"0.75\",\"unit_price\":\"150.00\","
	    "\"amount\":\"112.50\",\"tax\":\"9.28\",\"waived\":\"0.00\","
	    "\"added\":false,\"notes\":null,\"tax_code\":\"TAX\"},"
	    "{\"line\":3,\"job\":12,\"kind\":\"part\",\"class\":null,"
	    "\"description\":\"SSD 512GB\",\"actual_seconds\":null,"
	    "\"billed_seconds\":null,\"quantity\":\"1\",\"unit_price\":\"75.00\","
	    "\"amount\":\"75.00\",\"tax\":\"6.19\",\"waived\":\"0.00\","
	    "\"added\":false,\"notes\":null,\"tax_code\":\"TAX\"}],"
	    "\"taxes\":[{\"code\":\"TAX\",\"component\":\"TAX\","
	    "\"name\":\"Tax\",\"category\":\"S\",\"rate\":\"8.25\","
	    "\"base\":\"287.50\",\"amount\":\"23.72\"}],"
	    "\"subtotal\":\"287.50\",\"tax\":\"23.72\",\"total\":\"311.22\","
	    "\"paid\":\"0.00\",\"balance\":\"311.22\",\"payments\":[],"
	    "\"moved_to_credit\":null}");
	fb_invoice_release(&inv);

	normal_invoice(&inv);
	s = json_of(&inv);
	CHECK(has(s, "{\"line\":7,\"job\":null,\"kind\":\"flat\",\"class\":null,"
	    "\"description\":\"Monthly backup check\""));
	CHECK(has(s, "\"quantity\":\"2.5\",\"unit_price\":\"1.99\",\"amount\":\"4.98\""));
	CHECK(has(s, "\"kind\":\"minimum\",\"class\":\"weekend\","
	    "\"description\":\"Call-out minimum\",\"actual_seconds\":0,"
	    "\"billed_seconds\":1800,\"quantity\":\"0.5\""));
	CHECK(has(s, "\"subtotal\":\"562.48\",\"tax\":\"46.40\",\"total\":\"608.88\","
	    "\"paid\":\"100.00\",\"balance\":\"508.88\","));
	free(s);
	fb_invoice_release(&inv);

	credit_note(&inv);
	s = json_of(&inv);
	CHECK(has(s, "\"number\":\"CN-2026-00001\",\"kind\":\"credit\""));
	CHECK(has(s, "\"due_date\":null,\"terms\":30,\"credit_of\":\"INV-2026-00001\""));
	CHECK(has(s, "\"void_reason\":\"billed to the wrong client\""));
	CHECK(has(s, "\"amount\":\"-112.50\",\"tax\":\"-9.28\""));
	CHECK(has(s, "\"subtotal\":\"-287.50\",\"tax\":\"-23.72\",\"total\":\"-311.22\""));
	free(s);
	fb_invoice_release(&inv);

	jpy_invoice(&inv);
	s = json_of(&inv);
	CHECK(has(s, "\"unit_price\":\"8000\",\"amount\":\"8000\",\"tax\":\"0\""));
	CHECK(has(s, "\"subtotal\":\"20345\",\"tax\":\"2035\",\"total\":\"22380\""));
	CHECK(has(s, "\"tax_rate\":\"10\""));
	free(s);
	fb_invoice_release(&inv);

	kwd_invoice(&inv);
	s = json_of(&inv);
	CHECK(has(s, "\"quantity\":\"1.5\",\"unit_price\":\"25.000\",\"amount\":\"37.500\""));
	CHECK(has(s, "\"subtotal\":\"49.845\",\"tax\":\"0.000\",\"total\":\"49.845\""));
	CHECK(has(s, "\"tax_rate\":\"0\""));
	free(s);
	fb_invoice_release(&inv);

	issued(&inv, 3, NULL, "USD");
	s = json_of(&inv);
	CHECK(has(s, "{\"id\":3,\"number\":null,\"kind\":\"invoice\",\"status\":\"draft\""));
	CHECK(has(s, "\"issue_date\":null,\"due_date\":null"));
	CHECK(has(s, "\"lines\":[]"));
	free(s);
	fb_invoice_release(&inv);
}

static char *
txt_of(const struct fb_invoice *inv)
{
	struct fb_err err = FB_ERR_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int rc = fb_export_invoice_txt(inv, fp, &err);

	fclose(fp);
	if (rc != 0) {
		printf("# %s\n", err.msg);
		fb_err_release(&err);
	}
	return buf;
}

static void
test_txt(void)
{
	struct fb_invoice inv;
	char *s;

	small_invoice(&inv);
	CHECK_STR_FREE(txt_of(&inv),
"Acme IT Services                                INVOICE INV-2026-00001\n"
"12 Main St                                      Reference    REF-9\n"
"Springfield, IL 62701                           Issue date   2026-10-31\n"
"billing@acme.example                            Due date     2026-11-30\n"
"Tax ID: US-12-3456789                           Terms        net 30 days\n"
"                                                Currency     USD\n"
"\n"
"Bill to:\n"
"Globex Corporation\n"
"1 Globex Way\n"
"Cypress Creek\n"
"ap@globex.example\n"
"\n"
"Description                                   Quantity       Rate       Amount\n"
"------------------------------------------------------------------------------\n"
"Job 12: Server won't boot\n"
"2026-10-06 to 2026-10-07 \xc2\xb7 Kim Lee, Sam Roe \xc2\xb7 PO PO-4711\n"
"  Labor, normal hours                            1h00m   100.00/h       100.00\n"
"    actual 0h50m\n"
"  Labor, after hours                             0h45m   150.00/h       112.50\n"
"    actual 0h40m\n"
"  SSD 512GB                                          1      75.00        75.00\n"
"------------------------------------------------------------------------------\n"
"                                              Subtotal                  287.50\n"
"                                              Tax 8.25% on 287.50        23.72\n"
"                                              Total USD                 311.22\n"
"                                              Paid                        0.00\n"
"                                              Balance due USD           311.22\n"
"\n"
"Terms: net 30 days. Payment due by 2026-11-30. Please quote INV-2026-00001\n"
"with your payment.\n");
	fb_invoice_release(&inv);

	normal_invoice(&inv);
	s = txt_of(&inv);
	CHECK(has(s, "\n\n  Monthly backup check      "));
	CHECK(has(s, "Job 13: Network down\n  Labor, weekend "));
	CHECK(has(s, "  Cat6 cable (m)                                   2.5       1.99         4.98\n"));
	/* A minimum bills time nobody worked: no "actual" line under it. */
	CHECK(has(s, "  Call-out minimum                               0h30m   200.00/h       100.00\n"
		     "  Trip charge "));
	CHECK(!has(s, "actual 0h00m"));
	CHECK(has(s, "Paid                  100.00\n"));
	CHECK(has(s, "Balance due USD       508.88\n"));
	free(s);
	fb_invoice_release(&inv);

	credit_note(&inv);
	s = txt_of(&inv);
	CHECK(has(s, "CREDIT NOTE CN-2026-00001\n"));
	CHECK(has(s, "Credit for   INV-2026-00001\n"));
	CHECK(has(s, "-112.50\n"));
	CHECK(has(s, "Total credit USD          -311.22\n"));
	CHECK(has(s, "This credit note CN-2026-00001 cancels invoice INV-2026-00001. Reason: billed\n"
		     "to the wrong client. No payment had been received on INV-2026-00001.\n"));
	CHECK(has(s, "Tax 8.25% on -287.50       -23.72\n"));
	CHECK(!strstr(s, "Payment due"));
	free(s);
	fb_invoice_release(&inv);

	issued(&inv, 3, NULL, "USD");
	s = txt_of(&inv);
	CHECK(has(s, "INVOICE DRAFT 3\n"));
	CHECK(has(s, "Issue date   not issued\n"));
	free(s);
	fb_invoice_release(&inv);

	hostile_invoice(&inv);
	s = txt_of(&inv);
	/* The client's internal code is not the client's business. */
	CHECK(has(s, "Bill to:\nMüller & Société\n"));
	CHECK(!strstr(s, "GLOBEX"));
	/* Control characters show escaped, never raw (SPEC section 15). */
	CHECK(has(s, "  \\tTab "));
	CHECK(has(s, "  \\rCR "));
	CHECK(!strchr(s, '\t') && !strchr(s, '\r'));
	free(s);
	fb_invoice_release(&inv);

	long_invoice(&inv);
	s = txt_of(&inv);
	/* A long description wraps inside its column. */
	CHECK(has(s, "  Labor on workstation 1: reinstalled the        1h00m    90.00/h        90.00\n"
		     "  operating system, restored the user profile\n"
		     "  from the nightly backup and checked the\n"
		     "  printers\n"
		     "    actual 0h45m\n"
		     "  Part 2 "));
	CHECK(has(s, "  Part 120 "));
	CHECK(has(s, "Total EUR           7,140.00\n"));
	free(s);
	fb_invoice_release(&inv);
}

static char *
csv_of(const struct fb_invoice *inv)
{
	struct fb_err err = FB_ERR_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fb_export_invoice_csv(inv, fp, &err) != 0) {
		printf("# %s\n", err.msg);
		fb_err_release(&err);
	}
	fclose(fp);
	return buf;
}

static void
test_csv(void)
{
	struct fb_invoice inv;
	char *s;

	small_invoice(&inv);
	CHECK_STR_FREE(csv_of(&inv),
	    "\"number\",\"date\",\"client\",\"client_name\",\"currency\",\"job\","
	    "\"kind\",\"class\",\"description\",\"actual_hours\",\"billed_hours\","
	    "\"quantity\",\"unit_price\",\"amount\",\"tax\"\n"
	    "\"INV-2026-00001\",\"2026-10-31\",\"GLOBEX\",\"Globex Corporation\","
	    "\"USD\",12,\"labor\",\"normal\",\"Labor, normal hours\",0.83,1.00,1,"
	    "100.00,100.00,8.25\n"
	    "\"INV-2026-00001\",\"2026-10-31\",\"GLOBEX\",\"Globex Corporation\","
	    "\"USD\",12,\"labor\",\"after_hours\",\"Labor, after hours\",0.67,0.75,"
	    "0.75,150.00,112.50,9.28\n"
	    "\"INV-2026-00001\",\"2026-10-31\",\"GLOBEX\",\"Globex Corporation\","
	    "\"USD\",12,\"part\",\"\",\"SSD 512GB\",,,1,75.00,75.00,6.19\n");
	fb_invoice_release(&inv);

	hostile_invoice(&inv);
	s = csv_of(&inv);
	CHECK(has(s, ",\"Müller & Société\","));
	CHECK(has(s, ",,\"flat\",\"\",\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\",,,1,1.00,1.00,0.00\n"));
	CHECK(has(s, ",\"'+1 cable\","));
	CHECK(has(s, ",\"'-2 discount\","));
	CHECK(has(s, ",\"'@SUM(A1)\","));
	CHECK(has(s, ",\"'\tTab\","));
	CHECK(has(s, ",\"'\rCR\","));
	CHECK_INT(count(s, "\n"), 8);
	free(s);
	fb_invoice_release(&inv);

	credit_note(&inv);
	s = csv_of(&inv);
	CHECK(has(s, "\"SSD 512GB\",,,1,75.00,-75.00,-6.19\n"));
	CHECK(has(s, "\"CN-2026-00001\","));
	free(s);
	fb_invoice_release(&inv);

	issued(&inv, 3, NULL, "JPY");
	charge(&inv, 0, "flat", "Visit", 1000, 5000, 5000, 0);
	totals(&inv, 0, 0);
	s = csv_of(&inv);
	CHECK(has(s, "\"DRAFT 3\",\"\",\"GLOBEX\""));
	CHECK(has(s, ",1,5000,5000,0\n"));
	free(s);
	fb_invoice_release(&inv);
}

/* openpyxl's reading of the workbook, one cell a line (see xlsx_dump_py). */
static char *
xlsx_dump(const struct fb_invoice *inv, const char *name)
{
	struct fb_err err = FB_ERR_INIT;
	char *p = path(name), *py = path("dump.py"), *out;

	if (fb_export_invoice_xlsx(inv, p, &err) != 0) {
		printf("# %s\n", err.msg);
		fb_err_release(&err);
		free(p);
		free(py);
		return NULL;
	}
	out = run("/usr/bin/python3 '%s' '%s' 2>&1", py, p);
	free(p);
	free(py);
	return out;
}

static void
test_xlsx(void)
{
	struct fb_invoice inv;
	char *s, *py = path("dump.py");
	FILE *fp = fopen(py, "w");

	fputs(xlsx_dump_py, fp);
	fclose(fp);
	free(py);

	normal_invoice(&inv);
	s = xlsx_dump(&inv, "normal.xlsx");
	CHECK(s != NULL);
	CHECK(has(s, "sheet|Invoice\n"));
	CHECK(has(s, "A1|s|'Acme IT Services'|"));
	CHECK(has(s, "H1|s|'INVOICE'|"));
	CHECK(has(s, "I2|s|'INV-2026-00002'|"));
	CHECK(has(s, "A10|s|'Globex Corporation'|"));
	CHECK(has(s, "D15|s|'Description'|"));
	/* Dates are date cells; the client's internal code is nowhere. */
	CHECK(has(s, "I3|d|datetime.datetime(2026, 10, 31, 0, 0)|"));
	CHECK(has(s, "I4|d|datetime.datetime(2026, 11, 30, 0, 0)|"));
	CHECK(!strstr(s, "GLOBEX"));
	/* Each job's heading over its lines. */
	CHECK(has(s, "D16|s|\"Job 12: Server won't boot\"|"));
	CHECK(has(s, "D17|s|'2026-10-06'|"));
	CHECK(has(s, "D21|s|'Job 13: Network down'|"));
	/* Money and quantities are numbers in the currency's format. */
	CHECK(has(s, "A18|n|12|12|General\n"));
	CHECK(has(s, "E18|n|0.83|0.83|0.00\n"));
	CHECK(has(s, "H18|n|100|100|#,##0.00 \"USD\"\n"));
	CHECK(has(s, "I19|n|112.5|112.5|#,##0.00 \"USD\"\n"));
	CHECK(has(s, "G19|n|0.75|0.75|General\n"));
	CHECK(has(s, "G27|n|2.5|2.5|General\n"));
	CHECK(has(s, "I27|n|4.98|4.98|#,##0.00 \"USD\"\n"));
	/* Totals are formulas whose cached values are fixbill's figures. */
	CHECK(has(s, "H28|s|'Subtotal'|"));
	CHECK(has(s, "I28|f|'=SUM(I16:I27)'|562.48|#,##0.00 \"USD\"\n"));
	/* The line taxes do not add up to it here: the figure as a value. */
	CHECK(has(s, "H29|s|'Tax 8.25%'|"));
	CHECK(has(s, "I29|n|46.4|46.4|#,##0.00 \"USD\"\n"));
	CHECK(has(s, "I30|f|'=I28+I29'|608.88|#,##0.00 \"USD\"\n"));
	CHECK(has(s, "I31|n|100|100|"));
	CHECK(has(s, "I32|f|'=I30-I31'|508.88|"));
	free(s);
	fb_invoice_release(&inv);

	/* The tax cell is the sum of the tax column; the tax says its base. */
	small_invoice(&inv);
	s = xlsx_dump(&inv, "small.xlsx");
	CHECK(has(s, "D18|s|'2026-10-06 to 2026-10-07 \xc2\xb7 Kim Lee, Sam Roe \xc2\xb7 PO PO-4711'|"));
	CHECK(has(s, "J19|n|8.25|8.25|"));
	CHECK(has(s, "H23|s|'Tax 8.25% on 287.50'|"));
	CHECK(has(s, "I23|f|'=SUM(J17:J21)'|23.72|"));
	CHECK(has(s, "I24|f|'=I22+I23'|311.22|"));
	free(s);
	fb_invoice_release(&inv);

	/* An exact half: a spreadsheet might round it the other way, so a value. */
	jpy_invoice(&inv);
	s = xlsx_dump(&inv, "jpy.xlsx");
	CHECK(has(s, "I16|n|8000|8000|#,##0 \"JPY\"\n"));
	CHECK(has(s, "I18|f|'=SUM(I16:I17)'|20345|#,##0 \"JPY\"\n"));
	CHECK(has(s, "I19|n|2035|2035|#,##0 \"JPY\"\n"));
	CHECK(has(s, "I20|f|'=I18+I19'|22380|"));
	free(s);
	fb_invoice_release(&inv);

	/* No tax: no tax row, and the total is the subtotal. */
	kwd_invoice(&inv);
	s = xlsx_dump(&inv, "kwd.xlsx");
	CHECK(has(s, "I16|n|37.5|37.5|#,##0.000 \"KWD\"\n"));
	CHECK(has(s, "I17|n|12.345|12.345|#,##0.000 \"KWD\"\n"));
	CHECK(has(s, "I18|f|'=SUM(I16:I17)'|49.845|#,##0.000 \"KWD\"\n"));
	CHECK(has(s, "I19|f|'=I18'|49.845|"));
	CHECK(!strstr(s, "'Tax 0%'"));
	free(s);
	fb_invoice_release(&inv);

	credit_note(&inv);
	s = xlsx_dump(&inv, "credit.xlsx");
	CHECK(has(s, "sheet|Credit note\n"));
	CHECK(has(s, "H1|s|'CREDIT NOTE'|"));
	CHECK(has(s, "I19|n|-112.5|-112.5|"));
	CHECK(has(s, "I22|f|'=SUM(J16:J20)'|-23.72|"));
	CHECK(has(s, "I23|f|'=I21+I22'|-311.22|"));
	CHECK(has(s, "I25|f|'=I23-I24'|-311.22|"));
	CHECK(has(s, "No payment had been received on INV-2026-00001."));
	free(s);
	fb_invoice_release(&inv);

	/* Dangerous text stays text, exactly as written. */
	hostile_invoice(&inv);
	s = xlsx_dump(&inv, "hostile.xlsx");
	CHECK(has(s, "A10|s|'Müller & Société'|"));
	CHECK(has(s, "A12|s|'90-001 Łódź'|"));
	CHECK(has(s, "D16|s|'=HYPERLINK(\"http://x.example\",\"y\")'|"));
	CHECK(has(s, "D17|s|'+1 cable'|"));
	CHECK(has(s, "D18|s|'-2 discount'|"));
	CHECK(has(s, "D19|s|'@SUM(A1)'|"));
	CHECK(has(s, "D20|s|'\\tTab'|"));
	/* libxlsxwriter stores CR as the OOXML escape _x000D_, which Excel reads back. */
	CHECK(has(s, "D21|s|'_x000D_CR'|") || has(s, "D21|s|'\\rCR'|"));
	CHECK(!strstr(s, "|f|'=HYPERLINK"));
	free(s);
	fb_invoice_release(&inv);
}

static char *
pdf_text(const struct fb_invoice *inv, const char *paper, const char *name,
	 char **info)
{
	struct fb_err err = FB_ERR_INIT;
	char *p = path(name), *out;

	if (fb_export_invoice_pdf(inv, paper, p, &err) != 0) {
		printf("# %s\n", err.msg);
		fb_err_release(&err);
		free(p);
		return NULL;
	}
	out = run("pdftotext -layout '%s' - 2>&1", p);
	*info = run("pdfinfo '%s' 2>&1", p);
	free(p);
	return out;
}

static void
test_pdf(void)
{
	struct fb_invoice inv;
	char *s, *info, *pages, buf[64];
	int npages;

	normal_invoice(&inv);
	s = pdf_text(&inv, "letter", "normal.pdf", &info);
	CHECK(has(s, "INVOICE"));
	CHECK(has(s, "Invoice no."));
	CHECK(has(s, "INV-2026-00002"));
	CHECK(has(s, "Acme IT Services"));
	CHECK(has(s, "Globex Corporation"));
	CHECK(has(s, "2026-11-30"));
	CHECK(has(s, "Call-out minimum"));
	CHECK(has(s, "0h30m"));
	CHECK(has(s, "200.00/h"));
	CHECK(has(s, "562.48"));
	CHECK(has(s, "46.40"));
	CHECK(has(s, "USD 608.88"));
	CHECK(has(s, "USD 508.88"));
	CHECK(has(s, "Payment due by 2026-11-30. Please quote INV-2026-00002 with your payment."));
	CHECK(has(s, "Page 1 of 1"));
	CHECK(has(info, "Pages:           1\n"));
	CHECK(has(info, "612 x 792 pts (letter)"));
	free(s);
	free(info);
	fb_invoice_release(&inv);

	hostile_invoice(&inv);
	s = pdf_text(&inv, "a4", "hostile.pdf", &info);
	CHECK(has(s, "Müller & Société"));
	CHECK(has(s, "90-001 Łódź"));
	CHECK(has(s, "Größe prüfen, Łódź office"));
	CHECK(has(s, "=HYPERLINK"));
	CHECK(has(info, "595 x 842 pts (A4)"));
	free(s);
	free(info);
	fb_invoice_release(&inv);

	long_invoice(&inv);
	s = pdf_text(&inv, "a4", "long.pdf", &info);
	pages = info ? strstr(info, "Pages:") : NULL;
	npages = pages ? atoi(pages + 6) : 0;
	CHECK(npages >= 4 && npages <= 9);
	snprintf(buf, sizeof(buf), "Page 1 of %d", npages);
	CHECK(has(s, buf));
	snprintf(buf, sizeof(buf), "Page %d of %d", npages, npages);
	CHECK(has(s, buf));
	/*
	 * The table header is on every page with lines (a last page may hold
	 * only the totals), the continuation line on all but the first.
	 */
	CHECK(count(s, "Description") == npages || count(s, "Description") == npages - 1);
	CHECK_INT(count(s, "(continued)"), npages - 1);
	CHECK_INT(count(s, "Part "), 60);
	CHECK(has(s, "Part 120"));
	CHECK(has(s, "6,000.00"));
	CHECK(has(s, "1,140.00"));
	CHECK(has(s, "EUR 7,140.00"));
	free(s);
	free(info);
	fb_invoice_release(&inv);

	credit_note(&inv);
	s = pdf_text(&inv, "letter", "credit.pdf", &info);
	CHECK(has(s, "CREDIT NOTE"));
	CHECK(has(s, "CN-2026-00001"));
	CHECK(has(s, "-112.50"));
	CHECK(has(s, "USD -311.22"));
	CHECK(has(s, "This credit note CN-2026-00001 cancels invoice INV-2026-00001."));
	free(s);
	free(info);
	fb_invoice_release(&inv);

	kwd_invoice(&inv);
	s = pdf_text(&inv, "letter", "kwd.pdf", &info);
	CHECK(has(s, "KWD 49.845"));
	CHECK(has(s, "25.000/h"));
	free(s);
	free(info);
	fb_invoice_release(&inv);

	/* Text in Windows-1252: the simple font; else the Unicode one. */
	small_invoice(&inv);
	s = pdf_text(&inv, "letter", "simple.pdf", &info);
	free(s);
	free(info);
	s = run("pdffonts '%s/simple.pdf' 2>&1", tmpdir);
	CHECK(has(s, " TrueType          WinAnsi "));
	free(s);
	/*
	 * A text the glyph check does not read (the due date is fixbill's
	 * own) outside Windows-1252: the page is drawn again in the Unicode
	 * font, never with a '?'.
	 */
	free(inv.due_date);
	inv.due_date = fb_xstrdup("2026-11-30 \xce\xa9");
	s = pdf_text(&inv, "letter", "redo.pdf", &info);
	CHECK(has(s, "2026-11-30 \xce\xa9"));
	CHECK(!has(s, "?"));
	free(s);
	free(info);
	s = run("pdffonts '%s/redo.pdf' 2>&1", tmpdir);
	CHECK(has(s, " CID TrueType      Identity-H "));
	free(s);
	fb_invoice_release(&inv);
}

/*
 * The font file is read once per process (lib/export_pdf.c), but a file
 * that changes under its name between two documents is read again, and
 * one that is gone is an error, never the copy read before.
 */
static void
test_pdf_font_file(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice inv;
	char *font = path("font.ttf"), *p = path("font.pdf"), *s;

	normal_invoice(&inv);
	free(inv.font);
	inv.font = fb_xstrdup(font);
	s = run("cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf '%s'", font);
	free(s);
	CHECK_INT(fb_export_invoice_pdf(&inv, "a4", p, &err), 0);
	s = run("pdffonts '%s'", p);
	CHECK(has(s, "+DejaVuSans,"));
	free(s);

	/* The same name, another font: cp rewrites the file in place. */
	s = run("cp /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf '%s'", font);
	free(s);
	CHECK_INT(fb_export_invoice_pdf(&inv, "a4", p, &err), 0);
	s = run("pdffonts '%s'", p);
	CHECK(has(s, "+DejaVuSerif,"));
	CHECK(s == NULL || strstr(s, "DejaVuSans") == NULL);
	free(s);
	s = run("pdftotext -layout '%s' -", p);
	CHECK(has(s, "Globex Corporation"));
	free(s);

	/* Gone: the error of a font that cannot be read. */
	CHECK_INT(remove(font), 0);
	CHECK_INT(fb_export_invoice_pdf(&inv, "a4", p, &err), -1);
	CHECK(err.msg != NULL && strncmp(err.msg, "cannot use font '", 17) == 0);
	fb_err_release(&err);
	free(font);
	free(p);
	fb_invoice_release(&inv);
}

int
main(void)
{
	char *cmd;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_safe_cell();
	test_doc();
	test_check();
	test_json();
	test_txt();
	test_csv();
	test_xlsx();
	test_pdf();
	test_pdf_font_file();
	if (getenv("FB_KEEP_EXPORTS") == NULL) {
		cmd = fb_xasprintf("rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmpdir);
		free(cmd);
	} else
		printf("# exports kept in %s\n", tmpdir);
	return unit_done();
}
