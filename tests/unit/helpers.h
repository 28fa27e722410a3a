/* Shared helpers for the unit tests. */
#ifndef PILOTTI_TEST_HELPERS_H
#define PILOTTI_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "diag.h"

/* A new empty folder below PILOTTI_TEST_TMP (or /tmp); free() the result. */
char *th_tempdir(const char *name);
/* Removes a folder tree (rm -rf). */
void th_rmtree(const char *path);
/* Writes a file below dir, creating folders. */
void th_write(const char *dir, const char *rel, const char *content);
/* The findings as text ("path:line:col: error: message\n" each); free(). */
char *th_diags_text(const pl_diags *d);
/* Fails the test unless some finding's text contains needle. */
#define th_assert_diag(d, needle) th_assert_diag_at(d, needle, __FILE__, __LINE__)
void th_assert_diag_at(const pl_diags *d, const char *needle, const char *file, int line);
/* Runs the tests with stdout unbuffered (LeakSanitizer exits without
 * flushing). */
#define th_run(tests) ((void)setvbuf(stdout, NULL, _IONBF, 0), cmocka_run_group_tests(tests, NULL, NULL))

#endif
