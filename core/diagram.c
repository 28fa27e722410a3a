/*
 * diagram.c - a logic model as an inline SVG diagram (see diagram.h).
 *
 * Graphviz only places boxes: every node has an empty label and a fixed
 * size that we compute from our own wrapped text, so Graphviz never reads a
 * byte of the model and never measures text (no fonts, no text layout
 * plugin, the same layout on every machine).  We then write the SVG from
 * the node positions and edge splines ourselves, which gives full control
 * over ids, escaping and accessibility and leaves nothing of Graphviz's own
 * renderer (comments, generator notes, URLs) to strip.
 */
#define _GNU_SOURCE /* dladdr */

#include "diagram.h"

#include <dlfcn.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gvc.h>
#include <gvplugin.h>

#include "error.h"
#include "strset.h"

/* Geometry, in SVG user units (which are Graphviz points). */
#define DG_FONT_SIZE 12
#define DG_LINE_H 15.0      /* line height */
#define DG_BASELINE 4.2     /* from a line's middle to its baseline */
#define DG_PAD_X 10.0
#define DG_PAD_Y 7.0
#define DG_MIN_W 90.0
#define DG_MARGIN 8.0
#define DG_HEADING_GAP 8.0
#define DG_FOLD 10.0        /* the note's folded corner */
#define DG_CYL_RY 6.0       /* the cylinder's rim */
#define DG_ROUND 8.0        /* the rounded rectangle's corners */
#define DG_SQRT2 1.41422
#define DG_WRAP 28          /* characters per line */
#define DG_MAX_CHARS 600    /* characters per title */
/* Widths are Helvetica's; browsers' sans-serif is often wider (DejaVu Sans
 * by about 12%), so estimates are scaled up. */
#define DG_WIDTH_SCALE 1.15
#define DG_BOLD_SCALE 1.25

#define DG_TEXT_COLOUR "#1a1a1a"
#define DG_EDGE_COLOUR "#555555"
#define DG_BACKGROUND "#ffffff"

enum { DG_SHAPE_NOTE, DG_SHAPE_CYLINDER, DG_SHAPE_ROUNDED, DG_SHAPE_HEXAGON, DG_SHAPE_ELLIPSE };

typedef struct {
	const char *key;      /* member of the logic model */
	size_t col;           /* PL_DIAGRAM_* */
	const char *cls;      /* class of the shape element */
	int shape;
	const char *gv_shape; /* Graphviz's shape: where arrows end */
	const char *fill, *stroke;
	const char *stroke_width;
	char name;            /* Graphviz node names: name + index */
} kind_def;

/*
 * Text (#1a1a1a) has a contrast of at least 14:1 on every fill; every
 * stroke at least 6:1 on the white background (WCAG 1.4.3 asks 4.5:1 for
 * text, 1.4.11 3:1 for graphics).  The shapes alone tell the columns apart.
 */
static const kind_def kinds[] = {
	{ "context", PL_DIAGRAM_CONTEXT, "context", DG_SHAPE_NOTE, "box",
	  "#edf1f7", "#44546a", "1.2", 'c' },
	{ "actors", PL_DIAGRAM_CONTEXT, "actor", DG_SHAPE_NOTE, "box",
	  "#edf1f7", "#44546a", "1.2", 'a' },
	{ "resources", PL_DIAGRAM_RESOURCES, "resource", DG_SHAPE_CYLINDER, "box",
	  "#f6f0e0", "#6b5726", "1.2", 'r' },
	{ "core_elements", PL_DIAGRAM_ELEMENTS, "element", DG_SHAPE_ROUNDED, "box",
	  "#e4f1e6", "#2e6b3a", "2", 'e' },
	{ "mechanisms", PL_DIAGRAM_MECHANISMS, "mechanism", DG_SHAPE_HEXAGON, "hexagon",
	  "#f7e8f1", "#7a3460", "1.2", 'm' },
	{ "outcomes", PL_DIAGRAM_OUTCOMES, "outcome", DG_SHAPE_ELLIPSE, "ellipse",
	  "#e6eefa", "#2a5599", "1.2", 'o' },
};
#define DG_NKINDS (sizeof(kinds) / sizeof(kinds[0]))
enum { DG_KIND_ELEMENT = 3, DG_KIND_MECHANISM = 4, DG_KIND_OUTCOME = 5 };
/* Columns from here on have links. */
#define DG_FIRST_LINKED PL_DIAGRAM_ELEMENTS

static const char *const default_labels[PL_DIAGRAM_COLUMNS] = {
	"Context and actors", "Resources", "Core elements", "Mechanisms", "Outcomes"
};

typedef struct {
	size_t kind;
	const char *title;  /* borrowed from the logic model */
	pl_strlist lines;   /* wrapped and cleaned */
	double w, h;        /* node size wanted */
	Agnode_t *node;
} item;

typedef struct {        /* not "link": Graphviz's headers take that name */
	size_t from, to;    /* indexes into the items */
	Agedge_t *edge;
} model_link;

typedef struct {
	item *items;
	size_t nitems;
	model_link *links;
	size_t nlinks;
	pl_strlist heading[PL_DIAGRAM_COLUMNS]; /* wrapped column headings */
	double heading_w[PL_DIAGRAM_COLUMNS];
	size_t count[PL_DIAGRAM_COLUMNS];
	Agnode_t *anchor[PL_DIAGRAM_COLUMNS];   /* one per column, for its x */
} model;

/* ---- text ---------------------------------------------------------------- */

typedef struct {
	uint32_t *v;
	size_t n, cap;
} cpvec;

