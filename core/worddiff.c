#include "worddiff.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

/*
 * A middle of up to this many table cells gets an exact LCS from a table;
 * with both sides non-empty, the shorter side then has at most 2000 tokens,
 * so every cell fits in 16 bits (8 MB at most).
 */
#define MAX_CELLS 4000000u
/*
 * Larger middles are split with Myers' O(ND) middle-snake search in linear
 * space, which costs about D^2 rather than n * m; its pieces go on to a
 * table only when they are this small.
 */
#define SPLIT_CELLS 65536u
/*
 * Steps (diagonals visited, tokens compared, table cells) one diff may take;
 * the middles left when they run out become one DELETE + one INSERT each.
 * This bounds the time for long, very different texts.
 */
#define WORK_BUDGET (30u * 1000 * 1000)

enum { TK_WORD, TK_SPACE, TK_OTHER };

typedef struct {
	size_t off;
	size_t len;
	unsigned char kind;
	unsigned char newline; /* a TK_SPACE holding a line break */
} token;

typedef struct {
	token *items;
	size_t count;
	size_t cap;
	size_t words;
} toklist;

/* ---- tokens ---------------------------------------------------------- */

static int is_space_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/*
 * Length of the character at s[i] with its code point in *cp, or 0 when
 * s[i] does not start a valid UTF-8 sequence (same rules as
 * pl_utf8_valid_prefix).
 */
static size_t char_at(const unsigned char *s, size_t len, size_t i,
		      uint32_t *cp)
{
	unsigned c = s[i];
	size_t n;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2;
		v = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (len - i <= n)
		return 0;
	for (size_t k = 1; k <= n; k++) {
		if ((s[i + k] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i + k] & 0x3F);
	}
	if ((n == 2 && v < 0x800) || (n == 3 && v < 0x10000) || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n + 1;
}

static int is_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z');
	/* Not a letter table: every non-ASCII code point is a letter except
	 * the punctuation blocks people actually type into prose. */
	return !((cp >= 0x00A0 && cp <= 0x00BF) || cp == 0x00D7 ||
		 cp == 0x00F7 || (cp >= 0x2000 && cp <= 0x206F) ||
		 (cp >= 0x3000 && cp <= 0x303F) ||
		 (cp >= 0xFE50 && cp <= 0xFE6F) ||
		 (cp >= 0xFF00 && cp <= 0xFF0F));
}

static void toklist_push(toklist *l, size_t off, size_t len, int kind,
			 int newline)
{
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->items = pl_realloc(l->items, l->cap * sizeof(*l->items));
	}
	l->items[l->count].off = off;
	l->items[l->count].len = len;
	l->items[l->count].kind = (unsigned char)kind;
	l->items[l->count].newline = (unsigned char)newline;
	l->count++;
	if (kind == TK_WORD)
		l->words++;
}

static void tokenize(const char *text, size_t len, toklist *out)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < len) {
		size_t start = i, n;
		uint32_t cp;

		if (is_space_byte(s[i])) {
			int nl = 0;
			for (; i < len && is_space_byte(s[i]); i++)
				nl |= s[i] == '\n' || s[i] == '\r';
			toklist_push(out, start, i - start, TK_SPACE, nl);
			continue;
		}
		n = char_at(s, len, i, &cp);
		if (n && is_word_char(cp)) {
			do
				i += n;
			while (i < len && (n = char_at(s, len, i, &cp)) &&
			       is_word_char(cp));
			toklist_push(out, start, i - start, TK_WORD, 0);
		} else {
			/* a separator character, or one stray byte */
			i += n ? n : 1;
			toklist_push(out, start, i - start, TK_OTHER, 0);
		}
	}
}

/* ---- interning: equal tokens get equal ids ---------------------------- */

typedef struct {
	const char *ptr;
	size_t len;
	uint64_t hash;
} ustr;

typedef struct {
	size_t *slots; /* id + 1, 0 when free */
	size_t cap;    /* a power of two, more than twice the tokens */
	ustr *strs;    /* by id */
	size_t count;
} interner;

static void interner_init(interner *in, size_t max_tokens)
{
	size_t cap = 16;
	while (cap < max_tokens * 2 + 1)
		cap *= 2;
	in->slots = pl_calloc(cap, sizeof(*in->slots));
	in->cap = cap;
	in->strs = pl_malloc((max_tokens ? max_tokens : 1) * sizeof(*in->strs));
	in->count = 0;
}

static void interner_release(interner *in)
{
	free(in->slots);
	free(in->strs);
	in->slots = NULL;
	in->strs = NULL;
}

