#include "helpers.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "diag.h"
#include "error.h"
#include "repo.h"
#include "revise.h"
#include "sync.h"

/*
 * Each test gets a temporary folder (also $HOME, so that git sees only the
 * configuration written there) holding a central bare repository whose
 * main is the series tests/data/mini plus two notes files, and two clones
 * of it made with stock git:
 *
 *   DIR/central.git  the central repository, reached through its path
 *   DIR/a            Anna Virtanen's clone (a facilitator: may change anything)
 *   DIR/b            Paula Kemppainen's clone (maintains region kainuu)
 *
 * Revisions are made in the clones with pl_commit, as 'pilotti commit'
 * makes them, or with stock git where pl_commit cannot (merges).
 */

#define THEORY "models/etsiva-sosiaalityo/theory.md"
#define REGION "regions/kainuu/etsiva-sosiaalityo/"
#define PROGRAM REGION "program-theory.md"
#define NOTES REGION "muistio.md"
#define ANNEX REGION "liite.md"

#define ANNA "Anna Virtanen <anna.virtanen@example.org>"

typedef struct {
	char *dir;
	char *central;
	char *a_dir, *b_dir;
	git_repository *a, *b;  /* the clones */
	git_oid start;          /* central main at the start */
	pl_sync_result r;       /* of the last sync() */
	pl_diags diags;         /* of the last sync() */
	char *cwd;              /* to go back to after a test that moves */
	pl_buf messages;        /* what the central repository said */
	pl_transfer t;
} fixture;


static char *src_dir(void)
{
	const char *src = getenv("PILOTTI_SRC");
	const char *end;
	if (src && *src)
		return pl_strdup(src);
	/* run by hand (valgrind): the source tree is two folders above this file */
	end = strstr(__FILE__, "/tests/unit/");
	assert_non_null(end);
	return pl_strndup(__FILE__, (size_t)(end - __FILE__));
}

/* Runs a shell command (formatted) in the fixture's folder. */
#define sh(f, ...) th_sh((f)->dir, __VA_ARGS__)

/* What a shell command (formatted, run in the fixture's folder) prints;
 * free(). */
