#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "error.h"
#include "repo.h"
#include "source.h"

/* What every fixture holds. */
#define PILOT_TEXT "{\"id\": \"sarja\"}\n"
#define MODEL_TEXT "{\"model\": \"m\"}\n"
#define BIG_SIZE 200000 /* more than one read() */

typedef struct {
	char *dir;             /* temporary folder (the folder, or the repository) */
	git_repository *repo;  /* NULL for a folder source */
	git_oid commit;
	pl_source *src;
} fixture;

static char *big_text(void)
{
	pl_buf b = PL_BUF_INIT;
	while (b.len < BIG_SIZE)
		pl_buf_puts(&b, "0123456789");
	return pl_buf_detach(&b);
}

static void write_work_files(const char *dir)
{
	char *big = big_text();
	char *link = pl_strfmt("%s/link", dir);
	th_write(dir, "pilot.json", PILOT_TEXT);
	th_write(dir, "models/m/model.json", MODEL_TEXT);
	th_write(dir, "models/m/theory.md", "# M\n");
	th_write(dir, "a.txt", "a\n");
	th_write(dir, "a/x.txt", "x\n");
	th_write(dir, "empty.txt", "");
	th_write(dir, "big.txt", big);
	assert_int_equal(symlink("pilot.json", link), 0);
	free(link);
	free(big);
}

static git_signature *test_signature(void)
{
	git_signature *sig = NULL;
	assert_int_equal(git_signature_new(&sig, "Testi Tekij\xc3\xa4", "testi@example.org",
					   1700000000, 120), 0);
	return sig;
}

