/*
 * access.h - who may change what, and checking revisions against it.
 *
 * A region's maintainers may change their region's folder; the series'
 * facilitators may change anything.  A person is named by e-mail address
 * or, where pilot.json gives one, by user name (compared without case).
 */
#ifndef PILOTTI_ACCESS_H
#define PILOTTI_ACCESS_H

#include <git2.h>
#include <jansson.h>

#include "buf.h"

/* True if who is one of the series' facilitators. */
int pl_is_facilitator(const json_t *pilot, const char *who);

/*
 * True if who may change the series-relative path under pilot (a parsed
 * pilot.json).  Otherwise appends to why a plain sentence saying who may.
 */
int pl_may_change(const json_t *pilot, const char *who, const char *path, pl_buf *why);

typedef struct {
	git_oid commit;
	char *who;     /* whose rights were checked */
	char *path;    /* the file, or NULL for the revision as a whole */
	char *message;
} pl_violation;

typedef struct {
	pl_violation *items;
	size_t count;
} pl_violations;

void pl_violations_release(pl_violations *v);

/*
 * Checks the revisions reachable from tip but not from base (base NULL: all
 * of them), oldest first: every file a revision changes against who may
 * change it (pilot.json of rules_at, or NULL: of the revision's parent;
 * the person is pusher, or NULL: the revision's author), and the series at
 * the revision - valid, and without personal data.  A merge is checked for
 * the files it changes against every parent.  Adds what is wrong to out.
 */
int pl_audit(git_repository *repo, const git_oid *base, const git_oid *tip,
	     const git_oid *rules_at, const char *pusher, pl_violations *out);

#endif
