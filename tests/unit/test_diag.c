#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "diag.h"

static void add_copies_strings_and_formats_the_message(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	char path[] = "pilot.json";
	char ptr[] = "/models/0/id";
	pl_diag *x;
	(void)state;
	x = pl_diags_add(&d, PL_DIAG_ERROR, path, 12, 7, ptr, "id '%s' is listed %d times",
			 "kainuu", 2);
	path[0] = 'X';
	ptr[1] = 'X';
	assert_ptr_equal(x, &d.items[0]);
	assert_int_equal(d.count, 1);
	assert_string_equal(x->path, "pilot.json");
	assert_string_equal(x->pointer, "/models/0/id");
	assert_int_equal(x->line, 12);
	assert_int_equal(x->col, 7);
	assert_int_equal(x->severity, PL_DIAG_ERROR);
	assert_string_equal(x->message, "id 'kainuu' is listed 2 times");
	pl_diags_release(&d);
}

static void add_without_path_or_pointer(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	pl_diags_add(&d, PL_DIAG_WARNING, NULL, 0, 0, NULL, "general");
	assert_string_equal(d.items[0].path, "");
	assert_null(d.items[0].pointer);
	assert_int_equal(d.items[0].severity, PL_DIAG_WARNING);
	pl_diags_release(&d);
}

static void many_findings_are_kept(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	for (unsigned i = 0; i < 300; i++)
		pl_diags_add(&d, PL_DIAG_ERROR, "a.json", i + 1, 1, NULL, "finding %u", i);
	assert_int_equal(d.count, 300);
	assert_string_equal(d.items[299].message, "finding 299");
	assert_int_equal(d.items[150].line, 151);
	pl_diags_release(&d);
}

static void count_by_severity(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(pl_diags_count(&d, PL_DIAG_ERROR), 0);
	pl_diags_add(&d, PL_DIAG_ERROR, "a", 1, 1, NULL, "e1");
	pl_diags_add(&d, PL_DIAG_WARNING, "a", 1, 1, NULL, "w1");
	pl_diags_add(&d, PL_DIAG_ERROR, "b", 1, 1, NULL, "e2");
	assert_int_equal(pl_diags_count(&d, PL_DIAG_ERROR), 2);
	assert_int_equal(pl_diags_count(&d, PL_DIAG_WARNING), 1);
	pl_diags_release(&d);
}

static void release_leaves_a_reusable_empty_list(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	pl_diags_add(&d, PL_DIAG_ERROR, "a", 1, 1, "/x", "e");
	pl_diags_release(&d);
	assert_int_equal(d.count, 0);
	assert_null(d.items);
	pl_diags_add(&d, PL_DIAG_ERROR, "b", 2, 2, NULL, "again");
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].path, "b");
	pl_diags_release(&d);
}

static char *order_of(const pl_diags *d)
{
	pl_buf b = PL_BUF_INIT;
	for (size_t i = 0; i < d->count; i++)
		pl_buf_printf(&b, "%s%s", i ? " " : "", d->items[i].message);
	return pl_buf_detach(&b);
}

static void sort_orders_by_path_line_column_then_message(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	char *order;
	(void)state;
	pl_diags_add(&d, PL_DIAG_ERROR, "regions/kainuu/m/logic-model.json", 3, 1, NULL, "f");
	pl_diags_add(&d, PL_DIAG_ERROR, "pilot.json", 10, 2, NULL, "d");
	pl_diags_add(&d, PL_DIAG_ERROR, "pilot.json", 10, 1, NULL, "c");
	pl_diags_add(&d, PL_DIAG_ERROR, "pilot.json", 2, 9, NULL, "b");
	pl_diags_add(&d, PL_DIAG_ERROR, "models/m/model.json", 0, 0, NULL, "a");
	pl_diags_add(&d, PL_DIAG_ERROR, "pilot.json", 10, 2, NULL, "dd");
	pl_diags_add(&d, PL_DIAG_ERROR, "pilot.json", 10, 2, NULL, "da");
	pl_diags_sort(&d);
	order = order_of(&d);
	/* line 2 before line 10: numbers, not text, are compared */
	assert_string_equal(order, "a b c d da dd f");
	free(order);
	pl_diags_release(&d);
}

