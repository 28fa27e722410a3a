#include "helpers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "text.h"
#include "worddiff.h"

/* Byte-exact literals: the length is given, so NULs and bad bytes count. */
#define LIT(s) s, sizeof(s) - 1

/* ---- helpers ----------------------------------------------------------- */

static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	rng_state = seed;
}

/* xorshift64*: the same sequence on every platform. */
static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 2685821657736338717ull) >> 33) % n;
}

/* The pieces as "=[Asiakas ]-[aina]+[yleensä]"; free(). */
static char *render(const pl_wd *d)
{
	pl_buf b = PL_BUF_INIT;
	for (size_t i = 0; i < d->count; i++) {
		pl_buf_putc(&b, (char)d->items[i].op);
		pl_buf_putc(&b, '[');
		pl_buf_add(&b, d->items[i].text, d->items[i].len);
		pl_buf_putc(&b, ']');
	}
	return pl_buf_detach(&b);
}

/*
 * Checks what every diff promises: the pieces rebuild both texts byte for
 * byte, none is empty, each is NUL-terminated, neighbours differ in op and
 * no deletion follows an insertion directly.
 */
static void check_diff(const char *a, size_t alen, const char *b, size_t blen,
		       const pl_wd *d)
{
	pl_buf ra = PL_BUF_INIT, rb = PL_BUF_INIT;
	for (size_t i = 0; i < d->count; i++) {
		const pl_wd_piece *p = &d->items[i];
		assert_true(p->op == PL_WD_EQUAL || p->op == PL_WD_DELETE ||
			    p->op == PL_WD_INSERT);
		assert_true(p->len > 0);
		assert_int_equal(p->text[p->len], '\0');
		if (i > 0) {
			assert_int_not_equal(p->op, d->items[i - 1].op);
			assert_false(p->op == PL_WD_DELETE &&
				     d->items[i - 1].op == PL_WD_INSERT);
		}
		if (p->op != PL_WD_INSERT)
			pl_buf_add(&ra, p->text, p->len);
		if (p->op != PL_WD_DELETE)
			pl_buf_add(&rb, p->text, p->len);
	}
	assert_int_equal(ra.len, alen);
	assert_int_equal(rb.len, blen);
	assert_memory_equal(ra.ptr, alen ? a : "", alen);
	assert_memory_equal(rb.ptr, blen ? b : "", blen);
	pl_buf_release(&rb);
	pl_buf_release(&ra);
}

/* Diffs two C strings, checks the invariants and compares the rendering. */
#define assert_word_diff(a, b, expect) assert_word_diff_at(a, b, expect, __FILE__, __LINE__)
static void assert_word_diff_at(const char *a, const char *b,
				const char *expect, const char *file, int line)
{
	pl_wd d = PL_WD_INIT;
	char *got;
	assert_int_equal(pl_word_diff(a, strlen(a), b, strlen(b), &d), 0);
	check_diff(a, strlen(a), b, strlen(b), &d);
	got = render(&d);
	if (strcmp(got, expect) != 0) {
		print_error("%s:%d: word diff of '%s' -> '%s'\n"
			    "expected %s\n     got %s\n",
			    file, line, a, b, expect, got);
		free(got);
		pl_wd_release(&d);
		fail();
	}
	free(got);
	pl_wd_release(&d);
}

static void assert_piece(const pl_wd *d, size_t i, pl_wd_op op,
			 const char *text, size_t len)
{
	assert_true(i < d->count);
	assert_int_equal(d->items[i].op, op);
	assert_int_equal(d->items[i].len, len);
	assert_memory_equal(d->items[i].text, text, len);
}

#define SIM(a, b) pl_text_similarity(a, strlen(a), b, strlen(b))

/* ---- whole texts ------------------------------------------------------- */

static void identical_texts_give_one_equal_piece(void **state)
{
	(void)state;
	assert_word_diff("Kainuun malli, versio 2.", "Kainuun malli, versio 2.",
			 "=[Kainuun malli, versio 2.]");
	assert_word_diff(" ", " ", "=[ ]");
}

