#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char pl_buf_empty[1];

static void die_oom(void)
{
	/* The only place the library ends the process: no memory is left to
	 * report an error through the normal path. */
	fputs("pilotti: out of memory\n", stderr);
	abort();
}

void *pl_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *pl_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *pl_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom();
	return q;
}

char *pl_strdup(const char *s)
{
	return pl_strndup(s, strlen(s));
}

char *pl_strndup(const char *s, size_t n)
{
	char *p = pl_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *pl_strfmt(const char *fmt, ...)
{
	pl_buf b = PL_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	pl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return pl_buf_detach(&b);
}

void pl_buf_init(pl_buf *b)
{
	b->ptr = pl_buf_empty;
	b->len = 0;
	b->cap = 0;
}

void pl_buf_release(pl_buf *b)
{
	if (b->cap)
		free(b->ptr);
	pl_buf_init(b);
}

char *pl_buf_detach(pl_buf *b)
{
	char *s;
	if (!b->cap)
		return pl_strdup("");
	s = b->ptr;
	pl_buf_init(b);
	return s;
}

void pl_buf_grow(pl_buf *b, size_t extra)
{
	size_t need;
	if (!b->ptr)
		pl_buf_init(b);
	if (extra > SIZE_MAX - b->len - 1)
		die_oom();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (b->cap) {
		b->ptr = pl_realloc(b->ptr, cap);
	} else {
		b->ptr = pl_malloc(cap);
		b->ptr[0] = '\0';
	}
	b->cap = cap;
}

void pl_buf_clear(pl_buf *b)
{
	pl_buf_truncate(b, 0);
}

void pl_buf_truncate(pl_buf *b, size_t len)
{
	if (!b->ptr)
		pl_buf_init(b);
	if (len >= b->len)
		return;
	b->len = len;
	if (b->cap)
		b->ptr[len] = '\0';
}

void pl_buf_add(pl_buf *b, const void *data, size_t len)
{
	if (!len) {
		if (!b->ptr)
			pl_buf_init(b);
		return;
	}
	pl_buf_grow(b, len);
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void pl_buf_puts(pl_buf *b, const char *s)
{
	pl_buf_add(b, s, strlen(s));
}

void pl_buf_putc(pl_buf *b, char c)
{
	pl_buf_add(b, &c, 1);
}

void pl_buf_vprintf(pl_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	pl_buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void pl_buf_printf(pl_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pl_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void pl_buf_json_string(pl_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	pl_buf_putc(b, '"');
	for (; *p; p++) {
		switch (*p) {
		case '"': pl_buf_puts(b, "\\\""); break;
		case '\\': pl_buf_puts(b, "\\\\"); break;
		case '\n': pl_buf_puts(b, "\\n"); break;
		case '\r': pl_buf_puts(b, "\\r"); break;
		case '\t': pl_buf_puts(b, "\\t"); break;
		case '\b': pl_buf_puts(b, "\\b"); break;
		case '\f': pl_buf_puts(b, "\\f"); break;
		default:
			if (*p < 0x20)
				pl_buf_printf(b, "\\u%04x", *p);
			else
				pl_buf_putc(b, (char)*p);
		}
	}
	pl_buf_putc(b, '"');
}

void pl_strlist_add_owned(pl_strlist *l, char *s)
{
	l->items = pl_realloc(l->items, (l->count + 1) * sizeof(*l->items));
	l->items[l->count++] = s;
}

void pl_strlist_add(pl_strlist *l, const char *s)
{
	pl_strlist_add_owned(l, pl_strdup(s));
}

void pl_strlist_release(pl_strlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->count = 0;
}
