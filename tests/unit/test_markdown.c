#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "markdown.h"

/* The headings of text as "level line:col text" lines; free(). */
static char *headings_of(const char *text, size_t len)
{
	pl_md_headings h;
	pl_buf b = PL_BUF_INIT;
	assert_int_equal(pl_md_headings_read(&h, text, len), 0);
	for (size_t i = 0; i < h.count; i++)
		pl_buf_printf(&b, "%d %u:%u %s\n", h.items[i].level, h.items[i].line,
			      h.items[i].col, h.items[i].text);
	pl_md_headings_release(&h);
	return pl_buf_detach(&b);
}

static void expect_headings_at(const char *text, const char *want, const char *file, int line)
{
	char *got = headings_of(text, strlen(text));
	int ok = strcmp(got, want) == 0;
	if (!ok)
		print_error("%s:%d: headings differ\n--- got:\n%s--- want:\n%s", file, line, got, want);
	free(got);
	if (!ok)
		_fail(file, line);
}

#define expect_headings(text, want) expect_headings_at(text, want, __FILE__, __LINE__)

static void headings_have_level_line_and_column(void **state)
{
	(void)state;
	expect_headings("# Etsiv\xc3\xa4 sosiaality\xc3\xb6\n"
			"\n"
			"Teksti\xc3\xa4.\n"
			"\n"
			"## Toimintaymp\xc3\xa4rist\xc3\xb6 ja toimijat\n"
			"\n"
			"### Alaotsikko\n"
			"\n"
			"###### Kuudes\n",
			"1 1:1 Etsiv\xc3\xa4 sosiaality\xc3\xb6\n"
			"2 5:1 Toimintaymp\xc3\xa4rist\xc3\xb6 ja toimijat\n"
			"3 7:1 Alaotsikko\n"
			"6 9:1 Kuudes\n");
}

static void indented_heading_starts_at_its_hash(void **state)
{
	(void)state;
	expect_headings("text\n\n   ## Sisennetty\n", "2 3:4 Sisennetty\n");
}

static void setext_headings_are_headings(void **state)
{
	(void)state;
	expect_headings("Otsikko\n=======\n\nAlaotsikko\n----------\n",
			"1 1:1 Otsikko\n2 4:1 Alaotsikko\n");
}

static void heading_text_keeps_code_spans_and_emphasis_text(void **state)
{
	(void)state;
	expect_headings("## The `pl_buf` *type* and **more** _here_\n",
			"2 1:1 The pl_buf type and more here\n");
	expect_headings("## See [the guide](https://example.org) ![kuva](x.png)\n",
			"2 1:1 See the guide kuva\n");
}

static void heading_text_is_trimmed_and_spaces_collapse(void **state)
{
	(void)state;
	expect_headings("##    Mik\xc3\xa4     toimii    ##\n", "2 1:1 Mik\xc3\xa4 toimii\n");
	expect_headings("Kaksi\nrivi\xc3\xa4\n---\n", "2 1:1 Kaksi rivi\xc3\xa4\n");
}

static void text_that_only_looks_like_a_heading_is_not_one(void **state)
{
	(void)state;
	expect_headings("```\n## not a heading\n```\n\n    ## indented code\n\n#no-space\n\n"
			"\\## escaped\n", "");
}

static void crlf_line_endings_are_read(void **state)
{
	(void)state;
	expect_headings("# A\r\n\r\n## B\r\ntext\r\n## C\r\n", "1 1:1 A\n2 3:1 B\n2 5:1 C\n");
}

static void empty_document_has_no_headings(void **state)
{
	pl_md_headings h;
	(void)state;
	assert_int_equal(pl_md_headings_read(&h, "", 0), 0);
	assert_int_equal(h.count, 0);
	pl_md_headings_release(&h);
	assert_int_equal(h.count, 0);
	assert_null(h.items);
}

static void many_headings_are_all_listed(void **state)
{
	pl_buf text = PL_BUF_INIT, want = PL_BUF_INIT;
	char *got;
	(void)state;
	for (int i = 0; i < 50; i++) {
		pl_buf_printf(&text, "## Osio %d\n\nteksti\n\n", i);
		pl_buf_printf(&want, "2 %d:1 Osio %d\n", 4 * i + 1, i);
	}
	got = headings_of(text.ptr, text.len);
	assert_string_equal(got, want.ptr);
	free(got);
	pl_buf_release(&text);
	pl_buf_release(&want);
}

