#include "helpers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "buf.h"
#include "error.h"
#include "history.h"

/*
 * Each test builds a bare repository with `git fast-import` (every commit
 * with its own committer date, so the order is deterministic), then asks
 * both `git log --format=%H [SINCE..]UNTIL -- PATH` and pl_history_walk.
 * Commits are named by their fast-import mark: c1, c2, ...
 */

typedef struct {
	char *dir;             /* temporary folder, also $HOME for git */
	char *git_dir;         /* the bare repository in it */
	git_repository *repo;  /* open after import() */
	pl_buf stream;         /* fast-import commands */
	int marks;             /* commits so far */
	git_oid *ids;          /* by mark (ids[0] unused), after import() */
	git_time_t clock;      /* committer date of the next commit */
	git_time_t step;       /* added to clock after each commit */
} fixture;

static int setup(void **state)
{
	fixture *f = pl_calloc(1, sizeof(*f));
	char *cmd;

	f->dir = th_tempdir("pl-history");
	f->git_dir = pl_strfmt("%s/repo.git", f->dir);
	f->clock = 1700000000;
	f->step = 60;
	pl_buf_init(&f->stream);
	th_write(f->dir, ".gitconfig",
		 "[user]\n\tname = Testi Tekij\xc3\xa4\n\temail = testi@example.org\n"
		 "[init]\n\tdefaultBranch = main\n");
	/* git must see only this configuration */
	assert_int_equal(setenv("HOME", f->dir, 1), 0);
	assert_int_equal(setenv("GIT_CONFIG_NOSYSTEM", "1", 1), 0);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_OBJECT_DIRECTORY");
	cmd = pl_strfmt("git init -q --bare '%s'", f->git_dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	git_repository_free(f->repo);
	pl_buf_release(&f->stream);
	th_rmtree(f->dir);
	free(f->ids);
	free(f->git_dir);
	free(f->dir);
	free(f);
	pl_error_clear();
	return 0;
}

/*
 * Adds a commit with the given parents (none: a root commit) whose files are
 * the first parent's, changed as listed: "path=text" writes a file,
 * "path*=text" an executable one, "-path" deletes; space-separated.
 * Returns its mark.
 */
static int commit_v(fixture *f, const char *changes, const int *parents, size_t n)
{
	const char *p = changes;
	int mark = ++f->marks;

	pl_buf_printf(&f->stream, "reset refs/heads/import\ncommit refs/heads/import\nmark :%d\n", mark);
	pl_buf_printf(&f->stream, "author Testi Tekij\xc3\xa4 <testi@example.org> %lld +0000\n",
		      (long long)f->clock);
	pl_buf_printf(&f->stream, "committer Testi Tekij\xc3\xa4 <testi@example.org> %lld +0000\n",
		      (long long)f->clock);
	pl_buf_printf(&f->stream, "data <<EOF\nc%d\nEOF\n", mark);
	for (size_t i = 0; i < n; i++) {
		assert_true(parents[i] > 0 && parents[i] < mark);
		pl_buf_printf(&f->stream, "%s :%d\n", i ? "merge" : "from", parents[i]);
	}
	while (*p) {
		size_t len = strcspn(p, " ");
		const char *eq = memchr(p, '=', len);
		if (len == 0) {
			p++;
			continue;
		}
		if (*p == '-') {
			pl_buf_printf(&f->stream, "D %.*s\n", (int)len - 1, p + 1);
		} else {
			int exec;
			assert_non_null(eq);
			exec = eq > p && eq[-1] == '*';
			pl_buf_printf(&f->stream, "M %s inline %.*s\ndata <<EOF\n%.*s\nEOF\n",
				      exec ? "100755" : "100644", (int)(eq - p - exec), p,
				      (int)(p + len - eq - 1), eq + 1);
		}
		p += len;
	}
	pl_buf_puts(&f->stream, "\n");
	f->clock += f->step;
	return mark;
}

/* commit(f, changes, parent marks..., 0) */
static int commit(fixture *f, const char *changes, ...)
{
	int parents[8];
	size_t n = 0;
	va_list ap;
	va_start(ap, changes);
	while ((parents[n] = va_arg(ap, int)) != 0)
		assert_true(++n < 8);
	va_end(ap);
	return commit_v(f, changes, parents, n);
}

/* Runs fast-import, tags every commit as cN and opens the repository. */
static void import(fixture *f)
{
	char *cmd = pl_strfmt("git --git-dir='%s' fast-import --quiet", f->git_dir);
	FILE *p;

	for (int i = 1; i <= f->marks; i++)
		pl_buf_printf(&f->stream, "reset refs/tags/c%d\nfrom :%d\n\n", i, i);
	p = popen(cmd, "w");
	assert_non_null(p);
	assert_int_equal(fwrite(f->stream.ptr, 1, f->stream.len, p), f->stream.len);
	assert_int_equal(pclose(p), 0);
	free(cmd);
	pl_buf_clear(&f->stream);

	f->ids = pl_calloc((size_t)f->marks + 1, sizeof(*f->ids));
	assert_int_equal(git_repository_open(&f->repo, f->git_dir), 0);
	for (int i = 1; i <= f->marks; i++) {
		char *ref = pl_strfmt("refs/tags/c%d", i);
		assert_int_equal(git_reference_name_to_id(&f->ids[i], f->repo, ref), 0);
		free(ref);
	}
}

/* "cN" for a commit id, or the id itself if no mark has it. */
static void add_name(const fixture *f, pl_buf *out, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	if (out->len)
		pl_buf_putc(out, ' ');
	for (int i = 1; i <= f->marks; i++) {
		if (git_oid_equal(&f->ids[i], id)) {
			pl_buf_printf(out, "c%d", i);
			return;
		}
	}
	pl_buf_puts(out, git_oid_tostr(hex, sizeof(hex), id));
}

/* What `git log` lists, as "c4 c2 c1". */
static char *git_log(const fixture *f, const char *path, int since, int until)
{
	char hex[GIT_OID_HEXSZ + 1], line[128];
	pl_buf cmd = PL_BUF_INIT, out = PL_BUF_INIT;
	FILE *p;

	pl_buf_printf(&cmd, "git --git-dir='%s' log --format=%%H ", f->git_dir);
	if (since)
		pl_buf_printf(&cmd, "%s..", git_oid_tostr(hex, sizeof(hex), &f->ids[since]));
	pl_buf_puts(&cmd, git_oid_tostr(hex, sizeof(hex), &f->ids[until]));
	if (*path)
		pl_buf_printf(&cmd, " -- '%s'", path);
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		git_oid id;
		line[strcspn(line, "\n")] = '\0';
		assert_int_equal(git_oid_fromstr(&id, line), 0);
		add_name(f, &out, &id);
	}
	assert_int_equal(pclose(p), 0);
	pl_buf_release(&cmd);
	return pl_buf_detach(&out);
}