static char *sh_out(const fixture *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *sh_out(const fixture *f, const char *fmt, ...)
{
	pl_buf cmd = PL_BUF_INIT, out = PL_BUF_INIT;
	char chunk[512];
	size_t n;
	va_list ap;
	FILE *p;
	pl_buf_printf(&cmd, "cd '%s' && ", f->dir);
	va_start(ap, fmt);
	pl_buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		pl_buf_add(&out, chunk, n);
	if (pclose(p) != 0)
		fail_msg("command failed: %s", cmd.ptr);
	pl_buf_release(&cmd);
	return pl_buf_detach(&out);
}

static void on_message(void *payload, const char *text, size_t len)
{
	fixture *f = payload;
	pl_buf_add(&f->messages, text, len);
}

static git_oid central_main(const fixture *f)
{
	return th_ref_id(f->central, "refs/heads/main");
}

static git_oid main_of(git_repository *repo)
{
	git_oid id;
	assert_int_equal(git_reference_name_to_id(&id, repo, "refs/heads/main"), 0);
	return id;
}

/* The file at path in the revision rev (an id or ref) of the repository at
 * repo_path; NULL if it has no such file.  free(). */
static char *file_at(const char *repo_path, const char *rev, const char *path)
{
	git_repository *r = NULL;
	git_object *obj = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	char *text = NULL;
	assert_int_equal(git_repository_open(&r, repo_path), 0);
	assert_int_equal(git_revparse_single(&obj, r, rev), 0);
	assert_int_equal(git_commit_lookup(&c, r, git_object_id(obj)), 0);
	assert_int_equal(git_commit_tree(&tree, c), 0);
	if (git_tree_entry_bypath(&e, tree, path) == 0) {
		assert_int_equal(git_blob_lookup(&blob, r, git_tree_entry_id(e)), 0);
		text = pl_strndup(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	}
	git_error_clear();
	git_blob_free(blob);
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(c);
	git_object_free(obj);
	git_repository_free(r);
	return text;
}

/* The file at rel in folder dir; NULL if there is none.  free(). */
static char *work_file(const char *dir, const char *rel)
{
	char *path = pl_strfmt("%s/%s", dir, rel);
	pl_buf b = PL_BUF_INIT;
	int rc = pl_read_file(path, 1 << 20, &b);
	free(path);
	pl_error_clear();
	if (rc == PL_ENOTFOUND) {
		pl_buf_release(&b);
		return NULL;
	}
	assert_int_equal(rc, 0);
	return pl_buf_detach(&b);
}

/* Fails unless the file at path in revision rev of the central repository
 * is expected (NULL: no such file). */
#define assert_central_file(f, rev, path, expected) \
	assert_file_text(file_at((f)->central, rev, path), expected, "central " rev ":" path, __FILE__, __LINE__)
/* Fails unless the file rel in clone folder dir is expected (NULL: none). */
#define assert_work_file(dir, rel, expected) \
	assert_file_text(work_file(dir, rel), expected, #dir ": " rel, __FILE__, __LINE__)
static void assert_file_text(char *got, const char *expected, const char *what, const char *file, int line)
{
	int same = got && expected ? !strcmp(got, expected) : got == expected;
	if (!same)
		print_error("%s:%d: %s is\n%s\n---- expected\n%s\n", file, line, what, got ? got : "(none)",
			    expected ? expected : "(none)");
	free(got);
	if (!same)
		_fail(file, line);
}

/* The series file's text as the seed had it, with line appended; free(). */
static char *with_line(const fixture *f, const char *rel, const char *line)
{
	char *text = file_at(f->central, "refs/heads/main", rel);
	char *out;
	assert_non_null(text);
	out = pl_strfmt("%s\n%s\n", text, line);
	free(text);
	return out;
}

static void remove_in(const char *dir, const char *rel)
{
	char *path = pl_strfmt("%s/%s", dir, rel);
	assert_int_equal(unlink(path), 0);
	free(path);
}

/* Commits the clone's work tree with pl_commit as its git config's user,
 * dated when (0: now). */
static git_oid commit_at(git_repository *repo, const char *message, git_time_t when)
{
	pl_commit_options opts = { message, NULL };
	git_signature *author = NULL;
	pl_changes changes;
	pl_diags d = PL_DIAGS_INIT;
	git_oid id;
	int rc;
	if (when) {
		assert_int_equal(pl_signature_default_at(repo, &author, when), 0);
		opts.author = author;
	}
	rc = pl_commit(repo, &opts, &id, &changes, &d);
	if (rc != 0 || git_oid_is_zero(&id)) {
		char *text = th_diags_text(&d);
		print_error("pl_commit '%s': %d %s\n%s", message, rc, pl_error_last(), text);
		free(text);
	}
	assert_int_equal(rc, 0);
	assert_false(git_oid_is_zero(&id));
	pl_changes_release(&changes);
	pl_diags_release(&d);
	git_signature_free(author);
	return id;
}

static git_oid commit(git_repository *repo, const char *message)
{
	return commit_at(repo, message, 0);
}

/* Syncs repo; the result is in f->r and f->diags. */
static int sync_with(fixture *f, git_repository *repo, int use_central)
{
	pl_sync_options opts = { &f->t, 0, use_central };
	pl_sync_result_release(&f->r);
	pl_diags_release(&f->diags);
	pl_error_clear();
	return pl_sync(repo, &opts, &f->r, &f->diags);
}

/* Syncs repo and fails unless it returns 0. */
static void sync_ok(fixture *f, git_repository *repo)
{
	int rc = sync_with(f, repo, 0);
	if (rc != 0) {
		char *text = th_diags_text(&f->diags);
		print_error("pl_sync: %d %s\n%s", rc, pl_error_last(), text);
		free(text);
	}
	assert_int_equal(rc, 0);
}

/* Fails unless `git status` in the clone folder shows nothing. */
static void assert_clean(const fixture *f, const char *clone)
{
	char *status = sh_out(f, "git -C %s status --porcelain", clone);
	if (*status)
		print_error("git status in %s:\n%s", clone, status);
	assert_string_equal(status, "");
	free(status);
}

static void assert_central_sound(const fixture *f)
{
	sh(f, "git --git-dir=central.git fsck --strict --no-progress");
}

/* The subject lines of the last n revisions on central main, newest first. */
static char *central_log(const fixture *f, int n)
{
	return sh_out(f, "git --git-dir=central.git log --first-parent --format=%%s -%d main", n);
}

static git_commit *central_commit(const fixture *f, git_repository **central)
{
	git_commit *c = NULL;
	git_oid id = central_main(f);
	assert_int_equal(git_repository_open(central, f->central), 0);
	assert_int_equal(git_commit_lookup(&c, *central, &id), 0);
	return c;
}

static void write_hook(const fixture *f, const char *name, const char *script)
{
	char *rel = pl_strfmt("central.git/hooks/%s", name);
	th_write_exec(f->dir, rel, script);
	free(rel);
}

static int setup(void **state)
{
	fixture *f = pl_calloc(1, sizeof(*f));
	char *base = th_tempdir("pl-sync"), *src = src_dir();

	f->dir = realpath(base, NULL);
	assert_non_null(f->dir);
	free(base);
	f->central = pl_strfmt("%s/central.git", f->dir);
	f->a_dir = pl_strfmt("%s/a", f->dir);
	f->b_dir = pl_strfmt("%s/b", f->dir);
	f->cwd = getcwd(NULL, 0);
	pl_buf_init(&f->messages);
	f->t.message = on_message;
	f->t.payload = f;
	th_write(f->dir, ".gitconfig",
		 "[user]\n\tname = Testi Tekij\xc3\xa4\n\temail = testi@example.org\n"
		 "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n");
	/* git and libgit2 must see only this configuration */
	assert_int_equal(setenv("HOME", f->dir, 1), 0);
	assert_int_equal(setenv("GIT_CONFIG_NOSYSTEM", "1", 1), 0);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_OBJECT_DIRECTORY");
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("GIT_COMMITTER_EMAIL");
	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, f->dir), 0);
	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, f->dir), 0);
	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, f->dir), 0);

	sh(f, "cp -R '%s/tests/data/mini' seed", src);
	/* notes a region may keep beside its files (pilotti warns, no more) */
	th_write(f->dir, "seed/" NOTES, "# Muistio\n\nEnsimm\xc3\xa4inen tapaaminen.\n");
	th_write(f->dir, "seed/" ANNEX, "# Liite\n\nYhteystiedot erikseen.\n");
	sh(f, "git init -q seed && git -C seed add -A && git -C seed commit -q -m 'Series' && "
	      "git clone -q --bare seed central.git && git clone -q central.git a && "
	      "git clone -q central.git b && "
	      "git -C a config user.name 'Anna Virtanen' && "
	      "git -C a config user.email anna.virtanen@example.org && "
	      "git -C b config user.name 'Paula Kemppainen' && "
	      "git -C b config user.email paula.kemppainen@example.org");
	assert_int_equal(git_repository_open(&f->a, f->a_dir), 0);
	assert_int_equal(git_repository_open(&f->b, f->b_dir), 0);
	f->start = central_main(f);
	free(src);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	assert_int_equal(chdir(f->cwd), 0);
	git_repository_free(f->a);
	git_repository_free(f->b);
	th_rmtree(f->dir);
	pl_sync_result_release(&f->r);
	pl_diags_release(&f->diags);
	pl_buf_release(&f->messages);
	free(f->cwd);
	free(f->b_dir);
	free(f->a_dir);
	free(f->central);
	free(f->dir);
	free(f);
	pl_error_clear();
	return 0;
}

