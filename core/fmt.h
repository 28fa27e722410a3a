/*
 * fmt.h - rewriting a series' JSON files in the canonical layout.
 */
#ifndef PILOTTI_FMT_H
#define PILOTTI_FMT_H

#include "buf.h"
#include "diag.h"

/*
 * Puts the JSON file at series-relative path (data, len) into the
 * canonical layout in out.  A file that does not parse gets findings in
 * diags and PL_EINVALID.  The data itself is never changed.
 */
int pl_fmt_text(const char *path, const char *data, size_t len, pl_buf *out,
		pl_diags *diags);

/*
 * Canonicalises every JSON file of the series in folder root, or only those
 * at or below the series-relative paths given.  Files whose layout differs
 * are listed in changed; unless check_only, they are rewritten in place.
 * Files that do not parse get findings and are left alone.
 */
int pl_fmt_series(const char *root, char *const *paths, size_t npaths, int check_only,
		  pl_strlist *changed, pl_diags *diags);

#endif
