#include "helpers.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "error.h"
#include "remote.h"
#include "repo.h"

/*
 * Each test gets a temporary folder (also $HOME, so that git sees only the
 * configuration written there) with a bare central repository whose main
 * holds one revision, made with stock git, and a clone of it opened with
 * libgit2:
 *
 *   DIR/central.git  the central repository
 *   DIR/seed         where its first revision was made (not bare)
 *   DIR/clone        'git clone' of central.git
 */

typedef struct {
	char *dir;
	char *central;
	char *clone;
	char *cwd;              /* to go back to after a test that moves */
	char *elsewhere;        /* DIR/elsewhere/deeper, where ../central.git is not */
	git_repository *repo;   /* the clone */
	git_oid first;          /* central main at the start */
	git_time_t clock;       /* date of the next commit made here */
	pl_buf messages;        /* what the message callback got */
	int sending;            /* progress calls for "sending" */
	pl_transfer t;
} fixture;

/* Runs a shell command (formatted) in the fixture's folder. */
#define sh(f, ...) th_sh((f)->dir, __VA_ARGS__)

static void on_message(void *payload, const char *text, size_t len)
{
	fixture *f = payload;
	pl_buf_add(&f->messages, text, len);
}

static void on_progress(void *payload, const char *stage, size_t done, size_t total)
{
	fixture *f = payload;
	(void)done;
	(void)total;
	if (!strcmp(stage, "sending"))
		f->sending++;
}

/* Commits path=content on top of ref in repo (bare or not; the work tree
 * is left alone) and moves ref there. */
static git_oid commit_file(fixture *f, git_repository *repo, const char *ref, const char *path,
			   const char *content, const char *message)
{
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_reference *moved = NULL;
	git_tree_update u;
	git_oid parent_id, tree_id, id;
	const git_commit *parents[1];

	memset(&u, 0, sizeof(u));
	assert_int_equal(git_reference_name_to_id(&parent_id, repo, ref), 0);
	assert_int_equal(git_commit_lookup(&parent, repo, &parent_id), 0);
	assert_int_equal(git_commit_tree(&base, parent), 0);
	assert_int_equal(git_blob_create_from_buffer(&u.id, repo, content, strlen(content)), 0);
	u.action = GIT_TREE_UPDATE_UPSERT;
	u.filemode = GIT_FILEMODE_BLOB;
	u.path = path;
	assert_int_equal(git_tree_create_updated(&tree_id, repo, base, 1, &u), 0);
	assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "Testi Tekij\xc3\xa4", "testi@example.org", f->clock++, 0), 0);
	parents[0] = parent;
	assert_int_equal(git_commit_create(&id, repo, NULL, sig, sig, NULL, message, tree, 1, parents), 0);
	assert_int_equal(git_reference_create(&moved, repo, ref, &id, 1, "test"), 0);
	git_reference_free(moved);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	return id;
}

/* The clone's main with one more revision, and the update that sends it. */
static pl_push_update main_update(fixture *f, git_oid *made)
{
	pl_push_update u;
	memset(&u, 0, sizeof(u));
	*made = commit_file(f, f->repo, "refs/heads/main", "b.txt", "from the clone\n", "Clone's revision");
	u.local = "refs/heads/main";
	u.remote = "refs/heads/main";
	u.expect = f->first;
	return u;
}

static void write_hook(const fixture *f, const char *name, const char *script)
{
	char *rel = pl_strfmt("central.git/hooks/%s", name);
	th_write_exec(f->dir, rel, script);
	free(rel);
}

static char *read_text(const char *path)
{
	pl_buf b = PL_BUF_INIT;
	assert_int_equal(pl_read_file(path, 1 << 20, &b), 0);
	return pl_buf_detach(&b);
}

