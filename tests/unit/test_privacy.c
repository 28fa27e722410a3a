#include "helpers.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "privacy.h"
#include "strset.h"

#define PATH "regions/kainuu/etsiva-sosiaalityo/program-theory.md"

/* Codes checked by hand, one per century sign; 131052-308T is THL's
 * documented example. */
static const char *const valid_codes[] = {
	"150319+123Y", "131052-308T", "010594Y9021", "020896X123F", "030303W456U",
	"040404V7899", "050505U2343", "290200A111W", "010110B2226", "311299C333Y",
	"010101D4441", "121212E555D", "280223F6663",
};
#define NVALID (sizeof(valid_codes) / sizeof(*valid_codes))

static const char check_chars[] = "0123456789ABCDEFHJKLMNPRSTUVWXY";

/* Scans a copy of text that ends exactly at its last byte (no NUL), so
 * that AddressSanitizer sees any read past len; checks the return value. */
static size_t scan_len(const char *text, size_t len, const pl_privacy_rules *rules,
		       pl_diags *d)
{
	char *copy = pl_malloc(len);
	size_t before = d->count, n;

	memcpy(copy, text, len);
	n = pl_privacy_scan(PATH, copy, len, rules, d);
	free(copy);
	assert_int_equal(n, d->count - before);
	return n;
}

static size_t scan(const char *text, const pl_privacy_rules *rules, pl_diags *d)
{
	return scan_len(text, strlen(text), rules, d);
}

/* Fails, showing the findings, unless text gives exactly want findings. */
#define expect_count(text, rules, want) \
	expect_count_at(text, rules, want, __FILE__, __LINE__)
static void expect_count_at(const char *text, const pl_privacy_rules *rules, size_t want,
			    const char *file, int line)
{
	pl_diags d = PL_DIAGS_INIT;
	size_t n = scan(text, rules, &d);

	if (n != want) {
		char *got = th_diags_text(&d);
		print_error("%s:%d: \"%s\": %zu findings, expected %zu:\n%s", file, line,
			    text, n, want, got);
		free(got);
		pl_diags_release(&d);
		_fail(file, line);
	}
	pl_diags_release(&d);
}

/* The code for a date and individual number, with the check character
 * computed from its definition; free(). */
static char *make_hetu(int day, int month, int yy, char sign, int nnn)
{
	unsigned long n = (unsigned long)day * 10000000ul + (unsigned long)month * 100000ul +
			  (unsigned long)yy * 1000ul + (unsigned long)nnn;
	return pl_strfmt("%02d%02d%02d%c%03d%c", day, month, yy, sign, nnn,
			 check_chars[n % 31]);
}

static void hetu_valid_accepts_a_code_for_every_century_sign(void **state)
{
	const char signs[] = "+-YXWVUABCDEF";
	(void)state;
	for (size_t i = 0; i < NVALID; i++)
		assert_true(pl_hetu_valid(valid_codes[i]));
	for (size_t i = 0; signs[i]; i++) {
		char *code = make_hetu(28, 2, 23, signs[i], 187);
		assert_true(pl_hetu_valid(code));
		free(code);
		code = make_hetu(31, 12, 99, signs[i], 2);
		assert_true(pl_hetu_valid(code));
		free(code);
	}
}

static void hetu_valid_rejects_every_wrong_check_character(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVALID; i++) {
		char code[12];
		memcpy(code, valid_codes[i], sizeof(code));
		for (size_t k = 0; check_chars[k]; k++) {
			code[10] = check_chars[k];
			assert_int_equal(pl_hetu_valid(code), code[10] == valid_codes[i][10]);
		}
		code[10] = 'G'; /* not in the table at all */
		assert_false(pl_hetu_valid(code));
	}
}

