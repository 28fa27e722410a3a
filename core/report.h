/*
 * report.h - the cross-region comparison report's data model.
 *
 * pl_report_build reads a series at one revision (straight from the object
 * database, or a folder) and gathers, per operating model, what the report
 * shows: the core-element matrix (reference elements x regions: adaptation,
 * fidelity, reasons for leaving out), the regions' own elements, outcomes
 * and their status, conditions (context, actors, mechanisms), evaluation
 * status and data gathered, changes since the previous workshop, and each
 * region's program theory as safe HTML.  The structure is documented in
 * docs/report.md; templates and the CSV are made from it.
 */
#ifndef PILOTTI_REPORT_H
#define PILOTTI_REPORT_H

#include <jansson.h>

#include "buf.h"
#include "source.h"

typedef struct {
	const char *name;        /* what the report shows: "workshop/tp3", a revision, "working tree" */
	const char *commit;      /* full commit id, or NULL */
	const char *workshop;    /* workshop id when name is a closed workshop, else NULL */
	pl_source *previous;     /* the previous workshop's series, or NULL */
	const char *previous_name;
	const char *lang;        /* "fi", "sv", "en", or NULL: the series' language */
	const char *const *models;  /* only these models (NULL-terminated), or NULL: all */
	const char *const *regions; /* only these regions, or NULL: all */
	int html;                /* add what only the HTML layout shows: each region's
	                            changes as an HTML fragment ("changes_html") and
	                            its logic model as an inline SVG ("diagram_svg") */
} pl_report_options;

/* Builds the data model (*out, new reference).  PL_EINVALID if the series
 * cannot be read as the format says ('pilotti validate' tells why). */
int pl_report_build(pl_source *src, const pl_report_options *opts, json_t **out);

/*
 * Renders report through template text (a logic-less template, see
 * template.h; name for error messages), escaping values as HTML or as
 * Markdown.  PL_EINVALID with "name:line:col: ..." for a malformed
 * template.
 */
int pl_report_render(const json_t *report, const char *name, const char *text, size_t len,
		     int markdown, pl_buf *out);

/*
 * Appends the report as CSV (RFC 4180, UTF-8, CRLF line ends): one row per
 * region x model x core element, with the adaptation, fidelity and the
 * region model's outcome counts.  Cells that a spreadsheet would run as a
 * formula are neutralised with a leading apostrophe.
 */
int pl_report_csv(const json_t *report, pl_buf *out);

#endif
