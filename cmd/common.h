/*
 * common.h - what every command shares: global options, exit codes and
 * printing.  Only cmd/ talks to the terminal.
 */
#ifndef PILOTTI_CMD_COMMON_H
#define PILOTTI_CMD_COMMON_H

#include "diag.h"
#include "opt.h"
#include "scaffold.h"
#include "source.h"

/* Exit codes; the table is in README.md and tested. */
enum {
	EXIT_OK = 0,       /* done; the data is valid */
	EXIT_FINDINGS = 1, /* the data has problems, or a change was refused */
	EXIT_USAGE = 2     /* bad command line, no series, or a read/write failure */
};

typedef struct {
	const char *dir; /* -C / --repo: where to start instead of the current folder */
} cli_global;

typedef int (*cmd_fn)(int argc, char **argv, const cli_global *g);

typedef struct {
	const char *name;
	cmd_fn fn;
	const char *summary;
} cli_command;

/* Runs the subcommand named in argv[1] from table (for "model add" and the
 * like); prints the list for -h. */
int cli_dispatch(const char *usage, const char *summary, const cli_command *table,
		 int argc, char **argv, const cli_global *g);

/* Prints "pilotti: message" from the library's last error and returns the
 * exit code for core error code rc. */
int cli_fail(int rc);
/* Prints "pilotti: message" and returns EXIT_USAGE. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints findings as text to stderr. */
void cli_print_diags(const pl_diags *d);
/* Finds the series folder from g->dir or the current folder; allocated. */
int cli_series_root(const cli_global *g, char **root);
/* Opens a source: the series folder, or the tree at rev of the repository
 * found from g->dir. *repo must be freed after the source. */
int cli_open_source(const cli_global *g, const char *rev, pl_source **src,
		    git_repository **repo, char **root);
/*
 * Opens what a reading command shows: with at, the tree at that closed
 * workshop or revision of the repository; without, the series folder found
 * from g->dir (the files as they are now) or, where there is none (a bare
 * repository), the main branch.  *repo may be set; free it after *src.
 */
int cli_open_at(const cli_global *g, const char *at, pl_source **src,
		git_repository **repo, char **root);
/* Turns paths given on the command line into paths relative to the series
 * folder root; refuses paths outside it. */
int cli_relative_paths(const char *root, const opt_list *args, pl_strlist *out);
/* Flushes stdout; returns EXIT_USAGE with a message if writing failed. */
int cli_finish(int code);
/* Fills a pl_text from --title style options: main names the series'
 * main language. */
void cli_text(pl_text *t, const char *lang, const char *main, const char *fi,
	      const char *sv, const char *en);
/* Prints the outcome of a change to the series: the files written, or the
 * findings and error that refused it; returns the exit code. */
int cli_report_change(int rc, const pl_diags *diags, const pl_strlist *written,
		      const char *done_message);
/* Parses "Name <e-mail>" into p (strings point into text, modified). */
int cli_person(char *text, pl_person *p);

#endif
