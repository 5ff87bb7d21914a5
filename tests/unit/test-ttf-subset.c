/*
 * test-ttf-subset.c - unit tests for lib/ttf_subset.c on real fonts:
 * DejaVu Sans (Latin, Cyrillic, composite accented letters) and IPA
 * Gothic (Japanese).  Each subset must read back with lib/ttf.c, hold
 * exactly .notdef, the glyphs of its code points and their parts, and
 * draw each code point with the original's outline and advance width.
 * Damaged fonts must be refused or subset without a byte read out of
 * bounds (run it under SANITIZE=address to see that); a font of no
 * names still makes a subset.
 */
#include "ttf.h"
#include "unit.h"

#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define IPAG "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"

static uint32_t
g16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
g32(const unsigned char *p)
{
	return g16(p) << 16 | g16(p + 2);
}

/* Table tag of a plain (not collection) font, trusted: these are real fonts. */
static const unsigned char *
tab(const struct fb_ttf *f, const char *tag, size_t *len)
{
	uint32_t n = g16(f->data + 4);

	for (uint32_t i = 0; i < n; i++) {
		const unsigned char *r = f->data + 12 + i * 16;

		if (memcmp(r, tag, 4) == 0) {
			if (len)
				*len = g32(r + 12);
			return f->data + g32(r + 8);
		}
	}
	return NULL;
}

static uint32_t
nglyphs(const struct fb_ttf *f)
{
	return g16(tab(f, "maxp", NULL) + 4);
}

/* Glyph g's outline bytes: *len of them. */
static const unsigned char *
outline(const struct fb_ttf *f, uint32_t g, size_t *len)
{
	const unsigned char *loca = tab(f, "loca", NULL), *glyf = tab(f, "glyf", NULL);
	size_t a, b;

	if (g16(tab(f, "head", NULL) + 50)) {
		a = g32(loca + g * 4);
		b = g32(loca + g * 4 + 4);
	} else {
		a = g16(loca + g * 2) * 2u;
		b = g16(loca + g * 2 + 2) * 2u;
	}
	*len = b - a;
	return glyf + a;
}

static uint32_t
advance(const struct fb_ttf *f, uint32_t g)
{
	uint32_t nm = g16(tab(f, "hhea", NULL) + 34);

	return g16(tab(f, "hmtx", NULL) + (g < nm ? g : nm - 1) * 4);
}

/*
 * Whether new glyph ng of subset s draws as old glyph og of font f: the
 * same bytes (ignoring padding), the same advance, and each component of
 * a composite drawn the same, its id the one the subset gave it.
 */
static int
same_glyph(const struct fb_ttf *f, uint32_t og, const struct fb_ttf *s, uint32_t ng)
{
	size_t olen, nlen, at = 10;
	const unsigned char *o = outline(f, og, &olen), *n = outline(s, ng, &nlen);
	uint32_t flags;

	if (nlen < olen || nlen - olen > 3 || advance(f, og) != advance(s, ng))
		return 0;
	for (size_t i = olen; i < nlen; i++)
		if (n[i] != 0)
			return 0;
	if (olen < 10 || (g16(o) & 0x8000) == 0)
		return memcmp(o, n, olen) == 0;
	if (memcmp(o, n, 10) != 0)
		return 0;
	do {
		size_t len;

		flags = g16(o + at);
		if (g16(n + at) != flags || !same_glyph(f, g16(o + at + 2), s, g16(n + at + 2)))
			return 0;
		len = 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 : flags & 0x40 ? 4 :
						 flags & 0x80 ? 8 : 0);
		if (memcmp(o + at + 4, n + at + 4, len - 4) != 0)
			return 0;
		at += len;
	} while (flags & 0x20);
	return 1;
}

/* Mark glyph g and its parts in seen; returns how many were new. */
static uint32_t
closure(const struct fb_ttf *f, uint32_t g, unsigned char *seen)
{
	size_t len, at = 10;
	const unsigned char *o;
	uint32_t flags, count = 1;

	if (seen[g])
		return 0;
	seen[g] = 1;
	o = outline(f, g, &len);
	if (len < 10 || (g16(o) & 0x8000) == 0)
		return 1;
	do {
		flags = g16(o + at);
		count += closure(f, g16(o + at + 2), seen);
		at += 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 : flags & 0x40 ? 4 :
						 flags & 0x80 ? 8 : 0);
	} while (flags & 0x20);
	return count;
}

