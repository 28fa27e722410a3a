/*
 * diff.h - how a region's model changed, in the words of the model.
 *
 * The engine compares two sides of one region model (logic model,
 * evaluation, program theory) and describes the change as the data model
 * of docs/diff.md: items matched by id (a pure reordering is no change),
 * renames recognised by content, text fields and program-theory sections
 * with a word diff.  It reads and writes nothing; pl_diff_series
 * (compare.h) feeds it from two sources.
 */
#ifndef PILOTTI_DIFF_H
#define PILOTTI_DIFF_H

#include <stddef.h>

#include <jansson.h>


typedef struct {
	const json_t *logic_model; /* NULL: none */
	const json_t *evaluation;  /* NULL: none */
	const char *theory;        /* program theory, NULL: none */
	size_t theory_len;
} pl_region_side;

/*
 * The region model object of docs/diff.md for region/model changing from
 * from to to (new reference).  from == NULL means the region model is new
 * ("added"), to == NULL that it is gone ("removed").
 */
json_t *pl_diff_region_model(const char *region, const char *model,
			     const pl_region_side *from, const pl_region_side *to);

/* Items whose text is at least this alike (per cent) count as renamed. */
#define PL_DIFF_RENAME_SIMILARITY 75

#endif
