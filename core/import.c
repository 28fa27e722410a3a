#include "import.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "error.h"
#include "pilot.h"
#include "repo.h"
#include "source.h"
#include "templates.h"
#include "validate.h"
#include "workshop.h"

/* Files of any kind are imported up to this size. */
#define IMPORT_MAX_FILE (64u * 1024u * 1024u)

/* Writes the folder path of src (recursively) as a tree; *out gets its id.
 * Entries that are neither files nor folders are left out with a warning. */
static int write_tree(git_repository *repo, pl_source *src, const char *path,
		      git_oid *out, pl_diags *diags)
{
	git_treebuilder *tb = NULL;
	pl_entries e = { 0 };
	pl_buf data = PL_BUF_INIT;
	int err, rc;

	if ((rc = pl_source_list(src, path, &e)) < 0)
		return rc;
	if ((err = git_treebuilder_new(&tb, repo, NULL)) < 0) {
		rc = pl_error_git(err, "cannot build a tree");
		goto done;
	}
	for (size_t i = 0; i < e.count; i++) {
		const char *name = e.items[i].name;
		char *child = *path ? pl_strfmt("%s/%s", path, name) : pl_strdup(name);
		git_oid id;
		git_filemode_t mode = GIT_FILEMODE_BLOB;
		size_t size = 0;

		if (!*path && !strcmp(name, ".git")) {
			free(child);
			continue;
		}
		if (e.items[i].type == PL_ENTRY_DIR) {
			rc = write_tree(repo, src, child, &id, diags);
			mode = GIT_FILEMODE_TREE;
		} else if (e.items[i].type == PL_ENTRY_FILE) {
			rc = pl_source_read(src, child, IMPORT_MAX_FILE, &data, &size);
			if (rc == 0 && size > IMPORT_MAX_FILE)
				rc = pl_error_set(PL_EINVALID, "'%s' is too large to import", child);
			if (rc == 0 && (err = git_blob_create_from_buffer(&id, repo, data.ptr, data.len)) < 0)
				rc = pl_error_git(err, "cannot store '%s'", child);
		} else {
			pl_diags_add(diags, PL_DIAG_WARNING, child, 0, 0, NULL,
				     "not a plain file or folder; left out of the import");
			free(child);
			continue;
		}
		/* An empty folder has no place in git. */
		if (rc == 0 && !(mode == GIT_FILEMODE_TREE && git_oid_is_zero(&id)) &&
		    (err = git_treebuilder_insert(NULL, tb, name, &id, mode)) < 0)
			rc = pl_error_git(err, "cannot add '%s'", child);
		free(child);
		if (rc < 0)
			goto done;
	}
	if (git_treebuilder_entrycount(tb) == 0) {
		memset(out, 0, sizeof(*out));
		goto done;
	}
	if ((err = git_treebuilder_write(out, tb)) < 0)
		rc = pl_error_git(err, "cannot write the tree of '%s'", path);
done:
	pl_buf_release(&data);
	git_treebuilder_free(tb);
	pl_entries_release(&e);
	return rc;
}

/* Adds the built-in schemas and .gitattributes where the folder lacks them,
 * so the imported series is as complete as one made by init. */
static int add_missing_templates(git_repository *repo, git_oid *tree_id)
{
	static const struct { const char *tpl, *path; } files[] = {
		{ "schemas/pilot.schema.json", "schemas/pilot.schema.json" },
		{ "schemas/model.schema.json", "schemas/model.schema.json" },
		{ "schemas/logic-model.schema.json", "schemas/logic-model.schema.json" },
		{ "schemas/evaluation.schema.json", "schemas/evaluation.schema.json" },
		{ "scaffold/gitattributes", ".gitattributes" },
	};
	git_tree_update upd[sizeof(files) / sizeof(*files)];
	git_tree *tree = NULL;
	size_t n = 0;
	int err, rc = 0;

	if ((err = git_tree_lookup(&tree, repo, tree_id)) < 0)
		return pl_error_git(err, "cannot read the imported tree");
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		const pl_template *t = pl_template_find(files[i].tpl);
		git_tree_entry *e = NULL;
		if (!t)
			continue;
		if (git_tree_entry_bypath(&e, tree, files[i].path) == 0) {
			git_tree_entry_free(e);
			continue;
		}
		memset(&upd[n], 0, sizeof(upd[n]));
		upd[n].action = GIT_TREE_UPDATE_UPSERT;
		upd[n].filemode = GIT_FILEMODE_BLOB;
		upd[n].path = files[i].path;
		if ((err = git_blob_create_from_buffer(&upd[n].id, repo, t->data, t->len)) < 0) {
			rc = pl_error_git(err, "cannot store '%s'", files[i].path);
			goto done;
		}
		n++;
	}
	if (n && (err = git_tree_create_updated(tree_id, repo, tree, n, upd)) < 0)
		rc = pl_error_git(err, "cannot complete the imported tree");
