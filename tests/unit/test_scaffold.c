#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "error.h"
#include "scaffold.h"
#include "source.h"
#include "templates.h"
#include "validate.h"

typedef struct {
	char *base;           /* temporary folder */
	char *root;           /* base/sarja: the series */
	git_signature *author;
	pl_series *series;    /* open, after setup_series */
	pl_diags diags;
	pl_strlist written;
	char *before;         /* a snapshot taken by remember() */
} fixture;

static const pl_text series_title = { "Sarja", NULL, "Series" };

static int setup_empty(void **state)
{
	fixture *f = pl_calloc(1, sizeof(*f));
	f->base = th_tempdir("pl-scaffold");
	f->root = pl_strfmt("%s/sarja", f->base);
	assert_int_equal(git_signature_now(&f->author, "Testi Tekij\xc3\xa4", "testi@example.org"), 0);
	*state = f;
	return 0;
}

static void init_series(fixture *f, const char *id, const pl_text *title, const char *language)
{
	pl_init_options opts;
	git_oid commit;
	memset(&opts, 0, sizeof(opts));
	opts.id = id;
	opts.title = *title;
	opts.language = language;
	opts.author = f->author;
	assert_int_equal(pl_series_init(f->root, &opts, &commit, NULL, &f->diags), 0);
}

static int setup_series(void **state)
{
	fixture *f;
	setup_empty(state);
	f = *state;
	init_series(f, "sarja", &series_title, "fi");
	assert_int_equal(pl_series_open(&f->series, f->root, &f->diags), 0);
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pl_series_free(f->series);
	git_signature_free(f->author);
	pl_diags_release(&f->diags);
	pl_strlist_release(&f->written);
	th_rmtree(f->base);
	free(f->before);
	free(f->root);
	free(f->base);
	free(f);
	pl_error_clear();
	return 0;
}

/* ---- helpers -------------------------------------------------------------- */

static void snap(pl_source *src, const char *path, pl_buf *out)
{
	pl_entries e;
	if (pl_source_list(src, path, &e) < 0)
		return;
	for (size_t i = 0; i < e.count; i++) {
		char *child = *path ? pl_strfmt("%s/%s", path, e.items[i].name)
				    : pl_strdup(e.items[i].name);
		if (!strcmp(e.items[i].name, ".git")) {
			free(child);
			continue;
		}
		if (e.items[i].type == PL_ENTRY_DIR) {
			pl_buf_printf(out, "%s/\n", child);
			snap(src, child, out);
		} else {
			pl_buf data = PL_BUF_INIT;
			size_t size = 0;
			pl_source_read(src, child, 1 << 20, &data, &size);
			pl_buf_printf(out, "%s\n%s\n", child, data.ptr);
			pl_buf_release(&data);
		}
		free(child);
	}
	pl_entries_release(&e);
}

/* Every file below dir (but those in .git folders) with its contents. */
static char *snapshot(const char *dir)
{
	pl_source *src = NULL;
	pl_buf out = PL_BUF_INIT;
	struct stat st;
	if (stat(dir, &st) < 0)
		return pl_strdup("(no folder)");
	assert_int_equal(pl_source_open_dir(&src, dir), 0);
	snap(src, "", &out);
	pl_source_free(src);
	return pl_buf_detach(&out);
}

static void remember(fixture *f)
{
	free(f->before);
	f->before = snapshot(f->base);
}

static void assert_unchanged_at(fixture *f, const char *file, int line)
{
	char *now = snapshot(f->base);
	int same = strcmp(now, f->before) == 0;
	if (!same) {
		/* show where the snapshots part (cmocka cuts long messages) */
		size_t at = 0;
		while (now[at] && now[at] == f->before[at])
			at++;
		while (at > 0 && now[at - 1] != '\n')
			at--;
		print_error("%s:%d: files changed; from the first difference\n--- before:\n%.300s\n"
			    "--- after:\n%.300s\n", file, line, f->before + at, now + at);
	}
	free(now);
	if (!same)
		_fail(file, line);
}

#define assert_unchanged(f) assert_unchanged_at(f, __FILE__, __LINE__)

static char *read_text(const char *root, const char *rel)
{
	pl_source *src = NULL;
	pl_buf b = PL_BUF_INIT;
	size_t size = 0;
	assert_int_equal(pl_source_open_dir(&src, root), 0);
	assert_int_equal(pl_source_read(src, rel, 1 << 20, &b, &size), 0);
	pl_source_free(src);
	return pl_buf_detach(&b);
}

static json_t *read_json(const char *root, const char *rel)
{
	char *text = read_text(root, rel);
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);
	free(text);
	assert_non_null(v);
	return v;
}

static int exists(const char *root, const char *rel)
{
	char *path = pl_strfmt("%s/%s", root, rel);
	struct stat st;
	int r = lstat(path, &st) == 0;
	free(path);
	return r;
}

static char *written_text(const pl_strlist *l)
{
	pl_buf b = PL_BUF_INIT;
	for (size_t i = 0; i < l->count; i++)
		pl_buf_printf(&b, "%s%s", i ? " " : "", l->items[i]);
	return pl_buf_detach(&b);
}

static void assert_written_at(fixture *f, const char *want, const char *file, int line)
{
	char *got = written_text(&f->written);
	int ok = strcmp(got, want) == 0;
	if (!ok)
		print_error("%s:%d: written: got '%s', want '%s'\n", file, line, got, want);
	free(got);
	if (!ok)
		_fail(file, line);
}

#define assert_written(f, want) assert_written_at(f, want, __FILE__, __LINE__)