static void empty_to_text_is_one_insertion(void **state)
{
	(void)state;
	assert_word_diff("", "Asiakas tapaa saman työntekijän.",
			 "+[Asiakas tapaa saman työntekijän.]");
}

static void text_to_empty_is_one_deletion(void **state)
{
	(void)state;
	assert_word_diff("Asiakas tapaa saman työntekijän.", "",
			 "-[Asiakas tapaa saman työntekijän.]");
}

static void both_empty_give_no_pieces(void **state)
{
	pl_wd d = PL_WD_INIT;
	(void)state;
	assert_int_equal(pl_word_diff("", 0, "", 0, &d), 0);
	assert_int_equal(d.count, 0);
	pl_wd_release(&d);
	assert_int_equal(pl_word_diff(NULL, 0, NULL, 0, &d), 0);
	assert_int_equal(d.count, 0);
	assert_null(d.items);
	pl_wd_release(&d);
}

/* ---- changes ----------------------------------------------------------- */

static void one_finnish_word_changed(void **state)
{
	pl_wd d = PL_WD_INIT;
	const char *a = "Asiakas tapaa aina saman työntekijän";
	const char *b = "Asiakas tapaa yleensä saman työntekijän";
	(void)state;
	assert_int_equal(pl_word_diff(a, strlen(a), b, strlen(b), &d), 0);
	assert_int_equal(d.count, 4);
	assert_piece(&d, 0, PL_WD_EQUAL, LIT("Asiakas tapaa "));
	assert_piece(&d, 1, PL_WD_DELETE, LIT("aina"));
	assert_piece(&d, 2, PL_WD_INSERT, LIT("yleensä"));
	assert_piece(&d, 3, PL_WD_EQUAL, LIT(" saman työntekijän"));
	pl_wd_release(&d);
	assert_word_diff("Åsa söi ärtsyn", "Åsa söi öljyn",
			 "=[Åsa söi ]-[ärtsyn]+[öljyn]");
}

static void inserted_words(void **state)
{
	(void)state;
	assert_word_diff("Asiakas tapaa saman työntekijän",
			 "Asiakas tapaa aina saman työntekijän",
			 "=[Asiakas tapaa ]+[aina ]=[saman työntekijän]");
	assert_word_diff("Kainuu", "Kainuu ja Lappi", "=[Kainuu]+[ ja Lappi]");
	assert_word_diff("Lappi", "Kainuu ja Lappi", "+[Kainuu ja ]=[Lappi]");
}

static void deleted_words(void **state)
{
	(void)state;
	assert_word_diff("Asiakas tapaa aina saman työntekijän",
			 "Asiakas tapaa saman työntekijän",
			 "=[Asiakas tapaa ]-[aina ]=[saman työntekijän]");
	assert_word_diff("Kainuu ja Lappi", "Lappi", "-[Kainuu ja ]=[Lappi]");
}

static void punctuation_changes(void **state)
{
	(void)state;
	assert_word_diff("Kainuu, Lappi ja Pohjois-Savo.",
			 "Kainuu; Lappi ja Pohjois-Savo!",
			 "=[Kainuu]-[,]+[;]=[ Lappi ja Pohjois-Savo]-[.]+[!]");
	assert_word_diff("Päijät-Häme", "Päijät Häme",
			 "=[Päijät]-[-]+[ ]=[Häme]");
	assert_word_diff("sanoi \"kyllä\"", "sanoi \"kyllä\".",
			 "=[sanoi \"kyllä\"]+[.]");
}

static void changes_separated_by_spaces_are_grouped(void **state)
{
	(void)state;
	assert_word_diff("Asiakas tapaa aina saman työntekijän",
			 "Asiakas tapaa yleensä jonkun työntekijän",
			 "=[Asiakas tapaa ]-[aina saman]+[yleensä jonkun]=[ työntekijän]");
	assert_word_diff("yksi, kaksi", "kolme, neljä",
			 "-[yksi, kaksi]+[kolme, neljä]");
	/* a common word or a line break keeps two changes apart */
	assert_word_diff("aina saman työntekijän",
			 "usein saman henkilön",
			 "-[aina]+[usein]=[ saman ]-[työntekijän]+[henkilön]");
	assert_word_diff("aina\nsaman", "usein\njonkun",
			 "-[aina]+[usein]=[\n]-[saman]+[jonkun]");
}

