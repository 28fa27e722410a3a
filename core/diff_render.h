/*
 * diff_render.h - a diff document (docs/diff.md) for people: plain text
 * (optionally coloured), Markdown, or an HTML fragment for the reports.
 *
 * The renderer only reads the json_t the diff engine produces; it never
 * changes it.  Every string of the document is treated as untrusted: the
 * Markdown and HTML outputs escape it so that it cannot change their
 * structure, and control characters are replaced in every style.
 */
#ifndef PILOTTI_DIFF_RENDER_H
#define PILOTTI_DIFF_RENDER_H

#include <jansson.h>

#include "buf.h"

typedef enum { PL_DIFF_TEXT, PL_DIFF_MARKDOWN, PL_DIFF_HTML } pl_diff_style;

typedef struct {
	pl_diff_style style;
	int color;   /* text only: ANSI colours (red deletions, green insertions, bold headings) */
	int summary; /* print the whole-series summary (one line per region model) first */
	int details; /* print each region model's details */
} pl_diff_render_options;

/*
 * Appends the diff document diff to out in the style opts asks for (NULL
 * opts: plain text, summary and details).  The output depends on nothing
 * but diff and opts.
 *
 * Returns 0, PL_EUSAGE for a NULL out or an unknown style, or PL_EINVALID
 * (with a message naming the JSON pointer of the first bad value) when diff
 * is not of the shape docs/diff.md describes; members the renderer does not
 * know are ignored.  On error out is left as it was.
 */
int pl_diff_render(const json_t *diff, const pl_diff_render_options *opts, pl_buf *out);

/*
 * Appends s (UTF-8) to out with &, <, > , " and ' replaced by character
 * references, safe in HTML text and in quoted attribute values.  A NULL s
 * appends nothing.
 */
void pl_html_escape(pl_buf *out, const char *s);

#endif
