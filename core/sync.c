#include "sync.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "repo.h"
#include "source.h"
#include "validate.h"

#define MAIN_REF "refs/heads/main"
#define OUTGOING_REF "refs/pilotti/outgoing"
#define KEPT_PREFIX "refs/pilotti/kept/"
#define TAG_PREFIX "refs/tags/"

void pl_sync_result_release(pl_sync_result *r)
{
	pl_strlist_release(&r->conflict_paths);
	pl_strlist_release(&r->notes);
	free(r->conflict_by);
	free(r->conflict_revision);
	free(r->kept);
	memset(r, 0, sizeof(*r));
}

/* The id ref points at; 0 if it does not exist. */
static int ref_id(git_repository *repo, const char *ref, git_oid *out)
{
	if (git_reference_name_to_id(out, repo, ref) == 0)
		return 1;
	git_error_clear();
	memset(out, 0, sizeof(*out));
	return 0;
}

static int commit_tree(git_repository *repo, const git_oid *id, git_tree **out)
{
	git_commit *c = NULL;
	int err = git_commit_lookup(&c, repo, id);
	if (err == 0)
		err = git_commit_tree(out, c);
	git_commit_free(c);
	return err < 0 ? pl_error_git(err, "cannot read a revision") : 0;
}

/* Counts the commits reachable from tip but not from hide (may be zero). */
static int count_between(git_repository *repo, const git_oid *tip, const git_oid *hide, size_t *n)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int err;

	*n = 0;
	if ((err = git_revwalk_new(&walk, repo)) < 0 || (err = git_revwalk_push(walk, tip)) < 0 ||
	    (!git_oid_is_zero(hide) && (err = git_revwalk_hide(walk, hide)) < 0))
		goto done;
	while ((err = git_revwalk_next(&id, walk)) == 0)
		(*n)++;
	if (err == GIT_ITEROVER)
		err = 0;
done:
	git_revwalk_free(walk);
	return err < 0 ? pl_error_git(err, "cannot walk the revisions") : 0;
}

/* Who last changed path on the way from base to tip, "Name <e-mail>". */
static char *last_changed_by(git_repository *repo, const git_oid *tip, const git_oid *base, const char *path)
{
	git_revwalk *walk = NULL;
	git_oid id;
	char *who = NULL;

	if (git_revwalk_new(&walk, repo) < 0 || git_revwalk_push(walk, tip) < 0 ||
	    git_revwalk_hide(walk, base) < 0)
		goto done;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	while (!who && git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL, *parent = NULL;
		git_tree *tree = NULL, *ptree = NULL;
		git_oid a, b;
		if (git_commit_lookup(&c, repo, &id) == 0 && git_commit_tree(&tree, c) == 0) {
			int has_a = pl_tree_entry_id(tree, path, &a), has_b = 0;
			if (git_commit_parent(&parent, c, 0) == 0 && git_commit_tree(&ptree, parent) == 0)
				has_b = pl_tree_entry_id(ptree, path, &b);
			if (has_a != has_b || (has_a && !git_oid_equal(&a, &b)))
				who = pl_strfmt("%s <%s>", git_commit_author(c)->name, git_commit_author(c)->email);
		}
		git_tree_free(ptree);
		git_tree_free(tree);
		git_commit_free(parent);
		git_commit_free(c);
	}
done:
	git_error_clear();
	git_revwalk_free(walk);
	return who;
}

/*
 * Applies the change from -> to onto the tree onto, file by file: a file
 * that onto still has as in from takes to's version; one onto already has
 * as in to stays.  Any other file is a conflict, added to conflicts (and,
 * with take_central, left as onto has it).  *out is the new tree's id.
 */
