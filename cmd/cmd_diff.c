#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "compare.h"
#include "diff_render.h"
#include "error.h"
#include "json.h"
#include "pilot.h"
#include "repo.h"
#include "validate.h"
#include "workshop.h"

/* Opens one side: a closed workshop or revision, named for the output. */
static int open_rev(git_repository *repo, const char *what, pl_source **src, char **name, char **commit)
{
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1];
	int rc;

	if ((rc = pl_resolve_commit(repo, what, &id)) < 0)
		return rc;
	git_oid_tostr(hex, sizeof(hex), &id);
	*name = pl_workshop_name(repo, what);
	*commit = pl_strdup(hex);
	return pl_source_open_rev(src, repo, hex);
}

/* True if arg names a region (or REGION/MODEL) that pilot declares. */
static int is_region_arg(const json_t *pilot, const char *arg)
{
	const char *slash = strchr(arg, '/');
	char *region = slash ? pl_strndup(arg, (size_t)(slash - arg)) : pl_strdup(arg);
	int yes = pl_is_id(region) && (!slash || pl_is_id(slash + 1)) &&
		  pl_pilot_find(pl_pilot_list(pilot, "regions"), region);
	free(region);
	return yes;
}

int cmd_diff(int argc, char **argv, const cli_global *g)
{
	const char *format = "text", *color = "auto";
	int details = 0;
	opt_list args = { 0 };
	opt_spec specs[] = {
		{ OPT_ARGS, 0, "[REGION[/MODEL]] [FROM [TO]]", NULL, &args, 0,
		  "FROM, TO: workshop ids or revisions; FROM defaults to the last closed workshop, "
		  "TO to the files as they are now (main in a bare repository)" },
		{ OPT_STRING, 0, "format", "FORMAT", &format, 0, "text (default), md, html or json" },
		{ OPT_STRING, 0, "color", "WHEN", &color, 0, "auto (default: on a terminal, unless NO_COLOR is set), always or never" },
		{ OPT_FLAG, 0, "details", NULL, &details, 0, "for the whole series, every change after the summary" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti diff [REGION[/MODEL]] [FROM [TO]] [--format text|md|html|json]",
		"Show how regions' models changed between workshops, in the words of the model:\n"
		"core elements and the other parts added, removed, renamed and changed, program\n"
		"theory sections, and the evaluation.  Without a region: one line per changed\n"
		"region model.",
		NULL, specs
	};
	git_repository *repo = NULL;
	pl_source *from = NULL, *to = NULL;
	char *root = NULL, *from_name = NULL, *from_commit = NULL, *to_name = NULL, *to_commit = NULL;
	char *region = NULL, *model = NULL;
	json_t *pilot = NULL, *diff = NULL;
	pl_diags d = PL_DIAGS_INIT;
	pl_buf out = PL_BUF_INIT;
	pl_diff_filter filter = { NULL, NULL };
	pl_diff_side_name fn, tn;
	size_t next = 0;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK) {
		opt_list_release(&args);
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	}
	if (strcmp(format, "text") && strcmp(format, "md") && strcmp(format, "html") && strcmp(format, "json")) {
		code = cli_error("the format must be text, md, html or json, not '%s'", format);
		goto done;
	}
	if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never")) {
		code = cli_error("--color takes auto, always or never, not '%s'", color);
		goto done;
	}
	if (args.count > 3) {
		code = cli_error("too many arguments; see 'pilotti diff -h'");
		goto done;
	}
	if ((rc = pl_repo_open(&repo, g->dir ? g->dir : ".")) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	/* The "to" side by default: the files as they are now. */
	if (!git_repository_is_bare(repo) && cli_series_root(g, &root) == 0) {
		if ((rc = pl_source_open_dir(&to, root)) < 0) {
			code = cli_fail(rc);
			goto done;
		}
		to_name = pl_strdup("working tree");
	} else if ((rc = open_rev(repo, "main", &to, &to_name, &to_commit)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	if (args.count && pl_pilot_load(&pilot, to, &d) == 0 && is_region_arg(pilot, args.items[0])) {
		const char *slash = strchr(args.items[0], '/');
		region = slash ? pl_strndup(args.items[0], (size_t)(slash - args.items[0])) : pl_strdup(args.items[0]);
		model = slash ? pl_strdup(slash + 1) : NULL;
		filter.region = region;
		filter.model = model;
		next = 1;
	}
	if (args.count - next > 2) {
		code = cli_error("'%s' is neither a region of the series nor a revision", args.items[0]);
		goto done;
	}
	if (next < args.count) {
		rc = open_rev(repo, args.items[next], &from, &from_name, &from_commit);
	} else {
		pl_workshops ws = { 0 };
		const char *last = NULL;
		if ((rc = pl_workshops_list(repo, NULL, &ws)) == 0)
			for (size_t i = 0; i < ws.count; i++)
				if (ws.items[i].closed)
					last = ws.items[i].id;
		if (rc == 0 && !last)
			rc = pl_error_set(PL_ENOTFOUND, "no workshop is closed yet: say what to compare from, e.g. 'pilotti diff main'");
		if (rc == 0)
			rc = open_rev(repo, last, &from, &from_name, &from_commit);
		pl_workshops_release(&ws);
	}
	if (rc < 0) {
		code = cli_fail(rc);
		goto done;
	}
	if (next + 1 < args.count) {
		pl_source_free(to);
		to = NULL;
		free(to_name);
		free(to_commit);
		to_name = to_commit = NULL;
		if ((rc = open_rev(repo, args.items[next + 1], &to, &to_name, &to_commit)) < 0) {
			code = cli_fail(rc);
			goto done;
		}
	}
	fn.name = from_name;
	fn.commit = from_commit;
	tn.name = to_name;
	tn.commit = to_commit;
	if ((rc = pl_diff_series(from, &fn, to, &tn, &filter, &diff)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	if (!strcmp(format, "json")) {
		rc = pl_json_dump(diff, &out);
	} else {
		pl_diff_render_options ro;
		memset(&ro, 0, sizeof(ro));
		ro.style = !strcmp(format, "md") ? PL_DIFF_MARKDOWN : !strcmp(format, "html") ? PL_DIFF_HTML : PL_DIFF_TEXT;
		ro.color = ro.style == PL_DIFF_TEXT &&
			   (!strcmp(color, "always") ||
			    (!strcmp(color, "auto") && isatty(STDOUT_FILENO) && !getenv("NO_COLOR")));
		ro.summary = !region;
		ro.details = region || details;
		rc = pl_diff_render(diff, &ro, &out);
	}
	if (rc < 0) {
		code = cli_fail(rc);
		goto done;
	}
	fputs(out.ptr, stdout);
	code = cli_finish(EXIT_OK);
done:
	pl_buf_release(&out);
	pl_diags_release(&d);
	json_decref(diff);
	json_decref(pilot);
	pl_source_free(from);
	pl_source_free(to);
	git_repository_free(repo);
	free(root);
	free(from_name);
	free(from_commit);
	free(to_name);
	free(to_commit);
	free(region);
	free(model);
	opt_list_release(&args);
	return code;
}
