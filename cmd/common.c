#include "common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "repo.h"
#include "workshop.h"

int cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("pilotti: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int cli_fail(int rc)
{
	const char *msg = pl_error_last();
	fprintf(stderr, "pilotti: %s\n", *msg ? msg : "failed");
	return rc == PL_EINVALID || rc == PL_EEXISTS || rc == PL_ECONFLICT ? EXIT_FINDINGS : EXIT_USAGE;
}

void cli_print_diags(const pl_diags *d)
{
	pl_buf out = PL_BUF_INIT;
	pl_diags_format_text(d, &out);
	fputs(out.ptr, stderr);
	pl_buf_release(&out);
}

int cli_series_root(const cli_global *g, char **root)
{
	int rc = pl_series_find(root, g->dir ? g->dir : ".");
	if (rc < 0)
		return cli_fail(rc);
	return 0;
}

int cli_open_source(const cli_global *g, const char *rev, pl_source **src,
		    git_repository **repo, char **root)
{
	int rc;

	*src = NULL;
	*repo = NULL;
	*root = NULL;
	if (rev) {
		if ((rc = pl_repo_open(repo, g->dir ? g->dir : ".")) < 0)
			return cli_fail(rc);
		if ((rc = pl_source_open_rev(src, *repo, rev)) < 0)
			return cli_fail(rc);
		return 0;
	}
	if ((rc = cli_series_root(g, root)) != 0)
		return rc;
	if ((rc = pl_source_open_dir(src, *root)) < 0)
		return cli_fail(rc);
	return 0;
}

int cli_open_at(const cli_global *g, const char *at, pl_source **src,
		git_repository **repo, char **root)
{
	const char *start = g->dir ? g->dir : ".";
	char *rev;
	int rc;

	*src = NULL;
	*repo = NULL;
	*root = NULL;
	if (!at && pl_series_find(root, start) == 0) {
		if ((rc = pl_source_open_dir(src, *root)) < 0)
			return cli_fail(rc);
		return 0;
	}
	if ((rc = pl_repo_open(repo, start)) < 0) {
		if (!at)
			pl_error_set(PL_ENOTFOUND,
				     "no pilot series here: no pilot.json in '%s' or above it, and no repository",
				     start);
		return cli_fail(rc);
	}
	rev = at ? pl_workshop_rev(*repo, at) : pl_strdup("main");
	rc = pl_source_open_rev(src, *repo, rev);
	free(rev);
	return rc < 0 ? cli_fail(rc) : 0;
}

int cli_finish(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "pilotti: cannot write the output: %s\n", strerror(errno));
		return EXIT_USAGE;
	}
	return code;
}

void cli_text(pl_text *t, const char *lang, const char *main, const char *fi,
	      const char *sv, const char *en)
{
	t->fi = fi;
	t->sv = sv;
	t->en = en;
	if (!main)
		return;
	if (!strcmp(lang, "sv"))
		t->sv = main;
	else if (!strcmp(lang, "en"))
		t->en = main;
	else
		t->fi = main;
}

int cli_person(char *text, pl_person *p)
{
	int rc = pl_person_split(text, &p->name, &p->email);
	return rc < 0 ? cli_fail(rc) : 0;
}

int cli_dispatch(const char *usage, const char *summary, const cli_command *table,
		 int argc, char **argv, const cli_global *g)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		FILE *out = argc < 2 ? stderr : stdout;
		fprintf(out, "usage: %s\n\n%s\n\ncommands:\n", usage, summary);
		for (const cli_command *c = table; c->name; c++)
			fprintf(out, "  %-12s %s\n", c->name, c->summary);
		return argc < 2 ? EXIT_USAGE : cli_finish(EXIT_OK);
	}
	for (const cli_command *c = table; c->name; c++)
		if (!strcmp(c->name, argv[1]))
			return c->fn(argc - 1, argv + 1, g);
	size_t n = strcspn(usage, "<[");
	while (n > 0 && usage[n - 1] == ' ')
		n--;
	return cli_error("'%s' is not a command here; see '%.*s -h'", argv[1], (int)n, usage);
}

int cli_relative_paths(const char *root, const opt_list *args, pl_strlist *out)
{
	size_t rootlen = strlen(root);

	for (size_t i = 0; i < args->count; i++) {
		char *real = realpath(args->items[i], NULL);
		if (!real)
			return cli_error("cannot find '%s'", args->items[i]);
		if (strncmp(real, root, rootlen) != 0 ||
		    (real[rootlen] != '\0' && real[rootlen] != '/')) {
			cli_error("'%s' is outside the pilot series in %s", args->items[i], root);
			free(real);
			return EXIT_USAGE;
		}
		pl_strlist_add(out, real[rootlen] ? real + rootlen + 1 : "");
		free(real);
	}
	return 0;
}

/* Prints what a scaffolding change did, or why it was refused. */
int cli_report_change(int rc, const pl_diags *diags, const pl_strlist *written,
		      const char *done_message)
{
	if (rc < 0) {
		if (diags->count)
			cli_print_diags(diags);
		return cli_fail(rc);
	}
	printf("%s\n", done_message);
	for (size_t i = 0; written && i < written->count; i++)
		printf("  %s\n", written->items[i]);
	return cli_finish(EXIT_OK);
}