/* Commits the listed work-tree files on HEAD (with HEAD as parent if any). */
static void commit_paths(git_repository *repo, const char *const *paths, size_t n,
			 const char *message, git_oid *out)
{
	git_index *index = NULL;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_signature *sig = test_signature();
	git_oid tree_id, head;
	const git_commit *parents[1];

	assert_int_equal(git_repository_index(&index, repo), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(git_index_add_bypath(index, paths[i]), 0);
	assert_int_equal(git_index_write(index), 0);
	assert_int_equal(git_index_write_tree(&tree_id, index), 0);
	assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
	if (git_reference_name_to_id(&head, repo, "HEAD") == 0)
		assert_int_equal(git_commit_lookup(&parent, repo, &head), 0);
	parents[0] = parent;
	assert_int_equal(git_commit_create(out, repo, "HEAD", sig, sig, NULL, message, tree,
					   parent ? 1 : 0, parents), 0);
	git_commit_free(parent);
	git_tree_free(tree);
	git_index_free(index);
	git_signature_free(sig);
}

static int setup_folder(void **state)
{
	fixture *f = pl_calloc(1, sizeof(*f));
	f->dir = th_tempdir("pl-source-dir");
	write_work_files(f->dir);
	assert_int_equal(pl_source_open_dir(&f->src, f->dir), 0);
	*state = f;
	return 0;
}

static int setup_worktree_repo(void **state)
{
	static const char *const paths[] = { "pilot.json", "models/m/model.json",
					     "models/m/theory.md", "a.txt", "a/x.txt",
					     "empty.txt", "big.txt", "link" };
	fixture *f = pl_calloc(1, sizeof(*f));
	f->dir = th_tempdir("pl-source-git");
	assert_int_equal(git_repository_init(&f->repo, f->dir, 0), 0);
	write_work_files(f->dir);
	commit_paths(f->repo, paths, sizeof(paths) / sizeof(*paths), "first", &f->commit);
	assert_int_equal(pl_source_open_rev(&f->src, f->repo, "HEAD"), 0);
	*state = f;
	return 0;
}

static void blob(git_repository *repo, const char *text, size_t len, git_oid *out)
{
	assert_int_equal(git_blob_create_from_buffer(out, repo, text, len), 0);
}

/* A bare repository, its tree built in memory: a tree builder for the top
 * folder, then git_tree_create_updated for the deeper paths. */
static int setup_bare_repo(void **state)
{
	fixture *f = pl_calloc(1, sizeof(*f));
	git_treebuilder *tb = NULL;
	git_tree *top = NULL, *tree = NULL;
	git_signature *sig = test_signature();
	git_oid pilot, model, link, big_id, empty, top_id, tree_id, sub_commit;
	git_tree_update updates[4];
	char *big = big_text();

	f->dir = th_tempdir("pl-source-bare");
	assert_int_equal(git_repository_init(&f->repo, f->dir, 1), 0);
	assert_true(git_repository_is_bare(f->repo));
	blob(f->repo, PILOT_TEXT, strlen(PILOT_TEXT), &pilot);
	blob(f->repo, MODEL_TEXT, strlen(MODEL_TEXT), &model);
	blob(f->repo, "pilot.json", 10, &link);
	blob(f->repo, big, BIG_SIZE, &big_id);
	blob(f->repo, "", 0, &empty);
	/* a submodule entry names a commit of another repository */
	assert_int_equal(git_oid_fromstr(&sub_commit, "0123456789abcdef0123456789abcdef01234567"), 0);

	assert_int_equal(git_treebuilder_new(&tb, f->repo, NULL), 0);
	assert_int_equal(git_treebuilder_insert(NULL, tb, "pilot.json", &pilot, GIT_FILEMODE_BLOB), 0);
	assert_int_equal(git_treebuilder_insert(NULL, tb, "link", &link, GIT_FILEMODE_LINK), 0);
	assert_int_equal(git_treebuilder_insert(NULL, tb, "big.txt", &big_id, GIT_FILEMODE_BLOB), 0);
	assert_int_equal(git_treebuilder_insert(NULL, tb, "empty.txt", &empty,
						GIT_FILEMODE_BLOB_EXECUTABLE), 0);
	assert_int_equal(git_treebuilder_insert(NULL, tb, "sub", &sub_commit, GIT_FILEMODE_COMMIT), 0);
	assert_int_equal(git_treebuilder_write(&top_id, tb), 0);
	assert_int_equal(git_tree_lookup(&top, f->repo, &top_id), 0);

	memset(updates, 0, sizeof(updates));
	updates[0].action = GIT_TREE_UPDATE_UPSERT;
	updates[0].id = model;
	updates[0].filemode = GIT_FILEMODE_BLOB;
	updates[0].path = "models/m/model.json";
	updates[1].action = GIT_TREE_UPDATE_UPSERT;
	updates[1].id = pilot;
	updates[1].filemode = GIT_FILEMODE_BLOB;
	updates[1].path = "a/x.txt";
	updates[2].action = GIT_TREE_UPDATE_UPSERT;
	updates[2].id = pilot;
	updates[2].filemode = GIT_FILEMODE_BLOB;
	updates[2].path = "a.txt";
	updates[3].action = GIT_TREE_UPDATE_UPSERT;
	updates[3].id = model;
	updates[3].filemode = GIT_FILEMODE_BLOB;
	updates[3].path = "models/m/theory.md";
	assert_int_equal(git_tree_create_updated(&tree_id, f->repo, top, 4, updates), 0);
	assert_int_equal(git_tree_lookup(&tree, f->repo, &tree_id), 0);
	assert_int_equal(git_commit_create(&f->commit, f->repo, "refs/heads/main", sig, sig, NULL,
					   "first", tree, 0, NULL), 0);
	assert_int_equal(pl_source_open_rev(&f->src, f->repo, "main"), 0);

	git_tree_free(tree);
	git_tree_free(top);
	git_treebuilder_free(tb);
	git_signature_free(sig);
	free(big);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pl_source_free(f->src);
	git_repository_free(f->repo);
	th_rmtree(f->dir);
	free(f->dir);
	free(f);
	pl_error_clear();
	return 0;
}

/* ---- behaviour shared by every kind of source -------------------------- */

static void read_returns_contents_and_size(void **state)
{
	fixture *f = *state;
	pl_buf out = PL_BUF_INIT;
	size_t size = 0;
	assert_int_equal(pl_source_read(f->src, "pilot.json", 1000, &out, &size), 0);
	assert_string_equal(out.ptr, PILOT_TEXT);
	assert_int_equal(out.len, strlen(PILOT_TEXT));
	assert_int_equal(size, strlen(PILOT_TEXT));
	assert_int_equal(pl_source_read(f->src, "models/m/model.json", 1000, &out, &size), 0);
	assert_string_equal(out.ptr, MODEL_TEXT);
	assert_int_equal(size, strlen(MODEL_TEXT));
	pl_buf_release(&out);
}

static void read_of_a_file_larger_than_one_read(void **state)
{
	fixture *f = *state;
	pl_buf out = PL_BUF_INIT;
	char *big = big_text();
	size_t size = 0;
	assert_int_equal(pl_source_read(f->src, "big.txt", BIG_SIZE, &out, &size), 0);
	assert_int_equal(size, BIG_SIZE);
	assert_int_equal(out.len, BIG_SIZE);
	assert_memory_equal(out.ptr, big, BIG_SIZE);
	assert_int_equal(out.ptr[out.len], '\0');
	pl_buf_release(&out);
	free(big);
}

static void read_of_an_empty_file(void **state)
{
	fixture *f = *state;
	pl_buf out = PL_BUF_INIT;
	size_t size = 99;
	assert_int_equal(pl_source_read(f->src, "empty.txt", 10, &out, &size), 0);
	assert_int_equal(size, 0);
	assert_string_equal(out.ptr, "");
	pl_buf_release(&out);
}

static void read_replaces_what_the_buffer_held(void **state)
{
	fixture *f = *state;
	pl_buf out = PL_BUF_INIT;
	size_t size = 0;
	pl_buf_puts(&out, "old contents that are longer than the file");
	assert_int_equal(pl_source_read(f->src, "pilot.json", 1000, &out, &size), 0);
	assert_string_equal(out.ptr, PILOT_TEXT);
	pl_buf_release(&out);
}

static void read_of_a_file_larger_than_max_leaves_the_buffer_empty(void **state)
{
	fixture *f = *state;
	pl_buf out = PL_BUF_INIT;
	size_t size = 0;
	pl_buf_puts(&out, "old");
	assert_int_equal(pl_source_read(f->src, "big.txt", BIG_SIZE - 1, &out, &size), 0);
	assert_int_equal(size, BIG_SIZE);
	assert_int_equal(out.len, 0);
	assert_string_equal(out.ptr, "");
	/* exactly max is still read */
	assert_int_equal(pl_source_read(f->src, "pilot.json", strlen(PILOT_TEXT), &out, &size), 0);
	assert_string_equal(out.ptr, PILOT_TEXT);
	pl_buf_release(&out);
}

static void read_of_a_missing_file_is_not_found(void **state)
{
	fixture *f = *state;
	pl_buf out = PL_BUF_INIT;
	size_t size = 99;
	pl_buf_puts(&out, "old");
	assert_int_equal(pl_source_read(f->src, "nothing.json", 1000, &out, &size), PL_ENOTFOUND);
	assert_int_equal(out.len, 0);
	assert_int_equal(size, 0);
	assert_non_null(strstr(pl_error_last(), "nothing.json"));
	assert_int_equal(pl_source_read(f->src, "models/x/model.json", 1000, &out, &size),
			 PL_ENOTFOUND);
	/* below a file */
	assert_int_equal(pl_source_read(f->src, "pilot.json/x", 1000, &out, &size), PL_ENOTFOUND);
	pl_buf_release(&out);
}

static void read_of_a_folder_is_invalid(void **state)
{
	fixture *f = *state;
	pl_buf out = PL_BUF_INIT;
	size_t size = 0;
	assert_int_equal(pl_source_read(f->src, "models", 1000, &out, &size), PL_EINVALID);
	assert_int_equal(pl_source_read(f->src, "models/m", 1000, &out, &size), PL_EINVALID);
	assert_int_equal(out.len, 0);
	assert_string_equal(pl_error_last(), "is not a plain file: it is a folder, a link or a special file");
	pl_buf_release(&out);
}

static void read_of_the_top_folder_is_invalid(void **state)
{
	fixture *f = *state;
	pl_buf out = PL_BUF_INIT;
	size_t size = 0;
	int rc = pl_source_read(f->src, "", 1000, &out, &size);
	pl_buf_release(&out);
	/* Regression: the top folder is not a plain file in a git source either. */
	assert_int_equal(rc, PL_EINVALID);
}

static void read_of_a_symbolic_link_is_invalid(void **state)
{
	fixture *f = *state;
	pl_buf out = PL_BUF_INIT;
	size_t size = 0;
	assert_int_equal(pl_source_read(f->src, "link", 1000, &out, &size), PL_EINVALID);
	assert_int_equal(out.len, 0);
	pl_buf_release(&out);
}

/* "name:type name:type ..." with f, d, o for the types */
static char *listing(pl_source *src, const char *path)
{
	pl_entries e;
	pl_buf b = PL_BUF_INIT;
	assert_int_equal(pl_source_list(src, path, &e), 0);
	for (size_t i = 0; i < e.count; i++)
		pl_buf_printf(&b, "%s%s:%c", i ? " " : "", e.items[i].name,
			      e.items[i].type == PL_ENTRY_FILE ? 'f'
			      : e.items[i].type == PL_ENTRY_DIR ? 'd' : 'o');
	pl_entries_release(&e);
	assert_int_equal(e.count, 0);
	return pl_buf_detach(&b);
}

static void list_is_sorted_by_name_with_types(void **state)
{
	fixture *f = *state;
	char *got = listing(f->src, "");
	/* "a" before "a.txt" although git orders the folder as "a/" */
	assert_string_equal(got, "a:d a.txt:f big.txt:f empty.txt:f link:o models:d pilot.json:f");
	free(got);
	got = listing(f->src, "models/m");
	assert_string_equal(got, "model.json:f theory.md:f");
	free(got);
	got = listing(f->src, "models");
	assert_string_equal(got, "m:d");
	free(got);
}

static void list_of_a_missing_folder_is_not_found(void **state)
{
	fixture *f = *state;
	pl_entries e;
	assert_int_equal(pl_source_list(f->src, "regions", &e), PL_ENOTFOUND);
	assert_int_equal(e.count, 0);
	assert_int_equal(pl_source_list(f->src, "models/x", &e), PL_ENOTFOUND);
	/* a file is no folder */
	assert_int_equal(pl_source_list(f->src, "pilot.json", &e), PL_ENOTFOUND);
	pl_entries_release(&e);
}

/* ---- folders ---------------------------------------------------------------- */

static void folder_source_is_named_by_its_folder(void **state)
{
	fixture *f = *state;
	assert_string_equal(pl_source_name(f->src), f->dir);
}

static void folder_source_sees_changes_at_once(void **state)
{
	fixture *f = *state;
	pl_buf out = PL_BUF_INIT;
	size_t size = 0;
	th_write(f->dir, "pilot.json", "{}\n");
	assert_int_equal(pl_source_read(f->src, "pilot.json", 100, &out, &size), 0);
	assert_string_equal(out.ptr, "{}\n");
	pl_buf_release(&out);
}

static void open_dir_of_a_missing_folder_is_not_found(void **state)
{
	char *dir = th_tempdir("pl-source");
	char *missing = pl_strfmt("%s/none", dir);
	pl_source *src = (pl_source *)&src;
	(void)state;
	assert_int_equal(pl_source_open_dir(&src, missing), PL_ENOTFOUND);
	assert_null(src);
	th_rmtree(dir);
	free(missing);
	free(dir);
}

static void open_dir_of_a_file_is_a_usage_error(void **state)
{
	char *dir = th_tempdir("pl-source");
	char *file = pl_strfmt("%s/file", dir);
	pl_source *src = (pl_source *)&src;
	(void)state;
	th_write(dir, "file", "x");
	assert_int_equal(pl_source_open_dir(&src, file), PL_EUSAGE);
	assert_null(src);
	th_rmtree(dir);
	free(file);
	free(dir);
}

/* ---- revisions --------------------------------------------------------------- */

static void rev_source_is_named_by_revision_and_commit(void **state)
{
	fixture *f = *state;
	char hex[GIT_OID_HEXSZ + 1];
	char *want;
	git_oid_tostr(hex, sizeof(hex), &f->commit);
	want = pl_strfmt("%s (%.12s)", git_repository_is_bare(f->repo) ? "main" : "HEAD", hex);
	assert_string_equal(pl_source_name(f->src), want);
	free(want);
}

static void rev_source_ignores_the_work_tree(void **state)
{
	fixture *f = *state;
	pl_buf out = PL_BUF_INIT;
	size_t size = 0;
	th_write(f->dir, "pilot.json", "{\"changed\": true}\n");
	th_write(f->dir, "new.json", "{}\n");
	assert_int_equal(pl_source_read(f->src, "pilot.json", 100, &out, &size), 0);
	assert_string_equal(out.ptr, PILOT_TEXT);
	assert_int_equal(pl_source_read(f->src, "new.json", 100, &out, &size), PL_ENOTFOUND);
	pl_buf_release(&out);
}

static void rev_source_reads_older_revisions_and_tags(void **state)
{
	static const char *const paths[] = { "pilot.json" };
	fixture *f = *state;
	pl_source *old = NULL, *tagged = NULL, *now = NULL;
	git_object *target = NULL;
	git_signature *sig = test_signature();
	git_oid second, tag;
	pl_buf out = PL_BUF_INIT;
	size_t size = 0;

	assert_int_equal(git_object_lookup(&target, f->repo, &f->commit, GIT_OBJECT_COMMIT), 0);
	assert_int_equal(git_tag_create(&tag, f->repo, "tyopaja-1", target, sig, "Työpaja 1", 0), 0);
	th_write(f->dir, "pilot.json", "{\"id\": \"toinen\"}\n");
	commit_paths(f->repo, paths, 1, "second", &second);

	assert_int_equal(pl_source_open_rev(&now, f->repo, "HEAD"), 0);
	assert_int_equal(pl_source_read(now, "pilot.json", 100, &out, &size), 0);
	assert_string_equal(out.ptr, "{\"id\": \"toinen\"}\n");
	assert_int_equal(pl_source_open_rev(&old, f->repo, "HEAD~1"), 0);
	assert_int_equal(pl_source_read(old, "pilot.json", 100, &out, &size), 0);
	assert_string_equal(out.ptr, PILOT_TEXT);
	assert_int_equal(pl_source_open_rev(&tagged, f->repo, "tyopaja-1"), 0);
	assert_int_equal(pl_source_read(tagged, "pilot.json", 100, &out, &size), 0);
	assert_string_equal(out.ptr, PILOT_TEXT);

	pl_source_free(now);
	pl_source_free(old);
	pl_source_free(tagged);
	git_object_free(target);
	git_signature_free(sig);
	pl_buf_release(&out);
}

static void rev_naming_a_folder_shows_that_folder(void **state)
{
	fixture *f = *state;
	pl_source *src = NULL;
	char *got;
	assert_int_equal(pl_source_open_rev(&src, f->repo, "HEAD:models/m"), 0);
	got = listing(src, "");
	assert_string_equal(got, "model.json:f theory.md:f");
	free(got);
	pl_source_free(src);
}

static void unknown_revision_is_not_found(void **state)
{
	fixture *f = *state;
	pl_source *src = (pl_source *)&src;
	assert_int_equal(pl_source_open_rev(&src, f->repo, "workshop/none"), PL_ENOTFOUND);
	assert_null(src);
	assert_true(strncmp(pl_error_last(), "cannot find revision 'workshop/none'", 36) == 0);
}

static void revision_that_holds_no_tree_is_refused(void **state)
{
	fixture *f = *state;
	pl_source *src = (pl_source *)&src;
	/* a blob cannot be peeled to a tree */
	assert_true(pl_source_open_rev(&src, f->repo, "HEAD:pilot.json") < 0);
	assert_null(src);
	assert_true(strncmp(pl_error_last(), "'HEAD:pilot.json' names a file, not a revision", 46) == 0);
}

static void bare_submodule_entry_is_other(void **state)
{
	fixture *f = *state;
	pl_buf out = PL_BUF_INIT;
	size_t size = 0;
	char *got = listing(f->src, "");
	assert_string_equal(got, "a:d a.txt:f big.txt:f empty.txt:f link:o models:d pilot.json:f sub:o");
	free(got);
	assert_int_equal(pl_source_read(f->src, "sub", 100, &out, &size), PL_EINVALID);
	pl_buf_release(&out);
}

int main(void)
{
#define EACH(test, setup) { #setup ": " #test, test, setup, teardown, NULL }
	const struct CMUnitTest tests[] = {
		/* a folder */
		EACH(read_returns_contents_and_size, setup_folder),
		EACH(read_of_a_file_larger_than_one_read, setup_folder),
		EACH(read_of_an_empty_file, setup_folder),
		EACH(read_replaces_what_the_buffer_held, setup_folder),
		EACH(read_of_a_file_larger_than_max_leaves_the_buffer_empty, setup_folder),
		EACH(read_of_a_missing_file_is_not_found, setup_folder),
		EACH(read_of_a_folder_is_invalid, setup_folder),
		EACH(read_of_a_symbolic_link_is_invalid, setup_folder),
		EACH(read_of_the_top_folder_is_invalid, setup_folder),
		EACH(list_is_sorted_by_name_with_types, setup_folder),
		EACH(list_of_a_missing_folder_is_not_found, setup_folder),
		EACH(folder_source_is_named_by_its_folder, setup_folder),
		EACH(folder_source_sees_changes_at_once, setup_folder),
		cmocka_unit_test(open_dir_of_a_missing_folder_is_not_found),
		cmocka_unit_test(open_dir_of_a_file_is_a_usage_error),
		/* a revision of a repository with a work tree */
		EACH(read_returns_contents_and_size, setup_worktree_repo),
		EACH(read_of_a_file_larger_than_one_read, setup_worktree_repo),
		EACH(read_of_an_empty_file, setup_worktree_repo),
		EACH(read_replaces_what_the_buffer_held, setup_worktree_repo),
		EACH(read_of_a_file_larger_than_max_leaves_the_buffer_empty, setup_worktree_repo),
		EACH(read_of_a_missing_file_is_not_found, setup_worktree_repo),
		EACH(read_of_a_folder_is_invalid, setup_worktree_repo),
		EACH(read_of_a_symbolic_link_is_invalid, setup_worktree_repo),
		EACH(read_of_the_top_folder_is_invalid, setup_worktree_repo),
		EACH(list_is_sorted_by_name_with_types, setup_worktree_repo),
		EACH(list_of_a_missing_folder_is_not_found, setup_worktree_repo),
		EACH(rev_source_is_named_by_revision_and_commit, setup_worktree_repo),
		EACH(rev_source_ignores_the_work_tree, setup_worktree_repo),
		EACH(rev_source_reads_older_revisions_and_tags, setup_worktree_repo),
		EACH(rev_naming_a_folder_shows_that_folder, setup_worktree_repo),
		EACH(unknown_revision_is_not_found, setup_worktree_repo),
		EACH(revision_that_holds_no_tree_is_refused, setup_worktree_repo),
		/* a revision of a bare repository built in memory */
		EACH(read_returns_contents_and_size, setup_bare_repo),
		EACH(read_of_a_file_larger_than_one_read, setup_bare_repo),
		EACH(read_of_an_empty_file, setup_bare_repo),
		EACH(read_replaces_what_the_buffer_held, setup_bare_repo),
		EACH(read_of_a_file_larger_than_max_leaves_the_buffer_empty, setup_bare_repo),
		EACH(read_of_a_missing_file_is_not_found, setup_bare_repo),
		EACH(read_of_a_folder_is_invalid, setup_bare_repo),
		EACH(read_of_a_symbolic_link_is_invalid, setup_bare_repo),
		EACH(read_of_the_top_folder_is_invalid, setup_bare_repo),
		EACH(list_of_a_missing_folder_is_not_found, setup_bare_repo),
		EACH(rev_source_is_named_by_revision_and_commit, setup_bare_repo),
		EACH(unknown_revision_is_not_found, setup_bare_repo),
		EACH(bare_submodule_entry_is_other, setup_bare_repo),
	};
	int rc;
	git_libgit2_init();
	rc = th_run(tests);
	git_libgit2_shutdown();
	return rc;
}
