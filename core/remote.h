/*
 * remote.h - the central repository as seen from a clone: its address,
 * and moving revisions and workshop tags to and from it over https, ssh
 * or a file path.
 *
 * The central repository is the remote named by git config pilotti.remote,
 * or "origin" (what 'git clone' sets up).
 */
#ifndef PILOTTI_REMOTE_H
#define PILOTTI_REMOTE_H

#include <stddef.h>

#include <git2.h>

#include "buf.h"

/* What the caller wants to hear while revisions travel. */
typedef struct {
	/* Progress of a transfer: stage is "receiving" or "sending"; may be NULL. */
	void (*progress)(void *payload, const char *stage, size_t done, size_t total);
	/* Text the central repository sends (its hooks' messages); may be NULL. */
	void (*message)(void *payload, const char *text, size_t len);
	void *payload;
	/* Credential helpers may ask for a password on the terminal. */
	int interactive;
} pl_transfer;

/* Forgets the password the central repository accepted in this run
 * (pilotti keeps it in memory only, between the steps of one sync). */
void pl_remote_forget_credentials(void);

/* The central repository's remote name; allocated. */
char *pl_remote_name(git_repository *repo);
/* Its URL; PL_ENOTFOUND with a message saying how to set one. */
int pl_remote_url(git_repository *repo, char **url);
/* Sets the central repository's URL, creating the remote if needed. */
int pl_remote_set_url(git_repository *repo, const char *url);

/*
 * Fetches the central main branch to refs/remotes/NAME/main and the
 * workshop tags to refs/pilotti/NAME/tags/workshop/, from where sync
 * makes local tags of the ones missing here.
 */
int pl_remote_fetch(git_repository *repo, const pl_transfer *t);

/* The namespace pl_remote_fetch stores the central workshop tags in, for
 * remote name; allocated ("refs/pilotti/origin/tags/"). */
char *pl_remote_tags_prefix(const char *name);

typedef enum {
	PL_PUSH_OK,
	PL_PUSH_MOVED,   /* the central branch moved meanwhile: fetch and retry */
	PL_PUSH_REFUSED  /* the central repository's rules refused it */
} pl_push_status;

typedef struct {
	const char *local;  /* a local ref to send */
	const char *remote; /* the ref it becomes on the central repository */
	git_oid expect;     /* what remote points at now (zero: must not exist) */
} pl_push_update;

/*
 * Sends updates to the central repository as one push.  A ref moves only
 * if it is where expect says (over https and ssh the server checks; over a
 * file path pilotti does, with compare-and-swap, and runs the repository's
 * hooks as git would).  *status says whether it landed; why it did not is
 * in why.
 */
int pl_remote_push(git_repository *repo, const pl_push_update *updates, size_t n,
		   const pl_transfer *t, pl_push_status *status, pl_buf *why);

#endif