static int setup(void **state)
{
	fixture *f = pl_calloc(1, sizeof(*f));
	char *base = th_tempdir("pl-remote");

	f->dir = realpath(base, NULL);
	assert_non_null(f->dir);
	free(base);
	f->central = pl_strfmt("%s/central.git", f->dir);
	f->clone = pl_strfmt("%s/clone", f->dir);
	f->cwd = getcwd(NULL, 0);
	f->elsewhere = pl_strfmt("%s/elsewhere/deeper", f->dir);
	f->clock = 1700000000;
	pl_buf_init(&f->messages);
	f->t.message = on_message;
	f->t.progress = on_progress;
	f->t.payload = f;
	th_write(f->dir, ".gitconfig",
		 "[user]\n\tname = Testi Tekij\xc3\xa4\n\temail = testi@example.org\n"
		 "[init]\n\tdefaultBranch = main\n");
	/* git and libgit2 must see only this configuration */
	assert_int_equal(setenv("HOME", f->dir, 1), 0);
	assert_int_equal(setenv("GIT_CONFIG_NOSYSTEM", "1", 1), 0);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_OBJECT_DIRECTORY");
	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, f->dir), 0);
	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, f->dir), 0);
	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, f->dir), 0);
	sh(f, "git init -q seed && echo one > seed/a.txt && git -C seed add a.txt && "
	      "git -C seed commit -q -m 'First revision' && git clone -q --bare seed central.git && "
	      "git clone -q central.git clone");
	assert_int_equal(git_repository_open(&f->repo, f->clone), 0);
	f->first = th_ref_id(f->central, "refs/heads/main");
	assert_false(git_oid_is_zero(&f->first));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	assert_int_equal(chdir(f->cwd), 0);
	/* A git daemon a test started */
	sh(f, "if [ -f daemon.pid ]; then kill $(cat daemon.pid); fi");
	git_repository_free(f->repo);
	th_rmtree(f->dir);
	pl_buf_release(&f->messages);
	free(f->elsewhere);
	free(f->cwd);
	free(f->clone);
	free(f->central);
	free(f->dir);
	free(f);
	pl_error_clear();
	return 0;
}

/* ---- the central repository's name and address -------------------------------- */

static void remote_name_is_origin_by_default(void **state)
{
	fixture *f = *state;
	char *name = pl_remote_name(f->repo);
	assert_string_equal(name, "origin");
	free(name);
}

static void remote_name_follows_git_config_pilotti_remote(void **state)
{
	fixture *f = *state;
	git_config *cfg = NULL;
	char *name;
	assert_int_equal(git_repository_config(&cfg, f->repo), 0);
	assert_int_equal(git_config_set_string(cfg, "pilotti.remote", "keskus"), 0);
	git_config_free(cfg);
	name = pl_remote_name(f->repo);
	assert_string_equal(name, "keskus");
	free(name);
}

static void url_of_a_clone_is_where_it_was_cloned_from(void **state)
{
	fixture *f = *state;
	char *url = NULL;
	assert_int_equal(pl_remote_url(f->repo, &url), 0);
	assert_string_equal(url, f->central);
	free(url);
}

static void unset_url_is_not_found_and_says_how_to_set_it(void **state)
{
	fixture *f = *state;
	git_repository *fresh = NULL;
	char *path = pl_strfmt("%s/fresh", f->dir);
	char *url = (char *)"untouched";
	assert_int_equal(git_repository_init(&fresh, path, 0), 0);
	assert_int_equal(pl_remote_url(fresh, &url), PL_ENOTFOUND);
	assert_null(url);
	assert_non_null(strstr(pl_error_last(), "pilotti remote set"));
	git_repository_free(fresh);
	free(path);
}

static void set_url_creates_the_remote_then_changes_it(void **state)
{
	fixture *f = *state;
	git_repository *fresh = NULL;
	git_remote *remote = NULL;
	char *path = pl_strfmt("%s/fresh", f->dir);
	char *url = NULL;
	assert_int_equal(git_repository_init(&fresh, path, 0), 0);

	assert_int_equal(pl_remote_set_url(fresh, "https://example.org/sarja.git"), 0);
	assert_int_equal(git_remote_lookup(&remote, fresh, "origin"), 0);
	assert_string_equal(git_remote_url(remote), "https://example.org/sarja.git");
	git_remote_free(remote);
	assert_int_equal(pl_remote_url(fresh, &url), 0);
	assert_string_equal(url, "https://example.org/sarja.git");
	free(url);

	assert_int_equal(pl_remote_set_url(fresh, "/srv/git/sarja.git"), 0);
	assert_int_equal(pl_remote_url(fresh, &url), 0);
	assert_string_equal(url, "/srv/git/sarja.git");
	free(url);
	git_repository_free(fresh);
	free(path);
}

