#include "helpers.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "diagram.h"
#include "error.h"
#include "strset.h"
#include "text.h"

/* ---- helpers ------------------------------------------------------------ */

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	const char *p = hay;
	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += len;
	}
	return n;
}

static json_t *parse(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, 0, &err);
	if (!v)
		fail_msg("bad test JSON: %s", err.text);
	return v;
}

static int is_name_char(char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
	       (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

static const char *entity_end(const char *p)
{
	/* p at '&': only XML's predefined entities and character references */
	static const char *const named[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	size_t i;
	for (i = 0; i < 5; i++)
		if (!strncmp(p, named[i], strlen(named[i])))
			return p + strlen(named[i]);
	if (p[1] == '#') {
		const char *q = p + 2;
		int hex = *q == 'x';
		if (hex)
			q++;
		if (!(hex ? strchr("0123456789abcdefABCDEF", *q) : strchr("0123456789", *q)) || !*q)
			return NULL;
		while (*q && (hex ? strchr("0123456789abcdefABCDEF", *q) : strchr("0123456789", *q)))
			q++;
		return *q == ';' ? q + 1 : NULL;
	}
	return NULL;
}

static int ci_contains(const char *hay, size_t n, const char *needle)
{
	size_t i, j, m = strlen(needle);
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++) {
			char c = hay[i + j];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != needle[j])
				break;
		}
		if (j == m)
			return 1;
	}
	return 0;
}

/*
 * A small XML well-formedness check for what the diagram writes: one root
 * element, matching tags, quoted attributes without '<', no duplicate
 * attribute, only predefined entities, no comments, PIs or DOCTYPE, valid
 * UTF-8.  Also rejects what must never be in a report's SVG (href, on*
 * handlers, javascript: values, script/a/foreignObject/image/use/style
 * elements) and checks that every id starts with prefix and is unique.
 * Returns NULL or what is wrong (static).
 */