static void insertions_and_deletions_start_at_a_word(void **state)
{
	(void)state;
	/* the common suffix " viikon kuluessa." would leave "[+ kahden+]" */
	assert_word_diff("Hän soittaa asiakkaalle viikon kuluessa.",
			 "Työntekijä soittaa asiakkaalle kahden viikon kuluessa.",
			 "-[Hän]+[Työntekijä]=[ soittaa asiakkaalle ]+[kahden ]=[viikon kuluessa.]");
	assert_word_diff("Työntekijä soittaa asiakkaalle kahden viikon kuluessa.",
			 "Hän soittaa asiakkaalle viikon kuluessa.",
			 "-[Työntekijä]+[Hän]=[ soittaa asiakkaalle ]-[kahden ]=[viikon kuluessa.]");
	assert_word_diff("x koira, hevonen", "y koira, kissa, hevonen",
			 "-[x]+[y]=[ koira, ]+[kissa, ]=[hevonen]");
	/* at the very end there is nothing to slide over */
	assert_word_diff("soittaa", "soittaa kahdesti", "=[soittaa]+[ kahdesti]");
}

/* ---- tokens ------------------------------------------------------------ */

static void letters_beyond_ascii_belong_to_words(void **state)
{
	(void)state;
	assert_word_diff("työntekijä sanoi", "työntekijät sanoi",
			 "-[työntekijä]+[työntekijät]=[ sanoi]");
	assert_word_diff("Åland", "Åbo", "-[Åland]+[Åbo]");
	assert_word_diff("café Москва 東京", "café Москвы 東京",
			 "=[café ]-[Москва]+[Москвы]=[ 東京]");
}

static void en_dash_and_no_break_space_separate_words(void **state)
{
	(void)state;
	/* U+2013 en dash */
	assert_word_diff("Päijät-Häme 2020\xe2\x80\x93" "2022",
			 "Päijät-Häme 2020\xe2\x80\x93" "2023",
			 "=[Päijät-Häme 2020\xe2\x80\x93]-[2022]+[2023]");
	assert_word_diff("Päijät-Häme", "Päijät\xe2\x80\x93Häme",
			 "=[Päijät]-[-]+[\xe2\x80\x93]=[Häme]");
	/* U+00A0 no-break space */
	assert_word_diff("10\xc2\xa0" "000 euroa", "12\xc2\xa0" "000 euroa",
			 "-[10]+[12]=[\xc2\xa0" "000 euroa]");
	/* guillemets, multiplication sign, curly quotes, ellipsis */
	assert_word_diff("\xc2\xabHei\xc2\xbb", "\xc2\xabMoi\xc2\xbb",
			 "=[\xc2\xab]-[Hei]+[Moi]=[\xc2\xbb]");
	assert_word_diff("2\xc3\x97" "3", "2\xc3\x97" "4",
			 "=[2\xc3\x97]-[3]+[4]");
	assert_word_diff("\xe2\x80\x9cniin\xe2\x80\xa6\xe2\x80\x9d",
			 "\xe2\x80\x9cjoo\xe2\x80\xa6\xe2\x80\x9d",
			 "=[\xe2\x80\x9c]-[niin]+[joo]=[\xe2\x80\xa6\xe2\x80\x9d]");
}

