#include "helpers.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "error.h"
#include "repo.h"
#include "source.h"

static int setup(void **state)
{
	char *base = th_tempdir("pl-repo");
	/* th_tempdir may hand out a path through a symbolic link */
	char *real = realpath(base, NULL);
	assert_non_null(real);
	free(base);
	*state = real;
	return 0;
}

static int teardown_error(void **state)
{
	(void)state;
	pl_error_clear();
	return 0;
}

static int teardown(void **state)
{
	th_rmtree(*state);
	free(*state);
	pl_error_clear();
	return 0;
}

static char *path_in(const char *base, const char *rel)
{
	return pl_strfmt("%s/%s", base, rel);
}

static char *read_text(const char *path)
{
	int fd = open(path, O_RDONLY);
	pl_buf b = PL_BUF_INIT;
	char chunk[512];
	ssize_t n;
	assert_true(fd >= 0);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		pl_buf_add(&b, chunk, (size_t)n);
	close(fd);
	return pl_buf_detach(&b);
}

/* The names in folder dir, sorted, space-separated. */
static char *names_in(const char *dir)
{
	pl_source *src = NULL;
	pl_entries e;
	pl_buf b = PL_BUF_INIT;
	assert_int_equal(pl_source_open_dir(&src, dir), 0);
	assert_int_equal(pl_source_list(src, "", &e), 0);
	for (size_t i = 0; i < e.count; i++)
		pl_buf_printf(&b, "%s%s", i ? " " : "", e.items[i].name);
	pl_entries_release(&e);
	pl_source_free(src);
	return pl_buf_detach(&b);
}

/* ---- pl_series_find -------------------------------------------------------- */

static void series_find_accepts_the_series_folder_itself(void **state)
{
	const char *base = *state;
	char *found = NULL;
	th_write(base, "pilot.json", "{}");
	assert_int_equal(pl_series_find(&found, base), 0);
	assert_string_equal(found, base);
	free(found);
}

static void series_find_searches_upwards(void **state)
{
	const char *base = *state;
	char *start = path_in(base, "regions/kainuu/etsiva");
	char *found = NULL;
	th_write(base, "pilot.json", "{}");
	assert_int_equal(pl_mkdirs(start), 0);
	assert_int_equal(pl_series_find(&found, start), 0);
	assert_string_equal(found, base);
	free(found);
	free(start);
}

static void series_find_takes_the_nearest_series(void **state)
{
	const char *base = *state;
	char *inner = path_in(base, "sisempi");
	char *start = path_in(base, "sisempi/a/b");
	char *found = NULL;
	th_write(base, "pilot.json", "{}");
	th_write(base, "sisempi/pilot.json", "{}");
	assert_int_equal(pl_mkdirs(start), 0);
	assert_int_equal(pl_series_find(&found, start), 0);
	assert_string_equal(found, inner);
	free(found);
	free(start);
	free(inner);
}

static void series_find_gives_a_clean_path(void **state)
{
	const char *base = *state;
	char *start = path_in(base, "regions/../regions/./kainuu");
	char *found = NULL;
	th_write(base, "pilot.json", "{}");
	th_write(base, "regions/kainuu/x", "");
	assert_int_equal(pl_series_find(&found, start), 0);
	assert_string_equal(found, base);
	free(found);
	free(start);
}

static void series_find_fails_outside_any_series(void **state)
{
	const char *base = *state;
	char *start = path_in(base, "a/b");
	char *found = (char *)&found;
	char *want;
	/* (no folder above the test folder holds a pilot.json) */
	assert_int_equal(pl_mkdirs(start), 0);
	assert_int_equal(pl_series_find(&found, start), PL_ENOTFOUND);
	assert_null(found);
	want = pl_strfmt("no pilot series here: neither '%s' nor a folder above it holds pilot.json",
			 start);
	assert_string_equal(pl_error_last(), want);
	free(want);
	free(start);
}

static void series_find_of_a_missing_folder_is_not_found(void **state)
{
	const char *base = *state;
	char *start = path_in(base, "none");
	char *found = (char *)&found;
	assert_int_equal(pl_series_find(&found, start), PL_ENOTFOUND);
	assert_null(found);
	free(start);
}

/* ---- pl_repo_open ----------------------------------------------------------- */

