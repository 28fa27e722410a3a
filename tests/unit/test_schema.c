#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "error.h"
#include "json.h"
#include "schema.h"
#include "templates.h"

#define PILOT "schemas/pilot.schema.json"
#define MODEL "schemas/model.schema.json"
#define LOGIC "schemas/logic-model.schema.json"
#define EVAL "schemas/evaluation.schema.json"

#define ID_RULE "is not an id: lowercase letters a-z, digits and hyphens, starting with a " \
		"letter or digit, at most 64 characters"

/* Small valid documents, one per schema; tests change one thing in them. */
static const char pilot_doc[] =
	"{\n"
	"  \"format\": 1,\n"
	"  \"id\": \"sarja\",\n"
	"  \"title\": {\"fi\": \"Sarja\"},\n"
	"  \"language\": \"fi\",\n"
	"  \"models\": [],\n"
	"  \"regions\": [],\n"
	"  \"workshops\": [\n"
	"    {\"id\": \"tp1\", \"date\": \"2023-05-24\", \"title\": {\"fi\": \"TP\"}}\n"
	"  ],\n"
	"  \"facilitators\": [\n"
	"    {\"name\": \"Anna\", \"email\": \"anna@example.org\"}\n"
	"  ],\n"
	"  \"theory_sections\": []\n"
	"}\n";

static const char model_doc[] =
	"{\n"
	"  \"model\": \"malli\",\n"
	"  \"core_elements\": [\n"
	"    {\n"
	"      \"id\": \"a\",\n"
	"      \"title\": \"A\",\n"
	"      \"description\": \"\"\n"
	"    }\n"
	"  ],\n"
	"  \"mechanisms\": [\n"
	"    {\n"
	"      \"id\": \"m1\",\n"
	"      \"title\": \"M1\",\n"
	"      \"description\": \"\",\n"
	"      \"elements\": [\"a\"]\n"
	"    }\n"
	"  ],\n"
	"  \"outcomes\": [\n"
	"    {\n"
	"      \"id\": \"o1\",\n"
	"      \"title\": \"O1\",\n"
	"      \"description\": \"\",\n"
	"      \"mechanisms\": [\"m1\"],\n"
	"      \"horizon\": \"short\"\n"
	"    }\n"
	"  ]\n"
	"}\n";

static const char logic_doc[] =
	"{\n"
	"  \"region\": \"kainuu\",\n"
	"  \"model\": \"malli\",\n"
	"  \"context\": [],\n"
	"  \"actors\": [],\n"
	"  \"resources\": [],\n"
	"  \"core_elements\": [\n"
	"    {\"id\": \"ra\", \"title\": \"RA\", \"description\": \"\", \"reference\": \"a\", \"adaptation\": \"as-is\"}\n"
	"  ],\n"
	"  \"omitted\": [],\n"
	"  \"mechanisms\": [],\n"
	"  \"outcomes\": []\n"
	"}\n";

static const char eval_doc[] =
	"{\n"
	"  \"region\": \"kainuu\",\n"
	"  \"model\": \"malli\",\n"
	"  \"feasibility\": {\"rating\": \"low\", \"notes\": \"\"},\n"
	"  \"evaluability\": {\"rating\": \"not-assessed\", \"notes\": \"\"},\n"
	"  \"fidelity\": [\n"
	"    {\"element\": \"a\", \"rating\": 2}\n"
	"  ],\n"
	"  \"outcomes\": [],\n"
	"  \"other_consequences\": [],\n"
	"  \"data\": {\n"
	"    \"worker_group_interviews\": 1,\n"
	"    \"client_group_interviews\": 0,\n"
	"    \"other\": []\n"
	"  }\n"
	"}\n";

static pl_schema *real_schema(const char *name)
{
	const pl_template *t = pl_template_find(name);
	pl_schema *s = NULL;
	assert_non_null(t);
	assert_int_equal(pl_schema_load(&s, t->data, t->len), 0);
	assert_non_null(s);
	return s;
}

/* base with the first occurrence of old replaced by new; free(). */
static char *patch(const char *base, const char *old, const char *new)
{
	const char *at = strstr(base, old);
	pl_buf b = PL_BUF_INIT;
	if (!at) {
		print_error("patch: '%s' is not in the document\n", old);
		fail();
	}
	pl_buf_add(&b, base, (size_t)(at - base));
	pl_buf_puts(&b, new);
	pl_buf_puts(&b, at + strlen(old));
	return pl_buf_detach(&b);
}

/* Validates text against schema with a given schema object; returns the
 * findings as "line:col pointer message" lines. */
