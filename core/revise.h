/*
 * revise.h - committing a revision of the series from its working tree,
 * and what has changed since the last revision or workshop.
 *
 * Who may change what follows pilot.json as of the last revision (so that
 * nobody can give themselves rights in the same revision): a region's
 * maintainers may change their region's folder, the facilitators anything.
 */
#ifndef PILOTTI_REVISE_H
#define PILOTTI_REVISE_H

#include <git2.h>

#include "buf.h"
#include "diag.h"

typedef enum { PL_CHANGE_ADDED = 'A', PL_CHANGE_MODIFIED = 'M', PL_CHANGE_DELETED = 'D' } pl_change_kind;

typedef struct {
	char *path;   /* series-relative */
	char *region; /* region id for regions/R/..., else NULL */
	char *model;  /* model id for regions/R/M/..., else NULL */
	pl_change_kind kind;
} pl_change;

typedef struct {
	pl_change *items;
	size_t count;
} pl_changes;

void pl_changes_release(pl_changes *c);

/*
 * The files of the work tree that differ from the tree of commit base
 * (NULL: HEAD), sorted by path; ignored files are left out.  The
 * repository must have a work tree.
 */
int pl_changes_since(git_repository *repo, const git_oid *base, pl_changes *out);

typedef struct {
	const char *message;
	const git_signature *author; /* NULL: git config */
} pl_commit_options;

/*
 * Commits the work tree's changes to the series on the checked-out branch:
 * refuses if the series is not valid (findings in diags, PL_EINVALID) or if
 * the author may not change some of the files (PL_EINVALID, the message
 * says who may).  The branch moves only if it still points where it did
 * (compare-and-swap); the index is brought in line.  *commit is zero and
 * changes empty when there was nothing to commit.
 */
int pl_commit(git_repository *repo, const pl_commit_options *opts, git_oid *commit,
	      pl_changes *changes, pl_diags *diags);

#endif
