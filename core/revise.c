#include "revise.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "access.h"
#include "error.h"
#include "pilot.h"
#include "repo.h"
#include "source.h"
#include "validate.h"

void pl_changes_release(pl_changes *c)
{
	for (size_t i = 0; i < c->count; i++) {
		free(c->items[i].path);
		free(c->items[i].region);
		free(c->items[i].model);
	}
	free(c->items);
	memset(c, 0, sizeof(*c));
}

static void add_change(pl_changes *c, const char *path, pl_change_kind kind)
{
	pl_change *x;
	c->items = pl_realloc(c->items, (c->count + 1) * sizeof(*c->items));
	x = &c->items[c->count++];
	memset(x, 0, sizeof(*x));
	x->path = pl_strdup(path);
	x->kind = kind;
	if (!strncmp(path, "regions/", 8)) {
		const char *r = path + 8, *slash = strchr(r, '/');
		if (slash) {
			const char *m = slash + 1, *slash2 = strchr(m, '/');
			x->region = pl_strndup(r, (size_t)(slash - r));
			if (slash2)
				x->model = pl_strndup(m, (size_t)(slash2 - m));
		}
	}
}

static int cmp_change(const void *a, const void *b)
{
	return strcmp(((const pl_change *)a)->path, ((const pl_change *)b)->path);
}

static int base_tree(git_repository *repo, const git_oid *base, git_tree **out)
{
	git_commit *c = NULL;
	git_oid head;
	int err;

	*out = NULL;
	if (!base) {
		err = git_reference_name_to_id(&head, repo, "HEAD");
		if (err == GIT_ENOTFOUND || err == GIT_EUNBORNBRANCH)
			return 0; /* no revision yet: everything is new */
		if (err < 0)
			return pl_error_git(err, "cannot read HEAD");
		base = &head;
	}
	if ((err = git_commit_lookup(&c, repo, base)) < 0 || (err = git_commit_tree(out, c)) < 0) {
		git_commit_free(c);
		return pl_error_git(err, "cannot read the last revision");
	}
	git_commit_free(c);
	return 0;
}

int pl_changes_since(git_repository *repo, const git_oid *base, pl_changes *out)
{
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;
	int err, rc;

	memset(out, 0, sizeof(*out));
	if (git_repository_is_bare(repo))
		return pl_error_set(PL_EUSAGE, "a bare repository has no files to compare");
	if ((rc = base_tree(repo, base, &tree)) < 0)
		return rc;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
		     GIT_DIFF_SHOW_UNTRACKED_CONTENT | GIT_DIFF_INCLUDE_TYPECHANGE;
	/* Against the files themselves, not the index: what people edited. */
	if ((err = git_diff_tree_to_workdir(&diff, repo, tree, &opts)) < 0) {
		rc = pl_error_git(err, "cannot compare the work tree with the last revision");
		goto done;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		switch (d->status) {
		case GIT_DELTA_ADDED:
		case GIT_DELTA_UNTRACKED:
			add_change(out, d->new_file.path, PL_CHANGE_ADDED);
			break;
		case GIT_DELTA_DELETED:
			add_change(out, d->old_file.path, PL_CHANGE_DELETED);
			break;
		case GIT_DELTA_MODIFIED:
		case GIT_DELTA_TYPECHANGE:
			add_change(out, d->new_file.path, PL_CHANGE_MODIFIED);
			break;
		default:
			break;
		}
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), cmp_change);
done:
	git_diff_free(diff);
	git_tree_free(tree);
	return rc;
}

/* ---- who may change what ---------------------------------------------------- */

/* Checks every change against pilot.json of the last revision; adds one
 * finding per file the author may not change. */
static int check_rights(git_repository *repo, const pl_changes *changes,
			const char *email, pl_diags *diags)
{
	pl_source *src = NULL;
	pl_diags ignored = PL_DIAGS_INIT;
	json_t *pilot = NULL;
	int rc, refused = 0;

	if ((rc = pl_source_open_rev(&src, repo, "HEAD")) < 0) {
		/* No revision yet: the first one may hold anything. */
		return rc == PL_ENOTFOUND ? 0 : rc;
	}
	if ((rc = pl_pilot_load(&pilot, src, &ignored)) < 0) {
		/* The last revision has no readable pilot.json: only a
		 * revision that brings one in can be right. */
		rc = 0;
		goto done;
	}
	for (size_t i = 0; i < changes->count; i++) {
		pl_buf why = PL_BUF_INIT;
		if (!pl_may_change(pilot, email, changes->items[i].path, &why)) {
			pl_diags_add(diags, PL_DIAG_ERROR, changes->items[i].path, 0, 0, NULL, "%s", why.ptr);
			refused = 1;
		}
		pl_buf_release(&why);
	}
	if (refused)
		rc = pl_error_set(PL_EINVALID, "%s may not make this revision; nothing was committed", email);
done:
	json_decref(pilot);
	pl_diags_release(&ignored);
	pl_source_free(src);
	return rc;
}

/* ---- the revision -------------------------------------------------------- */

