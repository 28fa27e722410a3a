#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void pl_diags_release(pl_diags *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->items[i].path);
		free(d->items[i].pointer);
		free(d->items[i].message);
	}
	free(d->items);
	d->items = NULL;
	d->count = d->cap = 0;
}

pl_diag *pl_diags_add(pl_diags *d, pl_diag_severity sev, const char *path,
		      unsigned line, unsigned col, const char *pointer,
		      const char *fmt, ...)
{
	pl_buf msg = PL_BUF_INIT;
	pl_diag *x;
	va_list ap;

	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->items = pl_realloc(d->items, d->cap * sizeof(*d->items));
	}
	va_start(ap, fmt);
	pl_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	x = &d->items[d->count++];
	x->path = pl_strdup(path ? path : "");
	x->line = line;
	x->col = col;
	x->pointer = pointer ? pl_strdup(pointer) : NULL;
	x->severity = sev;
	x->message = pl_buf_detach(&msg);
	return x;
}

size_t pl_diags_count(const pl_diags *d, pl_diag_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < d->count; i++)
		n += d->items[i].severity == sev;
	return n;
}

static int cmp_diag(const void *a, const void *b)
{
	const pl_diag *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if (x->severity != y->severity)
		return x->severity < y->severity ? -1 : 1;
	return strcmp(x->message, y->message);
}

void pl_diags_sort(pl_diags *d)
{
	size_t w = 0;

	if (d->count > 1)
		qsort(d->items, d->count, sizeof(*d->items), cmp_diag);
	for (size_t r = 0; r < d->count; r++) {
		if (w > 0 && cmp_diag(&d->items[w - 1], &d->items[r]) == 0) {
			free(d->items[r].path);
			free(d->items[r].pointer);
			free(d->items[r].message);
			continue;
		}
		d->items[w++] = d->items[r];
	}
	d->count = w;
}

int pl_path_within(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	while (n > 0 && prefix[n - 1] == '/')
		n--;
	if (n == 0 || (n == 1 && prefix[0] == '.'))
		return 1;
	return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

void pl_diags_filter(pl_diags *d, char *const *paths, size_t npaths)
{
	size_t w = 0;

	for (size_t r = 0; r < d->count; r++) {
		int keep = 0;
		for (size_t i = 0; i < npaths && !keep; i++)
			keep = pl_path_within(d->items[r].path, paths[i]);
		if (!keep) {
			free(d->items[r].path);
			free(d->items[r].pointer);
			free(d->items[r].message);
			continue;
		}
		d->items[w++] = d->items[r];
	}
	d->count = w;
}

static const char *severity_name(pl_diag_severity s)
{
	return s == PL_DIAG_ERROR ? "error" : "warning";
}

void pl_diags_format_text(const pl_diags *d, pl_buf *out)
{
	for (size_t i = 0; i < d->count; i++) {
		const pl_diag *x = &d->items[i];
		pl_buf_puts(out, x->path);
		if (x->line) {
			pl_buf_printf(out, ":%u", x->line);
			if (x->col)
				pl_buf_printf(out, ":%u", x->col);
		}
		pl_buf_printf(out, ": %s: %s\n", severity_name(x->severity),
			      x->message);
	}
}

void pl_diags_format_json(const pl_diags *d, pl_buf *out)
{
	pl_buf_printf(out, "{\n  \"errors\": %zu,\n  \"warnings\": %zu,\n  \"findings\": [",
		      pl_diags_count(d, PL_DIAG_ERROR),
		      pl_diags_count(d, PL_DIAG_WARNING));
	for (size_t i = 0; i < d->count; i++) {
		const pl_diag *x = &d->items[i];
		pl_buf_puts(out, i ? ",\n    {" : "\n    {");
		pl_buf_puts(out, "\"path\": ");
		pl_buf_json_string(out, x->path);
		pl_buf_printf(out, ", \"line\": %u, \"column\": %u, \"pointer\": ",
			      x->line, x->col);
		if (x->pointer)
			pl_buf_json_string(out, x->pointer);
		else
			pl_buf_puts(out, "null");
		pl_buf_printf(out, ", \"severity\": \"%s\", \"message\": ",
			      severity_name(x->severity));
		pl_buf_json_string(out, x->message);
		pl_buf_putc(out, '}');
	}
	pl_buf_puts(out, d->count ? "\n  ]\n}\n" : "]\n}\n");
}
