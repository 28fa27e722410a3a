/*
 * pilotti - keeps welfare regions' logic models, program theories and
 * evaluations in a git repository.  This file parses the global options
 * and hands over to one command.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "commands.h"
#include "error.h"

static const cli_command commands[] = {
	{ "init", cmd_init, "create a new pilot series repository" },
	{ "validate", cmd_validate, "check the series' files and report every problem" },
	{ "fmt", cmd_fmt, "rewrite JSON files in the canonical layout" },
	{ "model", cmd_model, "add an operating model and its reference model" },
	{ "region", cmd_region, "add a welfare region, or a model it pilots" },
	{ "workshop", cmd_workshop, "add a workshop to the series" },
	{ "facilitator", cmd_facilitator, "add a facilitator to the series" },
	{ "import", cmd_import, "commit a series folder as a workshop's state and close it" },
	{ NULL, NULL, NULL }
};

static void print_help(FILE *out)
{
	fputs("usage: pilotti [-C PATH] <command> [options]\n\n"
	      "Keeps welfare regions' logic models, program theories and evaluations\n"
	      "of a workshop series in a git repository.\n\n"
	      "commands:\n", out);
	for (const cli_command *c = commands; c->name; c++)
		fprintf(out, "  %-12s %s\n", c->name, c->summary);
	fputs("\noptions:\n"
	      "  -C, --repo PATH  work in PATH (a series folder or a repository,\n"
	      "                   bare ones included) instead of the current folder\n"
	      "  -h, --help       show this help; 'pilotti COMMAND -h' for a command\n"
	      "  --version        show the version\n"
	      "\nexit status: 0 done, 1 the data has problems or a change was refused,\n"
	      "2 bad command line, no series found, or a file could not be read or written\n",
	      out);
}

static int run(int argc, char **argv)
{
	cli_global g = { NULL };
	int i = 1;

	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_help(stdout);
			return cli_finish(EXIT_OK);
		}
		if (!strcmp(a, "--version")) {
			printf("pilotti %s (libgit2 %s, jansson %s)\n", PILOTTI_VERSION,
			       LIBGIT2_VERSION, JANSSON_VERSION);
			return cli_finish(EXIT_OK);
		}
		if (!strcmp(a, "-C") || !strcmp(a, "--repo")) {
			if (i + 1 >= argc)
				return cli_error("option '%s' needs a folder", a);
			g.dir = argv[i + 1];
			i += 2;
			continue;
		}
		if (!strncmp(a, "--repo=", 7)) {
			g.dir = a + 7;
			i++;
			continue;
		}
		cli_error("unknown option '%s'", a);
		fputs("usage: pilotti [-C PATH] <command> [options]; see 'pilotti -h'\n", stderr);
		return EXIT_USAGE;
	}
	if (i >= argc) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	for (const cli_command *c = commands; c->name; c++)
		if (!strcmp(c->name, argv[i]))
			return c->fn(argc - i, argv + i, &g);
	if (!strcmp(argv[i], "help")) {
		print_help(stdout);
		return cli_finish(EXIT_OK);
	}
	return cli_error("'%s' is not a pilotti command; see 'pilotti -h'", argv[i]);
}

int main(int argc, char **argv)
{
	int code;

	setlocale(LC_ALL, "");
	git_libgit2_init();
	code = run(argc, argv);
	pl_error_clear();
	git_libgit2_shutdown();
	return code;
}
