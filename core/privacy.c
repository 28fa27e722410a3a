#include "privacy.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"

#define CLIENT_DATA "a pilot repository must not hold client data"

/* Stands for "no character" before the start or after the end. */
#define NO_CP UINT32_MAX
/* Stands for a byte that does not start a valid UTF-8 sequence. */
#define BAD_CP 0xFFFDu

static const char hetu_check[] = "0123456789ABCDEFHJKLMNPRSTUVWXY";

typedef struct {
	const char *path;
	const char *s;
	size_t len;
	const pl_privacy_rules *rules;
	pl_diags *diags;
	size_t added;
	/* End of the last finding: an e-mail address's local part is not
	 * looked for before it, so findings come in text order. */
	size_t floor;
	/* Where the last line and column were counted, so that counting
	 * them is linear however many findings there are. */
	size_t pos_off;
	unsigned pos_line, pos_col;
	/* Lowercased allowed addresses and normalised public numbers, built
	 * when the first candidate needs them. */
	int ready;
	pl_strset emails;
	pl_strset phones;
	pl_buf tmp;
} scanner;

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * Letters that can stand next to a hit and make it part of a word: ASCII,
 * Latin-1 and Latin Extended (Finnish, Swedish, Sámi), Greek and Cyrillic.
 * Dashes, spaces, quotes and signs such as § or € are not letters.
 */
static int is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return is_ascii_alpha((char)cp);
	return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	       (cp >= 0x370 && cp <= 0x52F);
}

static int is_alnum_cp(uint32_t cp)
{
	return is_letter(cp) || (cp < 0x80 && is_digit((char)cp));
}

/* Decodes the code point at u (n > 0 bytes available); *used gets its
 * length, 1 for a byte that starts no valid sequence. */
static uint32_t decode(const unsigned char *u, size_t n, size_t *used)
{
	uint32_t cp;
	size_t k;

	*used = 1;
	if (u[0] < 0x80)
		return u[0];
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		k = 1;
		cp = u[0] & 0x1Fu;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		k = 2;
		cp = u[0] & 0x0Fu;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		k = 3;
		cp = u[0] & 0x07u;
	} else {
		return BAD_CP;
	}
	if (n <= k)
		return BAD_CP;
	for (size_t m = 1; m <= k; m++) {
		if ((u[m] & 0xC0) != 0x80)
			return BAD_CP;
		cp = (cp << 6) | (u[m] & 0x3Fu);
	}
	*used = k + 1;
	return cp;
}

/* The code point at i, NO_CP at the end; *n gets its length in bytes. */
static uint32_t cp_at(const char *s, size_t len, size_t i, size_t *n)
{
	*n = 1;
	if (i >= len)
		return NO_CP;
	return decode((const unsigned char *)s + i, len - i, n);
}

/* The code point that ends just before i, NO_CP at the start; *start gets
 * the offset of its first byte. */
static uint32_t cp_before(const char *s, size_t i, size_t *start)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t j, used;
	uint32_t cp;

	*start = i;
	if (i == 0)
		return NO_CP;
	j = i - 1;
	while (j > 0 && i - j < 4 && (u[j] & 0xC0) == 0x80)
		j--;
	cp = decode(u + j, i - j, &used);
	if (used != i - j) {
		*start = i - 1;
		return BAD_CP;
	}
	*start = j;
	return cp;
}

/* True if the letter at j is the n, t or r of an escape such as \n in a
 * JSON string: it stands for white space, not for a word next to a hit. */
static int is_escape_letter(const char *s, size_t j)
{
	size_t backslashes = 0;

	if (s[j] != 'n' && s[j] != 't' && s[j] != 'r')
		return 0;
	while (j > 0 && s[j - 1] == '\\') {
		j--;
		backslashes++;
	}
	return backslashes % 2 == 1;
}

/* What stands before offset i: nothing that joins (FREE), punctuation
 * that makes i part of a date, decimal, fraction or id (PUNCT), or a
 * letter or digit (WORD). */
enum { FREE, PUNCT, WORD };