/* The findings of pl_validate_series on the series, as text. */
static char *validation_of(const char *root)
{
	pl_source *src = NULL;
	pl_diags d = PL_DIAGS_INIT;
	char *text;
	assert_int_equal(pl_source_open_dir(&src, root), 0);
	assert_int_equal(pl_validate_series(src, &d, NULL), 0);
	text = th_diags_text(&d);
	pl_diags_release(&d);
	pl_source_free(src);
	return text;
}

static void assert_valid_at(const char *root, const char *file, int line)
{
	char *got = validation_of(root);
	int ok = !*got;
	if (!ok)
		print_error("%s:%d: the series has findings:\n%s", file, line, got);
	free(got);
	if (!ok)
		_fail(file, line);
}

#define assert_valid(root) assert_valid_at(root, __FILE__, __LINE__)

static void assert_has_finding_at(const pl_diags *d, const char *needle, const char *file, int line)
{
	th_assert_diag_at(d, needle, file, line);
}

#define assert_finding(f, needle) assert_has_finding_at(&(f)->diags, needle, __FILE__, __LINE__)

/* A reference model with two core elements, a mechanism and an outcome. */
static const char model_json[] =
	"{\n"
	"  \"$schema\": \"../../schemas/model.schema.json\",\n"
	"  \"model\": \"etsiva\",\n"
	"  \"core_elements\": [\n"
	"    {\n"
	"      \"id\": \"jalkautuminen\",\n"
	"      \"title\": \"Jalkautuminen\",\n"
	"      \"description\": \"Ty\xc3\xb6ntekij\xc3\xa4 menee ihmisten luo.\"\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"luottamus\",\n"
	"      \"title\": \"Luottamus\",\n"
	"      \"description\": \"\"\n"
	"    }\n"
	"  ],\n"
	"  \"mechanisms\": [\n"
	"    {\n"
	"      \"id\": \"kohtaaminen\",\n"
	"      \"title\": \"Kohtaaminen\",\n"
	"      \"description\": \"\",\n"
	"      \"elements\": [\n"
	"        \"jalkautuminen\",\n"
	"        \"luottamus\"\n"
	"      ]\n"
	"    }\n"
	"  ],\n"
	"  \"outcomes\": [\n"
	"    {\n"
	"      \"id\": \"yhteys\",\n"
	"      \"title\": \"Yhteys palveluihin\",\n"
	"      \"description\": \"\",\n"
	"      \"mechanisms\": [\n"
	"        \"kohtaaminen\"\n"
	"      ],\n"
	"      \"horizon\": \"short\"\n"
	"    }\n"
	"  ]\n"
	"}\n";

static const char theory_md[] =
	"# Etsiv\xc3\xa4\n\n## Mik\xc3\xa4 toimii\n\n## Kenelle\n\n## Miss\xc3\xa4 olosuhteissa\n\n"
	"## Miten\n\nViitemallin teksti.\n";

static const pl_text model_title = { "Etsiv\xc3\xa4 sosiaality\xc3\xb6", NULL, NULL };
static const pl_text region_name = { "Kainuu", "Kajanaland", NULL };

/* Adds the model "etsiva" and gives it the reference model above. */
static void add_reference_model(fixture *f)
{
	assert_int_equal(pl_series_add_model(f->series, "etsiva", &model_title, NULL, &f->diags), 0);
	th_write(f->root, "models/etsiva/model.json", model_json);
	th_write(f->root, "models/etsiva/theory.md", theory_md);
}

/* ---- init ------------------------------------------------------------------- */

static void init_creates_the_series_files(void **state)
{
	fixture *f = *state;
	pl_init_options opts = { "sarja", { "Sarja", NULL, "Series" }, "fi", f->author };
	git_oid commit;
	char *text;
	const pl_template *t;

	assert_int_equal(pl_series_init(f->root, &opts, &commit, &f->written, &f->diags), 0);
	assert_int_equal(f->diags.count, 0);
	assert_written(f, "pilot.json schemas/pilot.schema.json schemas/model.schema.json "
		       "schemas/logic-model.schema.json schemas/evaluation.schema.json .gitattributes");
	for (size_t i = 1; i <= 4; i++) {
		t = pl_template_find(f->written.items[i]);
		assert_non_null(t);
		text = read_text(f->root, f->written.items[i]);
		assert_string_equal(text, t->data);
		free(text);
	}
	text = read_text(f->root, ".gitattributes");
	assert_string_equal(text, pl_template_find("scaffold/gitattributes")->data);
	free(text);
	assert_valid(f->root);
}

static void init_writes_pilot_json_in_the_canonical_layout(void **state)
{
	static const char start[] =
		"{\n"
		"  \"$schema\": \"schemas/pilot.schema.json\",\n"
		"  \"format\": 1,\n"
		"  \"id\": \"sarja\",\n"
		"  \"title\": {\n"
		"    \"fi\": \"Sarja\",\n"
		"    \"en\": \"Series\"\n"
		"  },\n"
		"  \"language\": \"fi\",\n"
		"  \"models\": [],\n"
		"  \"regions\": [],\n"
		"  \"workshops\": [],\n"
		"  \"facilitators\": [\n"
		"    {\n"
		"      \"name\": \"Testi Tekij\xc3\xa4\",\n"
		"      \"email\": \"testi@example.org\"\n"
		"    }\n"
		"  ],\n"
		"  \"theory_sections\": [\n";
	fixture *f = *state;
	char *text;
	json_t *pilot;
	pl_buf canon = PL_BUF_INIT;

	init_series(f, "sarja", &series_title, "fi");
	text = read_text(f->root, "pilot.json");
	assert_true(strncmp(text, start, strlen(start)) == 0);
	pilot = read_json(f->root, "pilot.json");
	assert_int_equal(json_array_size(json_object_get(pilot, "theory_sections")), 4);
	assert_int_equal(pl_canonical_json(PL_FILE_PILOT, pilot, &canon), 0);
	assert_string_equal(text, canon.ptr);
	json_decref(pilot);
	pl_buf_release(&canon);
	free(text);
}

