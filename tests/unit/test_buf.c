#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void new_buffer_is_empty_string(void **state)
{
	pl_buf b = PL_BUF_INIT;
	(void)state;
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.len, 0);
	pl_buf_release(&b);
}

static void printf_appends_and_grows(void **state)
{
	pl_buf b = PL_BUF_INIT;
	(void)state;
	for (int i = 0; i < 1000; i++)
		pl_buf_printf(&b, "%d,", i);
	assert_true(b.len > 3000);
	assert_memory_equal(b.ptr, "0,1,2,", 6);
	assert_int_equal(b.ptr[b.len], '\0');
	pl_buf_release(&b);
}

static void detach_hands_over_the_string(void **state)
{
	pl_buf b = PL_BUF_INIT;
	char *s;
	(void)state;
	pl_buf_puts(&b, "ydinelementti");
	s = pl_buf_detach(&b);
	assert_string_equal(s, "ydinelementti");
	assert_string_equal(b.ptr, "");
	free(s);
	s = pl_buf_detach(&b); /* an empty buffer still gives a string */
	assert_string_equal(s, "");
	free(s);
}

static void truncate_keeps_prefix(void **state)
{
	pl_buf b = PL_BUF_INIT;
	(void)state;
	pl_buf_puts(&b, "mekanismi");
	pl_buf_truncate(&b, 4);
	assert_string_equal(b.ptr, "meka");
	pl_buf_truncate(&b, 10); /* longer than the contents: no change */
	assert_string_equal(b.ptr, "meka");
	pl_buf_release(&b);
}

static void json_string_escapes(void **state)
{
	pl_buf b = PL_BUF_INIT;
	(void)state;
	pl_buf_json_string(&b, "a\"b\\c\nd\x01\xc3\xa4");
	assert_string_equal(b.ptr, "\"a\\\"b\\\\c\\nd\\u0001\xc3\xa4\"");
	pl_buf_release(&b);
}

static void strlist_owns_copies(void **state)
{
	pl_strlist l = PL_STRLIST_INIT;
	char tmp[] = "alue";
	(void)state;
	pl_strlist_add(&l, tmp);
	tmp[0] = 'x';
	pl_strlist_add_owned(&l, pl_strdup("malli"));
	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[0], "alue");
	assert_string_equal(l.items[1], "malli");
	pl_strlist_release(&l);
	assert_int_equal(l.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_buffer_is_empty_string),
		cmocka_unit_test(printf_appends_and_grows),
		cmocka_unit_test(detach_hands_over_the_string),
		cmocka_unit_test(truncate_keeps_prefix),
		cmocka_unit_test(json_string_escapes),
		cmocka_unit_test(strlist_owns_copies),
	};
	return th_run(tests);
}
