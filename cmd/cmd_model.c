#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "error.h"

static int model_add(int argc, char **argv, const cli_global *g)
{
	const char *id = NULL, *title = NULL, *fi = NULL, *sv = NULL, *en = NULL;
	opt_spec specs[] = {
		{ OPT_ARG, 0, "ID", NULL, &id, 1, "the model's id, e.g. etsiva-sosiaalityo" },
		{ OPT_STRING, 't', "title", "TEXT", &title, 0, "title in the series' main language" },
		{ OPT_STRING, 0, "title-fi", "TEXT", &fi, 0, "title in Finnish" },
		{ OPT_STRING, 0, "title-sv", "TEXT", &sv, 0, "title in Swedish" },
		{ OPT_STRING, 0, "title-en", "TEXT", &en, 0, "title in English" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti model add [options] ID --title TEXT",
		"Add an operating model to the series and create its reference model:\n"
		"models/ID/model.json (core elements, mechanisms, outcomes) and\n"
		"models/ID/theory.md (the program theory with the required sections).",
		NULL, specs
	};
	pl_series *s = NULL;
	pl_diags diags = PL_DIAGS_INIT;
	pl_strlist written = PL_STRLIST_INIT;
	pl_text text;
	char *root = NULL, *msg = NULL;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if (!title && !fi && !sv && !en)
		return cli_error("an operating model needs a title: --title TEXT");
	if ((code = cli_series_root(g, &root)) != 0)
		return code;
	if ((rc = pl_series_open(&s, root, &diags)) == 0) {
		cli_text(&text, pl_series_language(s), title, fi, sv, en);
		rc = pl_series_add_model(s, id, &text, &written, &diags);
	}
	msg = pl_strfmt("Added the operating model '%s':", id);
	code = cli_report_change(rc, &diags, &written, msg);
	free(msg);
	pl_series_free(s);
	pl_diags_release(&diags);
	pl_strlist_release(&written);
	free(root);
	return code;
}

int cmd_model(int argc, char **argv, const cli_global *g)
{
	static const cli_command sub[] = {
		{ "add", model_add, "add an operating model and create its reference model" },
		{ NULL, NULL, NULL }
	};
	return cli_dispatch("pilotti model <command> [options]",
			    "Work with the series' operating models.", sub, argc, argv, g);
}