static void hetu_valid_rejects_dates_that_do_not_exist(void **state)
{
	/* day, month, two-digit year, sign: each wrong for its full year */
	static const struct {
		int day, month, yy;
		char sign;
	} bad[] = {
		{ 29, 2, 0, '-' },  /* 1900 is no leap year */
		{ 29, 2, 0, '+' },  /* nor is 1800 */
		{ 29, 2, 23, 'A' }, /* nor 2023 */
		{ 31, 4, 90, '-' }, { 31, 6, 90, 'Y' }, { 31, 9, 5, 'B' },
		{ 31, 11, 5, 'C' }, { 32, 1, 90, '-' }, { 0, 1, 90, '-' },
		{ 1, 0, 90, '-' },  { 1, 13, 90, '-' }, { 30, 2, 4, 'A' },
	};
	char *code;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		code = make_hetu(bad[i].day, bad[i].month, bad[i].yy, bad[i].sign, 123);
		if (pl_hetu_valid(code))
			fail_msg("'%s' was accepted", code);
		free(code);
	}
	/* the leap days that do exist */
	code = make_hetu(29, 2, 0, 'A', 123); /* 2000 */
	assert_true(pl_hetu_valid(code));
	free(code);
	code = make_hetu(29, 2, 96, '-', 123);
	assert_true(pl_hetu_valid(code));
	free(code);
	code = make_hetu(29, 2, 24, 'F', 123);
	assert_true(pl_hetu_valid(code));
	free(code);
}

static void hetu_valid_rejects_other_shapes(void **state)
{
	(void)state;
	assert_false(pl_hetu_valid(NULL));
	assert_false(pl_hetu_valid(""));
	assert_false(pl_hetu_valid("131052-308"));
	assert_false(pl_hetu_valid("131052-308T "));
	assert_false(pl_hetu_valid(" 131052-308T"));
	assert_false(pl_hetu_valid("131052-308t"));  /* lowercase check character */
	assert_false(pl_hetu_valid("290200a111W"));  /* lowercase century sign */
	assert_false(pl_hetu_valid("131052G308T"));  /* no such century sign */
	assert_false(pl_hetu_valid("131052Z308T"));
	assert_false(pl_hetu_valid("13105X-308T"));
	assert_false(pl_hetu_valid("131052-3O8T"));
	assert_false(pl_hetu_valid("131052–308T")); /* en dash */
}

static void scan_reports_a_code_for_every_century_sign(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	pl_buf text = PL_BUF_INIT;
	(void)state;
	for (size_t i = 0; i < NVALID; i++)
		pl_buf_printf(&text, "Asiakas %zu: %s.\n", i, valid_codes[i]);
	assert_int_equal(scan(text.ptr, NULL, &d), NVALID);
	for (size_t i = 0; i < NVALID; i++) {
		assert_int_equal(d.items[i].line, i + 1);
		assert_int_equal(d.items[i].col, strlen("Asiakas 0: ") + 1 + (i >= 10));
		assert_non_null(strstr(d.items[i].message, "personal identity code (henkilötunnus)"));
	}
	pl_buf_release(&text);
	pl_diags_release(&d);
}

static void scan_ignores_a_code_with_a_wrong_check_character(void **state)
{
	(void)state;
	expect_count("131052-308T", NULL, 1);
	expect_count("131052-308U", NULL, 0);
	expect_count("131052-308A", NULL, 0);
	/* a wrong check digit is not taken for a phone number either */
	expect_count("131052-3081", NULL, 0);
	expect_count("010101-1234", NULL, 0);
	expect_count("\"henkilötunnus\": \"010190-1230\"", NULL, 0);
}

static void scan_ignores_a_code_with_a_date_that_does_not_exist(void **state)
{
	char *code = make_hetu(29, 2, 0, '-', 123); /* 1900 */
	(void)state;
	expect_count(code, NULL, 0);
	free(code);
	code = make_hetu(31, 4, 90, '-', 123);
	expect_count(code, NULL, 0);
	free(code);
	code = make_hetu(29, 2, 0, 'A', 123); /* 2000 */
	expect_count(code, NULL, 1);
	free(code);
}

static void scan_ignores_a_code_inside_a_longer_token(void **state)
{
	(void)state;
	expect_count("x131052-308T", NULL, 0);
	expect_count("1131052-308T", NULL, 0);
	expect_count("131052-308TX", NULL, 0);
	expect_count("131052-308T5", NULL, 0);
	expect_count("ä131052-308T", NULL, 0); /* ä before */
	expect_count("131052-308Tö", NULL, 0); /* ö after */
	expect_count("tunnus131052-308T", NULL, 0);
}

static void scan_finds_a_code_next_to_punctuation(void **state)
{
	(void)state;
	expect_count("(131052-308T)", NULL, 1);
	expect_count("\"131052-308T\"", NULL, 1);
	expect_count("hetu:131052-308T.", NULL, 1);
	expect_count("asiakas_131052-308T.pdf", NULL, 1);
	expect_count("\"rivi\\n131052-308T\"", NULL, 1); /* JSON escape */
	expect_count("+131052-308T", NULL, 1);
	expect_count("vuonna 2022 131052-308T", NULL, 1);
	expect_count("–131052-308T–", NULL, 1); /* en dashes */
}

