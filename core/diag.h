/*
 * diag.h - findings on the data: errors and warnings with a place.
 *
 * A finding names a file of the series (path relative to its top folder),
 * the line and column where the input has them (0 when unknown), the JSON
 * pointer of the value for data errors, and a message.
 */
#ifndef PILOTTI_DIAG_H
#define PILOTTI_DIAG_H

#include <stddef.h>

#include "buf.h"

typedef enum { PL_DIAG_ERROR, PL_DIAG_WARNING } pl_diag_severity;

typedef struct {
	char *path;    /* series-relative, '/'-separated */
	unsigned line; /* 1-based, 0 if unknown */
	unsigned col;  /* 1-based, in characters, 0 if unknown */
	char *pointer; /* JSON pointer ("" for the whole document) or NULL */
	pl_diag_severity severity;
	char *message;
} pl_diag;

typedef struct {
	pl_diag *items;
	size_t count;
	size_t cap;
} pl_diags;

#define PL_DIAGS_INIT { NULL, 0, 0 }

/* Frees every finding; the list is left empty and reusable. */
void pl_diags_release(pl_diags *d);
/* Adds a finding; all strings are copied.  Returns the new finding. */
pl_diag *pl_diags_add(pl_diags *d, pl_diag_severity sev, const char *path,
		      unsigned line, unsigned col, const char *pointer,
		      const char *fmt, ...) __attribute__((format(printf, 7, 8)));
size_t pl_diags_count(const pl_diags *d, pl_diag_severity sev);
/* Orders findings by path, line, column, then message, so output does not
 * depend on the order checks ran in; removes exact duplicates. */
void pl_diags_sort(pl_diags *d);
/* Keeps only findings whose path is one of paths or lies below one of them
 * ("" or "." keeps all). */
void pl_diags_filter(pl_diags *d, char *const *paths, size_t npaths);
/* True if path is prefix or lies below the folder prefix ("" and "." hold
 * everything; a trailing '/' is ignored). */
int pl_path_within(const char *path, const char *prefix);
/* Appends "path:line:col: error: message\n" per finding. */
void pl_diags_format_text(const pl_diags *d, pl_buf *out);
/* Appends a JSON document {"errors":N,"warnings":N,"findings":[...]}. */
void pl_diags_format_json(const pl_diags *d, pl_buf *out);

#endif