static void init_commits_on_main_as_the_author(void **state)
{
	fixture *f = *state;
	pl_init_options opts = { "sarja", { "Sarja", NULL, NULL }, "fi", f->author };
	git_oid commit, head;
	git_repository *repo = NULL;
	git_reference *ref = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	char *text;

	assert_int_equal(pl_series_init(f->root, &opts, &commit, NULL, &f->diags), 0);
	assert_int_equal(git_repository_open(&repo, f->root), 0);
	assert_int_equal(git_reference_lookup(&ref, repo, "HEAD"), 0);
	assert_string_equal(git_reference_symbolic_target(ref), "refs/heads/main");
	assert_int_equal(git_reference_name_to_id(&head, repo, "refs/heads/main"), 0);
	assert_true(git_oid_equal(&head, &commit));
	assert_int_equal(git_commit_lookup(&c, repo, &commit), 0);
	assert_int_equal(git_commit_parentcount(c), 0);
	assert_string_equal(git_commit_author(c)->name, "Testi Tekij\xc3\xa4");
	assert_string_equal(git_commit_author(c)->email, "testi@example.org");
	assert_string_equal(git_commit_message(c), "Start the series sarja\n\nCreated by pilotti init.\n");
	assert_int_equal(git_commit_tree(&tree, c), 0);
	assert_int_equal(git_tree_entrycount(tree), 3); /* .gitattributes, pilot.json, schemas */
	assert_int_equal(git_tree_entry_bypath(&e, tree, "pilot.json"), 0);
	assert_int_equal(git_blob_lookup(&blob, repo, git_tree_entry_id(e)), 0);
	text = read_text(f->root, "pilot.json");
	assert_int_equal(git_blob_rawsize(blob), strlen(text));
	assert_memory_equal(git_blob_rawcontent(blob), text, strlen(text));
	free(text);
	git_tree_entry_free(e);
	assert_int_equal(git_tree_entry_bypath(&e, tree, "schemas/evaluation.schema.json"), 0);
	/* nothing is left uncommitted */
	{
		git_status_list *st = NULL;
		assert_int_equal(git_status_list_new(&st, repo, NULL), 0);
		assert_int_equal(git_status_list_entrycount(st), 0);
		git_status_list_free(st);
	}
	git_tree_entry_free(e);
	git_blob_free(blob);
	git_tree_free(tree);
	git_commit_free(c);
	git_reference_free(ref);
	git_repository_free(repo);
}

static void init_into_an_empty_existing_folder(void **state)
{
	fixture *f = *state;
	assert_int_equal(mkdir(f->root, 0777), 0);
	init_series(f, "sarja", &series_title, "fi");
	assert_true(exists(f->root, "pilot.json"));
}

static void init_into_a_non_empty_folder_is_refused(void **state)
{
	fixture *f = *state;
	pl_init_options opts = { "sarja", { "Sarja", NULL, NULL }, "fi", f->author };
	git_oid commit;
	th_write(f->root, "muistiinpanot.txt", "omat tiedostot\n");
	remember(f);
	assert_int_equal(pl_series_init(f->root, &opts, &commit, &f->written, &f->diags), PL_EEXISTS);
	assert_non_null(strstr(pl_error_last(), "already exists and is not empty"));
	assert_int_equal(f->written.count, 0);
	assert_false(exists(f->root, ".git"));
	assert_unchanged(f);
}

static void init_with_a_bad_id_writes_nothing(void **state)
{
	fixture *f = *state;
	pl_init_options opts = { "Sarja 1", { "Sarja", NULL, NULL }, "fi", f->author };
	git_oid commit;
	remember(f);
	assert_int_equal(pl_series_init(f->root, &opts, &commit, &f->written, &f->diags), PL_EUSAGE);
	assert_string_equal(pl_error_last(), "'Sarja 1' cannot be the series' id: use lowercase letters "
			    "a-z, digits and hyphens, at most 64 characters (give one with --id)");
	assert_int_equal(f->written.count, 0);
	assert_false(exists(f->base, "sarja"));
	assert_unchanged(f);
}

static void init_without_a_title_in_the_main_language_writes_nothing(void **state)
{
	fixture *f = *state;
	pl_init_options opts = { "sarja", { "Sarja", NULL, NULL }, "sv", f->author };
	git_oid commit;
	remember(f);
	assert_int_equal(pl_series_init(f->root, &opts, &commit, NULL, &f->diags), PL_EINVALID);
	assert_finding(f, "'title' has no text in the series' main language 'sv'");
	assert_unchanged(f);
}

static void init_with_an_unknown_language_writes_nothing(void **state)
{
	fixture *f = *state;
	pl_init_options opts = { "sarja", { "Sarja", NULL, NULL }, "de", f->author };
	git_oid commit;
	remember(f);
	assert_int_equal(pl_series_init(f->root, &opts, &commit, NULL, &f->diags), PL_EINVALID);
	assert_finding(f, "'language' must be one of 'fi', 'sv' or 'en', not 'de'");
	assert_unchanged(f);
}

static void init_with_invalid_utf8_writes_nothing(void **state)
{
	fixture *f = *state;
	pl_init_options opts = { "sarja", { "Etsiv\xe4", NULL, NULL }, "fi", f->author };
	git_oid commit;
	remember(f);
	assert_int_equal(pl_series_init(f->root, &opts, &commit, NULL, &f->diags), PL_EUSAGE);
	assert_string_equal(pl_error_last(), "'Etsiv\xe4' is not valid UTF-8 text");
	opts.title.fi = "Sarja";
	opts.id = "sarja\xff";
	assert_int_equal(pl_series_init(f->root, &opts, &commit, NULL, &f->diags), PL_EUSAGE);
	assert_int_equal(f->diags.count, 0);
	assert_unchanged(f);
}

