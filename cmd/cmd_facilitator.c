#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "error.h"

static int facilitator_add(int argc, char **argv, const cli_global *g)
{
	const char *who = NULL;
	opt_spec specs[] = {
		{ OPT_ARG, 0, "'NAME <E-MAIL>'", NULL, &who, 1, "the facilitator, e.g. 'Anna Virtanen <anna.virtanen@thl.fi>'" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti facilitator add 'NAME <E-MAIL>'",
		"Add a facilitator to the series.  Facilitators may change every file.",
		NULL, specs
	};
	pl_series *s = NULL;
	pl_diags diags = PL_DIAGS_INIT;
	pl_person p;
	char *copy = NULL, *root = NULL, *msg = NULL;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	copy = pl_strdup(who);
	if ((code = cli_person(copy, &p)) != 0)
		goto done;
	if ((code = cli_series_root(g, &root)) != 0)
		goto done;
	if ((rc = pl_series_open(&s, root, &diags)) == 0)
		rc = pl_series_add_facilitator(s, &p, &diags);
	msg = pl_strfmt("Added the facilitator %s <%s> to pilot.json", p.name, p.email);
	code = cli_report_change(rc, &diags, NULL, msg);
done:
	free(msg);
	free(copy);
	free(root);
	pl_series_free(s);
	pl_diags_release(&diags);
	return code;
}

int cmd_facilitator(int argc, char **argv, const cli_global *g)
{
	static const cli_command sub[] = {
		{ "add", facilitator_add, "add a facilitator" },
		{ NULL, NULL, NULL }
	};
	return cli_dispatch("pilotti facilitator <command> [options]",
			    "Work with the series' facilitators.", sub, argc, argv, g);
}