static void cp_push(cpvec *c, uint32_t x)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->v = pl_realloc(c->v, c->cap * sizeof(*c->v));
	}
	c->v[c->n++] = x;
}

/* Decodes one character of the NUL-terminated p; anything that is not valid
 * UTF-8 reads as U+FFFD.  Never reads past the NUL. */
static size_t utf8_decode(const unsigned char *p, uint32_t *cp)
{
	uint32_t v, min;
	size_t n, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2, v = p[0] & 0x1f, min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3, v = p[0] & 0x0f, min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4, v = p[0] & 0x07, min = 0x10000;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return i;
		}
		v = (v << 6) | (p[i] & 0x3f);
	}
	*cp = (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) ? 0xfffd : v;
	return n;
}

static void utf8_encode(pl_buf *b, uint32_t c)
{
	char s[4];
	if (c < 0x80) {
		s[0] = (char)c;
		pl_buf_add(b, s, 1);
	} else if (c < 0x800) {
		s[0] = (char)(0xc0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3f));
		pl_buf_add(b, s, 2);
	} else if (c < 0x10000) {
		s[0] = (char)(0xe0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		pl_buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xf0 | (c >> 18));
		s[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[3] = (char)(0x80 | (c & 0x3f));
		pl_buf_add(b, s, 4);
	}
}

/* Combining marks take no room of their own and never start a line. */
static int is_mark(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	       (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	       (c >= 0xfe20 && c <= 0xfe2f) || c == 0x200d || (c >= 0xfe00 && c <= 0xfe0f);
}

static int is_wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	       (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	       (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	       (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
	       (c >= 0x20000 && c <= 0x3fffd);
}

/* Helvetica's advance widths of ' '..'~', in thousandths of an em. */
static const unsigned short ascii_widths[95] = {
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584
};

static unsigned char_width(uint32_t c)
{
	if (c >= 0x20 && c <= 0x7e)
		return ascii_widths[c - 0x20];
	if (is_mark(c))
		return 0;
	if (is_wide(c) || c == 0x2026 || c == 0x2014)
		return 1000;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return 722; /* Latin-1 capitals: Ä, Ö, Å */
	if (c >= 0xa0 && c <= 0xff)
		return 556;
	return 611;
}

/* Width of a cleaned UTF-8 line at DG_FONT_SIZE, in user units. */
static double line_width(const char *s, double scale)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long sum = 0;
	while (*p) {
		uint32_t c;
		p += utf8_decode(p, &c);
		sum += char_width(c);
	}
	return (double)sum * DG_FONT_SIZE / 1000.0 * scale;
}

/*
 * Decodes s into characters fit for XML text and for one line: control
 * characters (C0, DEL, C1, line and paragraph separators) become spaces,
 * runs of spaces one space, no space at either end; U+FFFE and U+FFFF
 * (not allowed in XML) become U+FFFD; more than DG_MAX_CHARS characters are
 * cut, with "…" at the end.
 */
static void clean(cpvec *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	out->n = 0;
	while (*p) {
		uint32_t c;
		p += utf8_decode(p, &c);
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029)
			c = ' ';
		if (c == 0xfffe || c == 0xffff)
			c = 0xfffd;
		if (c == ' ' && (out->n == 0 || out->v[out->n - 1] == ' '))
			continue;
		if (out->n == DG_MAX_CHARS && c == ' ')
			continue;
		if (out->n == DG_MAX_CHARS) {
			out->v[DG_MAX_CHARS - 1] = 0x2026;
			break;
		}
		cp_push(out, c);
	}
	while (out->n > 0 && out->v[out->n - 1] == ' ')
		out->n--;
}

static void cp_utf8(pl_buf *b, const uint32_t *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		utf8_encode(b, v[i]);
}

/* Characters counted towards the line length (marks do not count). */
static size_t count_chars(const uint32_t *v, size_t n)
{
	size_t i, k = 0;
	for (i = 0; i < n; i++)
		k += !is_mark(v[i]);
	return k;
}

static void emit_line(pl_strlist *lines, pl_buf *tmp, const uint32_t *v, size_t n)
{
	pl_buf_clear(tmp);
	cp_utf8(tmp, v, n);
	pl_strlist_add(lines, tmp->ptr);
}

/*
 * Wraps s into lines of at most width characters.  Lines break at spaces
 * and after hyphens; a piece longer than a line is cut between characters
 * (a combining mark stays with its base).
 */
static void wrap(pl_strlist *lines, const char *s, size_t width)
{
	cpvec text = { NULL, 0, 0 }, cur = { NULL, 0, 0 };
	pl_buf tmp = PL_BUF_INIT;
	size_t cur_chars = 0, i = 0;

	clean(&text, s);
	while (i < text.n) {
		size_t start, end, j, n;
		int space;

		/* the next piece: up to a space or just after a hyphen */
		space = text.v[i] == ' ';
		if (space)
			i++;
		start = i;
		end = start;
		while (end < text.n && text.v[end] != ' ') {
			end++;
			if ((text.v[end - 1] == '-' || text.v[end - 1] == 0x2010) &&
			    end < text.n && text.v[end] != ' ' && end - start > 1)
				break;
		}
		i = end;
		n = count_chars(text.v + start, end - start);
		if (cur.n == 0)
			space = 0;
		if (cur.n > 0 && cur_chars + (size_t)space + n > width) {
			emit_line(lines, &tmp, cur.v, cur.n);
			cur.n = cur_chars = 0;
			space = 0;
		}
		/* too long for any line: cut it */
		while (n > width) {
			size_t k = 0;
			j = start;
			while (j < end && (k < width || is_mark(text.v[j]))) {
				k += !is_mark(text.v[j]);
				j++;
			}
			emit_line(lines, &tmp, text.v + start, j - start);
			start = j;
			n = count_chars(text.v + start, end - start);
		}
		if (space) {
			cp_push(&cur, ' ');
			cur_chars++;
		}
		for (j = start; j < end; j++)
			cp_push(&cur, text.v[j]);
		cur_chars += n;
	}
	if (cur.n > 0)
		emit_line(lines, &tmp, cur.v, cur.n);
	pl_buf_release(&tmp);
	free(cur.v);
	free(text.v);
}

/* Appends s (already cleaned) escaped for XML text and attribute values. */
static void xml_escape(pl_buf *b, const char *s)
{
	const char *run = s;
	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		pl_buf_add(b, run, (size_t)(s - run));
		pl_buf_puts(b, rep);
		run = s + 1;
	}
	pl_buf_puts(b, run);
}

