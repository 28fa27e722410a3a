#include "remote.h"

#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "proc.h"

/* Pushes to a folder of up to this many objects are written loose, as
 * git's receive.unpackLimit does; larger ones as a pack. */
enum { LOOSE_LIMIT = 100 };

/* How often a user name and password may be tried before giving up:
 * libgit2 asks again after every refusal. */
enum { MAX_PASSWORD_TRIES = 3 };

char *pl_remote_name(git_repository *repo)
{
	git_config *cfg = NULL;
	git_buf value = { 0 };
	char *name;

	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&value, cfg, "pilotti.remote") == 0 && value.size > 0)
		name = pl_strdup(value.ptr);
	else
		name = pl_strdup("origin");
	git_buf_dispose(&value);
	git_config_free(cfg);
	return name;
}

char *pl_remote_tags_prefix(const char *name)
{
	return pl_strfmt("refs/pilotti/%s/tags/", name);
}

int pl_remote_url(git_repository *repo, char **url)
{
	char *name = pl_remote_name(repo);
	git_remote *remote = NULL;
	int err, rc = 0;

	*url = NULL;
	err = git_remote_lookup(&remote, repo, name);
	if (err == GIT_ENOTFOUND || (err == 0 && !git_remote_url(remote)))
		rc = pl_error_set(PL_ENOTFOUND,
				  "no central repository is set; set it with: pilotti remote set URL");
	else if (err < 0)
		rc = pl_error_git(err, "cannot read the central repository's address (remote '%s')", name);
	else
		*url = pl_strdup(git_remote_url(remote));
	git_remote_free(remote);
	free(name);
	return rc;
}

int pl_remote_set_url(git_repository *repo, const char *url)
{
	char *name = pl_remote_name(repo);
	git_remote *remote = NULL;
	int err, rc = 0;

	if (!url || !*url || strchr(url, '\n')) {
		rc = pl_error_set(PL_EUSAGE, "'%s' is not an address of a repository", url ? url : "");
		goto done;
	}
	err = git_remote_lookup(&remote, repo, name);
	if (err == GIT_ENOTFOUND)
		err = git_remote_create(&remote, repo, name, url);
	else if (err == 0)
		err = git_remote_set_url(repo, name, url);
	if (err < 0)
		rc = pl_error_git(err, "cannot set the central repository's address");
done:
	git_remote_free(remote);
	free(name);
	return rc;
}

/*
 * The folder of a central repository reached through the file system
 * (a path or a file:// URL), made absolute against the clone's top
 * folder as git does; NULL for network addresses.
 */
static char *local_path(git_repository *repo, const char *url)
{
	const char *colon, *slash, *base;

	if (!strncmp(url, "file://", 7))
		return pl_strdup(url + 7);
	if (strstr(url, "://"))
		return NULL;
	/* host:path is ssh (scp syntax) unless a slash comes first. */
	colon = strchr(url, ':');
	slash = strchr(url, '/');
	if (colon && (!slash || colon < slash))
		return NULL;
	if (url[0] == '/')
		return pl_strdup(url);
	base = git_repository_workdir(repo) ? git_repository_workdir(repo) : git_repository_path(repo);
	return pl_strfmt("%s%s", base, url);
}

/* Certificates: the system's store, unless git config or the environment
 * name other ones as git does (http.sslCAInfo, GIT_SSL_CAINFO). */
static void setup_tls(git_repository *repo)
{
	static int done;
	const char *file = getenv("GIT_SSL_CAINFO"), *dir = getenv("GIT_SSL_CAPATH");
	git_config *cfg = NULL;
	git_buf cfile = { 0 }, cdir = { 0 };

	if (done)
		return;
	done = 1;
	if (git_repository_config_snapshot(&cfg, repo) == 0) {
		if ((!file || !*file) && git_config_get_path(&cfile, cfg, "http.sslCAInfo") == 0)
			file = cfile.ptr;
		if ((!dir || !*dir) && git_config_get_path(&cdir, cfg, "http.sslCAPath") == 0)
			dir = cdir.ptr;
	}
	if ((file && *file) || (dir && *dir))
		git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file && *file ? file : NULL,
				 dir && *dir ? dir : NULL);
	git_buf_dispose(&cfile);
	git_buf_dispose(&cdir);
	git_config_free(cfg);
}