static size_t intern(interner *in, const char *p, size_t len)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	size_t i;

	for (size_t k = 0; k < len; k++) {
		h ^= (unsigned char)p[k];
		h *= 1099511628211ull;
	}
	i = (size_t)(h & (in->cap - 1));
	while (in->slots[i]) {
		const ustr *u = &in->strs[in->slots[i] - 1];
		if (u->hash == h && u->len == len && !memcmp(u->ptr, p, len))
			return in->slots[i] - 1;
		i = (i + 1) & (in->cap - 1);
	}
	in->strs[in->count].ptr = p;
	in->strs[in->count].len = len;
	in->strs[in->count].hash = h;
	in->slots[i] = ++in->count;
	return in->count - 1;
}

/* Ids of the tokens of l (only its words if words_only); free() them. */
static size_t *token_ids(interner *in, const char *text, const toklist *l,
			 int words_only, size_t *count)
{
	size_t *ids = pl_malloc((l->count ? l->count : 1) * sizeof(*ids));
	size_t n = 0;
	for (size_t i = 0; i < l->count; i++) {
		const token *t = &l->items[i];
		if (!words_only || t->kind == TK_WORD)
			ids[n++] = intern(in, text + t->off, t->len);
	}
	*count = n;
	return ids;
}

/* ---- the diff of two id sequences ------------------------------------- */

/* Diffs ids a against ids b into ops, the edit script: one '=', '-' or '+'
 * per step through the sequences. */
typedef struct {
	const size_t *a;
	const size_t *b;
	pl_buf ops;
	size_t equal;      /* '=' steps so far */
	size_t work;       /* steps taken, against WORK_BUDGET */
	size_t max_cells;  /* the largest middle diff_table may take */
} differ;

#define DIFFER_INIT { NULL, NULL, PL_BUF_INIT, 0, 0, MAX_CELLS }

static void emit(differ *d, char op, size_t n)
{
	pl_buf_grow(&d->ops, n);
	for (size_t i = 0; i < n; i++)
		pl_buf_putc(&d->ops, op);
	if (op == '=')
		d->equal += n;
}

static void diff_range(differ *d, size_t a0, size_t a1, size_t b0,
		       size_t b1);

/*
 * Exact LCS of a[a0..a0+n) and b[b0..b0+m) from a table of suffix LCS
 * lengths.  Walking forward, a common head is always taken (that is
 * optimal), and on a tie a deletion goes before an insertion, which keeps
 * the matches late in a and the changed tokens together.
 */
static void diff_table(differ *d, size_t a0, size_t n, size_t b0, size_t m)
{
	const size_t *a = d->a + a0, *b = d->b + b0;
	size_t w = m + 1, i, j;
	uint16_t *L = pl_malloc((n + 1) * w * sizeof(*L));

	for (j = 0; j <= m; j++)
		L[n * w + j] = 0;
	for (i = n; i-- > 0;) {
		uint16_t *row = L + i * w, *below = row + w;
		row[m] = 0;
		for (j = m; j-- > 0;) {
			if (a[i] == b[j])
				row[j] = (uint16_t)(below[j + 1] + 1);
			else
				row[j] = below[j] >= row[j + 1] ? below[j]
								: row[j + 1];
		}
	}
	i = j = 0;
	while (i < n && j < m) {
		if (a[i] == b[j]) {
			emit(d, '=', 1);
			i++;
			j++;
		} else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) {
			emit(d, '-', 1);
			i++;
		} else {
			emit(d, '+', 1);
			j++;
		}
	}
	emit(d, '-', n - i);
	emit(d, '+', m - j);
	free(L);
}

/*
 * Myers' middle snake (forward and reverse searches meeting on a diagonal;
 * the layout follows diff-match-patch's bisect).  Recurses on both halves
 * around a point of an optimal path and returns 1, or returns 0 without
 * emitting anything once the diff has used up WORK_BUDGET.
 */
