/*
 * error.h - how the library reports failure.
 *
 * Functions return 0 on success and a negative PL_E* code on failure, after
 * recording one message with pl_error_set where the failure starts.  Callers
 * pass the code up unchanged; only cmd/ shows the message.  The message is
 * per thread.
 */
#ifndef PILOTTI_ERROR_H
#define PILOTTI_ERROR_H

enum {
	PL_OK = 0,
	PL_ERROR = -1,     /* generic failure, message says what */
	PL_ENOTFOUND = -2, /* a file, revision or entry does not exist */
	PL_EEXISTS = -3,   /* something to be created is already there */
	PL_EINVALID = -4,  /* the data is not valid (details in diagnostics) */
	PL_EUSAGE = -5,    /* a caller passed a bad argument */
	PL_EIO = -6,       /* reading or writing failed */
	PL_ECONFLICT = -7  /* the same file was changed in two places */
};

/* Records the message for the current thread and returns code. */
int pl_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Records libgit2's last error, prefixed by what we were doing; returns a
 * PL_E* code matching git_error (GIT_ENOTFOUND -> PL_ENOTFOUND, ...). */
int pl_error_git(int git_code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Records strerror(errno) for a file operation on path; returns PL_EIO or
 * PL_ENOTFOUND. */
int pl_error_errno(const char *what, const char *path);
/* The last message recorded on this thread ("" if none); borrowed. */
const char *pl_error_last(void);
void pl_error_clear(void);

#endif