static const char *xml_check(const char *s, const char *prefix)
{
	static char why[256];
	const char *stack[64];
	size_t lens[64], depth = 0, plen = strlen(prefix);
	int root_done = 0, root_seen = 0;
	const char *p = s;
	pl_strset ids = PL_STRSET_INIT;
	const char *err = NULL;

	if (pl_utf8_valid_prefix(s, strlen(s)) != strlen(s))
		return "not valid UTF-8";
	while (*p && !err) {
		if (*p == '<') {
			const char *name;
			size_t nlen;
			if (p[1] == '!' || p[1] == '?') {
				err = "comment, DOCTYPE or processing instruction";
				break;
			}
			if (p[1] == '/') {
				p += 2;
				name = p;
				while (is_name_char(*p, p == name))
					p++;
				nlen = (size_t)(p - name);
				while (*p == ' ' || *p == '\n')
					p++;
				if (*p != '>') {
					err = "bad end tag";
					break;
				}
				if (!depth || lens[depth - 1] != nlen || strncmp(stack[depth - 1], name, nlen)) {
					(void)snprintf(why, sizeof(why), "end tag </%.*s> does not match", (int)nlen, name);
					err = why;
					break;
				}
				depth--;
				if (!depth)
					root_done = 1;
				p++;
				continue;
			}
			if (root_done) {
				err = "a second root element";
				break;
			}
			p++;
			name = p;
			while (is_name_char(*p, p == name))
				p++;
			nlen = (size_t)(p - name);
			if (!nlen) {
				err = "'<' without a tag name";
				break;
			}
			{
				static const char *const banned[] = { "script", "a", "foreignObject", "image",
								      "use", "style", "iframe" };
				size_t i;
				for (i = 0; i < sizeof(banned) / sizeof(banned[0]); i++)
					if (nlen == strlen(banned[i]) && !strncmp(name, banned[i], nlen))
						err = "a banned element";
			}
			{
				char seen[32][32];
				size_t nseen = 0, i;
				for (;;) {
					const char *an, *val;
					size_t alen;
					char q;
					while (*p == ' ' || *p == '\n' || *p == '\t')
						p++;
					if (*p == '/' && p[1] == '>') {
						p += 2;
						if (!depth)
							root_done = 1;
						break;
					}
					if (*p == '>') {
						if (depth == 64) {
							err = "too deep";
							break;
						}
						stack[depth] = name;
						lens[depth++] = nlen;
						root_seen = 1;
						p++;
						break;
					}
					an = p;
					while (is_name_char(*p, p == an))
						p++;
					alen = (size_t)(p - an);
					if (!alen || *p != '=' || (p[1] != '"' && p[1] != '\'')) {
						err = "bad attribute";
						break;
					}
					for (i = 0; i < nseen; i++)
						if (strlen(seen[i]) == alen && !strncmp(seen[i], an, alen))
							err = "duplicate attribute";
					if (nseen < 32 && alen < 32) {
						memcpy(seen[nseen], an, alen);
						seen[nseen++][alen] = '\0';
					}
					if ((alen >= 4 && !strncmp(an + alen - 4, "href", 4)) ||
					    (alen > 2 && !strncmp(an, "on", 2)))
						err = "href or event handler attribute";
					q = p[1];
					p += 2;
					val = p;
					while (*p && *p != q) {
						if (*p == '<') {
							err = "'<' in an attribute value";
							break;
						}
						if (*p == '&') {
							const char *e = entity_end(p);
							if (!e) {
								err = "bad entity in an attribute";
								break;
							}
							p = e;
							continue;
						}
						p++;
					}
					if (err)
						break;
					if (!*p) {
						err = "unterminated attribute";
						break;
					}
					if (ci_contains(val, (size_t)(p - val), "javascript:"))
						err = "javascript: in an attribute";
					if (alen == 2 && !strncmp(an, "id", 2)) {
						char *id = pl_strndup(val, (size_t)(p - val));
						if (strncmp(id, prefix, plen) || (id[plen] && id[plen] != '-'))
							err = "an id without the prefix";
						if (!pl_strset_add(&ids, id, 0))
							err = "a repeated id";
						free(id);
					}
					p++;
				}
			}
			continue;
		}
		if (*p == '&') {
			const char *e = entity_end(p);
			if (!e) {
				err = "bad entity";
				break;
			}
			p = e;
			continue;
		}
		if (*p == '>') {
			err = "raw '>' in text"; /* allowed in XML, but we escape it */
			break;
		}
		if (!depth && *p != '\n' && *p != ' ') {
			err = "text outside the root element";
			break;
		}
		p++;
	}
	if (!err && depth)
		err = "unclosed element";
	if (!err && !root_seen)
		err = "no root element";
	pl_strset_release(&ids);
	return err;
}

static void assert_xml_at(const char *svg, const char *prefix, const char *file, int line)
{
	const char *err = xml_check(svg, prefix);
	if (err) {
		print_error("%s\n", svg);
		_fail(file, line);
		print_error("not a good SVG: %s\n", err);
	}
	if (strncmp(svg, "<svg", 4))
		_fail(file, line);
}
#define assert_xml(svg, prefix) assert_xml_at(svg, prefix, __FILE__, __LINE__)

static char *render(const json_t *lm, const char *prefix, const pl_diagram_options *opts)
{
	pl_buf out = PL_BUF_INIT;
	int rc = pl_diagram_svg(lm, prefix, opts, &out);
	if (rc != 0)
		fail_msg("pl_diagram_svg: %d %s", rc, pl_error_last());
	return pl_buf_detach(&out);
}

static char *render_text(const char *json, const char *prefix, const pl_diagram_options *opts)
{
	json_t *lm = parse(json);
	char *svg = render(lm, prefix, opts);
	json_decref(lm);
	return svg;
}

static size_t array_size(const json_t *lm, const char *key)
{
	return json_array_size(json_object_get(lm, key));
}

static int has_id(const json_t *arr, const char *id)
{
	size_t i;
	for (i = 0; i < json_array_size(arr); i++) {
		const char *v = json_string_value(json_object_get(json_array_get(arr, i), "id"));
		if (v && !strcmp(v, id))
			return 1;
	}
	return 0;
}

