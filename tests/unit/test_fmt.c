#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "error.h"
#include "fmt.h"
#include "json.h"
#include "source.h"

#define PILOT "pilot.json"
#define MODEL "models/m/model.json"
#define LOGIC "regions/r/m/logic-model.json"
#define EVAL "regions/r/m/evaluation.json"

/* Formats text as path; asserts success and returns the result. */
static char *fmt(const char *path, const char *text)
{
	pl_buf out = PL_BUF_INIT;
	pl_diags d = PL_DIAGS_INIT;
	assert_int_equal(pl_fmt_text(path, text, strlen(text), &out, &d), 0);
	assert_int_equal(d.count, 0);
	return pl_buf_detach(&out);
}

static int same_data(const char *a, const char *b)
{
	json_error_t e;
	json_t *x = json_loads(a, 0, &e), *y = json_loads(b, 0, &e);
	int eq = x && y && json_equal(x, y);
	json_decref(x);
	json_decref(y);
	return eq;
}

/* ---- one file ------------------------------------------------------------- */

static void text_gets_schema_key_order_and_two_space_indent(void **state)
{
	static const char in[] =
		"{\"outcomes\":[],\"model\":\"m\",\"core_elements\":[{\"description\":\"d\","
		"\"id\":\"a\",\"title\":\"A\"}],\"mechanisms\":[],"
		"\"$schema\":\"../../schemas/model.schema.json\"}";
	char *out = fmt(MODEL, in);
	(void)state;
	assert_string_equal(out,
			    "{\n"
			    "  \"$schema\": \"../../schemas/model.schema.json\",\n"
			    "  \"model\": \"m\",\n"
			    "  \"core_elements\": [\n"
			    "    {\n"
			    "      \"id\": \"a\",\n"
			    "      \"title\": \"A\",\n"
			    "      \"description\": \"d\"\n"
			    "    }\n"
			    "  ],\n"
			    "  \"mechanisms\": [],\n"
			    "  \"outcomes\": []\n"
			    "}\n");
	assert_true(same_data(in, out));
	free(out);
}

static void text_indented_otherwise_is_reindented(void **state)
{
	static const char in[] = "{\n    \"region\": \"r\",\n\t\"model\":\"m\"   }";
	char *out = fmt(LOGIC, in);
	(void)state;
	assert_string_equal(out, "{\n  \"region\": \"r\",\n  \"model\": \"m\"\n}\n");
	free(out);
}

static void text_never_changes_the_data(void **state)
{
	static const char in[] =
		"{\"data\": {\"other\": [], \"worker_group_interviews\": 1000000000000, "
		"\"client_group_interviews\": -3},\n"
		" \"zz-unknown\": {\"b\": [1, \"\\u00e4\", null, true, false], \"a\": \"\\ud83d\\ude00\"},\n"
		" \"fidelity\": [{\"notes\": \"rivi 1\\nrivi \\\"2\\\" \\\\ \\/ \\t\", \"rating\": null, "
		"\"element\": \"x\"}],\n"
		" \"region\": \"r\"}";
	char *out = fmt(EVAL, in);
	(void)state;
	assert_true(same_data(in, out));
	/* letters are written as themselves */
	assert_non_null(strstr(out, "\"\xc3\xa4\""));
	assert_non_null(strstr(out, "\"\xf0\x9f\x98\x80\""));
	/* the unknown field is kept, after the known ones */
	assert_true(strstr(out, "\"zz-unknown\"") > strstr(out, "\"data\""));
	free(out);
}

static void text_already_canonical_is_left_as_it_is(void **state)
{
	static const char in[] =
		"{\n"
		"  \"region\": \"r\",\n"
		"  \"core_elements\": [\n"
		"    {\n"
		"      \"id\": \"e\",\n"
		"      \"title\": \"Ty\xc3\xb6\",\n"
		"      \"description\": \"\",\n"
		"      \"reference\": null,\n"
		"      \"adaptation\": \"own\"\n"
		"    }\n"
		"  ]\n"
		"}\n";
	char *out = fmt(LOGIC, in);
	char *again = fmt(LOGIC, out);
	(void)state;
	assert_string_equal(out, in);
	assert_string_equal(again, out);
	free(out);
	free(again);
}

static void text_kind_follows_the_path(void **state)
{
	static const char in[] = "{\"model\": \"x\", \"id\": \"y\"}";
	char *as_pilot = fmt(PILOT, in);
	char *as_model = fmt(MODEL, in);
	(void)state;
	/* pilot.json lists "id" and not "model"; model.json the other way */
	assert_string_equal(as_pilot, "{\n  \"id\": \"y\",\n  \"model\": \"x\"\n}\n");
	assert_string_equal(as_model, "{\n  \"model\": \"x\",\n  \"id\": \"y\"\n}\n");
	free(as_pilot);
	free(as_model);
}

