#include "access.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "error.h"
#include "pilot.h"
#include "source.h"
#include "validate.h"

static int person_is(const json_t *people, const char *who)
{
	size_t i;
	json_t *p;
	json_array_foreach(people, i, p) {
		const char *e = json_string_value(json_object_get(p, "email"));
		const char *u = json_string_value(json_object_get(p, "user"));
		if ((e && !strcasecmp(e, who)) || (u && !strcasecmp(u, who)))
			return 1;
	}
	return 0;
}

static void emails(pl_buf *out, const json_t *people)
{
	size_t i;
	json_t *p;
	json_array_foreach(people, i, p) {
		const char *e = json_string_value(json_object_get(p, "email"));
		pl_buf_printf(out, "%s%s", i ? ", " : "", e ? e : "?");
	}
	if (!json_array_size(people))
		pl_buf_puts(out, "nobody listed");
}

int pl_is_facilitator(const json_t *pilot, const char *who)
{
	return person_is(pl_pilot_list(pilot, "facilitators"), who);
}

int pl_may_change(const json_t *pilot, const char *who, const char *path, pl_buf *why)
{
	const json_t *fac = pl_pilot_list(pilot, "facilitators");
	const json_t *region = NULL, *maint;
	char *rid = NULL;

	if (person_is(fac, who))
		return 1;
	if (!strncmp(path, "regions/", 8) && strchr(path + 8, '/')) {
		rid = pl_strndup(path + 8, strcspn(path + 8, "/"));
		region = pl_pilot_find(pl_pilot_list(pilot, "regions"), rid);
	}
	maint = json_object_get(region, "maintainers");
	if (region && person_is(maint, who)) {
		free(rid);
		return 1;
	}
	pl_buf_printf(why, "%s may not change this file: ", who);
	if (region) {
		pl_buf_printf(why, "only the maintainers of region '%s' (", rid);
		emails(why, maint);
		pl_buf_puts(why, ") and the facilitators (");
		emails(why, fac);
		pl_buf_puts(why, ") may");
	} else {
		pl_buf_puts(why, "only the series' facilitators may (");
		emails(why, fac);
		pl_buf_puts(why, ")");
	}
	free(rid);
	return 0;
}

void pl_violations_release(pl_violations *v)
{
	for (size_t i = 0; i < v->count; i++) {
		free(v->items[i].who);
		free(v->items[i].path);
		free(v->items[i].message);
	}
	free(v->items);
	memset(v, 0, sizeof(*v));
}

static void add_violation(pl_violations *v, const git_oid *commit, const char *who,
			  const char *path, const char *message)
{
	pl_violation *x;
	v->items = pl_realloc(v->items, (v->count + 1) * sizeof(*v->items));
	x = &v->items[v->count++];
	git_oid_cpy(&x->commit, commit);
	x->who = pl_strdup(who);
	x->path = path ? pl_strdup(path) : NULL;
	x->message = pl_strdup(message);
}

static json_t *pilot_of(git_repository *repo, const git_oid *commit)
{
	char hex[GIT_OID_HEXSZ + 1];
	pl_source *src = NULL;
	pl_diags d = PL_DIAGS_INIT;
	json_t *pilot = NULL;

	git_oid_tostr(hex, sizeof(hex), commit);
	if (pl_source_open_rev(&src, repo, hex) == 0)
		pl_pilot_load(&pilot, src, &d);
	pl_diags_release(&d);
	pl_source_free(src);
	return pilot;
}

/* Adds to paths the files that differ between the trees of a and b. */
static int changed_paths(git_repository *repo, git_tree *a, git_tree *b, pl_strlist *paths)
{
	git_diff *diff = NULL;
	int err = git_diff_tree_to_tree(&diff, repo, a, b, NULL);
	if (err < 0)
		return pl_error_git(err, "cannot compare revisions");
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		pl_strlist_add(paths, d->status == GIT_DELTA_DELETED ? d->old_file.path : d->new_file.path);
	}
	git_diff_free(diff);
	return 0;
}

