/*
 * text.h - UTF-8 helpers shared by the parsers and checks.
 */
#ifndef PILOTTI_TEXT_H
#define PILOTTI_TEXT_H

#include <stddef.h>

/* Returns len if s[0..len) is valid UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF), else the offset of the first bad byte. */
size_t pl_utf8_valid_prefix(const char *s, size_t len);
/* Number of code points in a valid UTF-8 string. */
size_t pl_utf8_length(const char *s, size_t len);
/* 1-based line and column (in code points) of byte offset off. */
void pl_text_position(const char *s, size_t len, size_t off, unsigned *line,
		      unsigned *col);
/* True if s[0..len) holds nothing but spaces, tabs and line breaks. */
int pl_text_is_blank(const char *s, size_t len);
/* True if s holds a NUL byte before len. */
int pl_text_has_nul(const char *s, size_t len);

#endif