/* One conversation with the central repository. */
typedef struct {
	const pl_transfer *t;
	const char *git_dir; /* where git's credential helper finds its config */
	int password_tries;
	int ssh_step;
	int ssh_done;    /* every ssh key was tried */
	pl_buf helper;   /* what git's credential helper answered, if in use */
	int helper_used; /* helper holds the credential now being tried */
	char *helper_url; /* the address it is for */
	pl_buf why;      /* why pilotti gave up, for the message */
	pl_buf refused;  /* per-ref refusals the server reported */
	pl_buf said;     /* what the server's hooks said */
} xfer;

static void xfer_init(xfer *x, const pl_transfer *t, git_repository *repo)
{
	memset(x, 0, sizeof(*x));
	x->t = t;
	x->git_dir = git_repository_path(repo);
	pl_buf_init(&x->helper);
	pl_buf_init(&x->why);
	pl_buf_init(&x->refused);
	pl_buf_init(&x->said);
}

static void xfer_release(xfer *x)
{
	if (x->helper.len)
		memset(x->helper.ptr, 0, x->helper.len);
	free(x->helper_url);
	pl_buf_release(&x->helper);
	pl_buf_release(&x->why);
	pl_buf_release(&x->refused);
	pl_buf_release(&x->said);
}

/* What the programs pilotti runs (git's credential helper, a central
 * repository's hooks) must not see: its own secrets, the signed-in user of
 * a web server (a hook would trust it), and the clone's repository
 * settings (git rev-parse --local-env-vars). */
static const char *const private_env[] = {
	"PILOTTI_USERNAME", "PILOTTI_PASSWORD", "PILOTTI_SSH_PASSPHRASE", "REMOTE_USER",
	"GL_USERNAME", "GL_ID", "GL_REPOSITORY", "GL_PROTOCOL",
	"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS",
	"GIT_CONFIG_COUNT", "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE",
	"GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE", "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS",
	"GIT_REPLACE_REF_BASE", "GIT_PREFIX", "GIT_INTERNAL_SUPER_PREFIX", "GIT_SHALLOW_FILE",
	"GIT_COMMON_DIR", "GIT_QUARANTINE_PATH", NULL
};

/* A credential the central repository accepted earlier in this run, so
 * that a sync trying again does not ask for the password again: the
 * helper's answer, and the address it is for. */
static pl_buf accepted = PL_BUF_INIT;
static char *accepted_url;

void pl_remote_forget_credentials(void)
{
	if (accepted.len)
		memset(accepted.ptr, 0, accepted.len);
	pl_buf_release(&accepted);
	free(accepted_url);
	accepted_url = NULL;
}

/* Runs 'git credential ACTION' with input; output may be NULL. */
static int credential_helper(const xfer *x, const char *action, const char *input, pl_buf *output)
{
	const char *argv[] = { "git", "credential", action, NULL };
	/* The clone's own config counts (credential.helper, user names). */
	char *dir = pl_strfmt("GIT_DIR=%s", x->git_dir);
	const char *env[] = { dir, x->t->interactive ? NULL : "GIT_TERMINAL_PROMPT=0", NULL };
	pl_proc p = { 0 };
	int code = 0, rc;

	p.argv = argv;
	p.env = env;
	p.unset = private_env;
	p.input = input;
	p.input_len = strlen(input);
	p.output = output;
	p.quiet = !x->t->interactive;
	rc = pl_proc_run(&p, &code);
	pl_error_clear();
	free(dir);
	return rc < 0 || code != 0 ? -1 : 0;
}

/* The value of "name=" in a helper's answer, or NULL; allocated. */
static char *helper_value(const char *answer, const char *name)
{
	size_t n = strlen(name);
	for (const char *line = answer; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (!strncmp(line, name, n) && line[n] == '=') {
			const char *end = strchr(line, '\n');
			return pl_strndup(line + n + 1, end ? (size_t)(end - line) - n - 1 : strlen(line + n + 1));
		}
	}
	return NULL;
}

