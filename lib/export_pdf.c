/*
 * export_pdf.c - the invoice as a printable PDF (libharu).
 *
 * The page carries the company top left, the title, number and dates top
 * right, the client under "Bill to", a line table with a shaded header,
 * the totals and the payment note.  Long invoices continue on further
 * pages with the table header repeated; every page has "Page N of M".
 *
 * Text uses the PDF base fonts (Helvetica), so nothing is embedded and
 * the file stays small.  Their 8-bit encodings cannot hold all of
 * Unicode, so each string is converted from UTF-8 to WinAnsi (Western
 * European) or, when that cannot show it, ISO 8859-2 (Central European:
 * Ł, ő, č); a character neither holds becomes '?'.
 */
#include "export.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "duration.h"
#include "lazy_pdf.h"
#include "money.h"

#define MARGIN		50.0f
#define FOOTER		40.0f	/* room kept at the bottom for the page footer */
#define BODY_SIZE	9.0f
#define LEADING		11.5f

enum { ENC_WINANSI, ENC_LATIN2, NENC };

static const char *const enc_names[NENC] = { "WinAnsiEncoding", "ISO8859-2" };

struct pdf {
	HPDF_Doc doc;
	HPDF_Page page;
	HPDF_Page *pages;
	size_t npages, apages;
	HPDF_Font font[2][NENC];	/* [bold][encoding] */
	HPDF_UNICODE map[NENC][256];	/* byte -> code point */
	float pw, ph, y;
	HPDF_STATUS error, detail;
	const struct fb_invoice *inv;
	const char *cur;
	char *title;
};

/* Column right edges and the description's width, from the right margin. */
struct cols {
	float desc_x, desc_w, qty_r, rate_r, amt_r;
};

static void
on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
	struct pdf *p = user;

	/* Keep the first error; libharu calls again for what follows from it. */
	if (p->error == 0) {
		p->error = error_no;
		p->detail = detail_no;
	}
}

/* Decode one UTF-8 sequence; invalid bytes come out as U+FFFD. */
static unsigned
utf8_next(const unsigned char **sp)
{
	const unsigned char *s = *sp;
	unsigned c = s[0], n, cp;

	if (c < 0x80) {
		*sp = s + 1;
		return c;
	}
	if ((c & 0xe0) == 0xc0) {
		n = 1;
		cp = c & 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 2;
		cp = c & 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 3;
		cp = c & 0x07;
	} else {
		*sp = s + 1;
		return 0xfffd;
	}
	for (unsigned i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*sp = s + i;
			return 0xfffd;
		}
		cp = cp << 6 | (s[i] & 0x3f);
	}
	*sp = s + n + 1;
	return cp;
}

static int
encode_char(const struct pdf *p, int enc, unsigned cp)
{
	/* Escaped by encode already; a byte that is not a glyph in any case. */
	if (cp < 0x20 || cp == 0x7f)
		return ' ';
	if (cp < 0x7f)
		return (int)cp;
	for (int b = 0x80; b < 0x100; b++)
		if (p->map[enc][b] == cp && cp != 0)
			return b;
	return -1;
}

/*
 * s (UTF-8) in the encoding that shows most of it; *enc says which.  A
 * control character, bidi control or invalid byte in s shows escaped
 * ("\x1b", "\n"), as everywhere fixbill prints stored text.
 */
static char *
encode(const struct pdf *p, const char *text, int *enc)
{
	int best = 0, bestmiss = -1;
	char *out, *s = fb_escape(text, 0);
	size_t n = 0;

	for (int e = 0; e < NENC && bestmiss != 0; e++) {
		const unsigned char *u = (const unsigned char *)s;
		int miss = 0;

		while (*u != '\0')
			if (encode_char(p, e, utf8_next(&u)) < 0)
				miss++;
		if (bestmiss < 0 || miss < bestmiss) {
			best = e;
			bestmiss = miss;
		}
	}
	out = fb_xmalloc(strlen(s) + 1);
	for (const unsigned char *u = (const unsigned char *)s; *u != '\0';) {
		int b = encode_char(p, best, utf8_next(&u));

		out[n++] = b < 0 ? '?' : (char)b;
	}
	out[n] = '\0';
	*enc = best;
	free(s);
	return out;
}

static float
width_enc(const struct pdf *p, int bold, int enc, float size, const char *e)
{
	HPDF_TextWidth tw = HPDF_Font_TextWidth(p->font[bold][enc],
	    (const HPDF_BYTE *)e, (HPDF_UINT)strlen(e));

	return (float)tw.width * size / 1000.0f;
}

