#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "error.h"
#include "json.h"
#include "repo.h"
#include "report.h"
#include "workshop.h"

int cmd_report(int argc, char **argv, const cli_global *g)
{
	const char *at = NULL, *format = "json", *output = NULL, *lang = NULL;
	opt_list models = { 0 }, regions = { 0 };
	opt_spec specs[] = {
		{ OPT_STRING, 0, "at", "WORKSHOP|REV", &at, 0,
		  "the workshop or revision to report on (default: the last closed workshop)" },
		{ OPT_LIST, 'm', "model", "MODEL", &models, 0, "only this operating model" },
		{ OPT_LIST, 'r', "region", "REGION", &regions, 0, "only this region" },
		{ OPT_STRING, 0, "format", "FORMAT", &format, 0, "json (default) or csv" },
		{ OPT_STRING, 0, "lang", "LANG", &lang, 0, "labels in fi, sv or en (default: the series' language)" },
		{ OPT_STRING, 'o', "output", "FILE", &output, 0, "write to FILE instead of standard output" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti report [--at WORKSHOP|REV] [--model M...] [--region R...] [--format json|csv] [-o FILE]",
		"Compare the regions per operating model: core elements and their fidelity,\n"
		"outcomes, conditions, evaluation status and changes since the previous\n"
		"workshop.  Reads the repository directly; works on a bare repository.",
		"The JSON is the report's data model (docs/report.md); the CSV has one row per\n"
		"region, model and core element, for R, SPSS and Excel.\n",
		specs
	};
	git_repository *repo = NULL;
	pl_source *src = NULL, *prev = NULL;
	pl_workshops ws = { 0 };
	pl_report_options ro;
	json_t *report = NULL;
	pl_buf out = PL_BUF_INIT;
	char *rev = NULL, *name = NULL, *prev_name = NULL;
	const char **mlist = NULL, **rlist = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid id;
	const char *workshop = NULL;
	int rc, code;

	memset(&ro, 0, sizeof(ro));
	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK) {
		code = rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
		goto done;
	}
	if (strcmp(format, "json") && strcmp(format, "csv")) {
		code = cli_error("the format must be json or csv, not '%s'", format);
		goto done;
	}
	if (lang && strcmp(lang, "fi") && strcmp(lang, "sv") && strcmp(lang, "en")) {
		code = cli_error("the language must be fi, sv or en, not '%s'", lang);
		goto done;
	}
	if ((rc = pl_repo_open(&repo, g->dir ? g->dir : ".")) < 0 ||
	    (rc = pl_workshops_list(repo, NULL, &ws)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	if (!at) {
		for (size_t i = 0; i < ws.count; i++)
			if (ws.items[i].closed)
				at = ws.items[i].id;
		if (!at)
			at = "main";
	}
	/* The workshop shown, and the closed one before it for the changes. */
	for (size_t i = 0; i < ws.count; i++) {
		if (!strcmp(ws.items[i].id, at) && ws.items[i].closed) {
			workshop = ws.items[i].id;
			break;
		}
		if (ws.items[i].closed) {
			free(prev_name);
			prev_name = pl_strfmt("workshop/%s", ws.items[i].id);
		}
	}
	if ((rc = pl_resolve_commit(repo, at, &id)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	git_oid_tostr(hex, sizeof(hex), &id);
	rev = pl_workshop_rev(repo, at);
	name = pl_strdup(!strncmp(rev, "refs/tags/", 10) ? rev + 10 : rev);
	if ((rc = pl_source_open_rev(&src, repo, hex)) < 0 ||
	    (prev_name && (rc = pl_source_open_rev(&prev, repo, prev_name)) < 0)) {
		code = cli_fail(rc);
		goto done;
	}
	mlist = pl_calloc(models.count + 1, sizeof(*mlist));
	rlist = pl_calloc(regions.count + 1, sizeof(*rlist));
	for (size_t i = 0; i < models.count; i++)
		mlist[i] = models.items[i];
	for (size_t i = 0; i < regions.count; i++)
		rlist[i] = regions.items[i];
	ro.name = name;
	ro.commit = hex;
	ro.workshop = workshop;
	ro.previous = prev;
	ro.previous_name = prev_name;
	ro.lang = lang;
	ro.models = models.count ? mlist : NULL;
	ro.regions = regions.count ? rlist : NULL;
	if ((rc = pl_report_build(src, &ro, &report)) < 0 ||
	    (rc = !strcmp(format, "csv") ? pl_report_csv(report, &out) : pl_json_dump(report, &out)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	if (output) {
		if ((rc = pl_write_file(output, out.ptr, out.len)) < 0) {
			code = cli_fail(rc);
			goto done;
		}
		printf("Wrote the report on %s to %s\n", name, output);
	} else {
		fwrite(out.ptr, 1, out.len, stdout);
	}
	code = cli_finish(EXIT_OK);
done:
	free(mlist);
	free(rlist);
	free(rev);
	free(name);
	free(prev_name);
	json_decref(report);
	pl_buf_release(&out);
	pl_source_free(src);
	pl_source_free(prev);
	pl_workshops_release(&ws);
	git_repository_free(repo);
	opt_list_release(&models);
	opt_list_release(&regions);
	return code;
}