static int apply_change(git_repository *repo, git_tree *from, git_tree *to, git_tree *onto,
			int take_central, pl_strlist *conflicts, git_oid *out)
{
	git_diff *diff = NULL;
	git_diff_options dopts;
	git_tree_update *updates = NULL;
	size_t n = 0, count;
	int err;

	git_diff_options_init(&dopts, GIT_DIFF_OPTIONS_VERSION);
	if ((err = git_diff_tree_to_tree(&diff, repo, from, to, &dopts)) < 0)
		return pl_error_git(err, "cannot compare revisions");
	count = git_diff_num_deltas(diff);
	updates = pl_calloc(count ? count : 1, sizeof(*updates));
	for (size_t i = 0; i < count; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->status == GIT_DELTA_DELETED ? d->old_file.path : d->new_file.path;
		/* Ids and modes are zero where a side has no such file. */
		const git_oid *was = &d->old_file.id, *want = &d->new_file.id;
		git_tree_entry *e = NULL;
		git_oid here;
		uint32_t here_mode = 0;
		memset(&here, 0, sizeof(here));
		if (git_tree_entry_bypath(&e, onto, path) == 0) {
			here = *git_tree_entry_id(e);
			here_mode = (uint32_t)git_tree_entry_filemode(e);
			git_tree_entry_free(e);
		}
		git_error_clear();
		if (git_oid_equal(&here, want) && here_mode == d->new_file.mode)
			continue; /* already so */
		if (git_oid_equal(&here, was) && here_mode == d->old_file.mode) {
			int removed = git_oid_is_zero(want);
			updates[n].action = removed ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT;
			updates[n].id = *want;
			updates[n].filemode = removed ? GIT_FILEMODE_BLOB : (git_filemode_t)d->new_file.mode;
			updates[n].path = path;
			n++;
			continue;
		}
		pl_strlist_add(conflicts, path);
	}
	if (conflicts->count && !take_central) {
		git_oid_cpy(out, git_tree_id(onto));
	} else if (n == 0) {
		git_oid_cpy(out, git_tree_id(onto));
	} else if ((err = git_tree_create_updated(out, repo, onto, n, updates)) < 0) {
		err = pl_error_git(err, "cannot combine the revisions");
	}
	free(updates);
	git_diff_free(diff);
	return err < 0 ? err : 0;
}

/* The signature of whoever runs the sync, for the commits it makes. */
static git_signature *committer_for(git_repository *repo, const git_commit *fallback)
{
	git_signature *sig = NULL;
	if (git_signature_default(&sig, repo) < 0) {
		const git_signature *c = git_commit_committer(fallback);
		git_error_clear();
		if (git_signature_now(&sig, c->name, c->email) < 0)
			return NULL;
	}
	return sig;
}

/*
 * Puts the own revisions (from local, not on central) on top of central:
 * each revision is applied file by file, keeping its author and message.
 * A local history with merges is combined as one merge instead.
 * Conflicts end up in r; *out is the new tip.
 */