static char *findings_with(pl_schema *s, const char *text, size_t *count)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	pl_buf out = PL_BUF_INIT;
	size_t n;

	if (pl_json_doc_load(&doc, "x.json", text, strlen(text), &d) != 0) {
		char *t = th_diags_text(&d);
		print_error("test document does not parse: %s", t);
		free(t);
		fail();
	}
	n = pl_schema_validate(s, &doc, &d);
	for (size_t i = 0; i < d.count; i++) {
		const pl_diag *x = &d.items[i];
		assert_string_equal(x->path, "x.json");
		assert_int_equal(x->severity, PL_DIAG_ERROR);
		pl_buf_printf(&out, "%u:%u %s %s\n", x->line, x->col,
			      x->pointer ? x->pointer : "(none)", x->message);
	}
	if (count)
		*count = n;
	assert_int_equal(n, d.count);
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
	return pl_buf_detach(&out);
}

static char *findings(const char *schema, const char *text)
{
	pl_schema *s = real_schema(schema);
	char *r = findings_with(s, text, NULL);
	pl_schema_free(s);
	return r;
}

static void expect_at(const char *schema, const char *text, const char *want, const char *file,
		      int line)
{
	char *got = findings(schema, text);
	int ok = strcmp(got, want) == 0;
	if (!ok)
		print_error("%s:%d: findings differ\n--- got:\n%s--- want:\n%s", file, line, got, want);
	free(got);
	if (!ok)
		_fail(file, line);
}

#define expect(schema, text, want) expect_at(schema, text, want, __FILE__, __LINE__)

/* Changes old to new in base, validates, and compares the findings. */
static void expect_patched_at(const char *schema, const char *base, const char *old,
			      const char *new, const char *want, const char *file, int line)
{
	char *text = patch(base, old, new);
	char *got = findings(schema, text);
	int ok = strcmp(got, want) == 0;
	if (!ok)
		print_error("%s:%d: findings differ\n--- got:\n%s--- want:\n%s--- document:\n%s",
			    file, line, got, want, text);
	free(got);
	free(text);
	if (!ok)
		_fail(file, line);
}

#define expect_patched(schema, base, old, new, want) \
	expect_patched_at(schema, base, old, new, want, __FILE__, __LINE__)

/* ---- loading ---------------------------------------------------------- */

static void every_shipped_schema_loads(void **state)
{
	const char *names[] = { PILOT, MODEL, LOGIC, EVAL };
	(void)state;
	for (size_t i = 0; i < 4; i++)
		pl_schema_free(real_schema(names[i]));
	pl_schema_free(NULL);
}

static void load_refuses_text_that_is_no_schema(void **state)
{
	pl_schema *s = (pl_schema *)&s;
	(void)state;
	assert_int_equal(pl_schema_load(&s, "{\"type\": ", 9), PL_ERROR);
	assert_null(s);
	assert_true(strncmp(pl_error_last(), "invalid schema", 14) == 0);
	assert_int_equal(pl_schema_load(&s, "[1]", 3), PL_ERROR);
	assert_null(s);
	assert_int_equal(pl_schema_load(&s, "{\"a\": 1, \"a\": 2}", 16), PL_ERROR);
	assert_null(s);
	pl_error_clear();
}

/* ---- valid documents ------------------------------------------------- */

static void valid_documents_have_no_findings(void **state)
{
	(void)state;
	expect(PILOT, pilot_doc, "");
	expect(MODEL, model_doc, "");
	expect(LOGIC, logic_doc, "");
	expect(EVAL, eval_doc, "");
}

static void validate_adds_to_findings_and_counts_them(void **state)
{
	pl_schema *s = real_schema(MODEL);
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	char *text = patch(model_doc, "\"horizon\": \"short\"", "\"horizon\": \"soon\"");
	char *t2 = patch(text, "\"model\": \"malli\"", "\"model\": \"Malli\"");
	(void)state;
	pl_diags_add(&d, PL_DIAG_WARNING, "other.json", 0, 0, NULL, "kept");
	assert_int_equal(pl_json_doc_load(&doc, "m.json", t2, strlen(t2), &d), 0);
	assert_int_equal(pl_schema_validate(s, &doc, &d), 2);
	assert_int_equal(d.count, 3);
	assert_string_equal(d.items[0].message, "kept");
	/* validating again adds the same findings again */
	assert_int_equal(pl_schema_validate(s, &doc, &d), 2);
	assert_int_equal(d.count, 5);
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
	pl_schema_free(s);
	free(text);
	free(t2);
}

