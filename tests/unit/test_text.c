#include "helpers.h"

#include <string.h>

#include "text.h"

/* Byte-exact inputs: the length is given, so NULs and bad bytes count. */
#define VALID(lit) pl_utf8_valid_prefix(lit, sizeof(lit) - 1)

static void ascii_and_multibyte_text_is_valid(void **state)
{
	(void)state;
	assert_int_equal(VALID(""), 0);
	assert_int_equal(VALID("abc"), 3);
	/* ä (2 bytes), € (3 bytes), 😀 (4 bytes) */
	assert_int_equal(VALID("\xc3\xa4\xe2\x82\xac\xf0\x9f\x98\x80"), 9);
	/* the smallest and largest code point of each length */
	assert_int_equal(VALID("\xc2\x80"), 2);            /* U+0080 */
	assert_int_equal(VALID("\xdf\xbf"), 2);            /* U+07FF */
	assert_int_equal(VALID("\xe0\xa0\x80"), 3);        /* U+0800 */
	assert_int_equal(VALID("\xef\xbf\xbf"), 3);        /* U+FFFF */
	assert_int_equal(VALID("\xf0\x90\x80\x80"), 4);    /* U+10000 */
	assert_int_equal(VALID("\xf4\x8f\xbf\xbf"), 4);    /* U+10FFFF */
}

static void nul_byte_is_valid_utf8(void **state)
{
	(void)state;
	assert_int_equal(VALID("a\0b"), 3);
}

static void overlong_two_byte_forms_are_rejected(void **state)
{
	(void)state;
	assert_int_equal(VALID("\xc0\x80"), 0); /* overlong NUL */
	assert_int_equal(VALID("\xc1\xbf"), 0); /* overlong U+007F */
	assert_int_equal(VALID("ab\xc0\xaf"), 2);
}

static void overlong_three_byte_forms_are_rejected(void **state)
{
	(void)state;
	assert_int_equal(VALID("\xe0\x80\xaf"), 0); /* overlong '/' */
	assert_int_equal(VALID("\xe0\x9f\xbf"), 0); /* overlong U+07FF */
	assert_int_equal(VALID("x\xe0\x9f\xbf"), 1);
}

static void overlong_four_byte_forms_are_rejected(void **state)
{
	(void)state;
	assert_int_equal(VALID("\xf0\x80\x80\xaf"), 0);
	assert_int_equal(VALID("\xf0\x8f\xbf\xbf"), 0); /* overlong U+FFFF */
}

static void surrogates_are_rejected(void **state)
{
	(void)state;
	assert_int_equal(VALID("\xed\xa0\x80"), 0); /* U+D800 */
	assert_int_equal(VALID("\xed\xbf\xbf"), 0); /* U+DFFF */
	assert_int_equal(VALID("ok\xed\xb0\x80"), 2); /* U+DC00 */
	/* neighbours of the surrogate range are fine */
	assert_int_equal(VALID("\xed\x9f\xbf"), 3); /* U+D7FF */
	assert_int_equal(VALID("\xee\x80\x80"), 3); /* U+E000 */
}

static void code_points_above_10ffff_are_rejected(void **state)
{
	(void)state;
	assert_int_equal(VALID("\xf4\x90\x80\x80"), 0); /* U+110000 */
	assert_int_equal(VALID("\xf5\x80\x80\x80"), 0); /* lead byte F5 */
	assert_int_equal(VALID("\xf7\xbf\xbf\xbf"), 0);
	assert_int_equal(VALID("a\xf8\x88\x80\x80\x80"), 1); /* 5-byte form */
}

static void truncated_sequences_are_rejected(void **state)
{
	(void)state;
	assert_int_equal(VALID("ab\xc3"), 2);
	assert_int_equal(VALID("\xe2\x82"), 0);
	assert_int_equal(VALID("x\xf0\x9f\x98"), 1);
	/* a lead byte followed by a non-continuation byte */
	assert_int_equal(VALID("\xc3" "a"), 0);
	assert_int_equal(VALID("\xe2\x82" "a"), 0);
}