/* ---- one side only ------------------------------------------------------------- */

static void nothing_to_do_receives_and_sends_nothing(void **state)
{
	fixture *f = *state;
	git_oid now;
	sync_ok(f, f->a);
	assert_int_equal(f->r.received, 0);
	assert_int_equal(f->r.sent, 0);
	assert_int_equal(f->r.already, 0);
	assert_int_equal(f->r.combined, 0);
	assert_int_equal(f->r.tries, 0);
	th_assert_oid_equal(&f->r.tip, &f->start);
	now = central_main(f);
	th_assert_oid_equal(&now, &f->start);
	assert_int_equal(f->r.conflict_paths.count, 0);
	assert_null(f->r.kept);
}

static void own_revision_is_sent_to_central(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	git_oid mine, now, tracking;

	th_write(f->a_dir, THEORY, theory);
	mine = commit(f->a, "Theory: Anna's addition");
	sync_ok(f, f->a);
	assert_int_equal(f->r.sent, 1);
	assert_int_equal(f->r.received, 0);
	assert_int_equal(f->r.combined, 0);
	now = central_main(f);
	th_assert_oid_equal(&now, &mine);
	th_assert_oid_equal(&f->r.tip, &mine);
	now = main_of(f->a);
	th_assert_oid_equal(&now, &mine);
	/* the clone knows where central main is now */
	assert_int_equal(git_reference_name_to_id(&tracking, f->a, "refs/remotes/origin/main"), 0);
	th_assert_oid_equal(&tracking, &mine);
	/* nothing is left behind on the way out */
	assert_int_equal(git_reference_name_to_id(&tracking, f->a, "refs/pilotti/outgoing"), GIT_ENOTFOUND);
	assert_central_sound(f);
	free(theory);
}

static void central_revisions_are_received_into_a_clone_without_own_ones(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	git_oid mine, now;

	th_write(f->a_dir, THEORY, theory);
	mine = commit(f->a, "Theory: Anna's addition");
	sync_ok(f, f->a);
	sync_ok(f, f->b);
	assert_int_equal(f->r.received, 1);
	assert_int_equal(f->r.sent, 0);
	assert_int_equal(f->r.combined, 0);
	now = main_of(f->b);
	th_assert_oid_equal(&now, &mine);
	assert_work_file(f->b_dir, THEORY, theory);
	assert_clean(f, "b");
	free(theory);
}

static void first_sync_to_an_empty_central_repository_sends_main(void **state)
{
	fixture *f = *state;
	char *empty = pl_strfmt("%s/empty.git", f->dir);
	git_oid now;

	sh(f, "git init -q --bare empty.git");
	assert_int_equal(pl_remote_set_url(f->a, empty), 0);
	sync_ok(f, f->a);
	assert_int_equal(f->r.received, 0);
	assert_int_equal(f->r.sent, 1);
	now = th_ref_id(empty, "refs/heads/main");
	th_assert_oid_equal(&now, &f->start);
	free(empty);
}

static void empty_clone_and_empty_central_repository_is_not_found(void **state)
{
	fixture *f = *state;
	git_repository *fresh = NULL;
	char *dir = pl_strfmt("%s/fresh", f->dir), *empty = pl_strfmt("%s/empty.git", f->dir);

	sh(f, "git init -q --bare empty.git && git init -q fresh");
	assert_int_equal(git_repository_open(&fresh, dir), 0);
	assert_int_equal(pl_remote_set_url(fresh, empty), 0);
	assert_int_equal(sync_with(f, fresh, 0), PL_ENOTFOUND);
	git_repository_free(fresh);
	free(empty);
	free(dir);
}

/*
 * A central repository set as a path relative to the clone (pilotti remote
 * set ../central.git) works when sync runs in a region's folder.
 */
static void relative_central_path_works_from_any_folder(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	char *elsewhere = pl_strfmt("%s/a/regions/kainuu", f->dir);
	git_oid mine, now;

	assert_int_equal(pl_remote_set_url(f->a, "../central.git"), 0);
	th_write(f->a_dir, THEORY, theory);
	mine = commit(f->a, "Anna's addition");
	/* 'pilotti sync' in a region's folder */
	assert_int_equal(chdir(elsewhere), 0);
	free(elsewhere);
	free(theory);
	sync_ok(f, f->a);
	assert_int_equal(f->r.sent, 1);
	now = central_main(f);
	th_assert_oid_equal(&now, &mine);
}

/* ---- combining ------------------------------------------------------------------ */

