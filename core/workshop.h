/*
 * workshop.h - workshops as immutable snapshots.
 *
 * Closing a workshop tags the series' main branch as it is with an
 * annotated tag "workshop/ID" (tagger, date, and a message that sums up
 * what the snapshot holds).  A closed workshop is never moved or closed
 * again.
 */
#ifndef PILOTTI_WORKSHOP_H
#define PILOTTI_WORKSHOP_H

#include <stddef.h>

#include <git2.h>

#include "buf.h"
#include "diag.h"

/* The branch the series lives on. */
#define PL_MAIN_BRANCH "refs/heads/main"
/* Tags of closed workshops are PL_WORKSHOP_TAG_PREFIX + id. */
#define PL_WORKSHOP_TAG_PREFIX "refs/tags/workshop/"

typedef struct {
	char *id;
	char *date;
	char *title;     /* in the series' main language */
	int closed;
	git_oid commit;  /* the snapshot, when closed */
	git_oid tag;     /* the tag object, when closed and annotated */
	char *tagger;    /* "Name <e-mail>", when closed */
	git_time_t closed_at;
	size_t changed;  /* region models changed since the previous closed
	                    workshop (since the first revision for the first) */
	size_t total;    /* region models in the snapshot */
} pl_workshop;

typedef struct {
	pl_workshop *items;
	size_t count;
} pl_workshops;

/*
 * Lists the workshops that pilot.json names at rev (NULL: the main branch,
 * else HEAD), each with its status, in the order pilot.json gives.
 * Release with pl_workshops_release.
 */
int pl_workshops_list(git_repository *repo, const char *rev, pl_workshops *out);
void pl_workshops_release(pl_workshops *w);

/*
 * Closes workshop id on the main branch as it is now: checks that the
 * series there is valid (findings go to diags; PL_EINVALID), that pilot.json
 * lists the workshop, and that it is not closed yet (PL_EEXISTS).  Creates
 * the annotated tag with tagger; *tag_out gets its id and summary the
 * message written.
 */
int pl_workshop_close(git_repository *repo, const char *id, const git_signature *tagger,
		      git_oid *tag_out, pl_buf *summary, pl_diags *diags);

/*
 * Counts the region models whose folder differs between the trees of
 * commits a (may be NULL: everything counts as new) and b; *total gets the
 * number of region models that b's pilot.json declares.
 */
int pl_count_changed_region_models(git_repository *repo, const git_oid *a,
				   const git_oid *b, size_t *changed, size_t *total);

/*
 * Turns what a user gives with --at into a revision: "tp2" is the closed
 * workshop's tag refs/tags/workshop/tp2 if there is one, anything else is
 * used as a revision as it is.  Returns an allocated string (free()).
 */
char *pl_workshop_rev(git_repository *repo, const char *at);

/* How to name what in output: "workshop/tp2" for a closed workshop,
 * else what as given.  Allocated (free()). */
char *pl_workshop_name(git_repository *repo, const char *at);

/*
 * Resolves what (a closed workshop's id, or any revision) to a commit.
 * PL_ENOTFOUND with a plain message if there is no such thing.
 */
int pl_resolve_commit(git_repository *repo, const char *what, git_oid *out);

/* The oid of the main branch (PL_ENOTFOUND if there is none). */
int pl_main_tip(git_repository *repo, git_oid *out);

#endif
