#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include <cmark.h>
#include <jansson.h>

#include "buf.h"
#include "diff_render.h"
#include "error.h"
#include "text.h"

/*
 * Documents are written with ' for " to keep the literals readable; a
 * literal ' in a string is \u0027.
 */
static json_t *load(const char *text)
{
	char *s = pl_strdup(text);
	json_error_t err;
	json_t *v;
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	v = json_loads(s, JSON_DECODE_ANY, &err);
	if (!v)
		fail_msg("bad test JSON: %s: %s", err.text, s);
	free(s);
	return v;
}

#define EMPTY_LIST "{'added': [], 'removed': [], 'renamed': [], 'changed': []}"

/* A region model with nothing in it, content_changed set. */
static json_t *region_model(const char *region, const char *model, const char *status)
{
	json_t *rm = load("{'status': 'changed', 'content_changed': true,"
			  " 'summary': {'elements_added': 0, 'elements_removed': 0, 'elements_changed': 0,"
			  "  'elements_renamed': 0, 'items_changed': 0, 'sections_added': 0,"
			  "  'sections_removed': 0, 'sections_changed': 0, 'ratings_up': 0,"
			  "  'ratings_down': 0, 'outcome_statuses_changed': 0},"
			  " 'logic_model': {'context': " EMPTY_LIST ", 'actors': " EMPTY_LIST
			  ", 'resources': " EMPTY_LIST ", 'core_elements': " EMPTY_LIST
			  ", 'omitted': " EMPTY_LIST ", 'mechanisms': " EMPTY_LIST
			  ", 'outcomes': " EMPTY_LIST ", 'configurations': " EMPTY_LIST "},"
			  " 'program_theory': {'added': [], 'removed': [], 'changed': []},"
			  " 'evaluation': {'feasibility': null, 'evaluability': null, 'fidelity': [],"
			  "  'outcomes': [], 'other_consequences': " EMPTY_LIST ","
			  "  'data': {'fields': [], 'other': " EMPTY_LIST "}}}");
	json_object_set_new(rm, "region", json_string(region));
	json_object_set_new(rm, "model", json_string(model));
	json_object_set_new(rm, "status", json_string(status));
	return rm;
}

/* Sets the member at a dotted path ("logic_model.core_elements") to value
 * (stolen). */
static void set(json_t *root, const char *path, json_t *value)
{
	char *p = pl_strdup(path), *dot, *key = p;
	json_t *o = root;
	while ((dot = strchr(key, '.'))) {
		*dot = '\0';
		o = json_object_get(o, key);
		assert_non_null(o);
		key = dot + 1;
	}
	assert_int_equal(json_object_set_new(o, key, value), 0);
	free(p);
}

static void setj(json_t *root, const char *path, const char *json)
{
	set(root, path, load(json));
}

/* The document around region models (stolen; NULL ends the list). */
static json_t *document(json_t *rm, ...)
{
	json_t *d = load("{'format': 1, 'series': 'thl-2022',"
			 " 'from': {'name': 'workshop/tp1', 'commit': '62e8b91c0d8e4f3a9b7c5d2e1f0a9b8c7d6e5f4a'},"
			 " 'to': {'name': 'workshop/tp2', 'commit': '0123456789abcdef0123456789abcdef01234567'},"
			 " 'region_models': []}");
	json_t *list = json_object_get(d, "region_models");
	va_list ap;
	va_start(ap, rm);
	for (; rm; rm = va_arg(ap, json_t *))
		json_array_append_new(list, rm);
	va_end(ap);
	return d;
}

static char *render(const json_t *d, pl_diff_style style, int color, int summary, int details)
{
	pl_diff_render_options o = { style, color, summary, details };
	pl_buf out = PL_BUF_INIT;
	int rc = pl_diff_render(d, &o, &out);
	if (rc != 0)
		fail_msg("render failed (%d): %s", rc, pl_error_last());
	assert_int_equal(pl_utf8_valid_prefix(out.ptr, out.len), out.len);
	return pl_buf_detach(&out);
}

#define expect_output(got, want) expect_output_at(got, want, __FILE__, __LINE__)
static void expect_output_at(char *got, const char *want, const char *file, int line)
{
	if (strcmp(got, want)) {
		print_error("%s:%d: output differs\n--- expected\n%s--- got\n%s---\n", file, line, want, got);
		fail();
	}
	free(got);
}

#define expect_contains(hay, needle) expect_contains_at(hay, needle, 1, __FILE__, __LINE__)
#define expect_lacks(hay, needle) expect_contains_at(hay, needle, 0, __FILE__, __LINE__)
static void expect_contains_at(const char *hay, const char *needle, int want, const char *file,
			       int line)
{
	if ((strstr(hay, needle) != NULL) != want) {
		print_error("%s:%d: output %s \"%s\":\n%s\n", file, line,
			    want ? "lacks" : "contains", needle, hay);
		fail();
	}
}

/*
 * The HTML has nothing but the tags and attributes the renderer writes
 * itself: every '<' opens one of them, every '&' is one of the five
 * references, and no quote stands outside a tag.
 */
static void expect_safe_html(const char *html)
{
	static const char *const tags[] = { "div", "p", "ul", "li", "h3", "h4", "section", "del", "ins" };
	for (const char *p = html; *p; p++) {
		if (*p == '<') {
			const char *q = p + 1;
			size_t n = 0, i;
			if (*q == '/')
				q++;
			while ((q[n] >= 'a' && q[n] <= 'z') || (q[n] >= '0' && q[n] <= '9'))
				n++;
			for (i = 0; i < sizeof(tags) / sizeof(*tags); i++)
				if (strlen(tags[i]) == n && !strncmp(tags[i], q, n))
					break;
			if (i == sizeof(tags) / sizeof(*tags))
				fail_msg("unexpected tag at \"%.40s\"", p);
			q += n;
			if (p[1] != '/' && !strncmp(q, " class=\"", 8)) {
				q += 8;
				while ((*q >= 'a' && *q <= 'z') || *q == '-' || *q == ' ')
					q++;
				if (*q != '"')
					fail_msg("bad class at \"%.40s\"", p);
				q++;
			}
			if (*q != '>')
				fail_msg("bad tag at \"%.40s\"", p);
			p = q;
		} else if (*p == '&') {
			if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) && strncmp(p, "&gt;", 4) &&
			    strncmp(p, "&quot;", 6) && strncmp(p, "&#39;", 5))
				fail_msg("bare & at \"%.40s\"", p);
		} else if (*p == '"' || *p == '\'' || *p == '>') {
			fail_msg("bare %c at \"%.40s\"", *p, p);
		}
	}
}

/* A small region model: one changed core element, one rating up. */
static json_t *small_document(void)
{
	json_t *rm = region_model("lappi", "etsiva-sosiaalityo", "changed");
	setj(rm, "summary.elements_changed", "1");
	setj(rm, "summary.items_changed", "1");
	setj(rm, "summary.ratings_up", "1");
	setj(rm, "logic_model.core_elements",
	     "{'added': [], 'removed': [], 'renamed': [], 'changed': [{'id': 'sama-tyontekija', 'fields': ["
	     " {'field': 'description', 'kind': 'text', 'before': 'Asiakas tapaa aina saman sosiaaliohjaajan.',"
	     "  'after': 'Asiakas tapaa yleensä saman sosiaaliohjaajan.', 'words': ["
	     "  {'op': '=', 'text': 'Asiakas tapaa '}, {'op': '-', 'text': 'aina'},"
	     "  {'op': '+', 'text': 'yleensä'}, {'op': '=', 'text': ' saman sosiaaliohjaajan.'}]},"
	     " {'field': 'adaptation', 'kind': 'value', 'before': 'as-is', 'after': 'adapted'}]}]}");
	setj(rm, "evaluation.fidelity",
	     "[{'element': 'jalkautuminen', 'before': 1, 'after': 2, 'direction': 'up'}]");
	return document(rm, NULL);
}

/* ------------------------------------------------------------------ */