static void init_with_an_invalid_utf8_language_writes_nothing(void **state)
{
	fixture *f = *state;
	pl_init_options opts = { "sarja", { "Sarja", NULL, NULL }, "f\xe4", f->author };
	git_oid commit;
	int rc;
	remember(f);
	rc = pl_series_init(f->root, &opts, &commit, NULL, &f->diags);
	/* Regression: an invalid-UTF-8 language is refused instead of silently leaving the skeleton's "fi". */
	assert_true(rc < 0);
	assert_unchanged(f);
}

/* ---- open ---------------------------------------------------------------------- */

static void open_of_a_folder_without_a_series_is_not_found(void **state)
{
	fixture *f = *state;
	pl_series *s = (pl_series *)&s;
	assert_int_equal(pl_series_open(&s, f->base, &f->diags), PL_ENOTFOUND);
	assert_null(s);
}

static void open_of_a_broken_pilot_json_is_invalid(void **state)
{
	fixture *f = *state;
	pl_series *s = (pl_series *)&s;
	th_write(f->root, "pilot.json", "{\"format\": 1,,}");
	assert_int_equal(pl_series_open(&s, f->root, &f->diags), PL_EINVALID);
	assert_null(s);
	assert_finding(f, "pilot.json:1:14: error: invalid JSON");
	assert_string_equal(pl_error_last(), "pilot.json cannot be read; correct it first");
}

static void open_gives_the_main_language(void **state)
{
	fixture *f = *state;
	pl_text title = { NULL, "Serie", NULL };
	pl_series *s = NULL;
	init_series(f, "serie", &title, "sv");
	assert_int_equal(pl_series_open(&s, f->root, &f->diags), 0);
	assert_string_equal(pl_series_language(s), "sv");
	pl_series_free(s);
	pl_series_free(NULL);
}

/* ---- models ------------------------------------------------------------------------ */

static void add_model_writes_its_files_and_pilot_json(void **state)
{
	fixture *f = *state;
	json_t *pilot, *m;
	char *text;

	assert_int_equal(pl_series_add_model(f->series, "etsiva", &model_title, &f->written,
					     &f->diags), 0);
	assert_written(f, "models/etsiva/model.json models/etsiva/theory.md pilot.json");
	text = read_text(f->root, "models/etsiva/model.json");
	assert_string_equal(text,
			    "{\n"
			    "  \"$schema\": \"../../schemas/model.schema.json\",\n"
			    "  \"model\": \"etsiva\",\n"
			    "  \"core_elements\": [],\n"
			    "  \"mechanisms\": [],\n"
			    "  \"outcomes\": []\n"
			    "}\n");
	free(text);
	text = read_text(f->root, "models/etsiva/theory.md");
	assert_string_equal(text, "# Etsiv\xc3\xa4 sosiaality\xc3\xb6\n\n## Mik\xc3\xa4 toimii\n\n"
			    "## Kenelle\n\n## Miss\xc3\xa4 olosuhteissa\n\n## Miten\n");
	free(text);
	pilot = read_json(f->root, "pilot.json");
	m = json_array_get(json_object_get(pilot, "models"), 0);
	assert_string_equal(json_string_value(json_object_get(m, "id")), "etsiva");
	assert_string_equal(json_string_value(json_object_get(json_object_get(m, "title"), "fi")),
			    "Etsiv\xc3\xa4 sosiaality\xc3\xb6");
	json_decref(pilot);
	assert_valid(f->root);
}

static void add_model_twice_is_refused(void **state)
{
	fixture *f = *state;
	assert_int_equal(pl_series_add_model(f->series, "etsiva", &model_title, NULL, &f->diags), 0);
	remember(f);
	assert_int_equal(pl_series_add_model(f->series, "etsiva", &model_title, &f->written,
					     &f->diags), PL_EEXISTS);
	assert_string_equal(pl_error_last(), "operating model 'etsiva' is already in pilot.json");
	assert_int_equal(f->written.count, 0);
	assert_unchanged(f);
}

static void add_model_with_a_bad_id_writes_nothing(void **state)
{
	fixture *f = *state;
	remember(f);
	assert_int_equal(pl_series_add_model(f->series, "../x", &model_title, &f->written,
					     &f->diags), PL_EINVALID);
	assert_finding(f, "'id' is not valid: '../x' is not an id");
	assert_int_equal(f->written.count, 0);
	assert_false(exists(f->root, "models"));
	assert_false(exists(f->root, "x"));
	assert_unchanged(f);
	assert_int_equal(pl_series_add_model(f->series, "Etsiva", &model_title, NULL, &f->diags),
			 PL_EINVALID);
	assert_unchanged(f);
}

static void add_model_without_a_title_in_the_main_language_writes_nothing(void **state)
{
	fixture *f = *state;
	pl_text en_only = { NULL, NULL, "Outreach" };
	remember(f);
	assert_int_equal(pl_series_add_model(f->series, "etsiva", &en_only, NULL, &f->diags),
			 PL_EINVALID);
	assert_finding(f, "'title' has no text in the series' main language 'fi'");
	assert_unchanged(f);
}

static void add_model_over_an_existing_folder_is_refused(void **state)
{
	fixture *f = *state;
	th_write(f->root, "models/etsiva/notes.txt", "hand-made\n");
	remember(f);
	assert_int_equal(pl_series_add_model(f->series, "etsiva", &model_title, &f->written,
					     &f->diags), PL_EEXISTS);
	assert_int_equal(f->written.count, 0);
	assert_unchanged(f);
}