enum align { LEFT, RIGHT, CENTER };

static void
text_enc(struct pdf *p, int bold, int enc, float size, float x, float y,
	 const char *e, enum align a)
{
	float w;

	if (*e == '\0')
		return;
	w = width_enc(p, bold, enc, size, e);
	if (a == RIGHT)
		x -= w;
	else if (a == CENTER)
		x -= w / 2;
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, p->font[bold][enc], size);
	HPDF_Page_TextOut(p->page, x, y, e);
	HPDF_Page_EndText(p->page);
}

static void
text(struct pdf *p, int bold, float size, float x, float y, const char *s,
     enum align a)
{
	int enc;
	char *e = encode(p, s, &enc);

	text_enc(p, bold, enc, size, x, y, e, a);
	free(e);
}

static void
gray(struct pdf *p, float g)
{
	HPDF_Page_SetGrayFill(p->page, g);
}

/*
 * Break s into lines no wider than w: at spaces when a word fits, else
 * inside the word.  Each line comes back encoded, in *enc's encoding.
 */
static char **
wrap(struct pdf *p, int bold, float size, const char *s, float w, size_t *n,
     int *enc)
{
	char *e = encode(p, s, enc), *q = e, **v = NULL;
	size_t alloc = 0;
	HPDF_Font f = p->font[bold][*enc];

	*n = 0;
	do {
		HPDF_UINT len = (HPDF_UINT)strlen(q), fit;
		HPDF_REAL real;

		fit = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)q, len, w, size,
		    0, 0, HPDF_TRUE, &real);
		if (fit == 0)
			fit = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)q, len, w,
			    size, 0, 0, HPDF_FALSE, &real);
		if (fit == 0)
			fit = 1;
		fb_xgrow(&v, &alloc, *n + 1, sizeof(*v));
		v[*n] = fb_xstrndup(q, fit);
		/* Trailing spaces do not print; drop them so right edges hold. */
		for (size_t k = strlen(v[*n]); k > 0 && v[*n][k - 1] == ' '; k--)
			v[*n][k - 1] = '\0';
		(*n)++;
		q += fit;
		while (*q == ' ')
			q++;
	} while (*q != '\0');
	free(e);
	return v;
}

static void
strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
new_page(struct pdf *p)
{
	p->page = HPDF_AddPage(p->doc);
	HPDF_Page_SetWidth(p->page, p->pw);
	HPDF_Page_SetHeight(p->page, p->ph);
	fb_xgrow(&p->pages, &p->apages, p->npages + 1, sizeof(*p->pages));
	p->pages[p->npages++] = p->page;
	gray(p, 0);
	p->y = p->ph - MARGIN;
}

/* Each line of a multi-line field, at 9 points; moves p->y down. */
static void
block_lines(struct pdf *p, float x, const char *prefix, const char *s)
{
	const char *q = s, *nl;

	if (s == NULL || *s == '\0')
		return;
	for (;;) {
		char *part, *t;

		nl = strchr(q, '\n');
		part = fb_xstrndup(q, nl ? (size_t)(nl - q) : strlen(q));
		if (*part != '\0') {
			t = fb_xasprintf("%s%s", prefix, part);
			text(p, 0, BODY_SIZE, x, p->y, t, LEFT);
			p->y -= LEADING;
			free(t);
		}
		free(part);
		if (nl == NULL)
			return;
		q = nl + 1;
	}
}

static void
detail_row(struct pdf *p, float lx, float rx, float y, const char *label,
	   const char *value)
{
	gray(p, 0.35f);
	text(p, 0, BODY_SIZE, lx, y, label, LEFT);
	gray(p, 0);
	text(p, 0, BODY_SIZE, rx, y, value, RIGHT);
}

