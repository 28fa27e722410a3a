#include "helpers.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "proc.h"
#include "repo.h"

/*
 * Each test runs small `sh -c` scripts through pl_proc_run.  The ones that
 * push a large input through a pipe run in a child process with a time
 * limit, so that a pl_proc_run that hangs fails its test instead of
 * hanging the whole program.
 */

enum { BIG = 1024 * 1024, TIME_LIMIT_S = 5 };

static int setup(void **state)
{
	char *base = th_tempdir("pl-proc");
	/* pwd prints the real path; th_tempdir may give one through a link */
	char *real = realpath(base, NULL);
	assert_non_null(real);
	free(base);
	*state = real;
	return 0;
}

static int teardown(void **state)
{
	th_rmtree(*state);
	free(*state);
	unsetenv("PL_TEST_FOO");
	unsetenv("PL_TEST_FOOBAR");
	pl_error_clear();
	return 0;
}

/* Runs `sh -c script` with input (may be NULL) and output (may be NULL). */
static int run_sh(const char *script, const char *input, size_t input_len, pl_buf *output, int quiet,
		  int *code)
{
	const char *argv[] = { "sh", "-c", script, NULL };
	pl_proc p = { 0 };
	p.argv = argv;
	p.input = input;
	p.input_len = input_len;
	p.output = output;
	p.quiet = quiet;
	return pl_proc_run(&p, code);
}

/* BIG bytes that are not the same every 4096 (so a lost or repeated chunk
 * shows), with NULs and newlines among them. */
static char *big_input(void)
{
	char *data = pl_malloc(BIG);
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < BIG; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		data[i] = (char)(x & 0xff);
	}
	return data;
}

/*
 * Runs fn(arg) in a child process and returns its exit status; fails the
 * test if it is still running after TIME_LIMIT_S seconds.
 */
static int within_time_limit(int (*fn)(void *), void *arg)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn(arg));
	for (long waited_ms = 0;; waited_ms += 10) {
		pid_t done = waitpid(pid, &status, WNOHANG);
		assert_true(done >= 0);
		if (done == pid)
			break;
		if (waited_ms >= TIME_LIMIT_S * 1000L) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fail_msg("pl_proc_run was still running after %d s", TIME_LIMIT_S);
		}
		nanosleep(&tick, NULL);
	}
	if (!WIFEXITED(status))
		fail_msg("the child running pl_proc_run ended by signal %d", WTERMSIG(status));
	return WEXITSTATUS(status);
}

/* What fd (1 or 2) got while fn ran, through a file in dir. */
static char *capture_fd(const char *dir, int fd, int (*fn)(void *), void *arg, int *result)
{
	char *path = pl_strfmt("%s/fd%d.txt", dir, fd);
	pl_buf got = PL_BUF_INIT;
	int saved, file;

	fflush(NULL);
	saved = dup(fd);
	file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && file >= 0);
	assert_true(dup2(file, fd) == fd);
	close(file);
	*result = fn(arg);
	fflush(NULL);
	assert_true(dup2(saved, fd) == fd);
	close(saved);
	assert_int_equal(pl_read_file(path, 1 << 20, &got), 0);
	free(path);
	return pl_buf_detach(&got);
}

/* ---- input, output and exit status ------------------------------------------ */

static int cat_big_input(void *unused)
{
	char *input = big_input();
	pl_buf out = PL_BUF_INIT;
	int code = -1, result;
	(void)unused;
	if (run_sh("cat", input, BIG, &out, 0, &code) < 0)
		result = 10;
	else if (code != 0)
		result = 11;
	else if (out.len != BIG)
		result = 12;
	else
		result = memcmp(out.ptr, input, BIG) ? 13 : 0;
	if (result)
		fprintf(stderr, "cat: exit code %d, %zu bytes back of %d\n", code, out.len, BIG);
	pl_buf_release(&out);
	free(input);
	return result;
}

/*
 * More input than a pipe holds, through a program that writes as it reads:
 * the input must not block while its output waits to be read (it once
 * did, from about 200 KB on).
 */
static void input_larger_than_a_pipe_comes_back_through_cat_unchanged(void **state)
{
	(void)state;
	assert_int_equal(within_time_limit(cat_big_input, NULL), 0);
}

static void small_input_and_output_are_piped(void **state)
{
	pl_buf out = PL_BUF_INIT;
	int code = -1;
	(void)state;
	assert_int_equal(run_sh("tr a-z A-Z", "abc\ndef", 7, &out, 0, &code), 0);
	assert_int_equal(code, 0);
	assert_string_equal(out.ptr, "ABC\nDEF");
	pl_buf_release(&out);
}

static void no_input_gives_the_program_an_empty_standard_input(void **state)
{
	pl_buf out = PL_BUF_INIT;
	int code = -1;
	(void)state;
	/* cat would wait forever if it got the caller's standard input */
	assert_int_equal(run_sh("cat; echo end", NULL, 0, &out, 0, &code), 0);
	assert_int_equal(code, 0);
	assert_string_equal(out.ptr, "end\n");
	pl_buf_release(&out);
}