static int combine(git_repository *repo, const git_oid *local, const git_oid *central,
		   const pl_sync_options *opts, pl_sync_result *r, git_oid *out)
{
	git_revwalk *walk = NULL;
	git_oid base, id, *own = NULL;
	size_t n = 0, cap = 0;
	int merges = 0, err, rc = 0;
	git_commit *cur = NULL;
	git_tree *cur_tree = NULL;

	if ((err = git_merge_base(&base, repo, local, central)) < 0) {
		if (err == GIT_ENOTFOUND)
			return pl_error_set(PL_EINVALID, "this clone and the central repository have no "
					    "revision in common: they hold different series");
		return pl_error_git(err, "cannot compare with the central repository");
	}
	if ((err = git_revwalk_new(&walk, repo)) < 0 || (err = git_revwalk_push(walk, local)) < 0 ||
	    (err = git_revwalk_hide(walk, central)) < 0)
		goto git_fail;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	while ((err = git_revwalk_next(&id, walk)) == 0) {
		git_commit *c = NULL;
		if ((err = git_commit_lookup(&c, repo, &id)) < 0)
			goto git_fail;
		merges |= git_commit_parentcount(c) > 1;
		git_commit_free(c);
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			own = pl_realloc(own, cap * sizeof(*own));
		}
		own[n++] = id;
	}
	if (err != GIT_ITEROVER)
		goto git_fail;
	if ((err = git_commit_lookup(&cur, repo, central)) < 0 || (err = git_commit_tree(&cur_tree, cur)) < 0)
		goto git_fail;
	r->combined = 1;

	for (size_t i = 0; i < (merges ? 1 : n); i++) {
		git_commit *c = NULL, *parent = NULL, *next = NULL;
		git_tree *from = NULL, *to = NULL, *tree = NULL;
		git_signature *committer = NULL;
		const git_commit *parents[2];
		git_oid tree_id, commit_id;
		size_t before = r->conflict_paths.count;

		/* A merge-free history replays revision by revision; otherwise
		 * the whole own side (base -> local) becomes one merge. */
		if ((err = git_commit_lookup(&c, repo, merges ? local : &own[i])) < 0)
			goto git_fail;
		if (merges)
			rc = commit_tree(repo, &base, &from);
		else if ((err = git_commit_parent(&parent, c, 0)) == 0)
			err = git_commit_tree(&from, parent);
		if (rc == 0 && err == 0 && (err = git_commit_tree(&to, c)) == 0)
			rc = apply_change(repo, from, to, cur_tree, opts->use_central, &r->conflict_paths, &tree_id);
		if (rc == 0 && err == 0 && r->conflict_paths.count > before && !r->conflict_revision) {
			r->conflict_revision = pl_strdup(git_commit_summary(c) ? git_commit_summary(c) : "");
			r->conflict_by = last_changed_by(repo, central, &base, r->conflict_paths.items[before]);
		}
		if (rc == 0 && err == 0 && r->conflict_paths.count && !opts->use_central) {
			rc = pl_error_set(PL_ECONFLICT, "the same file was changed here and on the central "
					  "repository");
		} else if (rc == 0 && err == 0 && git_oid_equal(&tree_id, git_tree_id(cur_tree))) {
			if (r->conflict_paths.count == before)
				r->already++; /* its changes are on the central repository already */
		} else if (rc == 0 && err == 0) {
			committer = committer_for(repo, c);
			parents[0] = cur;
			parents[1] = c;
			if (!committer)
				err = -1;
			if (err == 0 && (err = git_tree_lookup(&tree, repo, &tree_id)) == 0)
				err = git_commit_create(&commit_id, repo, NULL,
							merges ? committer : git_commit_author(c), committer,
							git_commit_message_encoding(c),
							merges ? "Combine own revisions with the central repository's\n"
							       : git_commit_message(c),
							tree, merges ? 2 : 1, parents);
			if (err == 0 && (err = git_commit_lookup(&next, repo, &commit_id)) == 0) {
				git_commit_free(cur);
				git_tree_free(cur_tree);
				cur = next;
				cur_tree = tree;
				tree = NULL;
				next = NULL;
			}
		}
		git_signature_free(committer);
		git_tree_free(tree);
		git_tree_free(to);
		git_tree_free(from);
		git_commit_free(next);
		git_commit_free(parent);
		git_commit_free(c);
		if (err < 0)
			goto git_fail;
		if (rc < 0)
			goto done;
	}
	git_oid_cpy(out, git_commit_id(cur));
	goto done;
git_fail:
	rc = pl_error_git(err, "cannot put the own revisions on top of the central ones");
done:
	git_tree_free(cur_tree);
	git_commit_free(cur);
	git_revwalk_free(walk);
	free(own);
	return rc;
}

static int on_checkout_conflict(git_checkout_notify_t why, const char *path, const git_diff_file *baseline,
				const git_diff_file *target, const git_diff_file *workdir, void *payload)
{
	(void)why;
	(void)baseline;
	(void)target;
	(void)workdir;
	pl_strlist_add(payload, path);
	return 0;
}

/* Checks (dry run) or does the checkout of to over from (NULL: nothing
 * checked out yet) in the work tree; files in the way go to blocked. */
static int update_files(git_repository *repo, const git_oid *from, const git_oid *to, int dry_run,
			pl_strlist *blocked)
{
	git_checkout_options co;
	git_commit *target = NULL;
	git_tree *base = NULL;
	int err, rc = 0;

	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE | (dry_run ? GIT_CHECKOUT_DRY_RUN : 0);
	co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	co.notify_cb = on_checkout_conflict;
	co.notify_payload = blocked;
	if (from && (rc = commit_tree(repo, from, &base)) < 0)
		return rc;
	co.baseline = base;
	if ((err = git_commit_lookup(&target, repo, to)) == 0)
		err = git_checkout_tree(repo, (git_object *)target, &co);
	if (err < 0 && !(err == GIT_ECONFLICT && blocked->count))
		rc = pl_error_git(err, "cannot update the series' files");
	else if (blocked->count)
		rc = pl_error_set(PL_EINVALID, "changes not yet committed are in the way");
	git_commit_free(target);
	git_tree_free(base);
	return rc;
}

