/*
 * lazy_xlsx.h - libxlsxwriter's functions, called through the table that
 * fb_lazy_xlsx fills (lazy.h says why).
 *
 * Include it after <xlsxwriter.h>, and only in the files that call the
 * library; each of their public functions calls fb_lazy_xlsx before the
 * first library call.  A function missing from FB_LAZY_XLSX_FUNCS fails the
 * link of ./fixbill, which no longer links the library.
 */
#ifndef FB_LAZY_XLSX_H
#define FB_LAZY_XLSX_H

#include <xlsxwriter.h>

#include "lazy.h"

/* Every library function fixbill calls. */
#define FB_LAZY_XLSX_FUNCS(X) \
	X(worksheet_write_datetime) \
	X(worksheet_insert_image_opt) \
	X(format_set_italic) \
	X(chart_add_series) \
	X(chart_axis_set_name) \
	X(chart_legend_set_position) \
	X(chart_series_set_name) \
	X(chart_title_set_name) \
	X(chartsheet_set_chart) \
	X(format_set_align) \
	X(format_set_bg_color) \
	X(format_set_bold) \
	X(format_set_bottom) \
	X(format_set_font_size) \
	X(format_set_num_format) \
	X(format_set_text_wrap) \
	X(format_set_top) \
	X(lxw_strerror) \
	X(workbook_add_chart) \
	X(workbook_add_chartsheet) \
	X(workbook_add_format) \
	X(workbook_add_worksheet) \
	X(workbook_close) \
	X(workbook_new) \
	X(workbook_new_opt) \
	X(workbook_set_properties) \
	X(worksheet_autofilter) \
	X(worksheet_freeze_panes) \
	X(worksheet_set_column) \
	X(worksheet_write_formula_num) \
	X(worksheet_write_number) \
	X(worksheet_write_string)

struct fb_lazy_xlsx_fns {
#define FB_LAZY_FIELD(name) __typeof__(name) *name;
	FB_LAZY_XLSX_FUNCS(FB_LAZY_FIELD)
#undef FB_LAZY_FIELD
};

/* Filled by fb_lazy_xlsx; valid only after it has returned 0. */
extern struct fb_lazy_xlsx_fns fb_lazy_xlsx_fn;

#ifndef FB_LAZY_IMPL
#define worksheet_write_datetime    (fb_lazy_xlsx_fn.worksheet_write_datetime)
#define worksheet_insert_image_opt  (fb_lazy_xlsx_fn.worksheet_insert_image_opt)
#define format_set_italic           (fb_lazy_xlsx_fn.format_set_italic)
#define chart_add_series            (fb_lazy_xlsx_fn.chart_add_series)
#define chart_axis_set_name         (fb_lazy_xlsx_fn.chart_axis_set_name)
#define chart_legend_set_position   (fb_lazy_xlsx_fn.chart_legend_set_position)
#define chart_series_set_name       (fb_lazy_xlsx_fn.chart_series_set_name)
#define chart_title_set_name        (fb_lazy_xlsx_fn.chart_title_set_name)
#define chartsheet_set_chart        (fb_lazy_xlsx_fn.chartsheet_set_chart)
#define format_set_align            (fb_lazy_xlsx_fn.format_set_align)
#define format_set_bg_color         (fb_lazy_xlsx_fn.format_set_bg_color)
#define format_set_bold             (fb_lazy_xlsx_fn.format_set_bold)
#define format_set_bottom           (fb_lazy_xlsx_fn.format_set_bottom)
#define format_set_font_size        (fb_lazy_xlsx_fn.format_set_font_size)
#define format_set_num_format       (fb_lazy_xlsx_fn.format_set_num_format)
#define format_set_text_wrap        (fb_lazy_xlsx_fn.format_set_text_wrap)
#define format_set_top              (fb_lazy_xlsx_fn.format_set_top)
#define lxw_strerror                (fb_lazy_xlsx_fn.lxw_strerror)
#define workbook_add_chart          (fb_lazy_xlsx_fn.workbook_add_chart)
#define workbook_add_chartsheet     (fb_lazy_xlsx_fn.workbook_add_chartsheet)
#define workbook_add_format         (fb_lazy_xlsx_fn.workbook_add_format)
#define workbook_add_worksheet      (fb_lazy_xlsx_fn.workbook_add_worksheet)
#define workbook_close              (fb_lazy_xlsx_fn.workbook_close)
#define workbook_new                (fb_lazy_xlsx_fn.workbook_new)
#define workbook_new_opt            (fb_lazy_xlsx_fn.workbook_new_opt)
#define workbook_set_properties     (fb_lazy_xlsx_fn.workbook_set_properties)
#define worksheet_autofilter        (fb_lazy_xlsx_fn.worksheet_autofilter)
#define worksheet_freeze_panes      (fb_lazy_xlsx_fn.worksheet_freeze_panes)
#define worksheet_set_column        (fb_lazy_xlsx_fn.worksheet_set_column)
#define worksheet_write_formula_num (fb_lazy_xlsx_fn.worksheet_write_formula_num)
#define worksheet_write_number      (fb_lazy_xlsx_fn.worksheet_write_number)
#define worksheet_write_string      (fb_lazy_xlsx_fn.worksheet_write_string)
#endif

#endif
