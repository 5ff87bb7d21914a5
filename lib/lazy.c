/*
 * lazy.c - dlopen the exporters' libraries on first use (lazy.h says why).
 *
 * A library is tried by its soname first, the name a runtime package
 * installs, then by its development name.  The Makefile reads each
 * soname from the library fixbill was built against (FB_XLSX_SONAME,
 * FB_HPDF_SONAME, FB_XML_SONAME), so no one distribution's file names are written in
 * here.  Symbols are resolved all at once, so a library too old for
 * fixbill fails here, with its name, rather than at some later call.
 */
#define FB_LAZY_IMPL
#include "lazy.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lazy_pdf.h"
#include "lazy_xlsx.h"
#include "lazy_xml.h"

/* Built without them (no objdump), only the development names are tried. */
#ifndef FB_XLSX_SONAME
#define FB_XLSX_SONAME ""
#endif
#ifndef FB_HPDF_SONAME
#define FB_HPDF_SONAME ""
#endif
#ifndef FB_XML_SONAME
#define FB_XML_SONAME ""
#endif

struct fb_lazy_xlsx_fns fb_lazy_xlsx_fn;
struct fb_lazy_pdf_fns fb_lazy_pdf_fn;
struct fb_lazy_xml_fns fb_lazy_xml_fn;

/* One function to resolve: its name and where its pointer goes. */
struct sym {
	const char *name;
	void *slot;
};

static const struct sym xlsx_syms[] = {
#define FB_LAZY_SYM(name) { #name, &fb_lazy_xlsx_fn.name },
	FB_LAZY_XLSX_FUNCS(FB_LAZY_SYM)
#undef FB_LAZY_SYM
};

static const struct sym pdf_syms[] = {
#define FB_LAZY_SYM(name) { #name, &fb_lazy_pdf_fn.name },
	FB_LAZY_PDF_FUNCS(FB_LAZY_SYM)
#undef FB_LAZY_SYM
};

static const struct sym xml_syms[] = {
#define FB_LAZY_SYM(name) { #name, &fb_lazy_xml_fn.name },
	FB_LAZY_XML_FUNCS(FB_LAZY_SYM)
#undef FB_LAZY_SYM
};

/*
 * Open the first of the two names that loads; fill the table from syms.
 * ISO C has no conversion from void * to a function pointer; POSIX
 * guarantees the representations agree, so the bytes are copied.
 */
static int
load(void **handle, const char *lib, const char *const names[2],
     const struct sym *syms, size_t nsyms, void *table, size_t size,
     struct fb_err *err)
{
	char why[512];
	void *h;
	int saved = errno;

	if (*handle != NULL)
		return 0;
	h = *names[0] != '\0' ? dlopen(names[0], RTLD_NOW | RTLD_LOCAL) : NULL;
	if (h == NULL) {
		/* Report the soname's failure: that is the name that matters. */
		const char *e = *names[0] != '\0' ? dlerror() : NULL;

		snprintf(why, sizeof(why), "%s", e != NULL ? e : "");
		if ((h = dlopen(names[1], RTLD_NOW | RTLD_LOCAL)) == NULL) {
			if (*why == '\0') {
				e = dlerror();
				snprintf(why, sizeof(why), "%s", e != NULL ? e : names[1]);
			}
			return fb_err_set(err, FB_ERR_RUNTIME, "cannot load %s: %s",
					  lib, why);
		}
	}
	for (size_t i = 0; i < nsyms; i++) {
		void *p;

		dlerror();
		if ((p = dlsym(h, syms[i].name)) == NULL) {
			const char *e = dlerror();

			fb_err_set(err, FB_ERR_RUNTIME, "cannot load %s: %s", lib,
				   e != NULL ? e : syms[i].name);
			memset(table, 0, size);
			dlclose(h);
			return -1;
		}
		memcpy(syms[i].slot, &p, sizeof(p));
	}
	*handle = h;
	/* The search leaves errno set; callers may read it after their next call. */
	errno = saved;
	return 0;
}

int
fb_lazy_xlsx(struct fb_err *err)
{
	static const char *const names[2] = { FB_XLSX_SONAME, "libxlsxwriter.so" };
	static void *handle;

	return load(&handle, "libxlsxwriter", names, xlsx_syms,
		    FB_ARRAY_SIZE(xlsx_syms), &fb_lazy_xlsx_fn,
		    sizeof(fb_lazy_xlsx_fn), err);
}

int
fb_lazy_pdf(struct fb_err *err)
{
	static const char *const names[2] = { FB_HPDF_SONAME, "libhpdf.so" };
	static void *handle;

	return load(&handle, "libhpdf", names, pdf_syms,
		    FB_ARRAY_SIZE(pdf_syms), &fb_lazy_pdf_fn,
		    sizeof(fb_lazy_pdf_fn), err);
}

int
fb_lazy_xml(struct fb_err *err)
{
	static const char *const names[2] = { FB_XML_SONAME, "libxml2.so" };
	static void *handle;

	return load(&handle, "libxml2", names, xml_syms,
		    FB_ARRAY_SIZE(xml_syms), &fb_lazy_xml_fn,
		    sizeof(fb_lazy_xml_fn), err);
}
