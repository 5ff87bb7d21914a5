/*
 * fuzz-ttf.c - libFuzzer harness for the TrueType reader and subsetter
 * (lib/ttf.c, lib/ttf_subset.c): the input is a font file.
 *
 * A font that loads is asked for a fixed set of code points (Latin,
 * accented, Cyrillic, CJK, one above U+FFFF); when it subsets, the subset
 * loads again, has no more glyphs than the font, and draws every one of
 * those code points that the font draws.  A damaged font may be refused,
 * never read out of bounds.
 */
#include "fuzz.h"
#include "ttf.h"

static const uint32_t cps[] = {
	0x20, 'A', 'a', '0', 0xc5, 0xe9, 0x1fa, 0x20ac, 0x416, 0x4e00, 0xfffd,
	0xffff, 0x10300,
};

/* maxp's numGlyphs of a plain font, or of a collection's first font. */
static uint32_t
nglyphs(const struct fb_ttf *f)
{
	size_t dir = memcmp(f->data, "ttcf", 4) == 0 ? (size_t)(f->data[12] << 24 |
	    f->data[13] << 16 | f->data[14] << 8 | f->data[15]) : 0;
	uint32_t n = (uint32_t)(f->data[dir + 4] << 8 | f->data[dir + 5]);

	for (uint32_t i = 0; i < n; i++) {
		const unsigned char *r = f->data + dir + 12 + (size_t)i * 16;
		size_t off = (size_t)r[8] << 24 | (size_t)r[9] << 16 | (size_t)r[10] << 8 | r[11];

		if (memcmp(r, "maxp", 4) == 0)
			return (uint32_t)(f->data[off + 4] << 8 | f->data[off + 5]);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_buf b = FB_BUF_INIT;
	struct fb_ttf f, s;

	if (fb_ttf_load(&f, data, size, "fuzz", &err) < 0) {
		FUZZ_ASSERT(err.code == FB_ERR_RUNTIME);
		fb_err_release(&err);
		return 0;
	}
	(void)fb_ttf_missing(&f, "A\xc3\xa9\xd0\x96\xe4\xb8\x80\xf0\x90\x8c\x80");
	fb_buf_init(&b);
	if (fb_ttf_subset(&f, cps, FB_ARRAY_SIZE(cps), &b, &err) < 0) {
		FUZZ_ASSERT(err.code == FB_ERR_RUNTIME && b.len == 0);
		fb_err_release(&err);
	} else {
		FUZZ_ASSERT(fb_ttf_load(&s, b.buf, b.len, "subset", &err) == 0);
		/* The subsetter read maxp, so the font has one inside the file. */
		FUZZ_ASSERT(nglyphs(&s) <= nglyphs(&f));
		for (size_t i = 0; i < FB_ARRAY_SIZE(cps); i++)
			if (fb_ttf_has_glyph(&f, cps[i]))
				FUZZ_ASSERT(fb_ttf_has_glyph(&s, cps[i]));
		fb_ttf_release(&s);
	}
	fb_buf_release(&b);
	fb_ttf_release(&f);
	return 0;
}
