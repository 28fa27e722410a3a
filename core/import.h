/*
 * import.h - committing a complete series folder as the state at a
 * workshop, without a checkout.
 *
 * The folder's files become a tree built in memory; the main branch moves
 * to the new revisions with compare-and-swap, so a concurrent change is
 * never overwritten; then the workshop is closed.  By default the change is
 * split the way the series is owned: one revision for the series' own files
 * (pilot.json, models/, schemas/) by the facilitator, then one per region
 * whose folder changed, by the region's first maintainer, all dated on the
 * workshop's day.
 */
#ifndef PILOTTI_IMPORT_H
#define PILOTTI_IMPORT_H

#include <git2.h>

#include "diag.h"

typedef struct {
	const char *workshop;        /* id in the folder's pilot.json */
	const git_signature *author; /* the facilitator; NULL: the series' first
	                                facilitator, else git config */
	int one_revision;            /* everything in one revision by author */
} pl_import_options;

typedef struct {
	size_t revisions;   /* revisions made (0 if the folder held no change) */
	git_oid tip;        /* the main branch after the import */
	git_oid tag;        /* the workshop's tag */
	size_t changed;     /* region models changed since the previous workshop */
} pl_import_result;

/*
 * Imports folder dir into repo (a bare repository, or one whose checked
 * out branch is not main, or is main with no local changes - it is then
 * brought up to date).  The folder must be a valid series (findings in
 * diags, PL_EINVALID) and the workshop not yet closed (PL_EEXISTS).
 */
int pl_import(git_repository *repo, const char *dir, const pl_import_options *opts,
	      pl_import_result *res, pl_diags *diags);

#endif