static int before_class(const char *s, size_t i)
{
	size_t j;
	uint32_t cp = cp_before(s, i, &j);

	if (cp == NO_CP)
		return FREE;
	if (cp < 0x80 && is_escape_letter(s, j))
		return FREE;
	if (is_alnum_cp(cp) || cp == '_' || cp == '@')
		return WORD;
	if (cp == '/')
		return PUNCT;
	if (cp == '.' || cp == ',' || cp == '-') {
		size_t k;
		uint32_t cp2 = cp_before(s, j, &k);
		/* "18.5.2022", "1,5", but "puh.040 ..." stays free */
		if (cp == '-' ? is_alnum_cp(cp2) : (cp2 < 0x80 && is_digit((char)cp2)))
			return PUNCT;
	}
	return FREE;
}

/* True if what follows offset e makes the text before it part of a
 * longer token: a letter or digit, or punctuation joined to one. */
static int joined_after(const char *s, size_t len, size_t e)
{
	size_t n, n2;
	uint32_t cp = cp_at(s, len, e, &n);

	if (cp == NO_CP)
		return 0;
	if (is_alnum_cp(cp) || cp == '_' || cp == '@' || cp == '/')
		return 1;
	/* a full stop or comma ends a sentence or list unless a date,
	 * decimal or domain goes on */
	if (cp == '.' || cp == ',' || cp == '-')
		return is_alnum_cp(cp_at(s, len, e + n, &n2));
	return 0;
}

/* Lines and columns, counted on from the last finding (offsets only grow
 * within one scan). */
static void position(scanner *sc, size_t off, unsigned *line, unsigned *col)
{
	assert(off >= sc->pos_off && off <= sc->len);
	for (size_t i = sc->pos_off; i < off; i++) {
		unsigned char c = (unsigned char)sc->s[i];
		if (c == '\n') {
			sc->pos_line++;
			sc->pos_col = 1;
		} else if ((c & 0xC0) != 0x80) {
			sc->pos_col++;
		}
	}
	sc->pos_off = off;
	*line = sc->pos_line;
	*col = sc->pos_col;
}

static void report(scanner *sc, size_t off, const char *what, const char *masked,
		   const char *why)
{
	unsigned line, col;

	position(sc, off, &line, &col);
	pl_diags_add(sc->diags, PL_DIAG_ERROR, sc->path, line, col, NULL,
		     "%s '%s'%s; " CLIENT_DATA, what, masked, why);
	sc->added++;
}

/* ---- personal identity codes ---- */

static int hetu_century(char sign)
{
	if (sign == '+')
		return 1800;
	if (sign == '-' || (sign >= 'U' && sign <= 'Y'))
		return 1900;
	if (sign >= 'A' && sign <= 'F')
		return 2000;
	return -1;
}

static int days_in_month(int month, int year)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
	return month == 2 && leap ? 29 : days[month - 1];
}

/* The check on 11 bytes at s (which need not be NUL-terminated). */
static int hetu_ok(const char *s)
{
	uint32_t n = 0;
	int century = hetu_century(s[6]), day, month, year;

	if (century < 0)
		return 0;
	for (int k = 0; k < 10; k++) {
		if (k == 6)
			continue;
		if (!is_digit(s[k]))
			return 0;
		n = n * 10 + (uint32_t)(s[k] - '0');
	}
	day = (s[0] - '0') * 10 + (s[1] - '0');
	month = (s[2] - '0') * 10 + (s[3] - '0');
	year = century + (s[4] - '0') * 10 + (s[5] - '0');
	if (month < 1 || month > 12 || day < 1 || day > days_in_month(month, year))
		return 0;
	return s[10] == hetu_check[n % 31];
}

int pl_hetu_valid(const char *s)
{
	if (!s)
		return 0;
	for (int k = 0; k < 11; k++)
		if (!s[k])
			return 0;
	return s[11] == '\0' && hetu_ok(s);
}

/* True if a valid code starts at p and is a token of its own. */
static int hetu_at(const char *s, size_t len, size_t p)
{
	size_t j, n;
	uint32_t before;

	if (p >= len || len - p < 11 || !is_digit(s[p]) || !hetu_ok(s + p))
		return 0;
	before = cp_before(s, p, &j);
	if (is_alnum_cp(before) && !(before < 0x80 && is_escape_letter(s, j)))
		return 0;
	return !is_alnum_cp(cp_at(s, len, p + 11, &n));
}