static void revisions_changing_different_files_are_combined(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	char *program = with_line(f, PROGRAM, "Paulan lis\xc3\xa4ys.");
	git_repository *central = NULL;
	git_commit *tip, *own = NULL;
	git_oid anna, paula, now;

	th_write(f->a_dir, THEORY, theory);
	anna = commit(f->a, "Theory: Anna's addition");
	sync_ok(f, f->a);
	th_write(f->b_dir, PROGRAM, program);
	/* written a while ago, synced now */
	paula = commit_at(f->b, "Kainuu: Paula's addition\n\nWhy it was added.\n", 1650000000);

	sync_ok(f, f->b);
	assert_int_equal(f->r.combined, 1);
	assert_int_equal(f->r.received, 1);
	assert_int_equal(f->r.sent, 1);
	assert_int_equal(f->r.already, 0);
	assert_int_equal(f->r.conflict_paths.count, 0);

	/* central: Paula's revision replayed on Anna's, author and message kept */
	tip = central_commit(f, &central);
	th_assert_oid_equal(git_commit_id(tip), &f->r.tip);
	assert_int_equal(git_commit_parentcount(tip), 1);
	th_assert_oid_equal(git_commit_parent_id(tip, 0), &anna);
	assert_int_equal(git_commit_lookup(&own, f->b, &paula), 0);
	assert_string_equal(git_commit_author(tip)->name, "Paula Kemppainen");
	assert_string_equal(git_commit_author(tip)->email, "paula.kemppainen@example.org");
	assert_int_equal(git_commit_author(tip)->when.time, 1650000000);
	assert_string_equal(git_commit_message(tip), git_commit_message(own));
	/* whoever synced is the committer, dated now */
	assert_string_equal(git_commit_committer(tip)->name, "Paula Kemppainen");
	assert_true(git_commit_committer(tip)->when.time > 1650000000);
	assert_central_file(f, "main", THEORY, theory);
	assert_central_file(f, "main", PROGRAM, program);
	assert_central_sound(f);

	/* b: main is the combined revision, the files follow */
	now = main_of(f->b);
	th_assert_oid_equal(&now, git_commit_id(tip));
	assert_work_file(f->b_dir, THEORY, theory);
	assert_work_file(f->b_dir, PROGRAM, program);
	assert_clean(f, "b");

	git_commit_free(own);
	git_commit_free(tip);
	git_repository_free(central);
	free(program);
	free(theory);
}

static void several_own_revisions_are_replayed_in_order(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	char *log, *last = NULL;

	th_write(f->a_dir, THEORY, theory);
	commit(f->a, "Anna");
	sync_ok(f, f->a);
	for (int i = 1; i <= 3; i++) {
		char *line = pl_strfmt("Paulan lis\xc3\xa4ys %d.", i);
		char *text = with_line(f, PROGRAM, line);
		char *message = pl_strfmt("Paula %d", i);
		th_write(f->b_dir, PROGRAM, text);
		commit(f->b, message);
		free(message);
		free(last);
		last = text;
		free(line);
	}

	sync_ok(f, f->b);
	assert_int_equal(f->r.combined, 1);
	assert_int_equal(f->r.received, 1);
	assert_int_equal(f->r.sent, 3);
	log = central_log(f, 5);
	assert_string_equal(log, "Paula 3\nPaula 2\nPaula 1\nAnna\nSeries\n");
	assert_central_file(f, "main", PROGRAM, last);
	assert_central_file(f, "main", THEORY, theory);
	assert_work_file(f->b_dir, THEORY, theory);
	assert_clean(f, "b");
	assert_central_sound(f);
	free(log);
	free(last);
	free(theory);
}

static void same_file_changed_on_both_sides_is_a_conflict_and_nothing_moves(void **state)
{
	fixture *f = *state;
	char *anna_text = with_line(f, PROGRAM, "Annan versio.");
	char *paula_text = with_line(f, PROGRAM, "Paulan versio.");
	char hex[GIT_OID_HEXSZ + 1], *kept;
	git_oid anna, paula, now;

	th_write(f->a_dir, PROGRAM, anna_text);
	anna = commit(f->a, "Anna's version");
	sync_ok(f, f->a);
	th_write(f->b_dir, PROGRAM, paula_text);
	paula = commit(f->b, "Paula's version");

	assert_int_equal(sync_with(f, f->b, 0), PL_ECONFLICT);
	assert_int_equal(f->r.conflict_paths.count, 1);
	assert_string_equal(f->r.conflict_paths.items[0], PROGRAM);
	assert_string_equal(f->r.conflict_by, ANNA);
	assert_string_equal(f->r.conflict_revision, "Paula's version");
	kept = pl_strfmt("refs/pilotti/kept/%.12s", git_oid_tostr(hex, sizeof(hex), &paula));
	assert_string_equal(f->r.kept, kept);
	assert_int_equal(git_reference_name_to_id(&now, f->b, kept), 0);
	th_assert_oid_equal(&now, &paula);

	/* nothing moved: not main here, not central, not the files */
	now = main_of(f->b);
	th_assert_oid_equal(&now, &paula);
	now = central_main(f);
	th_assert_oid_equal(&now, &anna);
	assert_work_file(f->b_dir, PROGRAM, paula_text);
	free(kept);
	free(paula_text);
	free(anna_text);
}