static void multibyte_letters_are_never_split(void **state)
{
	static const char *const frags[] = {
		"a", "e", "i", "k", "t", "s", "n", "\xc3\xa4", "\xc3\xb6",
		"\xc3\xa5", "\xc3\x84", "\xc3\x96", "\xc3\x85", "\xc3\xa9",
		"\xe2\x82\xac", "\xf0\x9f\x98\x80", " ", "  ", ",", ".", "-",
		"\xe2\x80\x93", "\xc2\xa0", "\n", "\xc2\xab", "\xe2\x80\xa6",
		"1", "9",
	};
	const unsigned nfrags = sizeof(frags) / sizeof(*frags);
	(void)state;
	rng_seed(20240601);
	for (int round = 0; round < 300; round++) {
		unsigned fa[48], fb[64];
		unsigned na = rnd(40), nb = 0;
		pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
		pl_wd d = PL_WD_INIT;

		for (unsigned i = 0; i < na; i++)
			fa[i] = rnd(nfrags);
		/* b: a with up to a dozen fragments inserted, dropped or swapped */
		for (unsigned i = 0; i <= na && nb < 60; i++) {
			unsigned r = rnd(10);
			if (r == 0)
				fb[nb++] = rnd(nfrags);
			if (i == na)
				break;
			if (r == 1)
				continue;
			fb[nb++] = r == 2 ? rnd(nfrags) : fa[i];
		}
		for (unsigned i = 0; i < na; i++)
			pl_buf_puts(&a, frags[fa[i]]);
		for (unsigned i = 0; i < nb; i++)
			pl_buf_puts(&b, frags[fb[i]]);

		assert_int_equal(pl_word_diff(a.ptr, a.len, b.ptr, b.len, &d), 0);
		check_diff(a.ptr, a.len, b.ptr, b.len, &d);
		for (size_t i = 0; i < d.count; i++)
			assert_int_equal(pl_utf8_valid_prefix(d.items[i].text,
							      d.items[i].len),
					 d.items[i].len);
		pl_wd_release(&d);
		pl_buf_release(&b);
		pl_buf_release(&a);
	}
}

static void invalid_utf8_bytes_are_tokens_of_their_own(void **state)
{
	pl_wd d = PL_WD_INIT;
	(void)state;
	/* a stray byte between a word and ä: ä stays whole */
	assert_int_equal(pl_word_diff(LIT("ab\xff\xc3\xa4"), LIT("ab\xfe\xc3\xa4"), &d), 0);
	check_diff(LIT("ab\xff\xc3\xa4"), LIT("ab\xfe\xc3\xa4"), &d);
	assert_int_equal(d.count, 4);
	assert_piece(&d, 0, PL_WD_EQUAL, LIT("ab"));
	assert_piece(&d, 1, PL_WD_DELETE, LIT("\xff"));
	assert_piece(&d, 2, PL_WD_INSERT, LIT("\xfe"));
	assert_piece(&d, 3, PL_WD_EQUAL, LIT("\xc3\xa4"));
	pl_wd_release(&d);

	/* a lead byte without its continuation, then a whole ä */
	assert_int_equal(pl_word_diff(LIT("x \xc3\xc3\xa4"), LIT("x \xc3\xa4"), &d), 0);
	check_diff(LIT("x \xc3\xc3\xa4"), LIT("x \xc3\xa4"), &d);
	assert_int_equal(d.count, 3);
	assert_piece(&d, 0, PL_WD_EQUAL, LIT("x "));
	assert_piece(&d, 1, PL_WD_DELETE, LIT("\xc3"));
	assert_piece(&d, 2, PL_WD_EQUAL, LIT("\xc3\xa4"));
	pl_wd_release(&d);

	/* truncated at the end, overlong, surrogate, NUL, lone continuation */
	assert_int_equal(pl_word_diff(LIT("kissa \xe2\x80"), LIT("kissa \xc0\xaf\xed\xa0\x80\0\x80 koira"), &d), 0);
	check_diff(LIT("kissa \xe2\x80"), LIT("kissa \xc0\xaf\xed\xa0\x80\0\x80 koira"), &d);
	assert_int_equal(d.count, 3);
	assert_piece(&d, 0, PL_WD_EQUAL, LIT("kissa "));
	assert_piece(&d, 1, PL_WD_DELETE, LIT("\xe2\x80"));
	assert_piece(&d, 2, PL_WD_INSERT, LIT("\xc0\xaf\xed\xa0\x80\0\x80 koira"));
	pl_wd_release(&d);
}

/* ---- properties -------------------------------------------------------- */

struct frag {
	const char *s;
	size_t n;
};
#define F(lit) { lit, sizeof(lit) - 1 }