/* Creates local tags for workshops closed on the central repository. */
static int take_tags(git_repository *repo, const char *prefix, pl_sync_result *r)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	char *glob = pl_strfmt("%sworkshop/*", prefix);
	int err;

	if ((err = git_reference_iterator_glob_new(&it, repo, glob)) < 0) {
		free(glob);
		return pl_error_git(err, "cannot list the central repository's workshops");
	}
	while (git_reference_next(&ref, it) == 0) {
		const char *tag = git_reference_name(ref) + strlen(prefix);
		char *local = pl_strfmt(TAG_PREFIX "%s", tag);
		git_oid have;
		if (git_reference_target(ref)) {
			if (!ref_id(repo, local, &have)) {
				git_reference *made = NULL;
				if (git_reference_create(&made, repo, local, git_reference_target(ref), 0,
							 "pilotti sync: workshop closed centrally") == 0)
					r->tags_received++;
				git_error_clear();
				git_reference_free(made);
			} else if (!git_oid_equal(&have, git_reference_target(ref))) {
				pl_strlist_add_owned(&r->notes,
						     pl_strfmt("workshop %s was closed differently here and on "
							       "the central repository; the one here is kept",
							       tag + strlen("workshop/")));
			}
		}
		free(local);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	free(glob);
	return 0;
}

/* Workshops closed here and not yet on the central repository: sent with
 * main if they close a revision main will hold. */
static void tags_to_send(git_repository *repo, const char *prefix, const git_oid *tip,
			 pl_strlist *send, pl_sync_result *r)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;

	if (git_reference_iterator_glob_new(&it, repo, TAG_PREFIX "workshop/*") < 0) {
		git_error_clear();
		return;
	}
	while (git_reference_next(&ref, it) == 0) {
		const char *tag = git_reference_name(ref) + strlen(TAG_PREFIX);
		char *central = pl_strfmt("%s%s", prefix, tag);
		git_object *peeled = NULL;
		git_oid have;
		if (!ref_id(repo, central, &have) &&
		    git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) == 0) {
			const git_oid *at = git_object_id(peeled);
			if (git_oid_equal(at, tip) || git_graph_descendant_of(repo, tip, at) == 1)
				pl_strlist_add(send, git_reference_name(ref));
			else
				pl_strlist_add_owned(&r->notes,
						     pl_strfmt("workshop %s was closed here on a revision "
							       "that was since combined with others' revisions, so "
							       "it was not sent; to close it on the combined series: "
							       "git tag -d %s, then pilotti workshop close %s",
							       tag + strlen("workshop/"), tag,
							       tag + strlen("workshop/")));
		}
		git_error_clear();
		git_object_free(peeled);
		free(central);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
}

/* Checks the series as the combined revision holds it. */
static int check_combined(git_repository *repo, const git_oid *tip, pl_diags *diags)
{
	char hex[GIT_OID_HEXSZ + 1];
	pl_source *src = NULL;
	int rc;

	git_oid_tostr(hex, sizeof(hex), tip);
	if ((rc = pl_source_open_rev(&src, repo, hex)) < 0)
		return rc;
	rc = pl_validate_series(src, diags, NULL);
	pl_source_free(src);
	if (rc == 0 && pl_diags_count(diags, PL_DIAG_ERROR) > 0)
		rc = pl_error_set(PL_EINVALID, "combined with the central repository's revisions, the "
				  "series would not be valid; nothing was sent");
	return rc;
}

/* Waits a little before trying again, longer each time, at random so that
 * those who collided do not collide again. */
static void back_off(int attempt)
{
	static int seeded;
	long base_ms = 100L << (attempt < 5 ? attempt : 5);
	struct timespec ts;
	long ms;

	if (!seeded) {
		srand((unsigned)getpid() ^ (unsigned)time(NULL));
		seeded = 1;
	}
	ms = base_ms / 2 + rand() % base_ms;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

static int check_clone(git_repository *repo)
{
	git_reference *head = NULL;
	int err, rc = 0;

	if (git_repository_is_bare(repo))
		return pl_error_set(PL_EUSAGE, "sync works in a clone with the series' files, not in a "
				    "bare repository");
	if ((err = git_reference_lookup(&head, repo, "HEAD")) < 0)
		return pl_error_git(err, "cannot read which branch is checked out");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC ||
	    strcmp(git_reference_symbolic_target(head), MAIN_REF))
		rc = pl_error_set(PL_EUSAGE, "sync works on the main branch; switch to it first "
				  "(git switch main)");
	git_reference_free(head);
	return rc;
}

