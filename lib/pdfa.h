/*
 * pdfa.h - making the PDF invoice a PDF/A-3 file with an embedded file
 * (Factur-X, SPEC section 13).
 *
 * libharu 2.3.0 writes PDF 1.3 without an output intent, XMP metadata
 * or associated files.  Rather than a second PDF library, fixbill adds
 * them the way PDF itself provides for changing a finished file: an
 * incremental update (ISO 32000-1, 7.5.6) appended after libharu's
 * %%EOF, whose new objects are the embedded file and its file
 * specification (with AFRelationship), the XMP metadata stream, the sRGB
 * ICC profile and its output intent, a document information dictionary
 * that agrees with the XMP, a ToUnicode map for the font, and the
 * catalog again with /Metadata, /OutputIntents, /AF and /Names added;
 * then a cross-reference section and a trailer with /Prev and /ID.
 * Every byte libharu wrote stays where it was.
 *
 * Only a file libharu wrote is read: one revision, a classic
 * cross-reference table, an unencrypted trailer.
 */
#ifndef FB_PDFA_H
#define FB_PDFA_H

#include <stddef.h>

#include "util.h"

/* sRGB IEC61966-2.1 (ICC v2), from Debian's icc-profiles-free (lib/pdfa_icc.c). */
extern const unsigned char fb_pdfa_srgb_icc[];
extern const size_t fb_pdfa_srgb_icc_len;

struct fb_pdfa_attachment {
	const char *name;		/* factur-x.xml */
	const char *mime;		/* text/xml */
	const char *desc;		/* shown by readers */
	const char *relationship;	/* AFRelationship: Data, Source, Alternative... */
	const char *moddate;		/* PDF date, D:20261031000000Z */
	const char *data;
	size_t len;
};

/*
 * Append the PDF/A-3 update to the PDF at path: xmp (the metadata,
 * which must declare PDF/A-3 and describe any extension schema), title
 * (for the information dictionary, as the XMP's dc:title; ASCII or
 * not, it is written as UTF-16) and the attachment.  FB_ERR_RUNTIME:
 *   cannot make 'PATH' a PDF/A-3 file: <why>
 */
int fb_pdfa_make(const char *path, const char *xmp, size_t xmplen, const char *title,
		 const struct fb_pdfa_attachment *a, struct fb_err *err);

#endif