static int password_credential(git_credential **out, xfer *x, const char *url, const char *user)
{
	const char *env_user = getenv("PILOTTI_USERNAME"), *env_pass = getenv("PILOTTI_PASSWORD");
	pl_buf input = PL_BUF_INIT;
	char *u, *p;
	int rc;

	if (x->helper_used) {
		/* The last one was refused: the helper should forget it. */
		credential_helper(x, "reject", x->helper.ptr, NULL);
		x->helper_used = 0;
		pl_remote_forget_credentials();
	}
	if (++x->password_tries > MAX_PASSWORD_TRIES) {
		pl_buf_printf(&x->why, "the central repository did not accept the user name and password "
			      "(tried %d times)", MAX_PASSWORD_TRIES);
		return GIT_EAUTH;
	}
	if (x->password_tries == 1 && env_user && *env_user && env_pass)
		return git_credential_userpass_plaintext_new(out, env_user, env_pass);
	pl_buf_printf(&input, "url=%s\n", url);
	if (user && *user)
		pl_buf_printf(&input, "username=%s\n", user);
	pl_buf_puts(&input, "\n");
	pl_buf_clear(&x->helper);
	if (accepted_url && !strcmp(accepted_url, url))
		pl_buf_add(&x->helper, accepted.ptr, accepted.len);
	else if (credential_helper(x, "fill", input.ptr, &x->helper) < 0)
		pl_buf_clear(&x->helper);
	if (!x->helper.len ||
	    !(u = helper_value(x->helper.ptr, "username"))) {
		pl_buf_release(&input);
		if (x->why.len) /* what ssh said first */
			pl_buf_puts(&x->why, "; ");
		if (x->password_tries > 1 && env_user && *env_user && env_pass)
			pl_buf_printf(&x->why, "the central repository did not accept the user name and "
				      "password for %s (PILOTTI_USERNAME, PILOTTI_PASSWORD)", env_user);
		else
			pl_buf_puts(&x->why, "the central repository asks for a user name and password, and "
				    "none was found: set PILOTTI_USERNAME and PILOTTI_PASSWORD, or a git "
				    "credential helper (git config credential.helper)");
		return GIT_EAUTH;
	}
	pl_buf_release(&input);
	p = helper_value(x->helper.ptr, "password");
	rc = git_credential_userpass_plaintext_new(out, u, p ? p : "");
	if (p)
		memset(p, 0, strlen(p));
	free(u);
	free(p);
	x->helper_used = rc == 0;
	free(x->helper_url);
	x->helper_url = pl_strdup(url);
	return rc;
}

/* The credential from the helper worked: the helper may store it, and
 * this run keeps it for its next conversation. */
static void approve(xfer *x)
{
	if (!x->helper_used)
		return;
	if (!accepted_url || strcmp(accepted_url, x->helper_url)) {
		credential_helper(x, "approve", x->helper.ptr, NULL);
		pl_remote_forget_credentials();
		pl_buf_add(&accepted, x->helper.ptr, x->helper.len);
		accepted_url = pl_strdup(x->helper_url);
	}
}

/* The user name ssh uses when the address names none: ours. */
static const char *local_user(void)
{
	const struct passwd *pw = getpwuid(geteuid());
	const char *env = getenv("USER");
	return pw && pw->pw_name ? pw->pw_name : env && *env ? env : "git";
}

