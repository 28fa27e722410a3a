#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "error.h"
#include "validate.h"

int cmd_validate(int argc, char **argv, const cli_global *g)
{
	const char *rev = NULL, *format = "text";
	int strict = 0, quiet = 0;
	opt_list paths = { 0 };
	opt_spec specs[] = {
		{ OPT_STRING, 'r', "rev", "REV", &rev, 0,
		  "check the series as it is at a revision or workshop (e.g. workshop/tp2); works in bare repositories" },
		{ OPT_STRING, 0, "format", "FORMAT", &format, 0, "text (default) or json" },
		{ OPT_FLAG, 0, "strict", NULL, &strict, 0, "treat warnings as problems (exit 1)" },
		{ OPT_FLAG, 'q', "quiet", NULL, &quiet, 0, "print findings only, no summary" },
		{ OPT_ARGS, 0, "PATH", NULL, &paths, 0,
		  "report only on these files or folders (the whole series is still read)" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti validate [options] [PATH...]",
		"Check the pilot series: JSON syntax, the format (required fields, values,\n"
		"ids), references between files, the program theories' required sections,\n"
		"encoding and sizes.  The series is found from the current folder upwards.",
		"Findings are printed as 'file:line:column: error: message'.\n\n"
		"exit status: 0 valid (warnings allowed unless --strict), 1 problems found,\n"
		"2 bad command line, no series found, or a file could not be read\n",
		specs
	};
	pl_source *src = NULL;
	git_repository *repo = NULL;
	char *root = NULL;
	pl_strlist rel = PL_STRLIST_INIT;
	pl_diags diags = PL_DIAGS_INIT;
	pl_series_stats stats = { 0 };
	pl_buf out = PL_BUF_INIT;
	size_t errors, warnings;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK) {
		opt_list_release(&paths);
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	}
	if (strcmp(format, "text") && strcmp(format, "json")) {
		code = cli_error("the format must be text or json, not '%s'", format);
		goto done;
	}
	if ((code = cli_open_source(g, rev, &src, &repo, &root)) != 0)
		goto done;
	if (paths.count) {
		if (root) {
			if ((code = cli_relative_paths(root, &paths, &rel)) != 0)
				goto done;
		} else {
			for (size_t i = 0; i < paths.count; i++)
				pl_strlist_add(&rel, paths.items[i]);
		}
	}
	if ((rc = pl_validate_series(src, &diags, &stats)) < 0) {
		/* What could be checked is still worth showing. */
		pl_diags_format_text(&diags, &out);
		fputs(out.ptr, stdout);
		code = cli_fail(rc);
		goto done;
	}
	if (rel.count) {
		/* Every file depends on pilot.json: its findings always show. */
		pl_strlist_add(&rel, "pilot.json");
		pl_diags_filter(&diags, rel.items, rel.count);
	}
	errors = pl_diags_count(&diags, PL_DIAG_ERROR);
	warnings = pl_diags_count(&diags, PL_DIAG_WARNING);
	code = errors || (strict && warnings) ? EXIT_FINDINGS : EXIT_OK;
	if (!strcmp(format, "json")) {
		pl_diags_format_json(&diags, &out);
		fputs(out.ptr, stdout);
	} else {
		pl_diags_format_text(&diags, &out);
		fputs(out.ptr, stdout);
		if (!quiet) {
			const char *what = rev ? pl_source_name(src) : root;
			if (stats.id)
				printf("pilot series '%s' in %s: %zu operating model%s, %zu region%s, "
				       "%zu region model%s, %zu workshop%s\n",
				       stats.id, what, stats.models, stats.models == 1 ? "" : "s",
				       stats.regions, stats.regions == 1 ? "" : "s",
				       stats.region_models, stats.region_models == 1 ? "" : "s",
				       stats.workshops, stats.workshops == 1 ? "" : "s");
			if (!errors && !warnings)
				printf("valid: no problems found\n");
			else
				printf("%s: %zu error%s, %zu warning%s\n",
				       code == EXIT_OK ? "valid" : "not valid", errors,
				       errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
		}
	}
	code = cli_finish(code);
done:
	pl_buf_release(&out);
	pl_series_stats_release(&stats);
	pl_diags_release(&diags);
	pl_strlist_release(&rel);
	pl_source_free(src);
	git_repository_free(repo);
	free(root);
	opt_list_release(&paths);
	return code;
}
