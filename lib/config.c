/*
 * config.c - the key table, validation and storage of settings.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "duration.h"
#include "money.h"
#include "tax.h"
#include "ttf.h"
#include "when.h"

static int
v_text(const char *v, char **norm, struct fb_err *err)
{
	if (!fb_utf8_valid(v, 1))
		return fb_err_set(err, FB_ERR_USAGE, "invalid text: not valid UTF-8 or has control characters");
	if (strlen(v) > 4096)
		return fb_err_set(err, FB_ERR_USAGE, "invalid text: longer than 4096 bytes");
	*norm = fb_xstrdup(v);
	return 0;
}

/* Addresses may be typed on one line with \\n between lines. */
static int
v_address(const char *v, char **norm, struct fb_err *err)
{
	char *u = fb_unescape_newlines(v);
	int rc = v_text(u, norm, err);

	free(u);
	return rc;
}

static int
v_email(const char *v, char **norm, struct fb_err *err)
{
	const char *at = strchr(v, '@');

	if (*v == '\0') {
		*norm = fb_xstrdup(v);
		return 0;
	}
	if (at == NULL || at == v || at[1] == '\0' || strchr(at + 1, '@') ||
	    strpbrk(v, " \t\r\n<>,;\"") != NULL)
		return fb_err_set(err, FB_ERR_USAGE, "invalid email address '%s'", v);
	return v_text(v, norm, err);
}

static int
v_currency(const char *v, char **norm, struct fb_err *err)
{
	if (!fb_currency_valid(v))
		return fb_err_set(err, FB_ERR_USAGE, "unknown currency '%s': use an ISO 4217 code such as USD or EUR", v);
	*norm = fb_xstrdup(v);
	return 0;
}

static int
v_timezone(const char *v, char **norm, struct fb_err *err)
{
	if (!fb_tz_valid(v))
		return fb_err_set(err, FB_ERR_USAGE, "unknown timezone '%s'", v);
	*norm = fb_xstrdup(v);
	return 0;
}

/* A money amount in no particular currency: at most 3 decimals (KWD). */
static int
v_amount(const char *v, char **norm, struct fb_err *err)
{
	int64_t x;
	int precise;

	if (fb_parse_decimal(v, 3, 0, &x, &precise) < 0 || x <= 0 ||
	    x > INT64_C(1000000000000000))
		return fb_err_set(err, FB_ERR_USAGE, "invalid amount '%s'%s", v,
				  precise ? ": too many decimals" : "");
	*norm = fb_format_decimal(x, 3);
	return 0;
}

static int
v_minutes(const char *v, char **norm, struct fb_err *err, int64_t min, int64_t max)
{
	int64_t x;

	if (fb_parse_uint(v, max, &x) < 0 || x < min)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid value '%s': want a whole number from %lld to %lld",
				  v, (long long)min, (long long)max);
	*norm = fb_xasprintf("%lld", (long long)x);
	return 0;
}

static int
v_increment(const char *v, char **norm, struct fb_err *err)
{
	return v_minutes(v, norm, err, 1, 1440);
}

static int
v_minimum(const char *v, char **norm, struct fb_err *err)
{
	return v_minutes(v, norm, err, 0, 1440);
}

static int
v_terms(const char *v, char **norm, struct fb_err *err)
{
	return v_minutes(v, norm, err, 0, 3650);
}

static int
v_rounding(const char *v, char **norm, struct fb_err *err)
{
	if (fb_rounding_parse(v) < 0)
		return fb_err_set(err, FB_ERR_USAGE, "invalid rounding '%s': want up, nearest or down", v);
	*norm = fb_xstrdup(v);
	return 0;
}

static int
v_choice(const char *v, char **norm, struct fb_err *err, const char *const *choices,
	 const char *want)
{
	for (; *choices; choices++) {
		if (strcmp(v, *choices) == 0) {
			*norm = fb_xstrdup(v);
			return 0;
		}
	}
	return fb_err_set(err, FB_ERR_USAGE, "invalid value '%s': want %s", v, want);
}

