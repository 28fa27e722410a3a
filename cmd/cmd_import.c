#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "commands.h"
#include "error.h"
#include "import.h"
#include "repo.h"

int cmd_import(int argc, char **argv, const cli_global *g)
{
	const char *dir = NULL, *workshop = NULL, *author = NULL;
	int one = 0;
	opt_spec specs[] = {
		{ OPT_ARG, 0, "DIR", NULL, &dir, 1, "a folder holding the complete series as at the workshop" },
		{ OPT_STRING, 'w', "workshop", "ID", &workshop, 0, "the workshop the folder shows (closed after the import)" },
		{ OPT_STRING, 0, "author", "'NAME <E-MAIL>'", &author, 0,
		  "the facilitator making the import (default: the series' first facilitator)" },
		{ OPT_FLAG, 0, "one-revision", NULL, &one, 0,
		  "make one revision by the author instead of one per region by its maintainer" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti [-C REPO] import DIR --workshop ID",
		"Commit a complete series folder as the state at a workshop and close the\n"
		"workshop.  No checkout is needed: run it on the central (bare) repository.\n"
		"If REPO does not exist, a new bare repository is created there.",
		"By default the change is recorded the way the series is owned: one revision\n"
		"for pilot.json, the reference models and schemas by the facilitator, then one\n"
		"per region whose files changed, by the region's first maintainer, all dated\n"
		"on the workshop's day.\n",
		specs
	};
	const char *path = g->dir ? g->dir : ".";
	git_repository *repo = NULL;
	git_signature *sig = NULL;
	pl_import_options opts = { 0 };
	pl_import_result res;
	pl_diags diags = PL_DIAGS_INIT;
	struct stat st;
	char hex[GIT_OID_HEXSZ + 1];
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if (!workshop)
		return cli_error("say which workshop the folder shows: --workshop ID");
	if (author && (rc = pl_signature_parse(&sig, author)) < 0)
		return cli_fail(rc);
	if (stat(path, &st) < 0)
		rc = pl_repo_create_bare(&repo, path);
	else
		rc = pl_repo_open(&repo, path);
	if (rc < 0) {
		code = cli_fail(rc);
		goto done;
	}
	opts.workshop = workshop;
	opts.author = sig;
	opts.one_revision = one;
	if ((rc = pl_import(repo, dir, &opts, &res, &diags)) < 0) {
		cli_print_diags(&diags);
		code = cli_fail(rc);
		goto done;
	}
	cli_print_diags(&diags); /* warnings */
	git_oid_tostr(hex, sizeof(hex), &res.tip);
	printf("Imported %s as workshop %s: %zu revision%s, main is now %.7s; "
	       "%zu region model%s changed; closed as tag workshop/%s\n",
	       dir, workshop, res.revisions, res.revisions == 1 ? "" : "s", hex, res.changed,
	       res.changed == 1 ? "" : "s", workshop);
	code = cli_finish(EXIT_OK);
done:
	pl_diags_release(&diags);
	git_signature_free(sig);
	git_repository_free(repo);
	return code;
}
