/*
 * export_pdf.c - the invoice as a printable PDF (libharu).
 *
 * The page carries the logo and the company top left, the title, number,
 * reference, dates and service period top right, the client under "Bill
 * to", then each job's heading (number, title, dates of the work,
 * technicians, PO) over its lines, the totals with one line per tax
 * component and its base, the note, the payment instructions and the
 * closing sentence.  Long invoices continue on further pages with the
 * table header repeated; every page has the footer and "Page N of M".
 * A client's statement of account is drawn here too, with the same
 * machinery (fb_statement_pdf, at the end).
 *
 * Text is drawn in one embedded Unicode TrueType font (DejaVu Sans, or
 * invoice.font), so every script the font covers prints as it is stored.
 * Before anything is written, every text is checked against the font's
 * character map: a character it cannot draw is an error naming it, never
 * a '?' or an empty box.  Bold is the same font drawn with a thin
 * outline, which keeps one font in the file.
 *
 * The same walk learns whether every text is in Windows-1252 (Latin
 * scripts, the euro, the typographic quotes).  Such a document embeds the
 * font as a simple TrueType font with WinAnsiEncoding, its text converted
 * to those bytes: readers map the codes back to Unicode by the encoding
 * alone, and libharu builds the font in a fraction of the time of the
 * Unicode (Type 0) font, whose UTF-8 map it fills for all 65,536 codes of
 * the Basic Multilingual Plane.  Any other document, and one that must
 * stay on the Unicode font (Factur-X, whose PDF/A update rewrites that
 * font's ToUnicode map), uses the Type 0 font with UTF-8 text.  Should a
 * text the walk did not see turn out to need the Unicode font, the
 * document is drawn again with it: never a '?'.
 *
 * Either font is embedded cut down to the glyphs the document draws
 * (lib/ttf_subset.c, from the code points the same walk collects): a few
 * kilobytes that libharu reads, writes and compresses in a fraction of
 * the time of the whole file.  libharu reads fonts from files only, so
 * the subset goes through a temporary file of ours.  A text the walk
 * missed has its characters added and the document drawn again; a font
 * that cannot be subset is embedded whole, as it was before.
 */
#include "export.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "duration.h"
#include "lazy_pdf.h"
#include "money.h"
#include "output.h"
#include "statement.h"
#include "ttf.h"

#define MARGIN		50.0f
#define FOOTER		40.0f	/* room kept at the bottom for the page footer */
#define BODY_SIZE	9.0f
#define LEADING		11.5f
#define LOGO_H		48.0f	/* the logo's largest height and width */
#define LOGO_W		180.0f

/* A set of code points, in order. */
struct cps {
	uint32_t *v;
	size_t n, alloc;
};

static int
cmp_cp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort and drop repeats, after adding with cps_add. */
static void
cps_sort(struct cps *c)
{
	size_t n = 0;

	if (c->n == 0)
		return;
	qsort(c->v, c->n, sizeof(*c->v), cmp_cp);
	for (size_t i = 1; i < c->n; i++)
		if (c->v[i] != c->v[n])
			c->v[++n] = c->v[i];
	c->n = n + 1;
}

static void
cps_add(struct cps *c, uint32_t cp)
{
	fb_xgrow(&c->v, &c->alloc, c->n + 1, sizeof(*c->v));
	c->v[c->n++] = cp;
}