typedef struct {
	const fixture *f;
	pl_buf names;
	int calls;
	int stop_after;        /* 0: never stop */
} collect;

static int collect_cb(git_commit *c, void *payload)
{
	collect *col = payload;
	add_name(col->f, &col->names, git_commit_id(c));
	if (++col->calls == col->stop_after)
		return 42;
	return 0;
}

/* What pl_history_walk lists, as "c4 c2 c1". */
static char *walk(const fixture *f, const char *path, int since, int until)
{
	pl_history_query q = { path, &f->ids[until], since ? &f->ids[since] : NULL };
	collect col = { f, PL_BUF_INIT, 0, 0 };
	int rc = pl_history_walk(f->repo, &q, collect_cb, &col);
	if (rc != 0)
		print_error("pl_history_walk: %d %s\n", rc, pl_error_last());
	assert_int_equal(rc, 0);
	return pl_buf_detach(&col.names);
}

/* Both git and pl_history_walk list expected. */
#define expect_log(f, path, since, until, expected) \
	expect_log_at(f, path, since, until, expected, __FILE__, __LINE__)
static void expect_log_at(const fixture *f, const char *path, int since, int until,
			  const char *expected, const char *file, int line)
{
	char *git = git_log(f, path, since, until);
	char *ours = walk(f, path, since, until);
	int ok_git = strcmp(git, expected) == 0, ok_ours = strcmp(ours, expected) == 0;
	if (!ok_git || !ok_ours)
		print_error("%s:%d: path '%s' c%d..c%d\n  expected: %s\n  git:      %s\n  ours:     %s\n",
			    file, line, path, since, until, expected, git, ours);
	free(git);
	free(ours);
	if (!ok_git || !ok_ours)
		_fail(file, line);
}