/* Links whose ends exist, each (from, to) once. */
static size_t expected_links(const json_t *lm, const char *to_key, const char *from_key,
			     const char *member)
{
	const json_t *to = json_object_get(lm, to_key), *from = json_object_get(lm, from_key);
	size_t i, j, k, n = 0;
	for (i = 0; i < json_array_size(to); i++) {
		const json_t *refs = json_object_get(json_array_get(to, i), member);
		for (j = 0; j < json_array_size(refs); j++) {
			const char *r = json_string_value(json_array_get(refs, j));
			int dup = 0;
			for (k = 0; k < j; k++)
				dup |= !strcmp(r, json_string_value(json_array_get(refs, k)));
			n += !dup && has_id(from, r);
		}
	}
	return n;
}

/* The example logic models (absolute paths), sorted. */
static pl_strlist example_models(void)
{
	pl_strlist out = PL_STRLIST_INIT;
	const char *src = getenv("PILOTTI_SRC");
	char *regions;
	DIR *d;
	struct dirent *r;

	assert_non_null(src);
	regions = pl_strfmt("%s/examples/thl-2022/tp3/regions", src);
	d = opendir(regions);
	assert_non_null(d);
	while ((r = readdir(d)) != NULL) {
		char *rdir;
		DIR *md;
		struct dirent *mm;
		if (r->d_name[0] == '.')
			continue;
		rdir = pl_strfmt("%s/%s", regions, r->d_name);
		md = opendir(rdir);
		while (md && (mm = readdir(md)) != NULL) {
			char *path;
			struct stat st;
			if (mm->d_name[0] == '.')
				continue;
			path = pl_strfmt("%s/%s/logic-model.json", rdir, mm->d_name);
			if (stat(path, &st) == 0)
				pl_strlist_add_owned(&out, path);
			else
				free(path);
		}
		if (md)
			closedir(md);
		free(rdir);
	}
	closedir(d);
	free(regions);
	/* readdir order is the file system's: sort for stable messages */
	{
		size_t i, j;
		for (i = 1; i < out.count; i++)
			for (j = i; j > 0 && strcmp(out.items[j - 1], out.items[j]) > 0; j--) {
				char *t = out.items[j];
				out.items[j] = out.items[j - 1];
				out.items[j - 1] = t;
			}
	}
	return out;
}

/* Text of node n's lines, joined by '|' (node text has no markup). */
static char *node_lines(const char *svg, const char *prefix, size_t n)
{
	pl_buf b = PL_BUF_INIT;
	char *id = pl_strfmt("id=\"%s-node-%zu\"", prefix, n);
	const char *p = strstr(svg, id), *end;
	assert_non_null(p);
	end = strstr(p, "</g>");
	while ((p = strstr(p, "<tspan")) != NULL && p < end) {
		const char *t = strchr(p, '>') + 1, *e = strstr(t, "</tspan>");
		if (b.len)
			pl_buf_putc(&b, '|');
		pl_buf_add(&b, t, (size_t)(e - t));
		p = e;
	}
	free(id);
	return pl_buf_detach(&b);
}

/* ---- tests --------------------------------------------------------------- */