int pl_commit(git_repository *repo, const pl_commit_options *opts, git_oid *commit,
	      pl_changes *changes, pl_diags *diags)
{
	const char *workdir = git_repository_workdir(repo);
	git_signature *own = NULL;
	const git_signature *author = opts->author;
	pl_source *src = NULL;
	git_tree *base = NULL;
	git_commit *parent = NULL;
	git_index *index = NULL;
	git_tree_update *upd = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, head;
	char *root = NULL;
	int have_head, err, rc;

	memset(commit, 0, sizeof(*commit));
	memset(changes, 0, sizeof(*changes));
	if (!workdir)
		return pl_error_set(PL_EUSAGE, "a bare repository has no files to commit; use 'pilotti import'");
	if (git_repository_head_detached(repo) == 1)
		return pl_error_set(PL_EUSAGE, "not on a branch: check out main first ('git switch main')");
	if (!author) {
		if ((rc = pl_signature_default(repo, &own)) < 0)
			return rc;
		author = own;
	}
	root = pl_strndup(workdir, strlen(workdir) > 1 ? strlen(workdir) - 1 : 1);
	if ((rc = pl_source_open_dir(&src, root)) < 0 ||
	    (rc = pl_validate_series(src, diags, NULL)) < 0)
		goto done;
	if (pl_diags_count(diags, PL_DIAG_ERROR) > 0) {
		rc = pl_error_set(PL_EINVALID, "the series is not valid; nothing was committed");
		goto done;
	}
	if ((rc = pl_changes_since(repo, NULL, changes)) < 0)
		goto done;
	if (changes->count == 0)
		goto done;
	if ((rc = check_rights(repo, changes, author->email, diags)) < 0)
		goto done;

	if ((rc = base_tree(repo, NULL, &base)) < 0)
		goto done;
	err = git_reference_name_to_id(&head, repo, "HEAD");
	have_head = err == 0;
	if (have_head && (err = git_commit_lookup(&parent, repo, &head)) < 0) {
		rc = pl_error_git(err, "cannot read the last revision");
		goto done;
	}
	upd = pl_calloc(changes->count, sizeof(*upd));
	for (size_t i = 0; i < changes->count; i++) {
		const pl_change *c = &changes->items[i];
		upd[i].path = c->path;
		if (c->kind == PL_CHANGE_DELETED) {
			upd[i].action = GIT_TREE_UPDATE_REMOVE;
			continue;
		}
		{
			char *full = pl_strfmt("%s/%s", root, c->path);
			struct stat st;
			int ok = lstat(full, &st) == 0 && S_ISREG(st.st_mode);
			free(full);
			if (!ok) {
				rc = pl_error_set(PL_EINVALID, "'%s' is not a plain file", c->path);
				goto done;
			}
			upd[i].filemode = st.st_mode & 0111 ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
		}
		upd[i].action = GIT_TREE_UPDATE_UPSERT;
		/* Through git's filters (.gitattributes eol), as git add does. */
		if ((err = git_blob_create_from_workdir(&upd[i].id, repo, c->path)) < 0) {
			rc = pl_error_git(err, "cannot store '%s'", c->path);
			goto done;
		}
	}
	if ((err = git_tree_create_updated(&tree_id, repo, base, changes->count, upd)) < 0 ||
	    (err = git_tree_lookup(&tree, repo, &tree_id)) < 0) {
		rc = pl_error_git(err, "cannot build the revision");
		goto done;
	}
	{
		const git_commit *parents[1] = { parent };
		git_signature *committer = NULL;
		if (pl_signature_default(repo, &committer) < 0)
			committer = NULL;
		/* "HEAD" as the reference to update: libgit2 moves the branch
		 * only if it still points at the parent. */
		err = git_commit_create(commit, repo, "HEAD", author, committer ? committer : author,
					NULL, opts->message, tree, parent ? 1 : 0, parents);
		git_signature_free(committer);
		if (err == GIT_EMODIFIED) {
			rc = pl_error_set(PL_EEXISTS, "the branch moved while committing; nothing was committed, try again");
			goto done;
		}
		if (err < 0) {
			rc = pl_error_git(err, "cannot commit");
			goto done;
		}
	}
	/* The index follows, so that git status agrees. */
	if ((err = git_repository_index(&index, repo)) == 0) {
		for (size_t i = 0; i < changes->count && err == 0; i++)
			err = changes->items[i].kind == PL_CHANGE_DELETED
				? git_index_remove_bypath(index, changes->items[i].path)
				: git_index_add_bypath(index, changes->items[i].path);
		if (err == 0)
			err = git_index_write(index);
	}
	if (err < 0)
		rc = pl_error_git(err, "committed, but cannot update the index ('git status' may disagree)");
done:
	if (rc < 0)
		memset(commit, 0, sizeof(*commit));
	git_index_free(index);
	git_tree_free(tree);
	free(upd);
	git_commit_free(parent);
	git_tree_free(base);
	pl_source_free(src);
	git_signature_free(own);
	free(root);
	return rc;
}