static void sort_removes_exact_duplicates(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	char *order;
	(void)state;
	for (int i = 0; i < 3; i++) {
		pl_diags_add(&d, PL_DIAG_ERROR, "pilot.json", 4, 5, "/id", "same");
		pl_diags_add(&d, PL_DIAG_ERROR, "pilot.json", 4, 6, "/id", "other");
	}
	pl_diags_add(&d, PL_DIAG_ERROR, "pilot.json", 4, 5, "/id", "same but different");
	pl_diags_sort(&d);
	assert_int_equal(d.count, 3);
	order = order_of(&d);
	assert_string_equal(order, "same same but different other");
	free(order);
	pl_diags_release(&d);
}

static void sort_handles_empty_and_single_lists(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	pl_diags_sort(&d);
	assert_int_equal(d.count, 0);
	pl_diags_add(&d, PL_DIAG_WARNING, "x", 0, 0, NULL, "only");
	pl_diags_sort(&d);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].message, "only");
	pl_diags_release(&d);
}

static void add_four(pl_diags *d)
{
	pl_diags_add(d, PL_DIAG_ERROR, "pilot.json", 1, 1, NULL, "p");
	pl_diags_add(d, PL_DIAG_ERROR, "regions/kainuu/m/evaluation.json", 1, 1, NULL, "k");
	pl_diags_add(d, PL_DIAG_ERROR, "regions/kainuu-2/m/evaluation.json", 1, 1, NULL, "k2");
	pl_diags_add(d, PL_DIAG_WARNING, "regions/kainuu", 0, 0, NULL, "kdir");
}

static void filter_keeps_paths_at_or_below_a_prefix(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	char p0[] = "regions/kainuu";
	char *paths[] = { p0 };
	char *order;
	(void)state;
	add_four(&d);
	pl_diags_filter(&d, paths, 1);
	order = order_of(&d);
	/* "regions/kainuu-2" shares the text prefix but is another folder */
	assert_string_equal(order, "k kdir");
	free(order);
	pl_diags_release(&d);
}

static void filter_ignores_a_trailing_slash(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	char p0[] = "regions/kainuu/";
	char *paths[] = { p0 };
	char *order;
	(void)state;
	add_four(&d);
	pl_diags_filter(&d, paths, 1);
	order = order_of(&d);
	assert_string_equal(order, "k kdir");
	free(order);
	pl_diags_release(&d);
}

static void filter_with_several_paths_keeps_each(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	char p0[] = "pilot.json", p1[] = "regions/kainuu-2/m/evaluation.json";
	char *paths[] = { p0, p1 };
	char *order;
	(void)state;
	add_four(&d);
	pl_diags_filter(&d, paths, 2);
	order = order_of(&d);
	assert_string_equal(order, "p k2");
	free(order);
	pl_diags_release(&d);
}

static void filter_with_dot_or_empty_keeps_all(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	char p0[] = ".", p1[] = "", p2[] = "./";
	char *dot[] = { p0 }, *empty[] = { p1 }, *dotslash[] = { p2 };
	(void)state;
	add_four(&d);
	pl_diags_filter(&d, dot, 1);
	assert_int_equal(d.count, 4);
	pl_diags_filter(&d, empty, 1);
	assert_int_equal(d.count, 4);
	pl_diags_filter(&d, dotslash, 1);
	assert_int_equal(d.count, 4);
	pl_diags_release(&d);
}

static void filter_does_not_match_a_file_name_prefix(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	char p0[] = "pilot";
	char *paths[] = { p0 };
	(void)state;
	add_four(&d);
	pl_diags_filter(&d, paths, 1);
	assert_int_equal(d.count, 0);
	pl_diags_release(&d);
}

