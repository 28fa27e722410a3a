#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "error.h"
#include "repo.h"

/* The last path component, as a default series id. */
static const char *base_name(const char *dir)
{
	size_t n = strlen(dir);
	const char *s;
	while (n > 1 && dir[n - 1] == '/')
		n--;
	s = dir + n;
	while (s > dir && s[-1] != '/')
		s--;
	return s;
}

int cmd_init(int argc, char **argv, const cli_global *g)
{
	const char *dir = NULL, *id = NULL, *title = NULL, *lang = "fi";
	const char *title_fi = NULL, *title_sv = NULL, *title_en = NULL, *author = NULL;
	git_signature *sig = NULL;
	opt_spec specs[] = {
		{ OPT_ARG, 0, "DIR", NULL, &dir, 1, "folder to create the series in" },
		{ OPT_STRING, 0, "id", "ID", &id, 0, "the series' id (default: the folder's name)" },
		{ OPT_STRING, 't', "title", "TEXT", &title, 0, "title in the main language" },
		{ OPT_STRING, 0, "title-fi", "TEXT", &title_fi, 0, "title in Finnish" },
		{ OPT_STRING, 0, "title-sv", "TEXT", &title_sv, 0, "title in Swedish" },
		{ OPT_STRING, 0, "title-en", "TEXT", &title_en, 0, "title in English" },
		{ OPT_STRING, 'l', "language", "LANG", &lang, 0, "main language: fi (default), sv or en" },
		{ OPT_STRING, 0, "author", "'NAME <E-MAIL>'", &author, 0,
		  "who makes the first revision (default: git config user.name and user.email)" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti init [options] DIR",
		"Create a new pilot series: a git repository with pilot.json, the JSON\n"
		"Schemas that editors use to check files while you type, and a first revision.",
		"Then add operating models, regions and workshops with 'pilotti model add',\n"
		"'pilotti region add' and 'pilotti workshop add'.\n",
		specs
	};
	pl_init_options opts = { 0 };
	pl_strlist written = PL_STRLIST_INIT;
	pl_diags diags = PL_DIAGS_INIT;
	git_oid commit;
	char hex[GIT_OID_HEXSZ + 1];
	char *path = NULL;
	int rc, code = EXIT_OK;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if (!id)
		id = base_name(dir);
	if (author && (rc = pl_signature_parse(&sig, author)) < 0)
		return cli_fail(rc);
	path = g->dir && dir[0] != '/' ? pl_strfmt("%s/%s", g->dir, dir) : pl_strdup(dir);
	opts.id = id;
	opts.language = lang;
	opts.author = sig;
	cli_text(&opts.title, lang, title ? title : (title_fi || title_sv || title_en ? NULL : id),
		 title_fi, title_sv, title_en);
	rc = pl_series_init(path, &opts, &commit, &written, &diags);
	if (rc < 0) {
		cli_print_diags(&diags);
		code = cli_fail(rc);
		goto done;
	}
	git_oid_tostr(hex, sizeof(hex), &commit);
	printf("Created the pilot series '%s' in %s (revision %.7s)\n", id, path, hex);
	for (size_t i = 0; i < written.count; i++)
		printf("  %s\n", written.items[i]);
	code = cli_finish(EXIT_OK);
done:
	git_signature_free(sig);
	pl_strlist_release(&written);
	pl_diags_release(&diags);
	free(path);
	return code;
}