/* Appends any string cleaned and escaped. */
static void xml_text(pl_buf *b, const char *s)
{
	cpvec v = { NULL, 0, 0 };
	pl_buf tmp = PL_BUF_INIT;
	clean(&v, s);
	cp_utf8(&tmp, v.v, v.n);
	xml_escape(b, tmp.ptr);
	pl_buf_release(&tmp);
	free(v.v);
}

/* Appends v rounded to two decimals, with a '.' whatever the locale. */
static void put_num(pl_buf *b, double v)
{
	long long c = (long long)(v * 100.0 + (v < 0 ? -0.5 : 0.5));
	unsigned long long a = c < 0 ? (unsigned long long)-c : (unsigned long long)c;
	if (c < 0)
		pl_buf_putc(b, '-');
	pl_buf_printf(b, "%llu", a / 100);
	if (a % 100 == 0)
		return;
	if (a % 10 == 0)
		pl_buf_printf(b, ".%llu", (a % 100) / 10);
	else
		pl_buf_printf(b, ".%02llu", a % 100);
}

static void put_point(pl_buf *b, double x, double y)
{
	put_num(b, x);
	pl_buf_putc(b, ',');
	put_num(b, y);
}

/* ---- reading the logic model ---------------------------------------------- */

static int get_array(const json_t *obj, const char *key, const char *where,
		     const json_t **out)
{
	const json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return pl_error_set(PL_EINVALID, "logic model: '%s' is not an array", where);
	*out = v;
	return 0;
}

static int read_items(model *m, const json_t *lm)
{
	size_t k, i, total = 0;
	for (k = 0; k < DG_NKINDS; k++) {
		const json_t *arr;
		char *where = pl_strfmt("/%s", kinds[k].key);
		int rc = get_array(lm, kinds[k].key, where, &arr);
		free(where);
		if (rc < 0)
			return rc;
		total += arr ? json_array_size(arr) : 0;
	}
	if (total > PL_DIAGRAM_MAX_ITEMS)
		return pl_error_set(PL_EINVALID, "logic model: %zu items, more than the %d a diagram can show",
				    total, PL_DIAGRAM_MAX_ITEMS);
	m->items = pl_calloc(total ? total : 1, sizeof(*m->items));
	for (k = 0; k < DG_NKINDS; k++) {
		const json_t *arr = json_object_get(lm, kinds[k].key);
		for (i = 0; arr && i < json_array_size(arr); i++) {
			const json_t *it = json_array_get(arr, i);
			const json_t *title = json_object_get(it, "title");
			item *x;
			if (!json_is_object(it))
				return pl_error_set(PL_EINVALID, "logic model: '/%s/%zu' is not an object",
						    kinds[k].key, i);
			if (title && !json_is_string(title))
				return pl_error_set(PL_EINVALID, "logic model: '/%s/%zu/title' is not a string",
						    kinds[k].key, i);
			x = &m->items[m->nitems++];
			x->kind = k;
			x->title = title ? json_string_value(title) : "";
			m->count[kinds[k].col]++;
		}
	}
	return 0;
}

/* Maps the ids of the items of kind to their indexes in m->items (the
 * first of a repeated id wins). */
static void index_ids(const model *m, const json_t *lm, size_t kind, pl_strset *set)
{
	const json_t *arr = json_object_get(lm, kinds[kind].key);
	size_t i, first = 0;
	while (first < m->nitems && m->items[first].kind != kind)
		first++;
	for (i = 0; arr && i < json_array_size(arr); i++) {
		const json_t *id = json_object_get(json_array_get(arr, i), "id");
		if (json_is_string(id))
			pl_strset_add(set, json_string_value(id), first + i);
	}
}

/* Links from the items of kind `from` named in the member key of the items
 * of kind `to`. */
static int read_links(model *m, const json_t *lm, size_t from, size_t to,
		      const char *key, pl_strset *seen)
{
	pl_strset ids = PL_STRSET_INIT;
	const json_t *arr = json_object_get(lm, kinds[to].key);
	size_t i, j, first = 0;
	int rc = 0;

	index_ids(m, lm, from, &ids);
	while (first < m->nitems && m->items[first].kind != to)
		first++;
	for (i = 0; arr && i < json_array_size(arr); i++) {
		const json_t *refs;
		char *where = pl_strfmt("/%s/%zu/%s", kinds[to].key, i, key);
		rc = get_array(json_array_get(arr, i), key, where, &refs);
		free(where);
		if (rc < 0)
			goto done;
		for (j = 0; refs && j < json_array_size(refs); j++) {
			const json_t *ref = json_array_get(refs, j);
			size_t src;
			char *pair;
			if (!json_is_string(ref)) {
				rc = pl_error_set(PL_EINVALID, "logic model: '/%s/%zu/%s/%zu' is not a string",
						  kinds[to].key, i, key, j);
				goto done;
			}
			if (!pl_strset_get(&ids, json_string_value(ref), &src))
				continue; /* validation reports it; the diagram leaves it out */
			pair = pl_strfmt("%zu %zu", src, first + i);
			if (pl_strset_add(seen, pair, 0)) {
				m->links = pl_realloc(m->links, (m->nlinks + 1) * sizeof(*m->links));
				m->links[m->nlinks].from = src;
				m->links[m->nlinks].to = first + i;
				m->links[m->nlinks].edge = NULL;
				m->nlinks++;
			}
			free(pair);
		}
	}
done:
	pl_strset_release(&ids);
	return rc;
}