static void use_central_takes_the_central_file_and_keeps_the_own_change_aside(void **state)
{
	fixture *f = *state;
	char *anna_text = with_line(f, PROGRAM, "Annan versio.");
	char *paula_text = with_line(f, PROGRAM, "Paulan versio.");
	char *notes = with_line(f, NOTES, "Paulan muistiinpano.");
	char *kept;
	git_oid anna, paula, now;

	th_write(f->a_dir, PROGRAM, anna_text);
	anna = commit(f->a, "Anna's version");
	sync_ok(f, f->a);
	/* Paula's revision: a conflicting change and one that is not */
	th_write(f->b_dir, PROGRAM, paula_text);
	th_write(f->b_dir, NOTES, notes);
	paula = commit(f->b, "Paula's version");
	assert_int_equal(sync_with(f, f->b, 0), PL_ECONFLICT);
	kept = pl_strdup(f->r.kept);

	assert_int_equal(sync_with(f, f->b, 1), 0);
	assert_int_equal(f->r.conflict_paths.count, 1);
	assert_string_equal(f->r.conflict_paths.items[0], PROGRAM);
	assert_non_null(f->r.kept);
	assert_string_equal(f->r.kept, kept);
	assert_int_equal(f->r.sent, 1);

	/* central: Anna's file; Paula's other change went through */
	now = central_main(f);
	th_assert_oid_equal(&now, &f->r.tip);
	assert_central_file(f, "main", PROGRAM, anna_text);
	assert_central_file(f, "main", NOTES, notes);
	assert_central_file(f, "main^", PROGRAM, anna_text);
	{
		char *parent = sh_out(f, "git --git-dir=central.git rev-parse main^");
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &anna);
		assert_true(!strncmp(parent, hex, GIT_OID_HEXSZ));
		free(parent);
	}
	/* b follows; the own change stays on the kept ref */
	assert_work_file(f->b_dir, PROGRAM, anna_text);
	assert_work_file(f->b_dir, NOTES, notes);
	assert_clean(f, "b");
	assert_int_equal(git_reference_name_to_id(&now, f->b, kept), 0);
	th_assert_oid_equal(&now, &paula);
	free(kept);
	free(notes);
	free(paula_text);
	free(anna_text);
}

static void identical_change_on_both_sides_is_already_there(void **state)
{
	fixture *f = *state;
	char *text = with_line(f, PROGRAM, "Sama lis\xc3\xa4ys.");
	git_oid anna, now;

	th_write(f->a_dir, PROGRAM, text);
	anna = commit(f->a, "Anna's addition");
	sync_ok(f, f->a);
	th_write(f->b_dir, PROGRAM, text);
	commit(f->b, "Paula's identical addition");

	sync_ok(f, f->b);
	assert_int_equal(f->r.conflict_paths.count, 0);
	assert_int_equal(f->r.already, 1);
	assert_int_equal(f->r.sent, 0);
	assert_int_equal(f->r.received, 1);
	now = central_main(f);
	th_assert_oid_equal(&now, &anna);
	now = main_of(f->b);
	th_assert_oid_equal(&now, &anna);
	assert_work_file(f->b_dir, PROGRAM, text);
	assert_clean(f, "b");
	free(text);
}

static void file_deleted_on_one_side_and_unchanged_on_the_other_is_deleted(void **state)
{
	fixture *f = *state;

	/* Anna deletes one note, Paula the other */
	remove_in(f->a_dir, NOTES);
	commit(f->a, "Anna deletes the notes");
	sync_ok(f, f->a);
	remove_in(f->b_dir, ANNEX);
	commit(f->b, "Paula deletes the annex");

	sync_ok(f, f->b);
	assert_int_equal(f->r.combined, 1);
	assert_int_equal(f->r.sent, 1);
	assert_central_file(f, "main", NOTES, NULL);
	assert_central_file(f, "main", ANNEX, NULL);
	assert_work_file(f->b_dir, NOTES, NULL);
	assert_work_file(f->b_dir, ANNEX, NULL);
	assert_clean(f, "b");
}

static void file_deleted_on_one_side_and_changed_on_the_other_is_a_conflict(void **state)
{
	fixture *f = *state;
	char *notes = with_line(f, NOTES, "Paulan muistiinpano.");
	char *annex = with_line(f, ANNEX, "Annan liite.");
	git_oid anna, paula, now;

	remove_in(f->a_dir, NOTES);
	th_write(f->a_dir, ANNEX, annex);
	anna = commit(f->a, "Anna deletes the notes, changes the annex");
	sync_ok(f, f->a);
	th_write(f->b_dir, NOTES, notes);
	remove_in(f->b_dir, ANNEX);
	paula = commit(f->b, "Paula changes the notes, deletes the annex");

	assert_int_equal(sync_with(f, f->b, 0), PL_ECONFLICT);
	assert_int_equal(f->r.conflict_paths.count, 2);
	assert_string_equal(f->r.conflict_paths.items[0], ANNEX);
	assert_string_equal(f->r.conflict_paths.items[1], NOTES);
	now = central_main(f);
	th_assert_oid_equal(&now, &anna);
	now = main_of(f->b);
	th_assert_oid_equal(&now, &paula);
	assert_work_file(f->b_dir, NOTES, notes);
	assert_work_file(f->b_dir, ANNEX, NULL);
	free(annex);
	free(notes);
}

