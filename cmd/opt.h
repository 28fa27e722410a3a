/*
 * opt.h - one declarative table per command that both parses the command
 * line and prints its help, so the two cannot drift apart.
 */
#ifndef PILOTTI_CMD_OPT_H
#define PILOTTI_CMD_OPT_H

#include <stddef.h>
#include <stdio.h>

typedef enum {
	OPT_FLAG,   /* --name; value: int *, set to 1 */
	OPT_STRING, /* --name VALUE; value: const char ** */
	OPT_LIST,   /* --name VALUE, repeatable; value: opt_list * */
	OPT_ARG,    /* positional; value: const char ** */
	OPT_ARGS    /* the remaining positionals; value: opt_list * */
} opt_type;

typedef struct {
	const char **items; /* borrowed from argv */
	size_t count;
} opt_list;

typedef struct {
	opt_type type;
	char short_name;        /* 0 for none */
	const char *long_name;  /* option name, or the placeholder of a positional */
	const char *value_name; /* shown in help for OPT_STRING/OPT_LIST */
	void *value;
	int required;           /* for OPT_ARG: must be given */
	const char *help;
} opt_spec;

typedef struct {
	const char *usage;    /* "pilotti validate [options] [PATH...]" */
	const char *summary;  /* one line */
	const char *details;  /* more text after the options, or NULL */
	const opt_spec *specs; /* ends with an entry whose long_name is NULL */
	int stop_at_arg;      /* the first positional and all after it go to
	                         the OPT_ARGS list unparsed (global options) */
} opt_command;

enum { OPT_OK = 0, OPT_HELP = 1, OPT_ERROR = -1 };

/*
 * Parses argv[1..argc) per cmd.  Prints the help to stdout and returns
 * OPT_HELP for -h/--help; prints a usage error to stderr and returns
 * OPT_ERROR.  OPT_LIST and OPT_ARGS lists must be released with
 * opt_list_release.
 */
int opt_parse(const opt_command *cmd, int argc, char **argv);
void opt_print_help(const opt_command *cmd, FILE *out);
void opt_list_release(opt_list *l);

#endif