/* ---- sizes ----------------------------------------------------------------- */

static void size_items(model *m)
{
	double col_w[PL_DIAGRAM_COLUMNS] = { 0 };
	size_t i, k;

	for (i = 0; i < m->nitems; i++) {
		item *x = &m->items[i];
		double tw = 0, th, w, h;
		wrap(&x->lines, x->title, DG_WRAP);
		for (k = 0; k < x->lines.count; k++) {
			double lw = line_width(x->lines.items[k], DG_WIDTH_SCALE);
			if (lw > tw)
				tw = lw;
		}
		th = DG_LINE_H * (double)(x->lines.count ? x->lines.count : 1);
		w = tw + 2 * DG_PAD_X;
		h = th + 2 * DG_PAD_Y;
		switch (kinds[x->kind].shape) {
		case DG_SHAPE_CYLINDER:
			h += 3 * DG_CYL_RY;
			break;
		case DG_SHAPE_HEXAGON:
			/* the sides slope in to a quarter of the width at the
			 * top: the text's corners must stay inside */
			h += 6;
			w = w / (1.0 - th / (2.0 * h));
			break;
		case DG_SHAPE_ELLIPSE:
			w *= DG_SQRT2;
			h *= DG_SQRT2;
			break;
		default:
			break;
		}
		x->w = w < DG_MIN_W ? DG_MIN_W : w;
		x->h = h;
		if (x->w > col_w[kinds[x->kind].col])
			col_w[kinds[x->kind].col] = x->w;
	}
	/* one width per column reads as a column */
	for (i = 0; i < m->nitems; i++)
		m->items[i].w = col_w[kinds[m->items[i].kind].col];
}

/* ---- Graphviz ---------------------------------------------------------------- */

/* Graphviz's messages while we run it (Graphviz's error handler is global:
 * one diagram at a time). */
static pl_buf gv_messages = PL_BUF_INIT;

static int capture_message(char *msg)
{
	pl_buf_puts(&gv_messages, msg);
	return 0;
}

/*
 * The dot layout plugin, loaded from Graphviz's plugin folder next to
 * libgvc (or $GVBINDIR, as Graphviz itself does) and never unloaded: dot
 * keeps buffers in static variables, which would leak on dlclose.  Loading
 * only this plugin keeps Graphviz from reading its plugin configuration and
 * loading the cairo/pango text layout plugin, which we do not need.
 */
static gvplugin_library_t *dot_plugin(void)
{
	static gvplugin_library_t *lib;
	static int tried;
	int (*anchor)(GVC_t *) = gvFreeContext;
	void *addr;
	Dl_info info;
	const char *env = getenv("GVBINDIR");
	char *dir = NULL;

	if (tried)
		return lib;
	tried = 1;
	memcpy(&addr, &anchor, sizeof(addr));
	if (env && *env)
		dir = pl_strdup(env);
	else if (dladdr(addr, &info) && info.dli_fname && strrchr(info.dli_fname, '/'))
		dir = pl_strfmt("%.*s/graphviz",
				(int)(strrchr(info.dli_fname, '/') - info.dli_fname),
				info.dli_fname);
	if (dir) {
		char *path = pl_strfmt("%s/libgvplugin_dot_layout.so.6", dir);
		void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
		if (h) {
			lib = dlsym(h, "gvplugin_dot_layout_LTX_library");
			if (!lib)
				dlclose(h);
		}
		free(path);
		free(dir);
	}
	return lib;
}

/* cgraph takes char * for names and values it only reads. */
static void gv_set(void *obj, const char *name, const char *value)
{
	agsafeset(obj, (char *)name, (char *)value, (char *)"");
}

static void gv_default(Agraph_t *g, int kind, const char *name, const char *value)
{
	agattr(g, kind, (char *)name, (char *)value);
}

/* Numbers for Graphviz (inches, four decimals), locale-free. */
static void set_inches(void *obj, const char *attr, double points)
{
	pl_buf b = PL_BUF_INIT;
	long long v = (long long)(points / 72.0 * 10000.0 + 0.5);
	pl_buf_printf(&b, "%lld.%04lld", v / 10000, v % 10000);
	gv_set(obj, attr, b.ptr);
	pl_buf_release(&b);
}

static Agnode_t *new_node(Agraph_t *g, char prefix, size_t index)
{
	char name[32];
	Agnode_t *n;
	(void)snprintf(name, sizeof(name), "%c%zu", prefix, index);
	n = agnode(g, name, 1);
	return n;
}

static void invisible_edge(Agraph_t *g, Agnode_t *a, Agnode_t *b)
{
	Agedge_t *e = agedge(g, a, b, NULL, 1);
	gv_set(e, "style", "invis");
}

