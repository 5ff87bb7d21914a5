/*
 * lazy.h - the exporters' libraries, loaded on first use.
 *
 * libxlsxwriter (with zlib, minizip and libcrypto), libharu (with
 * libpng and zlib) and libxml2 (with ICU and the C++ runtime) cost a few milliseconds to map and relocate at every
 * process start, which is most of the start-up of a command such as
 * "time start" that never writes a workbook or a PDF.  So ./fixbill does
 * not link them: the exporters that need one call fb_lazy_xlsx or
 * fb_lazy_pdf first, which dlopen the library and fill a table of
 * function pointers, and lazy_xlsx.h / lazy_pdf.h redirect each library
 * call in those files through that table.  The pointers take their types
 * from the library's own prototypes, so they cannot drift from them.
 *
 * The handles are kept for the life of the process.
 */
#ifndef FB_LAZY_H
#define FB_LAZY_H

#include "util.h"

/*
 * Load libxlsxwriter and resolve every function fixbill calls, once.
 * Returns 0, or -1 with err set (FB_ERR_RUNTIME, "cannot load
 * libxlsxwriter: ...") when the library or a function is missing; a
 * later call tries again.
 */
int fb_lazy_xlsx(struct fb_err *err);

/* The same for libharu ("cannot load libhpdf: ..."). */
int fb_lazy_pdf(struct fb_err *err);

/* The same for libxml2's text writer ("cannot load libxml2: ..."). */
int fb_lazy_xml(struct fb_err *err);

#endif
