/*
 * template.h - logic-less report templates (a subset of Mustache).
 *
 * Reports are rendered from a JSON data model through templates in the
 * Mustache syntax (https://mustache.github.io/mustache.5.html):
 *
 *   {{name}}            the value of name, escaped for the output format
 *   {{{name}}}          the value written raw; so is {{& name}}
 *   {{a.b.c}}           a dotted name: a, then its member b, then c
 *   {{.}}               the current value
 *   {{#name}}..{{/name}} a section: skipped for false, null, a missing key,
 *                       an empty list or an empty string; repeated once per
 *                       item of a non-empty list with the item as the
 *                       current value; otherwise rendered once with the
 *                       value (an object, true, a string, any number) as
 *                       the current value
 *   {{^name}}..{{/name}} rendered exactly when the section would not be
 *   {{! comment }}      nothing; may span lines
 *
 * A name is looked up in the innermost context (the data, then each value
 * pushed by an enclosing section) that is an object holding its first part;
 * the rest of a dotted name is looked up only inside that value.  A missing
 * key renders as nothing: a render never fails on the data.  As the
 * Mustache spec says, a line holding only a section, inverted section,
 * closing or comment tag (and spaces or tabs) is removed entirely, so
 * templates can be indented readably.
 *
 * Not supported, reported as errors at parse time: partials ({{> x}}) and
 * delimiter changes ({{=<% %>=}}).  There are no lambdas.
 *
 * Rendering is iterative, so nesting depth is bounded only by memory, and
 * the output is bounded by the template's size times the data's size.
 */
#ifndef PILOTTI_TEMPLATE_H
#define PILOTTI_TEMPLATE_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

/* A parsed template. */
typedef struct pl_template_doc pl_template_doc;

/*
 * Parses text (len bytes of UTF-8; it need not be NUL-terminated) as the
 * template called name.  On success returns 0 and sets *out to a new
 * template, which the caller frees with pl_template_doc_free; the template
 * keeps its own copy of text.  A malformed template gives PL_EINVALID and
 * one message "NAME:LINE:COL: what is wrong" (line and column 1-based, the
 * column in characters): an unclosed section, a closing tag that does not
 * match the open section, an unclosed tag, an empty tag name, bad
 * characters in a name, '{{{' without '}}}', an unsupported partial or
 * delimiter change, invalid UTF-8 or a NUL byte.  A missing out or name
 * gives PL_EUSAGE.  *out is NULL on failure.
 */
int pl_template_parse(pl_template_doc **out, const char *name,
		      const char *text, size_t len);

/* Frees a template; pl_template_doc_free(NULL) does nothing. */
void pl_template_doc_free(pl_template_doc *t);

typedef enum {
	/* & < > " ' become &amp; &lt; &gt; &quot; &#39; */
	PL_ESCAPE_HTML,
	/* A backslash goes before each of \ ` * _ { } [ ] < > ( ) # + - . ! |
	 * ~ & and =, so a value cannot add Markdown structure, links or raw
	 * HTML.  Line breaks in a value are kept as they are. */
	PL_ESCAPE_MARKDOWN,
	/* Values are written as they are. */
	PL_ESCAPE_NONE
} pl_escape;

/*
 * Renders t over data (any JSON value; NULL is taken as null) and appends
 * the result to out.  {{name}} is escaped as escape says; {{{name}}} and
 * {{& name}} are written raw.  Strings are written as they are, integers
 * in decimal, reals as Jansson writes them (15 significant digits), true
 * and false as "true" and "false"; null, objects and arrays write nothing.
 * Numbers and booleans are never escaped: their characters cannot form
 * markup, and "\-3" or "0\.5" in a Markdown report would only be noise.
 * Returns 0, or a negative PL_E* code with out left as it was (PL_EUSAGE
 * for a missing t or out or an unknown escape).
 */
int pl_template_render(const pl_template_doc *t, const json_t *data,
		       pl_escape escape, pl_buf *out);

#endif
