#include "hook.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "pilot.h"
#include "repo.h"
#include "source.h"
#include "workshop.h"

#define HOOK_MARK "# Installed by pilotti"

/* The text of the hook that runs 'EXE hook NAME'. */
static void hook_text(pl_buf *text, const char *exe, const char *name)
{
	pl_buf_printf(text,
		      "#!/bin/sh\n"
		      HOOK_MARK ": every push is checked against the series' rules\n"
		      "# (who may change what, a valid series, no personal data, closed\n"
		      "# workshops never move).  'pilotti hook install' rewrites this file.\n"
		      "exec '%s' hook %s%s\n", exe, name, strcmp(name, "update") ? "" : " \"$@\"");
}

int pl_hook_install(git_repository *repo, const char *exe, int force, pl_strlist *written)
{
	/* pre-receive checks a push as a whole; update checks each ref again,
	 * for servers that run only one of them. */
	static const char *const names[] = { "pre-receive", "update" };
	const char *gitdir = git_repository_path(repo);
	char *paths[2];
	pl_buf old = PL_BUF_INIT, text = PL_BUF_INIT;
	int rc = 0;

	if (strchr(exe, '\''))
		return pl_error_set(PL_EUSAGE, "the path of pilotti holds a quote: '%s'", exe);
	for (int i = 0; i < 2; i++)
		paths[i] = pl_strfmt("%shooks/%s", gitdir, names[i]);
	/* Nothing is written while one of them is somebody else's. */
	for (int i = 0; i < 2 && rc == 0; i++) {
		pl_buf_clear(&old);
		if (pl_read_file(paths[i], 1024 * 1024, &old) == 0 && !strstr(old.ptr, HOOK_MARK) && !force)
			rc = pl_error_set(PL_EEXISTS, "'%s' already holds a hook of its own; use --force to "
					  "replace it", paths[i]);
	}
	for (int i = 0; i < 2 && rc == 0; i++) {
		pl_buf_clear(&text);
		hook_text(&text, exe, names[i]);
		if ((rc = pl_write_file(paths[i], text.ptr, text.len)) < 0)
			break;
		if (chmod(paths[i], 0755) < 0) {
			rc = pl_error_errno("make executable", paths[i]);
			break;
		}
		pl_strlist_add(written, paths[i]);
	}
	for (int i = 0; i < 2; i++)
		free(paths[i]);
	pl_buf_release(&old);
	pl_buf_release(&text);
	return rc;
}

static int is_zero_hex(const char *s)
{
	for (; *s; s++)
		if (*s != '0')
			return 0;
	return 1;
}

static void refuse(pl_violations *out, const char *who, const char *message)
{
	out->items = pl_realloc(out->items, (out->count + 1) * sizeof(*out->items));
	memset(&out->items[out->count], 0, sizeof(out->items[0]));
	out->items[out->count].who = pl_strdup(who ? who : "");
	out->items[out->count].message = pl_strdup(message);
	out->count++;
}

/* pilot.json on main before the push, or NULL. */
static json_t *rules_now(git_repository *repo, git_oid *main_tip, int *have_main)
{
	pl_source *src = NULL;
	pl_diags d = PL_DIAGS_INIT;
	json_t *pilot = NULL;
	char hex[GIT_OID_HEXSZ + 1];

	*have_main = git_reference_name_to_id(main_tip, repo, PL_MAIN_BRANCH) == 0;
	if (!*have_main)
		return NULL;
	git_oid_tostr(hex, sizeof(hex), main_tip);
	if (pl_source_open_rev(&src, repo, hex) == 0)
		pl_pilot_load(&pilot, src, &d);
	pl_diags_release(&d);
	pl_source_free(src);
	return pilot;
}

/* Who closed a workshop: the pusher, or the annotated tag's tagger. */
static const char *closer(git_repository *repo, const git_oid *id, const char *pusher, pl_buf *tmp)
{
	git_tag *tag = NULL;
	if (pusher)
		return pusher;
	if (git_tag_lookup(&tag, repo, id) == 0 && git_tag_tagger(tag)) {
		pl_buf_puts(tmp, git_tag_tagger(tag)->email);
		git_tag_free(tag);
		return tmp->ptr;
	}
	git_tag_free(tag);
	return "";
}

int pl_hook_check_push(git_repository *repo, const char *updates, const char *pusher,
		       pl_violations *out)
{
	git_oid main_tip;
	int have_main, rc = 0;
	json_t *pilot = rules_now(repo, &main_tip, &have_main);
	const char *line = updates;

	while (*line && rc == 0) {
		size_t n = strcspn(line, "\n");
		char *l = pl_strndup(line, n);
		char *sp1 = strchr(l, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
		const char *old_hex, *new_hex, *ref;
		pl_buf msg = PL_BUF_INIT, tmp = PL_BUF_INIT;
		git_oid old_id, new_id;

		line += n + (line[n] == '\n');
		if (!sp2) {
			free(l);
			continue;
		}
		*sp1 = *sp2 = '\0';
		old_hex = l;
		new_hex = sp1 + 1;
		ref = sp2 + 1;
		if (git_oid_fromstr(&old_id, old_hex) < 0 || git_oid_fromstr(&new_id, new_hex) < 0) {
			free(l);
			continue;
		}
		if (!strncmp(ref, PL_WORKSHOP_TAG_PREFIX, strlen(PL_WORKSHOP_TAG_PREFIX))) {
			const char *ws = ref + strlen(PL_WORKSHOP_TAG_PREFIX);
			if (!is_zero_hex(old_hex)) {
				pl_buf_printf(&msg, "workshop '%s' is closed: its snapshot can never be moved or deleted", ws);
				refuse(out, pusher, msg.ptr);
			} else if (pilot && !pl_is_facilitator(pilot, closer(repo, &new_id, pusher, &tmp))) {
				pl_buf_printf(&msg, "only the series' facilitators may close workshop '%s'", ws);
				refuse(out, closer(repo, &new_id, pusher, &tmp), msg.ptr);
			}
		} else if (!strncmp(ref, "refs/heads/", 11)) {
			if (is_zero_hex(new_hex)) {
				pl_buf_printf(&msg, "the branch '%s' cannot be deleted", ref + 11);
				refuse(out, pusher, msg.ptr);
			} else {
				rc = pl_audit(repo, is_zero_hex(old_hex) ? NULL : &old_id, &new_id,
					      have_main ? &main_tip : NULL, pusher, out);
			}
		}
		pl_buf_release(&msg);
		pl_buf_release(&tmp);
		free(l);
	}
	json_decref(pilot);
	return rc;
}