static void build_graph(model *m, Agraph_t *g)
{
	Agraph_t *rank[PL_DIAGRAM_COLUMNS];
	Agnode_t *last[PL_DIAGRAM_COLUMNS];
	size_t first_of_kind[DG_NKINDS] = { 0 };
	size_t c, i, n, linked_first = m->nitems;

	gv_default(g, AGRAPH, "rankdir", "LR");
	gv_default(g, AGRAPH, "nodesep", "0.2");
	gv_default(g, AGRAPH, "ranksep", "0.55");
	gv_default(g, AGNODE, "label", "");
	gv_default(g, AGNODE, "shape", "box");
	gv_default(g, AGNODE, "fixedsize", "true");
	gv_default(g, AGNODE, "width", "1");
	gv_default(g, AGNODE, "height", "0.5");
	gv_default(g, AGEDGE, "style", "");

	for (c = 0; c < PL_DIAGRAM_COLUMNS; c++) {
		char name[16];
		(void)snprintf(name, sizeof(name), "col%zu", c);
		rank[c] = agsubg(g, name, 1);
		gv_set(rank[c], "rank", "same");
		/* the anchor gives the column its x even when empty, keeps
		 * the columns in order (the chain of invisible edges) and
		 * makes the rank as wide as its heading */
		m->anchor[c] = new_node(rank[c], 'h', c);
		set_inches(m->anchor[c], "width", m->heading_w[c]);
		set_inches(m->anchor[c], "height", 1);
		last[c] = m->anchor[c];
		if (c > 0)
			invisible_edge(g, m->anchor[c - 1], m->anchor[c]);
	}
	/* items come grouped by kind, in the order of kinds[] */
	for (i = m->nitems; i-- > 0;) {
		first_of_kind[m->items[i].kind] = i;
		if (kinds[m->items[i].kind].col >= DG_FIRST_LINKED)
			linked_first = i;
	}
	/*
	 * A flat (same rank) edge puts its tail above its head.  Columns
	 * without links are chained in the model's order.  In the others the
	 * anchor comes first and dot orders the rest to avoid crossings,
	 * starting from the reverse of the order nodes were made in (with
	 * rankdir=LR), so they are made from the last: where the order does
	 * not matter for crossings the model's order is kept.
	 */
	for (n = 0; n < m->nitems; n++) {
		const kind_def *k;
		item *x;
		i = n;
		if (kinds[m->items[n].kind].col >= DG_FIRST_LINKED)
			i = linked_first + (m->nitems - 1 - n);
		x = &m->items[i];
		k = &kinds[x->kind];
		x->node = new_node(rank[k->col], k->name, i - first_of_kind[x->kind]);
		gv_set(x->node, "shape", k->gv_shape);
		set_inches(x->node, "width", x->w);
		set_inches(x->node, "height", x->h);
		if (k->col < DG_FIRST_LINKED) {
			invisible_edge(rank[k->col], last[k->col], x->node);
			last[k->col] = x->node;
		} else {
			invisible_edge(rank[k->col], m->anchor[k->col], x->node);
		}
	}
	for (i = 0; i < m->nlinks; i++)
		m->links[i].edge = agedge(g, m->items[m->links[i].from].node,
					  m->items[m->links[i].to].node, NULL, 1);
}

/* ---- SVG ---------------------------------------------------------------------- */

typedef struct {
	pl_buf *b;
	const char *prefix;
	double x0, y0; /* Graphviz's (x0, y0) is the SVG's (0, 0); y goes down */
} svg;

static double sx(const svg *s, double x)
{
	return x - s->x0;
}

static double sy(const svg *s, double y)
{
	return s->y0 - y;
}

static void text_lines(svg *s, const pl_strlist *lines, double cx, double cy)
{
	size_t i;
	double top = cy - DG_LINE_H * (double)lines->count / 2.0;
	if (!lines->count)
		return;
	pl_buf_puts(s->b, "<text text-anchor=\"middle\" fill=\"" DG_TEXT_COLOUR "\">");
	for (i = 0; i < lines->count; i++) {
		pl_buf_puts(s->b, "<tspan x=\"");
		put_num(s->b, cx);
		pl_buf_puts(s->b, "\" y=\"");
		put_num(s->b, top + DG_LINE_H * ((double)i + 0.5) + DG_BASELINE);
		pl_buf_puts(s->b, "\">");
		xml_escape(s->b, lines->items[i]);
		pl_buf_puts(s->b, "</tspan>");
	}
	pl_buf_puts(s->b, "</text>");
}

static void shape_attrs(svg *s, const kind_def *k)
{
	pl_buf_printf(s->b, " class=\"%s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"",
		      k->cls, k->fill, k->stroke, k->stroke_width);
}

