/*
 * sync.h - bringing a clone and the central repository together.
 *
 * pl_sync fetches the central main branch and workshop tags, puts the
 * clone's own revisions on top of the central ones, sends them, and
 * retries when someone else's push got there first.  Each region owns its
 * folder, so revisions combine file by file: a file changed only on one
 * side takes that side's version.  Only the same file changed on both
 * sides is a conflict; then nothing is sent and the own revision is kept
 * on a ref of its own as well as on main.
 */
#ifndef PILOTTI_SYNC_H
#define PILOTTI_SYNC_H

#include <stddef.h>

#include <git2.h>

#include "buf.h"
#include "diag.h"
#include "remote.h"

typedef struct {
	const pl_transfer *transfer;
	int tries;       /* pushes to try while others push first; 0: 30 */
	int use_central; /* in a conflict, take the central version of the file
			    and set the own change aside (kept on a ref) */
} pl_sync_options;

typedef struct {
	size_t received;      /* revisions that came from the central repository */
	size_t sent;          /* own revisions now on the central repository */
	size_t already;       /* own revisions the central repository already had */
	size_t tags_received; /* workshops closed on the central repository */
	size_t tags_sent;     /* workshops closed here and sent */
	int tries;            /* pushes tried */
	int combined;         /* own revisions were put on top of central ones */
	git_oid tip;          /* main afterwards */
	/* A conflict (PL_ECONFLICT), or the changes set aside by use_central: */
	pl_strlist conflict_paths;
	char *conflict_by;       /* who changed the first file centrally */
	char *conflict_revision; /* the own revision's first line */
	char *kept;              /* ref that keeps the own revision, e.g. refs/pilotti/kept/ab12... */
	pl_strlist notes;        /* what else the user should know */
} pl_sync_result;

void pl_sync_result_release(pl_sync_result *r);

/*
 * Syncs the clone repo (its main branch, checked out) with the central
 * repository.  Returns 0 when both hold the same main; PL_ECONFLICT when
 * the same file changed on both sides (see r); PL_EINVALID when the
 * combined series would not be valid (findings in diags) or the central
 * repository refused the push (its message went to the transfer's message
 * callback); other codes when it could not be reached.  Own revisions are
 * never lost: main moves only to a revision that contains them.
 */
int pl_sync(git_repository *repo, const pl_sync_options *opts, pl_sync_result *r, pl_diags *diags);

#endif