static void exit_code_is_passed_through(void **state)
{
	pl_buf out = PL_BUF_INIT;
	int code = -1;
	(void)state;
	assert_int_equal(run_sh("echo before; exit 3", NULL, 0, &out, 0, &code), 0);
	assert_int_equal(code, 3);
	assert_string_equal(out.ptr, "before\n");
	pl_buf_release(&out);
}

static void program_killed_by_a_signal_gives_128_plus_the_signal(void **state)
{
	int code = -1;
	(void)state;
	assert_int_equal(run_sh("kill -TERM $$", NULL, 0, NULL, 0, &code), 0);
	assert_int_equal(code, 128 + SIGTERM);
	assert_int_equal(run_sh("kill -KILL $$", NULL, 0, NULL, 0, &code), 0);
	assert_int_equal(code, 128 + SIGKILL);
}

static void program_that_does_not_exist_is_not_found(void **state)
{
	const char *argv[] = { "pilotti-test-no-such-program", "x", NULL };
	pl_proc p = { 0 };
	int code = 12345;
	(void)state;
	p.argv = argv;
	p.input = "ignored";
	p.input_len = 7;
	assert_int_equal(pl_proc_run(&p, &code), PL_ENOTFOUND);
	assert_non_null(strstr(pl_error_last(), "pilotti-test-no-such-program"));
	assert_int_equal(code, 12345); /* untouched: nothing ran */
}

static void program_that_cannot_be_executed_is_an_error(void **state)
{
	const char *dir = *state;
	char *path = pl_strfmt("%s/not-executable", dir);
	const char *argv[] = { path, NULL };
	pl_proc p = { 0 };
	int code = 12345;
	th_write(dir, "not-executable", "#!/bin/sh\nexit 0\n");
	assert_int_equal(chmod(path, 0644), 0);
	p.argv = argv;
	assert_int_equal(pl_proc_run(&p, &code), PL_EIO);
	assert_non_null(strstr(pl_error_last(), "not-executable"));
	free(path);
}

/* ---- environment and folder ------------------------------------------------- */

static void env_additions_replace_existing_variables(void **state)
{
	const char *argv[] = { "sh", "-c",
			       "printf '%s|%s|%s|' \"$PL_TEST_FOO\" \"$PL_TEST_FOOBAR\" \"$PL_TEST_NEW\"; "
			       "env | grep -c '^PL_TEST_FOO='",
			       NULL };
	const char *env[] = { "PL_TEST_FOO=bar", "PL_TEST_NEW=new", NULL };
	pl_buf out = PL_BUF_INIT;
	pl_proc p = { 0 };
	int code = -1;
	(void)state;
	assert_int_equal(setenv("PL_TEST_FOO", "ours", 1), 0);
	/* a longer name with the same start is another variable */
	assert_int_equal(setenv("PL_TEST_FOOBAR", "kept", 1), 0);
	p.argv = argv;
	p.env = env;
	p.output = &out;
	assert_int_equal(pl_proc_run(&p, &code), 0);
	assert_int_equal(code, 0);
	assert_string_equal(out.ptr, "bar|kept|new|1\n");
	/* our own environment is as it was */
	assert_string_equal(getenv("PL_TEST_FOO"), "ours");
	assert_null(getenv("PL_TEST_NEW"));
	pl_buf_release(&out);
}

static void unset_names_are_left_out_of_its_environment(void **state)
{
	const char *argv[] = { "sh", "-c", "printf '%s|%s|%s' \"${PL_TEST_SECRET-unset}\" "
			       "\"${PL_TEST_SECRETS-unset}\" \"${PL_TEST_OTHER-unset}\"", NULL };
	const char *unset[] = { "PL_TEST_SECRET", "PL_TEST_OTHER", NULL };
	pl_buf out = PL_BUF_INIT;
	pl_proc p = { 0 };
	int code = -1;
	(void)state;
	assert_int_equal(setenv("PL_TEST_SECRET", "salasana", 1), 0);
	assert_int_equal(setenv("PL_TEST_SECRETS", "kept", 1), 0);
	p.argv = argv;
	p.unset = unset;
	p.output = &out;
	assert_int_equal(pl_proc_run(&p, &code), 0);
	assert_int_equal(code, 0);
	assert_string_equal(out.ptr, "unset|kept|unset");
	assert_string_equal(getenv("PL_TEST_SECRET"), "salasana");
	pl_buf_release(&out);
}

static void dir_is_where_the_program_runs(void **state)
{
	const char *dir = *state;
	const char *argv[] = { "sh", "-c", "pwd -P", NULL };
	char *here = getcwd(NULL, 0);
	char *expected = pl_strfmt("%s\n", dir);
	pl_buf out = PL_BUF_INIT;
	pl_proc p = { 0 };
	int code = -1;
	p.argv = argv;
	p.dir = dir;
	p.output = &out;
	assert_int_equal(pl_proc_run(&p, &code), 0);
	assert_int_equal(code, 0);
	assert_string_equal(out.ptr, expected);
	/* only the child moved */
	{
		char *now = getcwd(NULL, 0);
		assert_string_equal(now, here);
		free(now);
	}
	pl_buf_release(&out);
	free(expected);
	free(here);
}

