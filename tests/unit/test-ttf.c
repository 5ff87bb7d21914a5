/*
 * test-ttf.c - unit tests for lib/ttf.c on Debian's DejaVu Sans: its
 * family name and character map, the same font wrapped in a collection,
 * and files that are not TrueType fonts, cut short or damaged, which
 * must be refused or read without a byte out of bounds (run it under
 * SANITIZE=address to see that).
 */
#include "ttf.h"
#include "unit.h"

#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static unsigned char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf;
	long len;

	*n = 0;
	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = fb_xmalloc((size_t)len);
	*n = fread(buf, 1, (size_t)len, fp);
	fclose(fp);
	return buf;
}

static void
test_dejavu(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_ttf f;

	CHECK(fb_ttf_open(&f, DEJAVU, &err) == 0);
	CHECK_STR(f.family, "DejaVu Sans");
	CHECK(fb_ttf_has_glyph(&f, 'A'));
	CHECK(fb_ttf_has_glyph(&f, 0x03a9));	/* Ω */
	CHECK(fb_ttf_has_glyph(&f, 0x0416));	/* Ж */
	CHECK(fb_ttf_has_glyph(&f, 0x0141));	/* Ł */
	CHECK(fb_ttf_has_glyph(&f, 0x00d7));	/* × */
	CHECK(!fb_ttf_has_glyph(&f, 0x65e5));	/* 日 */
	CHECK(!fb_ttf_has_glyph(&f, 0x10ffff));
	CHECK_INT(fb_ttf_missing(&f, "Société Müller Ωmega, Москва, Łódź ×1.5"), 0);
	CHECK_INT(fb_ttf_missing(&f, "Tokyo 日本"), 0x65e5);
	/* Control characters are never drawn; invalid UTF-8 is U+FFFD, which it has. */
	CHECK_INT(fb_ttf_missing(&f, "tab\there\n\x1b"), 0);
	CHECK_INT(fb_ttf_missing(&f, "bad \xff byte"), 0);
	CHECK_INT(fb_ttf_missing(&f, NULL), 0);
	fb_ttf_release(&f);
}

/* The font in a one-font collection: a 16-byte header, offsets moved on. */
static void
test_collection(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_ttf f;
	size_t n;
	unsigned char *font = slurp(DEJAVU, &n), *ttc;
	unsigned tables;

	if (font == NULL) {
		CHECK(!"cannot read " DEJAVU);
		return;
	}
	ttc = fb_xmalloc(n + 16);
	memcpy(ttc, "ttcf\0\1\0\0\0\0\0\1\0\0\0\x10", 16);
	memcpy(ttc + 16, font, n);
	tables = (unsigned)ttc[16 + 4] << 8 | ttc[16 + 5];
	for (unsigned i = 0; i < tables; i++) {
		unsigned char *r = ttc + 16 + 12 + i * 16 + 8;
		unsigned long off = (unsigned long)r[0] << 24 | (unsigned long)r[1] << 16 |
			(unsigned long)r[2] << 8 | r[3];

		off += 16;
		r[0] = (unsigned char)(off >> 24);
		r[1] = (unsigned char)(off >> 16);
		r[2] = (unsigned char)(off >> 8);
		r[3] = (unsigned char)off;
	}
	CHECK(fb_ttf_load(&f, ttc, n + 16, "dejavu.ttc", &err) == 0);
	CHECK_STR(f.family, "DejaVu Sans");
	CHECK(fb_ttf_has_glyph(&f, 0x03a9));
	fb_ttf_release(&f);
	free(ttc);
	free(font);
}

static void
test_refused(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_ttf f;
	static const unsigned char otto[] = "OTTO\0\1\0\0\0\0\0\0";

	CHECK(fb_ttf_load(&f, "not a font at all", 17, "x.ttf", &err) == -1);
	CHECK_STR(err.msg, "cannot use font 'x.ttf': not a TrueType font");
	fb_err_release(&err);
	CHECK(fb_ttf_load(&f, otto, sizeof(otto), "cjk.otf", &err) == -1);
	CHECK_STR(err.msg, "cannot use font 'cjk.otf': it has PostScript (CFF) outlines;"
		  " use a TrueType font");
	fb_err_release(&err);
	CHECK(fb_ttf_load(&f, "", 0, "empty.ttf", &err) == -1);
	fb_err_release(&err);
	CHECK(fb_ttf_open(&f, "/nonexistent/font.ttf", &err) == -1);
	CHECK_STR(err.msg, "cannot use font '/nonexistent/font.ttf': No such file or directory");
	fb_err_release(&err);
}

/*
 * Cut short anywhere, or with bytes flipped at random (a fixed seed), the
 * font is refused or read; never read out of bounds.
 */
static void
test_damaged(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_ttf f;
	size_t n, loaded = 0, cuts = 0, short_refused = 0;
	unsigned char *font = slurp(DEJAVU, &n), *copy;
	uint32_t seed = 12345;

	if (font == NULL)
		return;
	for (size_t len = 0; len < n; len = len < 4096 ? len + 7 : len * 3 / 2) {
		cuts++;
		if (fb_ttf_load(&f, font, len, "cut.ttf", &err) == 0) {
			fb_ttf_missing(&f, "Société Ωmega Москва 日本");
			fb_ttf_release(&f);
			loaded++;
		} else {
			/* Shorter than the table directory: never a font. */
			if (len < 12 + 16 * 8)
				short_refused++;
			fb_err_release(&err);
		}
	}
	CHECK_INT(short_refused, (12 + 16 * 8 + 6) / 7);
	CHECK(loaded < cuts);
	copy = fb_xmalloc(n);
	for (int round = 0; round < 200; round++) {
		memcpy(copy, font, n);
		for (int k = 0; k < 64; k++) {
			seed = seed * 1103515245u + 12345u;
			/* The table directory and the first tables, where offsets live. */
			copy[(seed >> 8) % (n < 65536 ? n : 65536)] ^= (unsigned char)(seed >> 24);
		}
		if (fb_ttf_load(&f, copy, n, "flipped.ttf", &err) == 0) {
			fb_ttf_missing(&f, "Société Ωmega Москва 日本 \xf4\x8f\xbf\xbf");
			fb_ttf_release(&f);
		} else
			fb_err_release(&err);
	}
	/* And the undamaged font still reads. */
	CHECK(fb_ttf_load(&f, font, n, "whole.ttf", &err) == 0);
	fb_ttf_release(&f);
	free(copy);
	free(font);
}

int
main(void)
{
	test_dejavu();
	test_collection();
	test_refused();
	test_damaged();
	return unit_done();
}