static int check_commit(git_repository *repo, git_commit *c, const git_oid *rules_at,
			const char *pusher, pl_violations *out)
{
	const git_oid *id = git_commit_id(c);
	const char *who = pusher ? pusher : git_commit_author(c)->email;
	unsigned nparents = git_commit_parentcount(c);
	git_tree *tree = NULL;
	pl_strlist paths = PL_STRLIST_INIT;
	json_t *rules = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	pl_source *src = NULL;
	pl_diags d = PL_DIAGS_INIT;
	int err, rc = 0;

	if ((err = git_commit_tree(&tree, c)) < 0)
		return pl_error_git(err, "cannot read a revision");
	if (nparents == 0) {
		rc = changed_paths(repo, NULL, tree, &paths);
	} else {
		/* A merge brings others' revisions, which are checked on their
		 * own; its own change is what differs from every parent. */
		for (unsigned p = 0; p < nparents && rc == 0; p++) {
			git_commit *parent = NULL;
			git_tree *pt = NULL;
			pl_strlist these = PL_STRLIST_INIT;
			if ((err = git_commit_parent(&parent, c, p)) < 0 ||
			    (err = git_commit_tree(&pt, parent)) < 0) {
				rc = pl_error_git(err, "cannot read a revision's parent");
			} else if ((rc = changed_paths(repo, pt, tree, &these)) == 0) {
				if (p == 0) {
					paths = these;
					memset(&these, 0, sizeof(these));
				} else {
					/* keep only paths changed against this parent too */
					size_t w = 0;
					for (size_t i = 0; i < paths.count; i++) {
						int found = 0;
						for (size_t k = 0; k < these.count && !found; k++)
							found = !strcmp(paths.items[i], these.items[k]);
						if (found)
							paths.items[w++] = paths.items[i];
						else
							free(paths.items[i]);
					}
					paths.count = w;
				}
			}
			pl_strlist_release(&these);
			git_tree_free(pt);
			git_commit_free(parent);
		}
	}
	if (rc < 0)
		goto done;
	if (rules_at)
		rules = pilot_of(repo, rules_at);
	else if (nparents > 0)
		rules = pilot_of(repo, git_commit_parent_id(c, 0));
	/* Without rules (the first revision, or none readable) nobody's
	 * rights can be told: the first revision may hold anything. */
	for (size_t i = 0; rules && i < paths.count; i++) {
		pl_buf why = PL_BUF_INIT;
		if (!pl_may_change(rules, who, paths.items[i], &why))
			add_violation(out, id, who, paths.items[i], why.ptr);
		pl_buf_release(&why);
	}
	git_oid_tostr(hex, sizeof(hex), id);
	if ((rc = pl_source_open_rev(&src, repo, hex)) < 0 || (rc = pl_validate_series(src, &d, NULL)) < 0)
		goto done;
	for (size_t i = 0; i < d.count; i++) {
		pl_buf m = PL_BUF_INIT;
		if (d.items[i].severity != PL_DIAG_ERROR)
			continue;
		if (d.items[i].line)
			pl_buf_printf(&m, "line %u: ", d.items[i].line);
		pl_buf_puts(&m, d.items[i].message);
		add_violation(out, id, who, d.items[i].path, m.ptr);
		pl_buf_release(&m);
	}
done:
	pl_diags_release(&d);
	pl_source_free(src);
	json_decref(rules);
	pl_strlist_release(&paths);
	git_tree_free(tree);
	return rc;
}

int pl_audit(git_repository *repo, const git_oid *base, const git_oid *tip,
	     const git_oid *rules_at, const char *pusher, pl_violations *out)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int err, rc = 0;

	if ((err = git_revwalk_new(&walk, repo)) < 0 ||
	    (err = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE)) < 0 ||
	    (err = git_revwalk_push(walk, tip)) < 0 ||
	    (base && (err = git_revwalk_hide(walk, base)) < 0)) {
		rc = pl_error_git(err, "cannot walk the revisions");
		goto done;
	}
	while (rc == 0 && (err = git_revwalk_next(&id, walk)) == 0) {
		git_commit *c = NULL;
		if ((err = git_commit_lookup(&c, repo, &id)) < 0) {
			rc = pl_error_git(err, "cannot read a revision");
			break;
		}
		rc = check_commit(repo, c, rules_at, pusher, out);
		git_commit_free(c);
	}
	if (rc == 0 && err != GIT_ITEROVER)
		rc = pl_error_git(err, "cannot walk the revisions");
done:
	git_revwalk_free(walk);
	return rc;
}
