#include "helpers.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "error.h"
#include "repo.h"
#include "source.h"

static int clear_error(void **state)
{
	(void)state;
	pl_error_clear();
	return 0;
}

static void codes_are_distinct_and_negative(void **state)
{
	const int codes[] = { PL_ERROR, PL_ENOTFOUND, PL_EEXISTS, PL_EINVALID, PL_EUSAGE, PL_EIO };
	(void)state;
	assert_int_equal(PL_OK, 0);
	for (size_t i = 0; i < sizeof(codes) / sizeof(*codes); i++) {
		assert_true(codes[i] < 0);
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(codes[i], codes[j]);
	}
}

static void last_is_empty_before_any_error(void **state)
{
	(void)state;
	assert_string_equal(pl_error_last(), "");
}

static void set_returns_the_code_and_records_the_message(void **state)
{
	(void)state;
	assert_int_equal(pl_error_set(PL_EINVALID, "cannot read '%s': %d problems", "pilot.json", 3),
			 PL_EINVALID);
	assert_string_equal(pl_error_last(), "cannot read 'pilot.json': 3 problems");
	assert_int_equal(pl_error_set(PL_ENOTFOUND, "no such region"), PL_ENOTFOUND);
	assert_string_equal(pl_error_last(), "no such region");
}

static void long_messages_are_kept_whole(void **state)
{
	pl_buf b = PL_BUF_INIT;
	(void)state;
	for (int i = 0; i < 2000; i++)
		pl_buf_puts(&b, "ydinelementti ");
	pl_error_set(PL_ERROR, "%s", b.ptr);
	assert_int_equal(strlen(pl_error_last()), b.len);
	assert_string_equal(pl_error_last(), b.ptr);
	pl_buf_release(&b);
}

static void set_may_quote_the_last_message(void **state)
{
	int rc;
	(void)state;
	/* wrapping the cause in a message of one's own, as
	 * write_region_files in core/scaffold.c does */
	pl_error_set(PL_EINVALID, "'%s' cannot be read; correct it first", "models/m/model.json");
	rc = pl_error_set(PL_EINVALID, "cannot read the reference model: %s", pl_error_last());
	assert_int_equal(rc, PL_EINVALID);
	/* Regression: the message may be formatted from pl_error_last() itself; it must not be cleared before it is read. */
	assert_string_equal(pl_error_last(), "cannot read the reference model: "
			    "'models/m/model.json' cannot be read; correct it first");
}

static void clear_empties_the_message(void **state)
{
	(void)state;
	pl_error_set(PL_ERROR, "something");
	pl_error_clear();
	assert_string_equal(pl_error_last(), "");
}

static void errno_enoent_is_notfound(void **state)
{
	(void)state;
	errno = ENOENT;
	assert_int_equal(pl_error_errno("read", "regions/kainuu/x.json"), PL_ENOTFOUND);
	assert_string_equal(pl_error_last(),
			    "cannot read 'regions/kainuu/x.json': no such file or directory");
}

static void other_errno_is_eio(void **state)
{
	(void)state;
	errno = EACCES;
	assert_int_equal(pl_error_errno("write", "pilot.json"), PL_EIO);
	assert_string_equal(pl_error_last(), "cannot write 'pilot.json': permission denied");
	errno = ENOSPC;
	assert_int_equal(pl_error_errno("write", "pilot.json"), PL_EIO);
}

static void git_codes_map_to_pilotti_codes(void **state)
{
	(void)state;
	git_error_clear();
	assert_int_equal(pl_error_git(GIT_ENOTFOUND, "x"), PL_ENOTFOUND);
	assert_int_equal(pl_error_git(GIT_EEXISTS, "x"), PL_EEXISTS);
	assert_int_equal(pl_error_git(GIT_EINVALIDSPEC, "x"), PL_EUSAGE);
	assert_int_equal(pl_error_git(GIT_EAMBIGUOUS, "x"), PL_EUSAGE);
	assert_int_equal(pl_error_git(GIT_ERROR, "x"), PL_ERROR);
	assert_int_equal(pl_error_git(GIT_ELOCKED, "x"), PL_ERROR);
}

