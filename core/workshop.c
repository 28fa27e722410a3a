#include "workshop.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "pilot.h"
#include "repo.h"
#include "source.h"
#include "validate.h"

int pl_main_tip(git_repository *repo, git_oid *out)
{
	int err = git_reference_name_to_id(out, repo, PL_MAIN_BRANCH);
	if (err == GIT_ENOTFOUND)
		err = git_reference_name_to_id(out, repo, "HEAD");
	if (err == GIT_ENOTFOUND || err == GIT_EUNBORNBRANCH)
		return pl_error_set(PL_ENOTFOUND, "the repository has no revisions yet");
	if (err < 0)
		return pl_error_git(err, "cannot read the main branch");
	return 0;
}

char *pl_workshop_rev(git_repository *repo, const char *at)
{
	char *tag = pl_strfmt("%s%s", PL_WORKSHOP_TAG_PREFIX, at);
	git_oid id;
	if (pl_is_id(at) && git_reference_name_to_id(&id, repo, tag) == 0)
		return tag;
	free(tag);
	return pl_strdup(at);
}

char *pl_workshop_name(git_repository *repo, const char *at)
{
	char *rev = pl_workshop_rev(repo, at);
	const char *prefix = "refs/tags/";
	char *name = pl_strdup(!strncmp(rev, prefix, strlen(prefix)) ? rev + strlen(prefix) : rev);
	free(rev);
	return name;
}

int pl_resolve_commit(git_repository *repo, const char *what, git_oid *out)
{
	char *rev = pl_workshop_rev(repo, what);
	git_object *obj = NULL, *c = NULL;
	int err = git_revparse_single(&obj, repo, rev);
	if (err == 0)
		err = git_object_peel(&c, obj, GIT_OBJECT_COMMIT);
	if (err == 0)
		git_oid_cpy(out, git_object_id(c));
	git_object_free(c);
	git_object_free(obj);
	free(rev);
	if (err < 0)
		return pl_error_set(PL_ENOTFOUND,
				    "cannot find revision '%s': no revision, tag or workshop of that name", what);
	return 0;
}

static int tree_of(git_repository *repo, const git_oid *commit_id, git_tree **out)
{
	git_commit *c = NULL;
	int err;
	*out = NULL;
	if ((err = git_commit_lookup(&c, repo, commit_id)) < 0 ||
	    (err = git_commit_tree(out, c)) < 0) {
		git_commit_free(c);
		return pl_error_git(err, "cannot read a revision");
	}
	git_commit_free(c);
	return 0;
}

static int pilot_at(git_repository *repo, const git_oid *commit, json_t **out)
{
	char hex[GIT_OID_HEXSZ + 1];
	pl_source *src = NULL;
	pl_diags d = PL_DIAGS_INIT;
	int rc;

	git_oid_tostr(hex, sizeof(hex), commit);
	if ((rc = pl_source_open_rev(&src, repo, hex)) == 0)
		rc = pl_pilot_load(out, src, &d);
	if (rc == PL_EINVALID)
		rc = pl_error_set(PL_EINVALID, "pilot.json at revision %.7s cannot be read", hex);
	pl_diags_release(&d);
	pl_source_free(src);
	return rc;
}

/* Counts the region models (valid ids only) that b's pilot.json declares and
 * those whose folder differs from a's; names them in names if not NULL. */
static int changed_list(git_repository *repo, const git_oid *a, const git_oid *b,
			size_t *changed, size_t *total, pl_strlist *names)
{
	git_tree *ta = NULL, *tb = NULL;
	json_t *pilot = NULL;
	size_t i, j;
	json_t *r, *m;
	int rc;

	*changed = *total = 0;
	if ((rc = tree_of(repo, b, &tb)) < 0 || (a && (rc = tree_of(repo, a, &ta)) < 0) ||
	    (rc = pilot_at(repo, b, &pilot)) < 0)
		goto done;
	json_array_foreach(pl_pilot_list(pilot, "regions"), i, r) {
		const char *rid = json_string_value(json_object_get(r, "id"));
		if (!pl_is_id(rid))
			continue;
		json_array_foreach(json_object_get(r, "models"), j, m) {
			const char *mid = json_string_value(m);
			git_oid ia, ib;
			int ha, hb;
			char *path;
			if (!pl_is_id(mid))
				continue;
			path = pl_strfmt("regions/%s/%s", rid, mid);
			ha = pl_tree_entry_id(ta, path, &ia);
			hb = pl_tree_entry_id(tb, path, &ib);
			(*total)++;
			if (hb && (!ha || !git_oid_equal(&ia, &ib))) {
				(*changed)++;
				if (names)
					pl_strlist_add_owned(names, pl_strfmt("%s/%s", rid, mid));
			}
			free(path);
		}
	}
done:
	json_decref(pilot);
	git_tree_free(ta);
	git_tree_free(tb);
	return rc;
}

