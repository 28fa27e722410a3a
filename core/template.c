#include "template.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "text.h"

#define NPOS SIZE_MAX

typedef enum {
	N_TEXT,     /* literal text */
	N_VAR,      /* {{name}}: escaped */
	N_RAW,      /* {{{name}}} and {{& name}} */
	N_SECTION,  /* {{#name}} */
	N_INVERTED, /* {{^name}} */
	N_CLOSE     /* {{/name}} */
} node_kind;

typedef struct {
	node_kind kind;
	size_t off, len; /* N_TEXT: the text; otherwise the name as written */
	size_t tag;      /* where the tag's "{{" is */
	char *parts;     /* the name's parts in a row, each NUL-terminated */
	size_t nparts;   /* 0 for "." */
	size_t match;    /* a section's N_CLOSE; a N_CLOSE's section */
} node;

/* The template is a flat list of nodes, in which each section knows where
 * it closes: rendering walks it with a loop and explicit stacks, so deep
 * nesting cannot overflow the C stack. */
struct pl_template_doc {
	char *text;
	size_t len;
	node *nodes;
	size_t count;
	size_t cap;
};

typedef struct {
	const char *name;
	const char *s;
	size_t len;
	pl_template_doc *doc;
	size_t *open; /* indexes of the sections not yet closed */
	size_t nopen;
	size_t capopen;
} parser;

static int fail(const parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(const parser *p, size_t off, const char *fmt, ...)
{
	pl_buf msg = PL_BUF_INIT;
	unsigned line, col;
	va_list ap;
	int rc;

	pl_text_position(p->s, p->len, off, &line, &col);
	pl_buf_printf(&msg, "%s:%u:%u: ", p->name, line, col);
	va_start(ap, fmt);
	pl_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	rc = pl_error_set(PL_EINVALID, "%s", msg.ptr);
	pl_buf_release(&msg);
	return rc;
}

static node *add_node(pl_template_doc *doc, node_kind kind, size_t off,
		      size_t len)
{
	node *n;
	if (doc->count == doc->cap) {
		doc->cap = doc->cap ? doc->cap * 2 : 16;
		doc->nodes = pl_realloc(doc->nodes, doc->cap * sizeof(*doc->nodes));
	}
	n = &doc->nodes[doc->count++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->off = off;
	n->len = len;
	return n;
}

static void add_text(pl_template_doc *doc, size_t from, size_t to)
{
	if (to > from)
		add_node(doc, N_TEXT, from, to - from);
}

/* The offset of the first "}}" at or after from, or NPOS.  With strict set,
 * a line break or "{{" before it also gives NPOS: a tag left open is far
 * more likely than a name spanning lines. */
static size_t find_close(const char *s, size_t len, size_t from, int strict)
{
	for (size_t k = from; k + 1 < len; k++) {
		if (s[k] == '}' && s[k + 1] == '}')
			return k;
		if (strict && (s[k] == '\n' || (s[k] == '{' && s[k + 1] == '{')))
			return NPOS;
	}
	return NPOS;
}

static size_t find_open(const char *s, size_t len, size_t from)
{
	for (size_t k = from; k + 1 < len; k++) {
		const char *c = memchr(s + k, '{', len - k - 1);
		if (!c)
			return NPOS;
		k = (size_t)(c - s);
		if (s[k + 1] == '{')
			return k;
	}
	return NPOS;
}

static int is_blank_char(char c)
{
	return c == ' ' || c == '\t';
}

static int is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c >= 0x80;
}

/* Appends the name for a message: at most about 60 bytes, cut at a
 * character boundary and before any control character. */
static void show_name(pl_buf *b, const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && n < 60 && (unsigned char)s[n] >= 0x20 && s[n] != 0x7f)
		n++;
	while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	pl_buf_add(b, s, n);
	if (n < len)
		pl_buf_puts(b, "...");
}

/* Checks the name s[0..len) of the tag n and stores its parts in n. */
static int set_name(const parser *p, node *n, const char *s, size_t len)
{
	char *parts;
	int ok = 1;

	n->off = (size_t)(s - p->s);
	n->len = len;
	if (len == 1 && s[0] == '.')
		return 0;
	if (s[0] == '.' || s[len - 1] == '.')
		ok = 0;
	for (size_t i = 0; ok && i < len; i++) {
		if (s[i] == '.')
			ok = s[i + 1] != '.';
		else
			ok = is_name_char((unsigned char)s[i]);
	}
	if (!ok) {
		pl_buf shown = PL_BUF_INIT;
		int rc;
		show_name(&shown, s, len);
		rc = fail(p, n->tag, "bad characters in name '%s'", shown.ptr);
		pl_buf_release(&shown);
		return rc;
	}
	parts = pl_strndup(s, len);
	n->nparts = 1;
	for (size_t i = 0; i < len; i++) {
		if (parts[i] == '.') {
			parts[i] = '\0';
			n->nparts++;
		}
	}
	n->parts = parts;
	return 0;
}

