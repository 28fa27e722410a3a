/*
 * worddiff.h - word-level diff and similarity of free text.
 *
 * Texts are cut into tokens: a word is a maximal run of letters and digits
 * (ASCII letters and digits, and every code point from U+0080 up except the
 * separators U+00A0-U+00BF, U+00D7, U+00F7, U+2000-U+206F, U+3000-U+303F,
 * U+FE50-U+FE6F and U+FF00-U+FF0F), so "Päijät-Häme" is "Päijät", "-",
 * "Häme" and "työntekijä" is one word.  A run of ASCII whitespace (space,
 * tab, line breaks, vertical tab, form feed) is one token; every other
 * character, and every byte that is not part of valid UTF-8, is a token of
 * its own.  A valid multi-byte sequence is never split.
 */
#ifndef PILOTTI_WORDDIFF_H
#define PILOTTI_WORDDIFF_H

#include <stddef.h>

typedef enum {
	PL_WD_EQUAL = '=',
	PL_WD_DELETE = '-',
	PL_WD_INSERT = '+'
} pl_wd_op;

typedef struct {
	pl_wd_op op;
	char *text; /* len bytes, NUL-terminated; owned by the pl_wd */
	size_t len; /* never 0 */
} pl_wd_piece;

typedef struct {
	pl_wd_piece *items;
	size_t count;
} pl_wd;

#define PL_WD_INIT { NULL, 0 }

/*
 * Word diff of text a (alen bytes, UTF-8) into b (blen bytes); either may be
 * NULL when its length is 0.  Fills *out with the pieces in order:
 * concatenating the EQUAL and DELETE texts gives a, the EQUAL and INSERT
 * texts give b, byte for byte.  Adjacent pieces of the same op are merged;
 * within a changed stretch deletions come before insertions.  Two identical
 * texts give one EQUAL piece (none when both are empty).
 *
 * For readability, changes separated only by spaces and punctuation on one
 * line are shown as one change ("[-aina usein-][+yleensä joskus+]"), and an
 * insertion or deletion starts with a word where it can ("asiakkaalle
 * [+kahden +]viikon").  Very large, very different middles (beyond what can
 * be diffed in bounded time and memory) become one DELETE and one INSERT.
 *
 * Release *out with pl_wd_release (also after a failure, where it is
 * empty).  Returns 0, or PL_EUSAGE when out is NULL or a text is NULL with
 * a nonzero length.
 */
int pl_word_diff(const char *a, size_t alen, const char *b, size_t blen,
		 pl_wd *out);
/* Frees the pieces and leaves d empty; pl_wd_release(NULL) does nothing. */
void pl_wd_release(pl_wd *d);

/*
 * How alike two texts are, by words only (spaces and punctuation ignored),
 * case-sensitive: 2 * |LCS of the word sequences| / (words in a + words in
 * b), from 0.0 to 1.0; 1.0 when neither has any words.  A NULL text counts
 * as empty.  Exact for texts up to tens of thousands of words a side;
 * beyond that the LCS may be counted from below (bounded time and memory).
 */
double pl_text_similarity(const char *a, size_t alen, const char *b,
			  size_t blen);

#endif