static void report_hetu(scanner *sc, size_t p)
{
	const char *s = sc->s + p;

	pl_buf_clear(&sc->tmp);
	pl_buf_add(&sc->tmp, s, 2);
	pl_buf_puts(&sc->tmp, "****");
	pl_buf_putc(&sc->tmp, s[6]);
	pl_buf_puts(&sc->tmp, "***");
	pl_buf_putc(&sc->tmp, s[10]);
	report(sc, p, "looks like a personal identity code (henkilötunnus):",
	       sc->tmp.ptr, "");
}

/* ---- phone numbers ---- */

/* The length in bytes of a separator between digit groups at p (a space,
 * U+00A0 or U+202F no-break space, or '-'), 0 if there is none; *space
 * tells whether it is a space. */
static size_t sep_len(const char *s, size_t len, size_t p, int *space)
{
	const unsigned char *u = (const unsigned char *)s;

	*space = 1;
	if (p >= len)
		return 0;
	if (u[p] == ' ')
		return 1;
	if (u[p] == '-') {
		*space = 0;
		return 1;
	}
	if (u[p] == 0xC2 && len - p >= 2 && u[p + 1] == 0xA0)
		return 2;
	if (u[p] == 0xE2 && len - p >= 3 && u[p + 1] == 0x80 && u[p + 2] == 0xAF)
		return 3;
	return 0;
}

/* True if the digits from p on (parentheses skipped) begin like a number
 * dialled in Finland: the trunk prefix 0 and a digit 1-9, or the
 * international prefix 00 and a digit 1-9.  "000" begins the groups of a
 * sum, "0," a decimal. */
static int starts_like_phone(const char *s, size_t len, size_t p)
{
	int zeros = 0;

	for (; p < len; p++) {
		if (s[p] == '(' || s[p] == ')')
			continue;
		if (!is_digit(s[p]))
			return 0;
		if (s[p] != '0')
			return zeros == 1 || zeros == 2;
		if (++zeros > 2)
			return 0;
	}
	return 0;
}

/* One run of digit groups joined by single separators. */
typedef struct {
	size_t end;          /* just after the last group */
	size_t digits;       /* in the whole run */
	int plus;            /* it starts with '+' */
	int first_like;      /* it starts like a phone number */
	int thousands;       /* 1-3 digits, then groups of three after spaces */
	int hetu_shape;      /* six digits, '-', four digits */
	size_t retry;        /* the first later group after a space that starts
			      * like a phone number, or SIZE_MAX */
	size_t retry_digits; /* digits from retry to the end */
} run;

/* True if an identity code starts at p, or just after a '(' at p. */
static int hetu_here(const char *s, size_t len, size_t p)
{
	return hetu_at(s, len, p) || (s[p] == '(' && hetu_at(s, len, p + 1));
}

/* Reads the run that starts at p (a digit, '+' or '('); returns 0 if no
 * digit group starts there.  Stops before a group that is an identity
 * code, so that the code is found on its own. */
static int read_run(const char *s, size_t len, size_t p, run *r)
{
	size_t groups = 0, before_retry = 0;
	int space = 1;

	memset(r, 0, sizeof(*r));
	r->retry = SIZE_MAX;
	if (s[p] == '+') {
		if (len - p < 2 || !is_digit(s[p + 1]))
			return 0;
		r->plus = 1;
		r->first_like = s[p + 1] != '0';
		p++;
	}
	for (;;) {
		size_t start = p, q = p, n = 0, sl;
		int paren = 0;

		if (groups > 0 && hetu_here(s, len, start))
			break;
		if (s[q] == '(') {
			q++;
			while (q < len && is_digit(s[q]))
				q++;
			if (q == start + 1 || q >= len || s[q] != ')')
				break;
			n = q - start - 1;
			q++;
			paren = 1;
		}
		/* digits right after ')' belong to the group: "(0)40" */
		while (q < len && is_digit(s[q])) {
			q++;
			n++;
		}
		if (groups == 0) {
			if (!r->plus)
				r->first_like = starts_like_phone(s, len, start);
			r->thousands = !paren && n <= 3 && s[start] != '0';
			r->hetu_shape = !r->plus && !paren && n == 6;
		} else {
			r->thousands = r->thousands && space && !paren && n == 3;
			r->hetu_shape = r->hetu_shape && groups == 1 && !space &&
					!paren && n == 4;
			if (r->retry == SIZE_MAX && space &&
			    starts_like_phone(s, len, start)) {
				r->retry = start;
				before_retry = r->digits;
			}
		}
		r->digits += n;
		r->end = q;
		groups++;
		sl = sep_len(s, len, q, &space);
		if (sl == 0 || len - q <= sl ||
		    !(is_digit(s[q + sl]) || s[q + sl] == '('))
			break;
		p = q + sl;
	}
	if (groups == 0)
		return 0;
	r->thousands = r->thousands && groups > 1;
	r->hetu_shape = r->hetu_shape && groups == 2;
	if (r->retry != SIZE_MAX)
		r->retry_digits = r->digits - before_retry;
	return 1;
}