/* ---- plain histories ------------------------------------------------------ */

static void linear_history_lists_the_commits_that_touched_the_file(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1 b.txt=1", 0);
	int c2 = commit(f, "b.txt=2", c1, 0);
	int c3 = commit(f, "a.txt=2", c2, 0);
	int c4 = commit(f, "a.txt=3 b.txt=3", c3, 0);
	int c5 = commit(f, "", c4, 0); /* empty commit */
	import(f);
	expect_log(f, "a.txt", 0, c5, "c4 c3 c1");
	expect_log(f, "b.txt", 0, c5, "c4 c2 c1");
	expect_log(f, "a.txt", 0, c2, "c1");
}

static void folder_path_lists_changes_to_anything_inside(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "models/m/model.json=1 pilot.json=1", 0);
	int c2 = commit(f, "models/n/theory.md=1", c1, 0);
	int c3 = commit(f, "pilot.json=2 models.txt=1 modelsx/y=1", c2, 0);
	int c4 = commit(f, "models/m/model.json=2", c3, 0);
	int c5 = commit(f, "-models/n/theory.md", c4, 0);
	import(f);
	expect_log(f, "models", 0, c5, "c5 c4 c2 c1");
	expect_log(f, "models/m", 0, c5, "c4 c1");
	/* a trailing slash means the same folder */
	expect_log(f, "models/", 0, c5, "c5 c4 c2 c1");
}

static void trailing_slash_ignores_a_file_of_that_name(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a=1", 0);
	int c2 = commit(f, "-a a/x=1", c1, 0);
	int c3 = commit(f, "a/x=2", c2, 0);
	int c4 = commit(f, "-a/x a=2", c3, 0);
	import(f);
	expect_log(f, "a/", 0, c4, "c4 c3 c2");
	expect_log(f, "a", 0, c4, "c4 c3 c2 c1");
}

static void file_deleted_and_added_again_shows_both_changes(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1 b.txt=1", 0);
	int c2 = commit(f, "-a.txt", c1, 0);
	int c3 = commit(f, "b.txt=2", c2, 0);
	int c4 = commit(f, "a.txt=1", c3, 0); /* the same text as before */
	int c5 = commit(f, "b.txt=3", c4, 0);
	import(f);
	expect_log(f, "a.txt", 0, c5, "c4 c2 c1");
}

static void path_that_never_existed_has_no_history(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);
	import(f);
	expect_log(f, "nothing.txt", 0, c2, "");
	expect_log(f, "a.txt/below", 0, c2, "");
	expect_log(f, "a", 0, c2, "");
}

static void mode_change_counts_as_a_change(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "run.sh=1", 0);
	int c2 = commit(f, "run.sh*=1", c1, 0);
	int c3 = commit(f, "other=1", c2, 0);
	import(f);
	expect_log(f, "run.sh", 0, c3, "c2 c1");
}

static void root_commit_is_shown_only_if_it_has_the_path(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "b.txt=1", 0);
	int c2 = commit(f, "a.txt=1", c1, 0);
	import(f);
	expect_log(f, "a.txt", 0, c2, "c2");
	expect_log(f, "b.txt", 0, c2, "c1");
}

static void whole_tree_lists_every_commit(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	int c2 = commit(f, "", c1, 0);            /* empty commit */
	int c3 = commit(f, "b.txt=1", c1, 0);
	int c4 = commit(f, "b.txt=1", c2, c3, 0); /* same tree as c3 */
	import(f);
	expect_log(f, "", 0, c4, "c4 c3 c2 c1");
	expect_log(f, "", c2, c4, "c4 c3");
}

/* ---- merges --------------------------------------------------------------- */

