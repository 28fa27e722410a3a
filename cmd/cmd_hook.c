#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "error.h"
#include "hook.h"
#include "repo.h"

static int hook_install(int argc, char **argv, const cli_global *g)
{
	int force = 0;
	opt_spec specs[] = {
		{ OPT_FLAG, 0, "force", NULL, &force, 0, "replace pre-receive and update hooks that pilotti did not write" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti -C CENTRAL.git hook install [--force]",
		"Install pilotti's pre-receive and update hooks into the central (bare)\n"
		"repository: every push is then refused, with a message the pusher sees, if\n"
		"its revisions change files outside the pusher's regions, make the series\n"
		"invalid or hold personal data, or if it moves or deletes a closed workshop.\n"
		"The pusher is the user the web server authenticated (REMOTE_USER, or\n"
		"GL_USERNAME on GitLab); without one, each revision's author.",
		NULL, specs
	};
	git_repository *repo = NULL;
	pl_strlist written = PL_STRLIST_INIT;
	char *exe = NULL;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if (!(exe = realpath("/proc/self/exe", NULL)))
		return cli_error("cannot tell where pilotti itself is");
	if ((rc = pl_repo_open(&repo, g->dir ? g->dir : ".")) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	if (!git_repository_is_bare(repo)) {
		code = cli_error("the hook belongs in the central, bare repository");
		goto done;
	}
	if ((rc = pl_hook_install(repo, exe, force, &written)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	for (size_t i = 0; i < written.count; i++)
		printf("Installed the hook %s\n", written.items[i]);
	code = cli_finish(EXIT_OK);
done:
	pl_strlist_release(&written);
	free(exe);
	git_repository_free(repo);
	return code;
}

/* Checks the updates ("OLD NEW REF" lines) as the signed-in user and
 * tells the pusher what is wrong; returns the exit code. */
static int check_push(const char *updates)
{
	git_repository *repo = NULL;
	pl_violations v = { 0 };
	const char *pusher = getenv("REMOTE_USER");
	int rc, code;

	if (!pusher || !*pusher)
		pusher = getenv("GL_USERNAME");
	if (pusher && !*pusher)
		pusher = NULL;
	if ((rc = pl_repo_open_from_env(&repo)) < 0 ||
	    (rc = pl_hook_check_push(repo, updates, pusher, &v)) < 0) {
		/* When in doubt, refuse: nothing unchecked enters the series. */
		fprintf(stderr, "pilotti: the push cannot be checked, so it is refused: %s\n", pl_error_last());
		code = EXIT_FINDINGS;
		goto done;
	}
	for (size_t i = 0; i < v.count; i++) {
		char hex[GIT_OID_HEXSZ + 1] = "";
		if (!git_oid_is_zero(&v.items[i].commit))
			git_oid_tostr(hex, sizeof(hex), &v.items[i].commit);
		if (!hex[0] && !v.items[i].path) {
			fprintf(stderr, "pilotti: %s\n", v.items[i].message);
			continue;
		}
		fprintf(stderr, "pilotti: %s%.12s%s%s:\n", hex[0] ? "revision " : "", hex,
			hex[0] && v.items[i].path ? ", " : "", v.items[i].path ? v.items[i].path : "");
		fprintf(stderr, "  %s\n", v.items[i].message);
	}
	if (v.count)
		fprintf(stderr, "pilotti: the push is refused: %zu problem%s; nothing was changed\n", v.count,
			v.count == 1 ? "" : "s");
	code = v.count ? EXIT_FINDINGS : EXIT_OK;
done:
	pl_violations_release(&v);
	git_repository_free(repo);
	return code;
}

static int hook_pre_receive(int argc, char **argv, const cli_global *g)
{
	opt_spec specs[] = { { 0, 0, NULL, NULL, NULL, 0, NULL } };
	const opt_command cmd = {
		"pilotti hook pre-receive",
		"Run by git on the central repository for every push (not by hand): reads\n"
		"the updated references on standard input and refuses the push if it breaks\n"
		"the series' rules.",
		NULL, specs
	};
	pl_buf input = PL_BUF_INIT;
	char chunk[4096];
	size_t n;
	int rc, code;

	(void)g;
	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		pl_buf_add(&input, chunk, n);
	code = check_push(input.ptr);
	pl_buf_release(&input);
	return code;
}

static int hook_update(int argc, char **argv, const cli_global *g)
{
	const char *ref = NULL, *old = NULL, *new = NULL;
	opt_spec specs[] = {
		{ OPT_ARG, 0, "REF", NULL, &ref, 1, "the reference the push updates" },
		{ OPT_ARG, 0, "OLD", NULL, &old, 1, "its id before" },
		{ OPT_ARG, 0, "NEW", NULL, &new, 1, "its id after" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti hook update REF OLD NEW",
		"Run by git on the central repository for each reference a push updates\n"
		"(not by hand): refuses the update if it breaks the series' rules.",
		NULL, specs
	};
	char *line;
	int rc, code;

	(void)g;
	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	line = pl_strfmt("%s %s %s\n", old, new, ref);
	code = check_push(line);
	free(line);
	return code;
}

int cmd_hook(int argc, char **argv, const cli_global *g)
{
	static const cli_command sub[] = {
		{ "install", hook_install, "install the hooks into the central repository" },
		{ "pre-receive", hook_pre_receive, "check a push (run by git)" },
		{ "update", hook_update, "check one reference of a push (run by git)" },
		{ NULL, NULL, NULL }
	};
	return cli_dispatch("pilotti hook <command> [options]",
			    "The central repository's guard.", sub, argc, argv, g);
}
