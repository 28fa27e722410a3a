#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "error.h"
#include "repo.h"
#include "revise.h"
#include "workshop.h"

static const char *kind_word(pl_change_kind k)
{
	return k == PL_CHANGE_ADDED ? "added" : k == PL_CHANGE_DELETED ? "removed" : "modified";
}

/* Prints changes grouped: each region model, then the region's other files,
 * then the series' own files. */
static void print_grouped(const pl_changes *c)
{
	const char *last_region = NULL, *last_model = NULL;
	int series_heading = 0;

	if (c->count == 0) {
		printf("  nothing\n");
		return;
	}
	for (size_t i = 0; i < c->count; i++) {
		const pl_change *x = &c->items[i];
		const char *region = x->region ? x->region : "";
		const char *model = x->model ? x->model : "";
		const char *file;
		if (!x->region)
			continue;
		if (!last_region || strcmp(region, last_region) || strcmp(model, last_model)) {
			if (x->model)
				printf("  region %s, model %s\n", region, model);
			else
				printf("  region %s\n", region);
			last_region = region;
			last_model = model;
		}
		file = x->path + strlen("regions/") + strlen(region) + 1;
		if (x->model)
			file += strlen(model) + 1;
		printf("    %-9s%s\n", kind_word(x->kind), file);
	}
	for (size_t i = 0; i < c->count; i++) {
		const pl_change *x = &c->items[i];
		if (x->region)
			continue;
		if (!series_heading)
			printf("  the series' own files\n");
		series_heading = 1;
		printf("    %-9s%s\n", kind_word(x->kind), x->path);
	}
}

int cmd_status(int argc, char **argv, const cli_global *g)
{
	opt_spec specs[] = { { 0, 0, NULL, NULL, NULL, 0, NULL } };
	const opt_command cmd = {
		"pilotti status",
		"Show which files of the series have changed, by region and model: since\n"
		"the last revision (what 'pilotti commit' would record) and since the last\n"
		"closed workshop.",
		NULL, specs
	};
	git_repository *repo = NULL;
	pl_changes since_rev = { 0 }, since_ws = { 0 };
	pl_workshops ws = { 0 };
	const pl_workshop *last = NULL;
	git_oid head;
	char hex[GIT_OID_HEXSZ + 1];
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if ((rc = pl_repo_open(&repo, g->dir ? g->dir : ".")) < 0 ||
	    (rc = pl_changes_since(repo, NULL, &since_rev)) < 0) {
		code = cli_fail(rc);
		goto done;
	}
	if (git_reference_name_to_id(&head, repo, "HEAD") == 0) {
		git_oid_tostr(hex, sizeof(hex), &head);
		printf("Changed since the last revision (%.7s):\n", hex);
	} else {
		printf("Changed since the start (no revision yet):\n");
	}
	print_grouped(&since_rev);
	if (pl_workshops_list(repo, NULL, &ws) == 0)
		for (size_t i = 0; i < ws.count; i++)
			if (ws.items[i].closed)
				last = &ws.items[i];
	if (last) {
		if ((rc = pl_changes_since(repo, &last->commit, &since_ws)) < 0) {
			code = cli_fail(rc);
			goto done;
		}
		printf("\nChanged since workshop %s (%s):\n", last->id, last->date);
		print_grouped(&since_ws);
	} else {
		printf("\nNo workshop is closed yet.\n");
	}
	code = cli_finish(EXIT_OK);
done:
	pl_workshops_release(&ws);
	pl_changes_release(&since_rev);
	pl_changes_release(&since_ws);
	git_repository_free(repo);
	return code;
}