static void set_url_uses_the_configured_remote_name(void **state)
{
	fixture *f = *state;
	git_config *cfg = NULL;
	git_remote *remote = NULL;
	assert_int_equal(git_repository_config(&cfg, f->repo), 0);
	assert_int_equal(git_config_set_string(cfg, "pilotti.remote", "keskus"), 0);
	git_config_free(cfg);
	assert_int_equal(pl_remote_set_url(f->repo, "/srv/git/keskus.git"), 0);
	assert_int_equal(git_remote_lookup(&remote, f->repo, "keskus"), 0);
	assert_string_equal(git_remote_url(remote), "/srv/git/keskus.git");
	git_remote_free(remote);
	/* origin is left as it was */
	assert_int_equal(git_remote_lookup(&remote, f->repo, "origin"), 0);
	assert_string_equal(git_remote_url(remote), f->central);
	git_remote_free(remote);
}

static void set_url_rejects_an_empty_or_multiline_address(void **state)
{
	fixture *f = *state;
	git_repository *fresh = NULL;
	git_remote *remote = NULL;
	char *path = pl_strfmt("%s/fresh", f->dir);
	assert_int_equal(git_repository_init(&fresh, path, 0), 0);
	assert_int_equal(pl_remote_set_url(fresh, ""), PL_EUSAGE);
	assert_int_equal(pl_remote_set_url(fresh, "/srv/a.git\n[core]\n\tbare = true"), PL_EUSAGE);
	assert_int_equal(git_remote_lookup(&remote, fresh, "origin"), GIT_ENOTFOUND);
	/* nor is an existing address replaced */
	assert_int_equal(pl_remote_set_url(f->repo, "/srv/a.git\n"), PL_EUSAGE);
	assert_int_equal(git_remote_lookup(&remote, f->repo, "origin"), 0);
	assert_string_equal(git_remote_url(remote), f->central);
	git_remote_free(remote);
	git_repository_free(fresh);
	free(path);
}

/* ---- fetching ------------------------------------------------------------------- */

/* A workshop closed centrally with an annotated tag; returns the tag's id. */
static git_oid close_workshop_centrally(fixture *f, const char *id)
{
	char *ref = pl_strfmt("refs/tags/workshop/%s", id);
	git_oid tag;
	sh(f, "git --git-dir=central.git tag -a -m 'Workshop %s' workshop/%s main", id, id);
	tag = th_ref_id(f->central, ref);
	assert_false(git_oid_is_zero(&tag));
	free(ref);
	return tag;
}

/* Fetches with url and checks that main and the workshop tags came. */
static void expect_fetch_with(fixture *f, const char *url)
{
	git_oid tag = close_workshop_centrally(f, "tp1");
	git_oid moved, got;
	git_repository *central = NULL;

	assert_int_equal(git_repository_open(&central, f->central), 0);
	moved = commit_file(f, central, "refs/heads/main", "c.txt", "central\n", "Central revision");
	git_repository_free(central);
	assert_int_equal(pl_remote_set_url(f->repo, url), 0);

	if (pl_remote_fetch(f->repo, &f->t) != 0)
		fail_msg("fetch from '%s': %s", url, pl_error_last());
	assert_int_equal(git_reference_name_to_id(&got, f->repo, "refs/remotes/origin/main"), 0);
	th_assert_oid_equal(&got, &moved);
	assert_int_equal(git_reference_name_to_id(&got, f->repo, "refs/pilotti/origin/tags/workshop/tp1"), 0);
	th_assert_oid_equal(&got, &tag);
	/* the tag is checked before it becomes a local one */
	assert_int_equal(git_reference_name_to_id(&got, f->repo, "refs/tags/workshop/tp1"), GIT_ENOTFOUND);
	/* and main here is left alone */
	assert_int_equal(git_reference_name_to_id(&got, f->repo, "refs/heads/main"), 0);
	th_assert_oid_equal(&got, &f->first);
}

static void fetch_from_a_plain_path_gets_main_and_workshop_tags(void **state)
{
	fixture *f = *state;
	expect_fetch_with(f, f->central);
}