static void length_limits_the_scan(void **state)
{
	(void)state;
	/* "abä" cut in the middle of ä */
	assert_int_equal(pl_utf8_valid_prefix("ab\xc3\xa4", 3), 2);
	assert_int_equal(pl_utf8_valid_prefix("ab\xc3\xa4", 4), 4);
	/* bad bytes after len are not looked at */
	assert_int_equal(pl_utf8_valid_prefix("ab\xff", 2), 2);
}

static void stray_and_impossible_bytes_are_rejected(void **state)
{
	(void)state;
	assert_int_equal(VALID("\x80"), 0);
	assert_int_equal(VALID("a\xbf" "b"), 1);
	assert_int_equal(VALID("\xfe"), 0);
	assert_int_equal(VALID("\xff"), 0);
	/* Latin-1 ä, as a file saved in the wrong encoding has it */
	assert_int_equal(VALID("Etsiv\xe4 ty\xf6"), 5);
}

static void length_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(pl_utf8_length("", 0), 0);
	assert_int_equal(pl_utf8_length("abc", 3), 3);
	assert_int_equal(pl_utf8_length("\xc3\xa4\xe2\x82\xac\xf0\x9f\x98\x80", 9), 3);
	assert_int_equal(pl_utf8_length("Etsiv\xc3\xa4", 7), 6);
	assert_int_equal(pl_utf8_length("a\0b", 3), 3);
}

static void position_of_first_byte_is_line_1_col_1(void **state)
{
	unsigned line = 99, col = 99;
	(void)state;
	pl_text_position("abc", 3, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	pl_text_position("", 0, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
}

static void position_column_counts_characters_not_bytes(void **state)
{
	const char *s = "\xc3\xa4\xc3\xa4 x"; /* "ää x" */
	unsigned line, col;
	(void)state;
	pl_text_position(s, strlen(s), 5, &line, &col); /* the 'x' */
	assert_int_equal(line, 1);
	assert_int_equal(col, 4);
	/* an emoji is one column */
	s = "\xf0\x9f\x98\x80!";
	pl_text_position(s, strlen(s), 4, &line, &col);
	assert_int_equal(col, 2);
}

static void position_counts_lines(void **state)
{
	const char *s = "ab\nc\xc3\xa4\n\nx";
	unsigned line, col;
	(void)state;
	pl_text_position(s, strlen(s), 3, &line, &col); /* 'c' */
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	pl_text_position(s, strlen(s), 6, &line, &col); /* the newline after ä */
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	pl_text_position(s, strlen(s), 8, &line, &col); /* 'x' */
	assert_int_equal(line, 4);
	assert_int_equal(col, 1);
}

static void position_beyond_the_end_is_the_end(void **state)
{
	unsigned line, col;
	(void)state;
	pl_text_position("ab\nc", 4, 1000, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 2);
}

static void has_nul_finds_zero_bytes_before_len(void **state)
{
	(void)state;
	assert_true(pl_text_has_nul("a\0b", 3));
	assert_true(pl_text_has_nul("\0", 1));
	assert_false(pl_text_has_nul("a\0b", 1));
	assert_false(pl_text_has_nul("abc", 3));
	assert_false(pl_text_has_nul("", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ascii_and_multibyte_text_is_valid),
		cmocka_unit_test(nul_byte_is_valid_utf8),
		cmocka_unit_test(overlong_two_byte_forms_are_rejected),
		cmocka_unit_test(overlong_three_byte_forms_are_rejected),
		cmocka_unit_test(overlong_four_byte_forms_are_rejected),
		cmocka_unit_test(surrogates_are_rejected),
		cmocka_unit_test(code_points_above_10ffff_are_rejected),
		cmocka_unit_test(truncated_sequences_are_rejected),
		cmocka_unit_test(length_limits_the_scan),
		cmocka_unit_test(stray_and_impossible_bytes_are_rejected),
		cmocka_unit_test(length_counts_code_points),
		cmocka_unit_test(position_of_first_byte_is_line_1_col_1),
		cmocka_unit_test(position_column_counts_characters_not_bytes),
		cmocka_unit_test(position_counts_lines),
		cmocka_unit_test(position_beyond_the_end_is_the_end),
		cmocka_unit_test(has_nul_finds_zero_bytes_before_len),
	};
	return th_run(tests);
}
