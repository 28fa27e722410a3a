#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "error.h"
#include "template.h"

/* Renders tpl over the JSON text json (NULL: no data); the result is
 * compared with expect. */
static void check(const char *tpl, const char *json, pl_escape esc,
		  const char *expect)
{
	pl_template_doc *t = NULL;
	json_t *data = NULL;
	pl_buf out = PL_BUF_INIT;
	int rc;

	if (json) {
		data = json_loads(json, JSON_DECODE_ANY, NULL);
		assert_non_null(data);
	}
	rc = pl_template_parse(&t, "t.md", tpl, strlen(tpl));
	if (rc)
		print_error("%s\n", pl_error_last());
	assert_int_equal(rc, 0);
	assert_int_equal(pl_template_render(t, data, esc, &out), 0);
	assert_string_equal(out.ptr, expect);
	pl_buf_release(&out);
	pl_template_doc_free(t);
	json_decref(data);
}

/* Parses text (len bytes), which must fail with PL_EINVALID and the
 * message expect. */
static void check_error_len(const char *text, size_t len, const char *expect)
{
	static char sentinel;
	pl_template_doc *t = (pl_template_doc *)&sentinel; /* must become NULL */
	assert_int_equal(pl_template_parse(&t, "t.md", text, len), PL_EINVALID);
	assert_null(t);
	assert_string_equal(pl_error_last(), expect);
	pl_error_clear();
}

static void check_error(const char *text, const char *expect)
{
	check_error_len(text, strlen(text), expect);
}

static void variables_render_strings(void **state)
{
	(void)state;
	check("Hei {{name}}, {{place}}!", "{\"name\": \"Aino\", \"place\": \"Kajaani\"}",
	      PL_ESCAPE_HTML, "Hei Aino, Kajaani!");
	check("", "{}", PL_ESCAPE_HTML, "");
	check("no tags at all\n", NULL, PL_ESCAPE_HTML, "no tags at all\n");
}

static void integers_render_in_decimal(void **state)
{
	(void)state;
	check("{{a}} {{b}} {{c}}", "{\"a\": 0, \"b\": -42, \"c\": 9007199254740993}",
	      PL_ESCAPE_HTML, "0 -42 9007199254740993");
}

static void reals_render_as_jansson_writes_them(void **state)
{
	(void)state;
	check("{{a}} {{b}} {{c}} {{d}}", "{\"a\": 1.5, \"b\": 0.1, \"c\": -2.0, \"d\": 1e300}",
	      PL_ESCAPE_HTML, "1.5 0.1 -2.0 1e300");
}

static void booleans_render_as_words(void **state)
{
	(void)state;
	check("{{t}}/{{f}}", "{\"t\": true, \"f\": false}", PL_ESCAPE_HTML,
	      "true/false");
}

static void null_objects_and_arrays_render_nothing(void **state)
{
	(void)state;
	check("[{{n}}][{{o}}][{{a}}][{{{o}}}][{{&a}}]",
	      "{\"n\": null, \"o\": {\"x\": 1}, \"a\": [1, 2]}", PL_ESCAPE_NONE,
	      "[][][][][]");
}

static void missing_keys_render_nothing(void **state)
{
	(void)state;
	check("[{{nope}}][{{a.nope}}][{{nope.b}}][{{a.x.y}}][{{{nope}}}][{{& nope}}]",
	      "{\"a\": {\"x\": 1}}", PL_ESCAPE_HTML, "[][][][][][]");
	check("[{{nope}}]", NULL, PL_ESCAPE_HTML, "[]");
	check("[{{nope}}]", "[1, 2]", PL_ESCAPE_HTML, "[]");
	check("[{{nope}}]", "\"text\"", PL_ESCAPE_HTML, "[]");
}

