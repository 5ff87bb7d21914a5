/*
 * pdfa.c - the PDF/A-3 incremental update (pdfa.h says what and why).
 *
 * Reading: the last startxref gives the cross-reference table, whose
 * entries give each object's offset, and whose trailer names the
 * catalog and the number of objects (libharu's information dictionary
 * is left behind: the new trailer names a new one).  The
 * catalog's dictionary is copied into the new catalog with the new keys
 * after it; any object whose dictionary has /ToUnicode gets that map
 * replaced.  Writing: new objects from /Size on, then the catalog and
 * the maps again under their own numbers, one cross-reference section
 * for them all and a trailer pointing back (/Prev) to libharu's.
 */
#include "pdfa.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

struct pdf_in {
	const char *buf;
	size_t len;
	int64_t *offsets;	/* of each object, -1 when free */
	int64_t size;		/* the trailer's /Size */
	int64_t root;
	int64_t xref;		/* offset of libharu's xref table */
};

/* Objects of the update, in the order they are written. */
struct pdf_out {
	struct fb_buf b;
	size_t base;		/* file offset of b's first byte */
	int64_t *nums, *offs;
	size_t n, alloc;
};

static const char *
find_last(const char *buf, size_t len, const char *what)
{
	size_t w = strlen(what);

	if (len < w)
		return NULL;
	for (size_t i = len - w + 1; i-- > 0; )
		if (memcmp(buf + i, what, w) == 0)
			return buf + i;
	return NULL;
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\r' || *p == '\n' || *p == '\t' ||
	       *p == '\f' || *p == '\0'))
		p++;
	return p;
}

static int
parse_int(const char **pp, const char *end, int64_t *v)
{
	const char *p = skip_ws(*pp, end);
	int64_t x = 0;
	int digits = 0;

	while (p < end && *p >= '0' && *p <= '9' && digits < 18) {
		x = x * 10 + (*p++ - '0');
		digits++;
	}
	if (digits == 0)
		return -1;
	*v = x;
	*pp = p;
	return 0;
}

/*
 * The end of the dictionary starting at p ("<<"): just past its ">>",
 * nested dictionaries and strings skipped.  NULL when it does not end.
 */
static const char *
dict_end(const char *p, const char *end)
{
	int depth = 0;

	while (p < end) {
		if (*p == '(') {
			int paren = 1;

			for (p++; p < end && paren > 0; p++) {
				if (*p == '\\')
					p++;
				else if (*p == '(')
					paren++;
				else if (*p == ')')
					paren--;
			}
			continue;
		}
		if (p + 1 < end && p[0] == '<' && p[1] == '<') {
			depth++;
			p += 2;
			continue;
		}
		if (p + 1 < end && p[0] == '>' && p[1] == '>') {
			p += 2;
			if (--depth == 0)
				return p;
			continue;
		}
		p++;
	}
	return NULL;
}

/* The value "N G R" of key in the dictionary [d, e): N, or -1. */
static int64_t
dict_ref(const char *d, const char *e, const char *key)
{
	size_t k = strlen(key);

	for (const char *p = d; p + k < e; p++) {
		int64_t n, g;
		const char *q;

		if (memcmp(p, key, k) != 0 || (p[k] != ' ' && p[k] != '\n' && p[k] != '\r'))
			continue;
		q = p + k;
		if (parse_int(&q, e, &n) == 0 && parse_int(&q, e, &g) == 0) {
			q = skip_ws(q, e);
			if (q < e && *q == 'R')
				return n;
		}
	}
	return -1;
}

static int
dict_has(const char *d, const char *e, const char *key)
{
	size_t k = strlen(key);

	for (const char *p = d; p + k <= e; p++)
		if (memcmp(p, key, k) == 0 && (p + k == e || strchr(" \n\r/<[(", p[k])))
			return 1;
	return 0;
}

/* The dictionary of object num: [*d, *e), "<<" to ">>". */
static int
object_dict(const struct pdf_in *in, int64_t num, const char **d, const char **e)
{
	const char *end = in->buf + in->len, *p;
	int64_t n, g;

	if (num <= 0 || num >= in->size || in->offsets[num] < 0)
		return -1;
	p = in->buf + in->offsets[num];
	if (parse_int(&p, end, &n) < 0 || n != num || parse_int(&p, end, &g) < 0)
		return -1;
	p = skip_ws(p, end);
	if ((size_t)(end - p) < 3 || memcmp(p, "obj", 3) != 0)
		return -1;
	p = skip_ws(p + 3, end);
	if ((size_t)(end - p) < 2 || memcmp(p, "<<", 2) != 0)
		return -1;
	*d = p;
	*e = dict_end(p, end);
	return *e ? 0 : -1;
}

