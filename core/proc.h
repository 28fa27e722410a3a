/*
 * proc.h - running another program: git's credential helpers, and the
 * hooks of a central repository reached through a file path.
 */
#ifndef PILOTTI_PROC_H
#define PILOTTI_PROC_H

#include <stddef.h>

#include "buf.h"

typedef struct {
	const char *const *argv; /* argv[0] is looked up in PATH */
	const char *const *env;  /* "NAME=value" to add or replace, NULL-ended; may be NULL */
	const char *const *unset; /* names to leave out of its environment, NULL-ended; may be NULL */
	const char *dir;         /* where to run it; NULL: here */
	const char *input;       /* written to its standard input; NULL: none */
	size_t input_len;
	pl_buf *output;          /* gets its standard output; NULL: ours */
	int quiet;               /* its standard error goes nowhere */
} pl_proc;

/*
 * Runs p to its end; its standard error is ours.  *exit_code gets its exit
 * status (128 + the signal if a signal ended it).  Fails only if it could
 * not be started or talked to; a program that is not found is
 * PL_ENOTFOUND.
 */
int pl_proc_run(const pl_proc *p, int *exit_code);

#endif
