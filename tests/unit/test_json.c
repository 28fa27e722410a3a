#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "error.h"
#include "json.h"

/* Loads text (strlen bytes) as path; returns the code, doc must be released. */
static int load(pl_json_doc *doc, const char *path, const char *text, pl_diags *d)
{
	return pl_json_doc_load(doc, path, text, strlen(text), d);
}

/* Asserts the one finding in d, as text. */
static void assert_only_finding(const pl_diags *d, const char *expect)
{
	char *text = th_diags_text(d);
	assert_string_equal(text, expect);
	free(text);
}

/* ---- loading ---------------------------------------------------------- */

static void load_parses_an_object_and_keeps_copies(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	char text[] = "{\"id\": \"kainuu\", \"n\": 2}";
	char path[] = "pilot.json";
	(void)state;
	assert_int_equal(load(&doc, path, text, &d), 0);
	text[2] = 'X';
	path[0] = 'X';
	assert_int_equal(d.count, 0);
	assert_true(json_is_object(doc.root));
	assert_string_equal(json_string_value(json_object_get(doc.root, "id")), "kainuu");
	assert_string_equal(doc.path, "pilot.json");
	assert_string_equal(doc.text, "{\"id\": \"kainuu\", \"n\": 2}");
	assert_int_equal(doc.len, strlen(doc.text));
	pl_json_doc_release(&doc);
	assert_null(doc.root);
	assert_null(doc.text);
}

static void load_copies_only_len_bytes(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	const char *text = "{\"a\": 1}GARBAGE";
	(void)state;
	assert_int_equal(pl_json_doc_load(&doc, "x.json", text, 8, &d), 0);
	assert_int_equal(doc.len, 8);
	assert_string_equal(doc.text, "{\"a\": 1}");
	pl_json_doc_release(&doc);
}

