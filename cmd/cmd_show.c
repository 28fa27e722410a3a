#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "error.h"
#include "show.h"

int cmd_show(int argc, char **argv, const cli_global *g)
{
	const char *what = NULL, *at = NULL, *format = "text";
	opt_spec specs[] = {
		{ OPT_ARG, 0, "REGION/MODEL", NULL, &what, 1, "e.g. kainuu/etsiva-sosiaalityo" },
		{ OPT_STRING, 0, "at", "WORKSHOP|REV", &at, 0,
		  "as it was at a closed workshop or a revision (default: the files as they are now; "
		  "in a bare repository, main)" },
		{ OPT_STRING, 0, "format", "FORMAT", &format, 0, "text (default) or json" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti show REGION/MODEL [--at WORKSHOP|REV] [--format text|json]",
		"Show a region's model: its logic model, evaluation and program theory.",
		NULL, specs
	};
	pl_source *src = NULL;
	git_repository *repo = NULL;
	char *root = NULL, *region = NULL;
	const char *slash;
	pl_buf out = PL_BUF_INIT;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_error("the format must be text or json, not '%s'", format);
	if (!(slash = strchr(what, '/')) || strchr(slash + 1, '/'))
		return cli_error("say which region and model: REGION/MODEL, e.g. kainuu/etsiva-sosiaalityo");
	if ((code = cli_open_at(g, at, &src, &repo, &root)) != 0)
		goto done;
	region = pl_strndup(what, (size_t)(slash - what));
	rc = pl_show_region_model(src, region, slash + 1,
				  strcmp(format, "json") ? PL_SHOW_TEXT : PL_SHOW_JSON, &out);
	if (rc < 0) {
		code = cli_fail(rc);
		goto done;
	}
	fputs(out.ptr, stdout);
	code = cli_finish(EXIT_OK);
done:
	pl_buf_release(&out);
	free(region);
	free(root);
	pl_source_free(src);
	git_repository_free(repo);
	return code;
}
