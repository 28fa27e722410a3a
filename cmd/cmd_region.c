#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "error.h"

static int region_add(int argc, char **argv, const cli_global *g)
{
	const char *id = NULL, *name = NULL, *fi = NULL, *sv = NULL, *en = NULL;
	opt_list models = { 0 }, maintainers = { 0 };
	opt_spec specs[] = {
		{ OPT_ARG, 0, "ID", NULL, &id, 1, "the region's id, e.g. pohjois-karjala" },
		{ OPT_STRING, 'n', "name", "TEXT", &name, 0, "name in the series' main language" },
		{ OPT_STRING, 0, "name-fi", "TEXT", &fi, 0, "name in Finnish" },
		{ OPT_STRING, 0, "name-sv", "TEXT", &sv, 0, "name in Swedish" },
		{ OPT_STRING, 0, "name-en", "TEXT", &en, 0, "name in English" },
		{ OPT_LIST, 'm', "model", "MODEL", &models, 0, "an operating model the region pilots" },
		{ OPT_LIST, 0, "maintainer", "'NAME <E-MAIL>'", &maintainers, 0,
		  "a person who may change the region's files" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti region add [options] ID --name TEXT [--model MODEL...] [--maintainer 'NAME <E-MAIL>'...]",
		"Add a welfare region to the series.  For each model it pilots, its files\n"
		"are created from the reference model: regions/ID/MODEL/logic-model.json,\n"
		"program-theory.md and evaluation.json.",
		NULL, specs
	};
	pl_series *s = NULL;
	pl_diags diags = PL_DIAGS_INIT;
	pl_strlist written = PL_STRLIST_INIT;
	pl_person *people = NULL;
	char **copies = NULL;
	pl_text text;
	char *root = NULL, *msg = NULL;
	int rc, code = EXIT_USAGE;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK) {
		code = rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
		goto done;
	}
	if (!name && !fi && !sv && !en) {
		code = cli_error("a region needs a name: --name TEXT");
		goto done;
	}
	people = pl_calloc(maintainers.count + 1, sizeof(*people));
	copies = pl_calloc(maintainers.count + 1, sizeof(*copies));
	for (size_t i = 0; i < maintainers.count; i++) {
		copies[i] = pl_strdup(maintainers.items[i]);
		if ((code = cli_person(copies[i], &people[i])) != 0)
			goto done;
	}
	if ((code = cli_series_root(g, &root)) != 0)
		goto done;
	if ((rc = pl_series_open(&s, root, &diags)) == 0) {
		cli_text(&text, pl_series_language(s), name, fi, sv, en);
		rc = pl_series_add_region(s, id, &text, models.items, models.count, people,
					  maintainers.count, &written, &diags);
	}
	msg = pl_strfmt("Added the region '%s':", id);
	code = cli_report_change(rc, &diags, &written, msg);
done:
	for (size_t i = 0; copies && i < maintainers.count; i++)
		free(copies[i]);
	free(copies);
	free(people);
	free(msg);
	free(root);
	pl_series_free(s);
	pl_diags_release(&diags);
	pl_strlist_release(&written);
	opt_list_release(&models);
	opt_list_release(&maintainers);
	return code;
}

static int region_add_model(int argc, char **argv, const cli_global *g)
{
	const char *region = NULL, *model = NULL;
	opt_spec specs[] = {
		{ OPT_ARG, 0, "REGION", NULL, &region, 1, "the region's id" },
		{ OPT_ARG, 0, "MODEL", NULL, &model, 1, "the operating model's id" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti region add-model REGION MODEL",
		"Let a region pilot an operating model and create the region's files for it\n"
		"from the reference model: the logic model with the reference core elements\n"
		"as is, the program theory from the reference's, and an evaluation with\n"
		"nothing assessed yet.  Existing files are never overwritten.",
		NULL, specs
	};
	pl_series *s = NULL;
	pl_diags diags = PL_DIAGS_INIT;
	pl_strlist written = PL_STRLIST_INIT;
	char *root = NULL, *msg;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if ((code = cli_series_root(g, &root)) != 0)
		return code;
	if ((rc = pl_series_open(&s, root, &diags)) == 0)
		rc = pl_series_add_region_model(s, region, model, &written, &diags);
	msg = pl_strfmt("Region '%s' now pilots '%s':", region, model);
	code = cli_report_change(rc, &diags, &written, msg);
	free(msg);
	free(root);
	pl_series_free(s);
	pl_diags_release(&diags);
	pl_strlist_release(&written);
	return code;
}

int cmd_region(int argc, char **argv, const cli_global *g)
{
	static const cli_command sub[] = {
		{ "add", region_add, "add a welfare region and create its files" },
		{ "add-model", region_add_model, "let a region pilot one more model" },
		{ NULL, NULL, NULL }
	};
	return cli_dispatch("pilotti region <command> [options]",
			    "Work with the series' welfare regions.", sub, argc, argv, g);
}