/* Keeps the own revision on a ref of its own. */
static int keep(git_repository *repo, const git_oid *local, pl_sync_result *r)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_reference *ref = NULL;
	int err;

	git_oid_tostr(hex, sizeof(hex), local);
	free(r->kept);
	r->kept = pl_strfmt(KEPT_PREFIX "%.12s", hex);
	err = git_reference_create(&ref, repo, r->kept, local, 1, "pilotti sync: kept");
	git_reference_free(ref);
	return err < 0 ? pl_error_git(err, "cannot keep the own revision on %s", r->kept) : 0;
}

int pl_sync(git_repository *repo, const pl_sync_options *opts, pl_sync_result *r, pl_diags *diags)
{
	static const pl_transfer quiet = { 0 };
	const pl_transfer *t = opts->transfer ? opts->transfer : &quiet;
	int tries = opts->tries > 0 ? opts->tries : 30;
	char *name = NULL, *tracking = NULL, *prefix = NULL;
	pl_strlist send = PL_STRLIST_INIT, blocked = PL_STRLIST_INIT;
	pl_buf why = PL_BUF_INIT;
	git_oid moved_from;
	int moved = 0, rc;

	memset(r, 0, sizeof(*r));
	memset(&moved_from, 0, sizeof(moved_from));
	if ((rc = check_clone(repo)) < 0)
		return rc;
	name = pl_remote_name(repo);
	tracking = pl_strfmt("refs/remotes/%s/main", name);
	prefix = pl_remote_tags_prefix(name);

	for (int attempt = 1;; attempt++) {
		git_oid local, central, tip;
		int has_local, has_central, push_main;
		pl_push_status status = PL_PUSH_OK;

		/* What an earlier try found is found again (workshops taken
		 * then stay counted). */
		pl_strlist_release(&send);
		pl_strlist_release(&r->notes);
		pl_strlist_release(&r->conflict_paths);
		free(r->conflict_by);
		free(r->conflict_revision);
		r->conflict_by = r->conflict_revision = NULL;
		r->received = r->sent = r->already = 0;
		r->combined = 0;
		if ((rc = pl_remote_fetch(repo, t)) < 0 || (rc = take_tags(repo, prefix, r)) < 0)
			goto done;
		has_local = ref_id(repo, MAIN_REF, &local);
		has_central = ref_id(repo, tracking, &central);
		/* Refused, but not because others got there first: the central
		 * main is where it was. */
		if (moved && git_oid_equal(&central, &moved_from)) {
			rc = pl_error_set(PL_EINVALID, "the central repository did not take the revisions "
					  "(%s); nothing was changed there", why.ptr);
			goto done;
		}

		if (!has_local && !has_central) {
			rc = pl_error_set(PL_ENOTFOUND, "neither this clone nor the central repository "
					  "has any revision yet");
			goto done;
		} else if (!has_local) {
			tip = central;
		} else if (!has_central || git_oid_equal(&local, &central) ||
			   git_graph_descendant_of(repo, &local, &central) == 1) {
			tip = local;
		} else if (git_graph_descendant_of(repo, &central, &local) == 1) {
			tip = central;
		} else {
			rc = combine(repo, &local, &central, opts, r, &tip);
			if (r->conflict_paths.count && (rc == PL_ECONFLICT || opts->use_central)) {
				int k = keep(repo, &local, r);
				if (k < 0)
					rc = k;
			}
			if (rc < 0)
				goto done;
		}
		if (has_central && (rc = count_between(repo, &central, &local, &r->received)) < 0)
			goto done;
		push_main = !has_central || !git_oid_equal(&tip, &central);
		if (push_main && (rc = count_between(repo, &tip, &central, &r->sent)) < 0)
			goto done;
		if (r->combined && push_main && (rc = check_combined(repo, &tip, diags)) < 0)
			goto done;
		/* Nothing is sent while uncommitted edits stand in the way of
		 * what comes back. */
		if (has_local && !git_oid_equal(&tip, &local) &&
		    (rc = update_files(repo, &local, &tip, 1, &blocked)) < 0) {
			if (blocked.count) {
				pl_strlist_release(&r->conflict_paths);
				r->conflict_paths = blocked;
				memset(&blocked, 0, sizeof(blocked));
				rc = pl_error_set(PL_EINVALID, "files you have changed but not committed would "
						  "be overwritten by revisions from the central repository; "
						  "commit them (pilotti commit) or undo the changes, then sync again");
			}
			goto done;
		}
		if (push_main) {
			pl_push_update update = { OUTGOING_REF, MAIN_REF, { { 0 } } };
			git_reference *ref = NULL;
			int err = git_reference_create(&ref, repo, OUTGOING_REF, &tip, 1, "pilotti sync");
			git_reference_free(ref);
			if (err < 0) {
				rc = pl_error_git(err, "cannot prepare the revisions to send");
				goto done;
			}
			update.expect = central; /* zero when the central one is empty */
			pl_buf_clear(&why);
			r->tries++;
			if ((rc = pl_remote_push(repo, &update, 1, t, &status, &why)) < 0)
				goto done;
			if (status == PL_PUSH_MOVED && attempt < tries) {
				moved = 1;
				moved_from = central;
				back_off(attempt);
				continue;
			}
			if (status == PL_PUSH_MOVED) {
				rc = pl_error_set(PL_ERROR, "others kept sending to the central repository "
						  "(%d tries; %s); nothing was lost: sync again in a moment",
						  attempt, why.ptr);
				goto done;
			}
			if (status == PL_PUSH_REFUSED) {
				rc = pl_error_set(PL_EINVALID, "the central repository refused the revisions (%s); "
						  "nothing was changed there", why.ptr);
				goto done;
			}
			ref = NULL;
			git_reference_create(&ref, repo, tracking, &tip, 1, "pilotti sync: sent");
			git_reference_free(ref);
			git_error_clear();
		}
		/* The files first, then main (only if nobody committed here
		 * meanwhile): main never shows revisions the files do not. */
		if (!has_local || !git_oid_equal(&tip, &local)) {
			git_reference *ref = NULL;
			int err;
			if ((rc = update_files(repo, has_local ? &local : NULL, &tip, 0, &blocked)) < 0) {
				char *cause = pl_strdup(pl_error_last());
				rc = pl_error_set(rc, "the files here could not be updated (%s); main here is as it "
						  "was, and nothing was lost: sync again", cause);
				free(cause);
				goto done;
			}
			err = has_local ? git_reference_create_matching(&ref, repo, MAIN_REF, &tip, 1, &local,
									 "pilotti sync")
					: git_reference_create(&ref, repo, MAIN_REF, &tip, 0, "pilotti sync");
			git_reference_free(ref);
			if (err < 0) {
				git_oid now;
				rc = pl_error_git(err, "main here changed during the sync; the files are as "
						  "main has them, and nothing was lost: sync again");
				if (ref_id(repo, MAIN_REF, &now))
					update_files(repo, &tip, &now, 0, &blocked);
				goto done;
			}
		}
		r->tip = tip;
		/* Workshops closed here go after main, in a push of their own. */
		tags_to_send(repo, prefix, &tip, &send, r);
		if (send.count) {
			pl_push_update *updates = pl_calloc(send.count, sizeof(*updates));
			for (size_t i = 0; i < send.count; i++) {
				updates[i].local = send.items[i];
				updates[i].remote = send.items[i];
			}
			pl_buf_clear(&why);
			rc = pl_remote_push(repo, updates, send.count, t, &status, &why);
			free(updates);
			if (rc == 0 && status != PL_PUSH_OK)
				rc = pl_error_set(PL_EINVALID, "the revisions were sent, but the central repository "
						  "did not take the closed %s (%s)",
						  send.count == 1 ? "workshop" : "workshops", why.ptr);
			if (rc < 0)
				goto done;
			r->tags_sent = send.count;
		}
		break;
	}
done:
	{
		git_reference *out = NULL;
		if (git_reference_lookup(&out, repo, OUTGOING_REF) == 0)
			git_reference_delete(out);
		git_reference_free(out);
		git_error_clear();
	}
	pl_remote_forget_credentials();
	pl_strlist_release(&send);
	pl_strlist_release(&blocked);
	pl_buf_release(&why);
	free(prefix);
	free(tracking);
	free(name);
	return rc;
}