static void fetch_from_a_file_url_gets_main_and_workshop_tags(void **state)
{
	fixture *f = *state;
	char *url = pl_strfmt("file://%s", f->central);
	expect_fetch_with(f, url);
	free(url);
}

/*
 * A relative path is relative to the clone's top folder, as for git, not
 * to the folder pilotti runs in (libgit2 would take the latter).
 */
static void fetch_from_a_path_relative_to_the_clone_gets_main_and_workshop_tags(void **state)
{
	fixture *f = *state;
	/* run from a folder where ../central.git is not the central one */
	assert_int_equal(pl_mkdirs(f->elsewhere), 0);
	assert_int_equal(chdir(f->elsewhere), 0);
	expect_fetch_with(f, "../central.git");
}

static void fetch_drops_workshop_tags_removed_centrally(void **state)
{
	fixture *f = *state;
	git_oid got;
	close_workshop_centrally(f, "tp1");
	assert_int_equal(pl_remote_fetch(f->repo, &f->t), 0);
	sh(f, "git --git-dir=central.git tag -d workshop/tp1 >/dev/null");
	assert_int_equal(pl_remote_fetch(f->repo, &f->t), 0);
	assert_int_equal(git_reference_name_to_id(&got, f->repo, "refs/pilotti/origin/tags/workshop/tp1"),
			 GIT_ENOTFOUND);
}

static void fetch_from_a_missing_repository_fails_naming_it(void **state)
{
	fixture *f = *state;
	char *missing = pl_strfmt("%s/no-such.git", f->dir);
	assert_int_equal(pl_remote_set_url(f->repo, missing), 0);
	assert_true(pl_remote_fetch(f->repo, &f->t) < 0);
	assert_non_null(strstr(pl_error_last(), "no-such.git"));
	free(missing);
}

/* ---- pushing through a file path ------------------------------------------------- */

static void push_with_the_right_expect_moves_central_main(void **state)
{
	fixture *f = *state;
	pl_buf why = PL_BUF_INIT;
	pl_push_status status = PL_PUSH_REFUSED;
	git_oid made, now;
	pl_push_update u = main_update(f, &made);

	assert_int_equal(pl_remote_push(f->repo, &u, 1, &f->t, &status, &why), 0);
	assert_int_equal(status, PL_PUSH_OK);
	assert_string_equal(why.ptr, "");
	now = th_ref_id(f->central, "refs/heads/main");
	th_assert_oid_equal(&now, &made);
	assert_true(f->sending > 0);
	/* stock git finds the central repository sound */
	sh(f, "git --git-dir=central.git fsck --strict --no-progress");
	sh(f, "test \"$(git --git-dir=central.git show main:b.txt)\" = 'from the clone'");
	pl_buf_release(&why);
}

static void push_over_a_file_url_and_a_relative_path_moves_central_main(void **state)
{
	fixture *f = *state;
	pl_buf why = PL_BUF_INIT;
	pl_push_status status = PL_PUSH_REFUSED;
	char *url = pl_strfmt("file://%s", f->central);
	git_oid made, now;
	pl_push_update u = main_update(f, &made);

	assert_int_equal(pl_remote_set_url(f->repo, url), 0);
	assert_int_equal(pl_remote_push(f->repo, &u, 1, &f->t, &status, &why), 0);
	assert_int_equal(status, PL_PUSH_OK);
	now = th_ref_id(f->central, "refs/heads/main");
	th_assert_oid_equal(&now, &made);

	assert_int_equal(pl_mkdirs(f->elsewhere), 0);
	assert_int_equal(chdir(f->elsewhere), 0);
	assert_int_equal(pl_remote_set_url(f->repo, "../central.git"), 0);
	u.expect = made;
	made = commit_file(f, f->repo, "refs/heads/main", "b.txt", "again\n", "Second");
	assert_int_equal(pl_remote_push(f->repo, &u, 1, &f->t, &status, &why), 0);
	assert_int_equal(status, PL_PUSH_OK);
	now = th_ref_id(f->central, "refs/heads/main");
	th_assert_oid_equal(&now, &made);
	sh(f, "git --git-dir=central.git fsck --strict --no-progress");
	free(url);
	pl_buf_release(&why);
}

