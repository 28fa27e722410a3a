#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "error.h"
#include "remote.h"
#include "repo.h"

static int open_clone(const cli_global *g, git_repository **repo)
{
	int rc = pl_repo_open(repo, g->dir ? g->dir : ".");
	return rc < 0 ? cli_fail(rc) : 0;
}

static int remote_show(int argc, char **argv, const cli_global *g)
{
	opt_spec specs[] = { { 0, 0, NULL, NULL, NULL, 0, NULL } };
	const opt_command cmd = {
		"pilotti remote [show]",
		"Show the address of the central repository that sync uses.",
		NULL, specs
	};
	git_repository *repo = NULL;
	char *url = NULL, *name = NULL;
	int rc, code;

	if (argc > 0 && (rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if ((code = open_clone(g, &repo)) != 0)
		return code;
	name = pl_remote_name(repo);
	if ((rc = pl_remote_url(repo, &url)) < 0) {
		code = cli_fail(rc);
		if (rc == PL_ENOTFOUND) /* none set yet: an answer, not a failure */
			code = EXIT_FINDINGS;
	} else {
		printf("%s\t%s\n", name, url);
		code = cli_finish(EXIT_OK);
	}
	free(url);
	free(name);
	git_repository_free(repo);
	return code;
}

static int remote_set(int argc, char **argv, const cli_global *g)
{
	const char *url = NULL;
	opt_spec specs[] = {
		{ OPT_ARG, 0, "URL", NULL, &url, 1,
		  "https://host/path.git, ssh://user@host/path.git, user@host:path.git or a folder" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti remote set URL",
		"Set the address of the central repository (the remote 'origin', or the one\n"
		"git config pilotti.remote names).",
		NULL, specs
	};
	git_repository *repo = NULL;
	char *name = NULL;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if ((code = open_clone(g, &repo)) != 0)
		return code;
	if ((rc = pl_remote_set_url(repo, url)) < 0) {
		code = cli_fail(rc);
	} else {
		name = pl_remote_name(repo);
		printf("The central repository (%s) is now %s\n", name, url);
		code = cli_finish(EXIT_OK);
	}
	free(name);
	git_repository_free(repo);
	return code;
}

int cmd_remote(int argc, char **argv, const cli_global *g)
{
	static const cli_command sub[] = {
		{ "show", remote_show, "show the central repository's address (the default)" },
		{ "set", remote_set, "set the central repository's address" },
		{ NULL, NULL, NULL }
	};
	if (argc < 2)
		return remote_show(0, argv, g);
	return cli_dispatch("pilotti remote [show | set URL]",
			    "The central repository that sync sends revisions to and gets them from.",
			    sub, argc, argv, g);
}