static int ssh_credential(git_credential **out, xfer *x, const char *user)
{
	const char *home = getenv("HOME"), *own = getenv("PILOTTI_SSH_KEY");
	const char *names[] = { "id_ed25519", "id_ecdsa", "id_rsa" };
	const char *passphrase = getenv("PILOTTI_SSH_PASSPHRASE");
	pl_buf tried = PL_BUF_INIT;
	int step = x->ssh_step++;

	if (!user || !*user)
		user = local_user();
	/* First the ssh agent, then the key files, one per request. */
	if (getenv("SSH_AUTH_SOCK") && *getenv("SSH_AUTH_SOCK")) {
		if (step == 0)
			return git_credential_ssh_key_from_agent(out, user);
		step--;
		pl_buf_puts(&tried, "the ssh agent");
	}
	for (int i = -1; i < 3; i++) {
		char *key = i < 0 ? (own && *own ? pl_strdup(own) : NULL)
				  : (home ? pl_strfmt("%s/.ssh/%s", home, names[i]) : NULL);
		struct stat st;
		if (key && stat(key, &st) == 0) {
			if (step-- == 0) {
				char *pub = pl_strfmt("%s.pub", key);
				int rc = git_credential_ssh_key_new(out, user, access(pub, R_OK) == 0 ? pub : NULL,
								    key, passphrase);
				free(pub);
				free(key);
				pl_buf_release(&tried);
				return rc;
			}
			pl_buf_printf(&tried, "%s%s", tried.len ? ", " : "", key);
		}
		free(key);
	}
	pl_buf_printf(&x->why, "the central server did not accept the ssh key (tried %s)",
		      tried.len ? tried.ptr : "nothing: no ssh agent and no key in ~/.ssh");
	pl_buf_release(&tried);
	return GIT_EAUTH;
}

static int on_credentials(git_credential **out, const char *url, const char *user,
			  unsigned int allowed, void *payload)
{
	xfer *x = payload;

	/* An ssh server that also takes passwords offers both: keys first. */
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) && !x->ssh_done) {
		int rc = ssh_credential(out, x, user);
		if (rc != GIT_EAUTH || !(allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT))
			return rc;
		x->ssh_done = 1;
	}
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT)
		return password_credential(out, x, url, user);
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user && *user ? user : local_user());
	pl_buf_puts(&x->why, "the central repository asks for a kind of sign-in pilotti does not support");
	return GIT_EAUTH;
}

/* What the server says while it takes a push is held back until it is
 * clear whether it matters: after losing a race to another push, its
 * complaint about the moved branch does not. */
static int on_sideband(const char *text, int len, void *payload)
{
	xfer *x = payload;
	if (len > 0)
		pl_buf_add(&x->said, text, (size_t)len);
	return 0;
}

static int on_fetch_progress(const git_indexer_progress *s, void *payload)
{
	xfer *x = payload;
	if (x->t->progress)
		x->t->progress(x->t->payload, "receiving", s->received_objects, s->total_objects);
	return 0;
}

static int on_push_progress(unsigned int current, unsigned int total, size_t bytes, void *payload)
{
	xfer *x = payload;
	(void)bytes;
	if (x->t->progress)
		x->t->progress(x->t->payload, "sending", current, total);
	return 0;
}

static int on_pack_progress(const git_indexer_progress *s, void *payload)
{
	return on_push_progress(s->indexed_objects, s->total_objects, 0, payload);
}

/* The second way libgit2 reports a refused ref: a status with a zero
 * return from git_remote_push. */
static int on_update_reference(const char *ref, const char *status, void *payload)
{
	xfer *x = payload;
	if (status)
		pl_buf_printf(&x->refused, "%s%s: %s", x->refused.len ? "; " : "", ref, status);
	return 0;
}

static void callbacks(git_remote_callbacks *cb, xfer *x)
{
	git_remote_init_callbacks(cb, GIT_REMOTE_CALLBACKS_VERSION);
	cb->credentials = on_credentials;
	cb->sideband_progress = on_sideband;
	cb->transfer_progress = on_fetch_progress;
	cb->push_transfer_progress = on_push_progress;
	cb->push_update_reference = on_update_reference;
	cb->payload = x;
}

/* The address as messages show it: without a user name or password. */
static char *shown_url(const char *url)
{
	const char *scheme = strstr(url, "://"), *host = scheme ? scheme + 3 : url;
	const char *at = strchr(host, '@'), *slash = strchr(host, '/');
	if (!scheme || !at || (slash && slash < at))
		return pl_strdup(url);
	return pl_strfmt("%.*s%s", (int)(host - url), url, at + 1);
}

