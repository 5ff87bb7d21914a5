/*
 * lazy_xml.h - libxml2's text writer, called through the table that
 * fb_lazy_xml fills (lazy.h says why: libxml2 brings ICU and the C++
 * runtime with it, which no command but an e-invoice export needs).
 *
 * Include it after the libxml2 headers, and only in the files that call
 * the library; each of their public functions calls fb_lazy_xml before
 * the first library call.
 */
#ifndef FB_LAZY_XML_H
#define FB_LAZY_XML_H

#include <libxml/xmlwriter.h>

#include "lazy.h"

/* Every library function fixbill calls. */
#define FB_LAZY_XML_FUNCS(X) \
	X(xmlBufferContent) \
	X(xmlBufferCreate) \
	X(xmlBufferFree) \
	X(xmlBufferLength) \
	X(xmlFreeTextWriter) \
	X(xmlNewTextWriterMemory) \
	X(xmlTextWriterEndDocument) \
	X(xmlTextWriterEndElement) \
	X(xmlTextWriterFlush) \
	X(xmlTextWriterSetIndent) \
	X(xmlTextWriterSetIndentString) \
	X(xmlTextWriterStartDocument) \
	X(xmlTextWriterStartElement) \
	X(xmlTextWriterWriteAttribute) \
	X(xmlTextWriterWritePI) \
	X(xmlTextWriterWriteString)

struct fb_lazy_xml_fns {
#define FB_LAZY_FIELD(name) __typeof__(name) *name;
	FB_LAZY_XML_FUNCS(FB_LAZY_FIELD)
#undef FB_LAZY_FIELD
};

/* Filled by fb_lazy_xml; valid only after it has returned 0. */
extern struct fb_lazy_xml_fns fb_lazy_xml_fn;

#ifndef FB_LAZY_IMPL
#define xmlBufferContent                (fb_lazy_xml_fn.xmlBufferContent)
#define xmlBufferCreate                 (fb_lazy_xml_fn.xmlBufferCreate)
#define xmlBufferFree                   (fb_lazy_xml_fn.xmlBufferFree)
#define xmlBufferLength                 (fb_lazy_xml_fn.xmlBufferLength)
#define xmlFreeTextWriter               (fb_lazy_xml_fn.xmlFreeTextWriter)
#define xmlNewTextWriterMemory          (fb_lazy_xml_fn.xmlNewTextWriterMemory)
#define xmlTextWriterEndDocument        (fb_lazy_xml_fn.xmlTextWriterEndDocument)
#define xmlTextWriterEndElement         (fb_lazy_xml_fn.xmlTextWriterEndElement)
#define xmlTextWriterFlush              (fb_lazy_xml_fn.xmlTextWriterFlush)
#define xmlTextWriterSetIndent          (fb_lazy_xml_fn.xmlTextWriterSetIndent)
#define xmlTextWriterSetIndentString    (fb_lazy_xml_fn.xmlTextWriterSetIndentString)
#define xmlTextWriterStartDocument      (fb_lazy_xml_fn.xmlTextWriterStartDocument)
#define xmlTextWriterStartElement       (fb_lazy_xml_fn.xmlTextWriterStartElement)
#define xmlTextWriterWriteAttribute     (fb_lazy_xml_fn.xmlTextWriterWriteAttribute)
#define xmlTextWriterWritePI            (fb_lazy_xml_fn.xmlTextWriterWritePI)
#define xmlTextWriterWriteString        (fb_lazy_xml_fn.xmlTextWriterWriteString)
#endif

#endif