static int diff_bisect(differ *d, size_t a0, size_t a1, size_t b0, size_t b1)
{
	const size_t *a = d->a + a0, *b = d->b + b0;
	ptrdiff_t n = (ptrdiff_t)(a1 - a0), m = (ptrdiff_t)(b1 - b0);
	ptrdiff_t max_d = (n + m + 1) / 2, off = max_d, vlen = 2 * max_d + 2;
	ptrdiff_t delta = n - m, dd;
	ptrdiff_t k1start = 0, k1end = 0, k2start = 0, k2end = 0;
	ptrdiff_t split_x = -1, split_y = -1;
	int front = (delta & 1) != 0;
	ptrdiff_t *v1, *v2;

	v1 = pl_malloc(2 * (size_t)vlen * sizeof(*v1));
	v2 = v1 + vlen;
	for (ptrdiff_t k = 0; k < vlen; k++)
		v1[k] = v2[k] = -1;
	v1[off + 1] = 0;
	v2[off + 1] = 0;
	d->work += (size_t)vlen;

	for (dd = 0; dd < max_d && split_x < 0; dd++) {
		if (d->work > WORK_BUDGET)
			break;
		d->work += 2 * (size_t)dd + 2;
		for (ptrdiff_t k1 = -dd + k1start; k1 <= dd - k1end; k1 += 2) {
			ptrdiff_t k1o = off + k1, x1, y1;
			if (k1 == -dd ||
			    (k1 != dd && v1[k1o - 1] < v1[k1o + 1]))
				x1 = v1[k1o + 1];
			else
				x1 = v1[k1o - 1] + 1;
			y1 = x1 - k1;
			while (x1 < n && y1 < m && a[x1] == b[y1]) {
				x1++;
				y1++;
				d->work++;
			}
			v1[k1o] = x1;
			if (x1 > n) {
				k1end += 2;
			} else if (y1 > m) {
				k1start += 2;
			} else if (front) {
				ptrdiff_t k2o = off + delta - k1;
				if (k2o >= 0 && k2o < vlen && v2[k2o] != -1 &&
				    x1 >= n - v2[k2o]) {
					split_x = x1;
					split_y = y1;
					break;
				}
			}
		}
		if (split_x >= 0)
			break;
		for (ptrdiff_t k2 = -dd + k2start; k2 <= dd - k2end; k2 += 2) {
			ptrdiff_t k2o = off + k2, x2, y2;
			if (k2 == -dd ||
			    (k2 != dd && v2[k2o - 1] < v2[k2o + 1]))
				x2 = v2[k2o + 1];
			else
				x2 = v2[k2o - 1] + 1;
			y2 = x2 - k2;
			while (x2 < n && y2 < m &&
			       a[n - x2 - 1] == b[m - y2 - 1]) {
				x2++;
				y2++;
				d->work++;
			}
			v2[k2o] = x2;
			if (x2 > n) {
				k2end += 2;
			} else if (y2 > m) {
				k2start += 2;
			} else if (!front) {
				ptrdiff_t k1o = off + delta - k2;
				if (k1o >= 0 && k1o < vlen && v1[k1o] != -1) {
					ptrdiff_t x1 = v1[k1o];
					ptrdiff_t y1 = off + x1 - k1o;
					if (x1 >= n - x2) {
						split_x = x1;
						split_y = y1;
						break;
					}
				}
			}
		}
	}
	free(v1);
	/* A split at a corner would recurse on the same problem. */
	if (split_x < 0 || (split_x == 0 && split_y == 0) ||
	    (split_x == n && split_y == m))
		return 0;
	d->max_cells = SPLIT_CELLS;
	diff_range(d, a0, a0 + (size_t)split_x, b0, b0 + (size_t)split_y);
	diff_range(d, a0 + (size_t)split_x, a1, b0 + (size_t)split_y, b1);
	return 1;
}

static void diff_range(differ *d, size_t a0, size_t a1, size_t b0, size_t b1)
{
	size_t pre = 0, suf = 0, n, m;

	while (a0 + pre < a1 && b0 + pre < b1 &&
	       d->a[a0 + pre] == d->b[b0 + pre])
		pre++;
	emit(d, '=', pre);
	a0 += pre;
	b0 += pre;
	while (a1 - suf > a0 && b1 - suf > b0 &&
	       d->a[a1 - 1 - suf] == d->b[b1 - 1 - suf])
		suf++;
	a1 -= suf;
	b1 -= suf;
	n = a1 - a0;
	m = b1 - b0;

	if (!n || !m || d->work > WORK_BUDGET) {
		emit(d, '-', n);
		emit(d, '+', m);
	} else if (n + 1 <= d->max_cells / (m + 1)) {
		d->work += n * m;
		diff_table(d, a0, n, b0, m);
	} else if (!diff_bisect(d, a0, a1, b0, b1)) {
		emit(d, '-', n);
		emit(d, '+', m);
	}
	emit(d, '=', suf);
}

/* ---- from the edit script to pieces ----------------------------------- */

/* A changed stretch: tokens a[a0..a1) became b[b0..b1). */
typedef struct {
	size_t a0, a1, b0, b1;
} hunk;

