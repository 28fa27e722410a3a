#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "error.h"
#include "json.h"
#include "repo.h"
#include "report.h"
#include "templates.h"
#include "workshop.h"

int cmd_report(int argc, char **argv, const cli_global *g)
{
	const char *at = NULL, *format = "html", *output = NULL, *lang = NULL, *template = NULL;
	opt_list models = { 0 }, regions = { 0 };
	opt_spec specs[] = {
		{ OPT_STRING, 0, "at", "WORKSHOP|REV", &at, 0,
		  "the workshop or revision to report on (default: the last closed workshop)" },
		{ OPT_LIST, 'm', "model", "MODEL", &models, 0, "only this operating model" },
		{ OPT_LIST, 'r', "region", "REGION", &regions, 0, "only this region" },
		{ OPT_STRING, 0, "format", "FORMAT", &format, 0, "html (default), md, json or csv" },
		{ OPT_STRING, 0, "template", "FILE", &template, 0,
		  "lay the html or md report out with this template instead of the built-in one" },
		{ OPT_STRING, 0, "lang", "LANG", &lang, 0, "labels in fi, sv or en (default: the series' language)" },
		{ OPT_STRING, 'o', "output", "FILE", &output, 0, "write to FILE instead of standard output" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti report [--at WORKSHOP|REV] [--model M...] [--region R...] [--format html|md|json|csv] [-o FILE]",
		"Compare the regions per operating model: core elements and their fidelity,\n"
		"outcomes, conditions, evaluation status and changes since the previous\n"
		"workshop.  Reads the repository directly; works on a bare repository.",
		"HTML is one self-contained page for screen and print; Markdown for the article\n"
		"collection.  The JSON is the report's data model (docs/report.md), which\n"
		"--template FILE lays out; the CSV has one row per region, model and core\n"
		"element, for R, SPSS and Excel.\n",
		specs
	};
	git_repository *repo = NULL;
	pl_source *src = NULL, *prev = NULL;
	pl_workshops ws = { 0 };
	pl_report_options ro;
	json_t *report = NULL;
	pl_buf out = PL_BUF_INIT;
	char *name = NULL, *prev_name = NULL;
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
	if (strcmp(format, "html") && strcmp(format, "md") && strcmp(format, "json") && strcmp(format, "csv")) {
		code = cli_error("the format must be html, md, json or csv, not '%s'", format);
		goto done;
	}
	if (template && strcmp(format, "html") && strcmp(format, "md")) {
		code = cli_error("--template lays out html or md reports only");
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
	name = pl_workshop_name(repo, at);
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
	ro.html = !strcmp(format, "html");
	if ((rc = pl_report_build(src, &ro, &report)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	if (!strcmp(format, "csv")) {
		rc = pl_report_csv(report, &out);
	} else if (!strcmp(format, "json")) {
		rc = pl_json_dump(report, &out);
	} else {
		pl_buf text = PL_BUF_INIT;
		const char *tname = template ? template : !strcmp(format, "md") ? "report/report.md" : "report/report.html";
		if (template) {
			rc = pl_read_file(template, 1024 * 1024, &text);
		} else {
			const pl_template *t = pl_template_find(tname);
			rc = t ? 0 : pl_error_set(PL_ERROR, "'%s' is missing from this build", tname);
			if (t)
				pl_buf_add(&text, t->data, t->len);
		}
		if (rc == 0)
			rc = pl_report_render(report, tname, text.ptr, text.len, !strcmp(format, "md"), &out);
		pl_buf_release(&text);
	}
	if (rc < 0) {
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
