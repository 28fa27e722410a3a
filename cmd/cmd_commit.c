#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "error.h"
#include "repo.h"
#include "revise.h"

int cmd_commit(int argc, char **argv, const cli_global *g)
{
	const char *message = NULL, *author = NULL;
	opt_spec specs[] = {
		{ OPT_STRING, 'm', "message", "TEXT", &message, 0, "what changed and why" },
		{ OPT_STRING, 0, "author", "'NAME <E-MAIL>'", &author, 0,
		  "who made the change (default: git config user.name and user.email)" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti commit -m MESSAGE [--author 'NAME <E-MAIL>']",
		"Record the changed files of the series as a new revision.  The series is\n"
		"checked first: nothing is committed if it is not valid.  A region's\n"
		"maintainers may change their region's files; the facilitators anything.",
		NULL, specs
	};
	git_repository *repo = NULL;
	git_signature *sig = NULL;
	pl_commit_options opts = { 0 };
	pl_changes changes = { 0 };
	pl_diags diags = PL_DIAGS_INIT;
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1];
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if (!message || !*message)
		return cli_error("say what changed and why: -m MESSAGE");
	if ((author && (rc = pl_signature_parse(&sig, author)) < 0) ||
	    (rc = pl_repo_open(&repo, g->dir ? g->dir : ".")) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	opts.message = message;
	opts.author = sig;
	if ((rc = pl_commit(repo, &opts, &id, &changes, &diags)) < 0) {
		cli_print_diags(&diags);
		code = cli_fail(rc);
		goto done;
	}
	cli_print_diags(&diags); /* warnings */
	if (changes.count == 0) {
		printf("Nothing to commit: the series is as in the last revision\n");
	} else {
		git_oid_tostr(hex, sizeof(hex), &id);
		printf("Committed revision %.7s: %zu file%s\n", hex, changes.count,
		       changes.count == 1 ? "" : "s");
		for (size_t i = 0; i < changes.count; i++)
			printf("  %s  %s\n",
			       changes.items[i].kind == PL_CHANGE_ADDED ? "added   " :
			       changes.items[i].kind == PL_CHANGE_DELETED ? "removed " : "modified",
			       changes.items[i].path);
	}
	code = cli_finish(EXIT_OK);
done:
	pl_changes_release(&changes);
	pl_diags_release(&diags);
	git_signature_free(sig);
	git_repository_free(repo);
	return code;
}