static void push_with_a_stale_expect_is_moved_and_leaves_central_alone(void **state)
{
	fixture *f = *state;
	git_repository *central = NULL;
	pl_buf why = PL_BUF_INIT;
	pl_push_status status = PL_PUSH_OK;
	git_oid made, theirs, now;
	pl_push_update u = main_update(f, &made);

	/* someone else's push got there first */
	assert_int_equal(git_repository_open(&central, f->central), 0);
	theirs = commit_file(f, central, "refs/heads/main", "c.txt", "theirs\n", "Someone else's");
	git_repository_free(central);

	assert_int_equal(pl_remote_push(f->repo, &u, 1, &f->t, &status, &why), 0);
	assert_int_equal(status, PL_PUSH_MOVED);
	assert_non_null(strstr(why.ptr, "refs/heads/main"));
	now = th_ref_id(f->central, "refs/heads/main");
	th_assert_oid_equal(&now, &theirs);
	pl_buf_release(&why);
}

/* Serves the fixture's folder with stock git daemon on a free loopback
 * port (git://, a network transport like https and ssh), and points the
 * clone at it. */
static void serve_with_git_daemon(fixture *f)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port, up = 0;
	char *url;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
	port = ntohs(addr.sin_port);
	close(fd);
	sh(f, "git daemon --reuseaddr --base-path=. --export-all --enable=receive-pack "
	      "--listen=127.0.0.1 --port=%d --pid-file=daemon.pid --detach .", port);
	for (int i = 0; i < 100 && !up; i++) {
		struct timespec pause = { 0, 50 * 1000000L };
		fd = socket(AF_INET, SOCK_STREAM, 0);
		up = connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0;
		close(fd);
		if (!up)
			nanosleep(&pause, NULL);
	}
	assert_true(up);
	url = pl_strfmt("git://127.0.0.1:%d/central.git", port);
	assert_int_equal(pl_remote_set_url(f->repo, url), 0);
	free(url);
}

/* Over a network transport libgit2 itself may find the push is no fast
 * forward, before sending: it says so with GIT_ENONFASTFORWARD, which is
 * the branch having moved as well. */
static void network_push_libgit2_finds_not_fast_forward_is_moved(void **state)
{
	fixture *f = *state;
	git_repository *central = NULL;
	pl_buf why = PL_BUF_INIT;
	pl_push_status status = PL_PUSH_OK;
	git_oid made, theirs, now;
	pl_push_update u = main_update(f, &made);

	serve_with_git_daemon(f);
	assert_int_equal(git_repository_open(&central, f->central), 0);
	theirs = commit_file(f, central, "refs/heads/main", "c.txt", "theirs\n", "Someone else's");
	git_repository_free(central);

	assert_int_equal(pl_remote_push(f->repo, &u, 1, &f->t, &status, &why), 0);
	assert_int_equal(status, PL_PUSH_MOVED);
	/* libgit2's own words, not a status the server sent for the ref */
	assert_non_null(strstr(why.ptr, "not present locally"));
	now = th_ref_id(f->central, "refs/heads/main");
	th_assert_oid_equal(&now, &theirs);
	pl_buf_release(&why);
}

/* Over a network transport a hook's refusal comes as a status for the ref
 * with a zero return, and the hook's words reach the message callback. */
static void network_push_refused_by_a_hook_is_refused_with_its_words(void **state)
{
	fixture *f = *state;
	pl_buf why = PL_BUF_INIT;
	pl_push_status status = PL_PUSH_OK;
	git_oid made, now;
	pl_push_update u = main_update(f, &made);

	serve_with_git_daemon(f);
	write_hook(f, "pre-receive", "#!/bin/sh\necho 'kainuu: only maintainers may push' >&2\nexit 1\n");
	assert_int_equal(pl_remote_push(f->repo, &u, 1, &f->t, &status, &why), 0);
	assert_int_equal(status, PL_PUSH_REFUSED);
	assert_non_null(strstr(why.ptr, "refs/heads/main: pre-receive hook declined"));
	assert_non_null(strstr(f->messages.ptr, "kainuu: only maintainers may push"));
	now = th_ref_id(f->central, "refs/heads/main");
	th_assert_oid_equal(&now, &f->first);
	pl_buf_release(&why);
}