/* A failed conversation's message, in the user's terms. */
static int transfer_error(int err, xfer *x, const char *address)
{
	const git_error *e = git_error_last();
	char *url = shown_url(address);
	int rc;

	if (x->why.len)
		rc = pl_error_set(PL_ERROR, "%s (%s)", x->why.ptr, url);
	else if (e && strstr(e->message, "safe.directory"))
		rc = pl_error_set(PL_ERROR, "the central repository '%s' belongs to another user; if "
				  "you trust it, allow it with: git config --global --add safe.directory %s",
				  url, url);
	else if (err == GIT_ECERTIFICATE)
		rc = pl_error_git(err, "the central repository '%s' cannot be trusted: its certificate "
				  "or host key could not be checked (for ssh, it must be in "
				  "~/.ssh/known_hosts)", url);
	else if (err == GIT_EAUTH)
		rc = pl_error_git(err, "the central repository '%s' did not accept the sign-in", url);
	else
		rc = pl_error_git(err, "cannot reach the central repository '%s'", url);
	free(url);
	return rc;
}

static int open_remote(git_remote **out, git_repository *repo, char **name, char **url)
{
	int err, rc;

	*name = pl_remote_name(repo);
	if ((rc = pl_remote_url(repo, url)) < 0)
		return rc;
	if ((err = git_remote_lookup(out, repo, *name)) < 0)
		return pl_error_git(err, "cannot read the central repository's address");
	setup_tls(repo);
	return 0;
}

int pl_remote_fetch(git_repository *repo, const pl_transfer *t)
{
	git_remote *remote = NULL;
	git_fetch_options opts;
	xfer x;
	char *name = NULL, *url = NULL, *path = NULL, *specs[2] = { NULL, NULL };
	git_strarray refspecs = { specs, 2 };
	int err, rc;

	xfer_init(&x, t, repo);
	if ((rc = open_remote(&remote, repo, &name, &url)) < 0)
		goto done;
	/* A relative folder is relative to the clone, as for git; libgit2
	 * would take it from wherever pilotti runs. */
	if ((path = local_path(repo, url)) && (err = git_remote_set_instance_url(remote, path)) < 0) {
		rc = transfer_error(err, &x, url);
		goto done;
	}
	specs[0] = pl_strfmt("+refs/heads/main:refs/remotes/%s/main", name);
	specs[1] = pl_strfmt("+refs/tags/workshop/*:refs/pilotti/%s/tags/workshop/*", name);
	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	callbacks(&opts.callbacks, &x);
	/* While fetching, the server only tells how it packs; our own
	 * progress says the same. */
	opts.callbacks.sideband_progress = NULL;
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	opts.prune = GIT_FETCH_PRUNE;
	if ((err = git_remote_fetch(remote, &refspecs, &opts, "pilotti sync: fetch")) < 0) {
		rc = transfer_error(err, &x, url);
		goto done;
	}
	approve(&x);
done:
	free(specs[0]);
	free(specs[1]);
	free(path);
	free(name);
	free(url);
	xfer_release(&x);
	git_remote_free(remote);
	return rc;
}

/* Runs the central repository's hook name, as git's receive-pack would;
 * *ok is 0 if it refused. */
static int run_hook(const char *gitdir, const char *name, const char *const *args, const char *input,
		    const pl_transfer *t, int *ok)
{
	char *path = pl_strfmt("%shooks/%s", gitdir, name);
	char *env_dir = pl_strfmt("GIT_DIR=%s", gitdir);
	const char *env[] = { env_dir, NULL };
	const char *argv[5] = { path, NULL, NULL, NULL, NULL };
	pl_buf out = PL_BUF_INIT;
	pl_proc p = { 0 };
	int code = 0, rc = 0;

	*ok = 1;
	if (access(path, X_OK) != 0)
		goto done;
	for (int i = 0; args && args[i] && i < 3; i++)
		argv[i + 1] = args[i];
	p.argv = argv;
	p.env = env;
	p.unset = private_env;
	p.dir = gitdir;
	p.input = input;
	p.input_len = input ? strlen(input) : 0;
	p.output = &out;
	if ((rc = pl_proc_run(&p, &code)) < 0)
		goto done;
	if (out.len && t->message)
		t->message(t->payload, out.ptr, out.len);
	*ok = code == 0;
done:
	pl_buf_release(&out);
	free(env_dir);
	free(path);
	return rc;
}