static void draw_node(svg *s, const item *x, size_t index)
{
	const kind_def *k = &kinds[x->kind];
	Agnode_t *n = x->node;
	double cx = sx(s, ND_coord(n).x), cy = sy(s, ND_coord(n).y);
	double w = ND_width(n) * 72.0, h = ND_height(n) * 72.0;
	double l = cx - w / 2, t = cy - h / 2, r = cx + w / 2, btm = cy + h / 2;
	double text_cy = cy;
	pl_buf *b = s->b;

	pl_buf_printf(b, "<g class=\"node\" id=\"%s-node-%zu\">", s->prefix, index);
	switch (k->shape) {
	case DG_SHAPE_NOTE:
		pl_buf_puts(b, "<path");
		shape_attrs(s, k);
		pl_buf_puts(b, " d=\"M");
		put_point(b, l, t);
		pl_buf_puts(b, "H");
		put_num(b, r - DG_FOLD);
		pl_buf_puts(b, "L");
		put_point(b, r, t + DG_FOLD);
		pl_buf_puts(b, "V");
		put_num(b, btm);
		pl_buf_puts(b, "H");
		put_num(b, l);
		pl_buf_puts(b, "Z\"/><path fill=\"" DG_BACKGROUND "\" stroke=\"");
		pl_buf_puts(b, k->stroke);
		pl_buf_printf(b, "\" stroke-width=\"%s\" d=\"M", k->stroke_width);
		put_point(b, r - DG_FOLD, t);
		pl_buf_puts(b, "V");
		put_num(b, t + DG_FOLD);
		pl_buf_puts(b, "H");
		put_num(b, r);
		pl_buf_puts(b, "Z\"/>");
		break;
	case DG_SHAPE_CYLINDER:
		pl_buf_puts(b, "<path");
		shape_attrs(s, k);
		pl_buf_puts(b, " d=\"M");
		put_point(b, l, t + DG_CYL_RY);
		pl_buf_puts(b, "V");
		put_num(b, btm - DG_CYL_RY);
		pl_buf_puts(b, "A");
		put_point(b, w / 2, DG_CYL_RY);
		pl_buf_puts(b, " 0 0 0 ");
		put_point(b, r, btm - DG_CYL_RY);
		pl_buf_puts(b, "V");
		put_num(b, t + DG_CYL_RY);
		pl_buf_puts(b, "A");
		put_point(b, w / 2, DG_CYL_RY);
		pl_buf_puts(b, " 0 0 0 ");
		put_point(b, l, t + DG_CYL_RY);
		pl_buf_puts(b, "Z\"/><path fill=\"none\" stroke=\"");
		pl_buf_puts(b, k->stroke);
		pl_buf_printf(b, "\" stroke-width=\"%s\" d=\"M", k->stroke_width);
		put_point(b, l, t + DG_CYL_RY);
		pl_buf_puts(b, "A");
		put_point(b, w / 2, DG_CYL_RY);
		pl_buf_puts(b, " 0 0 0 ");
		put_point(b, r, t + DG_CYL_RY);
		pl_buf_puts(b, "\"/>");
		text_cy = cy + DG_CYL_RY / 2;
		break;
	case DG_SHAPE_ROUNDED:
		pl_buf_puts(b, "<rect");
		shape_attrs(s, k);
		pl_buf_puts(b, " x=\"");
		put_num(b, l);
		pl_buf_puts(b, "\" y=\"");
		put_num(b, t);
		pl_buf_puts(b, "\" width=\"");
		put_num(b, w);
		pl_buf_puts(b, "\" height=\"");
		put_num(b, h);
		pl_buf_puts(b, "\" rx=\"");
		put_num(b, DG_ROUND);
		pl_buf_puts(b, "\"/>");
		break;
	case DG_SHAPE_HEXAGON: {
		/* Graphviz's own corners, so that arrows end on the outline */
		const polygon_t *p = ND_shape_info(n);
		pointf v[6];
		int i;
		if (p && p->sides == 6 && p->vertices) {
			for (i = 0; i < 6; i++)
				v[i] = p->vertices[i];
		} else {
			const double q[6][2] = { { 0.5, 0 }, { 0.25, 0.5 }, { -0.25, 0.5 },
						 { -0.5, 0 }, { -0.25, -0.5 }, { 0.25, -0.5 } };
			for (i = 0; i < 6; i++) {
				v[i].x = q[i][0] * w;
				v[i].y = q[i][1] * h;
			}
		}
		pl_buf_puts(b, "<polygon");
		shape_attrs(s, k);
		pl_buf_puts(b, " points=\"");
		for (i = 0; i < 6; i++) {
			if (i)
				pl_buf_putc(b, ' ');
			put_point(b, cx + v[i].x, cy - v[i].y);
		}
		pl_buf_puts(b, "\"/>");
		break;
	}
	case DG_SHAPE_ELLIPSE:
	default:
		pl_buf_puts(b, "<ellipse");
		shape_attrs(s, k);
		pl_buf_puts(b, " cx=\"");
		put_num(b, cx);
		pl_buf_puts(b, "\" cy=\"");
		put_num(b, cy);
		pl_buf_puts(b, "\" rx=\"");
		put_num(b, w / 2);
		pl_buf_puts(b, "\" ry=\"");
		put_num(b, h / 2);
		pl_buf_puts(b, "\"/>");
		break;
	}
	text_lines(s, &x->lines, cx, text_cy);
	pl_buf_puts(b, "</g>\n");
}