static void html_escapes_hostile_strings(void **state)
{
	(void)state;
	check("<p title=\"{{a}}\">{{b}}</p>",
	      "{\"a\": \"\\\" onmouseover=\\\"x\", \"b\": \"<script>alert(1)</script>\"}",
	      PL_ESCAPE_HTML,
	      "<p title=\"&quot; onmouseover=&quot;x\">"
	      "&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	check("{{v}}", "{\"v\": \"javascript:x\"}", PL_ESCAPE_HTML, "javascript:x");
	check("{{v}}", "{\"v\": \"&\"}", PL_ESCAPE_HTML, "&amp;");
	check("{{v}}", "{\"v\": \"'&amp;'\"}", PL_ESCAPE_HTML, "&#39;&amp;amp;&#39;");
}

static void markdown_escapes_hostile_strings(void **state)
{
	(void)state;
	check("{{v}}", "{\"v\": \"<script>alert(1)</script>\"}", PL_ESCAPE_MARKDOWN,
	      "\\<script\\>alert\\(1\\)\\</script\\>");
	check("{{v}}", "{\"v\": \"\\\" onmouseover=\\\"x\"}", PL_ESCAPE_MARKDOWN,
	      "\" onmouseover\\=\"x");
	check("{{v}}", "{\"v\": \"javascript:x\"}", PL_ESCAPE_MARKDOWN, "javascript:x");
	check("{{v}}", "{\"v\": \"&\"}", PL_ESCAPE_MARKDOWN, "\\&");
	check("{{v}}", "{\"v\": \"[klikkaa](javascript:x)\"}", PL_ESCAPE_MARKDOWN,
	      "\\[klikkaa\\]\\(javascript:x\\)");
}

static void markdown_escapes_every_structural_character(void **state)
{
	(void)state;
	check("{{v}}", "{\"v\": \"\\\\`*_{}[]<>()#+-.!|~&=\"}", PL_ESCAPE_MARKDOWN,
	      "\\\\\\`\\*\\_\\{\\}\\[\\]\\<\\>\\(\\)\\#\\+\\-\\.\\!\\|\\~\\&\\=");
	check("{{v}}", "{\"v\": \"# otsikko\\n- kohta\\n1. kohta\"}", PL_ESCAPE_MARKDOWN,
	      "\\# otsikko\n\\- kohta\n1\\. kohta");
	check("{{v}}", "{\"v\": \"plain words, 'quotes' \\\" : ; ? / @ $ % ^\"}",
	      PL_ESCAPE_MARKDOWN, "plain words, 'quotes' \" : ; ? / @ $ % ^");
}

static void escape_none_writes_strings_as_they_are(void **state)
{
	(void)state;
	check("{{v}}", "{\"v\": \"<b>&amp;</b> *x* \\\"'\"}", PL_ESCAPE_NONE,
	      "<b>&amp;</b> *x* \"'");
}

static void template_text_is_never_escaped(void **state)
{
	(void)state;
	check("<b>*{{v}}*</b> & co", "{\"v\": \"&\"}", PL_ESCAPE_HTML,
	      "<b>*&amp;*</b> & co");
	check("<b>*{{v}}*</b> & co", "{\"v\": \"&\"}", PL_ESCAPE_MARKDOWN,
	      "<b>*\\&*</b> & co");
}

static void numbers_and_booleans_are_not_escaped(void **state)
{
	(void)state;
	check("{{a}} {{b}} {{c}}", "{\"a\": -3, \"b\": -0.5, \"c\": true}",
	      PL_ESCAPE_MARKDOWN, "-3 -0.5 true");
}

static void triple_mustache_writes_raw(void **state)
{
	(void)state;
	check("{{{v}}}|{{{ v }}}", "{\"v\": \"<b>&'\\\"</b>\"}", PL_ESCAPE_HTML,
	      "<b>&'\"</b>|<b>&'\"</b>");
	check("{{{v}}}", "{\"v\": \"*[x]*\"}", PL_ESCAPE_MARKDOWN, "*[x]*");
}

static void ampersand_writes_raw(void **state)
{
	(void)state;
	check("{{&v}}|{{& v }}", "{\"v\": \"<i>&</i>\"}", PL_ESCAPE_HTML,
	      "<i>&</i>|<i>&</i>");
	check("{{&v}}", "{\"v\": \"_x_\"}", PL_ESCAPE_MARKDOWN, "_x_");
}

static void dotted_names_walk_into_objects(void **state)
{
	(void)state;
	check("{{a.b.c}}|{{a.b.c.d}}|{{a.n}}",
	      "{\"a\": {\"b\": {\"c\": \"syvä\"}, \"n\": 7}}", PL_ESCAPE_HTML,
	      "syvä||7");
	check("{{#a.b}}[{{c}}]{{/a.b}}", "{\"a\": {\"b\": {\"c\": 1}}}",
	      PL_ESCAPE_HTML, "[1]");
}

static void dotted_name_stays_where_its_first_part_is_found(void **state)
{
	(void)state;
	/* from the Mustache spec: b is found in a, so b.c is not taken from
	 * the outer b */
	check("{{#a}}[{{b.c}}]{{/a}}",
	      "{\"a\": {\"b\": {}}, \"b\": {\"c\": \"ERROR\"}}", PL_ESCAPE_HTML,
	      "[]");
}

static void lookup_walks_the_context_stack_outward(void **state)
{
	(void)state;
	check("{{#items}}{{name}} in {{region}};{{/items}}",
	      "{\"name\": \"outer\", \"region\": \"Kainuu\","
	      " \"items\": [{\"name\": \"A\"}, {\"name\": \"B\", \"region\": \"Lappi\"}]}",
	      PL_ESCAPE_HTML, "A in Kainuu;B in Lappi;");
	/* contexts that are not objects are passed over */
	check("{{#xs}}{{.}}{{top}}{{/xs}}", "{\"top\": \"T\", \"xs\": [\"a\", 2]}",
	      PL_ESCAPE_HTML, "aT2T");
}

static void dot_renders_the_current_value(void **state)
{
	(void)state;
	check("{{.}}", "\"moi\"", PL_ESCAPE_HTML, "moi");
	check("{{#xs}}{{.}},{{/xs}}", "{\"xs\": [1, 2.5, true, \"<\", null, {}]}",
	      PL_ESCAPE_HTML, "1,2.5,true,&lt;,,,");
	check("[{{.}}]", "{\"a\": 1}", PL_ESCAPE_HTML, "[]");
}

static void section_repeats_for_each_list_item(void **state)
{
	(void)state;
	check("{{#xs}}<{{n}}>{{/xs}}",
	      "{\"xs\": [{\"n\": \"a\"}, {\"n\": \"b\"}, {\"n\": \"c\"}]}",
	      PL_ESCAPE_NONE, "<a><b><c>");
}

static void section_over_empty_list_is_skipped(void **state)
{
	(void)state;
	check("a{{#xs}}<{{.}}>{{/xs}}b", "{\"xs\": []}", PL_ESCAPE_NONE, "ab");
}

static void section_over_object_renders_once_inside_it(void **state)
{
	(void)state;
	check("{{#o}}{{x}}{{/o}}{{x}}", "{\"o\": {\"x\": \"1\"}, \"x\": \"2\"}",
	      PL_ESCAPE_NONE, "12");
	check("{{#o}}[{{x}}]{{/o}}", "{\"o\": {}, \"x\": \"outer\"}", PL_ESCAPE_NONE,
	      "[outer]");
}

static void section_over_booleans(void **state)
{
	(void)state;
	check("{{#t}}T{{.}}{{/t}}{{#f}}F{{/f}}", "{\"t\": true, \"f\": false}",
	      PL_ESCAPE_NONE, "Ttrue");
}

static void section_over_strings(void **state)
{
	(void)state;
	check("{{#s}}[{{.}}]{{/s}}{{#e}}E{{/e}}", "{\"s\": \"x\", \"e\": \"\"}",
	      PL_ESCAPE_NONE, "[x]");
}

static void section_over_numbers_renders_once(void **state)
{
	(void)state;
	check("{{#z}}{{.}}{{/z}},{{#r}}{{.}}{{/r}},{{#n}}{{.}}{{/n}}",
	      "{\"z\": 0, \"r\": 0.0, \"n\": 3}", PL_ESCAPE_NONE, "0,0.0,3");
}

static void section_over_null_or_missing_is_skipped(void **state)
{
	(void)state;
	check("a{{#n}}N{{/n}}{{#nope}}M{{/nope}}{{#x.y}}Y{{/x.y}}b",
	      "{\"n\": null, \"x\": 1}", PL_ESCAPE_NONE, "ab");
}

static void inverted_section_renders_when_section_would_not(void **state)
{
	const char *empty[] = { "false", "null", "[]", "\"\"" };
	const char *full[] = { "true", "[1]", "\"x\"", "0", "{}" };
	pl_buf json = PL_BUF_INIT;
	(void)state;
	for (size_t i = 0; i < sizeof(empty) / sizeof(*empty); i++) {
		pl_buf_clear(&json);
		pl_buf_printf(&json, "{\"v\": %s}", empty[i]);
		check("{{^v}}yes{{/v}}", json.ptr, PL_ESCAPE_NONE, "yes");
	}
	for (size_t i = 0; i < sizeof(full) / sizeof(*full); i++) {
		pl_buf_clear(&json);
		pl_buf_printf(&json, "{\"v\": %s}", full[i]);
		check("{{^v}}yes{{/v}}", json.ptr, PL_ESCAPE_NONE, "");
	}
	check("{{^v}}yes{{/v}}", "{}", PL_ESCAPE_NONE, "yes");
	pl_buf_release(&json);
}

static void inverted_section_pushes_no_context(void **state)
{
	(void)state;
	check("{{#o}}{{^missing}}{{x}}{{/missing}}{{/o}}", "{\"o\": {\"x\": 1}}",
	      PL_ESCAPE_NONE, "1");
}

static void nested_sections(void **state)
{
	(void)state;
	check("{{#regions}}{{name}}:{{#workshops}}{{d}}{{#last}}.{{/last}}{{/workshops}}"
	      "{{^workshops}}none{{/workshops}};{{/regions}}",
	      "{\"regions\": ["
	      "{\"name\": \"A\", \"workshops\": [{\"d\": \"1\"}, {\"d\": \"2\", \"last\": true}]},"
	      "{\"name\": \"B\", \"workshops\": []}]}",
	      PL_ESCAPE_NONE, "A:12.;B:none;");
	check("{{#a}}{{#a}}{{#b}}x{{/b}}{{/a}}{{/a}}", "{\"a\": {\"a\": 1}, \"b\": true}",
	      PL_ESCAPE_NONE, "x");
}

static void standalone_lines_are_removed(void **state)
{
	(void)state;
	check("<ul>\n"
	      "  {{#items}}\n"
	      "  <li>{{.}}</li>\n"
	      "  {{/items}}\n"
	      "\t{{! nothing more }}\t\n"
	      "  {{^items}}\n"
	      "  <li>none</li>\n"
	      "  {{/items}}\n"
	      "</ul>\n",
	      "{\"items\": [\"a\", \"b\"]}", PL_ESCAPE_HTML,
	      "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n");
}

static void standalone_lines_with_crlf_or_at_the_ends(void **state)
{
	(void)state;
	check("a\r\n{{#t}}\r\nb\r\n{{/t}}", "{\"t\": true}", PL_ESCAPE_NONE,
	      "a\r\nb\r\n");
	check("  {{#t}}\nx\n  {{/t}}  ", "{\"t\": true}", PL_ESCAPE_NONE, "x\n");
	check("a\n{{!\n  a comment\n  over lines\n}}\nb\n", NULL, PL_ESCAPE_NONE,
	      "a\nb\n");
}

static void tags_sharing_a_line_are_not_standalone(void **state)
{
	(void)state;
	check("  {{#t}}x{{/t}}\n", "{\"t\": true}", PL_ESCAPE_NONE, "  x\n");
	check("a {{#t}}\nb\n{{/t}}", "{\"t\": true}", PL_ESCAPE_NONE, "a \nb\n");
	check("{{#t}} b\n{{/t}}", "{\"t\": true}", PL_ESCAPE_NONE, " b\n");
	/* a variable alone on its line keeps the line */
	check("  {{v}}\nx", "{\"v\": \"\"}", PL_ESCAPE_NONE, "  \nx");
	check("{{v}}{{#t}}\nx{{/t}}", "{\"v\": \"V\", \"t\": true}",
	      PL_ESCAPE_NONE, "V\nx");
}

static void comments_render_nothing(void **state)
{
	(void)state;
	check("a{{! note }}b{{!\nline\n}}c{{!}}d{{!{x}{{y}}e", NULL, PL_ESCAPE_NONE,
	      "abcde");
}

static void finnish_text_is_untouched(void **state)
{
	const char *text = "Hyvää päivää, {{nimi}}! Åland ja öljy.\n"
			   "{{#työpajat}}- {{paikka}}\n{{/työpajat}}";
	const char *data = "{\"nimi\": \"Äänekoski ÅÖÄ åöä\","
			   " \"työpajat\": [{\"paikka\": \"Särkänniemi\"}]}";
	const char *expect = "Hyvää päivää, Äänekoski ÅÖÄ åöä! Åland ja öljy.\n"
			     "- Särkänniemi\n";
	(void)state;
	check(text, data, PL_ESCAPE_HTML, expect);
	check(text, data, PL_ESCAPE_MARKDOWN, expect);
	check(text, data, PL_ESCAPE_NONE, expect);
}

static void blanks_inside_tags_are_ignored(void **state)
{
	(void)state;
	check("{{ a }}{{#  s\t}}{{\tb }}{{/ s }}{{{  c  }}}{{&  d }}{{^ n }}N{{/n}}",
	      "{\"a\": 1, \"s\": true, \"b\": 2, \"c\": 3, \"d\": 4}", PL_ESCAPE_NONE,
	      "1234N");
}

static void render_appends_and_a_template_is_reusable(void **state)
{
	pl_template_doc *t = NULL;
	pl_buf out = PL_BUF_INIT;
	json_t *one = json_pack("{s:s}", "x", "1");
	json_t *two = json_pack("{s:s}", "x", "2");
	(void)state;
	assert_int_equal(pl_template_parse(&t, "t.md", "[{{x}}]", 7), 0);
	pl_buf_puts(&out, "alku:");
	assert_int_equal(pl_template_render(t, one, PL_ESCAPE_HTML, &out), 0);
	assert_int_equal(pl_template_render(t, two, PL_ESCAPE_HTML, &out), 0);
	assert_string_equal(out.ptr, "alku:[1][2]");
	pl_buf_release(&out);
	json_decref(two);
	json_decref(one);
	pl_template_doc_free(t);
}

static void text_need_not_be_nul_terminated(void **state)
{
	pl_template_doc *t = NULL;
	pl_buf out = PL_BUF_INIT;
	json_t *data = json_pack("{s:s}", "x", "X");
	(void)state;
	/* only the first 5 bytes are the template */
	assert_int_equal(pl_template_parse(&t, "t.md", "{{x}}{{#y}}", 5), 0);
	assert_int_equal(pl_template_render(t, data, PL_ESCAPE_HTML, &out), 0);
	assert_string_equal(out.ptr, "X");
	pl_buf_release(&out);
	json_decref(data);
	pl_template_doc_free(t);
}

static void unclosed_section_is_an_error(void **state)
{
	(void)state;
	check_error("a\n{{#items}}\n  {{.}}\n",
		    "t.md:4:1: unclosed section '{{#items}}' opened at 2:1");
	check_error("ä {{^ x }}", "t.md:1:11: unclosed section '{{^x}}' opened at 1:3");
	check_error("{{#a}}{{#b}}{{/b}}",
		    "t.md:1:19: unclosed section '{{#a}}' opened at 1:1");
}

static void closing_tag_must_match_the_open_section(void **state)
{
	(void)state;
	check_error("{{#a}}\n  {{#b}}x{{/a}}\n",
		    "t.md:2:10: '{{/a}}' closes '{{#b}}' opened at 2:3");
	check_error("{{^a}}{{/a.b}}", "t.md:1:7: '{{/a.b}}' closes '{{^a}}' opened at 1:1");
	check_error("x\n{{/a}}", "t.md:2:1: '{{/a}}' closes no open section");
	check_error("{{#a}}{{/a}}{{/a}}", "t.md:1:13: '{{/a}}' closes no open section");
}

static void unclosed_tag_is_an_error(void **state)
{
	(void)state;
	check_error("Hei {{name\nmaailma}}", "t.md:1:5: unclosed tag: '{{' without '}}'");
	check_error("{{a {{b}}", "t.md:1:1: unclosed tag: '{{' without '}}'");
	check_error("ok\nx{{", "t.md:2:2: unclosed tag: '{{' without '}}'");
	check_error("{{#a}", "t.md:1:1: unclosed tag: '{{' without '}}'");
	check_error("a{{! never closed\n", "t.md:1:2: unclosed tag: '{{' without '}}'");
}

static void empty_tag_name_is_an_error(void **state)
{
	(void)state;
	check_error("{{}}", "t.md:1:1: empty tag name in '{{}}'");
	check_error("a{{# }}", "t.md:1:2: empty tag name in '{{#}}'");
	check_error("{{^}}", "t.md:1:1: empty tag name in '{{^}}'");
	check_error("{{/\t}}", "t.md:1:1: empty tag name in '{{/}}'");
	check_error("{{{ }}}", "t.md:1:1: empty tag name in '{{{}}}'");
	check_error("{{&}}", "t.md:1:1: empty tag name in '{{&}}'");
}

static void bad_characters_in_a_name_are_an_error(void **state)
{
	(void)state;
	check_error("ä{{a b}}", "t.md:1:2: bad characters in name 'a b'");
	check_error("{{a..b}}", "t.md:1:1: bad characters in name 'a..b'");
	check_error("{{.a}}", "t.md:1:1: bad characters in name '.a'");
	check_error("{{#a.}}{{/a.}}", "t.md:1:1: bad characters in name 'a.'");
	check_error("{{x<y}}", "t.md:1:1: bad characters in name 'x<y'");
	check_error("{{{{x}}}}", "t.md:1:1: bad characters in name '{x'");
	check_error("{{$x}}", "t.md:1:1: bad characters in name '$x'");
	check_error("{{a\rb}}", "t.md:1:1: bad characters in name 'a...'");
	check_error("{{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!}}",
		    "t.md:1:1: bad characters in name "
		    "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
}

static void triple_mustache_needs_three_closing_braces(void **state)
{
	(void)state;
	check_error("x {{{a}}", "t.md:1:3: '{{{' without '}}}'");
	check_error("{{{a", "t.md:1:1: '{{{' without '}}}'");
	check_error("{{{a}} {{b}}}", "t.md:1:1: '{{{' without '}}}'");
	check_error("{{{a\n}}}", "t.md:1:1: '{{{' without '}}}'");
}

static void delimiter_changes_are_not_supported(void **state)
{
	(void)state;
	check_error("a\n {{=<% %>=}}\n",
		    "t.md:2:2: delimiter changes ('{{=') are not supported");
}

static void partials_are_not_supported(void **state)
{
	(void)state;
	check_error("{{> header}}", "t.md:1:1: partials ('{{>') are not supported");
}

static void invalid_utf8_and_nul_are_errors(void **state)
{
	(void)state;
	check_error("ok\nä\xff", "t.md:2:2: invalid UTF-8");
	check_error("\xc3", "t.md:1:1: invalid UTF-8");
	check_error_len("a\0b", 3, "t.md:1:2: NUL byte in a template");
}

static void bad_arguments_are_usage_errors(void **state)
{
	pl_template_doc *t = NULL;
	pl_buf out = PL_BUF_INIT;
	(void)state;
	assert_int_equal(pl_template_parse(NULL, "t.md", "x", 1), PL_EUSAGE);
	assert_int_equal(pl_template_parse(&t, NULL, "x", 1), PL_EUSAGE);
	assert_int_equal(pl_template_parse(&t, "t.md", NULL, 1), PL_EUSAGE);
	assert_int_equal(pl_template_parse(&t, "t.md", NULL, 0), 0);
	assert_int_equal(pl_template_render(NULL, NULL, PL_ESCAPE_HTML, &out), PL_EUSAGE);
	assert_int_equal(pl_template_render(t, NULL, PL_ESCAPE_HTML, NULL), PL_EUSAGE);
	assert_int_equal(pl_template_render(t, NULL, (pl_escape)42, &out), PL_EUSAGE);
	assert_string_equal(pl_error_last(), "unknown escape mode 42");
	assert_int_equal(pl_template_render(t, NULL, PL_ESCAPE_HTML, &out), 0);
	assert_string_equal(out.ptr, "");
	pl_template_doc_free(t);
	pl_template_doc_free(NULL); /* does nothing */
	pl_buf_release(&out);
	pl_error_clear();
}

static void renders_10000_list_items(void **state)
{
	pl_template_doc *t = NULL;
	pl_buf out = PL_BUF_INIT, expect = PL_BUF_INIT, tpl = PL_BUF_INIT;
	json_t *items = json_array();
	json_t *data = json_pack("{s:s,s:o}", "title", "Iso & laaja", "items", items);
	const size_t n = 10000;
	(void)state;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I,s:s}", "n", (json_int_t)i,
						       "name", i % 2 ? "<pariton>" : "parillinen"));
	/* a long template as well: 200 copies of the list */
	for (int k = 0; k < 200; k++)
		pl_buf_puts(&tpl, "<h1>{{title}}</h1>\n<ol>\n{{#items}}\n"
				  "  <li>{{n}}: {{name}} ({{title}})</li>\n{{/items}}\n</ol>\n");
	pl_buf_puts(&expect, "<h1>Iso &amp; laaja</h1>\n<ol>\n");
	for (size_t i = 0; i < n; i++)
		pl_buf_printf(&expect, "  <li>%zu: %s (Iso &amp; laaja)</li>\n", i,
			      i % 2 ? "&lt;pariton&gt;" : "parillinen");
	pl_buf_puts(&expect, "</ol>\n");

	assert_int_equal(pl_template_parse(&t, "big.html", tpl.ptr, tpl.len), 0);
	assert_int_equal(pl_template_render(t, data, PL_ESCAPE_HTML, &out), 0);
	assert_int_equal(out.len, expect.len * 200);
	for (size_t k = 0; k < 200; k++)
		assert_memory_equal(out.ptr + k * expect.len, expect.ptr, expect.len);
	pl_buf_release(&tpl);
	pl_buf_release(&expect);
	pl_buf_release(&out);
	json_decref(data);
	pl_template_doc_free(t);
}