/* If the tag s[ts..te) stands alone on its line, sets *line_start to where
 * the line begins and *next to where the following line begins (or the
 * end) and returns 1. */
static int standalone(const char *s, size_t len, size_t ts, size_t te,
		      size_t *line_start, size_t *next)
{
	size_t a = ts, b = te;
	while (a > 0 && is_blank_char(s[a - 1]))
		a--;
	if (a > 0 && s[a - 1] != '\n')
		return 0;
	while (b < len && is_blank_char(s[b]))
		b++;
	if (b + 1 < len && s[b] == '\r' && s[b + 1] == '\n')
		b += 2;
	else if (b < len && s[b] == '\n')
		b++;
	else if (b < len)
		return 0;
	*line_start = a;
	*next = b;
	return 1;
}

static int same_name(const parser *p, const node *a, const node *b)
{
	return a->len == b->len && memcmp(p->s + a->off, p->s + b->off, a->len) == 0;
}

static int unclosed_section(const parser *p)
{
	const node *n = &p->doc->nodes[p->open[p->nopen - 1]];
	unsigned line, col;

	pl_text_position(p->s, p->len, n->tag, &line, &col);
	return fail(p, p->len, "unclosed section '{{%c%.*s}}' opened at %u:%u",
		    n->kind == N_INVERTED ? '^' : '#', (int)n->len,
		    p->s + n->off, line, col);
}

static int close_section(parser *p, size_t index)
{
	node *close = &p->doc->nodes[index];
	node *open;
	unsigned line, col;

	if (!p->nopen)
		return fail(p, close->tag, "'{{/%.*s}}' closes no open section",
			    (int)close->len, p->s + close->off);
	open = &p->doc->nodes[p->open[p->nopen - 1]];
	if (!same_name(p, open, close)) {
		pl_text_position(p->s, p->len, open->tag, &line, &col);
		return fail(p, close->tag, "'{{/%.*s}}' closes '{{%c%.*s}}' opened at %u:%u",
			    (int)close->len, p->s + close->off,
			    open->kind == N_INVERTED ? '^' : '#', (int)open->len,
			    p->s + open->off, line, col);
	}
	open->match = index;
	close->match = p->open[p->nopen - 1];
	p->nopen--;
	return 0;
}

/* Parses the tag at s[ts] ("{{") into *tag and sets *te past it.  Sets
 * *comment instead for a comment, which has no node. */
static int parse_tag(const parser *p, size_t ts, node *tag, size_t *te,
		     int *comment)
{
	const char *s = p->s;
	size_t len = p->len, close, ns, ne;
	char sigil = ts + 2 < len ? s[ts + 2] : '\0';
	node_kind kind;

	*comment = sigil == '!';
	if (*comment) {
		close = find_close(s, len, ts + 3, 0);
		if (close == NPOS)
			return fail(p, ts, "unclosed tag: '{{' without '}}'");
		*te = close + 2;
		return 0;
	}
	if (sigil == '{') {
		close = find_close(s, len, ts + 3, 1);
		if (close == NPOS || close + 2 >= len || s[close + 2] != '}')
			return fail(p, ts, "'{{{' without '}}}'");
		*te = close + 3;
		ns = ts + 3;
		kind = N_RAW;
	} else {
		close = find_close(s, len, ts + 2, 1);
		if (close == NPOS)
			return fail(p, ts, "unclosed tag: '{{' without '}}'");
		*te = close + 2;
		ns = ts + 3;
		switch (sigil) {
		case '#':
			kind = N_SECTION;
			break;
		case '^':
			kind = N_INVERTED;
			break;
		case '/':
			kind = N_CLOSE;
			break;
		case '&':
			kind = N_RAW;
			break;
		case '>':
			return fail(p, ts, "partials ('{{>') are not supported");
		case '=':
			return fail(p, ts, "delimiter changes ('{{=') are not supported");
		default:
			kind = N_VAR;
			ns = ts + 2;
			break;
		}
	}
	ne = close;
	while (ns < ne && is_blank_char(s[ns]))
		ns++;
	while (ne > ns && is_blank_char(s[ne - 1]))
		ne--;
	if (ns == ne) {
		const char *shape = sigil == '{' ? "{{{}}}"
				  : kind == N_VAR ? "{{}}"
				  : kind == N_SECTION ? "{{#}}"
				  : kind == N_INVERTED ? "{{^}}"
				  : kind == N_CLOSE ? "{{/}}" : "{{&}}";
		return fail(p, ts, "empty tag name in '%s'", shape);
	}
	memset(tag, 0, sizeof(*tag));
	tag->kind = kind;
	tag->tag = ts;
	return set_name(p, tag, s + ns, ne - ns);
}