/* Digits and a leading '+' of p[0..n), with +358 and 00358 written as the
 * trunk prefix 0, so that the ways of writing one number compare equal. */
static void normalise_phone(const char *p, size_t n, pl_buf *out)
{
	size_t skip = 0, rest;

	pl_buf_clear(out);
	for (size_t k = 0; k < n; k++) {
		if (is_digit(p[k]))
			pl_buf_putc(out, p[k]);
		else if (p[k] == '+' && out->len == 0)
			pl_buf_putc(out, '+');
	}
	if (out->len >= 4 && memcmp(out->ptr, "+358", 4) == 0)
		skip = 4;
	else if (out->len >= 5 && memcmp(out->ptr, "00358", 5) == 0)
		skip = 5;
	if (!skip)
		return;
	rest = out->len - skip;
	if (rest > 0 && out->ptr[skip] == '0') {
		memmove(out->ptr, out->ptr + skip, rest); /* "+358 (0)40" */
		pl_buf_truncate(out, rest);
	} else {
		memmove(out->ptr + 1, out->ptr + skip, rest);
		out->ptr[0] = '0';
		pl_buf_truncate(out, rest + 1);
	}
}

static void add_lower(pl_strset *set, const char *s, pl_buf *tmp)
{
	pl_buf_clear(tmp);
	for (; *s; s++)
		pl_buf_putc(tmp, to_lower(*s));
	pl_strset_add(set, tmp->ptr, 0);
}

static void build_sets(scanner *sc)
{
	const pl_strset *known, *pub;

	if (sc->ready)
		return;
	sc->ready = 1;
	if (!sc->rules)
		return;
	known = sc->rules->known_emails;
	pub = sc->rules->public_contacts;
	for (size_t i = 0; known && i < known->cap; i++)
		if (known->slots[i])
			add_lower(&sc->emails, known->slots[i], &sc->tmp);
	for (size_t i = 0; pub && i < pub->cap; i++) {
		const char *v = pub->slots[i];
		if (!v)
			continue;
		if (strchr(v, '@')) {
			add_lower(&sc->emails, v, &sc->tmp);
		} else {
			normalise_phone(v, strlen(v), &sc->tmp);
			if (sc->tmp.len)
				pl_strset_add(&sc->phones, sc->tmp.ptr, 0);
		}
	}
}

/* Looks at the run at i; returns where scanning goes on. */
static size_t scan_phone(scanner *sc, size_t i)
{
	const char *s = sc->s;
	size_t from = SIZE_MAX, digits = 0, seen = 0;
	int cls;
	run r;

	if (!read_run(s, sc->len, i, &r))
		return i + 1;
	cls = before_class(s, i);
	if (r.first_like && cls == FREE) {
		from = i;
		digits = r.digits;
		if (r.plus && r.thousands && r.digits <= 9)
			from = SIZE_MAX; /* "+1 200 000" is a sum */
	} else if (cls != WORD && !r.plus && !r.thousands && r.retry != SIZE_MAX) {
		from = r.retry;
		digits = r.retry_digits;
	}
	if (from == SIZE_MAX || digits < 7 || digits > 15 || r.hetu_shape ||
	    joined_after(s, sc->len, r.end))
		return r.end;
	build_sets(sc);
	normalise_phone(s + from, r.end - from, &sc->tmp);
	if (pl_strset_get(&sc->phones, sc->tmp.ptr, NULL))
		return r.end;
	pl_buf_clear(&sc->tmp);
	for (size_t k = from; k < r.end; k++) {
		if (is_digit(s[k]) && ++seen <= digits - 2)
			pl_buf_putc(&sc->tmp, '*');
		else
			pl_buf_putc(&sc->tmp, s[k]);
	}
	report(sc, from, "phone number", sc->tmp.ptr,
	       " is not a public contact in pilot.json");
	sc->floor = r.end;
	return r.end;
}