static void renders_every_example(void **state)
{
	pl_strlist models = example_models();
	size_t i, k;
	double total_ms = 0;
	(void)state;

	assert_true(models.count >= 10);
	for (i = 0; i < models.count; i++) {
		json_error_t err;
		json_t *lm = json_load_file(models.items[i], 0, &err);
		pl_diagram_options opts = { "Alue \xe2\x80\x93 malli",
					    { "Toimintaymp\xc3\xa4rist\xc3\xb6 ja toimijat", "Resurssit",
					      "Ydinelementit", "Mekanismit", "Tulokset" } };
		pl_buf out = PL_BUF_INIT;
		struct timespec t0, t1;
		size_t nodes = 0, edges;
		const char *kinds[] = { "context", "actors", "resources", "core_elements",
					"mechanisms", "outcomes" };

		assert_non_null(lm);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_int_equal(pl_diagram_svg(lm, "lm-example", &opts, &out), 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		total_ms += (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;

		assert_xml(out.ptr, "lm-example");
		for (k = 0; k < 6; k++)
			nodes += array_size(lm, kinds[k]);
		edges = expected_links(lm, "mechanisms", "core_elements", "elements") +
			expected_links(lm, "outcomes", "mechanisms", "mechanisms");
		assert_true(nodes > 0 && edges > 0);
		if (count_of(out.ptr, "<g class=\"node\"") != nodes ||
		    count_of(out.ptr, "<g class=\"edge\"") != edges)
			fail_msg("%s: %zu nodes and %zu edges drawn, want %zu and %zu", models.items[i],
				 count_of(out.ptr, "<g class=\"node\""),
				 count_of(out.ptr, "<g class=\"edge\""), nodes, edges);
		assert_int_equal(count_of(out.ptr, "<title id=\"lm-example-title\">"), 1);
		assert_int_equal(count_of(out.ptr, "<desc id=\"lm-example-desc\">"), 1);
		assert_non_null(strstr(out.ptr, "role=\"img\""));
		assert_non_null(strstr(out.ptr, "aria-labelledby=\"lm-example-title lm-example-desc\""));
		assert_non_null(strstr(out.ptr, "<title id=\"lm-example-title\">Alue \xe2\x80\x93 malli</title>"));
		assert_non_null(strstr(out.ptr, ">Ydinelementit<"));
		assert_null(strstr(out.ptr, "<?xml"));
		assert_null(strstr(out.ptr, "<!--"));
		assert_null(strstr(out.ptr, "/work/"));
		pl_buf_release(&out);
		json_decref(lm);
	}
	print_message("%zu diagrams, %.1f ms each\n", models.count, total_ms / (double)models.count);
	pl_strlist_release(&models);
}

static void output_is_identical_on_two_runs(void **state)
{
	pl_strlist models = example_models();
	size_t i;
	(void)state;
	for (i = 0; i < models.count; i++) {
		json_t *lm = json_load_file(models.items[i], 0, NULL);
		char *a = render(lm, "d", NULL);
		char *b = render(lm, "d", NULL);
		assert_string_equal(a, b);
		free(a);
		free(b);
		json_decref(lm);
	}
	pl_strlist_release(&models);
}

static const char hostile_model[] =
	"{\"region\": \"<script>alert(1)</script>\", \"model\": \"m\","
	" \"context\": [{\"id\": \"c\", \"title\": \"<script>alert(1)</script>\"}],"
	" \"actors\": [{\"id\": \"a\", \"title\": \"\\\"><img src=x onerror=y>\"}],"
	" \"resources\": [{\"id\": \"r\", \"title\": \"javascript:alert(1)\"}],"
	" \"core_elements\": [{\"id\": \"e\\\"><x\", \"title\": \"& < > ' \\\"\"},"
	"                     {\"id\": \"f\", \"title\": \"\\\\N \\\\G \\\\L {a|<p> b} &amp; &nbsp; \\u0001\\u007f\\ufffe end\"}],"
	" \"mechanisms\": [{\"id\": \"m\", \"title\": \"<b>bold</b>\", \"elements\": [\"e\\\"><x\", \"f\"]}],"
	" \"outcomes\": [{\"id\": \"o\", \"title\": \"]]> <![CDATA[ x\", \"mechanisms\": [\"m\"]}]}";

static void hostile_strings_appear_only_escaped(void **state)
{
	pl_diagram_options opts = { "<script>alert(1)</script> & title",
				    { "\"><img src=x onerror=y>", "javascript:alert(1)", "& < >",
				      "<b>", "'" } };
	char *svg = render_text(hostile_model, "h", &opts);
	(void)state;

	assert_xml(svg, "h");
	assert_null(strstr(svg, "<script"));
	assert_null(strstr(svg, "<img"));
	assert_null(strstr(svg, "<b>"));
	assert_null(strstr(svg, "href"));
	assert_null(strstr(svg, "<![CDATA["));
	assert_null(strstr(svg, "\x01"));
	assert_null(strstr(svg, "\x7f"));
	assert_null(strstr(svg, "\xef\xbf\xbe"));
	assert_non_null(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(svg, "&quot;&gt;&lt;img src=x onerror=y&gt;"));
	assert_non_null(strstr(svg, ">javascript:alert(1)<"));
	assert_non_null(strstr(svg, ">&amp; &lt; &gt; &#39; &quot;<"));
	/* Graphviz's escapes and record syntax are just text */
	assert_non_null(strstr(svg, "\\N \\G \\L {a|&lt;p&gt; b}"));
	assert_non_null(strstr(svg, "&amp;amp; &amp;nbsp;"));
	assert_non_null(strstr(svg, "]]&gt; &lt;![CDATA[ x"));
	/* the odd id still links: e -> m, f -> m, m -> o */
	assert_int_equal(count_of(svg, "<g class=\"edge\""), 3);
	free(svg);
}

static void empty_model_gives_a_small_valid_svg(void **state)
{
	char *svg = render_text("{}", "empty", NULL);
	(void)state;
	assert_xml(svg, "empty");
	assert_int_equal(count_of(svg, "<g class=\"node\""), 0);
	assert_int_equal(count_of(svg, "<g class=\"edge\""), 0);
	assert_non_null(strstr(svg, "<title id=\"empty-title\">Logic model</title>"));
	assert_non_null(strstr(svg, "<desc id=\"empty-desc\">Context and actors (0). Resources (0). "
				    "Core elements (0). Mechanisms (0). Outcomes (0).</desc>"));
	assert_true(strlen(svg) < 2000);
	free(svg);

	svg = render_text("{\"context\": [], \"actors\": [], \"resources\": [], \"core_elements\": [],"
			  " \"mechanisms\": [], \"outcomes\": [], \"omitted\": []}", "empty", NULL);
	assert_xml(svg, "empty");
	assert_int_equal(count_of(svg, "<g class=\"node\""), 0);
	free(svg);
}

static void prefix_is_in_every_id(void **state)
{
	char *a = render_text(hostile_model, "report-1_a", NULL);
	char *b = render_text(hostile_model, "report-2_b", NULL);
	(void)state;
	/* xml_check fails on any id without the prefix, or a repeated one */
	assert_xml(a, "report-1_a");
	assert_xml(b, "report-2_b");
	assert_int_equal(count_of(a, " id=\""), count_of(a, " id=\"report-1_a"));
	assert_int_equal(count_of(a, "report-2_b"), 0);
	assert_int_equal(count_of(a, " id=\""), 1 + 2 + 7 + 3); /* root, title, desc, nodes, edges */
	free(a);
	free(b);
}

static void bad_prefixes_are_refused(void **state)
{
	json_t *lm = parse("{}");
	const char *bad[] = { "", "1abc", "a b", "a\"b", "x<y", "a:b", "\xc3\xa4",
			      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
	size_t i;
	pl_buf out = PL_BUF_INIT;
	(void)state;
	pl_buf_puts(&out, "kept");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(pl_diagram_svg(lm, bad[i], NULL, &out), PL_EUSAGE);
	assert_int_equal(pl_diagram_svg(lm, NULL, NULL, &out), PL_EUSAGE);
	assert_int_equal(pl_diagram_svg(NULL, "d", NULL, &out), PL_EUSAGE);
	assert_int_equal(pl_diagram_svg(lm, "d", NULL, NULL), PL_EUSAGE);
	assert_string_equal(out.ptr, "kept");
	pl_buf_release(&out);
	json_decref(lm);
}

static void bad_shapes_are_refused_and_out_kept(void **state)
{
	const char *bad[] = {
		"[]",
		"{\"core_elements\": 3}",
		"{\"core_elements\": [3]}",
		"{\"core_elements\": [{\"id\": \"e\", \"title\": 7}]}",
		"{\"mechanisms\": [{\"id\": \"m\", \"title\": \"M\", \"elements\": \"e\"}]}",
		"{\"outcomes\": [{\"id\": \"o\", \"title\": \"O\", \"mechanisms\": [1]}]}",
	};
	size_t i;
	pl_buf out = PL_BUF_INIT;
	(void)state;
	pl_buf_puts(&out, "kept");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *lm = parse(bad[i]);
		assert_int_equal(pl_diagram_svg(lm, "d", NULL, &out), PL_EINVALID);
		assert_true(strlen(pl_error_last()) > 0);
		json_decref(lm);
	}
	assert_string_equal(out.ptr, "kept");
	pl_buf_release(&out);
}

static void too_many_items_are_refused(void **state)
{
	json_t *lm = json_object(), *arr = json_array();
	pl_buf out = PL_BUF_INIT;
	size_t i;
	(void)state;
	for (i = 0; i <= PL_DIAGRAM_MAX_ITEMS; i++)
		json_array_append_new(arr, json_pack("{s:s}", "title", "x"));
	json_object_set_new(lm, "context", arr);
	assert_int_equal(pl_diagram_svg(lm, "d", NULL, &out), PL_EINVALID);
	assert_non_null(strstr(pl_error_last(), "1001 items"));
	assert_int_equal(out.len, 0);
	pl_buf_release(&out);
	json_decref(lm);
}

static void appends_to_out(void **state)
{
	json_t *lm = parse("{}");
	pl_buf out = PL_BUF_INIT;
	(void)state;
	pl_buf_puts(&out, "<p>before</p>\n");
	assert_int_equal(pl_diagram_svg(lm, "d1", NULL, &out), 0);
	assert_int_equal(pl_diagram_svg(lm, "d2", NULL, &out), 0);
	assert_int_equal(strncmp(out.ptr, "<p>before</p>\n<svg", 18), 0);
	assert_int_equal(count_of(out.ptr, "<svg"), 2);
	assert_int_equal(count_of(out.ptr, "</svg>\n"), 2);
	pl_buf_release(&out);
	json_decref(lm);
}

static void unknown_and_repeated_links_are_drawn_once_or_not(void **state)
{
	char *svg = render_text(
		"{\"core_elements\": [{\"id\": \"x\", \"title\": \"X\"}, {\"id\": \"x\", \"title\": \"X again\"}],"
		" \"mechanisms\": [{\"id\": \"m\", \"title\": \"M\", \"elements\": [\"x\", \"missing\", \"x\"]},"
		"                  {\"id\": \"x\", \"title\": \"same id, other kind\", \"elements\": []}],"
		" \"outcomes\": [{\"id\": \"o\", \"title\": \"O\", \"mechanisms\": [\"m\", \"m\", \"x\", \"nope\"]}]}",
		"d", NULL);
	(void)state;
	assert_xml(svg, "d");
	assert_int_equal(count_of(svg, "<g class=\"node\""), 5);
	/* x -> m once, m -> o once, x (the mechanism) -> o */
	assert_int_equal(count_of(svg, "<g class=\"edge\""), 3);
	assert_non_null(strstr(svg, "X \xe2\x86\x92 M; M \xe2\x86\x92 O; same id, other kind \xe2\x86\x92 O."));
	free(svg);
}

static void desc_lists_columns_counts_and_links(void **state)
{
	const char *json =
		"{\"region\": \"lappi\", \"model\": \"etsiva-sosiaalityo\","
		" \"context\": [{\"id\": \"k\", \"title\": \"Pitk\xc3\xa4t et\xc3\xa4isyydet\"}],"
		" \"actors\": [{\"id\": \"p\", \"title\": \"Poliisi\"}],"
		" \"resources\": [{\"id\": \"auto\", \"title\": \"Auto\"}],"
		" \"core_elements\": [{\"id\": \"j\", \"title\": \"Jalkautuminen\"}],"
		" \"mechanisms\": [{\"id\": \"t\", \"title\": \"Tavoitettavuus\", \"elements\": [\"j\"]}],"
		" \"outcomes\": [{\"id\": \"k\", \"title\": \"Kontakti syntyy\", \"mechanisms\": [\"t\"]}]}";
	char *svg = render_text(json, "d", NULL);
	(void)state;
	assert_non_null(strstr(svg, "<title id=\"d-title\">lappi \xe2\x80\x93 etsiva-sosiaalityo</title>"));
	assert_non_null(strstr(svg,
		"<desc id=\"d-desc\">Context and actors (2): Pitk\xc3\xa4t et\xc3\xa4isyydet; Poliisi. "
		"Resources (1): Auto. Core elements (1): Jalkautuminen. Mechanisms (1): Tavoitettavuus. "
		"Outcomes (1): Kontakti syntyy. Jalkautuminen \xe2\x86\x92 Tavoitettavuus; "
		"Tavoitettavuus \xe2\x86\x92 Kontakti syntyy.</desc>"));
	free(svg);
}

static void columns_differ_in_shape_and_font_is_generic(void **state)
{
	char *svg = render_text(hostile_model, "d", NULL);
	(void)state;
	assert_non_null(strstr(svg, "font-family=\"sans-serif\""));
	assert_int_equal(count_of(svg, "<path class=\"context\""), 1);
	assert_int_equal(count_of(svg, "<path class=\"actor\""), 1);
	assert_int_equal(count_of(svg, "<path class=\"resource\""), 1);
	assert_int_equal(count_of(svg, "<rect class=\"element\""), 2);
	assert_int_equal(count_of(svg, "<polygon class=\"mechanism\""), 1);
	assert_int_equal(count_of(svg, "<ellipse class=\"outcome\""), 1);
	/* resources are cylinders (arcs), context notes (no arcs) */
	assert_non_null(strstr(strstr(svg, "<path class=\"resource\""), " 0 0 0 "));
	assert_null(strstr(svg, "font-family=\"Times"));
	free(svg);
}

static void long_titles_wrap_on_words_and_characters(void **state)
{
	/* 28 characters per line; "ä" is two bytes but one character */
	const char *json =
		"{\"core_elements\": ["
		" {\"id\": \"a\", \"title\": \"Asiakkaan osallisuus ja luottamuksen rakentaminen pitk\xc3\xa4ll\xc3\xa4 aikav\xc3\xa4lill\xc3\xa4\"},"
		" {\"id\": \"b\", \"title\": \"\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
		"\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
		"\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
		"\xc3\xa4\xc3\xa4\xc3\xa4\"},"
		" {\"id\": \"c\", \"title\": \"Kuntien vapaa-aika- ja nuorisopalvelut sek\xc3\xa4 seurakunnat\"},"
		" {\"id\": \"d\", \"title\": \"  Lyhyt\\n\\totsikko  \"},"
		" {\"id\": \"e\", \"title\": \"bbbbbbbbbbbbbbbbbbbbbbbbbbba\u0308\u0308\u0308cccc\"}]}";
	char *svg = render_text(json, "w", NULL);
	char *l;
	(void)state;
	assert_xml(svg, "w");
	l = node_lines(svg, "w", 0);
	assert_string_equal(l, "Asiakkaan osallisuus ja|luottamuksen rakentaminen|pitk\xc3\xa4ll\xc3\xa4 aikav\xc3\xa4lill\xc3\xa4");
	free(l);
	l = node_lines(svg, "w", 1); /* 33 characters, no space: cut after 28 */
	assert_string_equal(l, "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
			       "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
			       "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4|"
			       "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4");
	free(l);
	l = node_lines(svg, "w", 2); /* breaks after a hyphen too */
	assert_string_equal(l, "Kuntien vapaa-aika- ja|nuorisopalvelut sek\xc3\xa4|seurakunnat");
	free(l);
	l = node_lines(svg, "w", 3);
	assert_string_equal(l, "Lyhyt otsikko");
	free(l);
	l = node_lines(svg, "w", 4); /* combining marks stay with their letter */
	assert_string_equal(l, "bbbbbbbbbbbbbbbbbbbbbbbbbbba\xcc\x88\xcc\x88\xcc\x88|cccc");
	free(l);
	free(svg);
}

static void very_long_titles_are_cut(void **state)
{
	json_t *lm = json_object(), *arr = json_array();
	pl_buf title = PL_BUF_INIT;
	char *svg, *l;
	size_t i;
	(void)state;
	for (i = 0; i < 300; i++)
		pl_buf_puts(&title, "sana ");
	json_array_append_new(arr, json_pack("{s:s, s:s}", "id", "x", "title", title.ptr));
	json_object_set_new(lm, "context", arr);
	svg = render(lm, "d", NULL);
	assert_xml(svg, "d");
	l = node_lines(svg, "d", 0);
	assert_true(strlen(l) < 700);
	assert_non_null(strstr(l, "\xe2\x80\xa6"));
	free(l);
	free(svg);
	pl_buf_release(&title);
	json_decref(lm);
}

static void nothing_is_printed_to_stderr(void **state)
{
	char *dir = th_tempdir("diagram");
	char *path = pl_strfmt("%s/stderr", dir);
	pl_strlist models = example_models();
	int saved, fd;
	size_t i;
	struct stat st;
	pl_buf out = PL_BUF_INIT;
	(void)state;

	fflush(stderr);
	saved = dup(2);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, 2);
	close(fd);
	for (i = 0; i < models.count; i++) {
		json_t *lm = json_load_file(models.items[i], 0, NULL);
		(void)pl_diagram_svg(lm, "d", NULL, &out);
		json_decref(lm);
	}
	{
		json_t *lm = parse(hostile_model);
		(void)pl_diagram_svg(lm, "d", NULL, &out);
		(void)pl_diagram_svg(lm, "bad prefix", NULL, &out);
		json_decref(lm);
		lm = parse("{\"core_elements\": 3}");
		(void)pl_diagram_svg(lm, "d", NULL, &out);
		json_decref(lm);
	}
	fflush(stderr);
	dup2(saved, 2);
	close(saved);

	assert_int_equal(stat(path, &st), 0);
	if (st.st_size != 0)
		fail_msg("pl_diagram_svg wrote %lld bytes to stderr (see %s)", (long long)st.st_size, path);
	assert_true(out.len > 0);
	pl_buf_release(&out);
	pl_strlist_release(&models);
	th_rmtree(dir);
	free(path);
	free(dir);
}

/*
 * In a fresh process (the plugin is loaded once per process) with
 * GVBINDIR pointing nowhere, Graphviz has no layout engine: its error must
 * come back in the message, with nothing on stderr.
 */
#define NO_PLUGIN_ARG "--render-without-graphviz-plugins"

static const char *self_path = "/proc/self/exe"; /* argv[0] when it is a path */

static int render_without_plugins(void)
{
	json_t *lm = parse("{}");
	pl_buf out = PL_BUF_INIT;
	int rc = pl_diagram_svg(lm, "d", NULL, &out);
	printf("%d %zu %s\n", rc, out.len, pl_error_last());
	pl_buf_release(&out);
	json_decref(lm);
	return 0;
}

static void graphviz_errors_are_returned_not_printed(void **state)
{
	char *dir = th_tempdir("diagram");
	char *err_path = pl_strfmt("%s/stderr", dir), *out_path = pl_strfmt("%s/stdout", dir);
	char *text;
	pid_t pid;
	int status;
	struct stat st;
	FILE *f;
	(void)state;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (e < 0 || o < 0 || dup2(e, 2) < 0 || dup2(o, 1) < 0)
			_exit(90);
		setenv("GVBINDIR", "/nonexistent-graphviz-plugins", 1);
		execl(self_path, self_path, NO_PLUGIN_ARG, (char *)NULL);
		_exit(91);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(stat(err_path, &st), 0);
	assert_int_equal(st.st_size, 0);
	f = fopen(out_path, "r");
	assert_non_null(f);
	text = pl_calloc(1, 4096);
	assert_true(fread(text, 1, 4095, f) > 0);
	fclose(f);
	/* PL_ERROR, nothing appended, Graphviz's reason in the message */
	assert_int_equal(strncmp(text, "-1 0 diagram: graphviz cannot lay out", 37), 0);
	assert_non_null(strstr(text, "\"dot\" not recognized"));
	free(text);
	th_rmtree(dir);
	free(err_path);
	free(out_path);
	free(dir);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(renders_every_example),
		cmocka_unit_test(output_is_identical_on_two_runs),
		cmocka_unit_test(hostile_strings_appear_only_escaped),
		cmocka_unit_test(empty_model_gives_a_small_valid_svg),
		cmocka_unit_test(prefix_is_in_every_id),
		cmocka_unit_test(bad_prefixes_are_refused),
		cmocka_unit_test(bad_shapes_are_refused_and_out_kept),
		cmocka_unit_test(too_many_items_are_refused),
		cmocka_unit_test(appends_to_out),
		cmocka_unit_test(unknown_and_repeated_links_are_drawn_once_or_not),
		cmocka_unit_test(desc_lists_columns_counts_and_links),
		cmocka_unit_test(columns_differ_in_shape_and_font_is_generic),
		cmocka_unit_test(long_titles_wrap_on_words_and_characters),
		cmocka_unit_test(very_long_titles_are_cut),
		cmocka_unit_test(nothing_is_printed_to_stderr),
		cmocka_unit_test(graphviz_errors_are_returned_not_printed),
	};
	if (argc > 0 && strchr(argv[0], '/'))
		self_path = argv[0];
	if (argc == 2 && !strcmp(argv[1], NO_PLUGIN_ARG))
		return render_without_plugins();
	return th_run(tests);
}