static void random_edits_reconstruct_both_texts(void **state)
{
	static const struct frag frags[] = {
		F("asiakas"), F("tapaa"), F("aina"), F("yleensä"), F("saman"),
		F("työntekijän"), F("ja"), F("Kainuu"), F("Päijät"), F("Häme"),
		F("2022"), F(" "), F(" "), F(" "), F("  "), F("\t"), F("\n"),
		F("\r\n"), F(","), F("."), F("-"), F("\xe2\x80\x93"),
		F("\xc2\xa0"), F("("), F(")"), F("\xff"), F("\xc3"), F("\x80"),
		F("\xe2\x82"), F("\0"), F("\xf0\x9f\x98\x80"),
	};
	const unsigned nfrags = sizeof(frags) / sizeof(*frags);
	(void)state;
	rng_seed(42);
	for (int round = 0; round < 500; round++) {
		unsigned fa[80], fb[120];
		unsigned na = rnd(80), nb = 0, rate = 2 + rnd(20);
		pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
		pl_wd d = PL_WD_INIT;

		for (unsigned i = 0; i < na; i++)
			fa[i] = rnd(nfrags);
		for (unsigned i = 0; i <= na && nb < 116; i++) {
			unsigned r = rnd(rate);
			if (r == 0)
				fb[nb++] = rnd(nfrags);
			if (i == na)
				break;
			if (r == 1)
				continue;
			fb[nb++] = r == 2 ? rnd(nfrags) : fa[i];
		}
		if (round % 50 == 0)
			nb = 0; /* everything deleted */
		for (unsigned i = 0; i < na; i++)
			pl_buf_add(&a, frags[fa[i]].s, frags[fa[i]].n);
		for (unsigned i = 0; i < nb; i++)
			pl_buf_add(&b, frags[fb[i]].s, frags[fb[i]].n);

		assert_int_equal(pl_word_diff(a.ptr, a.len, b.ptr, b.len, &d), 0);
		check_diff(a.ptr, a.len, b.ptr, b.len, &d);
		if (a.len == b.len && !memcmp(a.ptr, b.ptr, a.len))
			assert_true(d.count <= 1);
		pl_wd_release(&d);
		pl_buf_release(&b);
		pl_buf_release(&a);
	}
}

/* ---- large inputs ------------------------------------------------------ */

#define LONG_WORDS 10000
#define LONG_EDITS 100

static const char *const vocab[] = {
	"asiakas", "tapaa", "aina", "yleensä", "saman", "työntekijän",
	"ja", "palvelu", "jalkautuminen", "etsivä", "sosiaalityö", "nuori",
	"kunta", "hyvinvointialue", "Kainuu", "Lappi", "Pohjanmaa",
	"ryhmä", "haastattelu", "malli", "ydinosa", "mekanismi", "tulos",
	"että", "kun", "on", "ei", "ole", "mutta", "myös", "sekä", "tai",
	"kanssa", "jälkeen", "ennen", "öisin", "ääni", "åländsk",
};
#define NVOCAB (sizeof(vocab) / sizeof(*vocab))

struct slot {
	unsigned word; /* below NVOCAB: vocab; else a unique "muutos<n>" */
	char punct;    /* written after the word, or 0 */
};

static void render_words(pl_buf *out, const struct slot *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			pl_buf_putc(out, ' ');
		if (s[i].word < NVOCAB)
			pl_buf_puts(out, vocab[s[i].word]);
		else
			pl_buf_printf(out, "muutos%u", s[i].word);
		if (s[i].punct)
			pl_buf_putc(out, s[i].punct);
	}
}

/* a: LONG_WORDS random words; b: a with LONG_EDITS words replaced by new
 * ones (kinds == 1) or replaced, inserted and deleted in turn (kinds == 3). */