static void deep_nesting_renders_without_recursion(void **state)
{
	pl_template_doc *t = NULL;
	pl_buf tpl = PL_BUF_INIT, out = PL_BUF_INIT;
	/* each level pushes the list's one item, so every lookup of a walks
	 * the whole context stack out to the data */
	json_t *data = json_pack("{s:[i],s:s}", "a", 1, "x", "&");
	const size_t depth = 10000;
	(void)state;
	for (size_t i = 0; i < depth; i++)
		pl_buf_puts(&tpl, "{{#a}}");
	pl_buf_puts(&tpl, "{{x}}");
	for (size_t i = 0; i < depth; i++)
		pl_buf_puts(&tpl, "{{/a}}");
	assert_int_equal(pl_template_parse(&t, "deep.md", tpl.ptr, tpl.len), 0);
	assert_int_equal(pl_template_render(t, data, PL_ESCAPE_HTML, &out), 0);
	assert_string_equal(out.ptr, "&amp;");
	pl_buf_release(&out);
	pl_template_doc_free(t);

	/* inverted sections over a missing key, nested as deep */
	pl_buf_clear(&tpl);
	for (size_t i = 0; i < depth; i++)
		pl_buf_puts(&tpl, "{{^no}}-");
	for (size_t i = 0; i < depth; i++)
		pl_buf_puts(&tpl, "{{/no}}");
	assert_int_equal(pl_template_parse(&t, "deep.md", tpl.ptr, tpl.len), 0);
	assert_int_equal(pl_template_render(t, data, PL_ESCAPE_HTML, &out), 0);
	assert_int_equal(out.len, depth);

	pl_buf_release(&out);
	pl_buf_release(&tpl);
	json_decref(data);
	pl_template_doc_free(t);
}