/* ---- required and unknown fields --------------------------------------- */

static void missing_required_field_is_reported_on_its_object(void **state)
{
	(void)state;
	expect_patched(MODEL, model_doc, "  \"model\": \"malli\",\n", "",
		       "1:1  the file lacks the required field 'model'\n");
	expect_patched(MODEL, model_doc, "\"mechanisms\": [\"m1\"],\n      \"horizon\": \"short\"",
		       "\"mechanisms\": [\"m1\"]",
		       "19:5 /outcomes/0 item 1 of 'outcomes' lacks the required field 'horizon'\n");
	expect_patched(EVAL, eval_doc, ", \"notes\": \"\"}", "}",
		       "4:18 /feasibility 'feasibility' lacks the required field 'notes'\n");
}

static void unknown_field_suggests_a_close_missing_name(void **state)
{
	(void)state;
	expect_patched(MODEL, model_doc, "\"title\": \"A\"", "\"titel\": \"A\"",
		       "4:5 /core_elements/0 item 1 of 'core_elements' lacks the required field 'title'\n"
		       "6:7 /core_elements/0/titel unknown field 'titel'; did you mean 'title'?\n");
	expect_patched(EVAL, eval_doc, "\"worker_group_interviews\"", "\"worker_group_interview\"",
		       "11:11 /data 'data' lacks the required field 'worker_group_interviews'\n"
		       "12:5 /data/worker_group_interview unknown field 'worker_group_interview'; "
		       "did you mean 'worker_group_interviews'?\n");
}

static void unknown_field_without_a_close_name_gets_no_suggestion(void **state)
{
	(void)state;
	expect_patched(MODEL, model_doc, "  \"model\": \"malli\",\n",
		       "  \"model\": \"malli\",\n  \"colour\": \"red\",\n",
		       "3:3 /colour unknown field 'colour'\n");
}

static void unknown_field_is_not_matched_to_a_field_already_there(void **state)
{
	(void)state;
	/* "modle" is close to "model", but "model" is present */
	expect_patched(MODEL, model_doc, "  \"model\": \"malli\",\n",
		       "  \"model\": \"malli\",\n  \"modle\": \"x\",\n",
		       "3:3 /modle unknown field 'modle'\n");
}

static void unknown_field_with_a_slash_has_an_escaped_pointer(void **state)
{
	(void)state;
	expect_patched(MODEL, model_doc, "  \"model\": \"malli\",\n",
		       "  \"model\": \"malli\",\n  \"a/b~c\": 1,\n",
		       "3:3 /a~1b~0c unknown field 'a/b~c'\n");
}

/* ---- types, enums, const ----------------------------------------------- */

static void wrong_type_names_both_types(void **state)
{
	(void)state;
	expect_patched(EVAL, eval_doc, "\"worker_group_interviews\": 1", "\"worker_group_interviews\": \"1\"",
		       "12:32 /data/worker_group_interviews 'worker_group_interviews' must be a whole "
		       "number, not text\n");
	expect_patched(EVAL, eval_doc, "\"worker_group_interviews\": 1", "\"worker_group_interviews\": 1.5",
		       "12:32 /data/worker_group_interviews 'worker_group_interviews' must be a whole "
		       "number, not a decimal number\n");
	expect_patched(MODEL, model_doc, "\"elements\": [\"a\"]", "\"elements\": \"a\"",
		       "15:19 /mechanisms/0/elements 'elements' must be a list, not text\n");
	expect_patched(PILOT, pilot_doc, "\"models\": []", "\"models\": [5]",
		       "6:14 /models/0 item 1 of 'models' must be an object, not a whole number\n");
	expect_patched(PILOT, pilot_doc, "\"title\": {\"fi\": \"Sarja\"}", "\"title\": null",
		       "4:12 /title 'title' must be an object, not null\n");
	expect(MODEL, "[]", "1:1  the file must be an object, not a list\n");
}

static void enum_lists_the_allowed_values(void **state)
{
	(void)state;
	expect_patched(MODEL, model_doc, "\"horizon\": \"short\"", "\"horizon\": \"soon\"",
		       "24:18 /outcomes/0/horizon 'horizon' must be one of 'short', 'medium' or "
		       "'long', not 'soon'\n");
	expect_patched(PILOT, pilot_doc, "\"language\": \"fi\"", "\"language\": \"de\"",
		       "5:15 /language 'language' must be one of 'fi', 'sv' or 'en', not 'de'\n");
	expect_patched(LOGIC, logic_doc, "\"adaptation\": \"as-is\"", "\"adaptation\": \"changed\"",
		       "8:84 /core_elements/0/adaptation 'adaptation' must be one of 'as-is', "
		       "'adapted' or 'own', not 'changed'\n");
}