static int
read_pdf(struct pdf_in *in, const char **why)
{
	const char *end = in->buf + in->len, *p, *t, *te;
	int64_t first, count;

	if ((p = find_last(in->buf, in->len, "startxref")) == NULL) {
		*why = "no startxref";
		return -1;
	}
	p += 9;
	if (parse_int(&p, end, &in->xref) < 0 || (size_t)in->xref >= in->len) {
		*why = "no cross-reference table";
		return -1;
	}
	p = in->buf + in->xref;
	if ((size_t)(end - p) < 4 || memcmp(p, "xref", 4) != 0) {
		*why = "not a classic cross-reference table";
		return -1;
	}
	p += 4;
	/* Subsections "FIRST COUNT" of 20-byte entries, up to "trailer". */
	for (;;) {
		p = skip_ws(p, end);
		if ((size_t)(end - p) >= 7 && memcmp(p, "trailer", 7) == 0)
			break;
		if (parse_int(&p, end, &first) < 0 || parse_int(&p, end, &count) < 0 ||
		    count > 1000000 || first > 1000000) {
			*why = "a damaged cross-reference table";
			return -1;
		}
		p = skip_ws(p, end);
		if (first + count > in->size) {
			int64_t *o = fb_xrealloc(in->offsets, (size_t)(first + count) * sizeof(*o));

			for (int64_t i = in->size; i < first + count; i++)
				o[i] = -1;
			in->offsets = o;
			in->size = first + count;
		}
		for (int64_t i = 0; i < count; i++, p += 20) {
			const char *q = p;
			int64_t off, gen;

			if (end - p < 20 || parse_int(&q, p + 20, &off) < 0 ||
			    parse_int(&q, p + 20, &gen) < 0) {
				*why = "a damaged cross-reference table";
				return -1;
			}
			q = skip_ws(q, p + 20);
			in->offsets[first + i] = *q == 'n' && (size_t)off < in->len ? off : -1;
		}
	}
	t = strstr(p, "<<");
	if (t == NULL || (te = dict_end(t, end)) == NULL) {
		*why = "no trailer";
		return -1;
	}
	if (dict_has(t, te, "/Encrypt") || dict_has(t, te, "/Prev")) {
		*why = "it is encrypted or has been updated before";
		return -1;
	}
	{
		const char *s = strstr(t, "/Size");
		int64_t size;

		if (s == NULL || s > te || (s += 5, parse_int(&s, te, &size) < 0) ||
		    size != in->size) {
			*why = "the trailer's /Size does not match its table";
			return -1;
		}
	}
	in->root = dict_ref(t, te, "/Root");
	if (in->root <= 0 || in->root >= in->size || in->offsets[in->root] < 0) {
		*why = "no catalog";
		return -1;
	}
	return 0;
}

/* Start object num of the update. */
static void
obj_begin(struct pdf_out *o, int64_t num)
{
	fb_xgrow(&o->nums, &o->alloc, o->n + 1, sizeof(*o->nums));
	o->offs = fb_xrealloc(o->offs, o->alloc * sizeof(*o->offs));
	o->nums[o->n] = num;
	o->offs[o->n] = (int64_t)(o->base + o->b.len);
	o->n++;
	fb_buf_addf(&o->b, "%" PRId64 " 0 obj\n", num);
}

/* A stream object: dict (without /Length) and its bytes. */
static void
obj_stream(struct pdf_out *o, int64_t num, const char *dict, const void *data, size_t len)
{
	obj_begin(o, num);
	fb_buf_addf(&o->b, "<< %s /Length %zu >>\nstream\n", dict, len);
	fb_buf_add(&o->b, data, len);
	fb_buf_adds(&o->b, "\nendstream\nendobj\n");
}

/*
 * A text string (ISO 32000-1, 7.9.2.2): printable ASCII as a literal,
 * the rest as UTF-16BE with its byte order mark, in hex.  Readers match
 * an embedded file's name as a literal, so a plain name stays one.
 */
static void
add_text(struct fb_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int ascii = 1;

	for (const unsigned char *q = p; *q; q++)
		ascii &= *q >= 0x20 && *q < 0x7f;
	if (ascii) {
		fb_buf_addc(b, '(');
		for (; *p; p++) {
			if (*p == '(' || *p == ')' || *p == '\\')
				fb_buf_addc(b, '\\');
			fb_buf_addc(b, *p);
		}
		fb_buf_addc(b, ')');
		return;
	}
	fb_buf_adds(b, "<FEFF");
	while (*p) {
		uint32_t c = *p;
		int n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : 3;

		c = n == 0 ? c : n == 1 ? c & 0x1f : n == 2 ? c & 0x0f : c & 0x07;
		p++;
		for (int i = 0; i < n && (*p & 0xc0) == 0x80; i++)
			c = (c << 6) | (*p++ & 0x3f);
		if (c >= 0x10000) {
			c -= 0x10000;
			fb_buf_addf(b, "%04X%04X", 0xd800 + (unsigned)(c >> 10),
				    0xdc00 + (unsigned)(c & 0x3ff));
		} else
			fb_buf_addf(b, "%04X", (unsigned)c);
	}
	fb_buf_adds(b, ">");
}

