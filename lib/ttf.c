/*
 * ttf.c - reading just enough of a TrueType file: the table directory,
 * the Unicode character map (formats 4 and 12) and the family name.
 */
#include "ttf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t
u16(const struct fb_ttf *f, size_t off)
{
	return (uint32_t)f->data[off] << 8 | f->data[off + 1];
}

static uint32_t
u32(const struct fb_ttf *f, size_t off)
{
	return u16(f, off) << 16 | u16(f, off + 2);
}

/* Whether [off, off + len) lies inside the file. */
static int
inside(const struct fb_ttf *f, size_t off, size_t len)
{
	return off <= f->size && len <= f->size - off;
}

/* The offset and length of table tag of the font at dir; 0 when absent. */
static size_t
table(const struct fb_ttf *f, size_t dir, const char *tag, size_t *len)
{
	uint32_t n = u16(f, dir + 4);

	if (!inside(f, dir + 12, (size_t)n * 16))
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		size_t r = dir + 12 + (size_t)i * 16;

		if (memcmp(f->data + r, tag, 4) == 0) {
			size_t off = u32(f, r + 8);

			*len = u32(f, r + 12);
			return inside(f, off, *len) ? off : 0;
		}
	}
	return 0;
}

const unsigned char *
fb_ttf_table(const struct fb_ttf *f, const char *tag, size_t *len)
{
	size_t off = table(f, f->dir, tag, len);

	return off ? f->data + off : NULL;
}

/* The family name (name id 1), from a Windows Unicode or a Mac Roman record. */
static char *
family_name(const struct fb_ttf *f, size_t dir)
{
	size_t len, off = table(f, dir, "name", &len), strings;
	uint32_t count;
	struct fb_buf b = FB_BUF_INIT;

	if (off == 0 || len < 6)
		return NULL;
	count = u16(f, off + 2);
	strings = off + u16(f, off + 4);
	if (!inside(f, off + 6, (size_t)count * 12))
		return NULL;
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t i = 0; i < count; i++) {
			size_t r = off + 6 + (size_t)i * 12, s;
			uint32_t platform = u16(f, r), id = u16(f, r + 6), n = u16(f, r + 8);

			if (id != 1 || (pass == 0 && platform != 3) || (pass == 1 && platform != 1))
				continue;
			s = strings + u16(f, r + 10);
			if (!inside(f, s, n))
				continue;
			fb_buf_init(&b);
			for (uint32_t k = 0; k < n; k += platform == 3 ? 2 : 1) {
				uint32_t c = platform == 3 ? (k + 1 < n ? u16(f, s + k) : 0) :
					f->data[s + k];

				/* Names are short and Latin in practice; keep them printable. */
				if (c >= 0x20 && c < 0x7f)
					fb_buf_addc(&b, (char)c);
				else if (c >= 0xa0 && c < 0x800) {
					fb_buf_addc(&b, (char)(0xc0 | c >> 6));
					fb_buf_addc(&b, (char)(0x80 | (c & 0x3f)));
				}
			}
			if (b.len > 0)
				return fb_buf_detach(&b);
			fb_buf_release(&b);
		}
	}
	return NULL;
}

static int
bad(struct fb_err *err, const char *name, const char *why)
{
	return fb_err_set(err, FB_ERR_RUNTIME, "cannot use font '%s': %s", name, why);
}

int
fb_ttf_load(struct fb_ttf *f, const void *data, size_t size, const char *name,
	    struct fb_err *err)
{
	size_t dir = 0, off, len, best = 0;
	uint32_t n, tag, bestrank = 0;

	memset(f, 0, sizeof(*f));
	f->data = fb_xmalloc(size ? size : 1);
	memcpy(f->data, data, size);
	f->size = size;
	if (size < 12)
		goto notttf;
	tag = u32(f, 0);
	if (tag == 0x74746366) {	/* "ttcf": a collection; its first font */
		if (size < 16 || u32(f, 8) == 0)
			goto notttf;
		dir = u32(f, 12);
		if (!inside(f, dir, 12))
			goto notttf;
		tag = u32(f, dir);
	}
	if (tag == 0x4f54544f) {	/* "OTTO" */
		fb_ttf_release(f);
		return bad(err, name, "it has PostScript (CFF) outlines; use a TrueType font");
	}
	if (tag != 0x00010000 && tag != 0x74727565)	/* "true" */
		goto notttf;
	if (table(f, dir, "glyf", &len) == 0 || table(f, dir, "loca", &len) == 0) {
		fb_ttf_release(f);
		return bad(err, name, "it has no TrueType outlines");
	}
	f->dir = dir;
	off = table(f, dir, "cmap", &len);
	if (off == 0 || len < 4 || !inside(f, off + 4, (size_t)u16(f, off + 2) * 8))
		goto nocmap;
	n = u16(f, off + 2);
	/* Full Unicode (format 12) first, then the Basic Multilingual Plane (4). */
	for (uint32_t i = 0; i < n; i++) {
		size_t r = off + 4 + (size_t)i * 8, sub = off + u32(f, r + 4);
		uint32_t platform = u16(f, r), enc = u16(f, r + 2), format, rank = 0;

		if (!inside(f, sub, 2))
			continue;
		format = u16(f, sub);
		if (platform != 0 && !(platform == 3 && (enc == 1 || enc == 10)))
			continue;
		if (format == 12 && inside(f, sub, 16))
			rank = 2;
		else if (format == 4 && inside(f, sub, 14))
			rank = 1;
		if (rank > bestrank) {
			bestrank = rank;
			best = sub;
			f->cmap_format = (int)format;
		}
	}
	if (bestrank == 0)
		goto nocmap;
	f->cmap = best;
	f->family = family_name(f, dir);
	if (f->family == NULL)
		f->family = fb_xstrdup(name);
	return 0;
notttf:
	fb_ttf_release(f);
	return bad(err, name, "not a TrueType font");
nocmap:
	fb_ttf_release(f);
	return bad(err, name, "it has no Unicode character map");
}