int pl_count_changed_region_models(git_repository *repo, const git_oid *a,
				   const git_oid *b, size_t *changed, size_t *total)
{
	return changed_list(repo, a, b, changed, total, NULL);
}

void pl_workshops_release(pl_workshops *w)
{
	for (size_t i = 0; i < w->count; i++) {
		free(w->items[i].id);
		free(w->items[i].date);
		free(w->items[i].title);
		free(w->items[i].tagger);
	}
	free(w->items);
	memset(w, 0, sizeof(*w));
}

/* Fills in the status of workshop w from its tag, if there is one. */
static int read_tag(git_repository *repo, pl_workshop *w)
{
	char *name = pl_strfmt("%s%s", PL_WORKSHOP_TAG_PREFIX, w->id);
	git_reference *ref = NULL;
	git_object *obj = NULL, *commit = NULL;
	int err, rc = 0;

	err = git_reference_lookup(&ref, repo, name);
	if (err == GIT_ENOTFOUND)
		goto done;
	if (err < 0 || (err = git_reference_peel(&obj, ref, GIT_OBJECT_ANY)) < 0 ||
	    (err = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT)) < 0) {
		rc = pl_error_git(err, "cannot read the tag of workshop '%s'", w->id);
		goto done;
	}
	w->closed = 1;
	git_oid_cpy(&w->commit, git_object_id(commit));
	if (git_object_type(obj) == GIT_OBJECT_TAG) {
		const git_signature *t = git_tag_tagger((git_tag *)obj);
		git_oid_cpy(&w->tag, git_object_id(obj));
		if (t) {
			w->tagger = pl_strfmt("%s <%s>", t->name, t->email);
			w->closed_at = t->when.time;
		}
	} else {
		const git_signature *c = git_commit_committer((git_commit *)commit);
		w->closed_at = c->when.time;
	}
done:
	git_object_free(commit);
	git_object_free(obj);
	git_reference_free(ref);
	free(name);
	return rc;
}

int pl_workshops_list(git_repository *repo, const char *rev, pl_workshops *out)
{
	git_object *obj = NULL;
	git_oid tip;
	json_t *pilot = NULL;
	const pl_workshop *prev = NULL;
	int first_planned = 1;
	size_t i;
	json_t *x;
	int err, rc = 0;

	memset(out, 0, sizeof(*out));
	if (rev) {
		if ((err = git_revparse_single(&obj, repo, rev)) < 0)
			return pl_error_git(err, "cannot find revision '%s'", rev);
		git_object *commit = NULL;
		err = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
		git_object_free(obj);
		obj = NULL;
		if (err < 0)
			return pl_error_git(err, "'%s' is not a revision", rev);
		git_oid_cpy(&tip, git_object_id(commit));
		git_object_free(commit);
	} else if ((rc = pl_main_tip(repo, &tip)) < 0) {
		return rc;
	}
	if ((rc = pilot_at(repo, &tip, &pilot)) < 0)
		goto done;
	out->items = pl_calloc(json_array_size(pl_pilot_list(pilot, "workshops")) + 1,
			       sizeof(*out->items));
	json_array_foreach(pl_pilot_list(pilot, "workshops"), i, x) {
		const char *id = json_string_value(json_object_get(x, "id"));
		const char *date = json_string_value(json_object_get(x, "date"));
		pl_workshop *w;
		if (!pl_is_id(id))
			continue;
		w = &out->items[out->count++];
		w->id = pl_strdup(id);
		w->date = pl_strdup(date ? date : "");
		w->title = pl_strdup(pl_pilot_text(json_object_get(x, "title"),
						   pl_pilot_language(pilot)));
		if ((rc = read_tag(repo, w)) < 0)
			goto done;
		if (w->closed) {
			rc = pl_count_changed_region_models(repo, prev ? &prev->commit : NULL,
							    &w->commit, &w->changed, &w->total);
			if (rc < 0)
				goto done;
			prev = w;
		} else if (first_planned) {
			/* What has changed so far towards the next workshop. */
			first_planned = 0;
			rc = pl_count_changed_region_models(repo, prev ? &prev->commit : NULL,
							    &tip, &w->changed, &w->total);
			if (rc < 0)
				goto done;
		}
	}
done:
	if (rc < 0)
		pl_workshops_release(out);
	json_decref(pilot);
	git_object_free(obj);
	return rc;
}