static int
v_round_per(const char *v, char **norm, struct fb_err *err)
{
	static const char *const c[] = { "job", "entry", NULL };

	return v_choice(v, norm, err, c, "job or entry");
}

static int
v_applies_to(const char *v, char **norm, struct fb_err *err)
{
	static const char *const c[] = { "all", "labor", "parts", NULL };

	return v_choice(v, norm, err, c, "all, labor or parts");
}

static int
v_tax_rounding(const char *v, char **norm, struct fb_err *err)
{
	static const char *const c[] = { "invoice", "line", NULL };

	return v_choice(v, norm, err, c, "invoice or line");
}

static int
v_paper(const char *v, char **norm, struct fb_err *err)
{
	static const char *const c[] = { "letter", "a4", NULL };

	return v_choice(v, norm, err, c, "letter or a4");
}

static int
v_apply_credit(const char *v, char **norm, struct fb_err *err)
{
	static const char *const c[] = { "auto", "off", NULL };

	return v_choice(v, norm, err, c, "auto or off");
}

static int
v_bizhours(const char *v, char **norm, struct fb_err *err)
{
	struct fb_bizhours b;

	if (fb_bizhours_parse(v, &b, err) < 0)
		return -1;
	*norm = fb_xstrdup(v);
	return 0;
}

/* A multiplier such as 1.5: positive, at most 4 decimals, at most 100. */
static int
v_multiplier(const char *v, char **norm, struct fb_err *err)
{
	int64_t x;

	if (fb_parse_decimal(v, 4, 0, &x, NULL) < 0 || x <= 0 || x > 1000000)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid multiplier '%s': want a number such as 1.5", v);
	*norm = fb_format_decimal(x, 4);
	return 0;
}

static int
v_percent(const char *v, char **norm, struct fb_err *err)
{
	int64_t x;

	if (fb_parse_decimal(v, 4, 0, &x, NULL) < 0 || x > 1000000)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid percentage '%s': want 0 to 100 with at most 4 decimals", v);
	*norm = fb_format_decimal(x, 4);
	return 0;
}

static int
v_holidays(const char *v, char **norm, struct fb_err *err)
{
	struct fb_buf out = FB_BUF_INIT;
	char *copy = fb_xstrdup(v), *tok, *save = NULL;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct fb_civil c;
		char *d;

		while (*tok == ' ')
			tok++;
		if (strlen(tok) != 10 || fb_date_parse(tok, 0, &c, err) < 0) {
			fb_err_set(err, FB_ERR_USAGE, "invalid holiday '%s': want YYYY-MM-DD", tok);
			free(copy);
			fb_buf_release(&out);
			return -1;
		}
		d = fb_civil_date(&c);
		if (out.len)
			fb_buf_addc(&out, ',');
		fb_buf_adds(&out, d);
		free(d);
	}
	free(copy);
	*norm = fb_buf_detach(&out);
	return 0;
}

/*
 * An invoice or credit note number: exactly one {seq} or {seq:NN}, any
 * {year}, and around them only what is safe in a file name everywhere
 * (invoice run --export names files after numbers): letters, digits,
 * '-', '_' and '.'; no leading '.', and at most FB_NUMBER_MAX characters
 * once rendered.  Since {year} is always four digits and only the one
 * sequence number varies, different numbers of one format always give
 * different file names.
 */
