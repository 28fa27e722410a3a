#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"

static _Thread_local pl_buf last_message;

/* Formats into a new buffer first: the arguments may include the current
 * message (pl_error_set(code, "...: %s", pl_error_last())). */
static void set_message(const char *fmt, va_list ap)
{
	pl_buf msg = PL_BUF_INIT;
	pl_buf_vprintf(&msg, fmt, ap);
	pl_buf_release(&last_message);
	last_message = msg;
}

int pl_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(fmt, ap);
	va_end(ap);
	return code;
}

int pl_error_git(int git_code, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	va_list ap;

	va_start(ap, fmt);
	set_message(fmt, ap);
	va_end(ap);
	if (e && e->message && *e->message) {
		pl_buf_puts(&last_message, ": ");
		pl_buf_puts(&last_message, e->message);
	}
	switch (git_code) {
	case GIT_ENOTFOUND:
		return PL_ENOTFOUND;
	case GIT_EEXISTS:
		return PL_EEXISTS;
	case GIT_EINVALIDSPEC:
	case GIT_EAMBIGUOUS:
		return PL_EUSAGE;
	default:
		return PL_ERROR;
	}
}

int pl_error_errno(const char *what, const char *path)
{
	int err = errno;
	const char *why = strerror(err);
	/* Messages are lowercase: "no such file or directory". */
	char first = why[0] >= 'A' && why[0] <= 'Z' ? (char)(why[0] - 'A' + 'a') : why[0];
	pl_error_set(err == ENOENT ? PL_ENOTFOUND : PL_EIO, "cannot %s '%s': %c%s",
		     what, path, first, why[0] ? why + 1 : "");
	return err == ENOENT ? PL_ENOTFOUND : PL_EIO;
}

const char *pl_error_last(void)
{
	return last_message.ptr ? last_message.ptr : "";
}

void pl_error_clear(void)
{
	pl_buf_release(&last_message);
}