static void const_names_the_only_value(void **state)
{
	(void)state;
	expect_patched(PILOT, pilot_doc, "\"format\": 1", "\"format\": 2",
		       "2:13 /format 'format' must be 1, not 2\n");
	expect_patched(PILOT, pilot_doc, "\"format\": 1", "\"format\": \"1\"",
		       "2:13 /format 'format' must be 1, not '1'\n");
}

/* ---- strings -------------------------------------------------------------- */

static void bad_ids_do_not_match_the_pattern(void **state)
{
	(void)state;
	expect_patched(MODEL, model_doc, "\"model\": \"malli\"", "\"model\": \"../x\"",
		       "2:12 /model 'model' is not valid: '../x' " ID_RULE "\n");
	expect_patched(MODEL, model_doc, "\"model\": \"malli\"", "\"model\": \"Kainuu\"",
		       "2:12 /model 'model' is not valid: 'Kainuu' " ID_RULE "\n");
	expect_patched(MODEL, model_doc, "\"id\": \"a\"", "\"id\": \"-a\"",
		       "5:13 /core_elements/0/id 'id' is not valid: '-a' " ID_RULE "\n");
	expect_patched(MODEL, model_doc, "\"id\": \"a\"", "\"id\": \"kainuu_1\"",
		       "5:13 /core_elements/0/id 'id' is not valid: 'kainuu_1' " ID_RULE "\n");
	expect_patched(MODEL, model_doc, "\"id\": \"a\"", "\"id\": \"ryhm\xc3\xa4\"",
		       "5:13 /core_elements/0/id 'id' is not valid: 'ryhm\xc3\xa4' " ID_RULE "\n");
	expect_patched(MODEL, model_doc, "\"id\": \"a\"", "\"id\": \"\"",
		       "5:13 /core_elements/0/id 'id' is not valid: '' " ID_RULE "\n");
	expect_patched(MODEL, model_doc, "\"id\": \"a\"", "\"id\": \"a b\"",
		       "5:13 /core_elements/0/id 'id' is not valid: 'a b' " ID_RULE "\n");
}

static void good_ids_match_the_pattern(void **state)
{
	(void)state;
	expect_patched(MODEL, model_doc, "\"model\": \"malli\"", "\"model\": \"2022-syksy\"", "");
	expect_patched(MODEL, model_doc, "\"model\": \"malli\"", "\"model\": \"etsiva-sosiaalityo\"", "");
	expect_patched(MODEL, model_doc, "\"model\": \"malli\"", "\"model\": \"a--\"", "");
}

/* "\"model\": \"<c x n><tail>\"" */
static char *model_with_id(char c, size_t n, const char *tail)
{
	pl_buf b = PL_BUF_INIT;
	char *r;
	pl_buf_puts(&b, "\"model\": \"");
	for (size_t i = 0; i < n; i++)
		pl_buf_putc(&b, c);
	pl_buf_puts(&b, tail);
	pl_buf_putc(&b, '"');
	r = patch(model_doc, "\"model\": \"malli\"", b.ptr);
	pl_buf_release(&b);
	return r;
}

static void id_of_64_characters_is_accepted(void **state)
{
	char *text = model_with_id('a', 64, "");
	(void)state;
	expect(MODEL, text, "");
	free(text);
}

static void id_of_65_characters_is_too_long(void **state)
{
	char *text = model_with_id('a', 65, "");
	(void)state;
	expect(MODEL, text, "2:12 /model 'model' is too long: 65 characters, at most 64\n");
	free(text);
}

static void id_length_is_counted_in_characters(void **state)
{
	/* 63 x 'a' + 'ä': 64 characters in 65 bytes - not too long (but not
	 * an id either, for the ä) */
	char *text = model_with_id('a', 63, "\xc3\xa4");
	char *want = NULL;
	pl_buf b = PL_BUF_INIT;
	(void)state;
	pl_buf_puts(&b, "2:12 /model 'model' is not valid: '");
	for (int i = 0; i < 63; i++)
		pl_buf_putc(&b, 'a');
	pl_buf_puts(&b, "\xc3\xa4' " ID_RULE "\n");
	want = pl_buf_detach(&b);
	expect(MODEL, text, want);
	free(text);
	free(want);
}