static void scan_ignores_lowercase_codes(void **state)
{
	(void)state;
	expect_count("131052-308t", NULL, 0);
	expect_count("290200a111w", NULL, 0);
	expect_count("290200a111W", NULL, 0);
}

static void line_and_column_count_characters(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	/* every Finnish letter is two bytes, the en dash three */
	const char *text = "# Ääliö öljyä\n"
			   "Syöttö: äöå 131052-308T – puh. 040 123 4567\n"
			   "\n"
			   "Sähköposti: pöllö matti@x.fi ja liisa@kainuu.example\n";
	static const struct {
		unsigned line, col;
		const char *kind;
	} want[] = {
		{ 2, 13, "henkilötunnus" },
		{ 2, 32, "phone number" },
		{ 4, 19, "e-mail address 'm***@x.fi'" },
		{ 4, 33, "e-mail address 'l***@kainuu.example'" },
	};
	(void)state;
	assert_int_equal(scan(text, NULL, &d), 4);
	for (size_t i = 0; i < d.count; i++) {
		assert_int_equal(d.items[i].line, want[i].line);
		assert_int_equal(d.items[i].col, want[i].col);
		assert_non_null(strstr(d.items[i].message, want[i].kind));
		assert_string_equal(d.items[i].path, PATH);
		assert_int_equal(d.items[i].severity, PL_DIAG_ERROR);
		assert_null(d.items[i].pointer);
	}
	pl_diags_release(&d);
}

static void findings_come_in_text_order_and_do_not_overlap(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	/* '+' may begin an address's local part but does not join a number */
	assert_int_equal(scan("131052-308T+matti@x.fi 040 123 4567%liisa@x.fi", NULL, &d), 4);
	assert_int_equal(d.items[0].col, 1);
	assert_int_equal(d.items[1].col, 12);
	assert_non_null(strstr(d.items[1].message, "'+***@x.fi'"));
	assert_int_equal(d.items[2].col, 24);
	assert_non_null(strstr(d.items[2].message, "'*** *** **67'"));
	assert_int_equal(d.items[3].col, 36);
	assert_non_null(strstr(d.items[3].message, "'%***@x.fi'"));
	pl_diags_release(&d);
}

