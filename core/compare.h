/*
 * compare.h - comparing a series between two sources (workshops,
 * revisions, the working tree) region model by region model.
 */
#ifndef PILOTTI_COMPARE_H
#define PILOTTI_COMPARE_H

#include <jansson.h>

#include "source.h"

typedef struct {
	const char *region; /* NULL: every region */
	const char *model;  /* NULL: every model of the region */
} pl_diff_filter;

typedef struct {
	const char *name;   /* "workshop/tp1", a revision, "working tree" */
	const char *commit; /* full id, or NULL for a working tree */
} pl_diff_side_name;

/*
 * Compares the series in from and to: every region model (declared on
 * either side, within filter) whose files differ, as the document of
 * docs/diff.md (*out, new reference).
 */
int pl_diff_series(pl_source *from, const pl_diff_side_name *from_name, pl_source *to,
		   const pl_diff_side_name *to_name, const pl_diff_filter *filter, json_t **out);

#endif