static void draw_edge(svg *s, const model_link *lk, const model *m, size_t index)
{
	const splines *spl = ED_spl(lk->edge);
	pl_buf *b = s->b;
	int i, j;

	pl_buf_printf(b, "<g class=\"edge\" id=\"%s-edge-%zu\">", s->prefix, index);
	if (!spl || spl->size == 0) {
		/* no route (should not happen): a straight line */
		Agnode_t *t = m->items[lk->from].node, *h = m->items[lk->to].node;
		pl_buf_puts(b, "<path fill=\"none\" stroke=\"" DG_EDGE_COLOUR "\" stroke-width=\"1.2\" d=\"M");
		put_point(b, sx(s, ND_coord(t).x), sy(s, ND_coord(t).y));
		pl_buf_puts(b, "L");
		put_point(b, sx(s, ND_coord(h).x), sy(s, ND_coord(h).y));
		pl_buf_puts(b, "\"/></g>\n");
		return;
	}
	for (i = 0; i < spl->size; i++) {
		const bezier *bz = &spl->list[i];
		if (bz->size < 1)
			continue;
		pl_buf_puts(b, "<path fill=\"none\" stroke=\"" DG_EDGE_COLOUR "\" stroke-width=\"1.2\" d=\"M");
		put_point(b, sx(s, bz->list[0].x), sy(s, bz->list[0].y));
		for (j = 1; j + 2 < bz->size; j += 3) {
			pl_buf_puts(b, "C");
			put_point(b, sx(s, bz->list[j].x), sy(s, bz->list[j].y));
			pl_buf_putc(b, ' ');
			put_point(b, sx(s, bz->list[j + 1].x), sy(s, bz->list[j + 1].y));
			pl_buf_putc(b, ' ');
			put_point(b, sx(s, bz->list[j + 2].x), sy(s, bz->list[j + 2].y));
		}
		pl_buf_puts(b, "\"/>");
		if (bz->eflag) {
			/* Graphviz's "normal" arrowhead: from the spline's end
			 * to ep, 0.35 of its length to either side */
			pointf end = bz->list[bz->size - 1], tip = bz->ep;
			double ux = tip.x - end.x, uy = tip.y - end.y;
			double vx = -uy * 0.35, vy = ux * 0.35;
			pl_buf_puts(b, "<polygon fill=\"" DG_EDGE_COLOUR "\" stroke=\"" DG_EDGE_COLOUR
				    "\" stroke-width=\"1.2\" points=\"");
			put_point(b, sx(s, end.x + vx), sy(s, end.y + vy));
			pl_buf_putc(b, ' ');
			put_point(b, sx(s, tip.x), sy(s, tip.y));
			pl_buf_putc(b, ' ');
			put_point(b, sx(s, end.x - vx), sy(s, end.y - vy));
			pl_buf_puts(b, "\"/>");
		}
	}
	pl_buf_puts(b, "</g>\n");
}

/* The text alternative: each column with its items, then the links. */
static void describe(pl_buf *b, const model *m, const char *const *labels)
{
	size_t c, i;
	const char *sep = "";
	for (c = 0; c < PL_DIAGRAM_COLUMNS; c++) {
		size_t shown = 0;
		pl_buf_puts(b, sep);
		xml_text(b, labels[c]);
		pl_buf_printf(b, " (%zu)", m->count[c]);
		for (i = 0; i < m->nitems; i++) {
			if (kinds[m->items[i].kind].col != c)
				continue;
			pl_buf_puts(b, shown++ ? "; " : ": ");
			xml_text(b, m->items[i].title);
		}
		pl_buf_puts(b, ".");
		sep = " ";
	}
	for (i = 0; i < m->nlinks; i++) {
		pl_buf_puts(b, i ? "; " : " ");
		xml_text(b, m->items[m->links[i].from].title);
		pl_buf_puts(b, " \xe2\x86\x92 ");
		xml_text(b, m->items[m->links[i].to].title);
	}
	if (m->nlinks)
		pl_buf_puts(b, ".");
}

static void write_svg(pl_buf *b, const model *m, Agraph_t *g, const char *prefix,
		      const char *title, const char *const *labels)
{
	boxf bb = GD_bb(g);
	size_t c, i, head_lines = 1;
	double head_h, width, height;
	svg s;

	for (c = 0; c < PL_DIAGRAM_COLUMNS; c++)
		if (m->heading[c].count > head_lines)
			head_lines = m->heading[c].count;
	head_h = DG_LINE_H * (double)head_lines + DG_HEADING_GAP;
	width = bb.UR.x - bb.LL.x + 2 * DG_MARGIN;
	height = bb.UR.y - bb.LL.y + head_h + 2 * DG_MARGIN;
	s.b = b;
	s.prefix = prefix;
	s.x0 = bb.LL.x - DG_MARGIN;
	s.y0 = bb.UR.y + DG_MARGIN + head_h;

	pl_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"%s\" class=\"pl-diagram\" "
		      "role=\"img\" aria-labelledby=\"%s-title %s-desc\" width=\"",
		      prefix, prefix, prefix);
	put_num(b, width);
	pl_buf_puts(b, "\" height=\"");
	put_num(b, height);
	pl_buf_puts(b, "\" viewBox=\"0 0 ");
	put_num(b, width);
	pl_buf_putc(b, ' ');
	put_num(b, height);
	pl_buf_printf(b, "\" font-family=\"sans-serif\" font-size=\"%d\">\n", DG_FONT_SIZE);
	pl_buf_printf(b, "<title id=\"%s-title\">", prefix);
	xml_text(b, title);
	pl_buf_printf(b, "</title>\n<desc id=\"%s-desc\">", prefix);
	describe(b, m, labels);
	pl_buf_puts(b, "</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"" DG_BACKGROUND "\"/>\n");

	pl_buf_puts(b, "<g class=\"headings\" font-weight=\"bold\" text-anchor=\"middle\" fill=\""
		    DG_TEXT_COLOUR "\">\n");
	for (c = 0; c < PL_DIAGRAM_COLUMNS; c++) {
		double x = sx(&s, ND_coord(m->anchor[c]).x);
		pl_buf_puts(b, "<text>");
		for (i = 0; i < m->heading[c].count; i++) {
			pl_buf_puts(b, "<tspan x=\"");
			put_num(b, x);
			pl_buf_puts(b, "\" y=\"");
			put_num(b, DG_MARGIN + DG_LINE_H * ((double)i + 0.5) + DG_BASELINE);
			pl_buf_puts(b, "\">");
			xml_escape(b, m->heading[c].items[i]);
			pl_buf_puts(b, "</tspan>");
		}
		pl_buf_puts(b, "</text>\n");
	}
	pl_buf_puts(b, "</g>\n");
	/* edges first, so that nodes cover their ends */
	for (i = 0; i < m->nlinks; i++)
		draw_edge(&s, &m->links[i], m, i);
	for (i = 0; i < m->nitems; i++)
		draw_node(&s, &m->items[i], i);
	pl_buf_puts(b, "</svg>\n");
}