/* The changed stretches of the edit script, in order. */
static hunk *script_hunks(const char *ops, size_t nops, size_t *count)
{
	hunk *h = pl_malloc((nops / 2 + 1) * sizeof(*h));
	size_t n = 0, ai = 0, bi = 0, k = 0;

	while (k < nops) {
		if (ops[k] == '=') {
			ai++;
			bi++;
			k++;
			continue;
		}
		h[n].a0 = ai;
		h[n].b0 = bi;
		for (; k < nops && ops[k] != '='; k++) {
			if (ops[k] == '-')
				ai++;
			else
				bi++;
		}
		h[n].a1 = ai;
		h[n].b1 = bi;
		n++;
	}
	*count = n;
	return h;
}

/*
 * Moves each pure insertion or deletion right while it starts with a space
 * or punctuation that also follows it, so that it starts with a word:
 * trimming the common suffix first gives "asiakkaalle[+ kahden+] viikon",
 * trimming the prefix first "asiakkaalle [+kahden +]viikon"; both become
 * the latter.  A hunk never slides into the next one.
 */
static void slide_hunks(hunk *h, size_t n, const differ *d, const toklist *ta,
			const toklist *tb)
{
	for (size_t i = 0; i < n; i++) {
		size_t next = i + 1 < n ? h[i + 1].a0 : ta->count;
		size_t keep = i + 1 < n ? 2 : 1; /* equal tokens left after */
		const toklist *t;
		const size_t *ids;
		size_t *p0, *p1;

		if (h[i].a0 == h[i].a1) {
			t = tb;
			ids = d->b;
			p0 = &h[i].b0;
			p1 = &h[i].b1;
		} else if (h[i].b0 == h[i].b1) {
			t = ta;
			ids = d->a;
			p0 = &h[i].a0;
			p1 = &h[i].a1;
		} else {
			continue;
		}
		while (next - h[i].a1 >= keep &&
		       t->items[*p0].kind != TK_WORD && ids[*p0] == ids[*p1]) {
			h[i].a0++;
			h[i].a1++;
			h[i].b0++;
			h[i].b1++;
		}
	}
}

/*
 * Joins hunks separated only by spaces and punctuation on one line:
 * "[-aina-][+yleensä+] [-usein-][+joskus+]" reads worse than
 * "[-aina usein-][+yleensä joskus+]".  A word or a line break in between
 * keeps them apart.  Returns the new count.
 */
static size_t merge_hunks(hunk *h, size_t n, const toklist *ta)
{
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		if (out) {
			hunk *prev = &h[out - 1];
			int keep_apart = 0;
			for (size_t t = prev->a1; t < h[i].a0; t++)
				keep_apart |= ta->items[t].kind == TK_WORD ||
					      ta->items[t].newline;
			if (!keep_apart) {
				prev->a1 = h[i].a1;
				prev->b1 = h[i].b1;
				continue;
			}
		}
		h[out++] = h[i];
	}
	return out;
}

static void add_piece(pl_wd *out, pl_wd_op op, const char *text,
		      const toklist *l, size_t t0, size_t t1, size_t len)
{
	size_t start, end;
	if (t0 >= t1)
		return;
	start = l->items[t0].off;
	end = t1 < l->count ? l->items[t1].off : len;
	out->items[out->count].op = op;
	out->items[out->count].text = pl_strndup(text + start, end - start);
	out->items[out->count].len = end - start;
	out->count++;
}

int pl_word_diff(const char *a, size_t alen, const char *b, size_t blen,
		 pl_wd *out)
{
	toklist ta = { 0 }, tb = { 0 };
	interner in = { 0 };
	differ d = DIFFER_INIT;
	size_t *ia = NULL, *ib = NULL, na, nb, nhunks = 0, at = 0;
	hunk *hunks = NULL;

	if (!out)
		return pl_error_set(PL_EUSAGE,
				    "word diff: no place for the result");
	out->items = NULL;
	out->count = 0;
	if ((!a && alen) || (!b && blen))
		return pl_error_set(PL_EUSAGE,
				    "word diff: text is NULL but %zu bytes long",
				    (!a && alen) ? alen : blen);

	tokenize(a, alen, &ta);
	tokenize(b, blen, &tb);
	interner_init(&in, ta.count + tb.count);
	ia = token_ids(&in, a, &ta, 0, &na);
	ib = token_ids(&in, b, &tb, 0, &nb);
	d.a = ia;
	d.b = ib;
	diff_range(&d, 0, na, 0, nb);
	assert(d.ops.len >= na && d.ops.len >= nb);

	hunks = script_hunks(d.ops.ptr, d.ops.len, &nhunks);
	slide_hunks(hunks, nhunks, &d, &ta, &tb);
	nhunks = merge_hunks(hunks, nhunks, &ta);
	out->items = pl_malloc((3 * nhunks + 1) * sizeof(*out->items));
	for (size_t i = 0; i < nhunks; i++) {
		const hunk *h = &hunks[i];
		add_piece(out, PL_WD_EQUAL, a, &ta, at, h->a0, alen);
		add_piece(out, PL_WD_DELETE, a, &ta, h->a0, h->a1, alen);
		add_piece(out, PL_WD_INSERT, b, &tb, h->b0, h->b1, blen);
		at = h->a1;
	}
	add_piece(out, PL_WD_EQUAL, a, &ta, at, ta.count, alen);
	if (!out->count) {
		free(out->items);
		out->items = NULL;
	}

	free(hunks);
	pl_buf_release(&d.ops);
	free(ib);
	free(ia);
	interner_release(&in);
	free(tb.items);
	free(ta.items);
	return 0;
}

