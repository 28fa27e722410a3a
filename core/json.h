/*
 * json.h - loading JSON files with positions, and writing them canonically.
 *
 * Jansson keeps no source positions, so findings on data are placed by
 * scanning the original text for the JSON pointer of the value
 * (pl_json_locate).  This is the one adapter to Jansson's error reporting.
 */
#ifndef PILOTTI_JSON_H
#define PILOTTI_JSON_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "diag.h"
#include "source.h"

/* JSON files larger than this are refused. */
#define PL_JSON_MAX_SIZE (1024u * 1024u)

typedef struct {
	char *path;  /* series-relative path, for findings */
	char *text;  /* the file's bytes, NUL-terminated copy */
	size_t len;
	json_t *root; /* NULL if the file did not parse */
} pl_json_doc;

/*
 * Parses data (len bytes) as the file path.  Rejects empty and oversized
 * files, invalid UTF-8 and duplicate keys.  On success returns 0 and sets
 * doc->root; on bad input adds a finding to diags, leaves doc->root NULL and
 * returns PL_EINVALID.  Either way doc holds copies of path and data and
 * must be released with pl_json_doc_release.
 */
int pl_json_doc_load(pl_json_doc *doc, const char *path, const char *data,
		     size_t len, pl_diags *diags);
void pl_json_doc_release(pl_json_doc *doc);

/*
 * Reads the JSON file at path from src and parses it into doc (release it
 * either way).  Returns 0 when doc->root is an object; PL_ENOTFOUND when
 * there is no such file; PL_EINVALID, with findings in diags (if not NULL)
 * and a message pointing at 'pilotti validate', when it is too large, is
 * not a plain file or does not parse as an object.
 */
int pl_json_doc_read(pl_json_doc *doc, pl_source *src, const char *path, pl_diags *diags);

/*
 * Adds a finding about the value at pointer in doc, placed at its line and
 * column (at its key instead when at_key is set and the value is an
 * object member).
 */
void pl_json_report(const pl_json_doc *doc, pl_diags *diags,
		    pl_diag_severity sev, const char *pointer, int at_key,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * Finds the value at JSON pointer in text (which must be valid JSON) and
 * returns 0 with its 1-based line and column, or PL_ENOTFOUND.
 */
int pl_json_locate(const char *text, size_t len, const char *pointer,
		   int at_key, unsigned *line, unsigned *col);

/* Appends token to the JSON pointer in p, escaping '~' and '/'. */
void pl_json_pointer_push(pl_buf *p, const char *token);
void pl_json_pointer_push_index(pl_buf *p, size_t index);

/*
 * Appends value in pilotti's canonical layout: keys in the order they are
 * in the object, two-space indent, UTF-8 unescaped, final newline.  Use
 * pl_schema_canonical first to put keys in schema order.
 */
int pl_json_dump(const json_t *value, pl_buf *out);

#endif
