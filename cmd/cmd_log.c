#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "error.h"
#include "history.h"
#include "repo.h"
#include "validate.h"
#include "workshop.h"

typedef struct {
	git_repository *repo;
	pl_workshops *workshops;
	int *shown;   /* per workshop: marker printed */
	size_t count;
} log_state;

static void print_date(git_time_t t, int offset_min)
{
	time_t local = (time_t)(t + (git_time_t)offset_min * 60);
	struct tm tm;
	if (gmtime_r(&local, &tm))
		printf("%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		       tm.tm_hour, tm.tm_min);
}

static int show_commit(git_commit *c, void *payload)
{
	log_state *st = payload;
	const git_signature *a = git_commit_author(c);
	const char *msg = git_commit_message(c);
	char hex[GIT_OID_HEXSZ + 1];

	/* A workshop's marker goes above the newest listed revision that its
	 * snapshot holds. */
	for (size_t i = st->workshops->count; i-- > 0;) {
		const pl_workshop *w = &st->workshops->items[i];
		if (!w->closed || st->shown[i])
			continue;
		if (git_oid_equal(&w->commit, git_commit_id(c)) ||
		    git_graph_descendant_of(st->repo, &w->commit, git_commit_id(c)) == 1) {
			printf("=== workshop %s (%s): %s ===\n\n", w->id, w->date, w->title);
			st->shown[i] = 1;
		}
	}
	git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
	printf("%.7s  ", hex);
	print_date(a->when.time, a->when.offset);
	printf("  %s <%s>\n", a->name, a->email);
	while (msg && *msg) {
		size_t n = strcspn(msg, "\n");
		printf("    %.*s\n", (int)n, msg);
		msg += n;
		if (*msg == '\n')
			msg++;
	}
	putchar('\n');
	st->count++;
	return 0;
}

int cmd_log(int argc, char **argv, const cli_global *g)
{
	const char *what = NULL, *since = NULL, *until = NULL;
	opt_spec specs[] = {
		{ OPT_ARG, 0, "[REGION[/MODEL]]", NULL, &what, 0,
		  "only the revisions that changed this region or region model" },
		{ OPT_STRING, 0, "since", "WORKSHOP|REV", &since, 0,
		  "only revisions after this workshop or revision" },
		{ OPT_STRING, 0, "until", "WORKSHOP|REV", &until, 0,
		  "only revisions up to this workshop or revision (default: main)" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti log [REGION[/MODEL]] [--since WORKSHOP|REV] [--until WORKSHOP|REV]",
		"List the revisions of the series, or of one region or region model, newest\n"
		"first, with author, date and message, and the closed workshops between them.",
		NULL, specs
	};
	git_repository *repo = NULL;
	pl_workshops ws = { 0 };
	log_state st = { 0 };
	pl_history_query q = { 0 };
	git_oid from, to;
	char *path = NULL;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if (what) {
		const char *slash = strchr(what, '/');
		char *region = slash ? pl_strndup(what, (size_t)(slash - what)) : pl_strdup(what);
		int ok = pl_is_id(region) && (!slash || pl_is_id(slash + 1));
		free(region);
		if (!ok)
			return cli_error("'%s' is not a region or REGION/MODEL", what);
		path = pl_strfmt("regions/%s", what);
	}
	if ((rc = pl_repo_open(&repo, g->dir ? g->dir : ".")) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	if ((until ? (rc = pl_resolve_commit(repo, until, &to)) : (rc = pl_main_tip(repo, &to))) < 0 ||
	    (since && (rc = pl_resolve_commit(repo, since, &from)) < 0)) {
		code = cli_fail(rc);
		goto done;
	}
	if (pl_workshops_list(repo, NULL, &ws) < 0)
		memset(&ws, 0, sizeof(ws)); /* no pilot.json on main: no markers */
	st.repo = repo;
	st.workshops = &ws;
	st.shown = pl_calloc(ws.count + 1, sizeof(*st.shown));
	q.path = path ? path : "";
	q.until = &to;
	q.since = since ? &from : NULL;
	if ((rc = pl_history_walk(repo, &q, show_commit, &st)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	if (st.count == 0)
		printf("No revisions%s%s.\n", what ? " changed " : "", what ? what : "");
	code = cli_finish(EXIT_OK);
done:
	free(st.shown);
	pl_workshops_release(&ws);
	free(path);
	git_repository_free(repo);
	return code;
}