static void merge_taking_the_side_that_changed_the_path_is_skipped(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1 b.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);       /* side */
	int c3 = commit(f, "b.txt=2", c1, 0);       /* main */
	int c4 = commit(f, "a.txt=2", c3, c2, 0);   /* merge: a from the side */
	import(f);
	expect_log(f, "a.txt", 0, c4, "c2 c1");
	expect_log(f, "b.txt", 0, c4, "c3 c1");
}

static void merge_that_differs_from_both_sides_is_shown(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);
	int c3 = commit(f, "a.txt=3", c1, 0);
	int c4 = commit(f, "a.txt=23", c3, c2, 0);
	import(f);
	expect_log(f, "a.txt", 0, c4, "c4 c3 c2 c1");
}

static void merge_where_neither_side_changed_the_path_is_skipped(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1 b.txt=1 c.txt=1", 0);
	int c2 = commit(f, "b.txt=2", c1, 0);
	int c3 = commit(f, "c.txt=2", c1, 0);
	int c4 = commit(f, "b.txt=2", c3, c2, 0);
	import(f);
	expect_log(f, "a.txt", 0, c4, "c1");
	expect_log(f, "b.txt", 0, c4, "c2 c1");
	expect_log(f, "c.txt", 0, c4, "c3 c1");
}

static void merge_that_keeps_one_side_hides_the_other_sides_changes(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);       /* side */
	int c3 = commit(f, "a.txt=3", c1, 0);       /* main */
	int c4 = commit(f, "a.txt=2", c3, c2, 0);   /* reverts main's change */
	int c5 = commit(f, "a.txt=5", c4, 0);
	import(f);
	/* TREESAME to the side: main's line (c3) is not followed */
	expect_log(f, "a.txt", 0, c5, "c5 c2 c1");
}

static void side_branch_that_changed_and_reverted_is_not_followed(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1 b.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);
	int c3 = commit(f, "a.txt=1", c2, 0);
	int c4 = commit(f, "b.txt=2", c1, 0);
	int c5 = commit(f, "b.txt=2", c4, c3, 0);
	import(f);
	expect_log(f, "a.txt", 0, c5, "c1");
	expect_log(f, "a.txt", 0, c3, "c3 c2 c1");
}

static void merge_of_unrelated_histories(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	int c2 = commit(f, "b.txt=1", 0);
	int c3 = commit(f, "a.txt=2", c1, 0);
	int c4 = commit(f, "a.txt=2 b.txt=1", c3, c2, 0);
	import(f);
	expect_log(f, "a.txt", 0, c4, "c3 c1");
	expect_log(f, "b.txt", 0, c4, "c2");
	expect_log(f, "", 0, c4, "c4 c3 c2 c1");
}

static void criss_cross_merges_match_git(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1 b.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);
	int c3 = commit(f, "b.txt=3", c1, 0);
	int c4 = commit(f, "a.txt=2 b.txt=3", c2, c3, 0);
	int c5 = commit(f, "a.txt=2 b.txt=3", c3, c2, 0);
	int c6 = commit(f, "a.txt=6", c4, 0);
	int c7 = commit(f, "b.txt=7", c5, 0);
	int c8 = commit(f, "a.txt=6 b.txt=8", c6, c7, 0);
	import(f);
	expect_log(f, "a.txt", 0, c8, "c6 c2 c1");
	expect_log(f, "b.txt", 0, c8, "c8 c7 c3 c1");
	expect_log(f, "", 0, c8, "c8 c7 c6 c5 c4 c3 c2 c1");
}

static void octopus_merge_matching_one_parent_follows_that_parent(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1 b.txt=1 c.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);
	int c3 = commit(f, "b.txt=2", c1, 0);
	int c4 = commit(f, "c.txt=2", c1, 0);
	int c5 = commit(f, "a.txt=2 b.txt=2 c.txt=2", c2, c3, c4, 0);
	import(f);
	expect_log(f, "a.txt", 0, c5, "c2 c1");
	expect_log(f, "b.txt", 0, c5, "c3 c1");
	expect_log(f, "c.txt", 0, c5, "c4 c1");
	expect_log(f, "", 0, c5, "c5 c4 c3 c2 c1");
}