/* Subset path to cps and check it against the original; returns its size. */
static size_t
check_subset(const char *path, const uint32_t *cps, size_t n, int composites)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_buf b = FB_BUF_INIT;
	struct fb_ttf f, s;
	unsigned char *seen;
	uint32_t want = 0;
	int ok = 1, comp = 0;
	size_t size;

	CHECK(fb_ttf_open(&f, path, &err) == 0);
	fb_buf_init(&b);
	CHECK(fb_ttf_subset(&f, cps, n, &b, &err) == 0);
	CHECK(fb_ttf_load(&s, b.buf, b.len, "subset", &err) == 0);
	CHECK_STR(s.family, f.family);
	seen = fb_xcalloc(nglyphs(&f), 1);
	want = closure(&f, 0, seen);
	for (size_t i = 0; i < n; i++)
		if (fb_ttf_glyph(&f, cps[i]) != 0)
			want += closure(&f, fb_ttf_glyph(&f, cps[i]), seen);
	CHECK_INT(nglyphs(&s), want);
	CHECK(same_glyph(&f, 0, &s, 0));
	for (size_t i = 0; i < n; i++) {
		uint32_t og = fb_ttf_glyph(&f, cps[i]), ng = fb_ttf_glyph(&s, cps[i]);
		size_t len;

		if (og == 0)
			continue;
		if (ng == 0 || ng >= nglyphs(&s) || !same_glyph(&f, og, &s, ng)) {
			printf("# U+%04X: glyph %u became %u, not the same\n",
			       (unsigned)cps[i], (unsigned)og, (unsigned)ng);
			ok = 0;
		}
		if (g16(outline(&f, og, &len)) & 0x8000)
			comp = 1;
	}
	CHECK(ok);
	CHECK(comp == composites);
	/* A code point not asked for maps to nothing. */
	CHECK(!fb_ttf_has_glyph(&s, 0x2603));
	size = b.len;
	printf("# %zu bytes, %u glyphs\n", size, (unsigned)want);
	free(seen);
	fb_ttf_release(&s);
	fb_ttf_release(&f);
	fb_buf_release(&b);
	return size;
}

static size_t
utf32(const char *s, uint32_t *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;

	while (*u) {
		uint32_t c = *u++;
		int k = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;

		c = k == 0 ? c : k == 1 ? c & 0x1f : k == 2 ? c & 0x0f : c & 0x07;
		while (k-- > 0)
			c = c << 6 | (*u++ & 0x3f);
		out[n++] = c;
	}
	return n;
}

static void
test_dejavu(void)
{
	uint32_t cps[256];
	size_t n;

	/* Plain Latin: simple glyphs only, and a duplicate. */
	n = utf32("Invoice 42: $1,234.50 Invoice", cps);
	CHECK(check_subset(DEJAVU, cps, n, 0) < 10000);
	/* Accented letters DejaVu builds from parts, Cyrillic, the euro. */
	n = utf32("Åsa Müller Ǻ ǻ Счёт-фактура № 7 €ĳ·×", cps);
	CHECK(check_subset(DEJAVU, cps, n, 1) < 15000);
	/* A code point the font lacks is left out; only .notdef then. */
	cps[0] = 0x4e00;
	CHECK(check_subset(DEJAVU, cps, 1, 0) < 5000);
}

static void
test_ipa_gothic(void)
{
	uint32_t cps[64];
	size_t n = utf32("請求書 株式会社テスト 合計 ¥12,000", cps);

	CHECK(check_subset(IPAG, cps, n, 0) < 12000);
}

/* A code point above U+FFFF gets a format 12 map, the rest format 4. */
static void
test_wide(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_buf b = FB_BUF_INIT;
	struct fb_ttf f, s;
	uint32_t cps[] = { 'A', 0x10300 };	/* OLD ITALIC LETTER A */

	CHECK(fb_ttf_open(&f, DEJAVU, &err) == 0);
	CHECK(fb_ttf_has_glyph(&f, 0x10300));
	fb_buf_init(&b);
	CHECK(fb_ttf_subset(&f, cps, 2, &b, &err) == 0);
	CHECK(fb_ttf_load(&s, b.buf, b.len, "subset", &err) == 0);
	CHECK(fb_ttf_has_glyph(&s, 'A'));
	CHECK(fb_ttf_has_glyph(&s, cps[1]));
	CHECK_INT(s.cmap_format, 12);
	CHECK(same_glyph(&f, fb_ttf_glyph(&f, 0x10300), &s, fb_ttf_glyph(&s, 0x10300)));
	fb_ttf_release(&s);
	fb_ttf_release(&f);
	fb_buf_release(&b);
}