static void git_message_follows_what_we_were_doing(void **state)
{
	git_repository *repo = NULL;
	char *dir = th_tempdir("pl-error");
	char *missing = pl_strfmt("%s/no-such-repo", dir);
	int err;
	(void)state;
	err = git_repository_open(&repo, missing);
	assert_int_equal(err, GIT_ENOTFOUND);
	assert_int_equal(pl_error_git(err, "cannot open '%s'", "x"), PL_ENOTFOUND);
	/* our words first, then libgit2's */
	assert_true(strncmp(pl_error_last(), "cannot open 'x': ", 17) == 0);
	assert_non_null(strstr(pl_error_last(), git_error_last()->message));
	th_rmtree(dir);
	free(missing);
	free(dir);
}

static void git_without_a_libgit2_message_has_only_ours(void **state)
{
	(void)state;
	git_error_clear();
	pl_error_git(GIT_ERROR, "cannot push '%s'", "main");
	assert_string_equal(pl_error_last(), "cannot push 'main'");
}

static void library_failures_return_codes_and_messages(void **state)
{
	pl_source *src = (pl_source *)&src; /* must be reset to NULL */
	char *dir = th_tempdir("pl-error");
	char *missing = pl_strfmt("%s/nothing-here", dir);
	char *found = NULL;
	git_signature *sig = NULL;
	(void)state;
	assert_int_equal(pl_source_open_dir(&src, missing), PL_ENOTFOUND);
	assert_null(src);
	assert_non_null(strstr(pl_error_last(), "nothing-here"));
	assert_int_equal(pl_series_find(&found, dir), PL_ENOTFOUND);
	assert_null(found);
	assert_non_null(strstr(pl_error_last(), "pilot.json"));
	assert_int_equal(pl_signature_parse(&sig, "nobody"), PL_EUSAGE);
	assert_string_equal(pl_error_last(), "'nobody' is not of the form 'Name <e-mail>'");
	th_rmtree(dir);
	free(missing);
	free(dir);
}

static void *set_in_thread(void *arg)
{
	char **seen = arg;
	pl_error_set(PL_EIO, "from the other thread");
	*seen = pl_strdup(pl_error_last());
	pl_error_clear(); /* the thread's own buffer */
	return NULL;
}

static void message_is_per_thread(void **state)
{
	pthread_t t;
	char *seen = NULL;
	(void)state;
	pl_error_set(PL_ERROR, "from the main thread");
	assert_int_equal(pthread_create(&t, NULL, set_in_thread, &seen), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_string_equal(seen, "from the other thread");
	assert_string_equal(pl_error_last(), "from the main thread");
	free(seen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_are_distinct_and_negative),
		cmocka_unit_test_setup(last_is_empty_before_any_error, clear_error),
		cmocka_unit_test_teardown(set_returns_the_code_and_records_the_message, clear_error),
		cmocka_unit_test_teardown(long_messages_are_kept_whole, clear_error),
		cmocka_unit_test_teardown(set_may_quote_the_last_message, clear_error),
		cmocka_unit_test(clear_empties_the_message),
		cmocka_unit_test_teardown(errno_enoent_is_notfound, clear_error),
		cmocka_unit_test_teardown(other_errno_is_eio, clear_error),
		cmocka_unit_test_teardown(git_codes_map_to_pilotti_codes, clear_error),
		cmocka_unit_test_teardown(git_message_follows_what_we_were_doing, clear_error),
		cmocka_unit_test_teardown(git_without_a_libgit2_message_has_only_ours, clear_error),
		cmocka_unit_test_teardown(library_failures_return_codes_and_messages, clear_error),
		cmocka_unit_test_teardown(message_is_per_thread, clear_error),
	};
	int rc;
	git_libgit2_init();
	rc = th_run(tests);
	pl_error_clear();
	git_libgit2_shutdown();
	return rc;
}