static int
v_format(const char *v, char **norm, struct fb_err *err)
{
	const char *p = strstr(v, "{seq");
	size_t width = 0;

	if (p == NULL || strstr(p + 1, "{seq") != NULL)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid number format '%s': it needs one {seq} (or {seq:05})", v);
	if (*v == '.')
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid number format '%s': it must not begin with '.'", v);
	for (p = v; *p; ) {
		if (strncmp(p, "{year}", 6) == 0) {
			width += 4;
			p += 6;
		} else if (strncmp(p, "{seq}", 5) == 0) {
			width += FB_NUMBER_SEQ_DIGITS;
			p += 5;
		} else if (strncmp(p, "{seq:", 5) == 0 && p[5] >= '0' && p[5] <= '9' &&
			   p[6] >= '0' && p[6] <= '9' && p[7] == '}') {
			size_t pad = (size_t)((p[5] - '0') * 10 + (p[6] - '0'));

			width += pad > FB_NUMBER_SEQ_DIGITS ? pad : FB_NUMBER_SEQ_DIGITS;
			p += 8;
		} else if (*p == '{' || *p == '}') {
			return fb_err_set(err, FB_ERR_USAGE,
					  "invalid number format '%s': only {year}, {seq} and {seq:NN} may be used", v);
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			   (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.') {
			width++;
			p++;
		} else {
			fb_err_set(err, FB_ERR_USAGE,
				   "invalid number format '%s': only letters, digits, '-', '_'"
				   " and '.' may surround {year} and {seq}", v);
			fb_err_hint(err, "numbers name the files of 'invoice run --export'");
			return -1;
		}
	}
	if (width > FB_NUMBER_MAX)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid number format '%s': longer than %d characters when rendered",
				  v, FB_NUMBER_MAX);
	*norm = fb_xstrdup(v);
	return 0;
}

static int
v_duration(const char *v, char **norm, struct fb_err *err)
{
	int64_t s;

	if (fb_duration_parse(v, &s, err) < 0)
		return -1;
	*norm = fb_duration_format(s);
	return 0;
}

/* An hledger/ledger account name: no tabs, no two spaces, no comment. */
static int
v_account(const char *v, char **norm, struct fb_err *err)
{
	if (*v == '\0' || *v == ' ' || v[strlen(v) - 1] == ' ' || strstr(v, "  ") ||
	    strpbrk(v, "\t\r\n;") || !fb_utf8_valid(v, 0) || strlen(v) > 200)
		return fb_err_set(err, FB_ERR_USAGE, "invalid account name '%s':"
				  " want a name such as assets:receivable", v);
	*norm = fb_xstrdup(v);
	return 0;
}

/* A name another program matches exactly: one line, not empty. */
static int
v_name(const char *v, char **norm, struct fb_err *err)
{
	if (*v == '\0')
		return fb_err_set(err, FB_ERR_USAGE, "invalid value '': want a name");
	if (!fb_utf8_valid(v, 0) || strchr(v, '\t') || strlen(v) > 200)
		return fb_err_set(err, FB_ERR_USAGE, "invalid value '%s': want one line of text", v);
	*norm = fb_xstrdup(v);
	return 0;
}

/* A tax code's name, folded to capitals (it must exist: fb_config_set checks). */
static int
v_tax_code(const char *v, char **norm, struct fb_err *err)
{
	return fb_tax_check_code(v, norm, err);
}

static int
v_date_format(const char *v, char **norm, struct fb_err *err)
{
	if (strcmp(v, "dd/mm/yyyy") && strcmp(v, "mm/dd/yyyy") && strcmp(v, "yyyy-mm-dd"))
		return fb_err_set(err, FB_ERR_USAGE, "invalid value '%s':"
				  " want dd/mm/yyyy, mm/dd/yyyy or yyyy-mm-dd", v);
	*norm = fb_xstrdup(v);
	return 0;
}

/* The absolute path of a readable file, or -1 with err. */
static int
file_path(const char *v, const char *what, char **norm, struct fb_err *err)
{
	char *abs;

	if (*v == '\0') {
		*norm = fb_xstrdup(v);
		return 0;
	}
	if (!fb_utf8_valid(v, 0))
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s: not valid UTF-8", what);
	if ((abs = realpath(v, NULL)) == NULL)
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s '%s': %s", what, v,
				  strerror(errno));
	*norm = abs;
	return 0;
}

