/*
 * diagram.h - a region's logic model as an inline SVG diagram.
 *
 * Graphviz (dot, in process) places the items in five columns from left to
 * right: context and actors, resources, core elements, mechanisms and
 * outcomes, with an arrow from each core element to the mechanisms that
 * arise from it (mechanism.elements) and from each mechanism to the outcomes
 * it leads to (outcome.mechanisms).  pilotti draws the SVG itself from the
 * layout: Graphviz never sees any text of the model (its nodes are named
 * "e0", "m3", ... and have empty labels sized by pilotti), so no user string
 * can be read by Graphviz as an escape sequence, an HTML-like label or a
 * record field.  Every string that reaches the SVG is escaped here.
 *
 * Not thread-safe: Graphviz keeps global state (its error handler, the
 * default attributes of its prototype graph), so call pl_diagram_svg from
 * one thread at a time.  The first call loads Graphviz's dot layout plugin
 * (libgvplugin_dot_layout) and keeps it loaded for the life of the process,
 * as Graphviz does with its own plugins.
 */
#ifndef PILOTTI_DIAGRAM_H
#define PILOTTI_DIAGRAM_H

#include <jansson.h>

#include "buf.h"

/* Column indexes of pl_diagram_options.labels. */
enum {
	PL_DIAGRAM_CONTEXT = 0,  /* context and actors */
	PL_DIAGRAM_RESOURCES,
	PL_DIAGRAM_ELEMENTS,
	PL_DIAGRAM_MECHANISMS,
	PL_DIAGRAM_OUTCOMES,
	PL_DIAGRAM_COLUMNS
};

/* Models with more items than this are refused (PL_EINVALID): dot's time
 * grows faster than linearly and such a diagram could not be read anyway. */
#define PL_DIAGRAM_MAX_ITEMS 1000

typedef struct {
	/* e.g. "Lappi – Etsivä sosiaalityö", for <title> and the text
	 * alternative; NULL: "REGION – MODEL" from the logic model */
	const char *title;
	/* column headings in the report's language: context & actors,
	 * resources, core elements, mechanisms, outcomes; a NULL entry takes
	 * the English default ("Context and actors", "Resources", ...) */
	const char *labels[5];
} pl_diagram_options;

/*
 * Lays out logic_model (a parsed logic-model.json) with Graphviz (dot, left
 * to right, one rank per column) and appends to out one standalone inline
 * SVG fragment: it starts with "<svg", has no XML declaration, DOCTYPE or
 * comments, and is well-formed XML.
 *
 * - The root has role="img" and aria-labelledby naming its <title> (opts'
 *   title) and its <desc>, a plain-text alternative: each column's heading,
 *   item count and item titles, then every link as "from → to".
 * - Every id attribute is id_prefix itself (the root) or id_prefix followed
 *   by "-title", "-desc", "-node-N" or "-edge-N", so several diagrams can
 *   share one HTML page.  Nodes are numbered from 0 in the order context,
 *   actors, resources, core elements, mechanisms, outcomes (each in the
 *   model's order), edges in the order of the links (mechanisms' elements,
 *   then outcomes' mechanisms).
 *   id_prefix must be 1-64 ASCII letters, digits, '-' or '_', starting
 *   with a letter.
 * - Each item is one <g class="node"> and each link one <g class="edge">;
 *   links to unknown ids are left out and repeated links drawn once.
 * - Titles are wrapped at about 28 characters on word boundaries (after a
 *   hyphen too; a longer word is cut between characters, never inside
 *   one), control characters become spaces, and a title is cut at 600
 *   characters with "…".
 * - Columns differ in shape as well as colour (context and actors: a note
 *   with a folded corner, resources: a cylinder, core elements: a rounded
 *   rectangle, mechanisms: a hexagon, outcomes: an ellipse; the shape
 *   element's class says which: "context", "actor", "resource", "element",
 *   "mechanism", "outcome").  Text is #1a1a1a on light fills (contrast
 *   14:1 or more), outlines and arrows at least 6:1 against the diagram's
 *   own white background; the font is the generic sans-serif.  No href, no
 *   script, no style sheet, no external reference.
 * - The output depends only on the arguments (and the Graphviz version):
 *   no time, no random ids, no paths; text widths are estimated from fixed
 *   metrics, not from the fonts installed.  Numbers are written with a '.' whatever the locale.
 *
 * opts may be NULL (English headings, the default title).  Width and
 * height are in CSS pixels (one Graphviz point each); a report can scale
 * the diagram with max-width: 100%; height: auto.
 *
 * Missing arrays in logic_model count as empty, so "{}" gives a small valid
 * diagram with empty columns.  Returns 0; PL_EUSAGE for a NULL argument or
 * a bad id_prefix; PL_EINVALID when logic_model is not an object, a column
 * or link list is not an array, an item is not an object, a title or link
 * is not a string, or there are more than PL_DIAGRAM_MAX_ITEMS items; or
 * PL_ERROR when Graphviz cannot be loaded or fails (its messages are in
 * the error message).  Never prints: Graphviz's messages are captured while
 * it runs.  On error out is left as it was.
 */
int pl_diagram_svg(const json_t *logic_model, const char *id_prefix,
		   const pl_diagram_options *opts, pl_buf *out);

#endif
