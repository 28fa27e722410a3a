/*
 * hook.h - the central repository's guard: pilotti's pre-receive and update
 * hooks.
 */
#ifndef PILOTTI_HOOK_H
#define PILOTTI_HOOK_H

#include <git2.h>

#include "access.h"
#include "buf.h"

/*
 * Installs the pre-receive and update hooks that run exe ("pilotti hook
 * pre-receive", "pilotti hook update REF OLD NEW") into the bare
 * repository repo, adding their paths to written.  A hook that pilotti did
 * not write is kept, and nothing written, unless force is set (PL_EEXISTS).
 */
int pl_hook_install(git_repository *repo, const char *exe, int force, pl_strlist *written);

/*
 * Checks one push: updates is what git passes a pre-receive hook on
 * standard input ("OLD NEW REF" lines).  pusher is the authenticated user
 * (NULL: each revision's author).  Rules come from pilot.json on main as
 * it was before the push.  What would be refused is added to out; also
 * refused: moving or deleting a closed workshop's tag, deleting main, and
 * closing a workshop by anyone but a facilitator.
 */
int pl_hook_check_push(git_repository *repo, const char *updates, const char *pusher,
		       pl_violations *out);

#endif