static void local_history_with_a_merge_is_combined_as_one_merge(void **state)
{
	fixture *f = *state;
	char *program = with_line(f, PROGRAM, "Paulan lis\xc3\xa4ys.");
	char *theory = with_line(f, THEORY, "Sivuhaaran lis\xc3\xa4ys.");
	char *annex = with_line(f, ANNEX, "Annan liite.");
	git_repository *central = NULL;
	git_commit *tip;
	git_oid paula, merge, now;

	th_write(f->b_dir, PROGRAM, program);
	paula = commit(f->b, "Paula's addition");
	sync_ok(f, f->b);

	/* Anna works on a side branch and merges it with git */
	sh(f, "git -C a checkout -q -b side");
	th_write(f->a_dir, THEORY, theory);
	sh(f, "git -C a commit -q -am 'Side change'");
	sh(f, "git -C a checkout -q main");
	th_write(f->a_dir, ANNEX, annex);
	sh(f, "git -C a commit -q -am 'Main change' && git -C a merge -q --no-ff -m 'Merge side' side");
	merge = main_of(f->a);

	sync_ok(f, f->a);
	assert_int_equal(f->r.combined, 1);
	assert_int_equal(f->r.received, 1);
	/* the three own revisions and the merge that combines them */
	assert_int_equal(f->r.sent, 4);
	tip = central_commit(f, &central);
	assert_int_equal(git_commit_parentcount(tip), 2);
	th_assert_oid_equal(git_commit_parent_id(tip, 0), &paula);
	th_assert_oid_equal(git_commit_parent_id(tip, 1), &merge);
	assert_central_file(f, "main", PROGRAM, program);
	assert_central_file(f, "main", THEORY, theory);
	assert_central_file(f, "main", ANNEX, annex);
	assert_central_sound(f);
	now = main_of(f->a);
	th_assert_oid_equal(&now, git_commit_id(tip));
	assert_work_file(f->a_dir, PROGRAM, program);
	assert_clean(f, "a");
	git_commit_free(tip);
	git_repository_free(central);
	free(annex);
	free(theory);
	free(program);
}

/* A revision that only makes a file executable combines like any other:
 * the mode is part of what it changed. */
static void mode_change_alone_is_combined(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	char *mode;

	th_write(f->a_dir, THEORY, theory);
	commit(f->a, "Theory: Anna's addition");
	sync_ok(f, f->a);
	sh(f, "chmod +x b/%s && git -C b -c core.fileMode=true commit -q -am 'Executable notes'", NOTES);

	sync_ok(f, f->b);
	assert_int_equal(f->r.combined, 1);
	assert_int_equal(f->r.sent, 1);
	assert_int_equal(f->r.already, 0);
	mode = sh_out(f, "git -C central.git ls-tree main %s | cut -c1-6", NOTES);
	assert_string_equal(mode, "100755\n");
	assert_central_file(f, "main", THEORY, theory);
	assert_central_sound(f);
	free(mode);
	free(theory);
}

/* ---- the work tree -------------------------------------------------------------- */

static void uncommitted_edit_in_the_way_stops_the_sync_and_sends_nothing(void **state)
{
	fixture *f = *state;
	char *anna_text = with_line(f, PROGRAM, "Annan versio.");
	char *notes = with_line(f, NOTES, "Paulan muistiinpano.");
	char *editing = with_line(f, PROGRAM, "Kesken.");
	git_oid anna, paula, now;

	th_write(f->a_dir, PROGRAM, anna_text);
	anna = commit(f->a, "Anna's version");
	sync_ok(f, f->a);
	/* Paula has an own revision elsewhere, and is editing Anna's file */
	th_write(f->b_dir, NOTES, notes);
	paula = commit(f->b, "Paula's notes");
	th_write(f->b_dir, PROGRAM, editing);

	assert_int_equal(sync_with(f, f->b, 0), PL_EINVALID);
	assert_int_equal(f->r.conflict_paths.count, 1);
	assert_string_equal(f->r.conflict_paths.items[0], PROGRAM);
	now = central_main(f);
	th_assert_oid_equal(&now, &anna);
	now = main_of(f->b);
	th_assert_oid_equal(&now, &paula);
	assert_work_file(f->b_dir, PROGRAM, editing);
	assert_work_file(f->b_dir, NOTES, notes);
	free(editing);
	free(notes);
	free(anna_text);
}

static void uncommitted_edit_of_another_file_survives_the_sync(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	char *editing = with_line(f, PROGRAM, "Kesken.");
	char *status;

	th_write(f->a_dir, THEORY, theory);
	commit(f->a, "Anna's addition");
	sync_ok(f, f->a);
	th_write(f->b_dir, PROGRAM, editing);

	sync_ok(f, f->b);
	assert_int_equal(f->r.received, 1);
	assert_work_file(f->b_dir, THEORY, theory);
	assert_work_file(f->b_dir, PROGRAM, editing);
	status = sh_out(f, "git -C b status --porcelain");
	assert_string_equal(status, " M " PROGRAM "\n");
	free(status);
	free(editing);
	free(theory);
}

static void unborn_clone_gets_central_main_checked_out(void **state)
{
	fixture *f = *state;
	git_repository *fresh = NULL;
	char *dir = pl_strfmt("%s/fresh", f->dir);
	char *pilot = file_at(f->central, "main", "pilot.json");
	char *program = file_at(f->central, "main", PROGRAM);
	git_oid now;

	sh(f, "git init -q fresh");
	assert_int_equal(git_repository_open(&fresh, dir), 0);
	assert_int_equal(pl_remote_set_url(fresh, f->central), 0);

	sync_ok(f, fresh);
	assert_int_equal(f->r.received, 1);
	assert_int_equal(f->r.sent, 0);
	now = main_of(fresh);
	th_assert_oid_equal(&now, &f->start);
	assert_work_file(dir, "pilot.json", pilot);
	assert_work_file(dir, PROGRAM, program);
	assert_clean(f, "fresh");
	git_repository_free(fresh);
	free(program);
	free(pilot);
	free(dir);
}

/* ---- validity and the central repository's rules ----------------------------------- */

