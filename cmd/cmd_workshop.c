#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "error.h"
#include "repo.h"
#include "workshop.h"

static int workshop_add(int argc, char **argv, const cli_global *g)
{
	const char *id = NULL, *date = NULL, *title = NULL, *fi = NULL, *sv = NULL, *en = NULL;
	opt_spec specs[] = {
		{ OPT_ARG, 0, "ID", NULL, &id, 1, "the workshop's id, e.g. tp1" },
		{ OPT_STRING, 'd', "date", "YYYY-MM-DD", &date, 0, "the day of the workshop" },
		{ OPT_STRING, 't', "title", "TEXT", &title, 0, "title in the series' main language" },
		{ OPT_STRING, 0, "title-fi", "TEXT", &fi, 0, "title in Finnish" },
		{ OPT_STRING, 0, "title-sv", "TEXT", &sv, 0, "title in Swedish" },
		{ OPT_STRING, 0, "title-en", "TEXT", &en, 0, "title in English" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti workshop add ID --date YYYY-MM-DD --title TEXT",
		"Add a planned workshop to the series.  Workshops are listed in date order.",
		NULL, specs
	};
	pl_series *s = NULL;
	pl_diags diags = PL_DIAGS_INIT;
	pl_text text;
	char *root = NULL, *msg;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if (!date)
		return cli_error("a workshop needs a date: --date YYYY-MM-DD");
	if (!title && !fi && !sv && !en)
		return cli_error("a workshop needs a title: --title TEXT");
	if ((code = cli_series_root(g, &root)) != 0)
		return code;
	if ((rc = pl_series_open(&s, root, &diags)) == 0) {
		cli_text(&text, pl_series_language(s), title, fi, sv, en);
		rc = pl_series_add_workshop(s, id, date, &text, &diags);
	}
	msg = pl_strfmt("Added the workshop '%s' on %s to pilot.json", id, date);
	code = cli_report_change(rc, &diags, NULL, msg);
	free(msg);
	free(root);
	pl_series_free(s);
	pl_diags_release(&diags);
	return code;
}

static int workshop_close(int argc, char **argv, const cli_global *g)
{
	const char *id = NULL, *author = NULL;
	opt_spec specs[] = {
		{ OPT_ARG, 0, "ID", NULL, &id, 1, "the workshop to close, e.g. tp1" },
		{ OPT_STRING, 0, "author", "'NAME <E-MAIL>'", &author, 0,
		  "who closes it (default: git config user.name and user.email)" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti workshop close [--author 'NAME <E-MAIL>'] ID",
		"Close a workshop: mark the series on the main branch, as it is now, as the\n"
		"workshop's snapshot (an annotated tag workshop/ID).  The series must be\n"
		"valid.  A closed workshop can never be moved or closed again.",
		NULL, specs
	};
	git_repository *repo = NULL;
	git_signature *sig = NULL;
	pl_diags diags = PL_DIAGS_INIT;
	pl_buf summary = PL_BUF_INIT;
	git_oid tag;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if ((rc = pl_repo_open(&repo, g->dir ? g->dir : ".")) < 0 ||
	    (rc = author ? pl_signature_parse(&sig, author) : pl_signature_default(repo, &sig)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	rc = pl_workshop_close(repo, id, sig, &tag, &summary, &diags);
	if (rc < 0) {
		cli_print_diags(&diags);
		code = cli_fail(rc);
		goto done;
	}
	printf("Closed workshop '%s' as tag workshop/%s\n\n%s", id, id, summary.ptr);
	code = cli_finish(EXIT_OK);
done:
	pl_buf_release(&summary);
	pl_diags_release(&diags);
	git_signature_free(sig);
	git_repository_free(repo);
	return code;
}

static int workshop_list(int argc, char **argv, const cli_global *g)
{
	const char *rev = NULL;
	opt_spec specs[] = {
		{ OPT_STRING, 'r', "rev", "REV", &rev, 0,
		  "read the workshops from pilot.json at this revision (default: main)" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti workshop list [--rev REV]",
		"List the series' workshops with date, status (planned or closed), the\n"
		"snapshot's revision and how many region models changed since the previous\n"
		"closed workshop (for the next planned one: changed so far).",
		NULL, specs
	};
	git_repository *repo = NULL;
	pl_workshops list = { 0 };
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if ((rc = pl_repo_open(&repo, g->dir ? g->dir : ".")) < 0 ||
	    (rc = pl_workshops_list(repo, rev, &list)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	printf("%-12s %-10s %-8s %-8s %s\n", "WORKSHOP", "DATE", "STATUS", "REVISION", "CHANGED");
	for (size_t i = 0, first_planned = 1; i < list.count; i++) {
		const pl_workshop *w = &list.items[i];
		char hex[GIT_OID_HEXSZ + 1] = "-";
		if (w->closed)
			git_oid_tostr(hex, sizeof(hex), &w->commit);
		printf("%-12s %-10s %-8s %-8.7s ", w->id, w->date, w->closed ? "closed" : "planned", hex);
		if (w->closed)
			printf("%zu of %zu region models", w->changed, w->total);
		else if (first_planned)
			printf("%zu of %zu so far", w->changed, w->total);
		else
			printf("-");
		if (!w->closed)
			first_planned = 0;
		printf("  %s\n", w->title);
	}
	code = cli_finish(EXIT_OK);
done:
	pl_workshops_release(&list);
	git_repository_free(repo);
	return code;
}

int cmd_workshop(int argc, char **argv, const cli_global *g)
{
	static const cli_command sub[] = {
		{ "add", workshop_add, "add a planned workshop" },
		{ "close", workshop_close, "close a workshop: snapshot the series as it is" },
		{ "list", workshop_list, "list the workshops and their status" },
		{ NULL, NULL, NULL }
	};
	return cli_dispatch("pilotti workshop <command> [options]",
			    "Work with the series' workshops.", sub, argc, argv, g);
}