static void load_rejects_an_empty_file(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(pl_json_doc_load(&doc, "pilot.json", "", 0, &d), PL_EINVALID);
	assert_null(doc.root);
	assert_only_finding(&d, "pilot.json: error: file is empty\n");
	assert_null(d.items[0].pointer);
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

static void load_rejects_a_whitespace_only_file(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(load(&doc, "models/m/model.json", " \n\t\r\n  \n", &d), PL_EINVALID);
	assert_null(doc.root);
	assert_only_finding(&d, "models/m/model.json: error: file is empty\n");
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

/* A JSON object of exactly size bytes: {"a": "xxx...x"} */
static void make_object_of_size(pl_buf *b, size_t size)
{
	pl_buf_clear(b);
	pl_buf_puts(b, "{\"a\": \"");
	while (b->len < size - 2)
		pl_buf_putc(b, 'x');
	pl_buf_puts(b, "\"}");
	assert_int_equal(b->len, size);
}

static void load_accepts_a_file_of_the_maximum_size(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	pl_buf b = PL_BUF_INIT;
	(void)state;
	make_object_of_size(&b, PL_JSON_MAX_SIZE);
	assert_int_equal(pl_json_doc_load(&doc, "big.json", b.ptr, b.len, &d), 0);
	assert_int_equal(d.count, 0);
	assert_non_null(doc.root);
	pl_json_doc_release(&doc);
	pl_buf_release(&b);
}

static void load_rejects_an_oversized_file(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	pl_buf b = PL_BUF_INIT;
	(void)state;
	make_object_of_size(&b, PL_JSON_MAX_SIZE + 1);
	assert_int_equal(pl_json_doc_load(&doc, "big.json", b.ptr, b.len, &d), PL_EINVALID);
	assert_null(doc.root);
	assert_only_finding(&d, "big.json: error: file is too large: 1048577 bytes, at most 1048576\n");
	pl_json_doc_release(&doc);
	pl_buf_release(&b);
	pl_diags_release(&d);
}

static void load_rejects_invalid_utf8_at_its_line_and_column(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	/* line 2: two spaces, "a": "ä then the bad byte: column 10 in characters */
	assert_int_equal(load(&doc, "x.json", "{\n  \"a\": \"\xc3\xa4\xff\"\n}\n", &d), PL_EINVALID);
	assert_null(doc.root);
	assert_only_finding(&d, "x.json:2:10: error: not valid UTF-8 text (byte 0xff); "
			    "save the file as UTF-8\n");
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

static void load_rejects_latin1_text(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(load(&doc, "x.json", "{\"title\": \"Etsiv\xe4\"}", &d), PL_EINVALID);
	assert_only_finding(&d, "x.json:1:17: error: not valid UTF-8 text (byte 0xe4); "
			    "save the file as UTF-8\n");
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

static void load_rejects_a_byte_order_mark(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(load(&doc, "pilot.json", "\xef\xbb\xbf{\"a\": 1}", &d), PL_EINVALID);
	assert_null(doc.root);
	assert_only_finding(&d, "pilot.json:1:1: error: file starts with a byte order mark; "
			    "save it as UTF-8 without BOM\n");
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

static void load_rejects_duplicate_keys(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(load(&doc, "x.json", "{\"a\": 1, \"a\": 2}", &d), PL_EINVALID);
	assert_null(doc.root);
	assert_only_finding(&d, "x.json:1:12: error: the key 'a' appears twice in the same object\n");
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

static void load_rejects_duplicate_keys_in_nested_objects(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(load(&doc, "x.json",
			      "{\n  \"list\": [\n    {\"title\": \"a\", \"title\": \"b\"}\n  ]\n}\n", &d),
			 PL_EINVALID);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.items[0].line, 3);
	assert_string_equal(d.items[0].message, "the key 'title' appears twice in the same object");
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

static void load_reports_syntax_errors_where_jansson_saw_them(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(load(&doc, "x.json", "{\n  \"a\": 1,\n  \"b\": }", &d), PL_EINVALID);
	assert_null(doc.root);
	assert_only_finding(&d, "x.json:3:8: error: invalid JSON: unexpected token near '}'\n");
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

static void load_syntax_error_column_counts_characters(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(load(&doc, "x.json", "{\n  \"\xc3\xa4\xc3\xa4\" 2}", &d), PL_EINVALID);
	assert_only_finding(&d, "x.json:2:8: error: invalid JSON: ':' expected near '2'\n");
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

static void load_rejects_trailing_commas_and_garbage(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(load(&doc, "x.json", "[1, 2,]", &d), PL_EINVALID);
	pl_json_doc_release(&doc);
	assert_int_equal(load(&doc, "x.json", "{\"a\": 1} x", &d), PL_EINVALID);
	pl_json_doc_release(&doc);
	assert_only_finding(&d, "x.json:1:7: error: invalid JSON: unexpected token near ']'\n"
			    "x.json:1:10: error: invalid JSON: end of file expected near 'x'\n");
	pl_diags_release(&d);
}

static void load_rejects_a_zero_byte(void **state)
{
	static const char text[] = "{\"a\": \"x\0y\"}";
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(pl_json_doc_load(&doc, "x.json", text, sizeof(text) - 1, &d), PL_EINVALID);
	assert_null(doc.root);
	assert_int_equal(d.count, 1);
	assert_int_equal(doc.len, sizeof(text) - 1);
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

static void load_keeps_path_and_text_when_invalid(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(load(&doc, "broken.json", "{", &d), PL_EINVALID);
	assert_string_equal(doc.path, "broken.json");
	assert_string_equal(doc.text, "{");
	assert_int_equal(doc.len, 1);
	assert_string_equal(d.items[0].path, "broken.json");
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

/* ---- locating values ---------------------------------------------------- */

static const char nested[] =
	"{\n"
	"  \"id\": \"sarja\",\n"
	"  \"models\": [\n"
	"    {\n"
	"      \"id\": \"a\",\n"
	"      \"title\": {\"fi\": \"A\"}\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"b\",\n"
	"      \"title\": {\n"
	"        \"fi\": \"Etsiv\xc3\xa4\",\n"
	"        \"sv\": \"B\"\n"
	"      }\n"
	"    }\n"
	"  ],\n"
	"  \"empty\": [],\n"
	"  \"none\": {}\n"
	"}\n";

static void assert_at(const char *text, const char *pointer, int at_key, unsigned want_line,
		      unsigned want_col)
{
	unsigned line = 0, col = 0;
	int rc = pl_json_locate(text, strlen(text), pointer, at_key, &line, &col);
	if (rc != 0 || line != want_line || col != want_col) {
		print_error("%s (at_key %d): got rc %d at %u:%u, want %u:%u\n", pointer, at_key, rc,
			    line, col, want_line, want_col);
		fail();
	}
}

static void assert_not_found(const char *text, const char *pointer)
{
	unsigned line = 77, col = 77;
	assert_int_equal(pl_json_locate(text, strlen(text), pointer, 0, &line, &col), PL_ENOTFOUND);
}

static void locate_empty_pointer_is_the_whole_document(void **state)
{
	(void)state;
	assert_at(nested, "", 0, 1, 1);
	assert_at(nested, "", 1, 1, 1);
	assert_at("\n\n   [1]", "", 0, 3, 4);
}

static void locate_finds_values_in_nested_objects_and_arrays(void **state)
{
	(void)state;
	assert_at(nested, "/id", 0, 2, 9);
	assert_at(nested, "/models", 0, 3, 13);
	assert_at(nested, "/models/0", 0, 4, 5);
	assert_at(nested, "/models/0/title/fi", 0, 6, 23);
	assert_at(nested, "/models/1/id", 0, 9, 13);
	assert_at(nested, "/models/1/title", 0, 10, 16);
	assert_at(nested, "/models/1/title/sv", 0, 12, 15);
	assert_at(nested, "/empty", 0, 16, 12);
	assert_at(nested, "/none", 0, 17, 11);
}

static void locate_at_key_points_at_the_key(void **state)
{
	(void)state;
	assert_at(nested, "/id", 1, 2, 3);
	assert_at(nested, "/models/1/title", 1, 10, 7);
	assert_at(nested, "/models/1/title/sv", 1, 12, 9);
	/* an array item has no key: its value is shown */
	assert_at(nested, "/models/1", 1, 8, 5);
}

static void locate_column_counts_characters_not_bytes(void **state)
{
	const char *text = "{\"\xc3\xa4\": \"\xc3\xb6\xc3\xb6\", \"b\": 1}";
	(void)state;
	/* {"ä": "öö", "b": is 17 characters (20 bytes) */
	assert_at(text, "/b", 0, 1, 18);
	assert_at(text, "/b", 1, 1, 13);
	assert_at(nested, "/models/1/title/sv", 0, 12, 15);
}

static void locate_finds_keys_with_escaped_slash_and_tilde(void **state)
{
	const char *text = "{\"a/b\": 1, \"m~n\": 2, \"~1\": 3, \"x\": {\"c/d~e\": 4}}";
	(void)state;
	assert_at(text, "/a~1b", 0, 1, 9);
	assert_at(text, "/m~0n", 0, 1, 19);
	assert_at(text, "/~01", 0, 1, 28);
	assert_at(text, "/x/c~1d~0e", 0, 1, 46);
	assert_not_found(text, "/a/b");
}

static void locate_decodes_unicode_escapes_in_keys(void **state)
{
	const char *text = "{\"\\u00e4\": 1, \"\\ud83d\\ude00\": 2, \"q\\\"\\n\": 3}";
	(void)state;
	assert_at(text, "/\xc3\xa4", 0, 1, 12);
	assert_at(text, "/\xf0\x9f\x98\x80", 0, 1, 31);
	assert_at(text, "/q\"\n", 0, 1, 43);
}

static void locate_skips_strings_that_look_like_structure(void **state)
{
	const char *text = "{\"a\": \"}\\\"{[,\", \"n\": {\"b\": 1}, \"b\": [\"]\", 2]}";
	(void)state;
	/* the top-level "b", not the one inside "n" */
	assert_at(text, "/b", 0, 1, 37);
	assert_at(text, "/b/1", 0, 1, 43);
	assert_at(text, "/n/b", 0, 1, 28);
}

static void locate_reports_missing_paths_as_not_found(void **state)
{
	(void)state;
	assert_not_found(nested, "/nope");
	assert_not_found(nested, "/models/2");
	assert_not_found(nested, "/models/x");
	assert_not_found(nested, "/models/-1");
	assert_not_found(nested, "/id/0");          /* into a string */
	assert_not_found(nested, "/models/0/title/sv");
	assert_not_found(nested, "/none/a");
	assert_not_found("{\"a\": [1, 2]}", "/a/2");
}

static void locate_reports_an_index_into_an_empty_array_as_not_found(void **state)
{
	(void)state;
	/* Regression: an index into an empty array is not found (it used to point at the closing bracket). */
	assert_not_found(nested, "/empty/0");
	assert_not_found("[]", "/0");
}

static void pointer_push_escapes_tokens(void **state)
{
	pl_buf p = PL_BUF_INIT;
	unsigned line, col;
	const char *text = "{\"a/b~c\": [0, {\"\": 5}]}";
	(void)state;
	pl_json_pointer_push(&p, "a/b~c");
	assert_string_equal(p.ptr, "/a~1b~0c");
	pl_json_pointer_push_index(&p, 1);
	assert_string_equal(p.ptr, "/a~1b~0c/1");
	pl_json_pointer_push(&p, "");
	assert_string_equal(p.ptr, "/a~1b~0c/1/");
	/* and pl_json_locate reads it back */
	assert_int_equal(pl_json_locate(text, strlen(text), p.ptr, 0, &line, &col), 0);
	assert_int_equal(col, 20);
	pl_buf_release(&p);
}

/* ---- reporting ---------------------------------------------------------- */

static void report_places_the_finding_at_the_value(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(load(&doc, "pilot.json", nested, &d), 0);
	pl_json_report(&doc, &d, PL_DIAG_ERROR, "/models/1/id", 0, "id '%s' is bad", "b");
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].path, "pilot.json");
	assert_string_equal(d.items[0].pointer, "/models/1/id");
	assert_int_equal(d.items[0].line, 9);
	assert_int_equal(d.items[0].col, 13);
	assert_int_equal(d.items[0].severity, PL_DIAG_ERROR);
	assert_string_equal(d.items[0].message, "id 'b' is bad");
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

static void report_at_key_places_the_finding_at_the_key(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(load(&doc, "pilot.json", nested, &d), 0);
	pl_json_report(&doc, &d, PL_DIAG_WARNING, "/models/1/title", 1, "look here");
	assert_only_finding(&d, "pilot.json:10:7: warning: look here\n");
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

static void report_of_unknown_place_has_no_position(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(load(&doc, "pilot.json", nested, &d), 0);
	pl_json_report(&doc, &d, PL_DIAG_ERROR, "/nowhere", 0, "missing");
	pl_json_report(&doc, &d, PL_DIAG_ERROR, NULL, 0, "whole");
	assert_only_finding(&d, "pilot.json: error: missing\npilot.json: error: whole\n");
	assert_string_equal(d.items[0].pointer, "/nowhere");
	assert_null(d.items[1].pointer);
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

/* ---- writing -------------------------------------------------------------- */

static void dump_uses_two_space_indent_and_a_final_newline(void **state)
{
	json_t *v = json_pack("{s:[i,{s:n}],s:s,s:[],s:{},s:b}", "b", 1, "c", "a", "x", "e", "o",
			      "t", 1);
	pl_buf out = PL_BUF_INIT;
	(void)state;
	assert_int_equal(pl_json_dump(v, &out), 0);
	assert_string_equal(out.ptr,
			    "{\n"
			    "  \"b\": [\n"
			    "    1,\n"
			    "    {\n"
			    "      \"c\": null\n"
			    "    }\n"
			    "  ],\n"
			    "  \"a\": \"x\",\n"
			    "  \"e\": [],\n"
			    "  \"o\": {},\n"
			    "  \"t\": true\n"
			    "}\n");
	json_decref(v);
	pl_buf_release(&out);
}

static void dump_writes_utf8_unescaped(void **state)
{
	json_t *v = json_pack("{s:s}", "title", "Etsiv\xc3\xa4 ty\xc3\xb6 \xf0\x9f\x98\x80 a/b \"q\"\n");
	pl_buf out = PL_BUF_INIT;
	(void)state;
	assert_int_equal(pl_json_dump(v, &out), 0);
	assert_string_equal(out.ptr,
			    "{\n  \"title\": \"Etsiv\xc3\xa4 ty\xc3\xb6 \xf0\x9f\x98\x80 a/b \\\"q\\\"\\n\"\n}\n");
	json_decref(v);
	pl_buf_release(&out);
}

static void dump_keeps_insertion_order_and_appends(void **state)
{
	json_t *v = json_object();
	pl_buf out = PL_BUF_INIT;
	(void)state;
	json_object_set_new(v, "z", json_integer(1));
	json_object_set_new(v, "a", json_integer(-2));
	json_object_set_new(v, "m", json_integer(1234567890123));
	pl_buf_puts(&out, "// ");
	assert_int_equal(pl_json_dump(v, &out), 0);
	assert_string_equal(out.ptr, "// {\n  \"z\": 1,\n  \"a\": -2,\n  \"m\": 1234567890123\n}\n");
	json_decref(v);
	pl_buf_release(&out);
}

static void dump_then_load_gives_the_same_value(void **state)
{
	pl_json_doc doc, again;
	pl_diags d = PL_DIAGS_INIT;
	pl_buf out = PL_BUF_INIT;
	(void)state;
	assert_int_equal(load(&doc, "x.json", nested, &d), 0);
	assert_int_equal(pl_json_dump(doc.root, &out), 0);
	assert_int_equal(pl_json_doc_load(&again, "x.json", out.ptr, out.len, &d), 0);
	assert_true(json_equal(doc.root, again.root));
	pl_json_doc_release(&doc);
	pl_json_doc_release(&again);
	pl_buf_release(&out);
	pl_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(load_parses_an_object_and_keeps_copies),
		cmocka_unit_test(load_copies_only_len_bytes),
		cmocka_unit_test(load_rejects_an_empty_file),
		cmocka_unit_test(load_rejects_a_whitespace_only_file),
		cmocka_unit_test(load_accepts_a_file_of_the_maximum_size),
		cmocka_unit_test(load_rejects_an_oversized_file),
		cmocka_unit_test(load_rejects_invalid_utf8_at_its_line_and_column),
		cmocka_unit_test(load_rejects_latin1_text),
		cmocka_unit_test(load_rejects_a_byte_order_mark),
		cmocka_unit_test(load_rejects_duplicate_keys),
		cmocka_unit_test(load_rejects_duplicate_keys_in_nested_objects),
		cmocka_unit_test(load_reports_syntax_errors_where_jansson_saw_them),
		cmocka_unit_test(load_syntax_error_column_counts_characters),
		cmocka_unit_test(load_rejects_trailing_commas_and_garbage),
		cmocka_unit_test(load_rejects_a_zero_byte),
		cmocka_unit_test(load_keeps_path_and_text_when_invalid),
		cmocka_unit_test(locate_empty_pointer_is_the_whole_document),
		cmocka_unit_test(locate_finds_values_in_nested_objects_and_arrays),
		cmocka_unit_test(locate_at_key_points_at_the_key),
		cmocka_unit_test(locate_column_counts_characters_not_bytes),
		cmocka_unit_test(locate_finds_keys_with_escaped_slash_and_tilde),
		cmocka_unit_test(locate_decodes_unicode_escapes_in_keys),
		cmocka_unit_test(locate_skips_strings_that_look_like_structure),
		cmocka_unit_test(locate_reports_missing_paths_as_not_found),
		cmocka_unit_test(locate_reports_an_index_into_an_empty_array_as_not_found),
		cmocka_unit_test(pointer_push_escapes_tokens),
		cmocka_unit_test(report_places_the_finding_at_the_value),
		cmocka_unit_test(report_at_key_places_the_finding_at_the_key),
		cmocka_unit_test(report_of_unknown_place_has_no_position),
		cmocka_unit_test(dump_uses_two_space_indent_and_a_final_newline),
		cmocka_unit_test(dump_writes_utf8_unescaped),
		cmocka_unit_test(dump_keeps_insertion_order_and_appends),
		cmocka_unit_test(dump_then_load_gives_the_same_value),
	};
	return th_run(tests);
}
