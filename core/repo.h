/*
 * repo.h - finding a series and its repository, and writing files safely.
 */
#ifndef PILOTTI_REPO_H
#define PILOTTI_REPO_H

#include <stddef.h>

#include <git2.h>

#include "buf.h"

/*
 * Finds the series' top folder: start itself or the nearest folder above
 * it that holds pilot.json (as git finds .git).  *out is allocated (free
 * with free()).  Returns PL_ENOTFOUND when there is none.
 */
int pl_series_find(char **out, const char *start);

/* Opens the repository git is running a hook in, honouring GIT_DIR and the
 * object directories git sets (a pre-receive hook sees the pushed objects
 * only through them).  Free with git_repository_free. */
int pl_repo_open_from_env(git_repository **out);

/* Opens the git repository at or above path, bare or not.  Free with
 * git_repository_free. */
int pl_repo_open(git_repository **out, const char *path);

/*
 * Writes data to path atomically (a temporary file in the same folder,
 * then rename), creating missing parent folders.  Never leaves a half
 * written file behind.
 */
int pl_write_file(const char *path, const char *data, size_t len);
/*
 * Checks that no part of rel below root (a series-relative path) is a
 * symbolic link, so that nothing is read or written outside the series
 * through one.  Returns PL_EINVALID naming the link, PL_ENOTFOUND when a
 * part does not exist (the parts before it are checked), or 0.
 */
int pl_path_no_links(const char *root, const char *rel);
/* Reads the file at path (at most max bytes, else PL_EINVALID) into out. */
int pl_read_file(const char *path, size_t max, pl_buf *out);
/* Creates path and missing parents (mode 0777 less umask). */
int pl_mkdirs(const char *path);

/*
 * Creates a repository in dir (which must not exist or be empty) whose
 * first branch is "main", with the given files (paths relative to dir,
 * contents already written) committed by author.  *commit_out gets the commit id.
 */
int pl_repo_create(const char *dir, const char *const *paths, size_t npaths,
		   const char *message, const git_signature *author,
		   git_oid *commit_out);

/* The user's signature from git config (user.name, user.email; repo's own
 * config counts when repo is not NULL), dated now; PL_EUSAGE with a
 * message on how to set them if they are missing. */
int pl_signature_default(git_repository *repo, git_signature **out);
/* The same, dated when (seconds since the epoch, UTC). */
int pl_signature_default_at(git_repository *repo, git_signature **out, git_time_t when);

/* Sets *out to the id of the entry at path in tree and returns 1; returns 0
 * if tree is NULL or has no such entry. */
int pl_tree_entry_id(git_tree *tree, const char *path, git_oid *out);

/* Creates a new, empty bare repository at path whose first branch is main.
 * Free with git_repository_free. */
int pl_repo_create_bare(git_repository **out, const char *path);

/* Splits "Name <email>" in text (which it changes) into the two parts,
 * spaces around the name trimmed; *name and *email point into text. */
int pl_person_split(char *text, const char **name, const char **email);

/* Parses "Name <email>" into a signature dated now.  Free with
 * git_signature_free. */
int pl_signature_parse(git_signature **out, const char *text);

#endif
