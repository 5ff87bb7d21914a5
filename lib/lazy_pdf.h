/*
 * lazy_pdf.h - libharu's functions, called through the table that
 * fb_lazy_pdf fills (lazy.h says why).
 *
 * Include it after <hpdf.h>, and only in the files that call the
 * library; each of their public functions calls fb_lazy_pdf before the
 * first library call.  A function missing from FB_LAZY_PDF_FUNCS fails the
 * link of ./fixbill, which no longer links the library.
 */
#ifndef FB_LAZY_PDF_H
#define FB_LAZY_PDF_H

#include <hpdf.h>

#include "lazy.h"

/* Every library function fixbill calls. */
#define FB_LAZY_PDF_FUNCS(X) \
	X(HPDF_AddPage) \
	X(HPDF_Font_TextWidth) \
	X(HPDF_Free) \
	X(HPDF_GetFont) \
	X(HPDF_Image_GetHeight) \
	X(HPDF_Image_GetWidth) \
	X(HPDF_LoadJpegImageFromFile) \
	X(HPDF_LoadPngImageFromFile) \
	X(HPDF_LoadTTFontFromFile) \
	X(HPDF_LoadTTFontFromFile2) \
	X(HPDF_New) \
	X(HPDF_Page_BeginText) \
	X(HPDF_Page_DrawImage) \
	X(HPDF_Page_EndText) \
	X(HPDF_Page_Fill) \
	X(HPDF_Page_LineTo) \
	X(HPDF_Page_MoveTo) \
	X(HPDF_Page_Rectangle) \
	X(HPDF_Page_SetFontAndSize) \
	X(HPDF_Page_SetGrayFill) \
	X(HPDF_Page_SetGrayStroke) \
	X(HPDF_Page_SetHeight) \
	X(HPDF_Page_SetLineWidth) \
	X(HPDF_Page_SetTextRenderingMode) \
	X(HPDF_Page_SetWidth) \
	X(HPDF_Page_Stroke) \
	X(HPDF_Page_TextOut) \
	X(HPDF_SaveToFile) \
	X(HPDF_SetCompressionMode) \
	X(HPDF_SetInfoAttr) \
	X(HPDF_UseUTFEncodings)

struct fb_lazy_pdf_fns {
#define FB_LAZY_FIELD(name) __typeof__(name) *name;
	FB_LAZY_PDF_FUNCS(FB_LAZY_FIELD)
#undef FB_LAZY_FIELD
};

/* Filled by fb_lazy_pdf; valid only after it has returned 0. */
extern struct fb_lazy_pdf_fns fb_lazy_pdf_fn;

#ifndef FB_LAZY_IMPL
#define HPDF_AddPage                    (fb_lazy_pdf_fn.HPDF_AddPage)
#define HPDF_Font_TextWidth             (fb_lazy_pdf_fn.HPDF_Font_TextWidth)
#define HPDF_Free                       (fb_lazy_pdf_fn.HPDF_Free)
#define HPDF_GetFont                    (fb_lazy_pdf_fn.HPDF_GetFont)
#define HPDF_Image_GetHeight            (fb_lazy_pdf_fn.HPDF_Image_GetHeight)
#define HPDF_Image_GetWidth             (fb_lazy_pdf_fn.HPDF_Image_GetWidth)
#define HPDF_LoadJpegImageFromFile      (fb_lazy_pdf_fn.HPDF_LoadJpegImageFromFile)
#define HPDF_LoadPngImageFromFile       (fb_lazy_pdf_fn.HPDF_LoadPngImageFromFile)
#define HPDF_LoadTTFontFromFile         (fb_lazy_pdf_fn.HPDF_LoadTTFontFromFile)
#define HPDF_LoadTTFontFromFile2        (fb_lazy_pdf_fn.HPDF_LoadTTFontFromFile2)
#define HPDF_New                        (fb_lazy_pdf_fn.HPDF_New)
#define HPDF_Page_BeginText             (fb_lazy_pdf_fn.HPDF_Page_BeginText)
#define HPDF_Page_DrawImage             (fb_lazy_pdf_fn.HPDF_Page_DrawImage)
#define HPDF_Page_EndText               (fb_lazy_pdf_fn.HPDF_Page_EndText)
#define HPDF_Page_Fill                  (fb_lazy_pdf_fn.HPDF_Page_Fill)
#define HPDF_Page_LineTo                (fb_lazy_pdf_fn.HPDF_Page_LineTo)
#define HPDF_Page_MoveTo                (fb_lazy_pdf_fn.HPDF_Page_MoveTo)
#define HPDF_Page_Rectangle             (fb_lazy_pdf_fn.HPDF_Page_Rectangle)
#define HPDF_Page_SetFontAndSize        (fb_lazy_pdf_fn.HPDF_Page_SetFontAndSize)
#define HPDF_Page_SetGrayFill           (fb_lazy_pdf_fn.HPDF_Page_SetGrayFill)
#define HPDF_Page_SetGrayStroke         (fb_lazy_pdf_fn.HPDF_Page_SetGrayStroke)
#define HPDF_Page_SetHeight             (fb_lazy_pdf_fn.HPDF_Page_SetHeight)
#define HPDF_Page_SetLineWidth          (fb_lazy_pdf_fn.HPDF_Page_SetLineWidth)
#define HPDF_Page_SetTextRenderingMode  (fb_lazy_pdf_fn.HPDF_Page_SetTextRenderingMode)
#define HPDF_Page_SetWidth              (fb_lazy_pdf_fn.HPDF_Page_SetWidth)
#define HPDF_Page_Stroke                (fb_lazy_pdf_fn.HPDF_Page_Stroke)
#define HPDF_Page_TextOut               (fb_lazy_pdf_fn.HPDF_Page_TextOut)
#define HPDF_SaveToFile                 (fb_lazy_pdf_fn.HPDF_SaveToFile)
#define HPDF_SetCompressionMode         (fb_lazy_pdf_fn.HPDF_SetCompressionMode)
#define HPDF_SetInfoAttr                (fb_lazy_pdf_fn.HPDF_SetInfoAttr)
#define HPDF_UseUTFEncodings            (fb_lazy_pdf_fn.HPDF_UseUTFEncodings)
#endif

#endif
