/*
 * markdown.h - reading program theories (Markdown) with cmark.
 */
#ifndef PILOTTI_MARKDOWN_H
#define PILOTTI_MARKDOWN_H

#include <stddef.h>

/* Markdown files larger than this are refused: cmark 0.30 takes quadratic
 * time on some inputs (CVE-2023-22486). */
#define PL_MARKDOWN_MAX_SIZE (256u * 1024u)

typedef struct {
	char *text;    /* heading text: its text and code spans, trimmed */
	int level;
	unsigned line; /* 1-based */
	unsigned col;
} pl_md_heading;

typedef struct {
	pl_md_heading *items;
	size_t count;
} pl_md_headings;

/*
 * Parses text (valid UTF-8, at most PL_MARKDOWN_MAX_SIZE bytes) and lists
 * its headings in document order.  Release with pl_md_headings_release.
 */
int pl_md_headings_read(pl_md_headings *out, const char *text, size_t len);
void pl_md_headings_release(pl_md_headings *h);

typedef struct {
	char *title;   /* heading text as pl_md_headings gives it; "" before the first */
	size_t start;  /* byte offset of the section's text (after its heading) */
	size_t len;    /* bytes of text up to the next level-2 heading */
} pl_md_section;

typedef struct {
	pl_md_section *items;
	size_t count;
} pl_md_sections;

/*
 * Cuts text at its level-2 headings: the text before the first one is a
 * section titled "", then one section per heading.  Release with
 * pl_md_sections_release.
 */
int pl_md_sections_read(pl_md_sections *out, const char *text, size_t len);
void pl_md_sections_release(pl_md_sections *s);

/* Compares heading texts as people see them: spaces collapsed, ASCII case
 * ignored.  Returns 1 if equal. */
int pl_md_heading_equal(const char *a, const char *b);

#endif