int pl_workshop_close(git_repository *repo, const char *id, const git_signature *tagger,
		      git_oid *tag_out, pl_buf *summary, pl_diags *diags)
{
	pl_workshops list = { 0 };
	pl_workshop *w = NULL, *prev = NULL;
	pl_source *src = NULL;
	pl_series_stats stats = { 0 };
	pl_strlist changed = PL_STRLIST_INIT;
	git_object *target = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	char *tag_name = NULL;
	git_oid tip;
	size_t nchanged = 0, total = 0;
	int err, rc;

	if (!pl_is_id(id))
		return pl_error_set(PL_EUSAGE, "'%s' is not a workshop id", id);
	if ((rc = pl_main_tip(repo, &tip)) < 0)
		return rc;
	if ((rc = pl_workshops_list(repo, NULL, &list)) < 0)
		return rc;
	for (size_t i = 0; i < list.count && !w; i++) {
		if (!strcmp(list.items[i].id, id))
			w = &list.items[i];
		else if (list.items[i].closed)
			prev = &list.items[i];
	}
	if (!w) {
		rc = pl_error_set(PL_ENOTFOUND,
				  "there is no workshop '%s' in pilot.json; add it with 'pilotti workshop add'",
				  id);
		goto done;
	}
	if (w->closed) {
		git_oid_tostr(hex, sizeof(hex), &w->commit);
		rc = pl_error_set(PL_EEXISTS,
				  "workshop '%s' is already closed (revision %.7s); a closed workshop never changes",
				  id, hex);
		goto done;
	}
	git_oid_tostr(hex, sizeof(hex), &tip);
	if ((rc = pl_source_open_rev(&src, repo, hex)) < 0)
		goto done;
	if ((rc = pl_validate_series(src, diags, &stats)) < 0)
		goto done;
	if (pl_diags_count(diags, PL_DIAG_ERROR) > 0) {
		rc = pl_error_set(PL_EINVALID,
				  "the series is not valid at revision %.7s; correct it before closing the workshop",
				  hex);
		goto done;
	}
	if ((rc = changed_list(repo, prev ? &prev->commit : NULL, &tip, &nchanged, &total,
			       &changed)) < 0)
		goto done;

	pl_buf_clear(summary);
	pl_buf_printf(summary, "Workshop %s: %s (%s)\n\n", w->id, w->title, w->date);
	pl_buf_printf(summary, "The pilot series %s as it stood at the workshop:\n",
		      stats.id ? stats.id : "");
	pl_buf_printf(summary, "%zu operating models, %zu regions, %zu region models.\n",
		      stats.models, stats.regions, stats.region_models);
	if (prev)
		pl_buf_printf(summary, "Region models changed since workshop %s: %zu.\n", prev->id,
			      nchanged);
	else
		pl_buf_printf(summary, "Region models in this first snapshot: %zu.\n", nchanged);
	if (changed.count) {
		pl_buf_puts(summary, "\n");
		for (size_t i = 0; i < changed.count; i++)
			pl_buf_printf(summary, "  %s\n", changed.items[i]);
	}

	if ((err = git_object_lookup(&target, repo, &tip, GIT_OBJECT_COMMIT)) < 0) {
		rc = pl_error_git(err, "cannot read revision %.7s", hex);
		goto done;
	}
	tag_name = pl_strfmt("workshop/%s", id);
	/* force = 0: if someone closed it meanwhile, this fails rather than
	 * moving the tag. */
	err = git_tag_create(tag_out, repo, tag_name, target, tagger, summary->ptr, 0);
	if (err == GIT_EEXISTS)
		rc = pl_error_set(PL_EEXISTS, "workshop '%s' is already closed; a closed workshop never changes", id);
	else if (err < 0)
		rc = pl_error_git(err, "cannot close workshop '%s'", id);
done:
	free(tag_name);
	git_object_free(target);
	pl_strlist_release(&changed);
	pl_series_stats_release(&stats);
	pl_source_free(src);
	pl_workshops_release(&list);
	return rc;
}