static void title_length_is_counted_in_characters(void **state)
{
	pl_buf title = PL_BUF_INIT;
	char *text;
	(void)state;
	/* 300 x ä is 600 bytes but 300 characters: the maximum */
	pl_buf_puts(&title, "\"title\": \"");
	for (int i = 0; i < 300; i++)
		pl_buf_puts(&title, "\xc3\xa4");
	pl_buf_putc(&title, '"');
	text = patch(model_doc, "\"title\": \"A\"", title.ptr);
	expect(MODEL, text, "");
	free(text);
	pl_buf_truncate(&title, title.len - 1);
	pl_buf_puts(&title, "\xc3\xa4\"");
	text = patch(model_doc, "\"title\": \"A\"", title.ptr);
	expect(MODEL, text, "6:16 /core_elements/0/title 'title' is too long: 301 characters, at most 300\n");
	free(text);
	pl_buf_release(&title);
}

static void empty_text_is_too_short(void **state)
{
	(void)state;
	expect_patched(MODEL, model_doc, "\"title\": \"A\"", "\"title\": \"\"",
		       "6:16 /core_elements/0/title 'title' must not be empty\n");
	expect_patched(PILOT, pilot_doc, "{\"fi\": \"Sarja\"}", "{\"fi\": \"\"}",
		       "4:19 /title/fi 'fi' must not be empty\n");
}

static void min_length_above_one_gives_the_count_in_characters(void **state)
{
	static const char schema[] =
		"{\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\", \"minLength\": 3}}}";
	pl_schema *s = NULL;
	char *got;
	(void)state;
	assert_int_equal(pl_schema_load(&s, schema, strlen(schema)), 0);
	/* ää is 4 bytes but 2 characters */
	got = findings_with(s, "{\"name\": \"\xc3\xa4\xc3\xa4\"}", NULL);
	assert_string_equal(got, "1:10 /name 'name' is too short: 2 characters, at least 3\n");
	free(got);
	got = findings_with(s, "{\"name\": \"\xc3\xa4\xc3\xa4\xc3\xa4\"}", NULL);
	assert_string_equal(got, "");
	free(got);
	pl_schema_free(s);
}

/* ---- numbers ---------------------------------------------------------------- */

static void numbers_below_minimum_or_above_maximum_are_reported(void **state)
{
	(void)state;
	expect_patched(EVAL, eval_doc, "\"worker_group_interviews\": 1", "\"worker_group_interviews\": -1",
		       "12:32 /data/worker_group_interviews 'worker_group_interviews' must be at "
		       "least 0, not -1\n");
	expect_patched(EVAL, eval_doc, "\"worker_group_interviews\": 1", "\"worker_group_interviews\": 1001",
		       "12:32 /data/worker_group_interviews 'worker_group_interviews' must be at "
		       "most 1000, not 1001\n");
	expect_patched(EVAL, eval_doc, "\"worker_group_interviews\": 1", "\"worker_group_interviews\": 0", "");
	expect_patched(EVAL, eval_doc, "\"worker_group_interviews\": 1", "\"worker_group_interviews\": 1000", "");
}

/* ---- anyOf -------------------------------------------------------------------- */

static void reference_may_be_an_id_or_null(void **state)
{
	(void)state;
	expect_patched(LOGIC, logic_doc, "\"reference\": \"a\"", "\"reference\": null", "");
	expect_patched(LOGIC, logic_doc, "\"reference\": \"a\"", "\"reference\": \"../x\"",
		       "8:65 /core_elements/0/reference 'reference' is not valid: '../x' " ID_RULE "\n");
	expect_patched(LOGIC, logic_doc, "\"reference\": \"a\"", "\"reference\": 5",
		       "8:65 /core_elements/0/reference 'reference' must be text or null, not 5\n");
	expect_patched(LOGIC, logic_doc, "\"reference\": \"a\"", "\"reference\": [\"a\"]",
		       "8:65 /core_elements/0/reference 'reference' must be text or null, not [\"a\"]\n");
}

static void rating_may_be_0_1_2_or_null(void **state)
{
	(void)state;
	expect_patched(EVAL, eval_doc, "\"rating\": 2", "\"rating\": 0", "");
	expect_patched(EVAL, eval_doc, "\"rating\": 2", "\"rating\": 1", "");
	expect_patched(EVAL, eval_doc, "\"rating\": 2", "\"rating\": null", "");
	expect_patched(EVAL, eval_doc, "\"rating\": 2", "\"rating\": 3",
		       "7:32 /fidelity/0/rating 'rating' must be one of 0, 1 or 2, not 3\n");
	expect_patched(EVAL, eval_doc, "\"rating\": 2", "\"rating\": \"2\"",
		       "7:32 /fidelity/0/rating 'rating' must be 0, 1, 2 or null, not '2'\n");
	expect_patched(EVAL, eval_doc, "\"rating\": 2", "\"rating\": true",
		       "7:32 /fidelity/0/rating 'rating' must be 0, 1, 2 or null, not true\n");
}

