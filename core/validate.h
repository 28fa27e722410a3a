/*
 * validate.h - checking a whole series.
 */
#ifndef PILOTTI_VALIDATE_H
#define PILOTTI_VALIDATE_H

#include "diag.h"
#include "json.h"
#include "source.h"

/* The kinds of JSON file in a series, each with its schema. */
typedef enum {
	PL_FILE_PILOT,       /* pilot.json */
	PL_FILE_MODEL,       /* models/M/model.json */
	PL_FILE_LOGIC_MODEL, /* regions/R/M/logic-model.json */
	PL_FILE_EVALUATION,  /* regions/R/M/evaluation.json */
	PL_FILE_KIND_COUNT
} pl_file_kind;

/* Template name of the schema for kind, e.g. "schemas/pilot.schema.json". */
const char *pl_schema_name(pl_file_kind kind);
/* Loads the built-in schema for kind; free with pl_schema_free. */
struct pl_schema;
int pl_schema_load_kind(struct pl_schema **out, pl_file_kind kind);
/* The kind of JSON file at a series-relative path; returns -1 for a path
 * that is no JSON file of the format. */
int pl_file_kind_of(const char *path);

/* What a series holds, for a summary line. */
typedef struct {
	char *id;           /* series id, or NULL if pilot.json did not parse */
	size_t models;
	size_t regions;
	size_t region_models; /* region x model pairs */
	size_t workshops;
} pl_series_stats;

void pl_series_stats_release(pl_series_stats *stats);

/*
 * Checks every file of the series in src: syntax, schema, references
 * between files, required program-theory sections, sizes and encoding.
 * Adds findings to diags (sorted) and, if stats is not NULL, fills it.  Returns 0 when the check ran (whatever
 * it found), or a negative code when the series could not be read at all.
 */
int pl_validate_series(pl_source *src, pl_diags *diags, pl_series_stats *stats);

/* True if s is a valid id: [a-z0-9][a-z0-9-]*, at most 64 characters.
 * Only valid ids are ever used to build paths. */
int pl_is_id(const char *s);

/*
 * Checks pilot.json as parsed in doc (schema and its own rules) - used
 * before writing a changed pilot.json.  Adds findings to diags.
 */
void pl_validate_pilot_doc(const pl_json_doc *doc, pl_diags *diags);

#endif
