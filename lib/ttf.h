/*
 * ttf.h - what fixbill needs to know about a TrueType font before it
 * embeds it in a PDF: that it has TrueType outlines (libharu embeds no
 * others), its family name, and which characters it can draw.
 *
 * The whole file is read into memory; every offset in it is checked
 * against its size, so a damaged or hostile file is an error, never a
 * read out of bounds.  A collection (.ttc) is read as its first font.
 */
#ifndef FB_TTF_H
#define FB_TTF_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct fb_ttf {
	unsigned char *data;
	size_t size;
	int index;		/* the font's number in a collection, else 0 */
	size_t dir;		/* offset of its table directory */
	size_t cmap;		/* offset of the Unicode cmap subtable */
	int cmap_format;	/* 4 or 12 */
	char *family;		/* "DejaVu Sans" */
};

/*
 * Read the font at path.  FB_ERR_RUNTIME, each "cannot use font 'PATH':
 * <why>": the file cannot be read, is not a TrueType font or collection,
 * has PostScript (CFF) outlines, or has no Unicode character map.  On
 * success f is the caller's, to fb_ttf_release.
 */
int fb_ttf_open(struct fb_ttf *f, const char *path, struct fb_err *err);
/* As fb_ttf_open, from bytes in memory (copied); name is used in errors. */
int fb_ttf_load(struct fb_ttf *f, const void *data, size_t size, const char *name,
		struct fb_err *err);
void fb_ttf_release(struct fb_ttf *f);

/*
 * Table tag ("glyf") of the font: its bytes, *len of them, inside the
 * file; NULL when the font has none or its entry points outside the file.
 */
const unsigned char *fb_ttf_table(const struct fb_ttf *f, const char *tag, size_t *len);

/* Whether the font has a glyph for code point cp. */
int fb_ttf_has_glyph(const struct fb_ttf *f, uint32_t cp);
/* The glyph id the character map gives code point cp, 0 when none. */
uint32_t fb_ttf_glyph(const struct fb_ttf *f, uint32_t cp);

/*
 * A TrueType font with only the glyphs that the n code points cps draw
 * (and .notdef, and the parts of composite glyphs), renumbered from 0 in
 * their old order, into out (appended): the tables head, hhea, maxp,
 * hmtx, loca, glyf, cmap (Unicode, for the kept code points only), post
 * (without glyph names), name, OS/2 and cvt, fpgm, prep when the font
 * has them.  A code point the font lacks is left out.  FB_ERR_RUNTIME,
 * "cannot subset font 'FAMILY': <why>", when a table is missing or
 * damaged; out is then as it was.
 */
int fb_ttf_subset(const struct fb_ttf *f, const uint32_t *cps, size_t n,
		  struct fb_buf *out, struct fb_err *err);

/*
 * The first code point of the UTF-8 text s that the font cannot draw, or
 * 0 when it can draw them all.  Control characters are skipped (they are
 * never drawn); invalid UTF-8 counts as U+FFFD.
 */
uint32_t fb_ttf_missing(const struct fb_ttf *f, const char *s);

#endif