/* Whether sorted c has cp; when not, put it in its place and say so. */
static int
cps_insert(struct cps *c, uint32_t cp)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->v[mid] == cp)
			return 0;
		if (c->v[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	fb_xgrow(&c->v, &c->alloc, c->n + 1, sizeof(*c->v));
	memmove(c->v + lo + 1, c->v + lo, (c->n - lo) * sizeof(*c->v));
	c->v[lo] = cp;
	c->n++;
	return 1;
}

struct pdf {
	HPDF_Doc doc;
	HPDF_Page page;
	HPDF_Page *pages;
	size_t npages, apages;
	HPDF_Font font;
	int simple;		/* the WinAnsiEncoding font: text goes as Windows-1252 */
	int redo;		/* a text the simple font cannot show: draw it again */
	const struct fb_ttf *ttf;	/* the font, to cut down to cps */
	struct cps *cps;	/* the code points the subset draws */
	int subset;		/* the embedded font is the subset of ttf to cps */
	int grow;		/* a text the subset cannot show: add it, draw again */
	float pw, ph, y;
	float gray;
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

/*
 * Stored text as the PDF shows it: a control character, bidi control or
 * invalid byte escaped ("\x1b", "\n"), as everywhere fixbill prints
 * stored text; what is left is UTF-8 the font draws.  Caller frees.
 */
static char *
clean(const char *s)
{
	return fb_escape(s, 0);
}

/*
 * The Windows-1252 byte of code point cp (as PDF's WinAnsiEncoding has
 * it), or -1.  U+00A0 and U+00AD are left out: that encoding names them
 * space and hyphen, and a reader would give back those instead.
 */
static int
cp1252(uint32_t cp)
{
	static const uint16_t high[32] = {
		0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
		0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
		0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
		0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
	};

	if (cp >= 0x20 && cp < 0x7f)
		return (int)cp;
	if (cp > 0xa0 && cp <= 0xff && cp != 0xad)
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (cp != 0 && high[i] == cp)
			return 0x80 + i;
	return -1;
}

/* The code point at *s, valid UTF-8 (fb_escape made it so); moves *s on. */
static uint32_t
next_cp(const unsigned char **s)
{
	const unsigned char *u = *s;
	uint32_t c = *u++;
	int n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : 3;

	c = n == 0 ? c : n == 1 ? c & 0x1f : n == 2 ? c & 0x0f : c & 0x07;
	for (int i = 0; i < n && (*u & 0xc0) == 0x80; i++)
		c = c << 6 | (*u++ & 0x3f);
	*s = u;
	return c;
}

/* Whether every character of s but its newlines is in Windows-1252. */
static int
all_cp1252(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*u)
		if (*u == '\n')
			u++;
		else if (cp1252(next_cp(&u)) < 0)
			return 0;
	return 1;
}

/*
 * The bytes of UTF-8 s[0, len) in the document's font encoding, into out
 * (at least len + 1 bytes; the simple font's text is never longer);
 * returns their number.  A character the simple font lacks asks for the
 * document to be drawn again with the Unicode font.
 */
static size_t
encode(struct pdf *p, const char *s, size_t len, char *out)
{
	const unsigned char *u = (const unsigned char *)s, *end = u + len;
	size_t n = 0;

	/* The subset lacks what the walk did not see: draw again with it. */
	if (p->subset)
		while (u < end)
			if (cps_insert(p->cps, next_cp(&u)))
				p->grow = 1;
	u = (const unsigned char *)s;
	if (!p->simple) {
		memmove(out, s, len);
		out[len] = '\0';
		return len;
	}
	while (u < end) {
		int b = cp1252(next_cp(&u));

		if (b < 0) {
			p->redo = 1;
			b = '?';
		}
		out[n++] = (char)b;
	}
	out[n] = '\0';
	return n;
}

/*
 * The width of UTF-8 s[0, len) in thousandths of the font size: the sum
 * of its characters' widths, so that the width of a text is the sum of
 * the widths of its parts.
 */
static HPDF_UINT
units(struct pdf *p, const char *s, size_t len)
{
	char small[256], *buf = len < sizeof(small) ? small : fb_xmalloc(len + 1);
	size_t n = encode(p, s, len, buf);
	HPDF_TextWidth tw = HPDF_Font_TextWidth(p->font, (const HPDF_BYTE *)buf,
	    (HPDF_UINT)n);

	if (buf != small)
		free(buf);
	return tw.width;
}

/* Thousandths of the font size as points at size. */
static float
points(HPDF_UINT n, float size)
{
	return (float)n * size / 1000.0f;
}

static void
gray(struct pdf *p, float g)
{
	p->gray = g;
	HPDF_Page_SetGrayFill(p->page, g);
}

enum align { LEFT, RIGHT, CENTER };

static void
text(struct pdf *p, int bold, float size, float x, float y, const char *s,
     enum align a)
{
	char *c = clean(s);
	size_t len = strlen(c);
	float w;

	if (*c == '\0') {
		free(c);
		return;
	}
	/* In place: the Windows-1252 text is never longer than its UTF-8. */
	len = encode(p, c, len, c);
	w = points(HPDF_Font_TextWidth(p->font, (const HPDF_BYTE *)c,
	    (HPDF_UINT)len).width, size);
	if (a == RIGHT)
		x -= w;
	else if (a == CENTER)
		x -= w / 2;
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, p->font, size);
	if (bold) {
		HPDF_Page_SetGrayStroke(p->page, p->gray);
		HPDF_Page_SetLineWidth(p->page, size * 0.035f);
		HPDF_Page_SetTextRenderingMode(p->page, HPDF_FILL_THEN_STROKE);
	}
	HPDF_Page_TextOut(p->page, x, y, c);
	if (bold)
		HPDF_Page_SetTextRenderingMode(p->page, HPDF_FILL);
	HPDF_Page_EndText(p->page);
	free(c);
}

/* Byte length of the UTF-8 sequence starting at s. */
static size_t
seqlen(const char *s)
{
	unsigned c = (unsigned char)*s;

	return c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
}

/*
 * Break s into lines no wider than w: at spaces when a word fits, else
 * inside the word (between characters).  A line's width grows by each
 * character's, measured once.
 */