static void text_that_does_not_parse_gets_a_finding(void **state)
{
	pl_buf out = PL_BUF_INIT;
	pl_diags d = PL_DIAGS_INIT;
	char *text;
	(void)state;
	assert_int_equal(pl_fmt_text(EVAL, "{\n  \"region\": \n}", 16, &out, &d), PL_EINVALID);
	text = th_diags_text(&d);
	assert_string_equal(text, EVAL ":3:1: error: invalid JSON: unexpected token near '}'\n");
	free(text);
	pl_buf_release(&out);
	pl_diags_release(&d);
}

static void text_with_a_duplicate_key_is_not_formatted(void **state)
{
	/* formatting would keep only one of the values */
	static const char in[] = "{\"model\": \"a\", \"model\": \"b\"}";
	pl_buf out = PL_BUF_INIT;
	pl_diags d = PL_DIAGS_INIT;
	char *text;
	(void)state;
	assert_int_equal(pl_fmt_text(MODEL, in, strlen(in), &out, &d), PL_EINVALID);
	text = th_diags_text(&d);
	assert_string_equal(text, MODEL ":1:22: error: the key 'model' appears twice in the same object\n");
	free(text);
	pl_buf_release(&out);
	pl_diags_release(&d);
}

static void text_that_is_empty_or_not_utf8_gets_a_finding(void **state)
{
	pl_buf out = PL_BUF_INIT;
	pl_diags d = PL_DIAGS_INIT;
	char *text;
	(void)state;
	assert_int_equal(pl_fmt_text(PILOT, "\n", 1, &out, &d), PL_EINVALID);
	assert_int_equal(pl_fmt_text(PILOT, "{\"id\": \"\xe4\"}", 11, &out, &d), PL_EINVALID);
	text = th_diags_text(&d);
	assert_string_equal(text, PILOT ": error: file is empty\n"
			    PILOT ":1:9: error: not valid UTF-8 text (byte 0xe4); save the file as UTF-8\n");
	free(text);
	pl_buf_release(&out);
	pl_diags_release(&d);
}

static void text_of_another_file_is_a_usage_error(void **state)
{
	pl_buf out = PL_BUF_INIT;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(pl_fmt_text("notes.json", "{}", 2, &out, &d), PL_EUSAGE);
	assert_string_equal(pl_error_last(), "'notes.json' is not a JSON file of a pilot series");
	assert_int_equal(pl_fmt_text("schemas/pilot.schema.json", "{}", 2, &out, &d), PL_EUSAGE);
	assert_int_equal(d.count, 0);
	pl_buf_release(&out);
	pl_error_clear();
}

/* ---- a series -------------------------------------------------------------- */

static const char pilot_messy[] = "{\n    \"id\": \"s\",\n    \"format\": 1\n}\n";
static const char pilot_canon[] = "{\n  \"format\": 1,\n  \"id\": \"s\"\n}\n";
static const char model_canon[] = "{\n  \"model\": \"m\",\n  \"core_elements\": []\n}\n";
static const char logic_messy[] = "{\"model\": \"m\", \"region\": \"r\"}";
static const char logic_canon[] = "{\n  \"region\": \"r\",\n  \"model\": \"m\"\n}\n";
static const char eval_canon[] = "{\n  \"region\": \"r\",\n  \"model\": \"m\"\n}\n";

typedef struct {
	char *dir;
	pl_strlist changed;
	pl_diags diags;
} fixture;

static int setup(void **state)
{
	fixture *f = pl_calloc(1, sizeof(*f));
	f->dir = th_tempdir("pl-fmt");
	th_write(f->dir, PILOT, pilot_messy);
	th_write(f->dir, MODEL, model_canon);
	th_write(f->dir, "models/m/theory.md", "#  Not   JSON\n");
	th_write(f->dir, LOGIC, logic_messy);
	th_write(f->dir, EVAL, eval_canon);
	th_write(f->dir, "regions/r/m/notes.json", "{\"b\":1,\"a\":2}");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	th_rmtree(f->dir);
	free(f->dir);
	pl_strlist_release(&f->changed);
	pl_diags_release(&f->diags);
	free(f);
	pl_error_clear();
	return 0;
}

static char *read_text(const char *dir, const char *rel)
{
	pl_source *src = NULL;
	pl_buf b = PL_BUF_INIT;
	size_t size = 0;
	assert_int_equal(pl_source_open_dir(&src, dir), 0);
	assert_int_equal(pl_source_read(src, rel, 4u << 20, &b, &size), 0);
	pl_source_free(src);
	return pl_buf_detach(&b);
}