static void messages_mask_the_value(void **state)
{
	static const struct {
		const char *text, *masked, *secret;
	} cases[] = {
		{ "131052-308T", "'13****-***T'", "052-308" },
		{ "290200A111W", "'29****A***W'", "0200A111" },
		{ "matti.meikalainen@kainuu.example", "'m***@kainuu.example'", "matti" },
		{ "x@kainuu.example", "'x***@kainuu.example'", "'x@" },
		{ "040 123 4567", "'*** *** **67'", "123" },
		{ "+358 40 123 4567", "'+*** ** *** **67'", "358" },
		{ "(09) 1234 567", "'(**) **** *67'", "1234" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		pl_diags d = PL_DIAGS_INIT;
		char *got;
		assert_int_equal(scan(cases[i].text, NULL, &d), 1);
		got = th_diags_text(&d);
		if (!strstr(got, cases[i].masked) || strstr(got, cases[i].text) ||
		    strstr(got, cases[i].secret))
			fail_msg("'%s' masked as: %s", cases[i].text, got);
		free(got);
		pl_diags_release(&d);
	}
}

static void message_names_the_kind_and_the_rule(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	scan("131052-308T 040 123 4567", NULL, &d);
	assert_int_equal(d.count, 2);
	assert_string_equal(d.items[0].message,
			    "looks like a personal identity code (henkilötunnus): "
			    "'13****-***T'; a pilot repository must not hold client data");
	assert_string_equal(d.items[1].message,
			    "phone number '*** *** **67' is not a public contact in "
			    "pilot.json; a pilot repository must not hold client data");
	pl_diags_release(&d);
}

static void known_emails_are_allowed_case_insensitively(void **state)
{
	pl_strset known = PL_STRSET_INIT;
	pl_privacy_rules rules = { &known, NULL };
	(void)state;
	pl_strset_add(&known, "Laura.Hamalainen@Helsinki.example", 0);
	pl_strset_add(&known, "jukka.salminen@thl.example", 0);
	expect_count("laura.hamalainen@helsinki.example", &rules, 0);
	expect_count("LAURA.HAMALAINEN@HELSINKI.EXAMPLE", &rules, 0);
	expect_count("Yhteyshenkilö: Jukka.Salminen@THL.example.", &rules, 0);
	expect_count("\"email\": \"jukka.salminen@thl.example\"", &rules, 0);
	expect_count("laura.hamalainen@helsinki.example.org", &rules, 1);
	expect_count("mikael.lindqvist@helsinki.example", &rules, 1);
	expect_count("laura.hamalainen@helsinki.example", NULL, 1);
	pl_strset_release(&known);
}

static void public_contacts_are_allowed(void **state)
{
	pl_strset pub = PL_STRSET_INIT;
	pl_privacy_rules rules = { NULL, &pub };
	(void)state;
	pl_strset_add(&pub, "Neuvonta@Kainuu.example", 0);
	pl_strset_add(&pub, "+358 40 123 4567", 0);
	pl_strset_add(&pub, "(09) 1234 567", 0);
	expect_count("neuvonta@kainuu.example", &rules, 0);
	expect_count("Neuvonta: NEUVONTA@KAINUU.EXAMPLE", &rules, 0);
	expect_count("+358 40 123 4567", &rules, 0);
	expect_count("+358401234567", &rules, 0);
	expect_count("040 123 4567", &rules, 0);
	expect_count("040-1234567", &rules, 0);
	expect_count("00358 40 123 4567", &rules, 0);
	expect_count("+358 (0)40 123 4567", &rules, 0);
	expect_count("09 1234 567", &rules, 0);
	expect_count("+358 9 1234 567", &rules, 0);
	expect_count("040 123 4568", &rules, 1);
	expect_count("050 123 4567", &rules, 1);
	expect_count("toinen@kainuu.example", &rules, 1);
	pl_strset_release(&pub);
}

static void emails_are_found(void **state)
{
	static const struct {
		const char *text, *masked;
	} cases[] = {
		{ "matti@kainuu.example", "'m***@kainuu.example'" },
		{ "<Matti.M@x.fi>", "'M***@x.fi'" },
		{ "mailto:matti@sub.kainuu.example", "'m***@sub.kainuu.example'" },
		{ "Kirjoita: m_x%y+z-w@kainuu-sote.example.", "'m***@kainuu-sote.example'" },
		{ "\"teksti\": \"rivi\\nmatti@x.fi\"", "'m***@x.fi'" },
		{ "...matti@x.fi", "'m***@x.fi'" },
		{ "0401234567@sms.example", "'0***@sms.example'" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		pl_diags d = PL_DIAGS_INIT;
		char *got;
		scan(cases[i].text, NULL, &d);
		got = th_diags_text(&d);
		if (d.count != 1 || !strstr(got, cases[i].masked))
			fail_msg("\"%s\": expected one finding with %s, got:\n%s",
				 cases[i].text, cases[i].masked, got);
		free(got);
		pl_diags_release(&d);
	}
}

static void things_that_are_no_emails_are_ignored(void **state)
{
	static const char *const texts[] = {
		"@kainuu", "matti@", "matti@localhost", "matti@x.f1", "matti@x.f",
		"matti@.fi", "matti@x..fi", "matti@-x.fi", "matti@x-.fi", "@@@",
		"a @ b.fi", "...@x.fi", "versio@2.0",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++)
		expect_count(texts[i], NULL, 0);
}

static void phone_formats_are_found(void **state)
{
	static const struct {
		const char *text, *masked;
	} cases[] = {
		{ "+358 40 123 4567", "'+*** ** *** **67'" },
		{ "+358401234567", "'+**********67'" },
		{ "040 123 4567", "'*** *** **67'" },
		{ "040-1234567", "'***-*****67'" },
		{ "09 123 4567", "'** *** **67'" },
		{ "(09) 1234 567", "'(**) **** *67'" },
		{ "0400 123 456", "'**** *** *56'" },
		{ "050 1234567", "'*** *****67'" },
		{ "0401234567", "'********67'" },
		{ "+44 20 7946 0958", "'+** ** **** **58'" },
		{ "+358 (0)40 123 4567", "'+*** (*)** *** **67'" },
		{ "00358 40 123 4567", "'***** ** *** **67'" },
		{ "040\xc2\xa0" "123\xc2\xa0" "4567", "'***\xc2\xa0***\xc2\xa0**67'" },
		{ "Puh. 040 123 4567.", "'*** *** **67'" },
		{ "puh.040 123 4567", "'*** *** **67'" },
		{ "p. 040 123 4567, ma–pe", "'*** *** **67'" },
		{ "tel:+358401234567", "'+**********67'" },
		{ "\"puhelin\": \"040 123 4567\"", "'*** *** **67'" },
		{ "\"rivi\\n040 123 4567\"", "'*** *** **67'" },
		{ "| Kainuu | 040 123 4567 |", "'*** *** **67'" },
		{ "Vuonna 2022 040 123 4567", "'*** *** **67'" },
		{ "klo 10–17 040 1234567", "'*** *****67'" },
		{ "18.5.2022 0401234567", "'********67'" },
		{ "2022-05-18 040 123 4567", "'*** *** **67'" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		pl_diags d = PL_DIAGS_INIT;
		char *got;
		scan(cases[i].text, NULL, &d);
		got = th_diags_text(&d);
		if (d.count != 1 || !strstr(got, cases[i].masked))
			fail_msg("\"%s\": expected one finding with %s, got:\n%s",
				 cases[i].text, cases[i].masked, got);
		free(got);
		pl_diags_release(&d);
	}
}

static void numbers_that_are_no_phone_numbers_are_ignored(void **state)
{
	static const char *const texts[] = {
		/* dates */
		"2022-05-18", "\"date\": \"2022-05-18\"", "18.5.2022", "24.–25.5.2023",
		"05.06.2022", "2022-05-18 09:30", "2022 05 18", "05/2022", "1.1.2023–31.12.2023",
		/* years and ranges */
		"2022–2023", "2022-2023", "9/2022–5/2023", "(9/2022–5/2023).",
		"8/2022–4/2023.", "vuosina 2022 ja 2023", "18–29-vuotiaat",
		/* counts and sections */
		"20 ryhmähaastattelua", "34 henkilöä", "17 §",
		"sosiaalihuoltolain 17 §:n mukaista", "\"rating\": 0,", "0 henkilöä",
		/* ids and versions */
		"tp1", "thl-2022", "asiakas-0401234567", "id-0123456789", "ryhma_0401234567",
		"abc0401234567", "0401234567abc", "0401234567/2022", "versio 0.1.0", "v1.2.3",
		"0.10.2", "1.0.0401234", "FI21 1234 0600 0007 85", "ISBN 978-951-33-1234-5",
		/* percentages and sums */
		"0,5 %", "05 %", "12,5 %", "0,05", "1 200 euroa", "12 000 euroa",
		"1 000 000 euroa", "1 005 000 000 euroa", "+1 200 000 euroa", "1 200,50 €",
		"kustannukset 1\xc2\xa0" "200\xc2\xa0" "000 €",
		/* times, postcodes, lists */
		"klo 9–16", "klo 09.00–16.00", "klo 10–17", "00100 Helsinki",
		"01 02 03 04 05 06 07 08 09 10 11 12", "0 0 0 0 0 0 0 0", "000 000 000",
		/* too few or too many digits */
		"040 123", "040 12", "04012345678901234567", "+358 40 123 4567 8901 234",
		/* not joined by single separators */
		"040  123  4567", "040--123--4567", "040.123.4567",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++)
		expect_count(texts[i], NULL, 0);
}

/* ---- the example series ---- */

static void collect_emails(json_t *v, pl_strset *out)
{
	const char *key;
	json_t *item;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach(v, key, item) {
			if (strcmp(key, "email") == 0 && json_is_string(item))
				pl_strset_add(out, json_string_value(item), 0);
			else
				collect_emails(item, out);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			collect_emails(item, out);
	}
}

static void read_whole_file(const char *path, pl_buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	if (!f)
		fail_msg("cannot read '%s'", path);
	pl_buf_clear(out);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		pl_buf_add(out, chunk, n);
	assert_false(ferror(f));
	fclose(f);
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Scans every .json and .md file below top/rel; *files and *ats count the
 * files and the '@' signs in them. */
static void scan_tree(const char *top, const char *rel, const pl_privacy_rules *rules,
		      pl_diags *d, size_t *files, size_t *ats)
{
	char *dir = *rel ? pl_strfmt("%s/%s", top, rel) : pl_strdup(top);
	DIR *dh = opendir(dir);
	struct dirent *e;
	pl_buf text = PL_BUF_INIT;

	if (!dh)
		fail_msg("cannot list '%s'", dir);
	while ((e = readdir(dh)) != NULL) {
		char *sub, *full;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		sub = *rel ? pl_strfmt("%s/%s", rel, e->d_name) : pl_strdup(e->d_name);
		full = pl_strfmt("%s/%s", top, sub);
		assert_int_equal(stat(full, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			scan_tree(top, sub, rules, d, files, ats);
		} else if (has_suffix(sub, ".json") || has_suffix(sub, ".md")) {
			read_whole_file(full, &text);
			pl_privacy_scan(sub, text.ptr, text.len, rules, d);
			for (size_t i = 0; i < text.len; i++)
				*ats += text.ptr[i] == '@';
			(*files)++;
		}
		free(full);
		free(sub);
	}
	closedir(dh);
	pl_buf_release(&text);
	free(dir);
}

/* Scans one snapshot of the example series with its own pilot.json's
 * addresses (or none); returns the findings, *ats the '@' signs seen. */
static void scan_snapshot(const char *snapshot, int with_emails, pl_diags *d, size_t *ats)
{
	const char *src = getenv("PILOTTI_SRC");
	pl_strset known = PL_STRSET_INIT;
	pl_privacy_rules rules = { with_emails ? &known : NULL, NULL };
	char *top, *pilot;
	json_error_t err;
	json_t *root;
	size_t files = 0;

	top = pl_strfmt("%s/examples/thl-2022/%s", src, snapshot);
	pilot = pl_strfmt("%s/pilot.json", top);
	root = json_load_file(pilot, 0, &err);
	if (!root)
		fail_msg("%s:%d: %s", pilot, err.line, err.text);
	collect_emails(root, &known);
	json_decref(root);
	assert_true(known.count >= 20);
	*ats = 0;
	scan_tree(top, "", &rules, d, &files, ats);
	assert_true(files >= 60);
	pl_strset_release(&known);
	free(pilot);
	free(top);
}

static void example_series_has_no_findings(void **state)
{
	static const char *const snapshots[] = { "tp1", "tp2", "tp3" };
	const char *src = getenv("PILOTTI_SRC");
	(void)state;
	if (!src || !*src)
		skip();
	for (size_t i = 0; i < 3; i++) {
		pl_diags d = PL_DIAGS_INIT;
		size_t ats;
		scan_snapshot(snapshots[i], 1, &d, &ats);
		if (d.count) {
			char *got = th_diags_text(&d);
			fail_msg("%s:\n%s", snapshots[i], got);
		}
		assert_true(ats > 0);
		pl_diags_release(&d);
	}
}

static void example_addresses_are_found_without_the_pilots_list(void **state)
{
	const char *src = getenv("PILOTTI_SRC");
	pl_diags d = PL_DIAGS_INIT;
	size_t ats;
	(void)state;
	if (!src || !*src)
		skip();
	/* so the empty result above is not empty for want of looking */
	scan_snapshot("tp2", 0, &d, &ats);
	assert_int_equal(d.count, ats);
	for (size_t i = 0; i < d.count; i++)
		assert_non_null(strstr(d.items[i].message, "e-mail address"));
	pl_diags_release(&d);
}

/* ---- robustness ---- */

/* CPU seconds to scan size bytes of pattern repeated (NULL: pseudo-random
 * digits and spaces). */
static double scan_seconds(const char *pattern, size_t size)
{
	pl_diags d = PL_DIAGS_INIT;
	pl_buf text = PL_BUF_INIT;
	unsigned long x = 12345;
	clock_t t0;
	double secs;

	while (text.len < size) {
		if (pattern) {
			pl_buf_puts(&text, pattern);
		} else {
			x = x * 1103515245ul + 12345ul;
			pl_buf_putc(&text, (x >> 16) % 4 == 0 ? ' ' : (char)('0' + (x >> 8) % 10));
		}
	}
	t0 = clock();
	pl_privacy_scan(PATH, text.ptr, text.len, NULL, &d);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	pl_diags_release(&d);
	pl_buf_release(&text);
	return secs;
}

static void scan_time_is_linear(void **state)
{
	static const char *const patterns[] = {
		NULL, "0", "00 ", "0 ", "040 ", "040-", "1 ", "(0", "(09) ", "+0", "+3 ",
		"a@", "a.", "\\n", "@a.", "131052-308T ", "0401234567 ", "2022-",
	};
	(void)state;
	for (size_t p = 0; p < sizeof(patterns) / sizeof(*patterns); p++) {
		double big = scan_seconds(patterns[p], 1u << 20), small;
		if (big < 1.0)
			continue;
		/* A slow machine or valgrind: then only the growth counts.  16
		 * times the text may take about 16 times as long, not 256. */
		small = scan_seconds(patterns[p], 1u << 16);
		if (big > 40 * small + 0.1)
			fail_msg("pattern %zu: %.2f s for 1 MiB, %.3f s for 64 KiB", p, big, small);
	}
}

static void every_prefix_is_scanned_within_its_bounds(void **state)
{
	const char *text = "131052-308T (09) 1234 567 +358 (0)40 123 4567 matti@x.fi "
			   "ä–\xc2\xa0" "040\xc2\xa0" "123\xe2\x80\xaf" "4567 \\n0401234567 @ +(";
	size_t len = strlen(text);
	(void)state;
	for (size_t n = 0; n <= len; n++) {
		pl_diags d = PL_DIAGS_INIT;
		scan_len(text, n, NULL, &d);
		pl_diags_release(&d);
	}
	/* cut UTF-8 and bytes that are not UTF-8 at all */
	expect_count("\xc3", NULL, 0);
	expect_count("\xff\xfe" "0401234567\x80", NULL, 1);
	expect_count("\x80\x80\x80" "131052-308T", NULL, 1);
}

static void findings_are_added_to_the_list_and_counted(void **state)
{
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	pl_diags_add(&d, PL_DIAG_WARNING, "pilot.json", 1, 1, "", "earlier finding");
	assert_int_equal(pl_privacy_scan("a.md", "131052-308T", 11, NULL, &d), 1);
	assert_int_equal(d.count, 2);
	assert_string_equal(d.items[0].message, "earlier finding");
	assert_string_equal(d.items[1].path, "a.md");
	assert_int_equal(pl_privacy_scan("b.md", NULL, 0, NULL, &d), 0);
	assert_int_equal(pl_privacy_scan("c.md", "", 0, NULL, &d), 0);
	/* only len bytes are looked at */
	assert_int_equal(pl_privacy_scan("d.md", "131052-308T", 10, NULL, &d), 0);
	assert_int_equal(d.count, 2);
	pl_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hetu_valid_accepts_a_code_for_every_century_sign),
		cmocka_unit_test(hetu_valid_rejects_every_wrong_check_character),
		cmocka_unit_test(hetu_valid_rejects_dates_that_do_not_exist),
		cmocka_unit_test(hetu_valid_rejects_other_shapes),
		cmocka_unit_test(scan_reports_a_code_for_every_century_sign),
		cmocka_unit_test(scan_ignores_a_code_with_a_wrong_check_character),
		cmocka_unit_test(scan_ignores_a_code_with_a_date_that_does_not_exist),
		cmocka_unit_test(scan_ignores_a_code_inside_a_longer_token),
		cmocka_unit_test(scan_finds_a_code_next_to_punctuation),
		cmocka_unit_test(scan_ignores_lowercase_codes),
		cmocka_unit_test(line_and_column_count_characters),
		cmocka_unit_test(findings_come_in_text_order_and_do_not_overlap),
		cmocka_unit_test(messages_mask_the_value),
		cmocka_unit_test(message_names_the_kind_and_the_rule),
		cmocka_unit_test(known_emails_are_allowed_case_insensitively),
		cmocka_unit_test(public_contacts_are_allowed),
		cmocka_unit_test(emails_are_found),
		cmocka_unit_test(things_that_are_no_emails_are_ignored),
		cmocka_unit_test(phone_formats_are_found),
		cmocka_unit_test(numbers_that_are_no_phone_numbers_are_ignored),
		cmocka_unit_test(example_series_has_no_findings),
		cmocka_unit_test(example_addresses_are_found_without_the_pilots_list),
		cmocka_unit_test(scan_time_is_linear),
		cmocka_unit_test(every_prefix_is_scanned_within_its_bounds),
		cmocka_unit_test(findings_are_added_to_the_list_and_counted),
	};
	return th_run(tests);
}