static char **
wrap(struct pdf *p, float size, const char *s, float w, size_t *n)
{
	char *c = clean(s), *q = c, **v = NULL;
	size_t alloc = 0;

	*n = 0;
	do {
		size_t len = strlen(q), fit = 0, brk = 0;
		HPDF_UINT sum = 0;

		while (fit < len) {
			size_t next = fit + seqlen(q + fit);
			HPDF_UINT cw;

			if (next > len)
				next = len;
			cw = units(p, q + fit, next - fit);
			if (points(sum + cw, size) > w)
				break;
			sum += cw;
			fit = next;
			if (q[fit] == ' ' || q[fit] == '\0')
				brk = fit;
		}
		if (fit < len && brk > 0)
			fit = brk;
		if (fit == 0)
			fit = seqlen(q) < len ? seqlen(q) : len;
		fb_xgrow(&v, &alloc, *n + 1, sizeof(*v));
		v[(*n)++] = fb_xstrndup(q, fit);
		q += fit;
		while (*q == ' ')
			q++;
	} while (*q != '\0');
	free(c);
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

/* The logo at path top left, at most LOGO_W by LOGO_H; returns its height. */
static float
logo(struct pdf *p, const char *path, float top)
{
	HPDF_Image img;
	unsigned char head[4];
	FILE *fp;
	size_t n;
	float w, h, scale;

	if (path == NULL || *path == '\0')
		return 0;
	/* PNG or JPEG, by the first bytes (config set checked it was one). */
	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	if (n == sizeof(head) && head[0] == 0xff && head[1] == 0xd8)
		img = HPDF_LoadJpegImageFromFile(p->doc, path);
	else
		img = HPDF_LoadPngImageFromFile(p->doc, path);
	if (img == NULL)
		return 0;
	w = (float)HPDF_Image_GetWidth(img);
	h = (float)HPDF_Image_GetHeight(img);
	if (w <= 0 || h <= 0)
		return 0;
	scale = LOGO_H / h < LOGO_W / w ? LOGO_H / h : LOGO_W / w;
	HPDF_Page_DrawImage(p->page, img, MARGIN, top - h * scale, w * scale,
	    h * scale);
	return h * scale;
}

static void
first_header(struct pdf *p)
{
	const struct fb_invoice *inv = p->inv;
	float top = p->ph - MARGIN, right = p->pw - MARGIN, ly, ry;
	float lx = right - 220;
	int credit = fb_export_is_credit(inv);
	const char *label;
	char *t;

	/* Logo and company, top left. */
	p->y = top - logo(p, p->inv->logo, top);
	if (p->y < top)
		p->y -= 8;
	p->y -= 16;
	text(p, 1, 16, MARGIN, p->y, inv->company_name, LEFT);
	p->y -= 16;
	block_lines(p, MARGIN, "", inv->company_address);
	block_lines(p, MARGIN, "", inv->company_phone);
	block_lines(p, MARGIN, "", inv->company_email);
	block_lines(p, MARGIN, "", inv->company_website);
	block_lines(p, MARGIN, "Tax ID: ", inv->company_tax_id);
	ly = p->y;

	/* Title and details, top right. */
	ry = top - 18;
	text(p, 1, 20, right, ry, credit ? "CREDIT NOTE" : "INVOICE", RIGHT);
	ry -= 22;
	detail_row(p, lx, right, ry, credit ? "Credit note no." : "Invoice no.", p->title);
	ry -= LEADING;
	if (credit && inv->credit_of_number != NULL) {
		detail_row(p, lx, right, ry, "Credit for invoice", inv->credit_of_number);
		ry -= LEADING;
	}
	if (inv->ref != NULL) {
		detail_row(p, lx, right, ry, "Your reference", inv->ref);
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
	if (fb_export_service(inv, &label, &t)) {
		detail_row(p, lx, right, ry, label, t);
		free(t);
		ry -= LEADING;
	}
	detail_row(p, lx, right, ry, "Currency", inv->currency);
	ry -= LEADING;
	if (inv->status != NULL && (strcmp(inv->status, "void") == 0 ||
	    strcmp(inv->status, "paid") == 0 || strcmp(inv->status, "draft") == 0)) {
		t = fb_xstrdup(inv->status);
		for (char *c = t; *c; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
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

/* Room for h more points on this page, else a new page with the header. */
static void
need(struct pdf *p, const struct cols *c, float h)
{
	if (p->y - h >= MARGIN + FOOTER)
		return;
	new_page(p);
	continued_header(p);
	if (c != NULL)
		table_header(p, c);
}

/* A job's heading over its lines: "Job 8: Printer offline" and its details. */
static void
job_heading(struct pdf *p, const struct cols *c, const struct fb_invoice_job *j)
{
	char *title = fb_export_job_title(j), *detail = fb_export_job_detail(j);

	/* The heading and at least a first line together, never a heading alone. */
	need(p, c, 2 * LEADING + 60);
	p->y -= 12;
	text(p, 1, 10, c->desc_x, p->y, title, LEFT);
	if (detail != NULL) {
		p->y -= LEADING;
		gray(p, 0.35f);
		text(p, 0, 8, c->desc_x, p->y, detail, LEFT);
		gray(p, 0);
	}
	p->y -= 8;
	free(title);
	free(detail);
}

static void
line_row(struct pdf *p, const struct cols *c, const struct fb_invoice_line *l)
{
	char **desc, **notes = NULL, *qty, *rate, *amt, *m, *d, *detail = NULL;
	size_t n, nnotes = 0;
	float h;

	d = fb_export_line_desc(l, p->cur);
	desc = wrap(p, BODY_SIZE, d, c->desc_w, &n);
	free(d);
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
		detail = fb_xasprintf("Actual time %s", m);
		free(m);
	}
	/* The entries' notes, one a line, each wrapped to the column. */
	if (p->inv->show_notes && l->notes != NULL) {
		size_t anotes = 0;

		for (const char *q = l->notes; q != NULL && *q; ) {
			const char *nl = strchr(q, '\n');
			char *one = fb_xstrndup(q, nl ? (size_t)(nl - q) : strlen(q)), **v;
			size_t k;

			v = wrap(p, 7.5f, one, c->desc_w - 8, &k);
			for (size_t i = 0; i < k; i++) {
				fb_xgrow(&notes, &anotes, nnotes + 1, sizeof(*notes));
				notes[nnotes++] = v[i];
			}
			free(v);
			free(one);
			q = nl ? nl + 1 : NULL;
		}
	}

	h = (float)n * LEADING + (detail ? 10 : 0) + (float)nnotes * 9 + 6;
	need(p, c, h);
	p->y -= BODY_SIZE;
	text(p, 0, BODY_SIZE, c->qty_r, p->y, qty, RIGHT);
	text(p, 0, BODY_SIZE, c->rate_r, p->y, rate, RIGHT);
	text(p, 0, BODY_SIZE, c->amt_r, p->y, amt, RIGHT);
	for (size_t i = 0; i < n; i++) {
		text(p, 0, BODY_SIZE, c->desc_x, p->y, desc[i], LEFT);
		if (i + 1 < n)
			p->y -= LEADING;
	}
	if (detail != NULL) {
		p->y -= 10;
		gray(p, 0.4f);
		text(p, 0, 7.5f, c->desc_x, p->y, detail, LEFT);
		gray(p, 0);
	}
	for (size_t i = 0; i < nnotes; i++) {
		p->y -= 9;
		gray(p, 0.3f);
		text(p, 0, 7.5f, c->desc_x + 8, p->y, notes[i], LEFT);
		gray(p, 0);
	}
	p->y -= 6;
	rule(p, MARGIN, p->pw - MARGIN, p->y, 0.8f, 0.5f);
	p->y -= 2.5f;
	strv_free(desc, n);
	strv_free(notes, nnotes);
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
	struct fb_invoice_tax fallback;
	size_t ntaxes;
	const struct fb_invoice_tax *taxes = fb_export_taxes(inv, &fallback, &ntaxes);
	float lx = p->pw - MARGIN - 220, h = 16 + 8 + 14 + (showpaid ? 30 : 0) + 4;
	char *s, *r;

	for (size_t i = 0; i < ntaxes; i++)
		if (fb_export_tax_shown(&taxes[i]))
			h += 15;
	need(p, NULL, h);
	p->y -= 16;
	s = fb_money_format_human(inv->subtotal, p->cur);
	detail_row(p, lx, c->amt_r, p->y, "Subtotal", s);
	free(s);
	for (size_t i = 0; i < ntaxes; i++) {
		if (!fb_export_tax_shown(&taxes[i]))
			continue;
		p->y -= 15;
		s = fb_export_tax_label(&taxes[i], p->cur);
		r = fb_money_format_human(taxes[i].amount, p->cur);
		detail_row(p, lx, c->amt_r, p->y, s, r);
		free(s);
		free(r);
	}
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

/* A paragraph (lines split at newlines, then wrapped) under an optional title. */
static void
paragraph(struct pdf *p, const char *title, const char *s)
{
	const char *q = s;

	if (s == NULL || *s == '\0')
		return;
	if (title != NULL) {
		need(p, NULL, 2 * LEADING);
		text(p, 1, BODY_SIZE, MARGIN, p->y, title, LEFT);
		p->y -= LEADING;
	}
	while (q != NULL) {
		const char *nl = strchr(q, '\n');
		char *one = fb_xstrndup(q, nl ? (size_t)(nl - q) : strlen(q)), **v;
		size_t n;

		v = wrap(p, BODY_SIZE, one, p->pw - 2 * MARGIN, &n);
		for (size_t i = 0; i < n; i++) {
			need(p, NULL, LEADING);
			text(p, 0, BODY_SIZE, MARGIN, p->y, v[i], LEFT);
			p->y -= LEADING;
		}
		strv_free(v, n);
		free(one);
		q = nl ? nl + 1 : NULL;
	}
	p->y -= 6;
}

static void
footers(struct pdf *p)
{
	const char *footer = p->inv->footer;

	for (size_t i = 0; i < p->npages; i++) {
		char *t = fb_xasprintf("Page %zu of %zu", i + 1, p->npages);

		p->page = p->pages[i];
		rule(p, MARGIN, p->pw - MARGIN, MARGIN - 8, 0.7f, 0.5f);
		gray(p, 0.4f);
		text(p, 0, 7.5f, MARGIN, MARGIN - 20, p->inv->company_name, LEFT);
		text(p, 0, 7.5f, p->pw / 2, MARGIN - 20, p->title, CENTER);
		text(p, 0, 7.5f, p->pw - MARGIN, MARGIN - 20, t, RIGHT);
		if (footer != NULL && *footer != '\0') {
			char **v;
			size_t n;

			/* At most two lines fit under the rule. */
			v = wrap(p, 7.5f, footer, p->pw - 2 * MARGIN, &n);
			for (size_t k = 0; k < n && k < 2; k++)
				text(p, 0, 7.5f, p->pw / 2, MARGIN - 30 - 9 * (float)k, v[k],
				    CENTER);
			strv_free(v, n);
		}
		gray(p, 0);
		free(t);
	}
}

/*
 * What the check of a document's texts learns: the first character the
 * font lacks, and whether every character is in Windows-1252.
 */
struct scan {
	const struct fb_ttf *f;
	uint32_t missing;
	int cp1252;
	struct cps cps;		/* every code point seen */
};

/* One text, as the PDF shows it. */
static void
scan(struct scan *sc, const char *s)
{
	char *e;

	if (s == NULL || sc->missing != 0)
		return;
	e = fb_escape(s, 1);
	sc->missing = fb_ttf_missing(sc->f, e);
	if (sc->cp1252)
		sc->cp1252 = all_cp1252(e);
	for (const unsigned char *u = (const unsigned char *)e; *u; )
		cps_add(&sc->cps, next_cp(&u));
	free(e);
}

/*
 * The characters fixbill itself draws: labels, figures, the '·' between
 * a job's details ("×" comes with a line's description).
 */
#define DRAWN "0123456789.,:;-+()%/ ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
	"abcdefghijklmnopqrstuvwxyz\xc2\xb7"

/* Every text the invoice may print. */
static void
scan_invoice(struct scan *sc, const struct fb_invoice *inv)
{
	const char *fields[] = {
		inv->company_name, inv->company_address, inv->company_email,
		inv->company_tax_id, inv->company_phone, inv->company_website,
		inv->client_name, inv->client_address, inv->client_email,
		inv->client_tax_id, inv->ref, inv->note, inv->payment, inv->footer,
		inv->void_reason, inv->number, inv->credit_of_number, inv->period,
		inv->currency, DRAWN,
	};

	for (size_t i = 0; i < FB_ARRAY_SIZE(fields); i++)
		scan(sc, fields[i]);
	for (size_t i = 0; i < inv->nlines; i++) {
		scan(sc, inv->lines[i].description);
		if (inv->show_notes)
			scan(sc, inv->lines[i].notes);
	}
	for (size_t i = 0; i < inv->njobs; i++) {
		scan(sc, inv->jobs[i].title);
		scan(sc, inv->jobs[i].po);
		scan(sc, inv->jobs[i].techs);
	}
	for (size_t i = 0; i < inv->ntaxes; i++)
		scan(sc, inv->taxes[i].name);
}

/*
 * The font at path, read and checked once per process: the file is read
 * again only when path names another file or the file has changed (its
 * device, inode, size, modification or change time differ).  The font
 * stays this module's, valid until the next call; NULL, with err set as
 * fb_ttf_open sets it, when it cannot be used.  Not for threads.
 */
static const struct fb_ttf *
font_open(const char *path, struct fb_err *err)
{
	static struct {
		char *path;
		struct stat sb;
		int reuse;	/* sb is what the file was when read */
		struct fb_ttf ttf;
	} c;
	struct fb_ttf f;
	struct stat sb;
	int known = stat(path, &sb) == 0;

	if (known && c.reuse && strcmp(c.path, path) == 0 &&
	    sb.st_dev == c.sb.st_dev && sb.st_ino == c.sb.st_ino &&
	    sb.st_size == c.sb.st_size &&
	    sb.st_mtim.tv_sec == c.sb.st_mtim.tv_sec &&
	    sb.st_mtim.tv_nsec == c.sb.st_mtim.tv_nsec &&
	    sb.st_ctim.tv_sec == c.sb.st_ctim.tv_sec &&
	    sb.st_ctim.tv_nsec == c.sb.st_ctim.tv_nsec)
		return &c.ttf;
	if (fb_ttf_open(&f, path, err) < 0)
		return NULL;
	fb_ttf_release(&c.ttf);
	free(c.path);
	c.ttf = f;
	c.path = fb_xstrdup(path);
	/*
	 * What the file was before it was read: one that changed while it
	 * was read differs from it next time, and is read again.
	 */
	c.sb = sb;
	c.reuse = known;
	return &c.ttf;
}

/*
 * The subset of p->ttf to p->cps loaded into the document (libharu reads
 * fonts from files only: from a temporary file of ours, removed at once,
 * libharu keeping it open); its name, or NULL.
 */
static const char *
load_subset(struct pdf *p)
{
	struct fb_err e = FB_ERR_INIT;
	struct fb_buf b = FB_BUF_INIT;
	const char *name = NULL;
	char *tmp = NULL;

	fb_buf_init(&b);
	if (fb_ttf_subset(p->ttf, p->cps->v, p->cps->n, &b, &e) == 0 &&
	    (tmp = fb_output_scratch(b.buf, b.len, &e)) != NULL)
		name = HPDF_LoadTTFontFromFile(p->doc, tmp, HPDF_TRUE);
	fb_output_scratch_remove(tmp);
	fb_err_release(&e);
	fb_buf_release(&b);
	return name;
}

/*
 * The font, simple or Unicode as p->simple says: the subset while
 * p->subset, else (or when the subset cannot be made or loaded) the
 * whole file.
 */
static int
setup(struct pdf *p, const char *font, int collection, struct fb_err *err)
{
	const char *name;

	for (;;) {
		p->doc = HPDF_New(on_error, p);
		if (p->doc == NULL)
			return fb_err_set(err, FB_ERR_RUNTIME, "cannot create PDF document");
		HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
		if (!p->simple)
			HPDF_UseUTFEncodings(p->doc);
		if (p->subset)
			name = load_subset(p);
		else
			name = collection ?
			    HPDF_LoadTTFontFromFile2(p->doc, font, 0, HPDF_TRUE) :
			    HPDF_LoadTTFontFromFile(p->doc, font, HPDF_TRUE);
		p->font = NULL;
		if (name != NULL)
			p->font = HPDF_GetFont(p->doc, name,
			    p->simple ? "WinAnsiEncoding" : "UTF-8");
		if (!p->subset || (p->error == 0 && p->font != NULL))
			break;
		/* No subset: the whole font, as before there was one. */
		HPDF_Free(p->doc);
		p->doc = NULL;
		p->error = p->detail = 0;
		p->subset = 0;
	}
	if (p->error != 0 || p->font == NULL)
		return fb_err_set(err, FB_ERR_RUNTIME,
				  "cannot use font '%s': libharu error 0x%04X", font,
				  (unsigned)p->error);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "fixbill");
	return 0;
}

/*
 * Set up the document, draw it and write it to path; drawn again with
 * the Unicode font when the simple one met a character it lacks.
 */
static int
render(struct pdf *p, const char *font, int collection,
       void (*draw)(struct pdf *, const void *), const void *arg, const char *path,
       struct fb_err *err)
{
	int rc = 0;

	p->subset = p->ttf != NULL;
	for (;;) {
		p->redo = p->grow = 0;
		if (setup(p, font, collection, err) == -1) {
			rc = -1;
			goto out;
		}
		draw(p, arg);
		if (!(p->redo && p->simple) && !(p->grow && p->subset))
			break;
		HPDF_Free(p->doc);
		p->doc = NULL;
		p->npages = 0;
		p->error = p->detail = 0;
		if (p->redo)
			p->simple = 0;
		p->subset = p->ttf != NULL;
	}
	if (p->error == 0)
		HPDF_SaveToFile(p->doc, path);
	if (p->error != 0)
		rc = fb_err_set(err, FB_ERR_RUNTIME,
				"cannot write '%s': libharu error 0x%04X (detail %u)",
				path, (unsigned)p->error, (unsigned)p->detail);
out:
	if (p->doc != NULL)
		HPDF_Free(p->doc);
	p->doc = NULL;
	return rc;
}

static void
draw_invoice(struct pdf *p, const void *arg)
{
	const struct fb_invoice *inv = arg;
	struct cols c;
	int64_t job = -1;

	c.amt_r = p->pw - MARGIN - 4;
	c.rate_r = c.amt_r - 90;
	c.qty_r = c.rate_r - 75;
	c.desc_x = MARGIN + 4;
	c.desc_w = c.qty_r - 50 - c.desc_x;

	new_page(p);
	first_header(p);
	table_header(p, &c);
	for (size_t i = 0; i < inv->nlines; i++) {
		const struct fb_invoice_line *l = &inv->lines[i];
		const struct fb_invoice_job *j;

		if (l->job_id != job && (j = fb_invoice_job(inv, l->job_id)) != NULL)
			job_heading(p, &c, j);
		else if (l->job_id != job && job > 0 && l->job_id == 0)
			p->y -= 6;	/* lines of no job: set off from the last job */
		job = l->job_id;
		line_row(p, &c, l);
	}
	totals(p, &c);
	paragraph(p, NULL, inv->note);
	if (!fb_export_is_credit(inv))
		paragraph(p, "Payment", inv->payment);
	{
		char *closing = fb_export_closing(inv);

		paragraph(p, NULL, closing);
		free(closing);
	}
	footers(p);
}

static int
invoice_pdf(const struct fb_invoice *inv, const char *paper, const char *path,
	    int unicode, struct fb_err *err)
{
	const char *font = inv->font && *inv->font ? inv->font : FB_EXPORT_DEFAULT_FONT;
	const struct fb_ttf *ttf;
	struct scan sc;
	struct pdf p;
	int rc, collection;

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
	/* Every character must be drawable before a byte is written. */
	if ((ttf = font_open(font, err)) == NULL) {
		if (inv->font == NULL)
			fb_err_hint(err, "install fonts-dejavu-core, or set invoice.font");
		return -1;
	}
	collection = memcmp(ttf->data, "ttcf", 4) == 0;
	memset(&sc, 0, sizeof(sc));
	sc.f = ttf;
	sc.cp1252 = !unicode;
	scan_invoice(&sc, inv);
	if (sc.missing != 0) {
		char *name = fb_export_title(inv);

		fb_err_set(err, FB_ERR_RUNTIME, "cannot export '%s': no glyph for U+%04X in %s:"
			   " set invoice.font", inv->number ? inv->number : name,
			   (unsigned)sc.missing, ttf->family);
		fb_err_hint(err, "'fixbill config set invoice.font FILE' names a TrueType"
			    " font that has it");
		free(name);
		rc = -1;
		goto out;
	}
	if ((rc = fb_lazy_pdf(err)) == -1)
		goto out;
	p.inv = inv;
	p.cur = inv->currency;
	p.title = fb_export_title(inv);
	p.simple = sc.cp1252;
	cps_sort(&sc.cps);
	p.ttf = ttf;
	p.cps = &sc.cps;
	rc = render(&p, font, collection, draw_invoice, inv, path, err);
	free(p.pages);
	free(p.title);
out:
	free(sc.cps.v);
	return rc;
}

int
fb_export_invoice_pdf(const struct fb_invoice *inv, const char *paper,
		      const char *path, struct fb_err *err)
{
	return invoice_pdf(inv, paper, path, 0, err);
}

int
fb_export_invoice_pdf_unicode(const struct fb_invoice *inv, const char *paper,
			      const char *path, struct fb_err *err)
{
	return invoice_pdf(inv, paper, path, 1, err);
}

/*
 * A statement of account (statement.h), drawn with the same font, page
 * and text machinery as an invoice: the company and the client, the
 * range and currency, a table of dated lines with the running balance
 * between an opening and a closing row, and the aging that adds up to
 * the closing balance.  Each currency starts a page of its own.
 */
struct stcols {
	float date_x, kind_x, ref_x, amt_r, bal_r;
};

static void
st_table_header(struct pdf *p, const struct stcols *c)
{
	float h = 18;

	gray(p, 0.88f);
	HPDF_Page_Rectangle(p->page, MARGIN, p->y - h, p->pw - 2 * MARGIN, h);
	HPDF_Page_Fill(p->page);
	gray(p, 0);
	p->y -= 12.5f;
	text(p, 1, BODY_SIZE, c->date_x, p->y, "Date", LEFT);
	text(p, 1, BODY_SIZE, c->kind_x, p->y, "Item", LEFT);
	text(p, 1, BODY_SIZE, c->ref_x, p->y, "Reference", LEFT);
	text(p, 1, BODY_SIZE, c->amt_r, p->y, "Amount", RIGHT);
	text(p, 1, BODY_SIZE, c->bal_r, p->y, "Balance", RIGHT);
	p->y -= 5.5f + 4;
}

/* A new page of the same statement: a short heading and the table header. */
static void
st_need(struct pdf *p, const struct fb_statement *s, const struct stcols *c, float h)
{
	char *t;

	if (p->y - h >= MARGIN + FOOTER)
		return;
	new_page(p);
	p->y = p->ph - MARGIN - 10;
	t = fb_xasprintf("Statement for %s, %s (continued)", s->client_name, s->currency);
	text(p, 1, 10, MARGIN, p->y, s->company_name, LEFT);
	text(p, 0, 10, p->pw - MARGIN, p->y, t, RIGHT);
	free(t);
	p->y -= 28;
	if (c != NULL)
		st_table_header(p, c);
}

static const char *
st_kind(const char *kind)
{
	static const char *const k[][2] = {
		{ "invoice", "Invoice" }, { "credit_note", "Credit note" },
		{ "payment", "Payment" }, { "refund", "Refund" },
		{ "reversal", "Payment reversed" },
	};

	for (size_t i = 0; i < FB_ARRAY_SIZE(k); i++)
		if (strcmp(kind, k[i][0]) == 0)
			return k[i][1];
	return kind;
}

static void
st_row(struct pdf *p, const struct stcols *c, const char *date, const char *kind,
       const char *ref, const int64_t *amount, int64_t balance, const char *cur, int bold)
{
	char *a = amount ? fb_money_format_human(*amount, cur) : NULL;
	char *b = fb_money_format_human(balance, cur);

	p->y -= BODY_SIZE;
	text(p, 0, BODY_SIZE, c->date_x, p->y, date ? date : "", LEFT);
	text(p, bold, BODY_SIZE, c->kind_x, p->y, kind, LEFT);
	text(p, 0, BODY_SIZE, c->ref_x, p->y, ref ? ref : "", LEFT);
	if (a)
		text(p, 0, BODY_SIZE, c->amt_r, p->y, a, RIGHT);
	text(p, bold, BODY_SIZE, c->bal_r, p->y, b, RIGHT);
	p->y -= 6;
	rule(p, MARGIN, p->pw - MARGIN, p->y, 0.8f, 0.5f);
	p->y -= 2.5f;
	free(a);
	free(b);
}

static void
st_page(struct pdf *p, const struct fb_statement *s, const struct stcols *c)
{
	static const char *const heads[] = {
		"Current", "1-30 days", "31-60 days", "61-90 days", "Over 90", "Credit", "Balance due"
	};
	float top = p->ph - MARGIN, right = p->pw - MARGIN, lx = right - 220, ly, ry, colw;
	int64_t v[FB_AGE_N + 2];
	char *t;

	new_page(p);
	p->y = top - logo(p, s->logo, top);
	if (p->y < top)
		p->y -= 8;
	p->y -= 16;
	text(p, 1, 16, MARGIN, p->y, s->company_name, LEFT);
	p->y -= 16;
	block_lines(p, MARGIN, "", s->company_address);
	block_lines(p, MARGIN, "", s->company_email);
	ly = p->y;

	ry = top - 18;
	text(p, 1, 20, right, ry, "STATEMENT", RIGHT);
	ry -= 22;
	detail_row(p, lx, right, ry, "Account", s->client);
	ry -= LEADING;
	if (s->from) {
		detail_row(p, lx, right, ry, "From", s->from);
		ry -= LEADING;
	}
	detail_row(p, lx, right, ry, s->from ? "To" : "Through", s->to);
	ry -= LEADING;
	detail_row(p, lx, right, ry, "Currency", s->currency);
	ry -= LEADING;
	t = fb_money_format_human(s->closing, s->currency);
	gray(p, 0.35f);
	text(p, 0, BODY_SIZE, lx, ry, "Balance", LEFT);
	gray(p, 0);
	text(p, 1, BODY_SIZE, right, ry, t, RIGHT);
	free(t);
	ry -= LEADING;

	p->y = (ly < ry ? ly : ry) - 14;
	gray(p, 0.35f);
	text(p, 1, 8, MARGIN, p->y, "STATEMENT FOR", LEFT);
	gray(p, 0);
	p->y -= 14;
	text(p, 1, 11, MARGIN, p->y, s->client_name, LEFT);
	p->y -= 13;
	block_lines(p, MARGIN, "", s->client_address);
	block_lines(p, MARGIN, "", s->client_email);
	p->y -= 14;

	st_table_header(p, c);
	st_row(p, c, s->from, "Opening balance", NULL, NULL, s->opening, s->currency, 1);
	for (size_t i = 0; i < s->nlines; i++) {
		const struct fb_statement_line *l = &s->lines[i];

		st_need(p, s, c, 2 * LEADING);
		st_row(p, c, l->date, st_kind(l->kind), l->ref, &l->amount, l->balance,
		       s->currency, 0);
	}
	st_need(p, s, c, 2 * LEADING);
	t = fb_xasprintf("Closing balance %s", s->currency);
	st_row(p, c, s->to, t, NULL, NULL, s->closing, s->currency, 1);
	free(t);

	/* The aging: what the open invoices owe by age, less the credit. */
	st_need(p, s, NULL, 70);
	p->y -= 22;
	t = fb_xasprintf("Aging on %s", s->to);
	text(p, 1, BODY_SIZE, MARGIN, p->y, t, LEFT);
	free(t);
	p->y -= 6;
	for (int i = 0; i < FB_AGE_N; i++)
		v[i] = s->aging[i];
	v[FB_AGE_N] = -s->credit;
	v[FB_AGE_N + 1] = s->closing;
	colw = (p->pw - 2 * MARGIN) / (float)FB_ARRAY_SIZE(heads);
	gray(p, 0.88f);
	HPDF_Page_Rectangle(p->page, MARGIN, p->y - 16, p->pw - 2 * MARGIN, 16);
	HPDF_Page_Fill(p->page);
	gray(p, 0);
	p->y -= 11.5f;
	for (size_t i = 0; i < FB_ARRAY_SIZE(heads); i++)
		text(p, 1, 8, MARGIN + colw * (float)(i + 1) - 4, p->y, heads[i], RIGHT);
	p->y -= 4.5f + 13;
	for (size_t i = 0; i < FB_ARRAY_SIZE(heads); i++) {
		char *m = fb_money_format_human(v[i], s->currency);

		text(p, i + 1 == FB_ARRAY_SIZE(heads), BODY_SIZE,
		     MARGIN + colw * (float)(i + 1) - 4, p->y, m, RIGHT);
		free(m);
	}
	p->y -= 8;
	rule(p, MARGIN, p->pw - MARGIN, p->y, 0, 0.8f);
}

static void
st_footers(struct pdf *p, const struct fb_statement *s)
{
	for (size_t i = 0; i < p->npages; i++) {
		char *t = fb_xasprintf("Page %zu of %zu", i + 1, p->npages);
		char *m = fb_xasprintf("Statement %s %s", s->client, s->to);

		p->page = p->pages[i];
		rule(p, MARGIN, p->pw - MARGIN, MARGIN - 8, 0.7f, 0.5f);
		gray(p, 0.4f);
		text(p, 0, 7.5f, MARGIN, MARGIN - 20, s->company_name, LEFT);
		text(p, 0, 7.5f, p->pw / 2, MARGIN - 20, m, CENTER);
		text(p, 0, 7.5f, p->pw - MARGIN, MARGIN - 20, t, RIGHT);
		gray(p, 0);
		free(t);
		free(m);
	}
}

/* The statements of v, in a struct of their own for render. */
struct stdoc {
	const struct fb_statement *v;
	size_t n;
};

static void
draw_statements(struct pdf *p, const void *arg)
{
	const struct stdoc *d = arg;
	struct stcols c;

	c.bal_r = p->pw - MARGIN - 4;
	c.amt_r = c.bal_r - 95;
	c.date_x = MARGIN + 4;
	c.kind_x = c.date_x + 70;
	c.ref_x = c.kind_x + 110;
	for (size_t i = 0; i < d->n; i++) {
		size_t first = p->npages;
		struct pdf q;

		st_page(p, &d->v[i], &c);
		/* Each statement numbers its own pages. */
		q = *p;
		q.pages = p->pages + first;
		q.npages = p->npages - first;
		st_footers(&q, &d->v[i]);
		p->page = q.page;
		p->redo |= q.redo;
	}
}

int
fb_statement_pdf(const struct fb_statement *v, size_t n, const char *paper,
		 const char *path, struct fb_err *err)
{
	const char *font = n > 0 && v[0].font && *v[0].font ? v[0].font :
	    FB_EXPORT_DEFAULT_FONT;
	struct stdoc d = { v, n };
	const struct fb_ttf *ttf;
	struct scan sc;
	struct pdf p;
	int rc, collection;

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
	if ((ttf = font_open(font, err)) == NULL) {
		if (n == 0 || v[0].font == NULL)
			fb_err_hint(err, "install fonts-dejavu-core, or set invoice.font");
		return -1;
	}
	collection = memcmp(ttf->data, "ttcf", 4) == 0;
	/* Every character must be drawable before a byte is written. */
	memset(&sc, 0, sizeof(sc));
	sc.f = ttf;
	sc.cp1252 = 1;
	scan(&sc, DRAWN);
	for (size_t i = 0; i < n; i++) {
		const struct fb_statement *s = &v[i];
		const char *fields[] = {
			s->company_name, s->company_address, s->company_email,
			s->client, s->client_name, s->client_address, s->client_email,
			s->currency, s->from, s->to,
		};

		for (size_t k = 0; k < FB_ARRAY_SIZE(fields); k++)
			scan(&sc, fields[k]);
		for (size_t k = 0; k < s->nlines; k++) {
			scan(&sc, s->lines[k].date);
			scan(&sc, s->lines[k].ref);
		}
	}
	if (sc.missing != 0) {
		fb_err_set(err, FB_ERR_RUNTIME, "cannot write the statement: no glyph for U+%04X"
			   " in %s: set invoice.font", (unsigned)sc.missing, ttf->family);
		fb_err_hint(err, "'fixbill config set invoice.font FILE' names a TrueType"
			    " font that has it");
		rc = -1;
		goto out;
	}
	if ((rc = fb_lazy_pdf(err)) == -1)
		goto out;
	p.simple = sc.cp1252;
	cps_sort(&sc.cps);
	p.ttf = ttf;
	p.cps = &sc.cps;
	rc = render(&p, font, collection, draw_statements, &d, path, err);
	free(p.pages);
out:
	free(sc.cps.v);
	return rc;
}
