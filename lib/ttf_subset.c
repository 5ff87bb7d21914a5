/*
 * ttf_subset.c - a TrueType font cut down to the glyphs one document
 * draws, so that a PDF embeds (and compresses) a few kilobytes of font
 * instead of the whole file.
 *
 * The kept glyphs are .notdef, those the character map gives the
 * document's code points, and every part of a composite glyph among
 * them, recursively.  They are renumbered from 0 in their old order, the
 * parts of composites with them, and described again by a long loca, one
 * full horizontal metric each, a character map of the kept code points
 * only and a post table without glyph names.  name, OS/2 and the hinting
 * tables (cvt, fpgm, prep, which name no glyph) are copied as they are.
 * Every offset read from the font is checked against its table, so a
 * damaged font is an error, never a read out of bounds.
 */
#include "ttf.h"

#include <stdlib.h>
#include <string.h>

/* The composite glyph flags (the glyf table's). */
#define ARG_1_AND_2_ARE_WORDS		0x0001
#define WE_HAVE_A_SCALE			0x0008
#define MORE_COMPONENTS			0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE	0x0040
#define WE_HAVE_A_TWO_BY_TWO		0x0080

/* A table of the font: where it is, and how long. */
struct tab {
	const unsigned char *p;
	size_t len;
};

struct sub {
	const struct fb_ttf *f;
	struct tab head, hhea, maxp, hmtx, loca, glyf, name, os2, post, cvt, fpgm, prep;
	uint32_t nglyphs, nmetrics;
	int longloca;
	unsigned char *keep;	/* per old glyph: kept */
	uint32_t *newid;	/* per old glyph: its new number */
	const unsigned char *closing;	/* the composite glyph being read */
	uint32_t *work;		/* glyphs whose parts are still to be kept */
	size_t nwork, awork;
};

static uint32_t
get16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
get32(const unsigned char *p)
{
	return get16(p) << 16 | get16(p + 2);
}

static void
put16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static void
add16(struct fb_buf *b, uint32_t v)
{
	unsigned char c[2];

	put16(c, v);
	fb_buf_add(b, c, 2);
}

static void
add32(struct fb_buf *b, uint32_t v)
{
	unsigned char c[4];

	put32(c, v);
	fb_buf_add(b, c, 4);
}

/* Table tag of the font, into t; 0 when absent or outside the file. */
static int
find(const struct fb_ttf *f, const char *tag, struct tab *t)
{
	t->p = fb_ttf_table(f, tag, &t->len);
	if (t->p == NULL)
		t->len = 0;
	return t->p != NULL;
}

/* Where old glyph g's outline lies in glyf: [*start, *end); -1 if damaged. */
static int
outline(const struct sub *s, uint32_t g, size_t *start, size_t *end)
{
	if (s->longloca) {
		*start = get32(s->loca.p + (size_t)g * 4);
		*end = get32(s->loca.p + (size_t)g * 4 + 4);
	} else {
		*start = (size_t)get16(s->loca.p + (size_t)g * 2) * 2;
		*end = (size_t)get16(s->loca.p + (size_t)g * 2 + 2) * 2;
	}
	if (*start > *end || *end > s->glyf.len)
		return -1;
	return 0;
}

/*
 * Visit each component of composite glyph [p, p + len): fn with the
 * offset of its glyph index.  -1 when the glyph is damaged.
 */
static int
components(const unsigned char *p, size_t len,
	   int (*fn)(struct sub *, unsigned char *, size_t), struct sub *s,
	   unsigned char *out)
{
	size_t at = 10;
	uint32_t flags;

	do {
		size_t need;

		if (at + 4 > len)
			return -1;
		flags = get16(p + at);
		if (fn(s, out, at + 2) < 0)
			return -1;
		need = 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2) +
		    (flags & WE_HAVE_A_SCALE ? 2 : flags & WE_HAVE_AN_X_AND_Y_SCALE ? 4 :
		     flags & WE_HAVE_A_TWO_BY_TWO ? 8 : 0);
		if (need > len - at)
			return -1;
		at += need;
	} while (flags & MORE_COMPONENTS);
	return 0;
}