/* ---- formats ------------------------------------------------------------------ */

static void date_format_is_checked(void **state)
{
	(void)state;
	expect_patched(PILOT, pilot_doc, "2023-05-24", "2023-02-29",
		       "9:27 /workshops/0/date 'date' is not a valid date: '2023-02-29'; write it as "
		       "YYYY-MM-DD, e.g. 2023-05-24\n");
	expect_patched(PILOT, pilot_doc, "2023-05-24", "2024-02-29", "");
	expect_patched(PILOT, pilot_doc, "2023-05-24", "2023-13-01",
		       "9:27 /workshops/0/date 'date' is not a valid date: '2023-13-01'; write it as "
		       "YYYY-MM-DD, e.g. 2023-05-24\n");
	expect_patched(PILOT, pilot_doc, "2023-05-24", "24.5.2023",
		       "9:27 /workshops/0/date 'date' is not a valid date: '24.5.2023'; write it as "
		       "YYYY-MM-DD, e.g. 2023-05-24\n");
}

static void email_format_is_checked(void **state)
{
	(void)state;
	expect_patched(PILOT, pilot_doc, "anna@example.org", "anna@example",
		       "12:31 /facilitators/0/email 'email' is not a valid e-mail address: "
		       "'anna@example'\n");
	expect_patched(PILOT, pilot_doc, "anna@example.org", "Anna <anna@example.org>",
		       "12:31 /facilitators/0/email 'email' is not a valid e-mail address: "
		       "'Anna <anna@example.org>'\n");
}

/* ---- other keywords, on a schema of our own ------------------------------------- */

static void min_and_max_items_and_min_properties(void **state)
{
	static const char schema[] =
		"{\"type\": \"object\", \"properties\": {"
		"\"list\": {\"type\": \"array\", \"minItems\": 2, \"maxItems\": 3},"
		"\"one\": {\"type\": \"array\", \"minItems\": 1},"
		"\"text\": {\"type\": \"object\", \"minProperties\": 1}}}";
	pl_schema *s = NULL;
	char *got;
	(void)state;
	assert_int_equal(pl_schema_load(&s, schema, strlen(schema)), 0);
	got = findings_with(s, "{\"list\": [1], \"one\": [], \"text\": {}}", NULL);
	assert_string_equal(got,
			    "1:10 /list 'list' must have at least 2 items\n"
			    "1:22 /one 'one' must have at least 1 item\n"
			    "1:34 /text 'text' must have at least 1 field\n");
	free(got);
	got = findings_with(s, "{\"list\": [1, 2, 3, 4]}", NULL);
	assert_string_equal(got, "1:10 /list 'list' must have at most 3 items\n");
	free(got);
	got = findings_with(s, "{\"list\": [1, 2, 3], \"one\": [0], \"text\": {\"fi\": \"x\"}}", NULL);
	assert_string_equal(got, "");
	free(got);
	pl_schema_free(s);
}

static void text_object_needs_a_language(void **state)
{
	(void)state;
	expect_patched(PILOT, pilot_doc, "{\"fi\": \"Sarja\"}", "{}",
		       "4:12 /title 'title' must have at least 1 field\n");
	expect_patched(PILOT, pilot_doc, "{\"fi\": \"Sarja\"}", "{\"deutsch\": \"Serie\"}",
		       "4:13 /title/deutsch unknown field 'deutsch'\n");
}

static void several_violations_are_all_reported(void **state)
{
	char *a = patch(model_doc, "\"model\": \"malli\"", "\"model\": \"X\"");
	char *b = patch(a, "\"horizon\": \"short\"", "\"horizon\": 1");
	size_t n = 0;
	pl_schema *s = real_schema(MODEL);
	char *got = findings_with(s, b, &n);
	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(got, "2:12 /model 'model' is not valid: 'X' " ID_RULE "\n"
			    "24:18 /outcomes/0/horizon 'horizon' must be one of 'short', 'medium' "
			    "or 'long', not 1\n");
	free(got);
	free(a);
	free(b);
	pl_schema_free(s);
}

/* ---- canonical order ---------------------------------------------------------- */

