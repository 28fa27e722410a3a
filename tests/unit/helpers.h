/* Shared helpers for the unit tests. */
#ifndef PILOTTI_TEST_HELPERS_H
#define PILOTTI_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include <git2.h>

#include "diag.h"

/* A new empty folder below PILOTTI_TEST_TMP (or /tmp); free() the result. */
char *th_tempdir(const char *name);
/* Removes a folder tree (rm -rf). */
void th_rmtree(const char *path);
/* Writes a file below dir, creating folders. */
void th_write(const char *dir, const char *rel, const char *content);
/* Writes an executable file (a hook, a script) below dir. */
void th_write_exec(const char *dir, const char *rel, const char *content);
/* Runs a shell command (formatted) in dir; fails the test unless it exits
 * with 0. */
void th_sh(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The id ref points at in the repository at path, opened afresh so that
 * nothing is cached; zero if there is no such ref. */
git_oid th_ref_id(const char *path, const char *ref);
#define th_assert_oid_equal(a, b) assert_true(git_oid_equal((a), (b)))
/* The findings as text ("path:line:col: error: message\n" each); free(). */
char *th_diags_text(const pl_diags *d);
/* Fails the test unless some finding's text contains needle. */
#define th_assert_diag(d, needle) th_assert_diag_at(d, needle, __FILE__, __LINE__)
void th_assert_diag_at(const pl_diags *d, const char *needle, const char *file, int line);
/* Runs the tests with stdout unbuffered (LeakSanitizer exits without
 * flushing). */
#define th_run(tests) ((void)setvbuf(stdout, NULL, _IONBF, 0), cmocka_run_group_tests(tests, NULL, NULL))

#endif