static void assert_file_at(const char *dir, const char *rel, const char *want, const char *file,
			   int line)
{
	char *got = read_text(dir, rel);
	int ok = strcmp(got, want) == 0;
	if (!ok)
		print_error("%s:%d: %s holds\n%s\nnot\n%s\n", file, line, rel, got, want);
	free(got);
	if (!ok)
		_fail(file, line);
}

#define assert_file(dir, rel, want) assert_file_at(dir, rel, want, __FILE__, __LINE__)

static char *list_text(const pl_strlist *l)
{
	pl_buf b = PL_BUF_INIT;
	for (size_t i = 0; i < l->count; i++)
		pl_buf_printf(&b, "%s%s", i ? " " : "", l->items[i]);
	return pl_buf_detach(&b);
}

static void assert_changed_at(const fixture *f, const char *want, const char *file, int line)
{
	char *got = list_text(&f->changed);
	int ok = strcmp(got, want) == 0;
	if (!ok)
		print_error("%s:%d: changed: got '%s', want '%s'\n", file, line, got, want);
	free(got);
	if (!ok)
		_fail(file, line);
}

#define assert_changed(f, want) assert_changed_at(f, want, __FILE__, __LINE__)

static void assert_untouched(const fixture *f)
{
	assert_file(f->dir, PILOT, pilot_messy);
	assert_file(f->dir, MODEL, model_canon);
	assert_file(f->dir, LOGIC, logic_messy);
	assert_file(f->dir, EVAL, eval_canon);
	assert_file(f->dir, "models/m/theory.md", "#  Not   JSON\n");
	assert_file(f->dir, "regions/r/m/notes.json", "{\"b\":1,\"a\":2}");
}

static void check_only_lists_the_files_and_writes_nothing(void **state)
{
	fixture *f = *state;
	assert_int_equal(pl_fmt_series(f->dir, NULL, 0, 1, &f->changed, &f->diags), 0);
	assert_changed(f, PILOT " " LOGIC);
	assert_int_equal(f->diags.count, 0);
	assert_untouched(f);
}

static void series_files_are_rewritten_canonically(void **state)
{
	fixture *f = *state;
	assert_int_equal(pl_fmt_series(f->dir, NULL, 0, 0, &f->changed, &f->diags), 0);
	assert_changed(f, PILOT " " LOGIC);
	assert_file(f->dir, PILOT, pilot_canon);
	assert_file(f->dir, LOGIC, logic_canon);
	assert_file(f->dir, MODEL, model_canon);
	assert_file(f->dir, EVAL, eval_canon);
	/* only the series' JSON files are touched */
	assert_file(f->dir, "models/m/theory.md", "#  Not   JSON\n");
	assert_file(f->dir, "regions/r/m/notes.json", "{\"b\":1,\"a\":2}");
	/* and a second run has nothing to do */
	pl_strlist_release(&f->changed);
	assert_int_equal(pl_fmt_series(f->dir, NULL, 0, 1, &f->changed, &f->diags), 0);
	assert_int_equal(f->changed.count, 0);
}

static void file_that_does_not_parse_is_left_alone(void **state)
{
	fixture *f = *state;
	char *text;
	th_write(f->dir, EVAL, "{\"region\": \"r\",}");
	assert_int_equal(pl_fmt_series(f->dir, NULL, 0, 0, &f->changed, &f->diags), 0);
	assert_changed(f, PILOT " " LOGIC);
	assert_file(f->dir, EVAL, "{\"region\": \"r\",}");
	assert_file(f->dir, PILOT, pilot_canon);
	text = th_diags_text(&f->diags);
	assert_string_equal(text, EVAL ":1:16: error: invalid JSON: string or '}' expected near '}'\n");
	free(text);
}

static void oversized_file_is_left_alone(void **state)
{
	fixture *f = *state;
	pl_buf big = PL_BUF_INIT;
	char *path = pl_strfmt("%s/%s", f->dir, EVAL);
	char *want;
	pl_buf_puts(&big, "{\"region\": \"r\",\n");
	while (big.len <= PL_JSON_MAX_SIZE)
		pl_buf_puts(&big, "                                                               \n");
	pl_buf_puts(&big, "\"model\": \"m\"}");
	th_write(f->dir, EVAL, big.ptr);
	assert_int_equal(pl_fmt_series(f->dir, NULL, 0, 0, &f->changed, &f->diags), 0);
	assert_changed(f, PILOT " " LOGIC);
	want = pl_strfmt(EVAL ": error: file is too large: %zu bytes, at most 1048576\n", big.len);
	th_assert_diag(&f->diags, want);
	assert_int_equal(f->diags.count, 1);
	assert_file(f->dir, EVAL, big.ptr);
	free(want);
	free(path);
	pl_buf_release(&big);
}