static char *canonical_text(const char *schema, const char *json)
{
	pl_schema *s = real_schema(schema);
	json_error_t e;
	json_t *in = json_loads(json, 0, &e), *out;
	pl_buf b = PL_BUF_INIT;
	assert_non_null(in);
	out = pl_schema_canonical(s, in);
	assert_non_null(out);
	assert_true(json_equal(in, out));
	assert_ptr_not_equal(in, out);
	assert_int_equal(pl_json_dump(out, &b), 0);
	json_decref(in);
	json_decref(out);
	pl_schema_free(s);
	return pl_buf_detach(&b);
}

static void canonical_orders_keys_as_the_schema_lists_them(void **state)
{
	char *got = canonical_text(MODEL,
		"{\"outcomes\": [], \"mechanisms\": [{\"elements\": [\"a\"], \"description\": \"\", "
		"\"title\": \"M\", \"id\": \"m\"}], \"core_elements\": [], \"model\": \"x\", "
		"\"$schema\": \"../../schemas/model.schema.json\"}");
	(void)state;
	assert_string_equal(got,
			    "{\n"
			    "  \"$schema\": \"../../schemas/model.schema.json\",\n"
			    "  \"model\": \"x\",\n"
			    "  \"core_elements\": [],\n"
			    "  \"mechanisms\": [\n"
			    "    {\n"
			    "      \"id\": \"m\",\n"
			    "      \"title\": \"M\",\n"
			    "      \"description\": \"\",\n"
			    "      \"elements\": [\n"
			    "        \"a\"\n"
			    "      ]\n"
			    "    }\n"
			    "  ],\n"
			    "  \"outcomes\": []\n"
			    "}\n");
	free(got);
}

static void canonical_follows_refs(void **state)
{
	char *got = canonical_text(EVAL,
		"{\"feasibility\": {\"notes\": \"n\", \"rating\": \"low\"}, "
		"\"data\": {\"other\": [{\"description\": \"d\", \"id\": \"x\"}], "
		"\"client_group_interviews\": 0, \"worker_group_interviews\": 1}}");
	(void)state;
	assert_string_equal(got,
			    "{\n"
			    "  \"feasibility\": {\n"
			    "    \"rating\": \"low\",\n"
			    "    \"notes\": \"n\"\n"
			    "  },\n"
			    "  \"data\": {\n"
			    "    \"worker_group_interviews\": 1,\n"
			    "    \"client_group_interviews\": 0,\n"
			    "    \"other\": [\n"
			    "      {\n"
			    "        \"id\": \"x\",\n"
			    "        \"description\": \"d\"\n"
			    "      }\n"
			    "    ]\n"
			    "  }\n"
			    "}\n");
	free(got);
	got = canonical_text(PILOT,
		"{\"facilitators\": [{\"user\": \"u\", \"email\": \"e@x.fi\", \"name\": \"N\"}], "
		"\"title\": {\"en\": \"E\", \"sv\": \"S\", \"fi\": \"F\"}}");
	assert_string_equal(got,
			    "{\n"
			    "  \"title\": {\n"
			    "    \"fi\": \"F\",\n"
			    "    \"sv\": \"S\",\n"
			    "    \"en\": \"E\"\n"
			    "  },\n"
			    "  \"facilitators\": [\n"
			    "    {\n"
			    "      \"name\": \"N\",\n"
			    "      \"email\": \"e@x.fi\",\n"
			    "      \"user\": \"u\"\n"
			    "    }\n"
			    "  ]\n"
			    "}\n");
	free(got);
}

static void canonical_keeps_unknown_keys_after_known_ones(void **state)
{
	char *got = canonical_text(MODEL,
		"{\"zeta\": 1, \"outcomes\": [], \"alpha\": {\"b\": 1, \"a\": 2}, \"model\": \"x\"}");
	(void)state;
	assert_string_equal(got,
			    "{\n"
			    "  \"model\": \"x\",\n"
			    "  \"outcomes\": [],\n"
			    "  \"zeta\": 1,\n"
			    "  \"alpha\": {\n"
			    "    \"b\": 1,\n"
			    "    \"a\": 2\n"
			    "  }\n"
			    "}\n");
	free(got);
}

static void canonical_does_not_change_its_input(void **state)
{
	pl_schema *s = real_schema(MODEL);
	json_t *in = json_pack("{s:[], s:s}", "outcomes", "model", "x");
	json_t *out = pl_schema_canonical(s, in);
	(void)state;
	json_array_append_new(json_object_get(out, "outcomes"), json_integer(1));
	assert_int_equal(json_array_size(json_object_get(in, "outcomes")), 0);
	/* the input keeps its own order */
	assert_string_equal(json_object_iter_key(json_object_iter(in)), "outcomes");
	assert_string_equal(json_object_iter_key(json_object_iter(out)), "model");
	json_decref(in);
	json_decref(out);
	pl_schema_free(s);
}