done:
	git_tree_free(tree);
	return rc;
}

/* Replaces the subtree at path of base (may be NULL) with target's entry
 * there (or removes it); *out gets the new tree id. */
static int graft(git_repository *repo, git_tree *base, git_tree *target, const char *path,
		 git_oid *out)
{
	git_tree_update upd;
	git_oid id;
	int err;

	memset(&upd, 0, sizeof(upd));
	upd.path = path;
	assert(base);
	if (pl_tree_entry_id(target, path, &id)) {
		upd.action = GIT_TREE_UPDATE_UPSERT;
		upd.filemode = GIT_FILEMODE_TREE;
		git_oid_cpy(&upd.id, &id);
	} else {
		if (!pl_tree_entry_id(base, path, &id)) {
			git_oid_cpy(out, git_tree_id(base));
			return 0;
		}
		upd.action = GIT_TREE_UPDATE_REMOVE;
	}
	if ((err = git_tree_create_updated(out, repo, base, 1, &upd)) < 0)
		return pl_error_git(err, "cannot build the revision of '%s'", path);
	return 0;
}

/* Makes a commit of tree on top of *parent (zero: a root commit) and sets
 * *parent to it; writes no reference. */
static int commit_tree(git_repository *repo, git_oid *parent, const git_oid *tree_id,
		       const git_signature *author, const git_signature *committer,
		       const char *message, size_t *count)
{
	git_commit *p = NULL;
	git_tree *tree = NULL;
	const git_commit *parents[1];
	git_oid id;
	int err, rc = 0;

	if ((err = git_tree_lookup(&tree, repo, tree_id)) < 0 ||
	    (!git_oid_is_zero(parent) && (err = git_commit_lookup(&p, repo, parent)) < 0)) {
		rc = pl_error_git(err, "cannot prepare a revision");
		goto done;
	}
	parents[0] = p;
	if ((err = git_commit_create(&id, repo, NULL, author, committer, NULL, message, tree,
				     p ? 1 : 0, parents)) < 0) {
		rc = pl_error_git(err, "cannot make a revision");
		goto done;
	}
	git_oid_cpy(parent, &id);
	(*count)++;
done:
	git_commit_free(p);
	git_tree_free(tree);
	return rc;
}

/* A signature for person (an object with name and email) at time t. */
static int person_sig(git_signature **out, const json_t *person, git_time_t t)
{
	const char *name = json_string_value(json_object_get(person, "name"));
	const char *email = json_string_value(json_object_get(person, "email"));
	if (!name || !email || git_signature_new(out, name, email, t, 0) < 0)
		return pl_error_set(PL_EINVALID, "a person in pilot.json has no usable name and e-mail");
	return 0;
}

/* Noon (UTC) of the workshop's day, in seconds since the epoch. */
static git_time_t workshop_time(const char *date)
{
	int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
	/* Days from the civil date (proleptic Gregorian), no time zone library
	 * needed. */
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long days = era * 146097 + doe - 719468;
	return (git_time_t)days * 86400 + 12 * 3600;
}

