/*
 * source.h - reading a series' files from a folder or from a revision.
 *
 * A pl_source is a read-only view of one series tree: either a folder on
 * disk (a working tree, or a plain folder that is no repository at all) or
 * a tree in a git object database at a revision, so that nothing needs a
 * checkout and bare repositories work.  Paths are relative to the series'
 * top folder and '/'-separated.
 */
#ifndef PILOTTI_SOURCE_H
#define PILOTTI_SOURCE_H

#include <stddef.h>

#include <git2.h>

#include "buf.h"

typedef struct pl_source pl_source;

typedef enum {
	PL_ENTRY_FILE,
	PL_ENTRY_DIR,
	PL_ENTRY_OTHER /* symbolic link, submodule, device, ... */
} pl_entry_type;

typedef struct {
	char *name;
	pl_entry_type type;
} pl_entry;

typedef struct {
	pl_entry *items;
	size_t count;
} pl_entries;

/* A view of the folder root.  Free with pl_source_free. */
int pl_source_open_dir(pl_source **out, const char *root);
/* A view of the tree at rev (a revision, tag or workshop/ID) of repo, which
 * must outlive the source.  Free with pl_source_free. */
int pl_source_open_rev(pl_source **out, git_repository *repo, const char *rev);
void pl_source_free(pl_source *s);

/*
 * Reads the file at path into out (replacing its contents).  If the file
 * is larger than max bytes, out is left empty; *size is set to the file's
 * size either way.  Returns PL_ENOTFOUND if there is no such file,
 * PL_EINVALID if path is not a regular file.
 */
int pl_source_read(pl_source *s, const char *path, size_t max, pl_buf *out,
		   size_t *size);
/* Lists the folder at path ("" for the top), sorted by name.  Returns
 * PL_ENOTFOUND if there is no such folder.  Release with
 * pl_entries_release. */
int pl_source_list(pl_source *s, const char *path, pl_entries *out);
void pl_entries_release(pl_entries *e);
/* What the source shows: the folder, or "rev (commit id)"; borrowed. */
const char *pl_source_name(const pl_source *s);

#endif
