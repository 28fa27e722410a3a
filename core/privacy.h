/*
 * privacy.h - finding client data in a file's text before it is committed.
 *
 * A pilot repository holds models and aggregate evaluation only; once a
 * personal identity code, an e-mail address or a phone number of a client
 * is in the git history it is very hard to remove.  pl_privacy_scan looks
 * for those three in any text (JSON, Markdown) with hand-written scanning in
 * one pass: time is linear in the length and nothing backtracks.  Names and
 * case narratives cannot be recognised this way and are not looked for.
 *
 * What counts as a hit:
 *
 * - Personal identity code (henkilötunnus): DDMMYY, a century sign ('+'
 *   1800s; '-', 'Y', 'X', 'W', 'V', 'U' 1900s; 'A'-'F' 2000s), NNN and the
 *   check character, as pl_hetu_valid accepts it, not inside a longer
 *   alphanumeric token.  Codes with a wrong check character or an impossible
 *   date are not reported (they are not codes), nor are lowercase ones.
 *   Mask: the first two characters, the century sign and the check
 *   character stay, every other digit becomes '*': '13****-***T'.
 *
 * - E-mail address: local@domain with ASCII letters, digits and . _ % + -
 *   in the local part, a domain of at least two labels whose last is two or
 *   more letters.  Allowed when it is in rules->known_emails or
 *   rules->public_contacts, compared case-insensitively.  Mask: the first
 *   character of the local part, then "***", then the domain:
 *   'm***@kainuu.example'.
 *
 * - Phone number: a run of digit groups joined by single separators (a
 *   space, a no-break space or a '-') or a parenthesised group ("(09)",
 *   "(0)40"), that starts with '+' and a digit 1-9, or with 0 and a digit
 *   1-9 (00 and 1-9: the international prefix), and holds 7 to 15 digits.
 *   It must stand on its own: no letter, digit, '_', '@' or '/' right
 *   before or after it, no '.' or ',' between it and a digit before it
 *   (dates, decimals), no '-' between it and a word before it (ids), and
 *   no '.', ',' or '-' between it and a letter or digit after it.  A run
 *   is judged as a whole, so a date, a sum or a list of numbers is never
 *   cut into a phone number; only when a run starts with something else (a
 *   year, a time: "vuonna 2022 040 123 4567") is it tried once more from
 *   its first later group that follows a space and starts like a phone
 *   number.  Never a phone number: sums in groups of three ("1 200 000";
 *   after '+' only up to nine digits: "+1 200 000"), and the shape
 *   DDMMYY-NNNN (an identity code with a wrong check digit).  Allowed when
 *   rules->public_contacts holds the same number: both are compared as
 *   their digits and a leading '+', with +358 and 00358 read as the trunk
 *   prefix 0 ("+358 40 123 4567" allows "040-1234567").  Mask: every digit
 *   but the last two becomes '*', the
 *   rest stays: '*** *** **67'.
 *
 * Findings come in text order and never overlap.  Letters
 * next to a hit are ASCII, Latin-1, Latin Extended, Greek and Cyrillic
 * ones; the n, t or r of an escape such as \n in a JSON string counts as
 * white space.
 */
#ifndef PILOTTI_PRIVACY_H
#define PILOTTI_PRIVACY_H

#include <stddef.h>

#include "diag.h"
#include "strset.h"

/* What pilot.json says may appear; both sets are borrowed, either may be
 * NULL (nothing allowed). */
typedef struct {
	/* addresses of people in pilot.json: allowed; may be NULL */
	const pl_strset *known_emails;
	/* exact values (e-mail or phone, as written) declared public in
	 * pilot.json: allowed; may be NULL */
	const pl_strset *public_contacts;
} pl_privacy_rules;

/*
 * Scans text (len bytes of UTF-8, need not be NUL-terminated) for personal
 * data and adds one error finding per hit to diags: path as given, the
 * line and column (1-based, the column in characters) where the hit
 * starts, no JSON pointer, and a message that quotes the hit masked as
 * described above, never in full.  rules may be NULL (nothing allowed).
 * Returns the number of findings added.  Never prints.
 */
size_t pl_privacy_scan(const char *path, const char *text, size_t len,
		       const pl_privacy_rules *rules, pl_diags *diags);

/* True if s (exactly 11 characters) is a Finnish personal identity code:
 * a real calendar date in the century its sign names (leap years by the
 * full year), digits where digits belong, and the check character
 * "0123456789ABCDEFHJKLMNPRSTUVWXY"[DDMMYYNNN % 31].  Uppercase only.
 * The individual number itself is not checked.  s may be NULL (false). */
int pl_hetu_valid(const char *s);

#endif