static void push_open(parser *p, size_t index)
{
	if (p->nopen == p->capopen) {
		p->capopen = p->capopen ? p->capopen * 2 : 16;
		p->open = pl_realloc(p->open, p->capopen * sizeof(*p->open));
	}
	p->open[p->nopen++] = index;
}

int pl_template_parse(pl_template_doc **out, const char *name,
		      const char *text, size_t len)
{
	parser p = { 0 };
	pl_template_doc *doc = NULL;
	size_t pos = 0, ts, bad;
	const char *nul;
	int rc = 0;

	if (!out || !name || (!text && len))
		return pl_error_set(PL_EUSAGE, "no template or template name given");
	*out = NULL;
	doc = pl_calloc(1, sizeof(*doc));
	doc->text = text ? pl_strndup(text, len) : pl_strdup("");
	doc->len = len;
	p.name = name;
	p.s = doc->text;
	p.len = len;
	p.doc = doc;

	bad = pl_utf8_valid_prefix(p.s, len);
	if (bad != len) {
		rc = fail(&p, bad, "invalid UTF-8");
		goto done;
	}
	nul = memchr(p.s, '\0', len);
	if (nul) {
		rc = fail(&p, (size_t)(nul - p.s), "NUL byte in a template");
		goto done;
	}

	while ((ts = find_open(p.s, len, pos)) != NPOS) {
		node tag = { 0 };
		size_t te = 0, line_start = 0, next = 0;
		int comment;

		rc = parse_tag(&p, ts, &tag, &te, &comment);
		if (rc < 0)
			goto done;
		if ((comment || tag.kind == N_SECTION || tag.kind == N_INVERTED ||
		     tag.kind == N_CLOSE) &&
		    standalone(p.s, len, ts, te, &line_start, &next)) {
			add_text(doc, pos, line_start);
			te = next;
		} else {
			add_text(doc, pos, ts);
		}
		pos = te;
		if (comment)
			continue;
		*add_node(doc, tag.kind, 0, 0) = tag;
		if (tag.kind == N_SECTION || tag.kind == N_INVERTED) {
			push_open(&p, doc->count - 1);
		} else if (tag.kind == N_CLOSE) {
			rc = close_section(&p, doc->count - 1);
			if (rc < 0)
				goto done;
		}
	}
	add_text(doc, pos, len);
	if (p.nopen) {
		rc = unclosed_section(&p);
		goto done;
	}
	*out = doc;
	doc = NULL;

done:
	free(p.open);
	pl_template_doc_free(doc);
	return rc;
}

void pl_template_doc_free(pl_template_doc *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->count; i++)
		free(t->nodes[i].parts);
	free(t->nodes);
	free(t->text);
	free(t);
}

/* Rendering */

typedef struct {
	size_t open;        /* the section's node */
	const json_t *list; /* the list being repeated, or NULL */
	size_t index;       /* the current item of list */
	int pushed;         /* whether the section pushed a context */
} frame;

typedef struct {
	const json_t **ctx; /* the context stack; ctx[0] is the data */
	size_t nctx;
	size_t capctx;
	frame *frames;      /* the sections being rendered */
	size_t nframes;
	size_t capframes;
} render_state;

static void push_ctx(render_state *r, const json_t *v)
{
	if (r->nctx == r->capctx) {
		r->capctx = r->capctx ? r->capctx * 2 : 16;
		r->ctx = pl_realloc(r->ctx, r->capctx * sizeof(*r->ctx));
	}
	r->ctx[r->nctx++] = v;
}

static void push_frame(render_state *r, size_t open, const json_t *list,
		       int pushed)
{
	frame *f;
	if (r->nframes == r->capframes) {
		r->capframes = r->capframes ? r->capframes * 2 : 16;
		r->frames = pl_realloc(r->frames, r->capframes * sizeof(*r->frames));
	}
	f = &r->frames[r->nframes++];
	f->open = open;
	f->list = list;
	f->index = 0;
	f->pushed = pushed;
}

