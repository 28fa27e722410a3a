/*
 * pilotti - keeps welfare regions' logic models, program theories and
 * evaluations in a git repository.  This file parses the global options
 * and hands over to one command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "commands.h"
#include "error.h"

static const cli_command commands[] = {
	{ "init", cmd_init, "create a new pilot series repository" },
	{ "validate", cmd_validate, "check the series' files and report every problem" },
	{ "fmt", cmd_fmt, "rewrite JSON files in the canonical layout" },
	{ "model", cmd_model, "add an operating model and its reference model" },
	{ "region", cmd_region, "add a welfare region, or a model it pilots" },
	{ "workshop", cmd_workshop, "add, close and list workshops" },
	{ "facilitator", cmd_facilitator, "add a facilitator to the series" },
	{ "status", cmd_status, "show what changed since the last revision and workshop" },
	{ "commit", cmd_commit, "record the changed files as a new revision" },
	{ "sync", cmd_sync, "send own revisions to the central repository and get the others'" },
	{ "remote", cmd_remote, "show or set the central repository's address" },
	{ "log", cmd_log, "list the revisions of the series, a region or a region model" },
	{ "diff", cmd_diff, "show how regions' models changed between workshops" },
	{ "report", cmd_report, "compare the regions per model: matrix, outcomes, evaluation" },
	{ "audit", cmd_audit, "check history: who changed what, and that it was valid" },
	{ "hook", cmd_hook, "guard the central repository: who may push what" },
	{ "show", cmd_show, "show a region's model as it is, or was at a workshop" },
	{ "import", cmd_import, "commit a series folder as a workshop's state and close it" },
	{ NULL, NULL, NULL }
};

static int run(int argc, char **argv)
{
	cli_global g = { NULL };
	int version = 0;
	opt_list rest = { 0 };
	opt_spec specs[] = {
		{ OPT_STRING, 'C', "repo", "PATH", &g.dir, 0,
		  "work in PATH (a series folder or a repository, bare ones included) instead of the current folder" },
		{ OPT_FLAG, 0, "version", NULL, &version, 0, "show the version" },
		{ OPT_ARGS, 0, "COMMAND [ARGS]", NULL, &rest, 0, "the command to run and its arguments" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	pl_buf details = PL_BUF_INIT;
	opt_command cmd = {
		"pilotti [-C PATH] <command> [options]",
		"Keeps welfare regions' logic models, program theories and evaluations\n"
		"of a workshop series in a git repository.",
		NULL, specs, 1
	};
	int rc, code;

	pl_buf_puts(&details, "commands:\n");
	for (const cli_command *c = commands; c->name; c++)
		pl_buf_printf(&details, "  %-12s %s\n", c->name, c->summary);
	pl_buf_puts(&details,
		    "\n'pilotti COMMAND -h' shows a command's options.\n"
		    "\nexit status: 0 done, 1 the data has problems or a change was refused,\n"
		    "2 bad command line, no series found, or a file could not be read or written\n");
	cmd.details = details.ptr;

	rc = opt_parse(&cmd, argc, argv);
	if (rc == OPT_HELP) {
		code = cli_finish(EXIT_OK);
	} else if (rc != OPT_OK) {
		code = EXIT_USAGE;
	} else if (version) {
		printf("pilotti %s (libgit2 %s, jansson %s)\n", PILOTTI_VERSION, LIBGIT2_VERSION,
		       JANSSON_VERSION);
		code = cli_finish(EXIT_OK);
	} else if (rest.count == 0) {
		opt_print_help(&cmd, stderr);
		code = EXIT_USAGE;
	} else if (!strcmp(rest.items[0], "help")) {
		opt_print_help(&cmd, stdout);
		code = cli_finish(EXIT_OK);
	} else {
		const cli_command *c = commands;
		while (c->name && strcmp(c->name, rest.items[0]))
			c++;
		/* The list holds argv's own pointers. */
		code = c->name ? c->fn((int)rest.count, (char **)rest.items, &g)
			       : cli_error("'%s' is not a pilotti command; see 'pilotti -h'",
					   rest.items[0]);
	}
	opt_list_release(&rest);
	pl_buf_release(&details);
	return code;
}

int main(int argc, char **argv)
{
	int code;

	git_libgit2_init();
	/* Like git, trust object ids on reading; 'git fsck' checks contents.
	 * Hashing every object read costs a third of a history walk. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	code = run(argc, argv);
	pl_error_clear();
	git_libgit2_shutdown();
	return code;
}