void pl_wd_release(pl_wd *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->count; i++)
		free(d->items[i].text);
	free(d->items);
	d->items = NULL;
	d->count = 0;
}

/* ---- similarity ------------------------------------------------------ */

static unsigned popcount64(uint64_t x)
{
	unsigned n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

/*
 * Length of the LCS of a[0..n) and b[0..m) with the bit-parallel algorithm
 * of Crochemore et al. (V' = (V + (V & M)) | (V & ~M), a zero bit per
 * match), in O(n * m / 64) steps.  It runs one 64-column block of b at a
 * time over all of a, keeping each row's carry into the next block, so the
 * memory is O(n + ids) however long b is.
 */
static size_t lcs_length_bits(const size_t *a, size_t n, const size_t *b,
			      size_t m, size_t nids)
{
	uint64_t *mask = pl_calloc(nids, sizeof(*mask));
	unsigned char *carry = pl_calloc(n ? n : 1, 1);
	size_t lcs = 0;

	for (size_t j0 = 0; j0 < m; j0 += 64) {
		size_t w = m - j0 < 64 ? m - j0 : 64;
		uint64_t v = ~(uint64_t)0, valid;
		for (size_t j = 0; j < w; j++)
			mask[b[j0 + j]] |= (uint64_t)1 << j;
		for (size_t i = 0; i < n; i++) {
			uint64_t mk = mask[a[i]], u = v & mk, sum = v + u;
			unsigned c = sum < v;
			sum += carry[i];
			c |= sum < carry[i];
			carry[i] = (unsigned char)c;
			v = sum | (v & ~mk);
		}
		valid = w == 64 ? ~(uint64_t)0 : ((uint64_t)1 << w) - 1;
		lcs += popcount64(~v & valid);
		for (size_t j = 0; j < w; j++)
			mask[b[j0 + j]] = 0;
	}
	free(carry);
	free(mask);
	return lcs;
}

double pl_text_similarity(const char *a, size_t alen, const char *b,
			  size_t blen)
{
	toklist ta = { 0 }, tb = { 0 };
	interner in = { 0 };
	differ d = DIFFER_INIT;
	size_t *ia = NULL, *ib = NULL, na, nb, pre = 0, suf = 0, n, m, lcs;
	double sim;

	if (!a)
		alen = 0;
	if (!b)
		blen = 0;
	tokenize(a, alen, &ta);
	tokenize(b, blen, &tb);
	if (!ta.words || !tb.words) {
		sim = ta.words == tb.words ? 1.0 : 0.0;
		goto done;
	}
	interner_init(&in, ta.words + tb.words);
	ia = token_ids(&in, a, &ta, 1, &na);
	ib = token_ids(&in, b, &tb, 1, &nb);

	while (pre < na && pre < nb && ia[pre] == ib[pre])
		pre++;
	while (suf < na - pre && suf < nb - pre &&
	       ia[na - 1 - suf] == ib[nb - 1 - suf])
		suf++;
	n = na - pre - suf;
	m = nb - pre - suf;
	if (n <= WORK_BUDGET / (m / 64 + 1)) {
		lcs = lcs_length_bits(ia + pre, n, ib + pre, m, in.count);
	} else {
		/* too long for the exact count: Myers' diff, which may give
		 * up on parts and so count from below */
		d.a = ia;
		d.b = ib;
		diff_range(&d, pre, na - suf, pre, nb - suf);
		lcs = d.equal;
	}
	sim = 2.0 * (double)(pre + suf + lcs) / (double)(na + nb);

done:
	pl_buf_release(&d.ops);
	free(ib);
	free(ia);
	interner_release(&in);
	free(tb.items);
	free(ta.items);
	return sim;
}