static void long_texts(pl_buf *a, pl_buf *b, unsigned kinds, uint64_t seed)
{
	struct slot *sa = pl_calloc(LONG_WORDS, sizeof(*sa));
	struct slot *sb = pl_calloc(LONG_WORDS + LONG_EDITS, sizeof(*sb));
	size_t nb = 0, next = 0;

	rng_seed(seed);
	for (size_t i = 0; i < LONG_WORDS; i++) {
		unsigned r = rnd(20);
		sa[i].word = rnd(NVOCAB);
		sa[i].punct = r == 0 ? ',' : r == 1 ? '.' : 0;
	}
	for (unsigned k = 0; k < LONG_EDITS; k++) {
		size_t at = k * (LONG_WORDS / LONG_EDITS) + rnd(LONG_WORDS / LONG_EDITS - 10);
		unsigned kind = kinds == 1 ? 0 : k % 3;
		while (next < at)
			sb[nb++] = sa[next++];
		if (kind == 0) { /* replace */
			sb[nb].word = (unsigned)NVOCAB + k;
			sb[nb++].punct = sa[next++].punct;
		} else if (kind == 1) { /* insert */
			sb[nb].word = (unsigned)NVOCAB + k;
			sb[nb++].punct = 0;
		} else { /* delete */
			next++;
		}
	}
	while (next < LONG_WORDS)
		sb[nb++] = sa[next++];
	render_words(a, sa, LONG_WORDS);
	render_words(b, sb, nb);
	free(sb);
	free(sa);
}

static void large_texts_with_100_changes(void **state)
{
	pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
	pl_wd d = PL_WD_INIT;
	size_t changes = 0, changed_bytes = 0;
	(void)state;
	long_texts(&a, &b, 3, 7);
	assert_int_equal(pl_word_diff(a.ptr, a.len, b.ptr, b.len, &d), 0);
	check_diff(a.ptr, a.len, b.ptr, b.len, &d);
	for (size_t i = 0; i < d.count; i++) {
		if (d.items[i].op != PL_WD_EQUAL) {
			changes++;
			changed_bytes += d.items[i].len;
		}
	}
	/* each edit is a word or so, not one big replacement */
	assert_in_range(changes, LONG_EDITS, 2 * LONG_EDITS);
	assert_true(changed_bytes < 30 * LONG_EDITS);
	pl_wd_release(&d);
	pl_buf_release(&b);
	pl_buf_release(&a);
}

static void large_unrelated_texts_reconstruct(void **state)
{
	pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
	pl_wd d = PL_WD_INIT;
	(void)state;
	rng_seed(99);
	for (int i = 0; i < LONG_WORDS; i++) {
		pl_buf_printf(&a, "%ssana%u", i ? " " : "", rnd(5000));
		pl_buf_printf(&b, "%sword%u", i ? " " : "", rnd(5000));
	}
	assert_int_equal(pl_word_diff(a.ptr, a.len, b.ptr, b.len, &d), 0);
	check_diff(a.ptr, a.len, b.ptr, b.len, &d);
	pl_wd_release(&d);
	pl_buf_release(&b);
	pl_buf_release(&a);
}

/* ---- similarity -------------------------------------------------------- */

static void similarity_of_identical_texts_is_one(void **state)
{
	(void)state;
	assert_true(SIM("Asiakas tapaa saman työntekijän", "Asiakas tapaa saman työntekijän") == 1.0);
	assert_true(SIM("", "") == 1.0);
	assert_true(SIM(" ... - ", ",") == 1.0); /* no words on either side */
	assert_true(pl_text_similarity(NULL, 0, NULL, 0) == 1.0);
}

static void similarity_of_disjoint_texts_is_zero(void **state)
{
	(void)state;
	assert_true(SIM("kissa koira", "hevonen lehmä") == 0.0);
	assert_true(SIM("", "sana") == 0.0);
	assert_true(SIM("sana", "...") == 0.0);
	assert_true(SIM("Kainuu", "kainuu") == 0.0); /* case-sensitive */
}

static void similarity_counts_the_common_subsequence(void **state)
{
	(void)state;
	/* LCS "kissa hevonen lehmä": 2 * 3 / (4 + 4) */
	assert_true(SIM("kissa koira hevonen lehmä", "kissa hevonen lehmä sika") == 0.75);
	/* LCS "tapaa": 2 * 1 / (1 + 3); order matters, not just membership */
	assert_true(SIM("tapaa", "asiakas tapaa aina") == 0.5);
	assert_true(SIM("yksi kaksi", "kaksi yksi") == 0.5);
	/* 2 * 4 / (5 + 5) */
	assert_true(SIM("Asiakas tapaa aina saman työntekijän",
			"Asiakas tapaa yleensä saman työntekijän") == 0.8);
}