static void pre_receive_hook_that_fails_refuses_the_push(void **state)
{
	fixture *f = *state;
	pl_buf why = PL_BUF_INIT;
	pl_push_status status = PL_PUSH_OK;
	git_oid made, now;
	pl_push_update u = main_update(f, &made);

	write_hook(f, "pre-receive", "#!/bin/sh\necho 'kainuu: only maintainers may push'\nexit 1\n");
	assert_int_equal(pl_remote_push(f->repo, &u, 1, &f->t, &status, &why), 0);
	assert_int_equal(status, PL_PUSH_REFUSED);
	assert_non_null(strstr(why.ptr, "pre-receive"));
	assert_string_equal(f->messages.ptr, "kainuu: only maintainers may push\n");
	now = th_ref_id(f->central, "refs/heads/main");
	th_assert_oid_equal(&now, &f->first);
	pl_buf_release(&why);
}

static void update_hook_that_fails_refuses_the_push(void **state)
{
	fixture *f = *state;
	pl_buf why = PL_BUF_INIT;
	pl_push_status status = PL_PUSH_OK;
	git_oid made, now;
	pl_push_update u = main_update(f, &made);

	/* git's update hook gets REF OLD NEW as arguments */
	write_hook(f, "update", "#!/bin/sh\necho \"$1 $2 $3\" > ../update-args\nexit 1\n");
	assert_int_equal(pl_remote_push(f->repo, &u, 1, &f->t, &status, &why), 0);
	assert_int_equal(status, PL_PUSH_REFUSED);
	now = th_ref_id(f->central, "refs/heads/main");
	th_assert_oid_equal(&now, &f->first);
	{
		char *path = pl_strfmt("%s/update-args", f->dir);
		char *got = read_text(path);
		char old[GIT_OID_HEXSZ + 1], hex[GIT_OID_HEXSZ + 1];
		char *expected = pl_strfmt("refs/heads/main %s %s\n", git_oid_tostr(old, sizeof(old), &f->first),
					   git_oid_tostr(hex, sizeof(hex), &made));
		assert_string_equal(got, expected);
		free(expected);
		free(got);
		free(path);
	}
	pl_buf_release(&why);
}

static void hooks_get_old_new_ref_lines_and_their_output_reaches_the_caller(void **state)
{
	fixture *f = *state;
	pl_buf why = PL_BUF_INIT;
	pl_push_status status = PL_PUSH_REFUSED;
	pl_push_update u[2];
	git_reference *tag = NULL;
	char old[GIT_OID_HEXSZ + 1], hex[GIT_OID_HEXSZ + 1], zero[GIT_OID_HEXSZ + 1];
	char *path = pl_strfmt("%s/hook-input", f->dir), *post_path = pl_strfmt("%s/post-main", f->dir);
	char *got, *expected, *post;
	git_oid made, null_id;

	memset(&null_id, 0, sizeof(null_id));
	u[0] = main_update(f, &made);
	assert_int_equal(git_reference_create(&tag, f->repo, "refs/tags/workshop/tp2", &made, 0, "test"), 0);
	git_reference_free(tag);
	u[1].local = "refs/tags/workshop/tp2";
	u[1].remote = "refs/tags/workshop/tp2";
	u[1].expect = null_id;
	/* hooks run in the central repository, as git runs them */
	write_hook(f, "pre-receive", "#!/bin/sh\ncat > ../hook-input\necho 'checked by the rules'\n");
	write_hook(f, "post-receive", "#!/bin/sh\ngit rev-parse refs/heads/main > ../post-main\n");

	assert_int_equal(pl_remote_push(f->repo, u, 2, &f->t, &status, &why), 0);
	assert_int_equal(status, PL_PUSH_OK);
	got = read_text(path);
	git_oid_tostr(old, sizeof(old), &f->first);
	git_oid_tostr(hex, sizeof(hex), &made);
	git_oid_tostr(zero, sizeof(zero), &null_id);
	expected = pl_strfmt("%s %s refs/heads/main\n%s %s refs/tags/workshop/tp2\n", old, hex, zero, hex);
	assert_string_equal(got, expected);
	assert_non_null(strstr(f->messages.ptr, "checked by the rules\n"));
	/* post-receive runs after the refs moved */
	post = read_text(post_path);
	free(expected);
	expected = pl_strfmt("%s\n", hex);
	assert_string_equal(post, expected);
	{
		git_oid now = th_ref_id(f->central, "refs/tags/workshop/tp2");
		th_assert_oid_equal(&now, &made);
	}
	free(post);
	free(expected);
	free(got);
	free(post_path);
	free(path);
	pl_buf_release(&why);
}