/* Copying objects from the clone into the central repository. */
typedef struct {
	git_repository *repo;
	git_odb *from, *to;
	xfer *x;
	size_t done, total; /* for progress */
} copying;

static int copy_object(copying *c, const git_oid *id)
{
	git_odb_object *o = NULL;
	git_oid written;
	int err;

	if (git_odb_exists(c->to, id))
		return 0;
	if ((err = git_odb_read(&o, c->from, id)) == 0)
		err = git_odb_write(&written, c->to, git_odb_object_data(o), git_odb_object_size(o),
				    git_odb_object_type(o));
	git_odb_object_free(o);
	if (err == 0)
		on_push_progress((unsigned)++c->done, (unsigned)c->total, 0, c->x);
	return err;
}

/* Copies a tree and what it holds, skipping every subtree the central
 * repository has already (it then has all of it). */
static int copy_tree(copying *c, const git_oid *id)
{
	git_tree *tree = NULL;
	int err = 0;

	if (git_odb_exists(c->to, id))
		return 0;
	if ((err = git_tree_lookup(&tree, c->repo, id)) < 0)
		return err;
	for (size_t i = 0; err == 0 && i < git_tree_entrycount(tree); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
			err = copy_tree(c, git_tree_entry_id(e));
		else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
			err = copy_object(c, git_tree_entry_id(e));
	}
	git_tree_free(tree);
	return err ? err : copy_object(c, id); /* the tree after its contents */
}

/*
 * Copies the revisions walk yields, and the tags, as loose objects, as
 * git's receive-pack does for small pushes: one pack per push would leave
 * a busy central repository with hundreds of packs to search.
 */
static int copy_loose(git_repository *repo, git_odb *to, git_revwalk *walk, const git_oid *tags,
		      size_t ntags, size_t total, xfer *x)
{
	copying c = { repo, NULL, to, x, 0, total };
	git_oid id;
	int err;

	if ((err = git_repository_odb(&c.from, repo)) < 0)
		return err;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	while ((err = git_revwalk_next(&id, walk)) == 0) {
		git_commit *commit = NULL;
		if ((err = git_commit_lookup(&commit, repo, &id)) == 0 &&
		    (err = copy_tree(&c, git_commit_tree_id(commit))) == 0)
			err = copy_object(&c, &id);
		git_commit_free(commit);
		if (err < 0)
			break;
	}
	if (err == GIT_ITEROVER)
		err = 0;
	for (size_t i = 0; err == 0 && i < ntags; i++)
		err = copy_object(&c, &tags[i]);
	git_odb_free(c.from);
	return err;
}

/*
 * A push to a repository reached through the file system.  libgit2's
 * local transport moves the refs without compare-and-swap, so two
 * people pushing at once could lose a revision; here the objects are
 * copied as a pack, the hooks run, and each ref moves only if it is
 * still where it was (under git's own ref lock).
 */
