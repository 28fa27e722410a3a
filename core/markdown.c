#include "markdown.h"

#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "buf.h"
#include "error.h"

static void collect_text(cmark_node *node, pl_buf *out)
{
	for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
			const char *lit = cmark_node_get_literal(c);
			if (lit)
				pl_buf_puts(out, lit);
		} else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			pl_buf_putc(out, ' ');
		} else {
			collect_text(c, out);
		}
	}
}

static char *normalise(const char *s)
{
	pl_buf b = PL_BUF_INIT;
	int space = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			pl_buf_putc(&b, ' ');
		space = 0;
		pl_buf_putc(&b, *s);
	}
	return pl_buf_detach(&b);
}

int pl_md_headings_read(pl_md_headings *out, const char *text, size_t len)
{
	cmark_node *doc;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (len > PL_MARKDOWN_MAX_SIZE)
		return pl_error_set(PL_EINVALID, "Markdown file is too large");
	doc = cmark_parse_document(text, len, CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8);
	if (!doc)
		return pl_error_set(PL_ERROR, "cannot parse Markdown");
	for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		pl_buf b = PL_BUF_INIT;
		pl_md_heading *h;
		if (cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		if (out->count == cap) {
			cap = cap ? cap * 2 : 8;
			out->items = pl_realloc(out->items, cap * sizeof(*out->items));
		}
		collect_text(n, &b);
		h = &out->items[out->count++];
		h->text = normalise(b.ptr);
		h->level = cmark_node_get_heading_level(n);
		h->line = (unsigned)cmark_node_get_start_line(n);
		h->col = (unsigned)cmark_node_get_start_column(n);
		pl_buf_release(&b);
	}
	cmark_node_free(doc);
	return 0;
}

void pl_md_headings_release(pl_md_headings *h)
{
	for (size_t i = 0; i < h->count; i++)
		free(h->items[i].text);
	free(h->items);
	memset(h, 0, sizeof(*h));
}

int pl_md_heading_equal(const char *a, const char *b)
{
	char *x = normalise(a), *y = normalise(b);
	const char *p = x, *q = y;
	int eq;
	for (; *p && *q; p++, q++) {
		char c = *p, d = *q;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (d >= 'A' && d <= 'Z')
			d = (char)(d - 'A' + 'a');
		if (c != d)
			break;
	}
	eq = !*p && !*q;
	free(x);
	free(y);
	return eq;
}

/* Byte offset where 1-based line starts in text (len if beyond). */
static size_t line_offset(const char *text, size_t len, int line)
{
	size_t off = 0;
	for (int l = 1; l < line && off < len; off++)
		if (text[off] == '\n')
			l++;
	return off;
}

/* Where a heading that starts at byte head ends: after its own line for
 * "## Title", after the underline for a setext heading (cmark 0.30 reports
 * a setext heading's end line one too far). */
static size_t heading_end(const char *text, size_t len, size_t head)
{
	size_t p = head, line = head;
	int first = 1;

	while (p < len && p - head < 3 && text[p] == ' ')
		p++;
	if (p < len && text[p] == '#') {
		while (p < len && text[p] != '\n')
			p++;
		return p < len ? p + 1 : len;
	}
	while (line < len) {
		size_t end = line, q = line;
		while (end < len && text[end] != '\n')
			end++;
		while (q < end && q - line < 3 && text[q] == ' ')
			q++;
		if (!first && q < end && (text[q] == '=' || text[q] == '-')) {
			char c = text[q];
			while (q < end && text[q] == c)
				q++;
			while (q < end && (text[q] == ' ' || text[q] == '\t' || text[q] == '\r'))
				q++;
			if (q == end)
				return end < len ? end + 1 : len;
		}
		first = 0;
		line = end < len ? end + 1 : len;
	}
	return len;
}

static void add_section(pl_md_sections *out, size_t *cap, const char *title, size_t start)
{
	if (out->count == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		out->items = pl_realloc(out->items, *cap * sizeof(*out->items));
	}
	out->items[out->count].title = pl_strdup(title);
	out->items[out->count].start = start;
	out->items[out->count].len = 0;
	out->count++;
}

int pl_md_sections_read(pl_md_sections *out, const char *text, size_t len)
{
	pl_md_headings h;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = pl_md_headings_read(&h, text, len)) < 0)
		return rc;
	add_section(out, &cap, "", 0);
	for (size_t i = 0; i < h.count; i++) {
		size_t head;
		if (h.items[i].level != 2)
			continue;
		head = line_offset(text, len, (int)h.items[i].line);
		out->items[out->count - 1].len = head - out->items[out->count - 1].start;
		add_section(out, &cap, h.items[i].text, heading_end(text, len, head));
	}
	out->items[out->count - 1].len = len - out->items[out->count - 1].start;
	pl_md_headings_release(&h);
	return 0;
}

void pl_md_sections_release(pl_md_sections *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->items[i].title);
	free(s->items);
	memset(s, 0, sizeof(*s));
}