static void combined_series_that_is_not_valid_is_not_sent(void **state)
{
	fixture *f = *state;
	char *pilot = work_file(f->a_dir, "pilot.json");
	char *regions = strstr(pilot, "\"regions\"");
	char *after = regions ? strstr(regions, "\"workshops\"") : NULL;
	char *without, *folder = pl_strfmt("%s/regions", f->a_dir);
	git_oid anna, paula, now;

	/* Anna ends region kainuu: out of pilot.json, its folder gone */
	assert_non_null(after);
	without = pl_strfmt("%.*s\"regions\": [],\n  %s", (int)(regions - pilot), pilot, after);
	th_write(f->a_dir, "pilot.json", without);
	th_rmtree(folder);
	anna = commit(f->a, "Kainuu leaves the series");
	sync_ok(f, f->a);
	/* meanwhile Paula adds a file to the region's folder */
	th_write(f->b_dir, REGION "uusi.md", "# Uusi\n");
	paula = commit(f->b, "Kainuu: a new note");

	assert_int_equal(sync_with(f, f->b, 0), PL_EINVALID);
	assert_true(pl_diags_count(&f->diags, PL_DIAG_ERROR) > 0);
	th_assert_diag(&f->diags, "kainuu");
	now = central_main(f);
	th_assert_oid_equal(&now, &anna);
	now = main_of(f->b);
	th_assert_oid_equal(&now, &paula);
	assert_work_file(f->b_dir, REGION "uusi.md", "# Uusi\n");
	free(folder);
	free(without);
	free(pilot);
}

static void push_refused_by_the_central_rules_is_invalid_and_moves_nothing(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	git_oid anna, now;

	write_hook(f, "pre-receive", "#!/bin/sh\necho 'not today'\nexit 1\n");
	th_write(f->a_dir, THEORY, theory);
	anna = commit(f->a, "Anna's addition");

	assert_int_equal(sync_with(f, f->a, 0), PL_EINVALID);
	assert_string_equal(f->messages.ptr, "not today\n");
	now = central_main(f);
	th_assert_oid_equal(&now, &f->start);
	now = main_of(f->a);
	th_assert_oid_equal(&now, &anna);
	free(theory);
}

static void central_moving_during_the_push_is_retried(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	git_repository *central = NULL;
	git_commit *tip;

	/* The first push loses a race: another revision lands while the
	 * hook runs.  The second one is put on top of it. */
	write_hook(f, "pre-receive",
		   "#!/bin/sh\ncat >/dev/null\n"
		   "if [ ! -e ../raced ]; then\n"
		   "  touch ../raced\n"
		   "  c=$(echo 'Someone else' | git commit-tree refs/heads/main^{tree} -p refs/heads/main)\n"
		   "  git update-ref refs/heads/main \"$c\"\n"
		   "fi\n");
	th_write(f->a_dir, THEORY, theory);
	commit(f->a, "Anna's addition");

	sync_ok(f, f->a);
	assert_int_equal(f->r.tries, 2);
	assert_int_equal(f->r.received, 1);
	assert_int_equal(f->r.sent, 1);
	tip = central_commit(f, &central);
	assert_string_equal(git_commit_summary(tip), "Anna's addition");
	{
		char *log = central_log(f, 3);
		assert_string_equal(log, "Anna's addition\nSomeone else\nSeries\n");
		free(log);
	}
	assert_central_file(f, "main", THEORY, theory);
	git_commit_free(tip);
	git_repository_free(central);
	free(theory);
}

static void central_moving_on_every_try_gives_up_and_keeps_main(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	pl_sync_options opts = { &f->t, 1, 0 };
	git_oid mine, now;
	char *log;

	write_hook(f, "pre-receive",
		   "#!/bin/sh\ncat >/dev/null\n"
		   "c=$(echo 'Someone else' | git commit-tree refs/heads/main^{tree} -p refs/heads/main)\n"
		   "git update-ref refs/heads/main \"$c\"\n");
	th_write(f->a_dir, THEORY, theory);
	mine = commit(f->a, "Anna's addition");

	pl_sync_result_release(&f->r);
	assert_int_equal(pl_sync(f->a, &opts, &f->r, &f->diags), PL_ERROR);
	assert_int_equal(f->r.tries, 1);
	assert_non_null(strstr(pl_error_last(), "sync again"));
	now = main_of(f->a);
	th_assert_oid_equal(&now, &mine);
	log = central_log(f, 2);
	assert_string_equal(log, "Someone else\nSeries\n");
	free(log);
	free(theory);
}

/* ---- workshop tags ------------------------------------------------------------- */

static void workshop_closed_centrally_becomes_a_local_tag(void **state)
{
	fixture *f = *state;
	git_oid central_tag, here;

	sh(f, "git --git-dir=central.git tag -a -m 'Workshop 1' workshop/tyopaja-1 main");
	central_tag = th_ref_id(f->central, "refs/tags/workshop/tyopaja-1");
	sync_ok(f, f->a);
	assert_int_equal(f->r.tags_received, 1);
	assert_int_equal(f->r.tags_sent, 0);
	assert_int_equal(git_reference_name_to_id(&here, f->a, "refs/tags/workshop/tyopaja-1"), 0);
	th_assert_oid_equal(&here, &central_tag);
	/* only once */
	sync_ok(f, f->a);
	assert_int_equal(f->r.tags_received, 0);
}