/* ---- pl_is_date, pl_is_email ------------------------------------------------- */

static void is_date_accepts_real_calendar_dates(void **state)
{
	const char *good[] = { "2024-02-29", "2000-02-29", "2023-12-31", "2023-01-01",
			       "2023-04-30", "0001-01-01", "9999-12-31" };
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (!pl_is_date(good[i]))
			fail_msg("'%s' should be a date", good[i]);
}

static void is_date_rejects_impossible_or_malformed_dates(void **state)
{
	const char *bad[] = { "2023-02-29", "1900-02-29", "2023-13-01", "2023-00-10",
			      "2023-01-00", "2023-04-31", "2023-01-32", "2023-1-01",
			      "2023-01-1", "2023/01/01", "20230101", "", "2023-01-011",
			      " 2023-01-01", "2023-01-01 ", "2023-0a-01", "+023-01-01",
			      "2023-01" };
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (pl_is_date(bad[i]))
			fail_msg("'%s' should not be a date", bad[i]);
}

static void is_email_accepts_ordinary_addresses(void **state)
{
	const char *good[] = { "anna@example.org", "anna.virtanen@thl.fi",
			       "a.b+c@sub.example.fi", "x@y.z" };
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (!pl_is_email(good[i]))
			fail_msg("'%s' should be an e-mail address", good[i]);
}

static void is_email_rejects_malformed_addresses(void **state)
{
	const char *bad[] = { "", "anna", "@example.org", "anna@", "anna@example",
			      "anna@.org", "anna@example.", "a b@example.org",
			      "anna@@example.org", "a@b@example.org", "<anna@example.org>",
			      "Anna <anna@example.org>", "a,b@example.org", "a;b@example.org",
			      "\"a\"@example.org", "anna@exa mple.org", "anna@example.org\n" };
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (pl_is_email(bad[i]))
			fail_msg("'%s' should not be an e-mail address", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_shipped_schema_loads),
		cmocka_unit_test(load_refuses_text_that_is_no_schema),
		cmocka_unit_test(valid_documents_have_no_findings),
		cmocka_unit_test(validate_adds_to_findings_and_counts_them),
		cmocka_unit_test(missing_required_field_is_reported_on_its_object),
		cmocka_unit_test(unknown_field_suggests_a_close_missing_name),
		cmocka_unit_test(unknown_field_without_a_close_name_gets_no_suggestion),
		cmocka_unit_test(unknown_field_is_not_matched_to_a_field_already_there),
		cmocka_unit_test(unknown_field_with_a_slash_has_an_escaped_pointer),
		cmocka_unit_test(wrong_type_names_both_types),
		cmocka_unit_test(enum_lists_the_allowed_values),
		cmocka_unit_test(const_names_the_only_value),
		cmocka_unit_test(bad_ids_do_not_match_the_pattern),
		cmocka_unit_test(good_ids_match_the_pattern),
		cmocka_unit_test(id_of_64_characters_is_accepted),
		cmocka_unit_test(id_of_65_characters_is_too_long),
		cmocka_unit_test(id_length_is_counted_in_characters),
		cmocka_unit_test(title_length_is_counted_in_characters),
		cmocka_unit_test(empty_text_is_too_short),
		cmocka_unit_test(min_length_above_one_gives_the_count_in_characters),
		cmocka_unit_test(numbers_below_minimum_or_above_maximum_are_reported),
		cmocka_unit_test(reference_may_be_an_id_or_null),
		cmocka_unit_test(rating_may_be_0_1_2_or_null),
		cmocka_unit_test(date_format_is_checked),
		cmocka_unit_test(email_format_is_checked),
		cmocka_unit_test(min_and_max_items_and_min_properties),
		cmocka_unit_test(text_object_needs_a_language),
		cmocka_unit_test(several_violations_are_all_reported),
		cmocka_unit_test(canonical_orders_keys_as_the_schema_lists_them),
		cmocka_unit_test(canonical_follows_refs),
		cmocka_unit_test(canonical_keeps_unknown_keys_after_known_ones),
		cmocka_unit_test(canonical_does_not_change_its_input),
		cmocka_unit_test(is_date_accepts_real_calendar_dates),
		cmocka_unit_test(is_date_rejects_impossible_or_malformed_dates),
		cmocka_unit_test(is_email_accepts_ordinary_addresses),
		cmocka_unit_test(is_email_rejects_malformed_addresses),
	};
	return th_run(tests);
}