static void format_text_uses_the_gnu_form(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	pl_buf out = PL_BUF_INIT;
	(void)state;
	pl_diags_add(&d, PL_DIAG_ERROR, "pilot.json", 3, 5, "/id", "'id' is not valid");
	pl_diags_add(&d, PL_DIAG_WARNING, "models/m/x.txt", 0, 0, NULL, "unexpected file");
	pl_diags_add(&d, PL_DIAG_ERROR, "a.json", 7, 0, NULL, "line only");
	pl_buf_puts(&out, "before\n");
	pl_diags_format_text(&d, &out);
	assert_string_equal(out.ptr,
			    "before\n"
			    "pilot.json:3:5: error: 'id' is not valid\n"
			    "models/m/x.txt: warning: unexpected file\n"
			    "a.json:7: error: line only\n");
	pl_buf_release(&out);
	pl_diags_release(&d);
}

static void format_json_of_no_findings(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	pl_buf out = PL_BUF_INIT;
	(void)state;
	pl_diags_format_json(&d, &out);
	assert_string_equal(out.ptr,
			    "{\n  \"errors\": 0,\n  \"warnings\": 0,\n  \"findings\": []\n}\n");
	pl_buf_release(&out);
}

static void format_json_lists_every_field(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	pl_buf out = PL_BUF_INIT;
	json_error_t e;
	json_t *doc, *f;
	(void)state;
	pl_diags_add(&d, PL_DIAG_ERROR, "pilot.json", 3, 5, "/title/fi",
		     "'fi' must be \"text\"\n\tnot \xc3\xa4");
	pl_diags_add(&d, PL_DIAG_WARNING, "models/m/x.txt", 0, 0, NULL, "unexpected file");
	pl_diags_format_json(&d, &out);
	assert_string_equal(out.ptr,
			    "{\n  \"errors\": 1,\n  \"warnings\": 1,\n  \"findings\": [\n"
			    "    {\"path\": \"pilot.json\", \"line\": 3, \"column\": 5, "
			    "\"pointer\": \"/title/fi\", \"severity\": \"error\", "
			    "\"message\": \"'fi' must be \\\"text\\\"\\n\\tnot \xc3\xa4\"},\n"
			    "    {\"path\": \"models/m/x.txt\", \"line\": 0, \"column\": 0, "
			    "\"pointer\": null, \"severity\": \"warning\", "
			    "\"message\": \"unexpected file\"}\n  ]\n}\n");
	/* and it is JSON that gives the message back as it was */
	doc = json_loadb(out.ptr, out.len, 0, &e);
	assert_non_null(doc);
	f = json_array_get(json_object_get(doc, "findings"), 0);
	assert_string_equal(json_string_value(json_object_get(f, "message")),
			    "'fi' must be \"text\"\n\tnot \xc3\xa4");
	json_decref(doc);
	pl_buf_release(&out);
	pl_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_copies_strings_and_formats_the_message),
		cmocka_unit_test(add_without_path_or_pointer),
		cmocka_unit_test(many_findings_are_kept),
		cmocka_unit_test(count_by_severity),
		cmocka_unit_test(release_leaves_a_reusable_empty_list),
		cmocka_unit_test(sort_orders_by_path_line_column_then_message),
		cmocka_unit_test(sort_removes_exact_duplicates),
		cmocka_unit_test(sort_handles_empty_and_single_lists),
		cmocka_unit_test(filter_keeps_paths_at_or_below_a_prefix),
		cmocka_unit_test(filter_ignores_a_trailing_slash),
		cmocka_unit_test(filter_with_several_paths_keeps_each),
		cmocka_unit_test(filter_with_dot_or_empty_keeps_all),
		cmocka_unit_test(filter_does_not_match_a_file_name_prefix),
		cmocka_unit_test(format_text_uses_the_gnu_form),
		cmocka_unit_test(format_json_of_no_findings),
		cmocka_unit_test(format_json_lists_every_field),
	};
	return th_run(tests);
}