static int prefix_ok(const char *p)
{
	size_t n = 0;
	if (!p || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	for (; *p; p++, n++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return 0;
	return n <= 64;
}

int pl_diagram_svg(const json_t *logic_model, const char *id_prefix,
		   const pl_diagram_options *opts, pl_buf *out)
{
	model m;
	pl_strset seen = PL_STRSET_INIT;
	const char *labels[PL_DIAGRAM_COLUMNS];
	char *title = NULL;
	GVC_t *gvc = NULL;
	Agraph_t *g = NULL;
	agusererrf old_errf = NULL;
	locale_t c_locale = (locale_t)0, old_locale = (locale_t)0;
	gvplugin_library_t *dot;
	pl_buf svgbuf = PL_BUF_INIT;
	int errf_set = 0, rc = 0;
	size_t c, i;

	memset(&m, 0, sizeof(m));
	if (!logic_model || !out)
		return pl_error_set(PL_EUSAGE, "diagram: no logic model or no output buffer");
	if (!prefix_ok(id_prefix))
		return pl_error_set(PL_EUSAGE,
				    "diagram: bad id prefix '%s': use 1-64 letters, digits, '-' or '_', starting with a letter",
				    id_prefix ? id_prefix : "(null)");
	if (!json_is_object(logic_model))
		return pl_error_set(PL_EINVALID, "logic model: not a JSON object");

	for (c = 0; c < PL_DIAGRAM_COLUMNS; c++)
		labels[c] = opts && opts->labels[c] ? opts->labels[c] : default_labels[c];
	if (opts && opts->title) {
		title = pl_strdup(opts->title);
	} else {
		const char *region = json_string_value(json_object_get(logic_model, "region"));
		const char *mdl = json_string_value(json_object_get(logic_model, "model"));
		title = region && mdl ? pl_strfmt("%s \xe2\x80\x93 %s", region, mdl)
				      : pl_strdup("Logic model");
	}

	if ((rc = read_items(&m, logic_model)) < 0 ||
	    (rc = read_links(&m, logic_model, DG_KIND_ELEMENT, DG_KIND_MECHANISM, "elements", &seen)) < 0 ||
	    (rc = read_links(&m, logic_model, DG_KIND_MECHANISM, DG_KIND_OUTCOME, "mechanisms", &seen)) < 0)
		goto done;
	size_items(&m);
	for (c = 0; c < PL_DIAGRAM_COLUMNS; c++) {
		wrap(&m.heading[c], labels[c], DG_WRAP);
		for (i = 0; i < m.heading[c].count; i++) {
			double w = line_width(m.heading[c].items[i], DG_BOLD_SCALE);
			if (w > m.heading_w[c])
				m.heading_w[c] = w;
		}
	}

	/* Graphviz reads numbers with strtod, which follows the locale */
	c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c_locale)
		old_locale = uselocale(c_locale);
	old_errf = agseterrf(capture_message);
	errf_set = 1;
	pl_buf_clear(&gv_messages);

	dot = dot_plugin();
	if (dot) {
		lt_symlist_t builtins[2] = { { "gvplugin_dot_layout_LTX_library", NULL },
					     { NULL, NULL } };
		builtins[0].address = dot;
		gvc = gvContextPlugins(builtins, 0);
	} else {
		/* no plugin where we looked: let Graphviz find its plugins */
		gvc = gvContext();
	}
	if (!gvc) {
		rc = pl_error_set(PL_ERROR, "diagram: cannot start graphviz");
		goto done;
	}
	g = agopen((char *)"logic_model", Agdirected, NULL);
	if (!g) {
		rc = pl_error_set(PL_ERROR, "diagram: graphviz cannot create a graph");
		goto done;
	}
	build_graph(&m, g);
	if (gvLayout(gvc, g, "dot") != 0) {
		/* one line: Graphviz ends its messages with line breaks */
		for (i = 0; i < gv_messages.len; i++)
			if (gv_messages.ptr[i] == '\n' || gv_messages.ptr[i] == '\r')
				gv_messages.ptr[i] = ' ';
		while (gv_messages.len && gv_messages.ptr[gv_messages.len - 1] == ' ')
			pl_buf_truncate(&gv_messages, gv_messages.len - 1);
		rc = pl_error_set(PL_ERROR, "diagram: graphviz cannot lay out the logic model%s%s",
				  gv_messages.len ? ": " : "", gv_messages.ptr);
		goto done;
	}
	write_svg(&svgbuf, &m, g, id_prefix, title, labels);
	pl_buf_add(out, svgbuf.ptr, svgbuf.len);

done:
	if (gvc && g)
		gvFreeLayout(gvc, g);
	if (g)
		agclose(g);
	if (gvc)
		gvFreeContext(gvc);
	if (errf_set)
		agseterrf(old_errf);
	pl_buf_release(&gv_messages);
	if (c_locale) {
		uselocale(old_locale);
		freelocale(c_locale);
	}
	pl_buf_release(&svgbuf);
	for (i = 0; i < m.nitems; i++)
		pl_strlist_release(&m.items[i].lines);
	for (c = 0; c < PL_DIAGRAM_COLUMNS; c++)
		pl_strlist_release(&m.heading[c]);
	free(m.items);
	free(m.links);
	pl_strset_release(&seen);
	free(title);
	return rc;
}