static void add_model_with_invalid_utf8_writes_nothing(void **state)
{
	fixture *f = *state;
	pl_text bad = { "Etsiv\xe4", NULL, NULL };
	remember(f);
	assert_int_equal(pl_series_add_model(f->series, "etsiva", &bad, NULL, &f->diags), PL_EUSAGE);
	assert_int_equal(pl_series_add_model(f->series, "etsiv\xe4", &model_title, NULL, &f->diags),
			 PL_EUSAGE);
	assert_unchanged(f);
}

/* ---- regions ------------------------------------------------------------------------ */

static void add_region_copies_the_reference_core_elements_as_is(void **state)
{
	fixture *f = *state;
	const char *models[] = { "etsiva" };
	const pl_person people[] = { { "Paula Kemppainen", "paula@example.org" } };
	json_t *lm, *ev, *want;
	json_error_t e;
	char *text;
	pl_buf canon = PL_BUF_INIT;

	add_reference_model(f);
	assert_int_equal(pl_series_add_region(f->series, "kainuu", &region_name, models, 1, people, 1,
					      &f->written, &f->diags), 0);
	assert_written(f, "regions/kainuu/etsiva/logic-model.json "
		       "regions/kainuu/etsiva/program-theory.md "
		       "regions/kainuu/etsiva/evaluation.json pilot.json");

	lm = read_json(f->root, "regions/kainuu/etsiva/logic-model.json");
	want = json_loads(
		"[{\"id\": \"jalkautuminen\", \"title\": \"Jalkautuminen\", "
		"\"description\": \"Ty\xc3\xb6ntekij\xc3\xa4 menee ihmisten luo.\", "
		"\"reference\": \"jalkautuminen\", \"adaptation\": \"as-is\"}, "
		"{\"id\": \"luottamus\", \"title\": \"Luottamus\", \"description\": \"\", "
		"\"reference\": \"luottamus\", \"adaptation\": \"as-is\"}]", 0, &e);
	assert_true(json_equal(json_object_get(lm, "core_elements"), want));
	json_decref(want);
	assert_string_equal(json_string_value(json_object_get(lm, "region")), "kainuu");
	assert_string_equal(json_string_value(json_object_get(lm, "model")), "etsiva");
	assert_int_equal(json_array_size(json_object_get(lm, "omitted")), 0);
	assert_int_equal(json_array_size(json_object_get(lm, "mechanisms")), 1);
	assert_int_equal(json_array_size(json_object_get(lm, "outcomes")), 1);
	/* the file is in the canonical layout */
	text = read_text(f->root, "regions/kainuu/etsiva/logic-model.json");
	assert_int_equal(pl_canonical_json(PL_FILE_LOGIC_MODEL, lm, &canon), 0);
	assert_string_equal(text, canon.ptr);
	free(text);
	json_decref(lm);

	ev = read_json(f->root, "regions/kainuu/etsiva/evaluation.json");
	want = json_loads("{\"fidelity\": [{\"element\": \"jalkautuminen\", \"rating\": null}, "
			  "{\"element\": \"luottamus\", \"rating\": null}], "
			  "\"outcomes\": [{\"outcome\": \"yhteys\", \"status\": \"not-assessed\"}]}",
			  0, &e);
	assert_true(json_equal(json_object_get(ev, "fidelity"), json_object_get(want, "fidelity")));
	assert_true(json_equal(json_object_get(ev, "outcomes"), json_object_get(want, "outcomes")));
	json_decref(want);
	json_decref(ev);

	text = read_text(f->root, "regions/kainuu/etsiva/program-theory.md");
	assert_string_equal(text, theory_md);
	free(text);
	assert_valid(f->root);
	pl_buf_release(&canon);
}

static void add_region_records_it_in_pilot_json(void **state)
{
	fixture *f = *state;
	const char *models[] = { "etsiva" };
	const pl_person people[] = { { "Paula Kemppainen", "paula@example.org" } };
	json_t *pilot, *want;
	json_error_t e;

	add_reference_model(f);
	assert_int_equal(pl_series_add_region(f->series, "kainuu", &region_name, models, 1, people, 1,
					      NULL, &f->diags), 0);
	pilot = read_json(f->root, "pilot.json");
	want = json_loads("[{\"id\": \"kainuu\", \"name\": {\"fi\": \"Kainuu\", \"sv\": \"Kajanaland\"}, "
			  "\"models\": [\"etsiva\"], \"maintainers\": [{\"name\": \"Paula Kemppainen\", "
			  "\"email\": \"paula@example.org\"}]}]", 0, &e);
	assert_true(json_equal(json_object_get(pilot, "regions"), want));
	json_decref(want);
	json_decref(pilot);
}

static void add_region_without_models_writes_only_pilot_json(void **state)
{
	fixture *f = *state;
	assert_int_equal(pl_series_add_region(f->series, "kainuu", &region_name, NULL, 0, NULL, 0,
					      &f->written, &f->diags), 0);
	assert_written(f, "pilot.json");
	assert_false(exists(f->root, "regions"));
	assert_valid(f->root);
}

static void add_region_piloting_an_unknown_model_writes_nothing(void **state)
{
	fixture *f = *state;
	const char *models[] = { "zz" };
	remember(f);
	assert_int_equal(pl_series_add_region(f->series, "kainuu", &region_name, models, 1, NULL, 0,
					      &f->written, &f->diags), PL_EINVALID);
	assert_finding(f, "region 'kainuu' pilots 'zz', which is not an operating model of this "
		       "series (see 'models')");
	assert_int_equal(f->written.count, 0);
	assert_unchanged(f);
}

