/*
 * pilot.h - reading pilot.json: the series' models, regions, workshops and
 * people, whatever the source (a folder or a revision).
 */
#ifndef PILOTTI_PILOT_H
#define PILOTTI_PILOT_H

#include <jansson.h>

#include "diag.h"
#include "source.h"

/*
 * Reads and parses pilot.json from src into *out (new reference; free with
 * json_decref).  No pilot.json is PL_ENOTFOUND; one that does not parse
 * gets findings in diags and PL_EINVALID; a file that parses is returned even if it breaks
 * the format (pl_validate_series reports that).
 */
int pl_pilot_load(json_t **out, pl_source *src, pl_diags *diags);

/* The series' main language ("fi" when not given). */
const char *pl_pilot_language(const json_t *pilot);
/* A text object's variant in lang, else its first variant, else "". */
const char *pl_pilot_text(const json_t *text, const char *lang);
/* The object with "id" equal to id in list, or NULL (borrowed). */
json_t *pl_pilot_find(const json_t *list, const char *id);
/* The list called key in pilot ("models", "regions", ...), or NULL. */
const json_t *pl_pilot_list(const json_t *pilot, const char *key);

#endif