/* Refuses to move main under a work tree that has changes of its own. */
static int check_worktree(git_repository *repo, int *checked_out)
{
	git_reference *head = NULL;
	git_status_list *st = NULL;
	git_status_options so;
	int err, rc = 0;

	*checked_out = 0;
	if (git_repository_is_bare(repo))
		return 0;
	err = git_repository_head(&head, repo);
	if (err == GIT_EUNBORNBRANCH || err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return pl_error_git(err, "cannot read HEAD");
	if (strcmp(git_reference_name(head), PL_MAIN_BRANCH) != 0)
		goto done;
	*checked_out = 1;
	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if ((err = git_status_list_new(&st, repo, &so)) < 0) {
		rc = pl_error_git(err, "cannot read the state of the work tree");
		goto done;
	}
	if (git_status_list_entrycount(st) > 0)
		rc = pl_error_set(PL_EEXISTS,
				  "the work tree has changes that are not committed; commit them first, "
				  "or import into the central (bare) repository");
done:
	git_status_list_free(st);
	git_reference_free(head);
	return rc;
}

int pl_import(git_repository *repo, const char *dir, const pl_import_options *opts,
	      pl_import_result *res, pl_diags *diags)
{
	pl_source *src = NULL;
	json_t *pilot = NULL;
	git_signature *facilitator = NULL, *own = NULL;
	const git_signature *fac;
	git_tree *target = NULL, *cur = NULL;
	git_reference *ref = NULL;
	git_oid target_id, old_tip, head_id, tree_id;
	pl_series_stats stats = { 0 };
	pl_buf msg = PL_BUF_INIT, summary = PL_BUF_INIT;
	const json_t *w;
	const char *date, *lang;
	git_time_t t;
	int have_tip, checked_out = 0, err, rc;
	int one = opts->one_revision, have_base = 0;
	git_oid base_tree;
	git_oid *made = NULL;
	size_t nmade = 0;
	size_t i;
	json_t *x;

	memset(res, 0, sizeof(*res));
	if ((rc = pl_source_open_dir(&src, dir)) < 0)
		goto done;
	if ((rc = pl_validate_series(src, diags, &stats)) < 0)
		goto done;
	if (pl_diags_count(diags, PL_DIAG_ERROR) > 0) {
		rc = pl_error_set(PL_EINVALID, "'%s' is not a valid series; correct it before importing", dir);
		goto done;
	}
	if ((rc = pl_pilot_load(&pilot, src, diags)) < 0)
		goto done;
	lang = pl_pilot_language(pilot);
	if (!(w = pl_pilot_find(pl_pilot_list(pilot, "workshops"), opts->workshop))) {
		rc = pl_error_set(PL_ENOTFOUND, "the folder's pilot.json has no workshop '%s'", opts->workshop);
		goto done;
	}
	date = json_string_value(json_object_get(w, "date"));
	t = workshop_time(date);
	{
		char *tag = pl_strfmt("%s%s", PL_WORKSHOP_TAG_PREFIX, opts->workshop);
		git_oid id;
		err = git_reference_name_to_id(&id, repo, tag);
		free(tag);
		if (err == 0) {
			rc = pl_error_set(PL_EEXISTS,
					  "workshop '%s' is already closed; a closed workshop never changes",
					  opts->workshop);
			goto done;
		}
	}
	if ((rc = check_worktree(repo, &checked_out)) < 0)
		goto done;

	/* Who speaks for the series: --author, the first facilitator, or the
	 * user from git config. */
	if (opts->author) {
		if ((err = git_signature_new(&facilitator, opts->author->name, opts->author->email, t, 0)) < 0) {
			rc = pl_error_git(err, "cannot use the author");
			goto done;
		}
	} else if (json_array_size(pl_pilot_list(pilot, "facilitators")) > 0) {
		if ((rc = person_sig(&facilitator, json_array_get(pl_pilot_list(pilot, "facilitators"), 0), t)) < 0)
			goto done;
	} else {
		if ((rc = pl_signature_default_at(repo, &own, t)) < 0)
			goto done;
	}
	fac = facilitator ? facilitator : own;

	if ((rc = write_tree(repo, src, "", &target_id, diags)) < 0 ||
	    (rc = add_missing_templates(repo, &target_id)) < 0)
		goto done;
	if ((err = git_tree_lookup(&target, repo, &target_id)) < 0) {
		rc = pl_error_git(err, "cannot read the imported tree");
		goto done;
	}

	err = git_reference_name_to_id(&old_tip, repo, PL_MAIN_BRANCH);
	have_tip = err == 0;
	if (err < 0 && err != GIT_ENOTFOUND) {
		rc = pl_error_git(err, "cannot read the main branch");
		goto done;
	}
	if (have_tip) {
		git_commit *c = NULL;
		if ((err = git_commit_lookup(&c, repo, &old_tip)) < 0 ||
		    (err = git_commit_tree(&cur, c)) < 0) {
			git_commit_free(c);
			rc = pl_error_git(err, "cannot read the main branch");
			goto done;
		}
		git_commit_free(c);
		git_oid_cpy(&head_id, &old_tip);
	} else {
		memset(&head_id, 0, sizeof(head_id));
	}

	if (cur) {
		have_base = 1;
		git_oid_cpy(&base_tree, git_tree_id(cur));
	}
	if (!one) {
		/* The series' own files first, with the region models that are
		 * new or gone; the region models that were there already keep
		 * their old state until their region's own revision. */
		git_oid step;
		git_tree *next = NULL;
		git_tree_update *upd = pl_calloc(json_array_size(pl_pilot_list(pilot, "regions")) * 3 + 1,
						 sizeof(*upd));
		pl_strlist kept = PL_STRLIST_INIT;
		size_t nupd = 0, k;
		json_t *m;
		json_array_foreach(pl_pilot_list(pilot, "regions"), i, x) {
			const char *rid = json_string_value(json_object_get(x, "id"));
			json_array_foreach(json_object_get(x, "models"), k, m) {
				char *path;
				git_oid old, now;
				if (!pl_is_id(rid) || !pl_is_id(json_string_value(m)) || nupd >= json_array_size(pl_pilot_list(pilot, "regions")) * 3)
					continue;
				path = pl_strfmt("regions/%s/%s", rid, json_string_value(m));
				if (pl_tree_entry_id(cur, path, &old) && pl_tree_entry_id(target, path, &now)) {
					pl_strlist_add_owned(&kept, path);
					upd[nupd].action = GIT_TREE_UPDATE_UPSERT;
					upd[nupd].filemode = GIT_FILEMODE_TREE;
					upd[nupd].path = kept.items[kept.count - 1];
					git_oid_cpy(&upd[nupd].id, &old);
					nupd++;
				} else {
					free(path);
				}
			}
		}
		if (nupd == 0)
			git_oid_cpy(&step, &target_id);
		else if ((err = git_tree_create_updated(&step, repo, target, nupd, upd)) < 0)
			rc = pl_error_git(err, "cannot build the series' revision");
		free(upd);
		pl_strlist_release(&kept);
		if (rc < 0)
			goto done;
		if (!cur || !git_oid_equal(git_tree_id(cur), &step)) {
			pl_buf_clear(&msg);
			pl_buf_printf(&msg, "Update the series for workshop %s\n\npilot.json, reference models and schemas as at the workshop, with the region models that are new.\n",
				      opts->workshop);
			if ((rc = commit_tree(repo, &head_id, &step, fac, fac, msg.ptr, &res->revisions)) < 0)
				goto done;
			made = pl_realloc(made, (nmade + 1) * sizeof(*made));
			git_oid_cpy(&made[nmade++], &head_id);
		}
		if ((err = git_tree_lookup(&next, repo, &step)) < 0) {
			rc = pl_error_git(err, "cannot read a tree");
			goto done;
		}
		git_tree_free(cur);
		cur = next;
		/* Then one revision per region whose folder changed. */
		json_array_foreach(pl_pilot_list(pilot, "regions"), i, x) {
			const char *rid = json_string_value(json_object_get(x, "id"));
			const json_t *maint = json_object_get(x, "maintainers");
			git_signature *by = NULL;
			char *path;
			if (!pl_is_id(rid))
				continue;
			path = pl_strfmt("regions/%s", rid);
			rc = graft(repo, cur, target, path, &tree_id);
			free(path);
			if (rc < 0)
				goto done;
			if (git_oid_equal(git_tree_id(cur), &tree_id))
				continue;
			if (json_array_size(maint) > 0 &&
			    (rc = person_sig(&by, json_array_get(maint, 0), t + (git_time_t)(i + 1) * 60)) < 0)
				goto done;
			pl_buf_clear(&msg);
			pl_buf_printf(&msg, "Revise %s for workshop %s\n",
				      pl_pilot_text(json_object_get(x, "name"), lang), opts->workshop);
			rc = commit_tree(repo, &head_id, &tree_id, by ? by : fac, by ? by : fac, msg.ptr,
					 &res->revisions);
			git_signature_free(by);
			if (rc < 0)
				goto done;
			made = pl_realloc(made, (nmade + 1) * sizeof(*made));
			git_oid_cpy(&made[nmade++], &head_id);
			if ((err = git_tree_lookup(&next, repo, &tree_id)) < 0) {
				rc = pl_error_git(err, "cannot read a tree");
				goto done;
			}
			git_tree_free(cur);
			cur = next;
		}
		/* Whatever is left (a region that is gone). */
		if (!git_oid_equal(git_tree_id(cur), &target_id)) {
			pl_buf_clear(&msg);
			pl_buf_printf(&msg, "Remove what workshop %s no longer holds\n", opts->workshop);
			if ((rc = commit_tree(repo, &head_id, &target_id, fac, fac, msg.ptr, &res->revisions)) < 0)
				goto done;
		}
		/* Every revision on main must hold a valid series (the central
		 * repository's hook and 'pilotti audit' check that): if a step
		 * in between is not, record the workshop as one revision. */
		for (size_t r = 0; r + 1 < nmade; r++) {
			char hex[GIT_OID_HEXSZ + 1];
			pl_source *step_src = NULL;
			pl_diags step_d = PL_DIAGS_INIT;
			int bad;
			git_oid_tostr(hex, sizeof(hex), &made[r]);
			if ((rc = pl_source_open_rev(&step_src, repo, hex)) == 0)
				rc = pl_validate_series(step_src, &step_d, NULL);
			bad = rc < 0 || pl_diags_count(&step_d, PL_DIAG_ERROR) > 0;
			pl_diags_release(&step_d);
			pl_source_free(step_src);
			rc = 0;
			if (bad) {
				one = 1;
				break;
			}
		}
	}
	if (one) {
		/* The split's revisions stay unreferenced; git gc drops them. */
		if (have_tip)
			git_oid_cpy(&head_id, &old_tip);
		else
			memset(&head_id, 0, sizeof(head_id));
		res->revisions = 0;
		if (!have_base || !git_oid_equal(&base_tree, &target_id)) {
			pl_buf_clear(&msg);
			pl_buf_printf(&msg, "Import the series as at workshop %s\n", opts->workshop);
			if ((rc = commit_tree(repo, &head_id, &target_id, fac, fac, msg.ptr, &res->revisions)) < 0)
				goto done;
		}
	}

	/* Move main with compare-and-swap: if it moved meanwhile, stop. */
	if (res->revisions) {
		pl_buf_clear(&msg);
		pl_buf_printf(&msg, "pilotti import: workshop %s", opts->workshop);
		if (have_tip)
			err = git_reference_create_matching(&ref, repo, PL_MAIN_BRANCH, &head_id, 1, &old_tip, msg.ptr);
		else
			err = git_reference_create(&ref, repo, PL_MAIN_BRANCH, &head_id, 0, msg.ptr);
		if (err == GIT_EMODIFIED || err == GIT_EEXISTS) {
			rc = pl_error_set(PL_EEXISTS, "the main branch changed while importing; nothing was changed, try again");
			goto done;
		}
		if (err < 0) {
			rc = pl_error_git(err, "cannot move the main branch");
			goto done;
		}
		if (git_repository_head_unborn(repo) == 1 &&
		    (err = git_repository_set_head(repo, PL_MAIN_BRANCH)) < 0) {
			rc = pl_error_git(err, "cannot point HEAD at main");
			goto done;
		}
		if (checked_out) {
			git_checkout_options co;
			git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
			co.checkout_strategy = GIT_CHECKOUT_FORCE;
			if ((err = git_checkout_head(repo, &co)) < 0) {
				rc = pl_error_git(err, "the import is in; cannot update the work tree");
				goto done;
			}
		}
	}
	git_oid_cpy(&res->tip, &head_id);
	if ((rc = pl_workshop_close(repo, opts->workshop, fac, &res->tag, &summary, diags)) < 0)
		goto done;
	{
		pl_workshops list = { 0 };
		if (pl_workshops_list(repo, NULL, &list) == 0)
			for (i = 0; i < list.count; i++)
				if (!strcmp(list.items[i].id, opts->workshop))
					res->changed = list.items[i].changed;
		pl_workshops_release(&list);
	}
done:
	free(made);
	pl_buf_release(&msg);
	pl_buf_release(&summary);
	pl_series_stats_release(&stats);
	git_reference_free(ref);
	git_tree_free(target);
	git_tree_free(cur);
	git_signature_free(facilitator);
	git_signature_free(own);
	json_decref(pilot);
	pl_source_free(src);
	return rc;
}