static void add_region_twice_is_refused(void **state)
{
	fixture *f = *state;
	assert_int_equal(pl_series_add_region(f->series, "kainuu", &region_name, NULL, 0, NULL, 0,
					      NULL, &f->diags), 0);
	remember(f);
	assert_int_equal(pl_series_add_region(f->series, "kainuu", &region_name, NULL, 0, NULL, 0,
					      NULL, &f->diags), PL_EEXISTS);
	assert_unchanged(f);
}

static void add_region_with_a_bad_maintainer_email_writes_nothing(void **state)
{
	fixture *f = *state;
	const pl_person people[] = { { "Paula", "paula" } };
	remember(f);
	assert_int_equal(pl_series_add_region(f->series, "kainuu", &region_name, NULL, 0, people, 1,
					      NULL, &f->diags), PL_EINVALID);
	assert_finding(f, "'email' is not a valid e-mail address: 'paula'");
	assert_unchanged(f);
}

static void add_region_with_a_bad_id_writes_nothing(void **state)
{
	fixture *f = *state;
	const char *models[] = { "etsiva" };
	add_reference_model(f);
	remember(f);
	assert_int_equal(pl_series_add_region(f->series, "../kainuu", &region_name, models, 1, NULL,
					      0, NULL, &f->diags), PL_EINVALID);
	assert_finding(f, "'id' is not valid: '../kainuu' is not an id");
	assert_unchanged(f);
}

static void add_region_that_fails_for_its_second_model_writes_nothing(void **state)
{
	fixture *f = *state;
	const char *models[] = { "etsiva", "toinen" };
	int rc;
	add_reference_model(f);
	assert_int_equal(pl_series_add_model(f->series, "toinen", &model_title, NULL, &f->diags), 0);
	/* the second reference model cannot be read */
	th_write(f->root, "models/toinen/model.json", "{\"model\": ");
	remember(f);
	rc = pl_series_add_region(f->series, "kainuu", &region_name, models, 2, NULL, 0,
				  &f->written, &f->diags);
	assert_true(rc < 0);
	/* Regression: every model's files are prepared before the first is written, so a failing second model leaves nothing behind. */
	assert_unchanged(f);
}

static void add_region_model_lets_a_region_pilot_one_more_model(void **state)
{
	fixture *f = *state;
	const char *models[] = { "etsiva" };
	json_t *pilot;
	add_reference_model(f);
	assert_int_equal(pl_series_add_region(f->series, "kainuu", &region_name, models, 1, NULL, 0,
					      NULL, &f->diags), 0);
	assert_int_equal(pl_series_add_model(f->series, "toinen", &model_title, NULL, &f->diags), 0);
	assert_int_equal(pl_series_add_region_model(f->series, "kainuu", "toinen", &f->written,
						    &f->diags), 0);
	assert_written(f, "regions/kainuu/toinen/logic-model.json "
		       "regions/kainuu/toinen/program-theory.md "
		       "regions/kainuu/toinen/evaluation.json pilot.json");
	pilot = read_json(f->root, "pilot.json");
	assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(pilot, "regions"), 0),
							 "models")), 2);
	json_decref(pilot);
	assert_valid(f->root);
}

static void add_region_model_of_an_unknown_region_or_model_is_not_found(void **state)
{
	fixture *f = *state;
	add_reference_model(f);
	assert_int_equal(pl_series_add_region(f->series, "kainuu", &region_name, NULL, 0, NULL, 0,
					      NULL, &f->diags), 0);
	remember(f);
	assert_int_equal(pl_series_add_region_model(f->series, "oulu", "etsiva", NULL, &f->diags),
			 PL_ENOTFOUND);
	assert_string_equal(pl_error_last(), "there is no region 'oulu' in pilot.json");
	assert_int_equal(pl_series_add_region_model(f->series, "kainuu", "zz", NULL, &f->diags),
			 PL_ENOTFOUND);
	assert_string_equal(pl_error_last(), "there is no operating model 'zz' in pilot.json");
	assert_unchanged(f);
}

static void add_region_model_that_is_already_there_is_refused(void **state)
{
	fixture *f = *state;
	const char *models[] = { "etsiva" };
	add_reference_model(f);
	assert_int_equal(pl_series_add_region(f->series, "kainuu", &region_name, models, 1, NULL, 0,
					      NULL, &f->diags), 0);
	remember(f);
	assert_int_equal(pl_series_add_region_model(f->series, "kainuu", "etsiva", NULL, &f->diags),
			 PL_EEXISTS);
	assert_unchanged(f);
}

static void region_program_theory_without_a_reference_theory(void **state)
{
	fixture *f = *state;
	const char *models[] = { "etsiva" };
	char *path, *text;
	add_reference_model(f);
	path = pl_strfmt("%s/models/etsiva/theory.md", f->root);
	assert_int_equal(unlink(path), 0);
	free(path);
	assert_int_equal(pl_series_add_region(f->series, "kainuu", &region_name, models, 1, NULL, 0,
					      NULL, &f->diags), 0);
	text = read_text(f->root, "regions/kainuu/etsiva/program-theory.md");
	assert_string_equal(text, "# Kainuu \xe2\x80\x93 Etsiv\xc3\xa4 sosiaality\xc3\xb6\n\n"
			    "## Mik\xc3\xa4 toimii\n\n## Kenelle\n\n## Miss\xc3\xa4 olosuhteissa\n\n"
			    "## Miten\n");
	free(text);
}

/* ---- workshops ------------------------------------------------------------------------ */