static void deep_unclosed_nesting_is_an_error(void **state)
{
	pl_buf tpl = PL_BUF_INIT;
	(void)state;
	for (size_t i = 0; i < 10000; i++)
		pl_buf_puts(&tpl, "{{#a}}");
	/* the innermost open section is the one named */
	check_error_len(tpl.ptr, tpl.len,
			"t.md:1:60001: unclosed section '{{#a}}' opened at 1:59995");
	pl_buf_release(&tpl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(variables_render_strings),
		cmocka_unit_test(integers_render_in_decimal),
		cmocka_unit_test(reals_render_as_jansson_writes_them),
		cmocka_unit_test(booleans_render_as_words),
		cmocka_unit_test(null_objects_and_arrays_render_nothing),
		cmocka_unit_test(missing_keys_render_nothing),
		cmocka_unit_test(html_escapes_hostile_strings),
		cmocka_unit_test(markdown_escapes_hostile_strings),
		cmocka_unit_test(markdown_escapes_every_structural_character),
		cmocka_unit_test(escape_none_writes_strings_as_they_are),
		cmocka_unit_test(template_text_is_never_escaped),
		cmocka_unit_test(numbers_and_booleans_are_not_escaped),
		cmocka_unit_test(triple_mustache_writes_raw),
		cmocka_unit_test(ampersand_writes_raw),
		cmocka_unit_test(dotted_names_walk_into_objects),
		cmocka_unit_test(dotted_name_stays_where_its_first_part_is_found),
		cmocka_unit_test(lookup_walks_the_context_stack_outward),
		cmocka_unit_test(dot_renders_the_current_value),
		cmocka_unit_test(section_repeats_for_each_list_item),
		cmocka_unit_test(section_over_empty_list_is_skipped),
		cmocka_unit_test(section_over_object_renders_once_inside_it),
		cmocka_unit_test(section_over_booleans),
		cmocka_unit_test(section_over_strings),
		cmocka_unit_test(section_over_numbers_renders_once),
		cmocka_unit_test(section_over_null_or_missing_is_skipped),
		cmocka_unit_test(inverted_section_renders_when_section_would_not),
		cmocka_unit_test(inverted_section_pushes_no_context),
		cmocka_unit_test(nested_sections),
		cmocka_unit_test(standalone_lines_are_removed),
		cmocka_unit_test(standalone_lines_with_crlf_or_at_the_ends),
		cmocka_unit_test(tags_sharing_a_line_are_not_standalone),
		cmocka_unit_test(comments_render_nothing),
		cmocka_unit_test(finnish_text_is_untouched),
		cmocka_unit_test(blanks_inside_tags_are_ignored),
		cmocka_unit_test(render_appends_and_a_template_is_reusable),
		cmocka_unit_test(text_need_not_be_nul_terminated),
		cmocka_unit_test(unclosed_section_is_an_error),
		cmocka_unit_test(closing_tag_must_match_the_open_section),
		cmocka_unit_test(unclosed_tag_is_an_error),
		cmocka_unit_test(empty_tag_name_is_an_error),
		cmocka_unit_test(bad_characters_in_a_name_are_an_error),
		cmocka_unit_test(triple_mustache_needs_three_closing_braces),
		cmocka_unit_test(delimiter_changes_are_not_supported),
		cmocka_unit_test(partials_are_not_supported),
		cmocka_unit_test(invalid_utf8_and_nul_are_errors),
		cmocka_unit_test(bad_arguments_are_usage_errors),
		cmocka_unit_test(renders_10000_list_items),
		cmocka_unit_test(deep_nesting_renders_without_recursion),
		cmocka_unit_test(deep_unclosed_nesting_is_an_error),
	};
	return th_run(tests);
}