static void creating_a_tag_that_exists_centrally_is_moved(void **state)
{
	fixture *f = *state;
	pl_buf why = PL_BUF_INIT;
	pl_push_status status = PL_PUSH_OK;
	git_reference *tag = NULL;
	pl_push_update u;
	git_oid central_tag = close_workshop_centrally(f, "tp1");
	git_oid made, now;

	memset(&u, 0, sizeof(u));
	made = commit_file(f, f->repo, "refs/heads/main", "b.txt", "mine\n", "Closed here");
	assert_int_equal(git_reference_create(&tag, f->repo, "refs/tags/workshop/tp1", &made, 0, "test"), 0);
	git_reference_free(tag);
	u.local = "refs/tags/workshop/tp1";
	u.remote = "refs/tags/workshop/tp1";
	/* expect zero: it must not exist yet */
	assert_int_equal(pl_remote_push(f->repo, &u, 1, &f->t, &status, &why), 0);
	assert_int_equal(status, PL_PUSH_MOVED);
	now = th_ref_id(f->central, "refs/tags/workshop/tp1");
	th_assert_oid_equal(&now, &central_tag);
	pl_buf_release(&why);
}

static void push_to_a_repository_that_is_not_bare_is_a_usage_error(void **state)
{
	fixture *f = *state;
	char *seed = pl_strfmt("%s/seed", f->dir);
	pl_buf why = PL_BUF_INIT;
	pl_push_status status = PL_PUSH_OK;
	git_oid made, now;
	pl_push_update u = main_update(f, &made);

	assert_int_equal(pl_remote_set_url(f->repo, seed), 0);
	assert_int_equal(pl_remote_push(f->repo, &u, 1, &f->t, &status, &why), PL_EUSAGE);
	assert_non_null(strstr(pl_error_last(), "bare"));
	now = th_ref_id(seed, "refs/heads/main");
	th_assert_oid_equal(&now, &f->first);
	free(seed);
	pl_buf_release(&why);
}

int main(void)
{
#define T(test) cmocka_unit_test_setup_teardown(test, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(remote_name_is_origin_by_default),
		T(remote_name_follows_git_config_pilotti_remote),
		T(url_of_a_clone_is_where_it_was_cloned_from),
		T(unset_url_is_not_found_and_says_how_to_set_it),
		T(set_url_creates_the_remote_then_changes_it),
		T(set_url_uses_the_configured_remote_name),
		T(set_url_rejects_an_empty_or_multiline_address),
		T(fetch_from_a_plain_path_gets_main_and_workshop_tags),
		T(fetch_from_a_file_url_gets_main_and_workshop_tags),
		T(fetch_from_a_path_relative_to_the_clone_gets_main_and_workshop_tags),
		T(fetch_drops_workshop_tags_removed_centrally),
		T(fetch_from_a_missing_repository_fails_naming_it),
		T(push_with_the_right_expect_moves_central_main),
		T(push_over_a_file_url_and_a_relative_path_moves_central_main),
		T(push_with_a_stale_expect_is_moved_and_leaves_central_alone),
		T(network_push_libgit2_finds_not_fast_forward_is_moved),
		T(network_push_refused_by_a_hook_is_refused_with_its_words),
		T(pre_receive_hook_that_fails_refuses_the_push),
		T(update_hook_that_fails_refuses_the_push),
		T(hooks_get_old_new_ref_lines_and_their_output_reaches_the_caller),
		T(creating_a_tag_that_exists_centrally_is_moved),
		T(push_to_a_repository_that_is_not_bare_is_a_usage_error),
	};
	int rc;
	git_libgit2_init();
	rc = th_run(tests);
	git_libgit2_shutdown();
	return rc;
}