static void octopus_merge_differing_from_every_parent_is_shown(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);
	int c3 = commit(f, "a.txt=3", c1, 0);
	int c4 = commit(f, "a.txt=4", c1, 0);
	int c5 = commit(f, "a.txt=5", c2, c3, c4, 0);
	import(f);
	expect_log(f, "a.txt", 0, c5, "c5 c4 c3 c2 c1");
}

/* ---- ranges ----------------------------------------------------------------- */

static void since_leaves_out_what_it_reaches(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);
	int c3 = commit(f, "b.txt=1", c2, 0);
	int c4 = commit(f, "a.txt=4", c3, 0);
	int c5 = commit(f, "a.txt=5", c4, 0);
	import(f);
	expect_log(f, "a.txt", c2, c5, "c5 c4");
	expect_log(f, "a.txt", c4, c5, "c5");
	expect_log(f, "a.txt", c5, c5, "");
	expect_log(f, "a.txt", c5, c2, "");
	expect_log(f, "a.txt", c1, c3, "c2");
}

static void since_on_a_side_branch(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1 b.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);       /* side */
	int c3 = commit(f, "b.txt=2", c1, 0);       /* main */
	int c4 = commit(f, "a.txt=4", c2, 0);       /* side */
	int c5 = commit(f, "a.txt=4 b.txt=2", c3, c4, 0);
	int c6 = commit(f, "a.txt=6", c5, 0);
	import(f);
	expect_log(f, "a.txt", c2, c6, "c6 c4");
	expect_log(f, "a.txt", c3, c6, "c6 c4 c2");
	expect_log(f, "b.txt", c4, c6, "c3");
	expect_log(f, "", c4, c6, "c6 c5 c3");
}

static void merge_same_as_an_out_of_range_parent_is_decided_by_the_others(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);
	int c3 = commit(f, "a.txt=3", c1, 0);
	int c4 = commit(f, "a.txt=2", c3, c2, 0);   /* the same as c2 */
	int c5 = commit(f, "b.txt=1", c2, 0);
	import(f);
	expect_log(f, "a.txt", 0, c4, "c2 c1");
	/* since itself counts: c4 is TREESAME to c2 and nothing is left */
	expect_log(f, "a.txt", c2, c4, "");
	/* c2 is only reachable from since: c4 differs from c3, the one
	 * parent that counts, and both lines are walked */
	expect_log(f, "a.txt", c5, c4, "c4 c3");
	expect_log(f, "", c5, c4, "c4 c3");
}

/* ---- dates ------------------------------------------------------------------- */

static void equal_commit_dates_keep_gits_order(void **state)
{
	fixture *f = *state;
	int c1, c2, c3, c4, c5, c6;
	f->step = 0;
	c1 = commit(f, "a.txt=1", 0);
	c2 = commit(f, "a.txt=2", c1, 0);
	c3 = commit(f, "a.txt=3", c1, 0);
	c4 = commit(f, "a.txt=4", c3, 0);
	c5 = commit(f, "a.txt=5", c2, c4, 0);
	c6 = commit(f, "a.txt=6", c2, 0);
	import(f);
	expect_log(f, "a.txt", 0, c5, "c5 c2 c4 c1 c3");
	expect_log(f, "", 0, c5, "c5 c2 c4 c1 c3");
	expect_log(f, "a.txt", c6, c5, "c5 c4 c3");
}

static void clock_skew_keeps_gits_order(void **state)
{
	fixture *f = *state;
	int c1, c2, c3, c4, c5, c6;
	c1 = commit(f, "a.txt=1", 0);
	f->clock -= 1000;                           /* older than its parent */
	c2 = commit(f, "a.txt=2", c1, 0);
	f->clock += 5000;
	c3 = commit(f, "a.txt=3", c1, 0);
	c4 = commit(f, "a.txt=4", c2, 0);
	f->clock -= 3000;
	c5 = commit(f, "a.txt=5", c4, c3, 0);
	c6 = commit(f, "a.txt=6", c1, 0);
	import(f);
	/* c1 comes before its older-dated child c2 */
	expect_log(f, "a.txt", 0, c5, "c5 c4 c3 c1 c2");
	/* c2 is not reachable from c6 although its parent is */
	expect_log(f, "a.txt", c6, c5, "c5 c4 c3 c2");
}

