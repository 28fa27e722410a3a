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