static void only_len_bytes_are_read(void **state)
{
	const char *text = "# A\n## B\n";
	char *got = headings_of(text, 4);
	(void)state;
	assert_string_equal(got, "1 1:1 A\n");
	free(got);
}

static void document_of_the_maximum_size_is_read(void **state)
{
	pl_buf text = PL_BUF_INIT;
	char *got;
	(void)state;
	pl_buf_puts(&text, "# Iso\n\n");
	while (text.len < PL_MARKDOWN_MAX_SIZE - 1)
		pl_buf_putc(&text, 'x');
	pl_buf_putc(&text, '\n');
	assert_int_equal(text.len, PL_MARKDOWN_MAX_SIZE);
	got = headings_of(text.ptr, text.len);
	assert_string_equal(got, "1 1:1 Iso\n");
	free(got);
	pl_buf_release(&text);
}

static void oversized_document_is_refused(void **state)
{
	pl_md_headings h;
	pl_buf text = PL_BUF_INIT;
	(void)state;
	pl_buf_puts(&text, "# Iso\n\n");
	while (text.len < PL_MARKDOWN_MAX_SIZE + 1)
		pl_buf_putc(&text, 'x');
	assert_int_equal(pl_md_headings_read(&h, text.ptr, text.len), PL_EINVALID);
	assert_int_equal(h.count, 0);
	assert_null(h.items);
	assert_string_equal(pl_error_last(), "Markdown file is too large");
	pl_md_headings_release(&h);
	pl_buf_release(&text);
	pl_error_clear();
}

static void heading_equal_ignores_ascii_case(void **state)
{
	(void)state;
	assert_true(pl_md_heading_equal("What works", "what WORKS"));
	assert_true(pl_md_heading_equal("Mik\xc3\xa4 toimii", "MIK\xc3\xa4 TOIMII"));
}

static void heading_equal_collapses_spaces(void **state)
{
	(void)state;
	assert_true(pl_md_heading_equal("Mik\xc3\xa4 toimii", "  Mik\xc3\xa4 \t  toimii  "));
	assert_true(pl_md_heading_equal("In which\ncircumstances", "In which circumstances"));
	assert_true(pl_md_heading_equal("", "   "));
	/* collapsing is not removing */
	assert_false(pl_md_heading_equal("Mik\xc3\xa4 toimii", "Mik\xc3\xa4toimii"));
}

static void heading_equal_keeps_non_ascii_letters_significant(void **state)
{
	(void)state;
	/* ä is not a, and Ä is not folded to ä */
	assert_false(pl_md_heading_equal("Mik\xc3\xa4 toimii", "Mika toimii"));
	assert_false(pl_md_heading_equal("Mik\xc3\xa4 toimii", "Mik\xc3\x84 toimii"));
	assert_false(pl_md_heading_equal("Kenelle", "Kenell\xc3\xa4"));
}

static void heading_equal_needs_the_whole_text(void **state)
{
	(void)state;
	assert_false(pl_md_heading_equal("Toimintaymp\xc3\xa4rist\xc3\xb6",
					 "Toimintaymp\xc3\xa4rist\xc3\xb6 ja toimijat"));
	assert_false(pl_md_heading_equal("Toimintaymp\xc3\xa4rist\xc3\xb6 ja toimijat",
					 "Toimintaymp\xc3\xa4rist\xc3\xb6"));
	assert_false(pl_md_heading_equal("", "x"));
	assert_true(pl_md_heading_equal("", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headings_have_level_line_and_column),
		cmocka_unit_test(indented_heading_starts_at_its_hash),
		cmocka_unit_test(setext_headings_are_headings),
		cmocka_unit_test(heading_text_keeps_code_spans_and_emphasis_text),
		cmocka_unit_test(heading_text_is_trimmed_and_spaces_collapse),
		cmocka_unit_test(text_that_only_looks_like_a_heading_is_not_one),
		cmocka_unit_test(crlf_line_endings_are_read),
		cmocka_unit_test(empty_document_has_no_headings),
		cmocka_unit_test(many_headings_are_all_listed),
		cmocka_unit_test(only_len_bytes_are_read),
		cmocka_unit_test(document_of_the_maximum_size_is_read),
		cmocka_unit_test(oversized_document_is_refused),
		cmocka_unit_test(heading_equal_ignores_ascii_case),
		cmocka_unit_test(heading_equal_collapses_spaces),
		cmocka_unit_test(heading_equal_keeps_non_ascii_letters_significant),
		cmocka_unit_test(heading_equal_needs_the_whole_text),
	};
	return th_run(tests);
}