static void add_workshop_appends_it(void **state)
{
	fixture *f = *state;
	pl_text t1 = { "Ty\xc3\xb6paja 1", NULL, NULL }, t2 = { "Ty\xc3\xb6paja 2", NULL, "Workshop 2" };
	json_t *pilot, *want;
	json_error_t e;
	assert_int_equal(pl_series_add_workshop(f->series, "tp1", "2022-05-12", &t1, &f->diags), 0);
	assert_int_equal(pl_series_add_workshop(f->series, "tp2", "2022-09-20", &t2, &f->diags), 0);
	pilot = read_json(f->root, "pilot.json");
	want = json_loads("[{\"id\": \"tp1\", \"date\": \"2022-05-12\", \"title\": {\"fi\": \"Ty\xc3\xb6paja 1\"}},"
			  " {\"id\": \"tp2\", \"date\": \"2022-09-20\", \"title\": {\"fi\": \"Ty\xc3\xb6paja 2\","
			  " \"en\": \"Workshop 2\"}}]", 0, &e);
	assert_true(json_equal(json_object_get(pilot, "workshops"), want));
	json_decref(want);
	json_decref(pilot);
	assert_valid(f->root);
}

static void add_workshop_with_an_invalid_date_writes_nothing(void **state)
{
	fixture *f = *state;
	pl_text t = { "Ty\xc3\xb6paja", NULL, NULL };
	remember(f);
	assert_int_equal(pl_series_add_workshop(f->series, "tp1", "2023-02-29", &t, &f->diags),
			 PL_EINVALID);
	assert_finding(f, "'date' is not a valid date: '2023-02-29'");
	assert_int_equal(pl_series_add_workshop(f->series, "tp1", "2023-13-01", &t, &f->diags),
			 PL_EINVALID);
	assert_finding(f, "'date' is not a valid date: '2023-13-01'");
	assert_unchanged(f);
	assert_int_equal(pl_series_add_workshop(f->series, "tp1", "2024-02-29", &t, &f->diags), 0);
}

static void add_workshop_refused_twice_with_the_same_findings_list(void **state)
{
	fixture *f = *state;
	pl_text t = { "Ty\xc3\xb6paja", NULL, NULL };
	int first, second;
	remember(f);
	first = pl_series_add_workshop(f->series, "tp1", "2023-02-29", &t, &f->diags);
	/* the caller keeps one findings list for two attempts */
	second = pl_series_add_workshop(f->series, "tp1", "2023-02-29", &t, &f->diags);
	assert_int_equal(first, PL_EINVALID);
	/* Regression: the decision rests on this change's own findings, not on whether a shared list grew (sorting drops duplicates). */
	assert_int_equal(second, PL_EINVALID);
	assert_unchanged(f);
}

static void add_workshop_before_the_last_one_is_refused(void **state)
{
	fixture *f = *state;
	pl_text t = { "Ty\xc3\xb6paja", NULL, NULL };
	assert_int_equal(pl_series_add_workshop(f->series, "tp2", "2022-09-20", &t, &f->diags), 0);
	remember(f);
	assert_int_equal(pl_series_add_workshop(f->series, "tp1", "2022-05-12", &t, &f->diags),
			 PL_EINVALID);
	assert_finding(f, "workshop 'tp1' (2022-05-12) is dated before 'tp2' (2022-09-20) above it");
	assert_unchanged(f);
}

static void add_workshop_twice_is_refused(void **state)
{
	fixture *f = *state;
	pl_text t = { "Ty\xc3\xb6paja", NULL, NULL };
	assert_int_equal(pl_series_add_workshop(f->series, "tp1", "2022-05-12", &t, &f->diags), 0);
	remember(f);
	assert_int_equal(pl_series_add_workshop(f->series, "tp1", "2022-06-12", &t, &f->diags),
			 PL_EEXISTS);
	assert_string_equal(pl_error_last(), "workshop 'tp1' is already in pilot.json");
	assert_unchanged(f);
}

static void add_workshop_with_a_bad_id_or_text_writes_nothing(void **state)
{
	fixture *f = *state;
	pl_text t = { "Ty\xc3\xb6paja", NULL, NULL }, bad = { "Ty\xf6paja", NULL, NULL };
	remember(f);
	assert_int_equal(pl_series_add_workshop(f->series, "Tp 1", "2022-05-12", &t, &f->diags),
			 PL_EINVALID);
	assert_finding(f, "'id' is not valid: 'Tp 1'");
	assert_int_equal(pl_series_add_workshop(f->series, "tp1", "2022-05-12", &bad, &f->diags),
			 PL_EUSAGE);
	assert_int_equal(pl_series_add_workshop(f->series, "tp1", "2022-05-1\xff", &t, &f->diags),
			 PL_EUSAGE);
	assert_unchanged(f);
}

/* ---- facilitators ------------------------------------------------------------------------ */

static void add_facilitator_appends_them_after_the_one_who_started(void **state)
{
	fixture *f = *state;
	pl_person anna = { "Anna Virtanen", "anna.virtanen@example.org" };
	json_t *pilot, *want;
	json_error_t e;
	assert_int_equal(pl_series_add_facilitator(f->series, &anna, &f->diags), 0);
	pilot = read_json(f->root, "pilot.json");
	/* After the one who started the series. */
	want = json_loads("[{\"name\": \"Testi Tekij\u00e4\", \"email\": \"testi@example.org\"},"
			  " {\"name\": \"Anna Virtanen\", \"email\": \"anna.virtanen@example.org\"}]", 0, &e);
	assert_true(json_equal(json_object_get(pilot, "facilitators"), want));
	json_decref(want);
	json_decref(pilot);
	assert_valid(f->root);
}