static void missing_dir_is_an_error_and_runs_nothing(void **state)
{
	const char *dir = *state;
	char *missing = pl_strfmt("%s/no-such-folder", dir);
	char *script = pl_strfmt("touch '%s/ran'", dir);
	char *ran = pl_strfmt("%s/ran", dir);
	const char *argv[] = { "sh", "-c", script, NULL };
	pl_proc p = { 0 };
	int code = 12345;
	p.argv = argv;
	p.dir = missing;
	assert_true(pl_proc_run(&p, &code) < 0);
	assert_int_equal(code, 12345);
	assert_int_equal(access(ran, F_OK), -1);
	free(ran);
	free(script);
	free(missing);
}

/* ---- a program that does not read its input --------------------------------- */

static int exit_without_reading(void *unused)
{
	char *input = big_input();
	pl_buf out = PL_BUF_INIT;
	int code = -1, rc, result;
	(void)unused;
	rc = run_sh("echo not reading; exit 4", input, BIG, &out, 0, &code);
	result = rc < 0 ? 10 : code != 4 ? 11 : strcmp(out.ptr, "not reading\n") ? 12 : 0;
	if (result)
		fprintf(stderr, "rc %d, exit code %d, output '%s'\n", rc, code, out.ptr);
	pl_buf_release(&out);
	free(input);
	return result;
}

static void program_that_ends_without_reading_its_input_gives_its_exit_code(void **state)
{
	(void)state;
	/* a SIGPIPE on our side would end the child with a signal, not 0 */
	assert_int_equal(within_time_limit(exit_without_reading, NULL), 0);
}

static void sigpipe_handling_is_restored_afterwards(void **state)
{
	struct sigaction before, after;
	int code = -1;
	(void)state;
	assert_int_equal(sigaction(SIGPIPE, NULL, &before), 0);
	assert_int_equal(run_sh("exit 0", "abc", 3, NULL, 0, &code), 0);
	assert_int_equal(sigaction(SIGPIPE, NULL, &after), 0);
	assert_true(before.sa_handler == after.sa_handler);
}

/* ---- standard error ----------------------------------------------------------- */

typedef struct {
	pl_buf out;
	int quiet;
	int code;
} noisy;

static int run_noisy(void *arg)
{
	noisy *n = arg;
	return run_sh("echo to-stdout; echo to-stderr >&2", NULL, 0, &n->out, n->quiet, &n->code);
}

static void quiet_discards_standard_error(void **state)
{
	noisy n = { PL_BUF_INIT, 1, -1 };
	int rc = -1;
	char *err = capture_fd(*state, 2, run_noisy, &n, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(n.code, 0);
	assert_string_equal(err, "");
	assert_string_equal(n.out.ptr, "to-stdout\n");
	free(err);
	pl_buf_release(&n.out);
}

static void standard_error_is_ours_unless_quiet(void **state)
{
	noisy n = { PL_BUF_INIT, 0, -1 };
	int rc = -1;
	char *err = capture_fd(*state, 2, run_noisy, &n, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(err, "to-stderr\n");
	/* captured output holds standard output only */
	assert_string_equal(n.out.ptr, "to-stdout\n");
	free(err);
	pl_buf_release(&n.out);
}

static int run_uncaptured(void *arg)
{
	int *code = arg;
	return run_sh("echo to-our-stdout", NULL, 0, NULL, 0, code);
}

static void without_output_buffer_standard_output_is_ours(void **state)
{
	int code = -1, rc = -1;
	char *out = capture_fd(*state, 1, run_uncaptured, &code, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(code, 0);
	assert_string_equal(out, "to-our-stdout\n");
	free(out);
}

int main(void)
{
#define T(test) cmocka_unit_test_setup_teardown(test, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(input_larger_than_a_pipe_comes_back_through_cat_unchanged),
		T(small_input_and_output_are_piped),
		T(no_input_gives_the_program_an_empty_standard_input),
		T(exit_code_is_passed_through),
		T(program_killed_by_a_signal_gives_128_plus_the_signal),
		T(program_that_does_not_exist_is_not_found),
		T(program_that_cannot_be_executed_is_an_error),
		T(env_additions_replace_existing_variables),
		T(unset_names_are_left_out_of_its_environment),
		T(dir_is_where_the_program_runs),
		T(missing_dir_is_an_error_and_runs_nothing),
		T(program_that_ends_without_reading_its_input_gives_its_exit_code),
		T(sigpipe_handling_is_restored_afterwards),
		T(quiet_discards_standard_error),
		T(standard_error_is_ours_unless_quiet),
		T(without_output_buffer_standard_output_is_ours),
	};
	return th_run(tests);
}