static int push_local(git_repository *repo, const char *path, const pl_push_update *updates, size_t n,
		      const pl_transfer *t, pl_push_status *status, pl_buf *why)
{
	git_repository *central = NULL;
	git_packbuilder *pb = NULL;
	git_revwalk *walk = NULL, *counting = NULL;
	git_odb *odb = NULL;
	git_oid *news = pl_calloc(n ? n : 1, sizeof(*news)), *tags = pl_calloc(n ? n : 1, sizeof(*tags));
	/* The commits to send and the ones to leave out, for both walks. */
	struct { git_oid id; int hide; } *walked = pl_calloc(2 * n + 1, sizeof(*walked));
	size_t ntags = 0, nwalk = 0;
	pl_buf lines = PL_BUF_INIT;
	xfer x;
	char *packdir = NULL, *gitdir = NULL;
	int err = 0, rc = 0, ok;

	xfer_init(&x, t, repo);
	*status = PL_PUSH_OK;
	err = git_repository_open_ext(&central, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (err < 0) {
		rc = transfer_error(err, &x, path);
		goto done;
	}
	if (!git_repository_is_bare(central)) {
		rc = pl_error_set(PL_EUSAGE, "the central repository '%s' must be a bare repository "
				  "(made with 'git init --bare' or 'pilotti import')", path);
		goto done;
	}
	gitdir = pl_strdup(git_repository_path(central));
	if ((err = git_packbuilder_new(&pb, repo)) < 0)
		goto git_fail;
	for (size_t i = 0; i < n; i++) {
		git_object *obj = NULL, *peeled = NULL;
		char hex[GIT_OID_HEXSZ + 1], old[GIT_OID_HEXSZ + 1];
		if ((err = git_reference_name_to_id(&news[i], repo, updates[i].local)) < 0 ||
		    (err = git_object_lookup(&obj, repo, &news[i], GIT_OBJECT_ANY)) < 0)
			goto git_fail;
		if (git_object_type(obj) == GIT_OBJECT_TAG) {
			err = git_packbuilder_insert(pb, &news[i], NULL);
			tags[ntags++] = news[i];
		}
		if (err == 0 && (err = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT)) == 0) {
			walked[nwalk].id = *git_object_id(peeled);
			walked[nwalk++].hide = 0;
		}
		git_object_free(peeled);
		git_object_free(obj);
		if (err < 0)
			goto git_fail;
		git_oid_tostr(hex, sizeof(hex), &news[i]);
		git_oid_tostr(old, sizeof(old), &updates[i].expect);
		pl_buf_printf(&lines, "%s %s %s\n", old, hex, updates[i].remote);
	}
	/* What the central repository has needs no copying: its main as we
	 * last fetched it, and what each update expects, where it still has
	 * them (a commit it has, it has with all its history). */
	if ((err = git_repository_odb(&odb, central)) < 0)
		goto git_fail;
	{
		char *name = pl_remote_name(repo), *tracking = pl_strfmt("refs/remotes/%s/main", name);
		git_oid known;
		if (git_reference_name_to_id(&known, repo, tracking) == 0 && git_odb_exists(odb, &known)) {
			walked[nwalk].id = known;
			walked[nwalk++].hide = 1;
		}
		git_error_clear();
		free(tracking);
		free(name);
	}
	for (size_t i = 0; i < n; i++) {
		git_object *obj = NULL;
		if (!git_oid_is_zero(&updates[i].expect) && git_odb_exists(odb, &updates[i].expect) &&
		    git_object_lookup(&obj, repo, &updates[i].expect, GIT_OBJECT_COMMIT) == 0) {
			walked[nwalk].id = updates[i].expect;
			walked[nwalk++].hide = 1;
		}
		git_object_free(obj);
		git_error_clear();
	}
	/* The same walk twice: once to count, once to copy. */
	if ((err = git_revwalk_new(&walk, repo)) < 0 || (err = git_revwalk_new(&counting, repo)) < 0)
		goto git_fail;
	for (size_t i = 0; err == 0 && i < nwalk; i++) {
		if (walked[i].hide)
			err = git_revwalk_hide(walk, &walked[i].id) < 0 ? -1 : git_revwalk_hide(counting, &walked[i].id);
		else
			err = git_revwalk_push(walk, &walked[i].id) < 0 ? -1 : git_revwalk_push(counting, &walked[i].id);
	}
	if (err < 0 || (err = git_packbuilder_insert_walk(pb, counting)) < 0)
		goto git_fail;
	if (git_packbuilder_object_count(pb) > 0 && git_packbuilder_object_count(pb) <= LOOSE_LIMIT) {
		if ((err = copy_loose(repo, odb, walk, tags, ntags, git_packbuilder_object_count(pb), &x)) < 0)
			goto git_fail;
	} else if (git_packbuilder_object_count(pb) > 0) {
		packdir = pl_strfmt("%sobjects/pack", gitdir);
		if ((err = git_packbuilder_write(pb, packdir, 0, on_pack_progress, &x)) < 0)
			goto git_fail;
		if ((err = git_odb_refresh(odb)) < 0)
			goto git_fail;
	}
	if ((rc = run_hook(gitdir, "pre-receive", NULL, lines.ptr, t, &ok)) < 0)
		goto done;
	if (!ok) {
		*status = PL_PUSH_REFUSED;
		pl_buf_puts(why, "the central repository's pre-receive hook refused the push");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		git_reference *ref = NULL;
		char hex[GIT_OID_HEXSZ + 1], old[GIT_OID_HEXSZ + 1];
		const char *args[4] = { updates[i].remote, old, hex, NULL };
		git_oid_tostr(hex, sizeof(hex), &news[i]);
		git_oid_tostr(old, sizeof(old), &updates[i].expect);
		if ((rc = run_hook(gitdir, "update", args, NULL, t, &ok)) < 0)
			goto done;
		if (!ok) {
			*status = PL_PUSH_REFUSED;
			pl_buf_printf(why, "the central repository's update hook refused %s", updates[i].remote);
			goto done;
		}
		if (git_oid_is_zero(&updates[i].expect))
			err = git_reference_create(&ref, central, updates[i].remote, &news[i], 0, "pilotti sync");
		else
			err = git_reference_create_matching(&ref, central, updates[i].remote, &news[i], 1,
							    &updates[i].expect, "pilotti sync");
		git_reference_free(ref);
		if (err == GIT_EEXISTS || err == GIT_EMODIFIED || err == GIT_ELOCKED) {
			*status = PL_PUSH_MOVED;
			pl_buf_printf(why, "%s moved on the central repository meanwhile", updates[i].remote);
			goto done;
		}
		if (err < 0)
			goto git_fail;
	}
	run_hook(gitdir, "post-receive", NULL, lines.ptr, t, &ok);
	goto done;
git_fail:
	rc = pl_error_git(err, "cannot send the revisions to the central repository '%s'", path);
done:
	free(packdir);
	free(gitdir);
	free(walked);
	free(tags);
	free(news);
	pl_buf_release(&lines);
	xfer_release(&x);
	git_odb_free(odb);
	git_revwalk_free(counting);
	git_revwalk_free(walk);
	git_packbuilder_free(pb);
	git_repository_free(central);
	return rc;
}