/* ---- the callback and errors ------------------------------------------------ */

static void callback_can_stop_the_walk(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);
	int c3 = commit(f, "a.txt=3", c2, 0);
	int c4 = commit(f, "a.txt=4", c3, 0);
	pl_history_query q = { "a.txt", NULL, NULL };
	collect col = { f, PL_BUF_INIT, 0, 2 };
	import(f);
	q.until = &f->ids[c4];
	assert_int_equal(pl_history_walk(f->repo, &q, collect_cb, &col), 42);
	assert_int_equal(col.calls, 2);
	assert_string_equal(col.names.ptr, "c4 c3");
	/* the same with a range, which is walked before the first call */
	pl_buf_clear(&col.names);
	col.calls = 0;
	q.since = &f->ids[c1];
	assert_int_equal(pl_history_walk(f->repo, &q, collect_cb, &col), 42);
	assert_string_equal(col.names.ptr, "c4 c3");
	pl_buf_release(&col.names);
}

static void missing_until_or_callback_is_a_usage_error(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	pl_history_query q = { "a.txt", NULL, NULL };
	collect col = { f, PL_BUF_INIT, 0, 0 };
	import(f);
	assert_int_equal(pl_history_walk(f->repo, &q, collect_cb, &col), PL_EUSAGE);
	q.until = &f->ids[c1];
	assert_int_equal(pl_history_walk(f->repo, &q, NULL, &col), PL_EUSAGE);
	assert_int_equal(col.calls, 0);
}

static void malformed_path_is_a_usage_error(void **state)
{
	static const char *const bad[] = { "/a.txt", "/", "a//b", "./a.txt", "a/../b", "a/.", ".." };
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	pl_history_query q = { NULL, NULL, NULL };
	collect col = { f, PL_BUF_INIT, 0, 0 };
	import(f);
	q.until = &f->ids[c1];
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		q.path = bad[i];
		assert_int_equal(pl_history_walk(f->repo, &q, collect_cb, &col), PL_EUSAGE);
		assert_non_null(strstr(pl_error_last(), bad[i]));
	}
	assert_int_equal(col.calls, 0);
}

static void unknown_commit_is_not_found(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	git_oid none, blob;
	pl_history_query q = { "a.txt", &none, NULL };
	collect col = { f, PL_BUF_INIT, 0, 0 };
	import(f);
	assert_int_equal(git_oid_fromstr(&none, "0123456789abcdef0123456789abcdef01234567"), 0);
	assert_int_equal(pl_history_walk(f->repo, &q, collect_cb, &col), PL_ENOTFOUND);
	assert_non_null(strstr(pl_error_last(), "0123456789abcdef0123456789abcdef01234567"));
	q.until = &f->ids[c1];
	q.since = &none;
	assert_int_equal(pl_history_walk(f->repo, &q, collect_cb, &col), PL_ENOTFOUND);
	/* a blob is no commit */
	assert_int_equal(git_blob_create_from_buffer(&blob, f->repo, "x", 1), 0);
	q.since = NULL;
	q.until = &blob;
	assert_int_equal(pl_history_walk(f->repo, &q, collect_cb, &col), PL_ENOTFOUND);
	assert_int_equal(col.calls, 0);
}

static void annotated_tag_is_peeled(void **state)
{
	fixture *f = *state;
	int c1 = commit(f, "a.txt=1", 0);
	int c2 = commit(f, "a.txt=2", c1, 0);
	git_object *target = NULL;
	git_signature *sig = NULL;
	git_oid tag;
	pl_history_query q = { "a.txt", &tag, NULL };
	collect col = { f, PL_BUF_INIT, 0, 0 };
	import(f);
	assert_int_equal(git_object_lookup(&target, f->repo, &f->ids[c2], GIT_OBJECT_COMMIT), 0);
	assert_int_equal(git_signature_new(&sig, "T", "t@example.org", 1700000000, 0), 0);
	assert_int_equal(git_tag_create(&tag, f->repo, "tyopaja-1", target, sig, "Työpaja 1", 0), 0);
	assert_int_equal(pl_history_walk(f->repo, &q, collect_cb, &col), 0);
	assert_string_equal(col.names.ptr, "c2 c1");
	pl_buf_release(&col.names);
	git_signature_free(sig);
	git_object_free(target);
}

