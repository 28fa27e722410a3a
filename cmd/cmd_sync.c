#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "error.h"
#include "repo.h"
#include "remote.h"
#include "sync.h"

/* What the terminal shows while revisions travel. */
typedef struct {
	int tty;          /* progress only on a terminal */
	int progress_shown;
	int at_line_start; /* for the central repository's messages */
} sync_view;

static void end_progress(sync_view *v)
{
	if (v->progress_shown) {
		fputc('\n', stderr);
		v->progress_shown = 0;
	}
}

static void on_progress(void *payload, const char *stage, size_t done, size_t total)
{
	sync_view *v = payload;
	if (!v->tty || total == 0)
		return;
	fprintf(stderr, "\r%s revisions: %3zu%% (%zu/%zu)",
		!strcmp(stage, "receiving") ? "Receiving" : "Sending", done * 100 / total, done, total);
	v->progress_shown = 1;
	if (done == total)
		end_progress(v);
}

/* The central repository's own messages (its hook's), line by line. */
static void on_message(void *payload, const char *text, size_t len)
{
	sync_view *v = payload;
	end_progress(v);
	for (size_t i = 0; i < len; i++) {
		if (v->at_line_start) {
			fputs("central: ", stderr);
			v->at_line_start = 0;
		}
		fputc(text[i] == '\r' ? '\n' : text[i], stderr);
		if (text[i] == '\n' || text[i] == '\r')
			v->at_line_start = 1;
	}
}

static void plural(size_t n, const char *one, const char *many)
{
	printf("%zu %s", n, n == 1 ? one : many);
}

static void print_done(const pl_sync_result *r)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), &r->tip);
	if (!r->received && !r->sent && !r->tags_received && !r->tags_sent) {
		printf("Up to date with the central repository (revision %.7s)\n", hex);
		return;
	}
	if (r->received) {
		printf("Received ");
		plural(r->received, "revision", "revisions");
		printf(" from the central repository\n");
	}
	if (r->sent) {
		printf("Sent ");
		plural(r->sent, "revision", "revisions");
		printf(r->combined ? ", after the central repository's newer ones\n" : "\n");
	}
	if (r->already) {
		plural(r->already, "own revision was", "own revisions were");
		printf(" already on the central repository\n");
	}
	if (r->tags_received) {
		printf("Received ");
		plural(r->tags_received, "closed workshop", "closed workshops");
		printf("\n");
	}
	if (r->tags_sent) {
		printf("Sent ");
		plural(r->tags_sent, "closed workshop", "closed workshops");
		printf("\n");
	}
	if (r->tries > 1)
		printf("Sent on try %d: others sent theirs first\n", r->tries);
	printf("main is now revision %.7s\n", hex);
}

static void print_conflict(git_repository *repo, const pl_sync_result *r, int set_aside)
{
	char *remote = pl_remote_name(repo);
	const char *kept = r->kept ? r->kept : "";

	if (set_aside) {
		printf("Took the central repository's version of:\n");
		for (size_t i = 0; i < r->conflict_paths.count; i++)
			printf("  %s\n", r->conflict_paths.items[i]);
		printf("Your change to %s is set aside, not lost: it is kept as %s\n",
		       r->conflict_paths.count == 1 ? "it" : "them", kept);
		free(remote);
		return;
	}
	fprintf(stderr, "pilotti: %s%s%s changed the same %s as your revision \"%s\":\n",
		r->conflict_by ? "" : "someone on the central repository",
		r->conflict_by ? r->conflict_by : "", r->conflict_by ? " on the central repository" : "",
		r->conflict_paths.count == 1 ? "file" : "files",
		r->conflict_revision ? r->conflict_revision : "");
	for (size_t i = 0; i < r->conflict_paths.count; i++)
		fprintf(stderr, "  %s\n", r->conflict_paths.items[i]);
	fprintf(stderr,
		"Nothing was sent and nothing was lost: your revision is still here, and kept as\n"
		"%s (see it with: pilotti diff refs/remotes/%s/main %s).\n"
		"Agree on the change together, then take the central version with\n"
		"'pilotti sync --use-central' (your change stays kept) and make it again.\n",
		kept, remote, kept);
	free(remote);
}

int cmd_sync(int argc, char **argv, const cli_global *g)
{
	const char *tries = NULL;
	int use_central = 0;
	opt_spec specs[] = {
		{ OPT_FLAG, 0, "use-central", NULL, &use_central, 0,
		  "where you and the central repository changed the same file, take the central version "
		  "(your change is kept aside)" },
		{ OPT_STRING, 0, "tries", "N", &tries, 0,
		  "how many times to send while others send first (default 30)" },
		{ 0, 0, NULL, NULL, NULL, 0, NULL }
	};
	const opt_command cmd = {
		"pilotti sync [--use-central] [--tries N]",
		"Get the revisions and closed workshops from the central repository, put your\n"
		"own revisions after them and send them.  Each region has its own folder, so\n"
		"revisions combine by themselves; only when you and someone else changed the\n"
		"same file does sync stop, and then nothing is sent and nothing is lost.",
		"Credentials for https come from PILOTTI_USERNAME and PILOTTI_PASSWORD, or from\n"
		"git's credential helper (git config credential.helper); for ssh from the ssh\n"
		"agent or ~/.ssh/id_ed25519, id_ecdsa, id_rsa (or PILOTTI_SSH_KEY).\n"
		"\nexit status: 0 in sync, 1 a conflict or the central repository refused the\n"
		"revisions, 2 the central repository could not be reached, or a bad command line\n",
		specs
	};
	git_repository *repo = NULL;
	sync_view view = { 0, 0, 1 };
	pl_transfer transfer = { on_progress, on_message, &view, 0 };
	pl_sync_options opts = { 0 };
	pl_sync_result r = { 0 };
	pl_diags diags = PL_DIAGS_INIT;
	int rc, code;

	if ((rc = opt_parse(&cmd, argc, argv)) != OPT_OK)
		return rc == OPT_HELP ? cli_finish(EXIT_OK) : EXIT_USAGE;
	if (tries) {
		char *end;
		long n = strtol(tries, &end, 10);
		if (*end || n < 1 || n > 1000)
			return cli_error("--tries takes a number from 1 to 1000");
		opts.tries = (int)n;
	}
	view.tty = isatty(2);
	transfer.interactive = isatty(0) && isatty(2);
	opts.transfer = &transfer;
	opts.use_central = use_central;
	if ((rc = pl_repo_open(&repo, g->dir ? g->dir : ".")) < 0)
		return cli_fail(rc);
	rc = pl_sync(repo, &opts, &r, &diags);
	end_progress(&view);
	if (!view.at_line_start)
		fputc('\n', stderr);
	for (size_t i = 0; i < r.notes.count; i++)
		fprintf(stderr, "pilotti: note: %s\n", r.notes.items[i]);
	if (rc == PL_ECONFLICT) {
		print_conflict(repo, &r, 0);
		code = EXIT_FINDINGS;
	} else if (rc < 0) {
		cli_print_diags(&diags);
		code = cli_fail(rc);
		for (size_t i = 0; i < r.conflict_paths.count; i++)
			fprintf(stderr, "  %s\n", r.conflict_paths.items[i]);
	} else {
		if (r.conflict_paths.count)
			print_conflict(repo, &r, 1);
		print_done(&r);
		code = cli_finish(EXIT_OK);
	}
	pl_diags_release(&diags);
	pl_sync_result_release(&r);
	git_repository_free(repo);
	return code;
}