static int
mark(struct sub *s, unsigned char *out, size_t at)
{
	uint32_t g = get16(s->closing + at);

	(void)out;
	if (g >= s->nglyphs)
		return -1;
	if (!s->keep[g]) {
		s->keep[g] = 1;
		fb_xgrow(&s->work, &s->awork, s->nwork + 1, sizeof(*s->work));
		s->work[s->nwork++] = g;
	}
	return 0;
}

static int
renumber(struct sub *s, unsigned char *out, size_t at)
{
	put16(out + at, s->newid[get16(out + at)]);
	return 0;
}

/* Keep glyph g and, when composite, its parts. */
static int
keep(struct sub *s, uint32_t g)
{
	int rc = 0;

	if (g >= s->nglyphs)
		return -1;
	if (s->keep[g])
		return 0;
	s->keep[g] = 1;
	s->nwork = 0;
	fb_xgrow(&s->work, &s->awork, 1, sizeof(*s->work));
	s->work[s->nwork++] = g;
	while (rc == 0 && s->nwork > 0) {
		size_t start, end;

		g = s->work[--s->nwork];
		if (outline(s, g, &start, &end) < 0) {
			rc = -1;
			break;
		}
		if (end - start < 10 || (get16(s->glyf.p + start) & 0x8000) == 0)
			continue;
		s->closing = s->glyf.p + start;
		rc = components(s->closing, end - start, mark, s, NULL);
	}
	return rc;
}