static void repo_open_finds_the_repository_above(void **state)
{
	const char *base = *state;
	git_repository *made = NULL, *repo = NULL;
	char *sub = path_in(base, "regions/kainuu");
	char *workdir = pl_strfmt("%s/", base);
	assert_int_equal(git_repository_init(&made, base, 0), 0);
	assert_int_equal(pl_mkdirs(sub), 0);
	assert_int_equal(pl_repo_open(&repo, sub), 0);
	assert_string_equal(git_repository_workdir(repo), workdir);
	git_repository_free(repo);
	git_repository_free(made);
	free(workdir);
	free(sub);
}

static void repo_open_opens_a_bare_repository(void **state)
{
	const char *base = *state;
	git_repository *made = NULL, *repo = NULL;
	char *dir = path_in(base, "sarja.git");
	assert_int_equal(git_repository_init(&made, dir, 1), 0);
	assert_int_equal(pl_repo_open(&repo, dir), 0);
	assert_true(git_repository_is_bare(repo));
	git_repository_free(repo);
	git_repository_free(made);
	free(dir);
}

static void repo_open_outside_any_repository_is_not_found(void **state)
{
	const char *base = *state;
	git_repository *repo = NULL;
	char *dir = path_in(base, "plain");
	char *want = pl_strfmt("'%s' is not in a git repository", dir);
	const char *old = getenv("GIT_CEILING_DIRECTORIES");
	char *saved = old ? pl_strdup(old) : NULL;
	int rc;
	assert_int_equal(pl_mkdirs(dir), 0);
	/* the test folder may lie inside the project's own repository */
	setenv("GIT_CEILING_DIRECTORIES", base, 1);
	rc = pl_repo_open(&repo, dir);
	if (saved)
		setenv("GIT_CEILING_DIRECTORIES", saved, 1);
	else
		unsetenv("GIT_CEILING_DIRECTORIES");
	free(saved);
	git_repository_free(repo);
	assert_int_equal(rc, PL_ENOTFOUND);
	assert_string_equal(pl_error_last(), want);
	free(want);
	free(dir);
}

/* ---- pl_write_file, pl_mkdirs -------------------------------------------------- */

static void write_file_creates_missing_folders(void **state)
{
	const char *base = *state;
	char *path = path_in(base, "regions/kainuu/etsiva/evaluation.json");
	char *text;
	assert_int_equal(pl_write_file(path, "{}\n", 3), 0);
	text = read_text(path);
	assert_string_equal(text, "{}\n");
	free(text);
	free(path);
}

static void write_file_replaces_the_old_file_whole(void **state)
{
	const char *base = *state;
	char *path = path_in(base, "pilot.json");
	char *text, *names;
	char old[16] = { 0 };
	int fd;
	assert_int_equal(pl_write_file(path, "old contents\n", 13), 0);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pl_write_file(path, "new\n", 4), 0);
	/* a reader that had the old file open still reads all of it: the new
	 * file took the old one's place, the old one was not rewritten */
	assert_int_equal(read(fd, old, sizeof(old) - 1), 13);
	assert_string_equal(old, "old contents\n");
	close(fd);
	text = read_text(path);
	assert_string_equal(text, "new\n");
	/* and no temporary file is left */
	names = names_in(base);
	assert_string_equal(names, "pilot.json");
	free(names);
	free(text);
	free(path);
}

