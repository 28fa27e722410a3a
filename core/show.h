/*
 * show.h - a region's model as it was: logic model, evaluation and program
 * theory together, as readable text or as JSON data.
 */
#ifndef PILOTTI_SHOW_H
#define PILOTTI_SHOW_H

#include "buf.h"
#include "source.h"

typedef enum { PL_SHOW_TEXT, PL_SHOW_JSON } pl_show_format;

/*
 * Appends region/model as src holds it to out.  PL_ENOTFOUND if pilot.json
 * does not let the region pilot the model; PL_EINVALID if a file cannot be
 * read as the format says (pilotti validate tells why).
 *
 * The JSON form is one object: {"series", "revision", "region": {"id",
 * "name"}, "model": {"id", "title"}, "logic_model": {...}, "evaluation":
 * {...}, "program_theory": "Markdown"}, the files' data in their canonical
 * key order.
 */
int pl_show_region_model(pl_source *src, const char *region, const char *model,
			 pl_show_format format, pl_buf *out);

#endif
