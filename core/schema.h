/*
 * schema.h - the JSON Schema subset pilotti's own schemas use.
 *
 * The schemas shipped in templates/schemas are the single source of truth
 * for the format: this module validates data against them and uses the
 * order of their "properties" as the canonical key order.  Supported
 * keywords (draft 2020-12 semantics): $ref (local "#/..." only), type, enum,
 * const, properties, required, additionalProperties, items, minItems,
 * maxItems, minProperties, minLength, maxLength (in characters), pattern
 * (the subset shared by ECMA-262 and POSIX extended regular expressions),
 * minimum, maximum, anyOf, and format "date" and "email".  Other keywords
 * are annotations and ignored.
 */
#ifndef PILOTTI_SCHEMA_H
#define PILOTTI_SCHEMA_H

#include <jansson.h>

#include "diag.h"
#include "json.h"

typedef struct pl_schema pl_schema;

/* Parses a schema from text; free the result with pl_schema_free. */
int pl_schema_load(pl_schema **out, const char *text, size_t len);
void pl_schema_free(pl_schema *s);

/* Validates doc->root, adding one finding per violation to diags.  Returns
 * the number of findings added. */
size_t pl_schema_validate(pl_schema *s, const pl_json_doc *doc,
			  pl_diags *diags);

/* Returns a deep copy of value (new reference) with object keys in the
 * schema's order; keys the schema does not list follow in their original
 * order. */
json_t *pl_schema_canonical(pl_schema *s, const json_t *value);

/* True if s is a valid calendar date in the form YYYY-MM-DD. */
int pl_is_date(const char *s);
/* True if s looks like an e-mail address (local@domain.tld, no spaces). */
int pl_is_email(const char *s);

#endif