/* ---- a generated repository ---------------------------------------------------- */

#define NPATHS 5
#define NCOMMITS 200
#define MAXHEADS 8

static uint64_t rng_state;

static unsigned rnd(unsigned n)
{
	/* xorshift64*: the same sequence on every platform */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 2685821657736338717ull) >> 33) % n;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Value v of a path: -1 absent, 0-3 text "vN", 4-5 text "v0"/"v1" executable. */
static void add_change(pl_buf *changes, const char *path, int v)
{
	if (v < 0)
		pl_buf_printf(changes, " -%s", path);
	else
		pl_buf_printf(changes, " %s%s=v%d", path, v >= 4 ? "*" : "", v % 4);
}

/* Up to three different heads, the first at random; returns how many. */
static int pick_parents(const int *heads, int nheads, int *parents)
{
	int n = 0, want = rnd(5) == 0 ? 3 : 2;
	parents[n++] = heads[rnd((unsigned)nheads)];
	for (int tries = 0; tries < 20 && n < want; tries++) {
		int h = heads[rnd((unsigned)nheads)], dup = 0;
		for (int i = 0; i < n; i++)
			dup |= parents[i] == h;
		if (!dup)
			parents[n++] = h;
	}
	return n;
}

static void random_history_matches_git_for_every_path(void **state)
{
	static const char *const paths[NPATHS] = { "a.txt", "b.txt", "dir/c.txt",
						   "dir/sub/d.txt", "e.txt" };
	static const char *const queries[] = { "a.txt", "b.txt", "dir/c.txt", "dir/sub/d.txt",
					       "e.txt", "dir", "dir/sub", "dir/", "", "none" };
	fixture *f = *state;
	int (*files)[NPATHS] = pl_calloc(NCOMMITS + 1, sizeof(*files));
	int heads[MAXHEADS], nheads = 0, nqueries = 0, shown = 0;
	int roots = 0, merges = 0, octopus = 0;
	double git_ms = 0, our_ms = 0, t;
	pl_buf changes = PL_BUF_INIT;

	rng_state = 0x9e3779b97f4a7c15ull;
	while (f->marks < NCOMMITS) {
		unsigned r = rnd(100);
		int parents[3], n = 0, vals[NPATHS], mark;

		pl_buf_clear(&changes);
		if (nheads == 0 || r < 3) {
			/* a new root */
			for (int i = 0; i < NPATHS; i++) {
				vals[i] = rnd(4) == 0 ? -1 : (int)rnd(6);
				if (vals[i] >= 0)
					add_change(&changes, paths[i], vals[i]);
			}
		} else if (r < 10 && nheads < MAXHEADS) {
			/* a new branch from any earlier commit, no commit yet */
			heads[nheads++] = 1 + (int)rnd((unsigned)f->marks);
			continue;
		} else if (r < 35 && (n = pick_parents(heads, nheads, parents)) >= 2) {
			/* a merge of two or three heads; each path from one
			 * parent or new */
			for (int i = 0; i < NPATHS; i++) {
				unsigned how = rnd(10);
				vals[i] = how < 4 ? files[parents[0]][i]
					: how < 8 ? files[parents[1 + rnd((unsigned)n - 1)]][i]
					: how < 9 ? (int)rnd(6) : -1;
				if (vals[i] != files[parents[0]][i])
					add_change(&changes, paths[i], vals[i]);
			}
			/* the merged-in head usually goes away */
			if (rnd(3) != 0) {
				for (int i = 0; i < nheads; i++) {
					if (heads[i] == parents[1]) {
						heads[i] = heads[--nheads];
						break;
					}
				}
			}
		} else {
			/* a commit on a head changing up to two paths */
			int on = heads[rnd((unsigned)nheads)];
			unsigned k = rnd(3);
			n = 0;
			parents[n++] = on;
			memcpy(vals, files[on], sizeof(vals));
			while (k-- > 0) {
				int i = (int)rnd(NPATHS);
				vals[i] = rnd(10) == 0 ? -1 : (int)rnd(6);
				if (vals[i] != files[on][i])
					add_change(&changes, paths[i], vals[i]);
			}
		}

		/* mostly later dates; some ties and some skew */
		r = rnd(20);
		if (r == 0)
			f->clock -= 60 + rnd(600);
		else if (r == 1)
			f->clock -= f->step;
		else
			f->clock += rnd(100);
		mark = commit_v(f, changes.ptr, parents, (size_t)n);
		roots += n == 0;
		merges += n >= 2;
		octopus += n >= 3;
		memcpy(files[mark], vals, sizeof(vals));
		if (n == 0) {
			if (nheads < MAXHEADS)
				heads[nheads++] = mark;
			else
				heads[rnd(MAXHEADS)] = mark;
		} else {
			for (int i = 0; i < nheads; i++)
				if (heads[i] == parents[0])
					heads[i] = mark;
		}
	}
	import(f);

	for (size_t q = 0; q < sizeof(queries) / sizeof(*queries); q++) {
		rng_state = 0x2545f4914f6cdd1dull + q;
		for (int i = 0; i < 16; i++) {
			/* the whole history of the last head and some others,
			 * then ranges */
			int until = i == 0 ? heads[0] : NCOMMITS / 2 + 1 + (int)rnd(NCOMMITS / 2);
			int since = i < 4 ? 0 : 1 + (int)rnd((unsigned)until - 1);
			char *git, *ours;
			t = now_ms();
			git = git_log(f, queries[q], since, until);
			git_ms += now_ms() - t;
			t = now_ms();
			ours = walk(f, queries[q], since, until);
			our_ms += now_ms() - t;
			if (strcmp(git, ours) != 0)
				print_error("path '%s' c%d..c%d\n  git:  %s\n  ours: %s\n",
					    queries[q], since, until, git, ours);
			assert_string_equal(ours, git);
			shown += *ours != '\0';
			nqueries++;
			free(git);
			free(ours);
		}
	}
	print_message("%d commits (%d roots, %d merges, %d octopus), %d queries: "
		      "pl_history_walk %.1f ms, git log %.1f ms\n", f->marks, roots, merges,
		      octopus, nqueries, our_ms, git_ms);
	pl_buf_release(&changes);
	free(files);
	/* the generated history must be worth comparing */
	assert_true(merges >= 20 && octopus >= 1 && roots >= 2);
	assert_true(shown > nqueries / 2);
}