/* Append table t (padded to 4 bytes) to b, with its directory entry at dir. */
static void
add_table(struct fb_buf *b, unsigned char *dir, const char *tag, const void *data,
	  size_t len)
{
	uint32_t sum = 0;
	size_t off = b->len;
	const unsigned char *p;

	fb_buf_add(b, data, len);
	while (b->len % 4 != 0)
		fb_buf_addc(b, 0);
	p = (const unsigned char *)b->buf + off;
	for (size_t i = 0; i < b->len - off; i += 4)
		sum += get32(p + i);
	memcpy(dir, tag, 4);
	put32(dir + 4, sum);
	put32(dir + 8, (uint32_t)off);
	put32(dir + 12, (uint32_t)len);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The character map: a (3,1) format 4 subtable of the kept code points
 * up to U+FFFF, and a (3,10) format 12 one of them all when any is above.
 */
static void
make_cmap(struct fb_buf *b, const uint32_t *cp, const uint32_t *gid, size_t n)
{
	size_t nbmp = 0, nseg = 0, sub4, len4, sub12 = 0;
	uint32_t range = 1, log2 = 0;
	int wide;

	while (nbmp < n && cp[nbmp] <= 0xffff)
		nbmp++;
	wide = nbmp < n;
	/* Runs of consecutive code points with consecutive glyphs, and 0xFFFF. */
	for (size_t i = 0; i < nbmp; i++)
		if (i == 0 || cp[i] != cp[i - 1] + 1 || gid[i] != gid[i - 1] + 1)
			nseg++;
	if (nbmp == 0 || cp[nbmp - 1] != 0xffff)
		nseg++;
	while (range * 2 <= nseg) {
		range *= 2;
		log2++;
	}
	len4 = 16 + nseg * 8;
	sub4 = 4 + (wide ? 2 : 1) * 8;
	add16(b, 0);
	add16(b, wide ? 2 : 1);
	add16(b, 3);
	add16(b, 1);
	add32(b, (uint32_t)sub4);
	if (wide) {
		sub12 = sub4 + len4;
		add16(b, 3);
		add16(b, 10);
		add32(b, (uint32_t)sub12);
	}
	add16(b, 4);
	add16(b, (uint32_t)len4);
	add16(b, 0);
	add16(b, (uint32_t)nseg * 2);
	add16(b, range * 2);
	add16(b, log2);
	add16(b, (uint32_t)(nseg * 2 - range * 2));
	for (int pass = 0; pass < 4; pass++) {
		if (pass == 1)
			add16(b, 0);	/* reservedPad */
		for (size_t i = 0; i < nbmp; i++) {
			size_t j = i;

			if (!(i == 0 || cp[i] != cp[i - 1] + 1 || gid[i] != gid[i - 1] + 1))
				continue;
			while (j + 1 < nbmp && cp[j + 1] == cp[j] + 1 && gid[j + 1] == gid[j] + 1)
				j++;
			add16(b, pass == 0 ? cp[j] : pass == 1 ? cp[i] :
			      pass == 2 ? (gid[i] - cp[i]) & 0xffff : 0);
		}
		if (nbmp == 0 || cp[nbmp - 1] != 0xffff)
			add16(b, pass == 0 || pass == 1 ? 0xffff : pass == 2 ? 1 : 0);
	}
	if (wide) {
		size_t ngroups = 0;

		for (size_t i = 0; i < n; i++)
			if (i == 0 || cp[i] != cp[i - 1] + 1 || gid[i] != gid[i - 1] + 1)
				ngroups++;
		add16(b, 12);
		add16(b, 0);
		add32(b, (uint32_t)(16 + ngroups * 12));
		add32(b, 0);
		add32(b, (uint32_t)ngroups);
		for (size_t i = 0; i < n; i++) {
			size_t j = i;

			if (!(i == 0 || cp[i] != cp[i - 1] + 1 || gid[i] != gid[i - 1] + 1))
				continue;
			while (j + 1 < n && cp[j + 1] == cp[j] + 1 && gid[j + 1] == gid[j] + 1)
				j++;
			add32(b, cp[i]);
			add32(b, cp[j]);
			add32(b, gid[i]);
		}
	}
}

/*
 * The name table with only the names a PDF reader may show or look up
 * (copyright, family, style, unique id, full name, version, PostScript
 * name: ids 0 to 6); the licence text and the rest stay in the file the
 * font came from.  Records outside the table are dropped.
 */
static void
make_name(struct fb_buf *b, const struct tab *t)
{
	struct fb_buf rec = FB_BUF_INIT, str = FB_BUF_INIT;
	size_t count, strings, nkept = 0;

	fb_buf_init(&rec);
	fb_buf_init(&str);
	count = t->len >= 6 ? get16(t->p + 2) : 0;
	strings = t->len >= 6 ? get16(t->p + 4) : 0;
	if (t->len < 6 || count * 12 > t->len - 6)
		count = 0;
	for (size_t i = 0; i < count; i++) {
		const unsigned char *r = t->p + 6 + i * 12;
		size_t len = get16(r + 8), off = strings + get16(r + 10);

		if (get16(r + 6) > 6 || off > t->len || len > t->len - off ||
		    str.len + len > 0xffff)
			continue;
		fb_buf_add(&rec, r, 8);
		add16(&rec, (uint32_t)len);
		add16(&rec, (uint32_t)str.len);
		fb_buf_add(&str, t->p + off, len);
		nkept++;
	}
	add16(b, 0);
	add16(b, (uint32_t)nkept);
	add16(b, (uint32_t)(6 + nkept * 12));
	fb_buf_add(b, fb_buf_str(&rec), rec.len);
	fb_buf_add(b, fb_buf_str(&str), str.len);
	fb_buf_release(&rec);
	fb_buf_release(&str);
}

static int
fail(struct fb_err *err, const struct fb_ttf *f, const char *why)
{
	return fb_err_set(err, FB_ERR_RUNTIME, "cannot subset font '%s': %s",
			  f->family ? f->family : "?", why);
}

int
fb_ttf_subset(const struct fb_ttf *f, const uint32_t *cps, size_t n,
	      struct fb_buf *out, struct fb_err *err)
{
	struct sub s;
	uint32_t *cp = NULL, *gid = NULL, nkept = 0, sum = 0;
	size_t ncp = 0;
	struct fb_buf glyf = FB_BUF_INIT, loca = FB_BUF_INIT, hmtx = FB_BUF_INIT,
		cmap = FB_BUF_INIT, name = FB_BUF_INIT, font = FB_BUF_INIT;
	unsigned char head[54], hhea[36], maxp[32], post[32], dir[13 * 16];
	size_t ntab = 0, dirat;
	const char *why = NULL;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	s.f = f;
	if (!find(f, "head", &s.head) || !find(f, "hhea", &s.hhea) ||
	    !find(f, "maxp", &s.maxp) || !find(f, "hmtx", &s.hmtx) ||
	    !find(f, "loca", &s.loca) || !find(f, "glyf", &s.glyf) ||
	    !find(f, "name", &s.name) || !find(f, "OS/2", &s.os2))
		return fail(err, f, "a table it needs is missing");
	find(f, "post", &s.post);
	find(f, "cvt ", &s.cvt);
	find(f, "fpgm", &s.fpgm);
	find(f, "prep", &s.prep);
	if (s.head.len < 54 || s.hhea.len < 36 || s.maxp.len < 6 ||
	    s.maxp.len > sizeof(maxp))
		return fail(err, f, "a table is cut short");
	s.nglyphs = get16(s.maxp.p + 4);
	s.nmetrics = get16(s.hhea.p + 34);
	s.longloca = get16(s.head.p + 50) != 0;
	if (s.nglyphs == 0 || s.nmetrics == 0 || s.nmetrics > s.nglyphs ||
	    s.hmtx.len < (size_t)s.nmetrics * 4 + (size_t)(s.nglyphs - s.nmetrics) * 2 ||
	    s.loca.len < ((size_t)s.nglyphs + 1) * (s.longloca ? 4 : 2))
		return fail(err, f, "its glyph tables do not agree");

	s.keep = fb_xcalloc(s.nglyphs, 1);
	s.newid = fb_xcalloc(s.nglyphs, sizeof(*s.newid));
	cp = fb_xmalloc((n ? n : 1) * sizeof(*cp));
	gid = fb_xmalloc((n ? n : 1) * sizeof(*gid));
	/* The code points, in order, each once, that the font has. */
	memcpy(cp, cps, n * sizeof(*cp));
	qsort(cp, n, sizeof(*cp), cmp_u32);
	for (size_t i = 0; i < n; i++) {
		uint32_t g;

		if ((ncp > 0 && cp[i] == cp[ncp - 1]) || (g = fb_ttf_glyph(f, cp[i])) == 0)
			continue;
		if (g >= s.nglyphs) {
			why = "its character map names a glyph it does not have";
			goto out;
		}
		cp[ncp] = cp[i];
		gid[ncp++] = g;
	}
	if (keep(&s, 0) < 0) {
		why = "a glyph is damaged";
		goto out;
	}
	for (size_t i = 0; i < ncp; i++)
		if (keep(&s, gid[i]) < 0) {
			why = "a glyph is damaged";
			goto out;
		}
	for (uint32_t g = 0; g < s.nglyphs; g++)
		if (s.keep[g])
			s.newid[g] = nkept++;
	for (size_t i = 0; i < ncp; i++)
		gid[i] = s.newid[gid[i]];

	/* glyf, loca (long) and hmtx (a full metric each) of the kept glyphs. */
	for (uint32_t g = 0; g < s.nglyphs; g++) {
		size_t start, end;
		uint32_t m = g < s.nmetrics ? g : s.nmetrics - 1;

		if (!s.keep[g])
			continue;
		outline(&s, g, &start, &end);
		add32(&loca, (uint32_t)glyf.len);
		if (end > start) {
			size_t at = glyf.len;

			fb_buf_add(&glyf, s.glyf.p + start, end - start);
			if (end - start >= 10 && (get16(s.glyf.p + start) & 0x8000) != 0)
				components((unsigned char *)glyf.buf + at, end - start,
					   renumber, &s, (unsigned char *)glyf.buf + at);
			while (glyf.len % 4 != 0)
				fb_buf_addc(&glyf, 0);
		}
		add16(&hmtx, get16(s.hmtx.p + (size_t)m * 4));
		add16(&hmtx, g < s.nmetrics ? get16(s.hmtx.p + (size_t)g * 4 + 2) :
		      get16(s.hmtx.p + (size_t)s.nmetrics * 4 + (size_t)(g - s.nmetrics) * 2));
	}
	add32(&loca, (uint32_t)glyf.len);
	make_cmap(&cmap, cp, gid, ncp);
	make_name(&name, &s.name);

	memcpy(head, s.head.p, 54);
	put32(head + 8, 0);		/* checkSumAdjustment, set below */
	put16(head + 50, 1);		/* indexToLocFormat: long */
	memcpy(hhea, s.hhea.p, 36);
	put16(hhea + 34, nkept);
	memcpy(maxp, s.maxp.p, s.maxp.len);
	put16(maxp + 4, nkept);
	memset(post, 0, sizeof(post));
	if (s.post.len >= 32)
		memcpy(post, s.post.p, 32);
	put32(post, 0x00030000);
	memset(post + 16, 0, 16);	/* the memory hints, for Type 42 only */

	/* The tables in tag order, as the directory wants them. */
	{
		const struct { const char *tag; const void *p; size_t len; } t[] = {
			{ "OS/2", s.os2.p, s.os2.len },
			{ "cmap", fb_buf_str(&cmap), cmap.len },
			{ "cvt ", s.cvt.p, s.cvt.len },
			{ "fpgm", s.fpgm.p, s.fpgm.len },
			{ "glyf", fb_buf_str(&glyf), glyf.len },
			{ "head", head, sizeof(head) },
			{ "hhea", hhea, sizeof(hhea) },
			{ "hmtx", fb_buf_str(&hmtx), hmtx.len },
			{ "loca", fb_buf_str(&loca), loca.len },
			{ "maxp", maxp, s.maxp.len },
			{ "name", fb_buf_str(&name), name.len },
			{ "post", post, sizeof(post) },
			{ "prep", s.prep.p, s.prep.len },
		};
		uint32_t range = 1, log2 = 0;
		size_t headat = 0;

		for (size_t i = 0; i < FB_ARRAY_SIZE(t); i++)
			if (t[i].p != NULL)
				ntab++;
		while (range * 2 <= ntab) {
			range *= 2;
			log2++;
		}
		add32(&font, 0x00010000);
		add16(&font, (uint32_t)ntab);
		add16(&font, range * 16);
		add16(&font, log2);
		add16(&font, (uint32_t)(ntab * 16 - range * 16));
		dirat = font.len;
		memset(dir, 0, sizeof(dir));
		fb_buf_add(&font, dir, ntab * 16);
		ntab = 0;
		for (size_t i = 0; i < FB_ARRAY_SIZE(t); i++) {
			if (t[i].p == NULL)
				continue;
			if (strcmp(t[i].tag, "head") == 0)
				headat = font.len;
			add_table(&font, dir + ntab++ * 16, t[i].tag, t[i].p, t[i].len);
		}
		memcpy(font.buf + dirat, dir, ntab * 16);
		for (size_t i = 0; i < font.len; i += 4)
			sum += get32((unsigned char *)font.buf + i);
		put32((unsigned char *)font.buf + headat + 8, 0xb1b0afbau - sum);
	}
	fb_buf_add(out, font.buf, font.len);
	rc = 0;
out:
	if (why != NULL)
		rc = fail(err, f, why);
	free(s.keep);
	free(s.newid);
	free(cp);
	free(gid);
	free(s.work);
	fb_buf_release(&glyf);
	fb_buf_release(&loca);
	fb_buf_release(&hmtx);
	fb_buf_release(&cmap);
	fb_buf_release(&name);
	fb_buf_release(&font);
	return rc;
}