/* Damaged copies: refused or subset, never read out of bounds. */
static void
test_damaged(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_buf b = FB_BUF_INIT;
	struct fb_ttf f, d;
	uint32_t cps[64];
	size_t n = utf32("AÅǺ Счёт", cps), loaded = 0, refused = 0;
	unsigned seed = 1;

	CHECK(fb_ttf_open(&f, DEJAVU, &err) == 0);
	fb_buf_init(&b);
	for (int round = 0; round < 300; round++) {
		unsigned char *copy = fb_xmalloc(f.size);
		const char *tags[] = { "head", "hhea", "maxp", "loca", "glyf", "hmtx" };
		size_t len;
		const unsigned char *t = tab(&f, tags[round % 6], &len);

		memcpy(copy, f.data, f.size);
		/* A few bytes of one table, or the directory, set at random. */
		for (int k = 0; k < 4; k++) {
			size_t at;

			seed = seed * 1103515245u + 12345u;
			at = round % 7 == 6 ? 12 + (seed >> 8) % (16 * g16(f.data + 4)) :
			    (size_t)(t - f.data) + (seed >> 8) % (len < 64 ? len : 64);
			seed = seed * 1103515245u + 12345u;
			copy[at] = (unsigned char)(seed >> 16);
		}
		if (fb_ttf_load(&d, copy, f.size, "damaged", &err) == 0) {
			b.len = 0;
			if (fb_ttf_subset(&d, cps, n, &b, &err) == 0)
				loaded++;
			else
				refused++;
			fb_ttf_release(&d);
		}
		fb_err_release(&err);
		free(copy);
	}
	CHECK(loaded + refused > 0);
	CHECK(refused > 0);
	fb_ttf_release(&f);
	fb_buf_release(&b);
}

/* The font in a one-font collection: its first font is subset. */
static void
test_collection(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_buf b = FB_BUF_INIT;
	struct fb_ttf f, c, s;
	uint32_t cps[] = { 'A', 0x3a9 }, tables;
	unsigned char *ttc;

	CHECK(fb_ttf_open(&f, DEJAVU, &err) == 0);
	ttc = fb_xmalloc(f.size + 16);
	memcpy(ttc, "ttcf\0\1\0\0\0\0\0\1\0\0\0\x10", 16);
	memcpy(ttc + 16, f.data, f.size);
	tables = g16(ttc + 16 + 4);
	for (uint32_t i = 0; i < tables; i++) {
		unsigned char *r = ttc + 16 + 12 + i * 16 + 8;
		uint32_t off = g32(r) + 16;

		r[0] = (unsigned char)(off >> 24);
		r[1] = (unsigned char)(off >> 16);
		r[2] = (unsigned char)(off >> 8);
		r[3] = (unsigned char)off;
	}
	CHECK(fb_ttf_load(&c, ttc, f.size + 16, "dejavu.ttc", &err) == 0);
	fb_buf_init(&b);
	CHECK(fb_ttf_subset(&c, cps, 2, &b, &err) == 0);
	CHECK(fb_ttf_load(&s, b.buf, b.len, "subset", &err) == 0);
	CHECK_INT(nglyphs(&s), 3);
	CHECK(same_glyph(&f, fb_ttf_glyph(&f, 0x3a9), &s, fb_ttf_glyph(&s, 0x3a9)));
	fb_ttf_release(&s);
	fb_ttf_release(&c);
	fb_ttf_release(&f);
	fb_buf_release(&b);
	free(ttc);
}

/* A name table of no records (found by fuzz-ttf): an empty one in the subset. */
static void
test_no_names(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_buf b = FB_BUF_INIT;
	struct fb_ttf f, d, s;
	uint32_t cp = 'A';
	unsigned char *copy, *name;

	CHECK(fb_ttf_open(&f, DEJAVU, &err) == 0);
	copy = fb_xmalloc(f.size);
	memcpy(copy, f.data, f.size);
	name = copy + (tab(&f, "name", NULL) - f.data);
	name[2] = name[3] = 0;
	CHECK(fb_ttf_load(&d, copy, f.size, "no-names", &err) == 0);
	fb_buf_init(&b);
	CHECK(fb_ttf_subset(&d, &cp, 1, &b, &err) == 0);
	CHECK(fb_ttf_load(&s, b.buf, b.len, "subset", &err) == 0);
	CHECK_STR(s.family, "subset");
	CHECK(fb_ttf_has_glyph(&s, 'A'));
	fb_ttf_release(&s);
	fb_ttf_release(&d);
	fb_ttf_release(&f);
	fb_buf_release(&b);
	free(copy);
}

int
main(void)
{
	test_dejavu();
	test_ipa_gothic();
	test_wide();
	test_damaged();
	test_collection();
	test_no_names();
	return unit_done();
}
