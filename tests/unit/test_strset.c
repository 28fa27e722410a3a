#include "helpers.h"

#include <string.h>

#include "buf.h"
#include "strset.h"

static void empty_set_finds_nothing(void **state)
{
	pl_strset set = PL_STRSET_INIT;
	size_t v = 42;
	(void)state;
	assert_false(pl_strset_get(&set, "kainuu", &v));
	assert_false(pl_strset_get(&set, "", NULL));
	assert_int_equal(v, 42); /* untouched when not found */
	assert_int_equal(set.count, 0);
	pl_strset_release(&set);
}

static void added_string_is_found_with_its_value(void **state)
{
	pl_strset set = PL_STRSET_INIT;
	size_t v = 0;
	(void)state;
	assert_int_equal(pl_strset_add(&set, "kainuu", 7), 1);
	assert_int_equal(pl_strset_add(&set, "pirkanmaa", 3), 1);
	assert_true(pl_strset_get(&set, "kainuu", &v));
	assert_int_equal(v, 7);
	assert_true(pl_strset_get(&set, "pirkanmaa", &v));
	assert_int_equal(v, 3);
	assert_true(pl_strset_get(&set, "kainuu", NULL));
	assert_false(pl_strset_get(&set, "lappi", &v));
	assert_int_equal(v, 3);
	assert_int_equal(set.count, 2);
	pl_strset_release(&set);
}

static void duplicate_add_keeps_the_first_value(void **state)
{
	pl_strset set = PL_STRSET_INIT;
	size_t v = 0;
	(void)state;
	assert_int_equal(pl_strset_add(&set, "tyopaja-1", 0), 1);
	assert_int_equal(pl_strset_add(&set, "tyopaja-1", 5), 0);
	assert_int_equal(pl_strset_add(&set, "tyopaja-1", 9), 0);
	assert_true(pl_strset_get(&set, "tyopaja-1", &v));
	assert_int_equal(v, 0);
	assert_int_equal(set.count, 1);
	pl_strset_release(&set);
}

static void strings_are_copied(void **state)
{
	pl_strset set = PL_STRSET_INIT;
	char name[] = "malli";
	(void)state;
	pl_strset_add(&set, name, 1);
	name[0] = 'x';
	assert_true(pl_strset_get(&set, "malli", NULL));
	assert_false(pl_strset_get(&set, "xalli", NULL));
	pl_strset_release(&set);
}

static void similar_strings_are_distinct(void **state)
{
	pl_strset set = PL_STRSET_INIT;
	const char *keys[] = { "", "a", "ab", "abc", "b", "A", "\xc3\xa4" };
	size_t v;
	(void)state;
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		assert_int_equal(pl_strset_add(&set, keys[i], i), 1);
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		assert_true(pl_strset_get(&set, keys[i], &v));
		assert_int_equal(v, i);
	}
	assert_false(pl_strset_get(&set, "abcd", NULL));
	assert_false(pl_strset_get(&set, "B", NULL));
	pl_strset_release(&set);
}

static void grows_beyond_1000_entries(void **state)
{
	pl_strset set = PL_STRSET_INIT;
	pl_buf key = PL_BUF_INIT;
	const size_t n = 5000;
	size_t v;
	(void)state;
	for (size_t i = 0; i < n; i++) {
		pl_buf_clear(&key);
		pl_buf_printf(&key, "elementti-%zu", i);
		assert_int_equal(pl_strset_add(&set, key.ptr, i), 1);
	}
	assert_int_equal(set.count, n);
	for (size_t i = 0; i < n; i++) {
		pl_buf_clear(&key);
		pl_buf_printf(&key, "elementti-%zu", i);
		assert_true(pl_strset_get(&set, key.ptr, &v));
		assert_int_equal(v, i);
		assert_int_equal(pl_strset_add(&set, key.ptr, i + 1), 0);
	}
	assert_int_equal(set.count, n);
	assert_false(pl_strset_get(&set, "elementti-5000", NULL));
	assert_false(pl_strset_get(&set, "elementti-", NULL));
	pl_buf_release(&key);
	pl_strset_release(&set);
}

static void release_leaves_an_empty_reusable_set(void **state)
{
	pl_strset set = PL_STRSET_INIT;
	size_t v = 0;
	(void)state;
	pl_strset_add(&set, "a", 1);
	pl_strset_release(&set);
	assert_int_equal(set.count, 0);
	assert_int_equal(set.cap, 0);
	assert_null(set.slots);
	assert_false(pl_strset_get(&set, "a", NULL));
	assert_int_equal(pl_strset_add(&set, "a", 2), 1);
	assert_true(pl_strset_get(&set, "a", &v));
	assert_int_equal(v, 2);
	pl_strset_release(&set);
	pl_strset_release(&set); /* releasing twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_set_finds_nothing),
		cmocka_unit_test(added_string_is_found_with_its_value),
		cmocka_unit_test(duplicate_add_keeps_the_first_value),
		cmocka_unit_test(strings_are_copied),
		cmocka_unit_test(similar_strings_are_distinct),
		cmocka_unit_test(grows_beyond_1000_entries),
		cmocka_unit_test(release_leaves_an_empty_reusable_set),
	};
	return th_run(tests);
}