static void html_escape_replaces_the_five_specials(void **state)
{
	pl_buf b = PL_BUF_INIT;
	(void)state;
	pl_html_escape(&b, "<a href=\"x\" title='y'>Tom & Jerry</a>");
	assert_string_equal(b.ptr, "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
	pl_buf_clear(&b);
	pl_html_escape(&b, "Päijät-Häme – åäö");
	assert_string_equal(b.ptr, "Päijät-Häme – åäö");
	pl_html_escape(&b, NULL);
	pl_html_escape(&b, "");
	assert_string_equal(b.ptr, "Päijät-Häme – åäö");
	pl_buf_clear(&b);
	pl_html_escape(&b, "&amp;");
	assert_string_equal(b.ptr, "&amp;amp;");
	pl_buf_release(&b);
}

static void text_output_is_exact(void **state)
{
	json_t *d = small_document();
	(void)state;
	expect_output(render(d, PL_DIFF_TEXT, 0, 1, 1),
		      "Changes from workshop/tp1 to workshop/tp2\n"
		      "\n"
		      "lappi / etsiva-sosiaalityo: 1 core element changed; fidelity 1 up\n"
		      "\n"
		      "lappi / etsiva-sosiaalityo\n"
		      "  Core elements\n"
		      "    changed sama-tyontekija\n"
		      "      description: Asiakas tapaa [-aina-]{+yleensä+} saman sosiaaliohjaajan.\n"
		      "      adaptation: as-is -> adapted\n"
		      "  Fidelity of core elements\n"
		      "    jalkautuminen: 1 partly -> 2 fully (up)\n");
	json_decref(d);
}

static void text_colour_only_when_asked(void **state)
{
	json_t *d = small_document();
	char *plain = render(d, PL_DIFF_TEXT, 0, 1, 1);
	char *coloured = render(d, PL_DIFF_TEXT, 1, 1, 1);
	char *md = render(d, PL_DIFF_MARKDOWN, 1, 1, 1);
	char *html = render(d, PL_DIFF_HTML, 1, 1, 1);
	(void)state;
	expect_lacks(plain, "\033");
	expect_lacks(md, "\033");
	expect_lacks(html, "\033");
	expect_contains(coloured, "\033[1mChanges from workshop/tp1 to workshop/tp2\033[0m\n");
	expect_contains(coloured, "\033[1mlappi / etsiva-sosiaalityo\033[0m\n");
	expect_contains(coloured, "  \033[1mCore elements\033[0m\n");
	expect_contains(coloured, "description: Asiakas tapaa \033[31maina\033[0m\033[32myleensä\033[0m saman");
	/* colour replaces the marks */
	expect_lacks(coloured, "[-");
	expect_lacks(coloured, "{+");
	free(html);
	free(md);
	free(coloured);
	free(plain);
	json_decref(d);
}

static void markdown_output_is_exact(void **state)
{
	json_t *d = small_document();
	(void)state;
	expect_output(render(d, PL_DIFF_MARKDOWN, 0, 1, 1),
		      "## Changes from workshop/tp1 to workshop/tp2\n"
		      "\n"
		      "- lappi / etsiva-sosiaalityo: 1 core element changed; fidelity 1 up\n"
		      "\n"
		      "### lappi / etsiva-sosiaalityo\n"
		      "\n"
		      "#### Core elements\n"
		      "\n"
		      "- changed sama-tyontekija\n"
		      "  - description: Asiakas tapaa ~~aina~~**yleensä** saman sosiaaliohjaajan.\n"
		      "  - adaptation: as-is -> adapted\n"
		      "\n"
		      "#### Fidelity of core elements\n"
		      "\n"
		      "- jalkautuminen: 1 partly -> 2 fully (up)\n");
	json_decref(d);
}

static void html_output_is_exact(void **state)
{
	json_t *d = small_document();
	char *html = render(d, PL_DIFF_HTML, 0, 1, 1);
	(void)state;
	expect_safe_html(html);
	expect_output(html,
		      "<div class=\"pl-diff\">\n"
		      "<p class=\"pl-diff-header\">Changes from workshop/tp1 to workshop/tp2</p>\n"
		      "<ul class=\"pl-diff-summary\">\n"
		      "<li>lappi / etsiva-sosiaalityo: 1 core element changed; fidelity 1 up</li>\n"
		      "</ul>\n"
		      "<section class=\"pl-diff-region-model pl-diff-changed\">\n"
		      "<h3>lappi / etsiva-sosiaalityo</h3>\n"
		      "<h4>Core elements</h4>\n"
		      "<ul class=\"pl-diff-items\">\n"
		      "<li class=\"pl-diff-changed\">changed sama-tyontekija\n"
		      "<ul class=\"pl-diff-fields\">\n"
		      "<li>description: Asiakas tapaa <del>aina</del><ins>yleensä</ins> saman sosiaaliohjaajan.</li>\n"
		      "<li>adaptation: as-is -&gt; adapted</li>\n"
		      "</ul>\n"
		      "</li>\n"
		      "</ul>\n"
		      "<h4>Fidelity of core elements</h4>\n"
		      "<ul class=\"pl-diff-fidelity\">\n"
		      "<li class=\"pl-diff-up\">jalkautuminen: 1 partly -&gt; 2 fully (up)</li>\n"
		      "</ul>\n"
		      "</section>\n"
		      "</div>\n");
	json_decref(d);
}

static void summary_lines_name_each_kind_of_change(void **state)
{
	json_t *changed = region_model("lappi", "etsiva-sosiaalityo", "changed");
	json_t *layout = region_model("kainuu", "etsiva-sosiaalityo", "changed");
	json_t *added = region_model("pirkanmaa", "sosiaalinen-kuntoutus", "added");
	json_t *removed = region_model("satakunta", "etsiva-sosiaalityo", "removed");
	json_t *notes = region_model("vantaa-kerava", "matalan-kynnyksen-sosiaalityo", "changed");
	json_t *d;
	(void)state;
	setj(changed, "summary",
	     "{'elements_added': 1, 'elements_removed': 0, 'elements_changed': 2, 'elements_renamed': 1,"
	     " 'items_changed': 4, 'sections_added': 0, 'sections_removed': 0, 'sections_changed': 1,"
	     " 'ratings_up': 2, 'ratings_down': 1, 'outcome_statuses_changed': 1}");
	setj(layout, "content_changed", "false");
	setj(notes, "summary.items_changed", "3");
	setj(notes, "summary.sections_removed", "2");
	setj(notes, "summary.outcome_statuses_changed", "2");
	setj(notes, "evaluation.feasibility",
	     "{'fields': [{'field': 'rating', 'kind': 'value', 'before': 'low', 'after': 'moderate'}]}");
	setj(notes, "evaluation.fidelity",
	     "[{'element': 'a', 'before': null, 'after': 1, 'direction': 'assessed'},"
	     " {'element': 'b', 'before': 2, 'after': null, 'direction': 'unassessed'},"
	     " {'element': 'c', 'before': 2, 'after': 2, 'direction': 'same',"
	     "  'notes': {'field': 'notes', 'kind': 'text', 'before': '', 'after': 'x', 'words': [{'op': '+', 'text': 'x'}]}}]");
	setj(notes, "evaluation.data.fields",
	     "[{'field': 'worker_group_interviews', 'kind': 'value', 'before': 0, 'after': 2}]");
	d = document(layout, changed, added, removed, notes, NULL);
	expect_output(render(d, PL_DIFF_TEXT, 0, 1, 0),
		      "Changes from workshop/tp1 to workshop/tp2\n"
		      "\n"
		      "kainuu / etsiva-sosiaalityo: no change in content (layout or order only)\n"
		      "lappi / etsiva-sosiaalityo: 1 core element added, 2 changed, 1 renamed; "
		      "1 program theory section changed; fidelity 2 up, 1 down; 1 outcome status moved\n"
		      "pirkanmaa / sosiaalinen-kuntoutus: new\n"
		      "satakunta / etsiva-sosiaalityo: removed\n"
		      "vantaa-kerava / matalan-kynnyksen-sosiaalityo: 3 other logic-model items changed; "
		      "2 program theory sections removed; fidelity 1 first assessed, 1 no longer assessed; "
		      "2 outcome statuses moved; feasibility changed; fidelity notes changed; data gathered changed\n");
	json_decref(d);
}

static void details_of_new_removed_and_layout_only_region_models(void **state)
{
	json_t *layout = region_model("kainuu", "etsiva-sosiaalityo", "changed");
	json_t *added = region_model("pirkanmaa", "sosiaalinen-kuntoutus", "added");
	json_t *removed = region_model("satakunta", "etsiva-sosiaalityo", "removed");
	json_t *d;
	(void)state;
	setj(layout, "content_changed", "false");
	setj(added, "logic_model.actors",
	     "{'added': [{'id': 'kela', 'title': 'Kela'}], 'removed': [], 'renamed': [], 'changed': []}");
	setj(removed, "logic_model.resources",
	     "{'added': [], 'removed': [{'id': 'auto', 'title': 'Auto'}], 'renamed': [], 'changed': []}");
	d = document(layout, added, removed, NULL);
	expect_output(render(d, PL_DIFF_TEXT, 0, 0, 1),
		      "Changes from workshop/tp1 to workshop/tp2\n"
		      "\n"
		      "kainuu / etsiva-sosiaalityo\n"
		      "  no change in content (layout or order only)\n"
		      "\n"
		      "pirkanmaa / sosiaalinen-kuntoutus (new)\n"
		      "  Actors\n"
		      "    added kela: Kela\n"
		      "\n"
		      "satakunta / etsiva-sosiaalityo (removed)\n"
		      "  Resources\n"
		      "    removed auto: Auto\n");
	expect_output(render(d, PL_DIFF_MARKDOWN, 0, 0, 1),
		      "## Changes from workshop/tp1 to workshop/tp2\n"
		      "\n"
		      "### kainuu / etsiva-sosiaalityo\n"
		      "\n"
		      "no change in content (layout or order only)\n"
		      "\n"
		      "### pirkanmaa / sosiaalinen-kuntoutus (new)\n"
		      "\n"
		      "#### Actors\n"
		      "\n"
		      "- added kela: Kela\n"
		      "\n"
		      "### satakunta / etsiva-sosiaalityo (removed)\n"
		      "\n"
		      "#### Resources\n"
		      "\n"
		      "- removed auto: Auto\n");
	expect_output(render(d, PL_DIFF_HTML, 0, 0, 1),
		      "<div class=\"pl-diff\">\n"
		      "<p class=\"pl-diff-header\">Changes from workshop/tp1 to workshop/tp2</p>\n"
		      "<section class=\"pl-diff-region-model pl-diff-changed\">\n"
		      "<h3>kainuu / etsiva-sosiaalityo</h3>\n"
		      "<p class=\"pl-diff-note\">no change in content (layout or order only)</p>\n"
		      "</section>\n"
		      "<section class=\"pl-diff-region-model pl-diff-added\">\n"
		      "<h3>pirkanmaa / sosiaalinen-kuntoutus (new)</h3>\n"
		      "<h4>Actors</h4>\n"
		      "<ul class=\"pl-diff-items\">\n"
		      "<li class=\"pl-diff-added\">added kela: Kela</li>\n"
		      "</ul>\n"
		      "</section>\n"
		      "<section class=\"pl-diff-region-model pl-diff-removed\">\n"
		      "<h3>satakunta / etsiva-sosiaalityo (removed)</h3>\n"
		      "<h4>Resources</h4>\n"
		      "<ul class=\"pl-diff-items\">\n"
		      "<li class=\"pl-diff-removed\">removed auto: Auto</li>\n"
		      "</ul>\n"
		      "</section>\n"
		      "</div>\n");
	json_decref(d);
}

static void renames_links_and_values(void **state)
{
	json_t *rm = region_model("varsinais-suomi", "etsiva-sosiaalityo", "changed");
	json_t *d;
	(void)state;
	setj(rm, "logic_model.core_elements",
	     "{'added': [], 'removed': [], 'changed': [], 'renamed': [{'from': 'ruoka-apujonot',"
	     " 'to': 'jalkautuminen-ruoka-apuun', 'similarity': 93, 'fields': [{'field': 'description',"
	     " 'kind': 'text', 'before': 'jonossa odottavien kanssa.', 'after': 'jonossa odottavien kanssa heidän ehdoillaan.',"
	     " 'words': [{'op': '=', 'text': 'jonossa odottavien kanssa'}, {'op': '+', 'text': ' heidän ehdoillaan'},"
	     " {'op': '=', 'text': '.'}]}]}, {'from': 'a', 'to': 'b', 'similarity': 100, 'fields': []}]}");
	setj(rm, "logic_model.mechanisms",
	     "{'added': [], 'removed': [], 'renamed': [], 'changed': [{'id': 'tavoitettavuus', 'fields': ["
	     " {'field': 'elements', 'kind': 'links', 'added': ['x', 'z'], 'removed': ['y']}]}]}");
	setj(rm, "logic_model.outcomes",
	     "{'added': [], 'removed': [], 'renamed': [], 'changed': [{'id': 'kontakti', 'fields': ["
	     " {'field': 'horizon', 'kind': 'value', 'before': 'short', 'after': null},"
	     " {'field': 'indicators', 'kind': 'links', 'added': [], 'removed': ['Kontaktien määrä']}]}]}");
	setj(rm, "logic_model.omitted",
	     "{'added': [], 'removed': [], 'renamed': [], 'changed': [{'id': 'kriisityo', 'fields': ["
	     " {'field': 'reason', 'kind': 'text', 'before': 'Ei resursseja.', 'after': 'Ei resursseja.',"
	     " 'words': [{'op': '=', 'text': 'Ei resursseja.'}]}]}]}");
	d = document(rm, NULL);
	expect_output(render(d, PL_DIFF_TEXT, 0, 0, 1),
		      "Changes from workshop/tp1 to workshop/tp2\n"
		      "\n"
		      "varsinais-suomi / etsiva-sosiaalityo\n"
		      "  Core elements\n"
		      "    renamed ruoka-apujonot -> jalkautuminen-ruoka-apuun\n"
		      "      description: jonossa odottavien kanssa {+heidän ehdoillaan+}.\n"
		      "    renamed a -> b\n"
		      "  Reference core elements left out\n"
		      "    changed kriisityo\n"
		      "      reason: Ei resursseja.\n"
		      "  Emerging mechanisms\n"
		      "    changed tavoitettavuus\n"
		      "      elements: + x, + z, - y\n"
		      "  Expected outcomes\n"
		      "    changed kontakti\n"
		      "      horizon: short -> (none)\n"
		      "      indicators: - Kontaktien määrä\n");
	{
		char *c = render(d, PL_DIFF_TEXT, 1, 0, 1);
		expect_contains(c, "elements: \033[32m+ x\033[0m, \033[32m+ z\033[0m, \033[31m- y\033[0m\n");
		free(c);
	}
	{
		char *h = render(d, PL_DIFF_HTML, 0, 0, 1);
		expect_safe_html(h);
		expect_contains(h, "<li class=\"pl-diff-renamed\">renamed ruoka-apujonot -&gt; jalkautuminen-ruoka-apuun\n");
		expect_contains(h, "<li>elements: <ins>+ x</ins>, <ins>+ z</ins>, <del>- y</del></li>\n");
		free(h);
	}
	json_decref(d);
}

static void fidelity_and_outcome_statuses(void **state)
{
	json_t *rm = region_model("lappi", "etsiva-sosiaalityo", "changed");
	json_t *d;
	(void)state;
	setj(rm, "evaluation.fidelity",
	     "[{'element': 'jalkautuminen', 'before': 1, 'after': 2, 'direction': 'up'},"
	     " {'element': 'sama-tyontekija', 'before': 2, 'after': 0, 'direction': 'down',"
	     "  'notes': {'field': 'notes', 'kind': 'text', 'before': 'Hyvin.', 'after': '', 'words': [{'op': '-', 'text': 'Hyvin.'}]}},"
	     " {'element': 'luottamus', 'before': null, 'after': 0, 'direction': 'assessed', 'notes': null},"
	     " {'element': 'yhteistyo', 'before': 2, 'after': null, 'direction': 'unassessed'},"
	     " {'element': 'saattaminen', 'before': 1, 'after': 1, 'direction': 'same',"
	     "  'notes': {'field': 'notes', 'kind': 'text', 'before': '', 'after': 'Uusi huomio.', 'words': [{'op': '+', 'text': 'Uusi huomio.'}]}}]");
	setj(rm, "evaluation.outcomes",
	     "[{'outcome': 'yhteys-palveluihin', 'before': 'not-assessed', 'after': 'partly', 'notes': null},"
	     " {'outcome': 'kontakti', 'before': null, 'after': 'reached', 'notes': null},"
	     " {'outcome': 'vanha', 'before': 'not-reached', 'after': null, 'notes': null},"
	     " {'outcome': 'osallisuus', 'before': 'reached', 'after': 'reached',"
	     "  'notes': {'field': 'notes', 'kind': 'text', 'before': 'Kaikki.', 'after': 'Lähes kaikki.',"
	     "  'words': [{'op': '-', 'text': 'Kaikki'}, {'op': '+', 'text': 'Lähes kaikki'}, {'op': '=', 'text': '.'}]}}]");
	d = document(rm, NULL);
	expect_output(render(d, PL_DIFF_TEXT, 0, 0, 1),
		      "Changes from workshop/tp1 to workshop/tp2\n"
		      "\n"
		      "lappi / etsiva-sosiaalityo\n"
		      "  Fidelity of core elements\n"
		      "    jalkautuminen: 1 partly -> 2 fully (up)\n"
		      "    sama-tyontekija: 2 fully -> 0 not implemented (down)\n"
		      "      notes: [-Hyvin.-]\n"
		      "    luottamus: not assessed -> 0 not implemented (first assessed)\n"
		      "    yhteistyo: 2 fully -> not assessed (no longer assessed)\n"
		      "    saattaminen: 1 partly\n"
		      "      notes: {+Uusi huomio.+}\n"
		      "  Outcome statuses\n"
		      "    yhteys-palveluihin: not-assessed -> partly\n"
		      "    kontakti: not listed -> reached\n"
		      "    vanha: not-reached -> not listed\n"
		      "    osallisuus: reached\n"
		      "      notes: [-Kaikki-]{+Lähes kaikki+}.\n");
	json_decref(d);
}

static void program_theory_sections(void **state)
{
	json_t *rm = region_model("lappi", "etsiva-sosiaalityo", "changed");
	json_t *d;
	(void)state;
	setj(rm, "program_theory",
	     "{'added': [{'title': 'Miten', 'text': 'Kierros kerran kuussa.\\nSesonkiaikaan viikoittain.\\n\\n'}],"
	     " 'removed': [{'title': '', 'text': '# Lappi\\n'}, {'title': 'Tyhjä', 'text': ''}],"
	     " 'changed': [{'title': 'Mikä toimii', 'words': [{'op': '=', 'text': 'Sama työntekijä.\\n\\n'},"
	     "  {'op': '+', 'text': 'Uusi kappale\\nkahdella rivillä.\\n\\n'}, {'op': '=', 'text': 'Loppu.\\n'}]}]}");
	d = document(rm, NULL);
	expect_output(render(d, PL_DIFF_TEXT, 0, 0, 1),
		      "Changes from workshop/tp1 to workshop/tp2\n"
		      "\n"
		      "lappi / etsiva-sosiaalityo\n"
		      "  Program theory\n"
		      "    added section \"Miten\"\n"
		      "      {+Kierros kerran kuussa.+}\n"
		      "      {+Sesonkiaikaan viikoittain.+}\n"
		      "    removed text before the first heading\n"
		      "      [-# Lappi-]\n"
		      "    removed section \"Tyhjä\"\n"
		      "    changed section \"Mikä toimii\"\n"
		      "      Sama työntekijä.\n"
		      "\n"
		      "      {+Uusi kappale+}\n"
		      "      {+kahdella rivillä.+}\n"
		      "\n"
		      "      Loppu.\n");
	expect_output(render(d, PL_DIFF_MARKDOWN, 0, 0, 1),
		      "## Changes from workshop/tp1 to workshop/tp2\n"
		      "\n"
		      "### lappi / etsiva-sosiaalityo\n"
		      "\n"
		      "#### Program theory\n"
		      "\n"
		      "- added section \"Miten\"\n"
		      "\n"
		      "  **Kierros kerran kuussa.**\n"
		      "  **Sesonkiaikaan viikoittain.**\n"
		      "- removed text before the first heading\n"
		      "\n"
		      "  ~~\\# Lappi~~\n"
		      "- removed section \"Tyhjä\"\n"
		      "- changed section \"Mikä toimii\"\n"
		      "\n"
		      "  Sama työntekijä.\n"
		      "\n"
		      "  **Uusi kappale**\n"
		      "  **kahdella rivillä.**\n"
		      "\n"
		      "  Loppu.\n");
	{
		char *h = render(d, PL_DIFF_HTML, 0, 0, 1);
		expect_safe_html(h);
		expect_contains(h, "<li class=\"pl-diff-changed\">changed section &quot;Mikä toimii&quot;\n"
				   "<div class=\"pl-diff-words\">Sama työntekijä.\n\n"
				   "<ins>Uusi kappale</ins>\n<ins>kahdella rivillä.</ins>\n\nLoppu.</div>\n</li>\n");
		free(h);
	}
	json_decref(d);
}

static void evaluation_assessments_consequences_and_data(void **state)
{
	json_t *rm = region_model("lappi", "etsiva-sosiaalityo", "changed");
	json_t *d;
	(void)state;
	setj(rm, "evaluation.feasibility",
	     "{'fields': [{'field': 'rating', 'kind': 'value', 'before': 'not-assessed', 'after': 'moderate'},"
	     " {'field': 'notes', 'kind': 'text', 'before': 'Arvioidaan.', 'after': 'Ensimmäiset kierrokset tehty.',"
	     "  'words': [{'op': '-', 'text': 'Arvioidaan'}, {'op': '+', 'text': 'Ensimmäiset kierrokset tehty'}, {'op': '=', 'text': '.'}]}]}");
	setj(rm, "evaluation.evaluability",
	     "{'fields': [{'field': 'rating', 'kind': 'value', 'before': null, 'after': 'low'}]}");
	setj(rm, "evaluation.other_consequences",
	     "{'added': [{'id': 'diakonia', 'description': 'Työnjako selkiytyi.', 'effect': 'positive'}],"
	     " 'removed': [{'id': 'kulut', 'description': 'Kulut kasvoivat.', 'effect': 'negative'}], 'renamed': [],"
	     " 'changed': [{'id': 'kuorma', 'fields': [{'field': 'effect', 'kind': 'value', 'before': 'mixed', 'after': 'negative'}]}]}");
	setj(rm, "evaluation.data",
	     "{'fields': [{'field': 'worker_group_interviews', 'kind': 'value', 'before': 0, 'after': 2},"
	     " {'field': 'client_group_interviews', 'kind': 'value', 'before': 1, 'after': 1.5}],"
	     " 'other': {'added': [{'id': 'tilasto', 'description': 'Kontaktitilasto.'}], 'removed': [],"
	     " 'renamed': [{'from': 'kysely', 'to': 'kysely-2023', 'similarity': 80, 'fields': []}], 'changed': []}}");
	d = document(rm, NULL);
	expect_output(render(d, PL_DIFF_TEXT, 0, 0, 1),
		      "Changes from workshop/tp1 to workshop/tp2\n"
		      "\n"
		      "lappi / etsiva-sosiaalityo\n"
		      "  Feasibility\n"
		      "    rating: not-assessed -> moderate\n"
		      "    notes: [-Arvioidaan-]{+Ensimmäiset kierrokset tehty+}.\n"
		      "  Evaluability\n"
		      "    rating: (none) -> low\n"
		      "  Other consequences\n"
		      "    added diakonia: Työnjako selkiytyi. (positive)\n"
		      "    removed kulut: Kulut kasvoivat. (negative)\n"
		      "    changed kuorma\n"
		      "      effect: mixed -> negative\n"
		      "  Data gathered\n"
		      "    worker group interviews: 0 -> 2\n"
		      "    client group interviews: 1 -> 1.5\n"
		      "    added tilasto: Kontaktitilasto.\n"
		      "    renamed kysely -> kysely-2023\n");
	json_decref(d);
}

static void every_logic_model_part_has_its_heading(void **state)
{
	static const char *const keys[] = { "context", "actors", "resources", "core_elements",
					    "omitted", "mechanisms", "outcomes", "configurations" };
	static const char *const names[] = { "Operating environment", "Actors", "Resources",
					     "Core elements", "Reference core elements left out",
					     "Emerging mechanisms", "Expected outcomes",
					     "Context-mechanism-outcome configurations" };
	json_t *rm = region_model("lappi", "etsiva-sosiaalityo", "added");
	json_t *d;
	(void)state;
	for (size_t i = 0; i < 8; i++) {
		pl_buf path = PL_BUF_INIT;
		pl_buf_printf(&path, "logic_model.%s", keys[i]);
		setj(rm, path.ptr, i == 4 ? "{'added': [{'element': 'kriisityo', 'reason': 'Ei resursseja.'}],"
					    " 'removed': [], 'renamed': [], 'changed': []}"
				   : i == 7 ? "{'added': [{'id': 'c1', 'context': [], 'mechanisms': [], 'outcomes': [],"
					      " 'description': 'Kun kylä on kaukana.'}], 'removed': [], 'renamed': [], 'changed': []}"
					    : "{'added': [{'id': 'x', 'title': 'Otsikko'}], 'removed': [], 'renamed': [], 'changed': []}");
		pl_buf_release(&path);
	}
	d = document(rm, NULL);
	for (int style = 0; style < 3; style++) {
		char *out = render(d, (pl_diff_style)style, 0, 1, 1);
		const char *at = out;
		for (size_t i = 0; i < 8; i++) {
			/* in this order */
			const char *p = strstr(at, names[i]);
			if (!p)
				fail_msg("style %d: no \"%s\" after \"%.60s\"", style, names[i], at);
			at = p;
		}
		expect_contains(out, "added kriisityo: Ei resursseja.");
		expect_contains(out, "added c1: Kun kylä on kaukana.");
		expect_contains(out, "lappi / etsiva-sosiaalityo: new");
		free(out);
	}
	json_decref(d);
}

/* Every string a document holds, in one hostile form or another. */
static json_t *hostile_document(void)
{
	json_t *rm = region_model("<script>alert(1)</script>", "\" onmouseover=\"x", "changed");
	json_t *added = region_model("a&b", "javascript:alert(1)", "added");
	json_t *d;
	setj(rm, "logic_model.context",
	     "{'added': [{'id': '<img src=x onerror=alert(1)>', 'title': '<script>alert(1)</script>'}],"
	     " 'removed': [{'id': 'r&d', 'title': '\\\" onmouseover=\\\"x', 'description': 'x'}],"
	     " 'renamed': [{'from': '<b>', 'to': '</li></ul><script>', 'similarity': 0.9, 'fields': []}],"
	     " 'changed': [{'id': '\\u0027 onclick=\\u0027x', 'fields': ["
	     "  {'field': '<i>title</i>', 'kind': 'text', 'before': 'a', 'after': 'b', 'words': ["
	     "   {'op': '=', 'text': '<a href=\\\"javascript:alert(1)\\\">'}, {'op': '-', 'text': '<script>'},"
	     "   {'op': '+', 'text': '</del><script>alert(1)</script>'}]},"
	     "  {'field': 'adaptation', 'kind': 'value', 'before': '<b>x</b>', 'after': '&amp;'},"
	     "  {'field': 'elements', 'kind': 'links', 'added': ['<x>'], 'removed': ['\\\" y=\\\"']}]}]}");
	setj(rm, "program_theory",
	     "{'added': [{'title': '</h4><script>', 'text': '<style>body{}</style>\\n&lt;'}],"
	     " 'removed': [], 'changed': [{'title': '\\\"', 'words': [{'op': '+', 'text': '<iframe>'}]}]}");
	setj(rm, "evaluation.fidelity",
	     "[{'element': '<svg onload=alert(1)>', 'before': 0, 'after': 1, 'direction': 'up'}]");
	setj(rm, "evaluation.outcomes",
	     "[{'outcome': '<o>', 'before': '<script>', 'after': '\\\" a=\\\"', 'notes': null}]");
	setj(rm, "evaluation.other_consequences",
	     "{'added': [{'id': 'x', 'description': '<p>', 'effect': '<b onclick=x>'}],"
	     " 'removed': [], 'renamed': [], 'changed': []}");
	d = document(rm, added, NULL);
	set(json_object_get(d, "from"), "name", json_string("<script>alert(1)</script> & \"x\""));
	set(json_object_get(d, "to"), "name", json_string("javascript:alert('x')"));
	return d;
}

static void html_escapes_hostile_strings(void **state)
{
	json_t *d = hostile_document();
	char *h = render(d, PL_DIFF_HTML, 0, 1, 1);
	(void)state;
	expect_safe_html(h);
	expect_lacks(h, "<script");
	expect_lacks(h, "<img");
	expect_lacks(h, "<iframe");
	expect_lacks(h, "<style");
	expect_lacks(h, "<svg");
	expect_lacks(h, "<a ");
	expect_lacks(h, "\" onmouseover");
	expect_lacks(h, "onclick='");
	expect_contains(h, "&lt;script&gt;alert(1)&lt;/script&gt;");
	expect_contains(h, "&quot; onmouseover=&quot;x");
	expect_contains(h, "a&amp;b / javascript:alert(1)");
	expect_contains(h, "Changes from &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; to javascript:alert(&#39;x&#39;)");
	expect_contains(h, "&#39; onclick=&#39;x");
	expect_contains(h, "&amp;amp;");
	expect_contains(h, "<ins>&lt;/del&gt;&lt;script&gt;alert(1)&lt;/script&gt;</ins>");
	free(h);
	json_decref(d);
}

/* Parses Markdown as CommonMark with raw HTML let through; the caller
 * frees the HTML. */
static char *commonmark(const char *md)
{
	return cmark_markdown_to_html(md, strlen(md), CMARK_OPT_UNSAFE);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void markdown_escapes_user_text(void **state)
{
	json_t *rm = region_model("lappi", "etsiva-sosiaalityo", "changed");
	json_t *d;
	char *md, *html;
	(void)state;
	setj(rm, "logic_model.actors",
	     "{'added': [{'id': 'x', 'title': '*bold* _it_ [link](javascript:alert(1)) <b>raw</b> `code` ![i](x) &amp; \\\\ ~~s~~ | t | # h'}],"
	     " 'removed': [], 'renamed': [], 'changed': []}");
	setj(rm, "program_theory",
	     "{'added': [{'title': '# Otsikko *', 'text': '# heading\\n1. list\\n2) list\\n- item\\n+ item\\n* item\\n> quote\\n"
	     "    code\\n\\tcode\\n---\\n===\\n***\\n___\\n| a | b |\\n|---|---|\\n~~~\\n```\\n<div>\\n<script>alert(1)</script>\\n"
	     "[ref]: http://example.org\\nwww.example.org <http://example.org> x@example.org\\n'}],"
	     " 'removed': [], 'changed': []}");
	d = document(rm, NULL);
	md = render(d, PL_DIFF_MARKDOWN, 0, 1, 1);
	expect_contains(md, "- added x: \\*bold\\* \\_it\\_ \\[link\\](javascript:alert(1)) \\<b\\>raw\\</b\\> "
			    "\\`code\\` !\\[i\\](x) \\&amp; \\\\ \\~\\~s\\~\\~ \\| t \\| \\# h\n");
	expect_contains(md, "- added section \"\\# Otsikko \\*\"\n");
	expect_contains(md, "  **\\# heading**\n  **1. list**\n  **2) list**\n  **- item**\n"
			    "  **+ item**\n  **\\* item**\n  **\\> quote**\n  **code**\n  **code**\n"
			    "  **---**\n  **===**\n  **\\*\\*\\***\n  **\\_\\_\\_**\n");
	expect_lacks(md, "<script>");
	html = commonmark(md);
	/* our structure and nothing else */
	assert_int_equal(count(html, "<h2>"), 1);
	assert_int_equal(count(html, "<h3>"), 1);
	assert_int_equal(count(html, "<h4>"), 2);
	assert_int_equal(count(html, "<ul>"), 3);
	assert_int_equal(count(html, "<li>"), 3);
	assert_int_equal(count(html, "<strong>"), 21); /* one per line of the section */
	expect_lacks(html, "<em>");
	expect_lacks(html, "<a ");
	expect_lacks(html, "<img");
	expect_lacks(html, "<code>");
	expect_lacks(html, "<pre>");
	expect_lacks(html, "<ol");
	expect_lacks(html, "<blockquote>");
	expect_lacks(html, "<hr");
	expect_lacks(html, "<h1>");
	expect_lacks(html, "<b>");
	expect_lacks(html, "<div>");
	expect_lacks(html, "<script>");
	expect_contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
	expect_contains(html, "&amp;amp;");
	free(html);
	free(md);
	json_decref(d);
}

static void markdown_of_hostile_document_keeps_its_structure(void **state)
{
	json_t *d = hostile_document();
	char *md = render(d, PL_DIFF_MARKDOWN, 0, 1, 1);
	char *html = commonmark(md);
	(void)state;
	expect_lacks(md, "<script>");
	assert_int_equal(count(html, "<h2>"), 1);
	assert_int_equal(count(html, "<h3>"), 2);
	for (const char *p = html; (p = strchr(p, '<')); p++) {
		static const char *const ok[] = { "<h2>", "</h2>", "<h3>", "</h3>", "<h4>", "</h4>",
						  "<ul>", "</ul>", "<li>", "</li>", "<p>", "</p>",
						  "<strong>", "</strong>", "<del>", "</del>",
						  "<ins>", "</ins>" };
		size_t i;
		for (i = 0; i < sizeof(ok) / sizeof(*ok); i++)
			if (!strncmp(p, ok[i], strlen(ok[i])))
				break;
		if (i == sizeof(ok) / sizeof(*ok))
			fail_msg("unexpected HTML from the Markdown at \"%.60s\"", p);
	}
	free(html);
	free(md);
	json_decref(d);
}

static void markdown_marks_hug_the_words_or_become_tags(void **state)
{
	json_t *rm = region_model("lappi", "etsiva-sosiaalityo", "changed");
	json_t *d;
	char *md, *html;
	(void)state;
	setj(rm, "logic_model.resources",
	     "{'added': [], 'removed': [], 'renamed': [], 'changed': ["
	     " {'id': 'a', 'fields': [{'field': 'title', 'kind': 'text', 'before': '', 'after': '', 'words': ["
	     "  {'op': '=', 'text': 'tapaa'}, {'op': '-', 'text': ' aina '}, {'op': '=', 'text': 'saman'}]}]},"
	     " {'id': 'b', 'fields': [{'field': 'title', 'kind': 'text', 'before': '', 'after': '', 'words': ["
	     "  {'op': '=', 'text': 'Päiväkirja'}, {'op': '+', 'text': ', johon'}, {'op': '=', 'text': '.'}]}]},"
	     " {'id': 'c', 'fields': [{'field': 'title', 'kind': 'text', 'before': '', 'after': '', 'words': ["
	     "  {'op': '=', 'text': 'x'}, {'op': '-', 'text': ' '}, {'op': '+', 'text': '  '},"
	     "  {'op': '+', 'text': 'y'}, {'op': '=', 'text': 'z'}]}]}]}");
	d = document(rm, NULL);
	md = render(d, PL_DIFF_MARKDOWN, 0, 0, 1);
	expect_contains(md, "  - title: tapaa ~~aina~~ saman\n");
	expect_contains(md, "  - title: Päiväkirja<ins>, johon</ins>.\n");
	/* a deleted blank is not shown; neighbouring insertions are one */
	expect_contains(md, "  - title: x  **y**z\n");
	html = commonmark(md);
	expect_contains(html, "tapaa ~~aina~~ saman"); /* cmark has no ~~: left as text */
	expect_contains(html, "Päiväkirja<ins>, johon</ins>.");
	expect_contains(html, "x  <strong>y</strong>z");
	free(html);
	free(md);
	json_decref(d);
}

static void control_characters_and_bad_utf8_are_replaced(void **state)
{
	json_t *rm = region_model("lappi", "etsiva-sosiaalityo", "changed");
	json_t *d;
	(void)state;
	set(rm, "logic_model.actors", load(EMPTY_LIST));
	json_array_append_new(json_object_get(json_object_get(json_object_get(rm, "logic_model"), "actors"), "added"),
			      json_pack("{s:s, s:s}", "id", "x", "title", "a\033[2Jb\x7f" "c\xc2\x9b" "d\ttab\r\nline"));
	json_array_append_new(json_object_get(json_object_get(json_object_get(rm, "logic_model"), "actors"), "added"),
			      json_pack("{s:s, s:o}", "id", "y", "title", json_string_nocheck("bad \xff\xfe utf8 \xe4")));
	d = document(rm, NULL);
	for (int style = 0; style < 3; style++) {
		char *out = render(d, (pl_diff_style)style, 0, 0, 1);
		expect_lacks(out, "\033");
		expect_lacks(out, "\x7f");
		expect_lacks(out, "\xc2\x9b");
		expect_lacks(out, "\r");
		expect_contains(out, "a\xef\xbf\xbd");
		expect_contains(out, "2Jb\xef\xbf\xbd" "c\xef\xbf\xbd" "d tab line");
		expect_contains(out, "bad \xef\xbf\xbd\xef\xbf\xbd utf8 \xef\xbf\xbd");
		free(out);
	}
	json_decref(d);
}

static void no_region_models(void **state)
{
	json_t *d = document(NULL);
	(void)state;
	expect_output(render(d, PL_DIFF_TEXT, 0, 1, 1),
		      "Changes from workshop/tp1 to workshop/tp2\n\nNo region model differs.\n");
	expect_output(render(d, PL_DIFF_MARKDOWN, 0, 1, 0),
		      "## Changes from workshop/tp1 to workshop/tp2\n\nNo region model differs.\n");
	expect_output(render(d, PL_DIFF_HTML, 0, 0, 1),
		      "<div class=\"pl-diff\">\n<p class=\"pl-diff-header\">Changes from workshop/tp1 to workshop/tp2</p>\n"
		      "<p class=\"pl-diff-note\">No region model differs.</p>\n</div>\n");
	json_decref(d);
}

static void options_choose_what_is_shown(void **state)
{
	json_t *d = small_document();
	pl_buf out = PL_BUF_INIT;
	pl_diff_render_options bad = { (pl_diff_style)7, 0, 1, 1 };
	char *s;
	(void)state;
	s = render(d, PL_DIFF_TEXT, 0, 0, 0);
	expect_output(s, "Changes from workshop/tp1 to workshop/tp2\n");
	s = render(d, PL_DIFF_TEXT, 0, 1, 0);
	expect_contains(s, "lappi / etsiva-sosiaalityo: 1 core element changed");
	expect_lacks(s, "Core elements");
	free(s);
	s = render(d, PL_DIFF_TEXT, 0, 0, 1);
	expect_lacks(s, "lappi / etsiva-sosiaalityo:");
	expect_contains(s, "Core elements");
	free(s);
	/* no options: text, summary and details */
	assert_int_equal(pl_diff_render(d, NULL, &out), 0);
	s = render(d, PL_DIFF_TEXT, 0, 1, 1);
	assert_string_equal(out.ptr, s);
	free(s);
	pl_buf_clear(&out);
	assert_int_equal(pl_diff_render(d, &bad, &out), PL_EUSAGE);
	assert_int_equal(out.len, 0);
	assert_int_equal(pl_diff_render(d, NULL, NULL), PL_EUSAGE);
	pl_buf_release(&out);
	json_decref(d);
}

static void output_is_appended_and_deterministic(void **state)
{
	json_t *d = small_document();
	pl_diff_render_options o = { PL_DIFF_MARKDOWN, 0, 1, 1 };
	pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
	char *alone = render(d, PL_DIFF_MARKDOWN, 0, 1, 1);
	(void)state;
	pl_buf_puts(&a, "before\n");
	assert_int_equal(pl_diff_render(d, &o, &a), 0);
	assert_int_equal(pl_diff_render(d, &o, &b), 0);
	/* Markdown leaves an empty line after what was there */
	assert_string_equal(a.ptr + strlen("before\n\n"), b.ptr);
	assert_int_equal(a.ptr[strlen("before\n")], '\n');
	assert_string_equal(b.ptr, alone);
	assert_int_equal(pl_diff_render(d, &o, &b), 0);
	assert_int_equal(b.len, 2 * strlen(alone) + 1); /* one empty line between */
	free(alone);
	pl_buf_release(&b);
	pl_buf_release(&a);
	json_decref(d);
}

/* Renders in one style: PL_EINVALID leaves out as it was, success gives
 * valid UTF-8 and (HTML) only the renderer's own markup. */
static int render_checked(const json_t *d, pl_diff_style style, int color)
{
	pl_diff_render_options o = { style, color, 1, 1 };
	pl_buf out = PL_BUF_INIT;
	int rc;
	pl_buf_puts(&out, "x");
	rc = pl_diff_render(d, &o, &out);
	if (rc == PL_EINVALID) {
		assert_string_equal(out.ptr, "x");
		assert_non_null(strstr(pl_error_last(), "not a diff document"));
	} else {
		assert_int_equal(rc, 0);
		assert_int_equal(pl_utf8_valid_prefix(out.ptr, out.len), out.len);
		if (style == PL_DIFF_HTML)
			expect_safe_html(out.ptr + 1);
		if (!color)
			assert_null(strchr(out.ptr, '\033'));
	}
	pl_buf_release(&out);
	return rc;
}

/* The same in every style; they agree on whether d is valid. */
static int render_all(const json_t *d)
{
	int rc = render_checked(d, PL_DIFF_TEXT, 0);
	assert_int_equal(render_checked(d, PL_DIFF_TEXT, 1), rc);
	assert_int_equal(render_checked(d, PL_DIFF_MARKDOWN, 0), rc);
	assert_int_equal(render_checked(d, PL_DIFF_HTML, 0), rc);
	return rc;
}

static void malformed_documents_are_invalid(void **state)
{
	static const char *const bad[] = {
		"[]",
		"'diff'",
		"{}",
		"{'format': 2, 'series': 's', 'from': {'name': 'a', 'commit': null}, 'to': {'name': 'b', 'commit': null}, 'region_models': []}",
		"{'format': '1', 'series': 's', 'from': {'name': 'a', 'commit': null}, 'to': {'name': 'b', 'commit': null}, 'region_models': []}",
		"{'format': 1, 'series': 's', 'from': {'name': 'a', 'commit': null}, 'to': {'name': 'b', 'commit': null}}",
		"{'format': 1, 'series': 's', 'from': {'name': 'a', 'commit': null}, 'to': {'name': 'b', 'commit': null}, 'region_models': {}}",
		"{'format': 1, 'series': 's', 'from': {'name': 'a', 'commit': null}, 'to': {'commit': null}, 'region_models': []}",
		"{'format': 1, 'series': 's', 'from': {'name': 'a', 'commit': 7}, 'to': {'name': 'b', 'commit': null}, 'region_models': []}",
		"{'format': 1, 'series': 's', 'from': {'name': 'a', 'commit': null}, 'to': {'name': 'b', 'commit': null}, 'region_models': [null]}",
		"{'format': 1, 'series': 's', 'from': {'name': 'a', 'commit': null}, 'to': {'name': 'b', 'commit': null}, 'region_models': [{}]}",
	};
	static const char *const region_model_edits[][2] = {
		{ "status", "'moved'" },
		{ "content_changed", "1" },
		{ "summary.elements_added", "-1" },
		{ "summary.ratings_up", "'2'" },
		{ "logic_model.omitted", "[]" },
		{ "logic_model.actors", "{'added': [], 'removed': [], 'renamed': []}" },
		{ "logic_model.actors", "{'added': ['kela'], 'removed': [], 'renamed': [], 'changed': []}" },
		{ "logic_model.actors", "{'added': [], 'removed': [], 'renamed': [{'from': 'a', 'to': 'b'}], 'changed': []}" },
		{ "logic_model.actors", "{'added': [], 'removed': [], 'renamed': [], 'changed': [{'id': 'a', 'fields': [{'field': 'x', 'kind': 'colour'}]}]}" },
		{ "logic_model.actors", "{'added': [], 'removed': [], 'renamed': [], 'changed': [{'id': 'a', 'fields': [{'field': 'x', 'kind': 'text', 'before': '', 'after': ''}]}]}" },
		{ "logic_model.actors", "{'added': [], 'removed': [], 'renamed': [], 'changed': [{'id': 'a', 'fields': [{'field': 'x', 'kind': 'value', 'before': [], 'after': 1}]}]}" },
		{ "logic_model.actors", "{'added': [], 'removed': [], 'renamed': [], 'changed': [{'id': 'a', 'fields': [{'field': 'x', 'kind': 'links', 'added': [1], 'removed': []}]}]}" },
		{ "logic_model.actors", "{'added': [], 'removed': [], 'renamed': [], 'changed': [{'fields': []}]}" },
		{ "program_theory.changed", "[{'title': 'x', 'words': [{'op': '*', 'text': 'a'}]}]" },
		{ "program_theory.changed", "[{'title': 'x', 'words': [{'op': '+'}]}]" },
		{ "program_theory.added", "[{'title': 'x'}]" },
		{ "evaluation.feasibility", "[]" },
		{ "evaluation.fidelity", "[{'element': 'a', 'before': 3, 'after': 1, 'direction': 'up'}]" },
		{ "evaluation.fidelity", "[{'element': 'a', 'before': 1, 'after': 1, 'direction': 'sideways'}]" },
		{ "evaluation.fidelity", "[{'element': 'a', 'before': 1, 'after': 2, 'direction': 'up', 'notes': 'x'}]" },
		{ "evaluation.outcomes", "[{'outcome': 'a', 'before': 1, 'after': 'reached', 'notes': null}]" },
		{ "evaluation.data", "{'fields': []}" },
		{ "evaluation", "null" },
	};
	(void)state;
	assert_int_equal(pl_diff_render(NULL, NULL, &(pl_buf)PL_BUF_INIT), PL_EINVALID);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		json_t *d = load(bad[i]);
		if (render_all(d) != PL_EINVALID)
			fail_msg("accepted: %s", bad[i]);
		json_decref(d);
	}
	for (size_t i = 0; i < sizeof(region_model_edits) / sizeof(*region_model_edits); i++) {
		json_t *rm = region_model("lappi", "etsiva-sosiaalityo", "changed");
		json_t *d;
		setj(rm, region_model_edits[i][0], region_model_edits[i][1]);
		d = document(rm, NULL);
		if (render_all(d) != PL_EINVALID)
			fail_msg("accepted: %s = %s", region_model_edits[i][0], region_model_edits[i][1]);
		json_decref(d);
	}
	/* the message names the place */
	{
		json_t *rm = region_model("lappi", "etsiva-sosiaalityo", "changed");
		json_t *d;
		pl_buf out = PL_BUF_INIT;
		setj(rm, "evaluation.fidelity", "[{'element': 'a', 'before': 3, 'after': 1, 'direction': 'up'}]");
		d = document(rm, NULL);
		assert_int_equal(pl_diff_render(d, NULL, &out), PL_EINVALID);
		assert_string_equal(pl_error_last(), "not a diff document: expected a rating 0, 1, 2 or null "
						     "at '/region_models/0/evaluation/fidelity/0/before'");
		pl_buf_release(&out);
		json_decref(d);
	}
}

static void unknown_members_are_ignored(void **state)
{
	json_t *d = small_document();
	char *before = render(d, PL_DIFF_HTML, 0, 1, 1);
	json_t *rm = json_array_get(json_object_get(d, "region_models"), 0);
	(void)state;
	setj(d, "generated_by", "'pilotti 2.0'");
	setj(rm, "logic_model.future_part", "{'x': 1}");
	setj(rm, "summary.elements_moved", "3");
	expect_output(render(d, PL_DIFF_HTML, 0, 1, 1), before);
	free(before);
	json_decref(d);
}

/* ---- mutations ---- */

/* Calls fn on every value below v (v itself excluded) with its container
 * and key or index; stops early when fn returns non-zero. */
typedef int (*visit_fn)(json_t *parent, const char *key, size_t index, void *ctx);

static int walk(json_t *v, visit_fn fn, void *ctx)
{
	const char *key;
	json_t *x;
	size_t i;
	if (json_is_object(v)) {
		json_object_foreach(v, key, x) {
			if (fn(v, key, 0, ctx) || walk(x, fn, ctx))
				return 1;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			if (fn(v, NULL, i, ctx) || walk(x, fn, ctx))
				return 1;
		}
	}
	return 0;
}

typedef struct {
	size_t seen, target;
	json_t *replacement; /* NULL: remove the value */
	/* what was there, to put it back */
	json_t *parent, *old;
	char *key;
	size_t index;
} mutation;

static int count_cb(json_t *parent, const char *key, size_t index, void *ctx)
{
	(void)parent, (void)key, (void)index;
	((mutation *)ctx)->seen++;
	return 0;
}

static int mutate_cb(json_t *parent, const char *key, size_t index, void *ctx)
{
	mutation *m = ctx;
	if (m->seen++ != m->target)
		return 0;
	m->parent = parent;
	m->key = key ? pl_strdup(key) : NULL;
	m->index = index;
	m->old = json_incref(key ? json_object_get(parent, key) : json_array_get(parent, index));
	if (key && m->replacement)
		json_object_set(parent, key, m->replacement);
	else if (key)
		json_object_del(parent, key);
	else if (m->replacement)
		json_array_set(parent, index, m->replacement);
	else
		json_array_remove(parent, index);
	return 1;
}

static void undo(mutation *m)
{
	if (m->key)
		json_object_set(m->parent, m->key, m->old);
	else if (m->replacement)
		json_array_set(m->parent, m->index, m->old);
	else
		json_array_insert(m->parent, m->index, m->old);
	json_decref(m->old);
	free(m->key);
}

static json_t *load_sample(void)
{
	const char *src = getenv("PILOTTI_SRC");
	char *path;
	json_error_t err;
	json_t *d;
	if (!src || !*src)
		return NULL;
	path = pl_strfmt("%s/tests/unit/data/diff-sample.json", src);
	d = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	if (!d)
		fail_msg("%s:%d: %s", path, err.line, err.text);
	free(path);
	return d;
}

static void mutations_never_crash(void **state)
{
	static const char *const replacements[] = {
		NULL, "null", "-1", "'<i>\\u001b[31m&'", "[]", "{}", "[{}]", "'+'",
	};
	json_t *base = load_sample();
	mutation count_all = { 0, 0, NULL, NULL, NULL, NULL, 0 };
	size_t invalid = 0, valid = 0;
	(void)state;
	if (!base)
		base = hostile_document();
	walk(base, count_cb, &count_all);
	assert_true(count_all.seen > 100);
	for (size_t r = 0; r < sizeof(replacements) / sizeof(*replacements); r++) {
		json_t *value = replacements[r] ? load(replacements[r]) : NULL;
		for (size_t t = 0; t < count_all.seen; t++) {
			/* a removed member would come back last and shift the
			 * count: removals work on a copy */
			json_t *d = value ? json_incref(base) : json_deep_copy(base);
			mutation m = { 0, t, value, NULL, NULL, NULL, 0 };
			walk(d, mutate_cb, &m);
			assert_non_null(m.parent);
			/* one style per mutation, in turn, keeps the run short */
			if (render_checked(d, (pl_diff_style)(t % 3), t % 2) == PL_EINVALID)
				invalid++;
			else
				valid++;
			undo(&m);
			json_decref(d);
		}
		json_decref(value);
	}
	/* both kinds happen: the check is neither absent nor all-rejecting */
	assert_true(invalid > 0);
	assert_true(valid > 0);
	/* every mutation was undone, and rendering changed nothing */
	{
		json_t *again = load_sample();
		if (!again)
			again = hostile_document();
		assert_true(json_equal(base, again));
		json_decref(again);
	}
	json_decref(base);
}

static void sample_renders_in_all_styles(void **state)
{
	json_t *d = load_sample();
	char *text, *coloured, *md, *html, *cm;
	(void)state;
	if (!d)
		skip();
	text = render(d, PL_DIFF_TEXT, 0, 1, 1);
	coloured = render(d, PL_DIFF_TEXT, 1, 1, 1);
	md = render(d, PL_DIFF_MARKDOWN, 0, 1, 1);
	html = render(d, PL_DIFF_HTML, 0, 1, 1);

	expect_contains(text, "Changes from workshop/tp2 to working tree\n\n"
			      "kainuu / matalan-kynnyksen-sosiaalityo: new\n"
			      "lappi / etsiva-sosiaalityo: 1 core element added, 1 removed, 2 changed, 1 renamed; "
			      "11 other logic-model items changed; 1 program theory section added, 1 removed, 1 changed; "
			      "fidelity 1 up, 1 down, 1 first assessed, 1 no longer assessed; 2 outcome statuses moved; "
			      "feasibility changed; evaluability changed; fidelity notes changed; outcome notes changed; "
			      "other consequences changed; data gathered changed\n\n");
	expect_contains(text, "\nkainuu / matalan-kynnyksen-sosiaalityo (new)\n  Operating environment\n"
			      "    added harva-asutus: Harva asutus\n");
	expect_contains(text, "    renamed rakenteellinen-tieto -> havaintojen-kokoaminen\n"
			      "      description: Havainnot kootaan kausittain {+kuntien päättäjille+}.\n");
	expect_contains(text, "      description: Asiakas tapaa [-aina-]{+yleensä+} saman sosiaaliohjaajan.\n"
			      "      adaptation: as-is -> adapted\n");
	expect_contains(text, "      elements: + havaintojen-kokoaminen, - rakenteellinen-tieto\n");
	expect_contains(text, "    jalkautuminen: 1 partly -> 2 fully (up)\n");
	expect_contains(text, "    palveluihin-kiinnittyminen: not-assessed -> partly\n");
	expect_contains(text, "    worker group interviews: 0 -> 2\n");
	expect_contains(text, "    added kylien-toimijat-aktivoituivat: Kyläyhdistykset alkoivat järjestää "
			      "kierrospäivinä yhteisiä kahvitilaisuuksia. (positive)\n");
	expect_lacks(text, "\033");
	expect_contains(coloured, "Asiakas tapaa \033[31maina\033[0m\033[32myleensä\033[0m saman");

	expect_contains(md, "- lappi / etsiva-sosiaalityo: 1 core element added, 1 removed");
	expect_contains(md, "#### Reference core elements left out\n\n- added asiakkaan-osallisuus: ");
	expect_contains(md, "  - description: Asiakas tapaa ~~aina~~**yleensä** saman sosiaaliohjaajan.\n");
	expect_contains(md, "- changed section \"Mikä toimii\"\n\n  Lapissa etsivä sosiaalityö");
	cm = commonmark(md);
	assert_int_equal(count(cm, "<h3>"), 2);
	/* kainuu: 6 logic-model parts, program theory, 4 of the evaluation;
	 * lappi: 8 + 1 + 6 */
	assert_int_equal(count(cm, "<h4>"), 11 + 15);
	expect_lacks(cm, "<em>");
	free(cm);

	expect_safe_html(html);
	assert_int_equal(count(html, "<h3>"), 2);
	assert_int_equal(count(html, "<h4>"), 11 + 15);
	expect_contains(html, "<section class=\"pl-diff-region-model pl-diff-added\">\n"
			      "<h3>kainuu / matalan-kynnyksen-sosiaalityo (new)</h3>\n");
	expect_contains(html, "<li>description: Asiakas tapaa <del>aina</del><ins>yleensä</ins> saman sosiaaliohjaajan.</li>\n");
	expect_contains(html, "<li class=\"pl-diff-down\">sama-tyontekija: 2 fully -&gt; 1 partly (down)\n");

	free(html);
	free(md);
	free(coloured);
	free(text);
	json_decref(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(html_escape_replaces_the_five_specials),
		cmocka_unit_test(text_output_is_exact),
		cmocka_unit_test(text_colour_only_when_asked),
		cmocka_unit_test(markdown_output_is_exact),
		cmocka_unit_test(html_output_is_exact),
		cmocka_unit_test(summary_lines_name_each_kind_of_change),
		cmocka_unit_test(details_of_new_removed_and_layout_only_region_models),
		cmocka_unit_test(renames_links_and_values),
		cmocka_unit_test(fidelity_and_outcome_statuses),
		cmocka_unit_test(program_theory_sections),
		cmocka_unit_test(evaluation_assessments_consequences_and_data),
		cmocka_unit_test(every_logic_model_part_has_its_heading),
		cmocka_unit_test(html_escapes_hostile_strings),
		cmocka_unit_test(markdown_escapes_user_text),
		cmocka_unit_test(markdown_of_hostile_document_keeps_its_structure),
		cmocka_unit_test(markdown_marks_hug_the_words_or_become_tags),
		cmocka_unit_test(control_characters_and_bad_utf8_are_replaced),
		cmocka_unit_test(no_region_models),
		cmocka_unit_test(options_choose_what_is_shown),
		cmocka_unit_test(output_is_appended_and_deterministic),
		cmocka_unit_test(malformed_documents_are_invalid),
		cmocka_unit_test(unknown_members_are_ignored),
		cmocka_unit_test(mutations_never_crash),
		cmocka_unit_test(sample_renders_in_all_styles),
	};
	return th_run(tests);
}