static void add_facilitator_refusals_write_nothing(void **state)
{
	fixture *f = *state;
	pl_person anna = { "Anna Virtanen", "anna.virtanen@example.org" };
	pl_person again = { "Anna V.", "anna.virtanen@example.org" };
	pl_person bad_email = { "Ben", "ben@example" };
	pl_person bad_name = { "Bj\xf6rn", "bjorn@example.org" };
	assert_int_equal(pl_series_add_facilitator(f->series, &anna, &f->diags), 0);
	remember(f);
	assert_int_equal(pl_series_add_facilitator(f->series, &again, &f->diags), PL_EEXISTS);
	assert_string_equal(pl_error_last(), "'anna.virtanen@example.org' is already a facilitator");
	assert_int_equal(pl_series_add_facilitator(f->series, &bad_email, &f->diags), PL_EINVALID);
	assert_finding(f, "'email' is not a valid e-mail address: 'ben@example'");
	assert_int_equal(pl_series_add_facilitator(f->series, &bad_name, &f->diags), PL_EUSAGE);
	assert_unchanged(f);
}

/* ---- the whole way ------------------------------------------------------------------------- */

static void a_series_built_step_by_step_validates(void **state)
{
	fixture *f = *state;
	const char *models[] = { "etsiva" };
	const pl_person people[] = { { "Paula", "paula@example.org" } };
	pl_person anna = { "Anna", "anna@example.org" };
	pl_text t = { "Ty\xc3\xb6paja 1", NULL, NULL };
	add_reference_model(f);
	assert_int_equal(pl_series_add_region(f->series, "kainuu", &region_name, models, 1, people, 1,
					      NULL, &f->diags), 0);
	assert_int_equal(pl_series_add_region(f->series, "oulu", &region_name, models, 1, NULL, 0,
					      NULL, &f->diags), 0);
	assert_int_equal(pl_series_add_workshop(f->series, "tp1", "2022-05-12", &t, &f->diags), 0);
	assert_int_equal(pl_series_add_facilitator(f->series, &anna, &f->diags), 0);
	assert_int_equal(f->diags.count, 0);
	assert_valid(f->root);
}

static void canonical_json_puts_keys_in_schema_order(void **state)
{
	json_t *v = json_pack("{s:[], s:[], s:[], s:s, s:s}", "outcomes", "mechanisms",
			      "core_elements", "model", "m", "$schema", "../../schemas/model.schema.json");
	pl_buf out = PL_BUF_INIT;
	(void)state;
	assert_int_equal(pl_canonical_json(PL_FILE_MODEL, v, &out), 0);
	assert_string_equal(out.ptr,
			    "{\n"
			    "  \"$schema\": \"../../schemas/model.schema.json\",\n"
			    "  \"model\": \"m\",\n"
			    "  \"core_elements\": [],\n"
			    "  \"mechanisms\": [],\n"
			    "  \"outcomes\": []\n"
			    "}\n");
	json_decref(v);
	pl_buf_release(&out);
}

int main(void)
{
#define EMPTY(test) cmocka_unit_test_setup_teardown(test, setup_empty, teardown)
#define SERIES(test) cmocka_unit_test_setup_teardown(test, setup_series, teardown)
	const struct CMUnitTest tests[] = {
		EMPTY(init_creates_the_series_files),
		EMPTY(init_writes_pilot_json_in_the_canonical_layout),
		EMPTY(init_commits_on_main_as_the_author),
		EMPTY(init_into_an_empty_existing_folder),
		EMPTY(init_into_a_non_empty_folder_is_refused),
		EMPTY(init_with_a_bad_id_writes_nothing),
		EMPTY(init_without_a_title_in_the_main_language_writes_nothing),
		EMPTY(init_with_an_unknown_language_writes_nothing),
		EMPTY(init_with_invalid_utf8_writes_nothing),
		EMPTY(init_with_an_invalid_utf8_language_writes_nothing),
		EMPTY(open_of_a_folder_without_a_series_is_not_found),
		EMPTY(open_of_a_broken_pilot_json_is_invalid),
		EMPTY(open_gives_the_main_language),
		SERIES(add_model_writes_its_files_and_pilot_json),
		SERIES(add_model_twice_is_refused),
		SERIES(add_model_with_a_bad_id_writes_nothing),
		SERIES(add_model_without_a_title_in_the_main_language_writes_nothing),
		SERIES(add_model_over_an_existing_folder_is_refused),
		SERIES(add_model_with_invalid_utf8_writes_nothing),
		SERIES(add_region_copies_the_reference_core_elements_as_is),
		SERIES(add_region_records_it_in_pilot_json),
		SERIES(add_region_without_models_writes_only_pilot_json),
		SERIES(add_region_piloting_an_unknown_model_writes_nothing),
		SERIES(add_region_twice_is_refused),
		SERIES(add_region_with_a_bad_maintainer_email_writes_nothing),
		SERIES(add_region_with_a_bad_id_writes_nothing),
		SERIES(add_region_that_fails_for_its_second_model_writes_nothing),
		SERIES(add_region_model_lets_a_region_pilot_one_more_model),
		SERIES(add_region_model_of_an_unknown_region_or_model_is_not_found),
		SERIES(add_region_model_that_is_already_there_is_refused),
		SERIES(region_program_theory_without_a_reference_theory),
		SERIES(add_workshop_appends_it),
		SERIES(add_workshop_with_an_invalid_date_writes_nothing),
		SERIES(add_workshop_refused_twice_with_the_same_findings_list),
		SERIES(add_workshop_before_the_last_one_is_refused),
		SERIES(add_workshop_twice_is_refused),
		SERIES(add_workshop_with_a_bad_id_or_text_writes_nothing),
		SERIES(add_facilitator_appends_them_after_the_one_who_started),
		SERIES(add_facilitator_refusals_write_nothing),
		SERIES(a_series_built_step_by_step_validates),
		cmocka_unit_test(canonical_json_puts_keys_in_schema_order),
	};
	int rc;
	git_libgit2_init();
	rc = th_run(tests);
	git_libgit2_shutdown();
	return rc;
}