int pl_remote_push(git_repository *repo, const pl_push_update *updates, size_t n,
		   const pl_transfer *t, pl_push_status *status, pl_buf *why)
{
	git_remote *remote = NULL;
	git_push_options opts;
	xfer x;
	char *name = NULL, *url = NULL, *path = NULL;
	char **specs = pl_calloc(n ? n : 1, sizeof(*specs));
	git_strarray refspecs = { specs, n };
	int err, rc;

	xfer_init(&x, t, repo);
	*status = PL_PUSH_OK;
	if ((rc = open_remote(&remote, repo, &name, &url)) < 0)
		goto done;
	if ((path = local_path(repo, url))) {
		rc = push_local(repo, path, updates, n, t, status, why);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		specs[i] = pl_strfmt("%s:%s", updates[i].local, updates[i].remote);
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	callbacks(&opts.callbacks, &x);
	err = git_remote_push(remote, &refspecs, &opts);
	if (err == GIT_ENONFASTFORWARD) {
		/* libgit2 saw it before sending: the branch has moved. */
		*status = PL_PUSH_MOVED;
		pl_buf_puts(why, git_error_last() ? git_error_last()->message : "the central branch moved");
	} else if (err < 0) {
		rc = transfer_error(err, &x, url);
	} else if (x.refused.len) {
		/* The server refused: its hook, or another push won the race. */
		*status = strstr(x.refused.ptr, "hook declined") ? PL_PUSH_REFUSED : PL_PUSH_MOVED;
		pl_buf_puts(why, x.refused.ptr);
	}
	if (rc == 0)
		approve(&x);
	if (*status != PL_PUSH_MOVED && x.said.len && t->message)
		t->message(t->payload, x.said.ptr, x.said.len);
done:
	for (size_t i = 0; i < n; i++)
		free(specs[i]);
	free(specs);
	free(path);
	free(name);
	free(url);
	xfer_release(&x);
	git_remote_free(remote);
	return rc;
}
