/*
 * history.h - the revisions that touched a path, as `git log -- PATH` lists
 * them.
 *
 * The walk reproduces git's revision walk with its default history
 * simplification (no --full-history, no --simplify-merges): commits come
 * newest first by committer date, ties in the order git meets them; a commit
 * is shown when the path differs from its parent; a merge is shown only when
 * the path differs from every parent, and a merge that matches some parent
 * (TREESAME) is skipped and only that parent's line of history is followed.
 * A root commit is shown when the path exists in it.  "Differs" means the
 * tree entry at the path (file, symbolic link, submodule or folder) has
 * another id or another mode, or exists on one side only; a folder whose id
 * is unchanged holds nothing new, so no diff is ever computed.
 *
 * With a since commit the walk is `git log SINCE..UNTIL -- PATH`: commits
 * reachable from since are left out, with git's rules for which merge
 * parents still count ("relevant" parents: those in the range and since
 * itself).
 */
#ifndef PILOTTI_HISTORY_H
#define PILOTTI_HISTORY_H

#include <git2.h>

typedef struct {
	/*
	 * Series-relative path whose history is wanted, in git's form
	 * ("models/m/model.json", "regions"): a file or a folder, matched
	 * literally (no wildcards).  A trailing '/' asks for a folder only,
	 * as in git.  "" or NULL means the whole tree: every commit, as
	 * `git log` without a path shows them, merges included.
	 */
	const char *path;
	/* The walk starts here (inclusive); required.  A tag is peeled. */
	const git_oid *until;
	/* Leaves out this commit and everything reachable from it, like
	 * `git log SINCE..UNTIL`; may be NULL. */
	const git_oid *since;
} pl_history_query;

/*
 * Called once per commit that changed the path, newest first.  The commit is
 * borrowed: it is freed when the call returns (git_commit_dup keeps it).
 * Return 0 to go on, anything else to stop the walk.
 */
typedef int (*pl_history_cb)(git_commit *commit, void *payload);

/*
 * Calls cb(commit, payload) for each commit of query's range that changed
 * query->path, in `git log` order (see above).  Returns 0 when the walk is
 * done, cb's value as is when cb stops it, or a negative PL_E* code:
 * PL_EUSAGE for a missing until, a missing callback or a malformed path
 * (absolute, or with empty, "." or ".." parts), PL_ENOTFOUND when until or
 * since names no commit, PL_ERROR when an object cannot be read.  With a
 * since commit the whole range is walked before the first call.
 */
int pl_history_walk(git_repository *repo, const pl_history_query *query,
		    pl_history_cb cb, void *payload);

#endif