static void only_the_paths_given_are_formatted(void **state)
{
	fixture *f = *state;
	char p1[] = "regions/r", p2[] = "regions/r/", p3[] = ".", p4[] = PILOT, p5[] = "regions/r/m/evaluation.json";
	char *one[] = { p1 }, *slash[] = { p2 }, *dot[] = { p3 }, *two[] = { p4, p5 };
	assert_int_equal(pl_fmt_series(f->dir, one, 1, 1, &f->changed, &f->diags), 0);
	assert_changed(f, LOGIC);
	pl_strlist_release(&f->changed);
	assert_int_equal(pl_fmt_series(f->dir, slash, 1, 1, &f->changed, &f->diags), 0);
	assert_changed(f, LOGIC);
	pl_strlist_release(&f->changed);
	assert_int_equal(pl_fmt_series(f->dir, dot, 1, 1, &f->changed, &f->diags), 0);
	assert_changed(f, PILOT " " LOGIC);
	pl_strlist_release(&f->changed);
	assert_int_equal(pl_fmt_series(f->dir, two, 2, 0, &f->changed, &f->diags), 0);
	assert_changed(f, PILOT);
	assert_file(f->dir, LOGIC, logic_messy);
	assert_file(f->dir, PILOT, pilot_canon);
}

static void path_prefix_must_be_a_whole_folder_name(void **state)
{
	fixture *f = *state;
	char p1[] = "regions/r/m/logic";
	char *paths[] = { p1 };
	assert_int_equal(pl_fmt_series(f->dir, paths, 1, 1, &f->changed, &f->diags), 0);
	assert_int_equal(f->changed.count, 0);
}

static void model_folder_without_a_model_json_is_skipped(void **state)
{
	fixture *f = *state;
	char *dir = pl_strfmt("%s/models/tyhja", f->dir);
	assert_int_equal(mkdir(dir, 0777), 0);
	free(dir);
	assert_int_equal(pl_fmt_series(f->dir, NULL, 0, 1, &f->changed, &f->diags), 0);
	assert_changed(f, PILOT " " LOGIC);
	assert_int_equal(f->diags.count, 0);
}

static void missing_series_folder_is_not_found(void **state)
{
	fixture *f = *state;
	char *missing = pl_strfmt("%s/none", f->dir);
	assert_int_equal(pl_fmt_series(missing, NULL, 0, 1, &f->changed, &f->diags), PL_ENOTFOUND);
	assert_int_equal(f->changed.count, 0);
	free(missing);
}

static void example_series_is_already_canonical(void **state)
{
	const char *src = getenv("PILOTTI_SRC");
	pl_strlist changed = PL_STRLIST_INIT;
	pl_diags d = PL_DIAGS_INIT;
	char *dir;
	(void)state;
	if (!src || !*src)
		skip();
	dir = pl_strfmt("%s/tests/data/mini", src);
	assert_int_equal(pl_fmt_series(dir, NULL, 0, 1, &changed, &d), 0);
	assert_int_equal(changed.count, 0);
	assert_int_equal(d.count, 0);
	free(dir);
}

int main(void)
{
#define EACH(test) cmocka_unit_test_setup_teardown(test, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_gets_schema_key_order_and_two_space_indent),
		cmocka_unit_test(text_indented_otherwise_is_reindented),
		cmocka_unit_test(text_never_changes_the_data),
		cmocka_unit_test(text_already_canonical_is_left_as_it_is),
		cmocka_unit_test(text_kind_follows_the_path),
		cmocka_unit_test(text_that_does_not_parse_gets_a_finding),
		cmocka_unit_test(text_with_a_duplicate_key_is_not_formatted),
		cmocka_unit_test(text_that_is_empty_or_not_utf8_gets_a_finding),
		cmocka_unit_test(text_of_another_file_is_a_usage_error),
		EACH(check_only_lists_the_files_and_writes_nothing),
		EACH(series_files_are_rewritten_canonically),
		EACH(file_that_does_not_parse_is_left_alone),
		EACH(oversized_file_is_left_alone),
		EACH(only_the_paths_given_are_formatted),
		EACH(path_prefix_must_be_a_whole_folder_name),
		EACH(model_folder_without_a_model_json_is_skipped),
		EACH(missing_series_folder_is_not_found),
		cmocka_unit_test(example_series_is_already_canonical),
	};
	return th_run(tests);
}
