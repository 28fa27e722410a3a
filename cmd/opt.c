#include "opt.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void list_add(opt_list *l, const char *s)
{
	l->items = pl_realloc(l->items, (l->count + 1) * sizeof(*l->items));
	l->items[l->count++] = s;
}

void opt_list_release(opt_list *l)
{
	free(l->items);
	l->items = NULL;
	l->count = 0;
}

static const opt_spec *find_long(const opt_spec *specs, const char *name, size_t len)
{
	for (const opt_spec *s = specs; s->long_name; s++)
		if ((s->type == OPT_FLAG || s->type == OPT_STRING || s->type == OPT_LIST) &&
		    strlen(s->long_name) == len && !strncmp(s->long_name, name, len))
			return s;
	return NULL;
}

static const opt_spec *find_short(const opt_spec *specs, char c)
{
	for (const opt_spec *s = specs; s->long_name; s++)
		if (s->short_name == c && (s->type == OPT_FLAG || s->type == OPT_STRING ||
					   s->type == OPT_LIST))
			return s;
	return NULL;
}

/* Prints "pilotti: problem 'what'" and how to get help. */
static void usage_error(const opt_command *cmd, const char *problem, const char *what)
{
	fprintf(stderr, "pilotti: %s '%s'", problem, what);
	size_t n = strcspn(cmd->usage, "[<A-Z'");
	while (n > 0 && cmd->usage[n - 1] == ' ')
		n--;
	fprintf(stderr, "\nusage: %s\n(see '%.*s -h')\n", cmd->usage, (int)n, cmd->usage);
}

static int set_value(const opt_spec *s, const char *value)
{
	switch (s->type) {
	case OPT_FLAG:
		*(int *)s->value = 1;
		break;
	case OPT_STRING:
	case OPT_ARG:
		*(const char **)s->value = value;
		break;
	case OPT_LIST:
	case OPT_ARGS:
		list_add(s->value, value);
		break;
	}
	return 0;
}

int opt_parse(const opt_command *cmd, int argc, char **argv)
{
	const opt_spec *next_arg = cmd->specs;
	int only_args = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const opt_spec *s = NULL;
		const char *value = NULL;

		if (!only_args && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
			opt_print_help(cmd, stdout);
			return OPT_HELP;
		}
		if (!only_args && !strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (!only_args && a[0] == '-' && a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			if (!(s = find_long(cmd->specs, a + 2, len))) {
				usage_error(cmd, "unknown option", a);
				return OPT_ERROR;
			}
			if (s->type == OPT_FLAG) {
				if (eq) {
					usage_error(cmd, "this option takes no value:", a);
					return OPT_ERROR;
				}
			} else if (eq) {
				value = eq + 1;
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				usage_error(cmd, "this option needs a value:", a);
				return OPT_ERROR;
			}
			set_value(s, value);
			continue;
		}
		if (!only_args && a[0] == '-' && a[1] != '\0') {
			for (const char *c = a + 1; *c; c++) {
				char name[3] = { '-', *c, '\0' };
				if (!(s = find_short(cmd->specs, *c))) {
					usage_error(cmd, "unknown option", name);
					return OPT_ERROR;
				}
				if (s->type == OPT_FLAG) {
					set_value(s, NULL);
					continue;
				}
				if (c[1]) {
					value = c + 1;
				} else if (i + 1 < argc) {
					value = argv[++i];
				} else {
					usage_error(cmd, "this option needs a value:", name);
					return OPT_ERROR;
				}
				set_value(s, value);
				break;
			}
			continue;
		}
		while (next_arg->long_name && next_arg->type != OPT_ARG && next_arg->type != OPT_ARGS)
			next_arg++;
		if (cmd->stop_at_arg && next_arg->long_name && next_arg->type == OPT_ARGS) {
			for (; i < argc; i++)
				set_value(next_arg, argv[i]);
			break;
		}
		if (!next_arg->long_name) {
			usage_error(cmd, "unexpected argument", a);
			return OPT_ERROR;
		}
		set_value(next_arg, a);
		if (next_arg->type == OPT_ARG)
			next_arg++;
	}
	for (const opt_spec *s = cmd->specs; s->long_name; s++) {
		if (s->type == OPT_ARG && s->required && !*(const char **)s->value) {
			usage_error(cmd, "missing", s->long_name);
			return OPT_ERROR;
		}
		if (s->type == OPT_ARGS && s->required && ((opt_list *)s->value)->count == 0) {
			usage_error(cmd, "missing", s->long_name);
			return OPT_ERROR;
		}
	}
	return OPT_OK;
}

void opt_print_help(const opt_command *cmd, FILE *out)
{
	int any = 0;

	fprintf(out, "usage: %s\n\n%s\n", cmd->usage, cmd->summary);
	for (const opt_spec *s = cmd->specs; s->long_name; s++) {
		char left[128];
		if (s->type == OPT_ARG || s->type == OPT_ARGS)
			snprintf(left, sizeof(left), "%s%s", s->long_name,
				 s->type == OPT_ARGS ? "..." : "");
		else if (s->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", s->short_name, s->long_name,
				 s->value_name ? " " : "", s->value_name ? s->value_name : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", s->long_name,
				 s->value_name ? " " : "", s->value_name ? s->value_name : "");
		if (!any)
			fputs("\n", out);
		any = 1;
		fprintf(out, "  %-26s %s%s\n", left, s->help,
			s->type == OPT_LIST ? " (may be repeated)" : "");
	}
	fprintf(out, "  %-26s %s\n", "-h, --help", "show this help");
	if (cmd->details)
		fprintf(out, "\n%s", cmd->details);
}