/*
 * libharu's UTF-8 font shows each character as its UTF-16 code (the CID,
 * mapped to a glyph by CIDToGIDMap), and names as its ToUnicode a CMap
 * that maps codes to CIDs, not to Unicode.  This one maps each code of
 * the Basic Multilingual Plane to itself, 256 codes a range.
 */
static void
tounicode(struct fb_buf *b)
{
	int ranges[256], n = 0;

	for (int hi = 0; hi < 256; hi++)
		if (hi < 0xd8 || hi > 0xdf)
			ranges[n++] = hi;
	fb_buf_adds(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (int i = 0; i < n; i += 100) {
		int k = n - i < 100 ? n - i : 100;

		fb_buf_addf(b, "%d beginbfrange\n", k);
		for (int j = i; j < i + k; j++)
			fb_buf_addf(b, "<%02X00> <%02XFF> <%02X00>\n", ranges[j], ranges[j],
				    ranges[j]);
		fb_buf_adds(b, "endbfrange\n");
	}
	fb_buf_adds(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

static int
cmp_num(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* The cross-reference section: one subsection per run of numbers. */
static void
xref_section(struct pdf_out *o)
{
	int64_t (*pairs)[2] = fb_xcalloc(o->n, sizeof(*pairs));

	for (size_t i = 0; i < o->n; i++) {
		pairs[i][0] = o->nums[i];
		pairs[i][1] = o->offs[i];
	}
	qsort(pairs, o->n, sizeof(*pairs), cmp_num);
	fb_buf_adds(&o->b, "xref\n");
	for (size_t i = 0; i < o->n; ) {
		size_t j = i + 1;

		while (j < o->n && pairs[j][0] == pairs[j - 1][0] + 1)
			j++;
		fb_buf_addf(&o->b, "%" PRId64 " %zu\n", pairs[i][0], j - i);
		for (; i < j; i++)
			fb_buf_addf(&o->b, "%010" PRId64 " 00000 n\r\n", pairs[i][1]);
	}
	free(pairs);
}

int
fb_pdfa_make(const char *path, const char *xmp, size_t xmplen, const char *title,
	     const struct fb_pdfa_attachment *a, struct fb_err *err)
{
	struct pdf_in in;
	struct pdf_out o;
	struct fb_buf file = FB_BUF_INIT;
	const char *why = NULL, *cd, *ce;
	char hash[FB_SHA256_HEX + 1], chunk[65536];
	int64_t next, ef, spec, meta, icc, intent, info, xref;
	size_t n;
	FILE *fp;
	int rc = -1;

	memset(&in, 0, sizeof(in));
	memset(&o, 0, sizeof(o));
	fb_buf_init(&file);
	fb_buf_init(&o.b);
	if ((fp = fopen(path, "rb")) == NULL)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot make '%s' a PDF/A-3 file: %s",
				  path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		fb_buf_add(&file, chunk, n);
	if (ferror(fp)) {
		fclose(fp);
		fb_err_set(err, FB_ERR_RUNTIME, "cannot make '%s' a PDF/A-3 file: %s", path,
			   strerror(errno));
		goto out;
	}
	fclose(fp);
	in.buf = file.buf;
	in.len = file.len;
	if (read_pdf(&in, &why) < 0 || object_dict(&in, in.root, &cd, &ce) < 0 ||
	    (why = "the catalog already has metadata or attachments",
	     dict_has(cd, ce, "/Metadata") || dict_has(cd, ce, "/AF") ||
	     dict_has(cd, ce, "/Names") || dict_has(cd, ce, "/OutputIntents"))) {
		fb_err_set(err, FB_ERR_RUNTIME, "cannot make '%s' a PDF/A-3 file: %s", path,
			   why ? why : "its catalog cannot be read");
		goto out;
	}
	o.base = file.len;
	next = in.size;
	ef = next++;
	spec = next++;
	meta = next++;
	icc = next++;
	intent = next++;
	info = next++;

	/* The embedded file, and what it is to the document (ISO 19005-3, 6.8). */
	{
		struct fb_buf d = FB_BUF_INIT;

		fb_buf_init(&d);
		fb_buf_adds(&d, "/Type /EmbeddedFile /Subtype /");
		for (const char *m = a->mime; *m; m++)
			if (*m == '/')
				fb_buf_adds(&d, "#2F");
			else
				fb_buf_add(&d, m, 1);
		fb_buf_addf(&d, " /Params << /ModDate (%s) /Size %zu >>", a->moddate, a->len);
		obj_stream(&o, ef, d.buf, a->data, a->len);
		fb_buf_release(&d);
	}
	obj_begin(&o, spec);
	fb_buf_adds(&o.b, "<< /Type /Filespec /F ");
	add_text(&o.b, a->name);
	fb_buf_adds(&o.b, " /UF ");
	add_text(&o.b, a->name);
	fb_buf_adds(&o.b, " /Desc ");
	add_text(&o.b, a->desc);
	fb_buf_addf(&o.b, " /AFRelationship /%s /EF << /F %" PRId64 " 0 R /UF %" PRId64
		    " 0 R >> >>\nendobj\n", a->relationship, ef, ef);
	/* XMP is never compressed, so that any tool can find it. */
	obj_stream(&o, meta, "/Type /Metadata /Subtype /XML", xmp, xmplen);
	obj_stream(&o, icc, "/N 3", fb_pdfa_srgb_icc, fb_pdfa_srgb_icc_len);
	obj_begin(&o, intent);
	fb_buf_addf(&o.b, "<< /Type /OutputIntent /S /GTS_PDFA1"
		    " /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1)"
		    " /RegistryName (http://www.color.org) /DestOutputProfile %" PRId64
		    " 0 R >>\nendobj\n", icc);
	/* What the XMP says, and nothing it does not (ISO 19005-3, 6.6.2.3). */
	obj_begin(&o, info);
	fb_buf_adds(&o.b, "<< /Title ");
	add_text(&o.b, title);
	fb_buf_adds(&o.b, " /Creator (fixbill) /Producer (fixbill) >>\nendobj\n");

	/* The catalog again, libharu's keys first. */
	obj_begin(&o, in.root);
	fb_buf_add(&o.b, cd, (size_t)(ce - cd - 2));
	fb_buf_addf(&o.b, " /Version /1.7 /Metadata %" PRId64 " 0 R /OutputIntents [%" PRId64
		    " 0 R] /AF [%" PRId64 " 0 R] /Names << /EmbeddedFiles << /Names [",
		    meta, intent, spec);
	add_text(&o.b, a->name);
	fb_buf_addf(&o.b, " %" PRId64 " 0 R] >> >> >>\nendobj\n", spec);

	/* Each font's text map, so that the text reads back as it was written. */
	for (int64_t i = 1; i < in.size; i++) {
		const char *d, *e;
		int64_t tu;
		int seen = 0;

		if (object_dict(&in, i, &d, &e) < 0 || (tu = dict_ref(d, e, "/ToUnicode")) <= 0 ||
		    tu >= in.size)
			continue;
		for (size_t k = 0; k < o.n; k++)
			seen |= o.nums[k] == tu;
		if (!seen) {
			struct fb_buf m = FB_BUF_INIT;

			fb_buf_init(&m);
			tounicode(&m);
			obj_stream(&o, tu, "", m.buf, m.len);
			fb_buf_release(&m);
		}
	}

	/* One identifier for the content: libharu's bytes and the attachment. */
	{
		struct fb_buf h = FB_BUF_INIT;

		fb_buf_init(&h);
		fb_buf_add(&h, file.buf, file.len);
		fb_buf_add(&h, a->data, a->len);
		fb_sha256_hex(h.buf, h.len, hash);
		fb_buf_release(&h);
		hash[32] = '\0';
	}
	xref = (int64_t)(o.base + o.b.len);
	xref_section(&o);
	fb_buf_addf(&o.b, "trailer\n<< /Size %" PRId64 " /Root %" PRId64 " 0 R /Info %" PRId64
		    " 0 R /Prev %" PRId64 " /ID [<%s> <%s>] >>\nstartxref\n%" PRId64 "\n%%%%EOF\n",
		    next, in.root, info, in.xref, hash, hash, xref);

	/* libharu ends its file with an end-of-line after %%EOF: append after it. */
	if (file.len == 0 || file.buf[file.len - 1] != '\n') {
		fb_err_set(err, FB_ERR_RUNTIME, "cannot make '%s' a PDF/A-3 file: it does not"
			   " end with a line", path);
		goto out;
	}
	if ((fp = fopen(path, "ab")) == NULL ||
	    fwrite(o.b.buf, 1, o.b.len, fp) != o.b.len || fflush(fp) != 0) {
		fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s", path, strerror(errno));
		if (fp)
			fclose(fp);
		goto out;
	}
	if (fclose(fp) != 0) {
		fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(in.offsets);
	free(o.nums);
	free(o.offs);
	fb_buf_release(&o.b);
	fb_buf_release(&file);
	return rc;
}