static void workshop_closed_here_is_sent_with_main(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	git_oid mine, tag, now;

	th_write(f->a_dir, THEORY, theory);
	mine = commit(f->a, "Anna's addition");
	sh(f, "git -C a tag -a -m 'Workshop 2' workshop/tyopaja-2");
	assert_int_equal(git_reference_name_to_id(&tag, f->a, "refs/tags/workshop/tyopaja-2"), 0);

	sync_ok(f, f->a);
	assert_int_equal(f->r.sent, 1);
	assert_int_equal(f->r.tags_sent, 1);
	now = central_main(f);
	th_assert_oid_equal(&now, &mine);
	now = th_ref_id(f->central, "refs/tags/workshop/tyopaja-2");
	th_assert_oid_equal(&now, &tag);
	assert_central_sound(f);
	/* only once */
	sync_ok(f, f->a);
	assert_int_equal(f->r.tags_sent, 0);
	free(theory);
}

static void workshop_closed_here_on_a_central_revision_is_sent_alone(void **state)
{
	fixture *f = *state;
	git_oid tag, now;

	sh(f, "git -C a tag -a -m 'Workshop 1' workshop/tyopaja-1");
	assert_int_equal(git_reference_name_to_id(&tag, f->a, "refs/tags/workshop/tyopaja-1"), 0);
	sync_ok(f, f->a);
	assert_int_equal(f->r.sent, 0);
	assert_int_equal(f->r.tags_sent, 1);
	now = th_ref_id(f->central, "refs/tags/workshop/tyopaja-1");
	th_assert_oid_equal(&now, &tag);
	now = central_main(f);
	th_assert_oid_equal(&now, &f->start);
}

static void workshop_closed_on_a_revision_that_is_replayed_is_not_sent(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	char *program = with_line(f, PROGRAM, "Paulan lis\xc3\xa4ys.");
	git_oid now;

	th_write(f->a_dir, THEORY, theory);
	commit(f->a, "Anna's addition");
	sync_ok(f, f->a);
	/* Paula closes the workshop on a revision that sync rewrites */
	th_write(f->b_dir, PROGRAM, program);
	commit(f->b, "Paula's addition");
	sh(f, "git -C b tag -a -m 'Workshop 2' workshop/tyopaja-2");

	sync_ok(f, f->b);
	assert_int_equal(f->r.sent, 1);
	assert_int_equal(f->r.tags_sent, 0);
	now = th_ref_id(f->central, "refs/tags/workshop/tyopaja-2");
	assert_true(git_oid_is_zero(&now));
	assert_int_equal(f->r.notes.count, 1);
	assert_non_null(strstr(f->r.notes.items[0], "tyopaja-2"));
	free(program);
	free(theory);
}

/* ---- where sync works ------------------------------------------------------------ */

static void bare_repository_is_refused(void **state)
{
	fixture *f = *state;
	git_repository *central = NULL;
	assert_int_equal(git_repository_open(&central, f->central), 0);
	assert_int_equal(sync_with(f, central, 0), PL_EUSAGE);
	git_repository_free(central);
}

static void clone_on_another_branch_is_refused(void **state)
{
	fixture *f = *state;
	char *theory = with_line(f, THEORY, "Annan lis\xc3\xa4ys.");
	git_oid now;

	sh(f, "git -C a checkout -q -b muu");
	th_write(f->a_dir, THEORY, theory);
	commit(f->a, "On another branch");
	assert_int_equal(sync_with(f, f->a, 0), PL_EUSAGE);
	assert_non_null(strstr(pl_error_last(), "main"));
	sh(f, "git -C a checkout -q --detach");
	assert_int_equal(sync_with(f, f->a, 0), PL_EUSAGE);
	now = central_main(f);
	th_assert_oid_equal(&now, &f->start);
	free(theory);
}

int main(void)
{
#define T(test) cmocka_unit_test_setup_teardown(test, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(nothing_to_do_receives_and_sends_nothing),
		T(own_revision_is_sent_to_central),
		T(central_revisions_are_received_into_a_clone_without_own_ones),
		T(first_sync_to_an_empty_central_repository_sends_main),
		T(empty_clone_and_empty_central_repository_is_not_found),
		T(relative_central_path_works_from_any_folder),
		T(revisions_changing_different_files_are_combined),
		T(several_own_revisions_are_replayed_in_order),
		T(same_file_changed_on_both_sides_is_a_conflict_and_nothing_moves),
		T(use_central_takes_the_central_file_and_keeps_the_own_change_aside),
		T(identical_change_on_both_sides_is_already_there),
		T(file_deleted_on_one_side_and_unchanged_on_the_other_is_deleted),
		T(file_deleted_on_one_side_and_changed_on_the_other_is_a_conflict),
		T(local_history_with_a_merge_is_combined_as_one_merge),
		T(mode_change_alone_is_combined),
		T(uncommitted_edit_in_the_way_stops_the_sync_and_sends_nothing),
		T(uncommitted_edit_of_another_file_survives_the_sync),
		T(unborn_clone_gets_central_main_checked_out),
		T(combined_series_that_is_not_valid_is_not_sent),
		T(push_refused_by_the_central_rules_is_invalid_and_moves_nothing),
		T(central_moving_during_the_push_is_retried),
		T(central_moving_on_every_try_gives_up_and_keeps_main),
		T(workshop_closed_centrally_becomes_a_local_tag),
		T(workshop_closed_here_is_sent_with_main),
		T(workshop_closed_here_on_a_central_revision_is_sent_alone),
		T(workshop_closed_on_a_revision_that_is_replayed_is_not_sent),
		T(bare_repository_is_refused),
		T(clone_on_another_branch_is_refused),
	};
	int rc;
	git_libgit2_init();
	rc = th_run(tests);
	git_libgit2_shutdown();
	return rc;
}