int
fb_ttf_open(struct fb_ttf *f, const char *path, struct fb_err *err)
{
	FILE *fp = fopen(path, "rb");
	struct fb_buf b = FB_BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc;

	memset(f, 0, sizeof(*f));
	if (fp == NULL)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot use font '%s': %s", path,
				  strerror(errno));
	fb_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		/* No font fixbill can use is anywhere near this size. */
		if (b.len > 64u << 20) {
			fclose(fp);
			fb_buf_release(&b);
			return bad(err, path, "larger than 64 MiB");
		}
		fb_buf_add(&b, chunk, n);
	}
	if (ferror(fp)) {
		rc = fb_err_set(err, FB_ERR_RUNTIME, "cannot use font '%s': %s", path,
				strerror(errno));
		fclose(fp);
		fb_buf_release(&b);
		return rc;
	}
	fclose(fp);
	rc = fb_ttf_load(f, b.buf ? b.buf : "", b.len, path, err);
	fb_buf_release(&b);
	return rc;
}

void
fb_ttf_release(struct fb_ttf *f)
{
	free(f->data);
	free(f->family);
	memset(f, 0, sizeof(*f));
}

static uint32_t
glyph4(const struct fb_ttf *f, uint32_t cp)
{
	size_t t = f->cmap, ends, starts, deltas, ranges;
	uint32_t segs = u16(f, t + 6) / 2;

	if (cp > 0xffff || !inside(f, t + 14, (size_t)segs * 8 + 2))
		return 0;
	ends = t + 14;
	starts = ends + (size_t)segs * 2 + 2;
	deltas = starts + (size_t)segs * 2;
	ranges = deltas + (size_t)segs * 2;
	for (uint32_t i = 0; i < segs; i++) {
		uint32_t end = u16(f, ends + i * 2), start = u16(f, starts + i * 2);
		uint32_t delta = u16(f, deltas + i * 2), range = u16(f, ranges + i * 2);
		size_t g;

		if (cp > end)
			continue;
		if (cp < start)
			return 0;
		if (range == 0)
			return (cp + delta) & 0xffff;
		g = ranges + i * 2 + range + (size_t)(cp - start) * 2;
		if (!inside(f, g, 2) || u16(f, g) == 0)
			return 0;
		return (u16(f, g) + delta) & 0xffff;
	}
	return 0;
}

static uint32_t
glyph12(const struct fb_ttf *f, uint32_t cp)
{
	size_t t = f->cmap;
	uint32_t n = u32(f, t + 12);

	if (!inside(f, t + 16, (size_t)n * 12))
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		size_t g = t + 16 + (size_t)i * 12;
		uint32_t start = u32(f, g), end = u32(f, g + 4);

		if (cp >= start && cp <= end)
			return u32(f, g + 8) + (cp - start);
	}
	return 0;
}

uint32_t
fb_ttf_glyph(const struct fb_ttf *f, uint32_t cp)
{
	if (f->data == NULL)
		return 0;
	return f->cmap_format == 12 ? glyph12(f, cp) : glyph4(f, cp);
}

int
fb_ttf_has_glyph(const struct fb_ttf *f, uint32_t cp)
{
	return fb_ttf_glyph(f, cp) != 0;
}

uint32_t
fb_ttf_missing(const struct fb_ttf *f, const char *s)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");

	while (*u) {
		uint32_t c = *u, cp;
		int n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 :
			(c & 0xf8) == 0xf0 ? 3 : -1;

		cp = n == 0 ? c : n == 1 ? c & 0x1f : n == 2 ? c & 0x0f : c & 0x07;
		u++;
		for (int i = 0; i < n; i++) {
			if ((*u & 0xc0) != 0x80) {
				n = -1;
				break;
			}
			cp = cp << 6 | (*u++ & 0x3f);
		}
		if (n < 0)
			cp = 0xfffd;
		if (cp < 0x20 || cp == 0x7f)
			continue;
		if (!fb_ttf_has_glyph(f, cp))
			return cp;
	}
	return 0;
}