static void
first_header(struct pdf *p)
{
	const struct fb_invoice *inv = p->inv;
	float top = p->ph - MARGIN, right = p->pw - MARGIN, ly, ry;
	float lx = right - 200;
	int credit = fb_export_is_credit(inv);
	char *t;

	/* Company, top left. */
	p->y = top - 16;
	text(p, 1, 16, MARGIN, p->y, inv->company_name, LEFT);
	p->y -= 16;
	block_lines(p, MARGIN, "", inv->company_address);
	block_lines(p, MARGIN, "", inv->company_email);
	block_lines(p, MARGIN, "Tax ID: ", inv->company_tax_id);
	ly = p->y;

	/* Title and details, top right. */
	ry = top - 18;
	text(p, 1, 20, right, ry, credit ? "CREDIT NOTE" : "INVOICE", RIGHT);
	ry -= 22;
	detail_row(p, lx, right, ry, credit ? "Credit note no." : "Invoice no.",
	    p->title);
	ry -= LEADING;
	if (credit && inv->credit_of_number != NULL) {
		detail_row(p, lx, right, ry, "Credit for invoice", inv->credit_of_number);
		ry -= LEADING;
	}
	detail_row(p, lx, right, ry, "Issue date",
	    inv->issue_date ? inv->issue_date : "not issued");
	ry -= LEADING;
	if (!credit && inv->due_date != NULL) {
		detail_row(p, lx, right, ry, "Due date", inv->due_date);
		ry -= LEADING;
	}
	if (!credit) {
		t = fb_xasprintf("Net %lld days", (long long)inv->terms);
		detail_row(p, lx, right, ry, "Terms", t);
		free(t);
		ry -= LEADING;
	}
	detail_row(p, lx, right, ry, "Currency", inv->currency);
	ry -= LEADING;
	if (inv->status != NULL && (strcmp(inv->status, "void") == 0 ||
	    strcmp(inv->status, "paid") == 0 || strcmp(inv->status, "draft") == 0)) {
		t = fb_xstrdup(inv->status);
		for (char *c = t; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		gray(p, 0.35f);
		text(p, 0, BODY_SIZE, lx, ry, "Status", LEFT);
		gray(p, 0);
		text(p, 1, BODY_SIZE, right, ry, t, RIGHT);
		free(t);
		ry -= LEADING;
	}

	p->y = (ly < ry ? ly : ry) - 14;
	gray(p, 0.35f);
	text(p, 1, 8, MARGIN, p->y, "BILL TO", LEFT);
	gray(p, 0);
	p->y -= 14;
	text(p, 1, 11, MARGIN, p->y, inv->client_name, LEFT);
	p->y -= 13;
	block_lines(p, MARGIN, "", inv->client_address);
	block_lines(p, MARGIN, "", inv->client_email);
	block_lines(p, MARGIN, "Tax ID: ", inv->client_tax_id);
	p->y -= 14;
}

static void
continued_header(struct pdf *p)
{
	char *t = fb_xasprintf("%s %s (continued)",
	    fb_export_is_credit(p->inv) ? "Credit note" : "Invoice", p->title);

	p->y = p->ph - MARGIN - 10;
	text(p, 1, 10, MARGIN, p->y, p->inv->company_name, LEFT);
	text(p, 0, 10, p->pw - MARGIN, p->y, t, RIGHT);
	free(t);
	p->y -= 28;
}

static void
table_header(struct pdf *p, const struct cols *c)
{
	float h = 18;

	gray(p, 0.88f);
	HPDF_Page_Rectangle(p->page, MARGIN, p->y - h, p->pw - 2 * MARGIN, h);
	HPDF_Page_Fill(p->page);
	gray(p, 0);
	p->y -= 12.5f;
	text(p, 1, BODY_SIZE, c->desc_x, p->y, "Description", LEFT);
	text(p, 1, BODY_SIZE, c->qty_r, p->y, "Qty", RIGHT);
	text(p, 1, BODY_SIZE, c->rate_r, p->y, "Rate", RIGHT);
	text(p, 1, BODY_SIZE, c->amt_r, p->y, "Amount", RIGHT);
	p->y -= 5.5f + 4;
}

static void
rule(struct pdf *p, float x0, float x1, float y, float g, float w)
{
	HPDF_Page_SetGrayStroke(p->page, g);
	HPDF_Page_SetLineWidth(p->page, w);
	HPDF_Page_MoveTo(p->page, x0, y);
	HPDF_Page_LineTo(p->page, x1, y);
	HPDF_Page_Stroke(p->page);
}

static void
line_row(struct pdf *p, const struct cols *c, const struct fb_invoice_line *l)
{
	char **desc, *qty, *rate, *amt, *m, *detail = NULL;
	size_t n;
	int enc;
	float h;

	desc = wrap(p, 0, BODY_SIZE, l->description, c->desc_w, &n, &enc);
	m = fb_money_format_human(l->unit_price, p->cur);
	if (fb_export_is_hours(l)) {
		qty = fb_duration_format(l->billed_seconds);
		rate = fb_xasprintf("%s/h", m);
		free(m);
	} else {
		qty = fb_format_decimal(l->quantity, 3);
		rate = m;
	}
	amt = fb_money_format_human(l->amount, p->cur);
	if (strcmp(l->kind, "labor") == 0 && l->actual_seconds >= 0) {
		m = fb_duration_format(l->actual_seconds);
		if (l->job_id > 0)
			detail = fb_xasprintf("Job %lld, actual time %s",
			    (long long)l->job_id, m);
		else
			detail = fb_xasprintf("Actual time %s", m);
		free(m);
	} else if (l->job_id > 0)
		detail = fb_xasprintf("Job %lld", (long long)l->job_id);

	h = (float)n * LEADING + (detail ? 10 : 0) + 6;
	if (p->y - h < MARGIN + FOOTER) {
		new_page(p);
		continued_header(p);
		table_header(p, c);
	}
	p->y -= BODY_SIZE;
	text(p, 0, BODY_SIZE, c->qty_r, p->y, qty, RIGHT);
	text(p, 0, BODY_SIZE, c->rate_r, p->y, rate, RIGHT);
	text(p, 0, BODY_SIZE, c->amt_r, p->y, amt, RIGHT);
	for (size_t i = 0; i < n; i++) {
		text_enc(p, 0, enc, BODY_SIZE, c->desc_x, p->y, desc[i], LEFT);
		if (i + 1 < n)
			p->y -= LEADING;
	}
	if (detail != NULL) {
		p->y -= 10;
		gray(p, 0.4f);
		text(p, 0, 7.5f, c->desc_x, p->y, detail, LEFT);
		gray(p, 0);
	}
	p->y -= 6;
	rule(p, MARGIN, p->pw - MARGIN, p->y, 0.8f, 0.5f);
	p->y -= 2.5f;
	strv_free(desc, n);
	free(qty);
	free(rate);
	free(amt);
	free(detail);
}

static void
totals(struct pdf *p, const struct cols *c)
{
	const struct fb_invoice *inv = p->inv;
	int credit = fb_export_is_credit(inv), showpaid = inv->paid != 0;
	float lx = p->pw - MARGIN - 200, need = 5 * 15 + 70;
	char *s, *r;

	if (p->y - need < MARGIN + FOOTER) {
		new_page(p);
		continued_header(p);
	}
	p->y -= 16;
	s = fb_money_format_human(inv->subtotal, p->cur);
	detail_row(p, lx, c->amt_r, p->y, "Subtotal", s);
	free(s);
	p->y -= 15;
	r = fb_format_decimal(inv->tax_rate, 4);
	s = fb_xasprintf("Tax (%s%%)", r);
	free(r);
	r = fb_money_format_human(inv->tax, p->cur);
	detail_row(p, lx, c->amt_r, p->y, s, r);
	free(s);
	free(r);
	p->y -= 8;
	rule(p, lx, p->pw - MARGIN, p->y, 0, 0.8f);
	p->y -= 14;
	s = fb_money_format_human(inv->total, p->cur);
	r = fb_xasprintf("%s %s", p->cur, s);
	text(p, 1, 11, lx, p->y, credit ? "Total credit" : "Total", LEFT);
	text(p, 1, 11, c->amt_r, p->y, r, RIGHT);
	free(s);
	free(r);
	if (showpaid) {
		p->y -= 15;
		s = fb_money_format_human(inv->paid, p->cur);
		detail_row(p, lx, c->amt_r, p->y, "Paid", s);
		free(s);
		p->y -= 15;
		s = fb_money_format_human(inv->balance, p->cur);
		r = fb_xasprintf("%s %s", p->cur, s);
		text(p, 1, 10, lx, p->y, credit ? "Balance" : "Balance due", LEFT);
		text(p, 1, 10, c->amt_r, p->y, r, RIGHT);
		free(s);
		free(r);
	}
	p->y -= 30;
}

static void
notes(struct pdf *p)
{
	const struct fb_invoice *inv = p->inv;
	struct fb_buf b = FB_BUF_INIT;
	char **v;
	size_t n;
	int enc;

	fb_buf_init(&b);
	if (inv->number == NULL)
		fb_buf_adds(&b, "Draft: not a valid invoice. The number and dates "
		    "are set when it is issued.");
	else if (fb_export_is_credit(inv)) {
		fb_buf_addf(&b, "This credit note %s", inv->number);
		if (inv->credit_of_number != NULL)
			fb_buf_addf(&b, " cancels invoice %s", inv->credit_of_number);
		fb_buf_adds(&b, ".");
		if (inv->void_reason != NULL && *inv->void_reason != '\0')
			fb_buf_addf(&b, " Reason: %s", inv->void_reason);
	} else if (inv->due_date != NULL)
		fb_buf_addf(&b, "Terms: net %lld days. Payment due by %s. "
		    "Please quote %s with your payment.", (long long)inv->terms,
		    inv->due_date, inv->number);
	if (b.len == 0) {
		fb_buf_release(&b);
		return;
	}
	v = wrap(p, 0, BODY_SIZE, b.buf, p->pw - 2 * MARGIN, &n, &enc);
	for (size_t i = 0; i < n; i++) {
		text_enc(p, 0, enc, BODY_SIZE, MARGIN, p->y, v[i], LEFT);
		p->y -= LEADING;
	}
	strv_free(v, n);
	fb_buf_release(&b);
}

static void
footers(struct pdf *p)
{
	for (size_t i = 0; i < p->npages; i++) {
		char *t = fb_xasprintf("Page %zu of %zu", i + 1, p->npages);

		p->page = p->pages[i];
		rule(p, MARGIN, p->pw - MARGIN, MARGIN - 8, 0.7f, 0.5f);
		gray(p, 0.4f);
		text(p, 0, 7.5f, MARGIN, MARGIN - 20, p->inv->company_name, LEFT);
		text(p, 0, 7.5f, p->pw / 2, MARGIN - 20, p->title, CENTER);
		text(p, 0, 7.5f, p->pw - MARGIN, MARGIN - 20, t, RIGHT);
		gray(p, 0);
		free(t);
	}
}

static int
setup(struct pdf *p, struct fb_err *err)
{
	p->doc = HPDF_New(on_error, p);
	if (p->doc == NULL)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot create PDF document");
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	for (int e = 0; e < NENC; e++) {
		HPDF_Encoder enc = HPDF_GetEncoder(p->doc, enc_names[e]);

		p->font[0][e] = HPDF_GetFont(p->doc, "Helvetica", enc_names[e]);
		p->font[1][e] = HPDF_GetFont(p->doc, "Helvetica-Bold", enc_names[e]);
		for (int b = 0; b < 256 && enc != NULL; b++)
			p->map[e][b] = HPDF_Encoder_GetUnicode(enc, (HPDF_UINT16)b);
	}
	if (p->error != 0)
		return fb_err_set(err, FB_ERR_RUNTIME,
				  "cannot set up PDF fonts: libharu error 0x%04X",
				  (unsigned)p->error);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "fixbill");
	return 0;
}