/* ---- e-mail addresses ---- */

static int is_local_char(char c)
{
	return is_ascii_alpha(c) || is_digit(c) || c == '.' || c == '_' ||
	       c == '%' || c == '+' || c == '-';
}

static int is_domain_char(char c)
{
	return is_ascii_alpha(c) || is_digit(c) || c == '.' || c == '-';
}

/* Two or more labels of letters, digits and inner hyphens; the last one
 * two or more letters. */
static int domain_ok(const char *d, size_t n)
{
	size_t labels = 0, start = 0;

	for (size_t k = 0; k <= n; k++) {
		if (k < n && d[k] != '.')
			continue;
		if (k == start || d[start] == '-' || d[k - 1] == '-')
			return 0;
		labels++;
		if (k == n) {
			if (k - start < 2)
				return 0;
			for (size_t m = start; m < k; m++)
				if (!is_ascii_alpha(d[m]))
					return 0;
		}
		start = k + 1;
	}
	return labels >= 2;
}

/* Looks at the '@' at a; returns where scanning goes on. */
static size_t scan_email(scanner *sc, size_t a)
{
	const char *s = sc->s;
	size_t start = a, end = a + 1;

	while (start > sc->floor && is_local_char(s[start - 1]))
		start--;
	if (start < a && is_escape_letter(s, start))
		start++; /* the n of "\nmatti@..." in a JSON string */
	while (start < a && s[start] == '.')
		start++;
	while (end < sc->len && is_domain_char(s[end]))
		end++;
	while (end > a + 1 && (s[end - 1] == '.' || s[end - 1] == '-'))
		end--; /* a full stop after the address */
	if (start == a || !domain_ok(s + a + 1, end - a - 1))
		return a + 1;
	build_sets(sc);
	pl_buf_clear(&sc->tmp);
	for (size_t k = start; k < end; k++)
		pl_buf_putc(&sc->tmp, to_lower(s[k]));
	if (pl_strset_get(&sc->emails, sc->tmp.ptr, NULL))
		return end;
	pl_buf_clear(&sc->tmp);
	pl_buf_putc(&sc->tmp, s[start]);
	pl_buf_puts(&sc->tmp, "***");
	pl_buf_add(&sc->tmp, s + a, end - a);
	report(sc, start, "e-mail address", sc->tmp.ptr,
	       " belongs to nobody in pilot.json");
	sc->floor = end;
	return end;
}

size_t pl_privacy_scan(const char *path, const char *text, size_t len,
		       const pl_privacy_rules *rules, pl_diags *diags)
{
	scanner sc = { 0 };
	size_t i = 0;

	assert(diags);
	assert(text || len == 0);
	sc.path = path;
	sc.s = text;
	sc.len = text ? len : 0;
	sc.rules = rules;
	sc.diags = diags;
	sc.pos_line = sc.pos_col = 1;
	pl_buf_init(&sc.tmp);
	while (i < sc.len) {
		char c = text[i];

		if (is_digit(c) && hetu_at(text, sc.len, i)) {
			report_hetu(&sc, i);
			i += 11;
			sc.floor = i;
		} else if ((c == '+' || c == '(') && hetu_at(text, sc.len, i + 1)) {
			i++; /* the code is found on its own at i + 1 */
		} else if (is_digit(c) || c == '+' || c == '(') {
			i = scan_phone(&sc, i);
		} else if (c == '@') {
			i = scan_email(&sc, i);
		} else {
			i++;
		}
	}
	pl_buf_release(&sc.tmp);
	pl_strset_release(&sc.phones);
	pl_strset_release(&sc.emails);
	return sc.added;
}