/* A PNG or JPEG file, by its first bytes. */
static int
v_logo(const char *v, char **norm, struct fb_err *err)
{
	unsigned char head[8] = { 0 };
	FILE *fp;
	size_t n;

	if (file_path(v, "logo", norm, err) < 0 || **norm == '\0')
		return *norm ? 0 : -1;
	if ((fp = fopen(*norm, "rb")) == NULL) {
		fb_err_set(err, FB_ERR_USAGE, "invalid logo '%s': %s", v, strerror(errno));
		goto fail;
	}
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	if (n == sizeof(head) && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0)
		return 0;
	if (n >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
		return 0;
	fb_err_set(err, FB_ERR_USAGE, "invalid logo '%s': not a PNG or JPEG image", v);
fail:
	free(*norm);
	*norm = NULL;
	return -1;
}

/* A TrueType font libharu can embed. */
static int
v_font(const char *v, char **norm, struct fb_err *err)
{
	struct fb_ttf f;

	if (file_path(v, "font", norm, err) < 0 || **norm == '\0')
		return *norm ? 0 : -1;
	if (fb_ttf_open(&f, *norm, err) < 0) {
		err->code = FB_ERR_USAGE;
		free(*norm);
		*norm = NULL;
		return -1;
	}
	fb_ttf_release(&f);
	return 0;
}

/*
 * One line of a structured address (SPEC section 13): text without
 * newlines, as an e-invoice carries it.
 */
static int
v_line(const char *v, char **norm, struct fb_err *err)
{
	if (!fb_utf8_valid(v, 0) || strchr(v, '\t'))
		return fb_err_set(err, FB_ERR_USAGE, "invalid text: not valid UTF-8 or has control"
				  " characters");
	if (strlen(v) > 200)
		return fb_err_set(err, FB_ERR_USAGE, "invalid text: longer than 200 bytes");
	*norm = fb_xstrdup(v);
	return 0;
}

/* The street: up to three lines, typed with \\n between them. */
static int
v_street(const char *v, char **norm, struct fb_err *err)
{
	char *u = fb_unescape_newlines(v);
	int lines = 1;

	for (const char *p = u; *p; p++)
		lines += *p == '\n';
	if (lines > 3) {
		free(u);
		return fb_err_set(err, FB_ERR_USAGE, "invalid street: more than 3 lines");
	}
	if (!fb_utf8_valid(u, 1) || strchr(u, '\t') || strlen(u) > 300) {
		free(u);
		return fb_err_set(err, FB_ERR_USAGE, "invalid street: not valid UTF-8, has control"
				  " characters or is longer than 300 bytes");
	}
	*norm = u;
	return 0;
}

/* Capitals and digits only, after folding case and dropping spaces. */
static char *
code_text(const char *v)
{
	char *s = fb_xmalloc(strlen(v) + 1), *q = s;

	for (; *v; v++) {
		char c = *v;

		if (c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		*q++ = c;
	}
	*q = '\0';
	return s;
}

static int
upper_alnum(const char *s, size_t from)
{
	for (s += from; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

/* An ISO 3166-1 alpha-2 country code, folded to capitals: de -> DE. */
static int
v_country(const char *v, char **norm, struct fb_err *err)
{
	char *s = code_text(v);

	if (!fb_country_valid(s)) {
		free(s);
		return fb_err_set(err, FB_ERR_USAGE, "invalid country '%s': want an ISO 3166-1"
				  " code such as DE or US", v);
	}
	*norm = s;
	return 0;
}

/* A VAT identifier as a client's (DE123456789), spaces dropped, in capitals. */
static int
v_vat_id(const char *v, char **norm, struct fb_err *err)
{
	char *s = code_text(v);

	if (fb_client_check_vat_id(s, NULL) < 0) {
		free(s);
		return fb_err_set(err, FB_ERR_USAGE, "invalid VAT id '%s': want the country"
				  " prefix and number, such as DE123456789", v);
	}
	*norm = s;
	return 0;
}

/*
 * An IBAN (ISO 13616): country, check digits and account, the check
 * digits right (mod 97 of the rearranged number is 1).  Stored without
 * spaces, in capitals.
 */
static int
v_iban(const char *v, char **norm, struct fb_err *err)
{
	char *s = code_text(v);
	size_t n = strlen(s);
	unsigned rem = 0;

	if (n < 15 || n > 34 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' ||
	    s[2] < '0' || s[2] > '9' || s[3] < '0' || s[3] > '9' || !upper_alnum(s, 4))
		goto bad;
	for (size_t i = 0; i < n; i++) {
		char c = s[(i + 4) % n];

		if (c >= 'A' && c <= 'Z')
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
		else
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
	}
	if (rem != 1)
		goto bad;
	*norm = s;
	return 0;
bad:
	free(s);
	return fb_err_set(err, FB_ERR_USAGE, "invalid IBAN '%s': want an IBAN such as"
			  " DE89 3704 0044 0532 0130 00, its check digits right", v);
}

/* A BIC (ISO 9362): 8 or 11 letters and digits, the country at 5-6. */
static int
v_bic(const char *v, char **norm, struct fb_err *err)
{
	char *s = code_text(v);
	size_t n = strlen(s);
	int ok = (n == 8 || n == 11) && upper_alnum(s, 0);

	for (size_t i = 0; ok && i < 6; i++)
		ok = s[i] >= 'A' && s[i] <= 'Z';
	if (!ok) {
		free(s);
		return fb_err_set(err, FB_ERR_USAGE, "invalid BIC '%s': want 8 or 11 letters and"
				  " digits, such as COBADEFFXXX", v);
	}
	*norm = s;
	return 0;
}

static int
v_show_notes(const char *v, char **norm, struct fb_err *err)
{
	static const char *const c[] = { "none", "entries", NULL };

	return v_choice(v, norm, err, c, "none or entries");
}

const struct fb_config_key fb_config_keys[] = {
	{ "company.name", NULL, "your business name, printed on invoices", v_text },
	{ "company.address", NULL, "your address (\\n for new lines)", v_address },
	{ "company.email", NULL, "your email address", v_email },
	{ "company.tax_id", NULL, "your tax or VAT number", v_text },
	{ "company.phone", NULL, "your phone number", v_text },
	{ "company.website", NULL, "your website", v_text },
	{ "company.logo", NULL, "a PNG or JPEG printed top left on invoices", v_logo },
	{ "company.street", NULL, "street and number, for e-invoices (\\n for new lines)", v_street },
	{ "company.city", NULL, "city, for e-invoices", v_line },
	{ "company.postcode", NULL, "postcode, for e-invoices", v_line },
	{ "company.country", NULL, "country (ISO 3166-1 code such as DE), for e-invoices", v_country },
	{ "company.vat_id", NULL, "VAT identifier with its country prefix (DE123456789)", v_vat_id },
	{ "company.legal_id", NULL, "legal registration id (trade register, SIREN), for e-invoices",
	  v_line },
	{ "company.iban", NULL, "IBAN clients pay to, for e-invoices", v_iban },
	{ "company.bic", NULL, "BIC of that account", v_bic },
	{ "currency", "USD", "default currency (ISO 4217)", v_currency },
	{ "timezone", NULL, "timezone for local times (default $TZ, else UTC)", v_timezone },
	{ "billing.rate", NULL, "default hourly rate", v_amount },
	{ "billing.increment", "15", "billing increment in minutes", v_increment },
	{ "billing.rounding", "up", "rounding to the increment: up, nearest or down", v_rounding },
	{ "billing.round_per", "job", "round per job or per entry", v_round_per },
	{ "billing.minimum", "0", "call-out minimum in minutes per job", v_minimum },
	{ "billing.minimum_onsite", NULL,
	  "call-out minimum of on-site jobs (default billing.minimum)", v_minimum },
	{ "billing.business_hours", "Mon-Fri 08:00-18:00", "normal hours", v_bizhours },
	{ "billing.after_hours", "1.5", "multiplier outside business hours", v_multiplier },
	{ "billing.weekend", "2", "multiplier on weekends and holidays", v_multiplier },
	{ "billing.holidays", "", "holidays, comma-separated dates, billed as weekend", v_holidays },
	{ "tax.rate", "0", "tax rate in percent", v_percent },
	{ "tax.applies_to", "all", "what is taxed: all, labor or parts", v_applies_to },
	{ "tax.rounding", "invoice", "round tax per invoice or per line", v_tax_rounding },
	{ "tax.labor", NULL, "tax code of labor and call-out lines (default tax.default)", v_tax_code },
	{ "tax.parts", NULL, "tax code of parts (default tax.default)", v_tax_code },
	{ "tax.other", NULL, "tax code of trips, flat fees and other charges (default tax.default)",
	  v_tax_code },
	{ "tax.default", FB_TAX_NONE, "tax code of lines no other tax.* key names", v_tax_code },
	{ "invoice.format", "INV-{year}-{seq:05}", "invoice number format", v_format },
	{ "invoice.credit_format", "CN-{year}-{seq:05}", "credit note number format", v_format },
	{ "invoice.terms", "30", "payment terms in days", v_terms },
	{ "invoice.paper", "letter", "PDF paper size: letter or a4", v_paper },
	{ "invoice.payment", NULL, "payment instructions below the totals (\\n for new lines)", v_address },
	{ "invoice.footer", NULL, "text at the foot of each invoice page", v_text },
	{ "invoice.show_notes", "none", "list the entries' notes under labor lines: none or entries", v_show_notes },
	{ "invoice.font", NULL, "a TrueType font for PDF invoices (default DejaVu Sans)", v_font },
	{ "payments.apply_credit", "auto",
	  "apply a client's credit to each invoice it is issued: auto or off", v_apply_credit },
	{ "sla.P1.response", "1h00m", "P1 response target", v_duration },
	{ "sla.P1.resolve", "4h00m", "P1 resolution target", v_duration },
	{ "sla.P2.response", "4h00m", "P2 response target", v_duration },
	{ "sla.P2.resolve", "24h00m", "P2 resolution target", v_duration },
	{ "sla.P3.response", "24h00m", "P3 response target", v_duration },
	{ "sla.P3.resolve", "72h00m", "P3 resolution target", v_duration },
	{ "sla.P4.response", "48h00m", "P4 response target", v_duration },
	{ "sla.P4.resolve", "120h00m", "P4 resolution target", v_duration },
	{ "time.max_timer", "12h00m", "longest a timer may run before 'time stop' asks for --at or --force", v_duration },
	{ "accounts.receivable", "assets:receivable", "ledger account for what clients owe", v_account },
	{ "accounts.labor", "revenue:labor", "ledger account for labor, call-outs, trips and fees", v_account },
	{ "accounts.parts", "revenue:parts", "ledger account for parts", v_account },
	{ "accounts.tax", "liabilities:tax", "ledger account for tax collected", v_account },
	{ "accounts.bank", "assets:bank", "ledger account payments go to", v_account },
	{ "xero.account_labor", "200", "Xero account code for labor lines", v_name },
	{ "xero.account_parts", "200", "Xero account code for parts", v_name },
	{ "xero.tax_type", "OUTPUT", "Xero tax type of taxed lines", v_name },
	{ "xero.tax_type_none", "NONE", "Xero tax type of untaxed lines", v_name },
	{ "xero.date_format", "dd/mm/yyyy", "dates in the Xero import", v_date_format },
	{ "qbo.item_labor", "Labor", "QuickBooks item (product/service) for labor", v_name },
	{ "qbo.item_parts", "Parts", "QuickBooks item (product/service) for parts", v_name },
	{ "qbo.date_format", "mm/dd/yyyy", "dates in the QuickBooks Online import", v_date_format },
	{ "iif.receivable", "Accounts Receivable", "QuickBooks Desktop receivable account", v_name },
	{ "iif.labor", "Labor Income", "QuickBooks Desktop income account for labor", v_name },
	{ "iif.parts", "Parts Income", "QuickBooks Desktop income account for parts", v_name },
	{ "iif.tax", "Sales Tax Payable", "QuickBooks Desktop tax account", v_name },
	{ "iif.bank", "Undeposited Funds", "QuickBooks Desktop account payments go to", v_name },
	{ NULL, NULL, NULL, NULL }
};

const struct fb_config_key *
fb_config_find(const char *key)
{
	const struct fb_config_key *k;

	for (k = fb_config_keys; k->key; k++)
		if (strcmp(k->key, key) == 0)
			return k;
	return NULL;
}

static int
unknown_key(const char *key, struct fb_err *err)
{
	const struct fb_config_key *k, *best = NULL;
	int bestd = 4;

	fb_err_set(err, FB_ERR_USAGE, "unknown config key '%s'", key);
	for (k = fb_config_keys; k->key; k++) {
		int d = fb_levenshtein(key, k->key);

		if (d < bestd) {
			bestd = d;
			best = k;
		}
	}
	if (best)
		fb_err_hint(err, "did you mean '%s'?", best->key);
	else
		fb_err_hint(err, "'fixbill config list' shows every key");
	return -1;
}

int
fb_config_check(const char *key, const char *value, struct fb_err *err)
{
	const struct fb_config_key *k = fb_config_find(key);
	char *norm = NULL;

	if (k == NULL)
		return unknown_key(key, err);
	if (k->validate(value, &norm, err) < 0)
		return -1;
	free(norm);
	return 0;
}

int
fb_config_get(struct fb_db *db, const char *key, char **value,
	      struct fb_err *err)
{
	const struct fb_config_key *k = fb_config_find(key);
	int rc;

	*value = NULL;
	if (k == NULL)
		return unknown_key(key, err);
	rc = fb_db_text(db, err, value, "SELECT value FROM config WHERE key = ?", "t", key);
	if (rc != 0)
		return rc;
	if (k->def && *k->def) {
		*value = fb_xstrdup(k->def);
		return 1;
	}
	return 0;
}

int
fb_config_isset(struct fb_db *db, const char *key)
{
	int64_t one;

	return fb_db_int(db, NULL, &one, "SELECT 1 FROM config WHERE key = ?",
			 "t", key) == 1;
}

/* A tax code key names a code that exists. */
static int
is_code_key(const struct fb_config_key *k)
{
	return k->validate == v_tax_code;
}

/* Validate value of k into *norm, and a code's existence. */
static int
validate(struct fb_db *db, const struct fb_config_key *k, const char *value, char **norm,
	 struct fb_err *err)
{
	int rc;

	if (k->validate(value, norm, err) < 0) {
		fb_err_prefix(err, "cannot set '%s'", k->key);
		return -1;
	}
	if (is_code_key(k) && (rc = fb_tax_exists(db, *norm, err)) <= 0) {
		if (rc == 0) {
			fb_err_set(err, FB_ERR_NOTFOUND, "unknown tax code '%s'", *norm);
			fb_err_hint(err, "add it with 'fixbill tax add %s --rate PERCENT'", *norm);
		}
		free(*norm);
		*norm = NULL;
		return -1;
	}
	return 0;
}

int
fb_config_set(struct fb_db *db, const char *key, const char *value,
	      struct fb_err *err)
{
	const struct fb_config_key *k = fb_config_find(key);
	char *norm = NULL;
	int rc;

	if (k == NULL)
		return unknown_key(key, err);
	if (validate(db, k, value, &norm, err) < 0)
		return -1;
	rc = fb_db_exec(db, err,
			"INSERT INTO config(key, value) VALUES (?, ?)"
			" ON CONFLICT(key) DO UPDATE SET value = excluded.value",
			"tt", key, norm);
	free(norm);
	return rc;
}

const char *
fb_config_source_name(enum fb_config_source s)
{
	switch (s) {
	case FB_CONFIG_CLIENT:
		return "client";
	case FB_CONFIG_COMPANY:
		return "company";
	default:
		return "default";
	}
}

int
fb_config_per_client(const char *key)
{
	return strncmp(key, "billing.", 8) == 0 || strncmp(key, "tax.", 4) == 0 ||
	       strcmp(key, "invoice.terms") == 0 || strcmp(key, "invoice.paper") == 0;
}

int
fb_config_check_client_key(const char *key, struct fb_err *err)
{
	if (fb_config_find(key) == NULL)
		return unknown_key(key, err);
	if (!fb_config_per_client(key)) {
		fb_err_set(err, FB_ERR_USAGE, "cannot set '%s' for a client: only billing.*,"
			   " tax.*, invoice.terms and invoice.paper can be", key);
		fb_err_hint(err, "set it for the whole shop with 'fixbill config set %s VALUE'", key);
		return -1;
	}
	return 0;
}

int
fb_config_stored(struct fb_db *db, int64_t client_id, const char *key, char **value,
		 struct fb_err *err)
{
	*value = NULL;
	if (client_id > 0)
		return fb_db_text(db, err, value, "SELECT value FROM client_config"
				  " WHERE client_id = ? AND key = ?", "it", client_id, key);
	return fb_db_text(db, err, value, "SELECT value FROM config WHERE key = ?", "t", key);
}

int
fb_config_get_for(struct fb_db *db, int64_t client_id, const char *key, char **value,
		  enum fb_config_source *source, struct fb_err *err)
{
	enum fb_config_source dummy;
	int rc;

	if (source == NULL)
		source = &dummy;
	*value = NULL;
	*source = FB_CONFIG_DEFAULT;
	if (client_id > 0 && fb_config_per_client(key)) {
		if ((rc = fb_config_stored(db, client_id, key, value, err)) != 0) {
			*source = FB_CONFIG_CLIENT;
			return rc;
		}
	}
	rc = fb_config_get(db, key, value, err);
	if (rc > 0 && fb_config_isset(db, key))
		*source = FB_CONFIG_COMPANY;
	return rc;
}

int
fb_config_set_client(struct fb_db *db, int64_t client_id, const char *key,
		     const char *value, struct fb_err *err)
{
	const struct fb_config_key *k;
	char *norm = NULL;
	int rc;

	if (fb_config_check_client_key(key, err) < 0)
		return -1;
	k = fb_config_find(key);
	if (validate(db, k, value, &norm, err) < 0)
		return -1;
	rc = fb_db_exec(db, err,
			"INSERT INTO client_config(client_id, key, value) VALUES (?, ?, ?)"
			" ON CONFLICT(client_id, key) DO UPDATE SET value = excluded.value",
			"itt", client_id, key, norm);
	free(norm);
	return rc;
}

int
fb_config_unset_client(struct fb_db *db, int64_t client_id, const char *key,
		       struct fb_err *err)
{
	if (fb_config_check_client_key(key, err) < 0)
		return -1;
	return fb_db_exec(db, err, "DELETE FROM client_config WHERE client_id = ? AND key = ?",
			  "it", client_id, key);
}

int
fb_config_unset(struct fb_db *db, const char *key, struct fb_err *err)
{
	if (fb_config_find(key) == NULL)
		return unknown_key(key, err);
	return fb_db_exec(db, err, "DELETE FROM config WHERE key = ?", "t", key);
}

int64_t
fb_config_int(struct fb_db *db, const char *key, int64_t dflt)
{
	char *v = NULL;
	int64_t x;

	if (fb_config_get(db, key, &v, NULL) <= 0 || fb_parse_uint(v, INT64_MAX, &x) < 0)
		x = dflt;
	free(v);
	return x;
}

int64_t
fb_config_int_for(struct fb_db *db, int64_t client_id, const char *key, int64_t dflt)
{
	char *v = NULL;
	int64_t x;

	if (fb_config_get_for(db, client_id, key, &v, NULL, NULL) <= 0 ||
	    fb_parse_uint(v, INT64_MAX, &x) < 0)
		x = dflt;
	free(v);
	return x;
}

const char *
fb_config_currency(struct fb_db *db)
{
	static char cur[8];
	char *v = NULL;

	if (fb_config_get(db, "currency", &v, NULL) > 0 && strlen(v) < sizeof(cur))
		strcpy(cur, v);
	else
		strcpy(cur, "USD");
	free(v);
	return cur;
}

int
fb_config_apply_tz(struct fb_db *db, int lenient, struct fb_err *err)
{
	char *tz = NULL;
	int rc;

	if (fb_config_get(db, "timezone", &tz, err) < 0)
		return -1;
	if (tz == NULL || fb_tz_valid(tz)) {
		rc = fb_tz_set(tz, err);
		free(tz);
		return rc;
	}
	/*
	 * tzdata drops names now and then: a zone the system no longer
	 * knows must not lock the user out of the command that replaces it.
	 */
	if (lenient) {
		free(tz);
		return fb_tz_set(NULL, err);
	}
	fb_err_set(err, FB_ERR_RUNTIME, "the configured timezone '%s' is not known to this system", tz);
	fb_err_hint(err, "set one it knows, e.g. 'fixbill config set timezone Europe/London'");
	free(tz);
	return -1;
}