static void similarity_ignores_spaces_and_punctuation(void **state)
{
	(void)state;
	assert_true(SIM("Kainuu, Lappi \xe2\x80\x93 ja Pohjois-Savo!",
			"Kainuu Lappi  ja\nPohjois Savo") == 1.0);
	assert_true(SIM("10\xc2\xa0" "000.", "10 000") == 1.0);
}

static void similarity_of_long_texts_is_exact(void **state)
{
	pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
	double s;
	(void)state;
	long_texts(&a, &b, 1, 11);
	s = pl_text_similarity(a.ptr, a.len, b.ptr, b.len);
	/* 100 of 10,000 words replaced by new ones: 2 * 9900 / 20000 */
	assert_true(s > 0.99 - 1e-12 && s < 0.99 + 1e-12);
	pl_buf_release(&b);
	pl_buf_release(&a);
}

/* ---- API --------------------------------------------------------------- */

static void bad_arguments_are_refused(void **state)
{
	pl_wd d = PL_WD_INIT;
	(void)state;
	assert_int_equal(pl_word_diff("a", 1, "b", 1, NULL), PL_EUSAGE);
	assert_int_equal(pl_word_diff(NULL, 3, "b", 1, &d), PL_EUSAGE);
	assert_int_equal(d.count, 0);
	assert_int_equal(pl_word_diff("a", 1, NULL, 3, &d), PL_EUSAGE);
	assert_int_equal(d.count, 0);
	assert_string_equal(pl_error_last(),
			    "word diff: text is NULL but 3 bytes long");
	pl_wd_release(&d);
	pl_error_clear(); /* the thread's own buffer */
}

static void release_leaves_an_empty_diff(void **state)
{
	pl_wd d = PL_WD_INIT;
	(void)state;
	assert_int_equal(pl_word_diff("a b", 3, "a c", 3, &d), 0);
	assert_int_equal(d.count, 3);
	pl_wd_release(&d);
	assert_null(d.items);
	assert_int_equal(d.count, 0);
	pl_wd_release(&d); /* releasing twice is harmless */
	pl_wd_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identical_texts_give_one_equal_piece),
		cmocka_unit_test(empty_to_text_is_one_insertion),
		cmocka_unit_test(text_to_empty_is_one_deletion),
		cmocka_unit_test(both_empty_give_no_pieces),
		cmocka_unit_test(one_finnish_word_changed),
		cmocka_unit_test(inserted_words),
		cmocka_unit_test(deleted_words),
		cmocka_unit_test(punctuation_changes),
		cmocka_unit_test(changes_separated_by_spaces_are_grouped),
		cmocka_unit_test(insertions_and_deletions_start_at_a_word),
		cmocka_unit_test(letters_beyond_ascii_belong_to_words),
		cmocka_unit_test(en_dash_and_no_break_space_separate_words),
		cmocka_unit_test(multibyte_letters_are_never_split),
		cmocka_unit_test(invalid_utf8_bytes_are_tokens_of_their_own),
		cmocka_unit_test(random_edits_reconstruct_both_texts),
		cmocka_unit_test(large_texts_with_100_changes),
		cmocka_unit_test(large_unrelated_texts_reconstruct),
		cmocka_unit_test(similarity_of_identical_texts_is_one),
		cmocka_unit_test(similarity_of_disjoint_texts_is_zero),
		cmocka_unit_test(similarity_counts_the_common_subsequence),
		cmocka_unit_test(similarity_ignores_spaces_and_punctuation),
		cmocka_unit_test(similarity_of_long_texts_is_exact),
		cmocka_unit_test(bad_arguments_are_refused),
		cmocka_unit_test(release_leaves_an_empty_diff),
	};
	return th_run(tests);
}