static void write_file_makes_an_ordinary_file(void **state)
{
	const char *base = *state;
	char *path = path_in(base, "x.json");
	struct stat st;
	mode_t old = umask(022);
	int rc = pl_write_file(path, "x", 1);
	umask(old);
	assert_int_equal(rc, 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	free(path);
}

static void write_file_of_no_bytes_makes_an_empty_file(void **state)
{
	const char *base = *state;
	char *path = path_in(base, "empty.md");
	struct stat st;
	assert_int_equal(pl_write_file(path, "", 0), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	free(path);
}

static void write_file_that_fails_leaves_no_temporary_file(void **state)
{
	const char *base = *state;
	char *path = path_in(base, "kansio");
	char *names;
	assert_int_equal(pl_mkdirs(path), 0);
	/* a folder cannot be replaced by a file */
	assert_int_equal(pl_write_file(path, "x", 1), PL_EIO);
	assert_non_null(strstr(pl_error_last(), "kansio"));
	names = names_in(base);
	assert_string_equal(names, "kansio");
	free(names);
	free(path);
}

static void write_file_below_a_file_fails(void **state)
{
	const char *base = *state;
	char *path = path_in(base, "pilot.json/x.json");
	th_write(base, "pilot.json", "{}");
	assert_int_equal(pl_write_file(path, "x", 1), PL_EIO);
	free(path);
}

static void mkdirs_creates_every_missing_folder(void **state)
{
	const char *base = *state;
	char *path = path_in(base, "a/b/c");
	char *trailing = path_in(base, "d/e/");
	struct stat st;
	assert_int_equal(pl_mkdirs(path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* existing folders are fine */
	assert_int_equal(pl_mkdirs(path), 0);
	assert_int_equal(pl_mkdirs(base), 0);
	assert_int_equal(pl_mkdirs(trailing), 0);
	assert_int_equal(stat(trailing, &st), 0);
	free(trailing);
	free(path);
}

static void mkdirs_through_a_file_fails(void **state)
{
	const char *base = *state;
	char *path = path_in(base, "f/sub");
	th_write(base, "f", "file");
	assert_int_equal(pl_mkdirs(path), PL_EIO);
	assert_non_null(strstr(pl_error_last(), "cannot create folder"));
	free(path);
}

static void mkdirs_of_an_empty_path_fails_cleanly(void **state)
{
	pid_t pid;
	int status = 0;
	(void)state;
	/* in a child, so that a crash fails this test only */
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int rc = pl_mkdirs("");
		pl_error_clear();
		_exit(rc < 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* Regression: an empty path is refused instead of being read past its end (the child would be stopped by AddressSanitizer). */
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- signatures ---------------------------------------------------------------- */

static void signature_parse_accepts_name_and_email(void **state)
{
	git_signature *sig = NULL;
	time_t now = time(NULL);
	(void)state;
	assert_int_equal(pl_signature_parse(&sig, "Anna Virtanen <anna.virtanen@example.org>"), 0);
	assert_string_equal(sig->name, "Anna Virtanen");
	assert_string_equal(sig->email, "anna.virtanen@example.org");
	assert_true(sig->when.time >= now - 60 && sig->when.time <= now + 60);
	git_signature_free(sig);
	assert_int_equal(pl_signature_parse(&sig, "Bj\xc3\xb6rn   <b@x.fi>"), 0);
	assert_string_equal(sig->name, "Bj\xc3\xb6rn");
	assert_string_equal(sig->email, "b@x.fi");
	git_signature_free(sig);
}

static void signature_parse_rejects_malformed_text(void **state)
{
	const char *bad[] = { "", "Anna", "anna@example.org", "<anna@example.org>",
			      "   <anna@example.org>", "Anna <anna@example.org",
			      "Anna anna@example.org>", "Anna <anna@example.org> x",
			      "Anna <>", "Anna <anna@example.org>>", "Anna <a<b@example.org>" };
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		git_signature *sig = (git_signature *)&sig;
		char *want = pl_strfmt("'%s' is not of the form 'Name <e-mail>'", bad[i]);
		int rc = pl_signature_parse(&sig, bad[i]);
		int ok = rc == PL_EUSAGE && sig == NULL && strcmp(pl_error_last(), want) == 0;
		if (!ok)
			print_error("'%s': rc %d, message '%s'\n", bad[i], rc, pl_error_last());
		if (rc == 0)
			git_signature_free(sig);
		free(want);
		assert_true(ok);
	}
}

static void set_config_search_path(const char *dir)
{
	const int levels[] = { GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG,
			       GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_PROGRAMDATA };
	for (size_t i = 0; i < sizeof(levels) / sizeof(*levels); i++)
		assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i], dir), 0);
}

static void signature_default_comes_from_git_config(void **state)
{
	const char *base = *state;
	char *home = path_in(base, "home");
	git_signature *sig = NULL;
	int rc;

	th_write(home, ".gitconfig", "[user]\n\tname = Anna Virtanen\n\temail = anna@example.org\n");
	set_config_search_path(home);
	rc = pl_signature_default(NULL, &sig);
	set_config_search_path(NULL); /* back to libgit2's default */
	free(home);
	assert_int_equal(rc, 0);
	assert_string_equal(sig->name, "Anna Virtanen");
	assert_string_equal(sig->email, "anna@example.org");
	git_signature_free(sig);
}

static void signature_default_without_config_tells_how_to_set_it(void **state)
{
	const char *base = *state;
	char *empty = path_in(base, "empty");
	git_signature *sig = (git_signature *)&sig;
	int rc;
	assert_int_equal(pl_mkdirs(empty), 0);
	set_config_search_path(empty);
	rc = pl_signature_default(NULL, &sig);
	set_config_search_path(NULL);
	free(empty);
	assert_int_equal(rc, PL_EUSAGE);
	assert_null(sig);
	assert_non_null(strstr(pl_error_last(), "git config --global user.name"));
}

/* ---- pl_repo_create ------------------------------------------------------------------ */

static void repo_create_commits_the_files_on_main(void **state)
{
	const char *base = *state;
	const char *paths[] = { "pilot.json", "models/m/model.json" };
	char *dir = path_in(base, "sarja");
	git_signature *author = NULL;
	git_repository *repo = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_reference *head = NULL;
	git_oid commit;

	th_write(dir, "pilot.json", "{}\n");
	th_write(dir, "models/m/model.json", "{\"model\": \"m\"}\n");
	th_write(dir, "not-added.txt", "x\n");
	assert_int_equal(git_signature_now(&author, "Anna", "anna@example.org"), 0);
	assert_int_equal(pl_repo_create(dir, paths, 2, "Aloitus\n", author, &commit), 0);
	assert_int_equal(git_repository_open(&repo, dir), 0);
	assert_int_equal(git_reference_lookup(&head, repo, "HEAD"), 0);
	assert_string_equal(git_reference_symbolic_target(head), "refs/heads/main");
	assert_int_equal(git_commit_lookup(&c, repo, &commit), 0);
	assert_string_equal(git_commit_message(c), "Aloitus\n");
	assert_string_equal(git_commit_author(c)->name, "Anna");
	assert_string_equal(git_commit_committer(c)->email, "anna@example.org");
	assert_int_equal(git_commit_tree(&tree, c), 0);
	assert_int_equal(git_tree_entrycount(tree), 2); /* models, pilot.json */
	assert_non_null(git_tree_entry_byname(tree, "pilot.json"));
	assert_null(git_tree_entry_byname(tree, "not-added.txt"));
	git_tree_free(tree);
	git_commit_free(c);
	git_reference_free(head);
	git_repository_free(repo);
	git_signature_free(author);
	free(dir);
}

static void repo_create_of_a_missing_file_fails(void **state)
{
	const char *base = *state;
	const char *paths[] = { "pilot.json" };
	char *dir = path_in(base, "sarja");
	git_signature *author = NULL;
	git_oid commit;
	assert_int_equal(pl_mkdirs(dir), 0);
	assert_int_equal(git_signature_now(&author, "Anna", "anna@example.org"), 0);
	assert_true(pl_repo_create(dir, paths, 1, "x", author, &commit) < 0);
	assert_non_null(strstr(pl_error_last(), "cannot add 'pilot.json'"));
	git_signature_free(author);
	free(dir);
}

int main(void)
{
#define EACH(test) cmocka_unit_test_setup_teardown(test, setup, teardown)
	const struct CMUnitTest tests[] = {
		EACH(series_find_accepts_the_series_folder_itself),
		EACH(series_find_searches_upwards),
		EACH(series_find_takes_the_nearest_series),
		EACH(series_find_gives_a_clean_path),
		EACH(series_find_fails_outside_any_series),
		EACH(series_find_of_a_missing_folder_is_not_found),
		EACH(repo_open_finds_the_repository_above),
		EACH(repo_open_opens_a_bare_repository),
		EACH(repo_open_outside_any_repository_is_not_found),
		EACH(write_file_creates_missing_folders),
		EACH(write_file_replaces_the_old_file_whole),
		EACH(write_file_makes_an_ordinary_file),
		EACH(write_file_of_no_bytes_makes_an_empty_file),
		EACH(write_file_that_fails_leaves_no_temporary_file),
		EACH(write_file_below_a_file_fails),
		EACH(mkdirs_creates_every_missing_folder),
		EACH(mkdirs_through_a_file_fails),
		cmocka_unit_test(mkdirs_of_an_empty_path_fails_cleanly),
		cmocka_unit_test(signature_parse_accepts_name_and_email),
		cmocka_unit_test_teardown(signature_parse_rejects_malformed_text, teardown_error),
		EACH(signature_default_comes_from_git_config),
		EACH(signature_default_without_config_tells_how_to_set_it),
		EACH(repo_create_commits_the_files_on_main),
		EACH(repo_create_of_a_missing_file_fails),
	};
	int rc;
	git_libgit2_init();
	rc = th_run(tests);
	git_libgit2_shutdown();
	return rc;
}
