/*
 * templates.h - the files under templates/, built into the binary.
 */
#ifndef PILOTTI_TEMPLATES_H
#define PILOTTI_TEMPLATES_H

#include <stddef.h>

typedef struct {
	const char *name; /* path below templates/, e.g. "schemas/pilot.schema.json" */
	const char *data; /* NUL-terminated; len excludes the NUL */
	size_t len;
} pl_template;

/* Every template, ending with an entry whose name is NULL. */
extern const pl_template pl_templates[];

/* The template called name, or NULL. */
const pl_template *pl_template_find(const char *name);

#endif