int main(void)
{
#define T(test) cmocka_unit_test_setup_teardown(test, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(linear_history_lists_the_commits_that_touched_the_file),
		T(folder_path_lists_changes_to_anything_inside),
		T(trailing_slash_ignores_a_file_of_that_name),
		T(file_deleted_and_added_again_shows_both_changes),
		T(path_that_never_existed_has_no_history),
		T(mode_change_counts_as_a_change),
		T(root_commit_is_shown_only_if_it_has_the_path),
		T(whole_tree_lists_every_commit),
		T(merge_taking_the_side_that_changed_the_path_is_skipped),
		T(merge_that_differs_from_both_sides_is_shown),
		T(merge_where_neither_side_changed_the_path_is_skipped),
		T(merge_that_keeps_one_side_hides_the_other_sides_changes),
		T(side_branch_that_changed_and_reverted_is_not_followed),
		T(merge_of_unrelated_histories),
		T(criss_cross_merges_match_git),
		T(octopus_merge_matching_one_parent_follows_that_parent),
		T(octopus_merge_differing_from_every_parent_is_shown),
		T(since_leaves_out_what_it_reaches),
		T(since_on_a_side_branch),
		T(merge_same_as_an_out_of_range_parent_is_decided_by_the_others),
		T(equal_commit_dates_keep_gits_order),
		T(clock_skew_keeps_gits_order),
		T(callback_can_stop_the_walk),
		T(missing_until_or_callback_is_a_usage_error),
		T(malformed_path_is_a_usage_error),
		T(unknown_commit_is_not_found),
		T(annotated_tag_is_peeled),
		T(random_history_matches_git_for_every_path),
	};
	int rc;
	git_libgit2_init();
	rc = th_run(tests);
	git_libgit2_shutdown();
	return rc;
}