int
fb_export_invoice_pdf(const struct fb_invoice *inv, const char *paper,
		      const char *path, struct fb_err *err)
{
	struct pdf p;
	struct cols c;
	int rc = 0;

	if (fb_export_check(inv, err) == -1)
		return -1;
	memset(&p, 0, sizeof(p));
	if (paper == NULL || fb_strcaseeq(paper, "letter")) {
		p.pw = 612;
		p.ph = 792;
	} else if (fb_strcaseeq(paper, "a4")) {
		p.pw = 595;
		p.ph = 842;
	} else
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid paper '%s': write letter or a4", paper);
	if (fb_lazy_pdf(err) == -1)
		return -1;
	p.inv = inv;
	p.cur = inv->currency;
	p.title = fb_export_title(inv);
	if (setup(&p, err) == -1) {
		rc = -1;
		goto out;
	}
	c.amt_r = p.pw - MARGIN - 4;
	c.rate_r = c.amt_r - 90;
	c.qty_r = c.rate_r - 75;
	c.desc_x = MARGIN + 4;
	c.desc_w = c.qty_r - 50 - c.desc_x;

	new_page(&p);
	first_header(&p);
	table_header(&p, &c);
	for (size_t i = 0; i < inv->nlines; i++)
		line_row(&p, &c, &inv->lines[i]);
	totals(&p, &c);
	notes(&p);
	footers(&p);

	if (p.error == 0)
		HPDF_SaveToFile(p.doc, path);
	if (p.error != 0) {
		rc = fb_err_set(err, FB_ERR_RUNTIME,
				"cannot write '%s': libharu error 0x%04X (detail %u)",
				path, (unsigned)p.error, (unsigned)p.detail);
	}
out:
	if (p.doc != NULL)
		HPDF_Free(p.doc);
	free(p.pages);
	free(p.title);
	return rc;
}