/* The value of n's name, or NULL when it is missing. */
static const json_t *lookup(const render_state *r, const node *n)
{
	const json_t *v = NULL;
	const char *part = n->parts;

	if (!n->nparts)
		return r->ctx[r->nctx - 1];
	for (size_t i = r->nctx; i-- > 0;) {
		if (json_is_object(r->ctx[i])) {
			v = json_object_get(r->ctx[i], part);
			if (v)
				break;
		}
	}
	/* The rest of a dotted name is looked up only in what the first part
	 * found, as the spec says: {{a.b}} never picks b from an outer a. */
	for (size_t k = 1; v && k < n->nparts; k++) {
		part += strlen(part) + 1;
		v = json_is_object(v) ? json_object_get(v, part) : NULL;
	}
	return v;
}

static int truthy(const json_t *v)
{
	if (!v || json_is_null(v) || json_is_false(v))
		return 0;
	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	return 1;
}

static const char *html_entity(char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* '=' is escaped too: a line of '=' under a value would make a heading. */
static const char markdown_special[] = "\\`*_{}[]<>()#+-.!|~&=";

static void put_escaped(pl_buf *out, const char *s, size_t len, pl_escape esc)
{
	size_t run = 0;

	if (esc == PL_ESCAPE_NONE) {
		pl_buf_add(out, s, len);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (esc == PL_ESCAPE_HTML) {
			const char *entity = html_entity(s[i]);
			if (!entity)
				continue;
			pl_buf_add(out, s + run, i - run);
			pl_buf_puts(out, entity);
			run = i + 1;
		} else if (s[i] && memchr(markdown_special, s[i],
					  sizeof(markdown_special) - 1)) {
			pl_buf_add(out, s + run, i - run);
			pl_buf_putc(out, '\\');
			run = i; /* the character itself follows */
		}
	}
	pl_buf_add(out, s + run, len - run);
}

static int put_value(pl_buf *out, const json_t *v, pl_escape esc)
{
	char *num;

	if (!v)
		return 0;
	switch (json_typeof(v)) {
	case JSON_STRING:
		put_escaped(out, json_string_value(v), json_string_length(v), esc);
		break;
	case JSON_INTEGER:
		pl_buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		num = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
		if (!num)
			return pl_error_set(PL_ERROR, "cannot write the number %.17g",
					    json_real_value(v));
		pl_buf_puts(out, num);
		free(num);
		break;
	case JSON_TRUE:
		pl_buf_puts(out, "true");
		break;
	case JSON_FALSE:
		pl_buf_puts(out, "false");
		break;
	default:
		break; /* null, objects and lists have no text */
	}
	return 0;
}

int pl_template_render(const pl_template_doc *t, const json_t *data,
		       pl_escape escape, pl_buf *out)
{
	render_state r = { 0 };
	size_t start, pc = 0;
	int rc = 0;

	if (!t || !out)
		return pl_error_set(PL_EUSAGE, "no template or output buffer given");
	if (escape != PL_ESCAPE_HTML && escape != PL_ESCAPE_MARKDOWN &&
	    escape != PL_ESCAPE_NONE)
		return pl_error_set(PL_EUSAGE, "unknown escape mode %d", (int)escape);
	start = out->len;
	push_ctx(&r, data);

	while (pc < t->count) {
		const node *n = &t->nodes[pc];
		const json_t *v;
		frame *f;

		switch (n->kind) {
		case N_TEXT:
			pl_buf_add(out, t->text + n->off, n->len);
			pc++;
			break;
		case N_VAR:
		case N_RAW:
			rc = put_value(out, lookup(&r, n),
				       n->kind == N_VAR ? escape : PL_ESCAPE_NONE);
			if (rc < 0)
				goto done;
			pc++;
			break;
		case N_SECTION:
			v = lookup(&r, n);
			if (!truthy(v)) {
				pc = n->match + 1;
			} else if (json_is_array(v)) {
				push_frame(&r, pc, v, 1);
				push_ctx(&r, json_array_get(v, 0));
				pc++;
			} else {
				push_frame(&r, pc, NULL, 1);
				push_ctx(&r, v);
				pc++;
			}
			break;
		case N_INVERTED:
			if (truthy(lookup(&r, n))) {
				pc = n->match + 1;
			} else {
				push_frame(&r, pc, NULL, 0);
				pc++;
			}
			break;
		case N_CLOSE:
			assert(r.nframes > 0);
			f = &r.frames[r.nframes - 1];
			if (f->list && f->index + 1 < json_array_size(f->list)) {
				f->index++;
				r.ctx[r.nctx - 1] = json_array_get(f->list, f->index);
				pc = f->open + 1;
			} else {
				if (f->pushed)
					r.nctx--;
				r.nframes--;
				pc++;
			}
			break;
		}
	}

done:
	if (rc < 0)
		pl_buf_truncate(out, start);
	free(r.frames);
	free(r.ctx);
	return rc;
}
