/*
 * buf.h - growable byte buffer used for all string building.
 *
 * A pl_buf always holds a NUL-terminated string (ptr is never NULL after
 * pl_buf_init), so it can be handed to C string functions.  Allocation
 * failures abort: pilotti cannot do anything useful without memory, and
 * checking every append would hide the real logic (git's strbuf does the
 * same).
 */
#ifndef PILOTTI_BUF_H
#define PILOTTI_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
	char *ptr;
	size_t len;
	size_t cap;
} pl_buf;

/* The empty string every new buffer points at; never written to. */
extern char pl_buf_empty[];
#define PL_BUF_INIT { pl_buf_empty, 0, 0 }

/* Prepares an empty buffer; release with pl_buf_release. */
void pl_buf_init(pl_buf *b);
/* Frees the contents and leaves an empty, initialised buffer. */
void pl_buf_release(pl_buf *b);
/* Hands the string to the caller (free with free()); b is left empty. */
char *pl_buf_detach(pl_buf *b);
/* Makes room for at least extra more bytes. */
void pl_buf_grow(pl_buf *b, size_t extra);
void pl_buf_clear(pl_buf *b);
void pl_buf_truncate(pl_buf *b, size_t len);
void pl_buf_add(pl_buf *b, const void *data, size_t len);
void pl_buf_puts(pl_buf *b, const char *s);
void pl_buf_putc(pl_buf *b, char c);
void pl_buf_printf(pl_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pl_buf_vprintf(pl_buf *b, const char *fmt, va_list ap);
/* Appends s as a JSON string literal, quotes included. */
void pl_buf_json_string(pl_buf *b, const char *s);

/* Allocation helpers that abort on failure. */
void *pl_malloc(size_t n);
void *pl_calloc(size_t n, size_t size);
void *pl_realloc(void *p, size_t n);
char *pl_strdup(const char *s);
char *pl_strndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; free with free(). */
char *pl_strfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A list of owned strings. */
typedef struct {
	char **items;
	size_t count;
} pl_strlist;

#define PL_STRLIST_INIT { NULL, 0 }

/* Appends a copy of s. */
void pl_strlist_add(pl_strlist *l, const char *s);
/* Takes ownership of s (allocated with malloc). */
void pl_strlist_add_owned(pl_strlist *l, char *s);
void pl_strlist_release(pl_strlist *l);

#endif
