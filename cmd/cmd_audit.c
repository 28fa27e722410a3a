#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "commands.h"
#include "error.h"
#include "repo.h"
#include "workshop.h"

int cmd_audit(int argc, char **argv, const cli_global *g)
{
	const char *range = NULL;
	opt_spec specs[] = {
		{ OPT_ARG, 0, "[RANGE]", NULL, &range, 0,
		  "FROM..TO (workshop ids or revisions) or TO; default: all of main" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti audit [FROM..TO | TO]",
		"Check existing history: that every revision changed only files its author\n"
		"may change (as pilot.json said before it), and that the series was valid and\n"
		"without personal data at every revision.  Lists what is wrong, oldest first.",
		"exit status: 0 nothing wrong, 1 violations listed, 2 bad range or no repository\n",
		specs
	};
	git_repository *repo = NULL;
	pl_violations v = { 0 };
	git_oid from, to;
	char *from_s = NULL;
	const char *to_s = NULL;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if (range && strstr(range, "..")) {
		from_s = pl_strndup(range, (size_t)(strstr(range, "..") - range));
		to_s = strstr(range, "..") + 2;
	} else {
		to_s = range;
	}
	if ((rc = pl_repo_open(&repo, g->dir ? g->dir : ".")) < 0 ||
	    (to_s && *to_s ? (rc = pl_resolve_commit(repo, to_s, &to)) : (rc = pl_main_tip(repo, &to))) < 0 ||
	    (from_s && (rc = pl_resolve_commit(repo, from_s, &from)) < 0) ||
	    (rc = pl_audit(repo, from_s ? &from : NULL, &to, NULL, NULL, &v)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	for (size_t i = 0; i < v.count; i++) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &v.items[i].commit);
		printf("%.7s %s%s%s\n", hex, v.items[i].path ? v.items[i].path : "",
		       v.items[i].path ? ": " : "", v.items[i].message);
	}
	if (v.count)
		printf("%zu violation%s\n", v.count, v.count == 1 ? "" : "s");
	else
		printf("No violations: every revision was made by someone who may, and the series was valid\n");
	code = cli_finish(v.count ? EXIT_FINDINGS : EXIT_OK);
done:
	pl_violations_release(&v);
	free(from_s);
	git_repository_free(repo);
	return code;
}
