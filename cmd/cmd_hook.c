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
		{ OPT_FLAG, 0, "force", NULL, &force, 0, "replace a pre-receive hook that pilotti did not write" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti -C CENTRAL.git hook install [--force]",
		"Install pilotti's pre-receive hook into the central (bare) repository: every\n"
		"push is then refused, with a message the pusher sees, if its revisions change\n"
		"files outside the pusher's regions, make the series invalid or hold personal\n"
		"data, or if it moves or deletes a closed workshop.  The pusher is the user the\n"
		"web server authenticated (REMOTE_USER, or GL_USERNAME on GitLab); without one,\n"
		"each revision's author.",
		NULL, specs
	};
	git_repository *repo = NULL;
	char *exe = NULL, *path = NULL;
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
	if ((rc = pl_hook_install(repo, exe, force, &path)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	printf("Installed the pre-receive hook %s\n", path);
	code = cli_finish(EXIT_OK);
done:
	free(path);
	free(exe);
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
	git_repository *repo = NULL;
	pl_violations v = { 0 };
	pl_buf input = PL_BUF_INIT;
	const char *pusher = getenv("REMOTE_USER");
	char chunk[4096];
	size_t n;
	int rc, code;

	(void)g;
	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if (!pusher || !*pusher)
		pusher = getenv("GL_USERNAME");
	if (pusher && !*pusher)
		pusher = NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		pl_buf_add(&input, chunk, n);
	if ((rc = pl_repo_open_from_env(&repo)) < 0 ||
	    (rc = pl_hook_check_push(repo, input.ptr, pusher, &v)) < 0) {
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
	pl_buf_release(&input);
	git_repository_free(repo);
	return code;
}

int cmd_hook(int argc, char **argv, const cli_global *g)
{
	static const cli_command sub[] = {
		{ "install", hook_install, "install the pre-receive hook into the central repository" },
		{ "pre-receive", hook_pre_receive, "check a push (run by git)" },
		{ NULL, NULL, NULL }
	};
	return cli_dispatch("pilotti hook <command> [options]",
			    "The central repository's guard.", sub, argc, argv, g);
}
