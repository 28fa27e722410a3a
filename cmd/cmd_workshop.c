#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "error.h"

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

int cmd_workshop(int argc, char **argv, const cli_global *g)
{
	static const cli_command sub[] = {
		{ "add", workshop_add, "add a planned workshop" },
		{ NULL, NULL, NULL }
	};
	return cli_dispatch("pilotti workshop <command> [options]",
			    "Work with the series' workshops.", sub, argc, argv, g);
}
