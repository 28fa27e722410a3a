#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "error.h"
#include "fmt.h"

int cmd_fmt(int argc, char **argv, const cli_global *g)
{
	int check = 0;
	opt_list paths = { 0 };
	opt_spec specs[] = {
		{ OPT_FLAG, 0, "check", NULL, &check, 0,
		  "change nothing; list the files not in the canonical layout and exit 1 if any" },
		{ OPT_ARGS, 0, "PATH", NULL, &paths, 0, "only these files or folders" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti fmt [--check] [PATH...]",
		"Rewrite the series' JSON files in the canonical layout: fields in the order\n"
		"of the format, two-space indent, a final newline.  Only the layout changes,\n"
		"never the data, so that revisions show only real changes.",
		NULL,
		specs
	};
	char *root = NULL;
	pl_strlist rel = PL_STRLIST_INIT, changed = PL_STRLIST_INIT;
	pl_diags diags = PL_DIAGS_INIT;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK) {
		opt_list_release(&paths);
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	}
	if ((code = cli_series_root(g, &root)) != 0)
		goto done;
	if ((code = cli_relative_paths(root, &paths, &rel)) != 0)
		goto done;
	if ((rc = pl_fmt_series(root, rel.items, rel.count, check, &changed, &diags)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	cli_print_diags(&diags);
	for (size_t i = 0; i < changed.count; i++)
		printf("%s%s\n", check ? "not canonical: " : "formatted ", changed.items[i]);
	code = diags.count || (check && changed.count) ? EXIT_FINDINGS : EXIT_OK;
	code = cli_finish(code);
done:
	pl_diags_release(&diags);
	pl_strlist_release(&rel);
	pl_strlist_release(&changed);
	free(root);
	opt_list_release(&paths);
	return code;
}
