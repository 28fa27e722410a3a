#include "diff_render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "json.h"

/*
 * The words people read, in one table so that a translation is one more
 * table.  "{1}".."{4}" stand for the arguments; everything here is plain
 * text and is escaped like the document's own strings.
 */
typedef struct {
	const char *one, *many;
} plural;

typedef struct {
	const char *key, *label;
} field_label;

typedef struct {
	const char *header;           /* {1} from side, {2} to side */
	const char *nothing;
	const char *region_model;     /* {1} region, {2} model */
	const char *heading_added;    /* {1} region model */
	const char *heading_removed;
	const char *summary_line;     /* {1} region model, {2} what changed */
	const char *sum_new, *sum_removed, *sum_layout, *sum_changed;
	const char *logic_model[8];   /* in the order of lm_keys */
	const char *program_theory, *feasibility, *evaluability, *fidelity;
	const char *outcome_statuses, *other_consequences, *data;
	const char *item_added, *item_added_bare;     /* {1} id, {2} its text */
	const char *item_removed, *item_removed_bare;
	const char *item_renamed;                     /* {1} from, {2} to */
	const char *item_changed;                     /* {1} id */
	const char *with_effect;                      /* {1} text, {2} effect */
	const char *section_added, *section_removed, *section_changed; /* {1} title */
	const char *opening_added, *opening_removed, *opening_changed;
	const char *field;                            /* {1} field label */
	const char *value_change;                     /* {1} before, {2} after */
	const char *none;
	const char *link_added, *link_removed, *link_sep;
	const char *fidelity_change; /* {1} element, {2} before, {3} after, {4} direction */
	const char *fidelity_same;   /* {1} element, {2} rating */
	const char *ratings[3];
	const char *not_assessed;
	const char *directions[5];   /* in the order of direction_keys */
	const char *outcome_change;  /* {1} outcome, {2} before, {3} after */
	const char *outcome_same;    /* {1} outcome, {2} status */
	const char *not_listed;
	const field_label *fields;   /* ends with {NULL, NULL} */
	/* the summary line */
	plural n_core_elements, n_other_items, n_sections, n_outcome_statuses;
	const char *v_added, *v_removed, *v_changed, *v_renamed, *v_moved;
	const char *count_first;     /* {1} number, {2} noun, {3} verb */
	const char *count_more;      /* {1} number, {2} verb */
	const char *fidelity_lead;   /* {1} the fidelity counts */
	const char *f_up, *f_down, *f_assessed, *f_unassessed; /* {1} number */
	const char *s_feasibility, *s_evaluability, *s_fidelity_notes;
	const char *s_outcome_notes, *s_consequences, *s_data;
	const char *part_sep, *count_sep;
} labels;

static const field_label fields_en[] = {
	{ "title", "title" },
	{ "description", "description" },
	{ "reason", "reason" },
	{ "notes", "notes" },
	{ "reference", "reference" },
	{ "adaptation", "adaptation" },
	{ "horizon", "horizon" },
	{ "indicators", "indicators" },
	{ "elements", "elements" },
	{ "mechanisms", "mechanisms" },
	{ "context", "context" },
	{ "outcomes", "outcomes" },
	{ "rating", "rating" },
	{ "status", "status" },
	{ "effect", "effect" },
	{ "worker_group_interviews", "worker group interviews" },
	{ "client_group_interviews", "client group interviews" },
	{ NULL, NULL }
};

static const labels labels_en = {
	.header = "Changes from {1} to {2}",
	.nothing = "No region model differs.",
	.region_model = "{1} / {2}",
	.heading_added = "{1} (new)",
	.heading_removed = "{1} (removed)",
	.summary_line = "{1}: {2}",
	.sum_new = "new",
	.sum_removed = "removed",
	.sum_layout = "no change in content (layout or order only)",
	.sum_changed = "changed",
	.logic_model = { "Operating environment", "Actors", "Resources", "Core elements",
			 "Reference core elements left out", "Emerging mechanisms",
			 "Expected outcomes", "Context-mechanism-outcome configurations" },
	.program_theory = "Program theory",
	.feasibility = "Feasibility",
	.evaluability = "Evaluability",
	.fidelity = "Fidelity of core elements",
	.outcome_statuses = "Outcome statuses",
	.other_consequences = "Other consequences",
	.data = "Data gathered",
	.item_added = "added {1}: {2}",
	.item_added_bare = "added {1}",
	.item_removed = "removed {1}: {2}",
	.item_removed_bare = "removed {1}",
	.item_renamed = "renamed {1} -> {2}",
	.item_changed = "changed {1}",
	.with_effect = "{1} ({2})",
	.section_added = "added section \"{1}\"",
	.section_removed = "removed section \"{1}\"",
	.section_changed = "changed section \"{1}\"",
	.opening_added = "added text before the first heading",
	.opening_removed = "removed text before the first heading",
	.opening_changed = "changed text before the first heading",
	.field = "{1}: ",
	.value_change = "{1} -> {2}",
	.none = "(none)",
	.link_added = "+ {1}",
	.link_removed = "- {1}",
	.link_sep = ", ",
	.fidelity_change = "{1}: {2} -> {3} ({4})",
	.fidelity_same = "{1}: {2}",
	.ratings = { "0 not implemented", "1 partly", "2 fully" },
	.not_assessed = "not assessed",
	.directions = { "up", "down", "first assessed", "no longer assessed", "same rating" },
	.outcome_change = "{1}: {2} -> {3}",
	.outcome_same = "{1}: {2}",
	.not_listed = "not listed",
	.fields = fields_en,
	.n_core_elements = { "core element", "core elements" },
	.n_other_items = { "other logic-model item", "other logic-model items" },
	.n_sections = { "program theory section", "program theory sections" },
	.n_outcome_statuses = { "outcome status", "outcome statuses" },
	.v_added = "added",
	.v_removed = "removed",
	.v_changed = "changed",
	.v_renamed = "renamed",
	.v_moved = "moved",
	.count_first = "{1} {2} {3}",
	.count_more = "{1} {2}",
	.fidelity_lead = "fidelity {1}",
	.f_up = "{1} up",
	.f_down = "{1} down",
	.f_assessed = "{1} first assessed",
	.f_unassessed = "{1} no longer assessed",
	.s_feasibility = "feasibility changed",
	.s_evaluability = "evaluability changed",
	.s_fidelity_notes = "fidelity notes changed",
	.s_outcome_notes = "outcome notes changed",
	.s_consequences = "other consequences changed",
	.s_data = "data gathered changed",
	.part_sep = "; ",
	.count_sep = ", ",
};

/* How each style marks text up; the words come from its labels. */
typedef struct {
	const labels *words;
	const char *del[2], *ins[2];             /* around deleted / inserted words */
	const char *del_color[2], *ins_color[2]; /* the same with colour (text only) */
	const char *bold[2];                     /* headings with colour (text only) */
} style_def;

#define ANSI_RED "\033[31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_BOLD "\033[1m"
#define ANSI_RESET "\033[0m"

static const style_def styles[] = {
	[PL_DIFF_TEXT] = { &labels_en, { "[-", "-]" }, { "{+", "+}" },
			   { ANSI_RED, ANSI_RESET }, { ANSI_GREEN, ANSI_RESET },
			   { ANSI_BOLD, ANSI_RESET } },
	[PL_DIFF_MARKDOWN] = { &labels_en, { "~~", "~~" }, { "**", "**" },
			       { "~~", "~~" }, { "**", "**" }, { "", "" } },
	[PL_DIFF_HTML] = { &labels_en, { "<del>", "</del>" }, { "<ins>", "</ins>" },
			   { "<del>", "</del>" }, { "<ins>", "</ins>" }, { "", "" } },
};

/* The document's keys, in the order they are shown. */
static const char *const lm_keys[8] = { "context", "actors", "resources", "core_elements",
					"omitted", "mechanisms", "outcomes", "configurations" };
static const char *const direction_keys[5] = { "up", "down", "assessed", "unassessed", "same" };
static const char *const summary_keys[] = {
	"elements_added", "elements_removed", "elements_changed", "elements_renamed",
	"items_changed", "sections_added", "sections_removed", "sections_changed",
	"ratings_up", "ratings_down", "outcome_statuses_changed"
};

/* ------------------------------------------------------------ shape check */

/*
 * The whole document is checked before anything is written, so a bad one
 * leaves out untouched and the renderer below meets only the types it
 * expects (it still reads every value through Jansson's NULL-safe getters).
 * Where the check is: a chain of frames on the C stack, turned into a JSON
 * pointer only for the message.
 */
typedef struct frame {
	const struct frame *up;
	const char *key; /* NULL: index */
	size_t index;
} frame;

typedef struct {
	const frame *top;
} check;

typedef int (*check_fn)(check *c, const json_t *v);

static void pointer(pl_buf *b, const frame *f)
{
	if (!f)
		return;
	pointer(b, f->up);
	if (f->key)
		pl_json_pointer_push(b, f->key);
	else
		pl_json_pointer_push_index(b, f->index);
}

static int bad(check *c, const char *what)
{
	pl_buf where = PL_BUF_INIT;
	int rc;
	pointer(&where, c->top);
	rc = pl_error_set(PL_EINVALID, "not a diff document: %s at '%s'", what,
			  where.len ? where.ptr : "/");
	pl_buf_release(&where);
	return rc;
}

static int member(check *c, const json_t *o, const char *key, int optional, check_fn fn)
{
	const json_t *v = json_object_get(o, key);
	frame f = { c->top, key, 0 };
	int rc;
	c->top = &f;
	if (!v)
		rc = optional ? 0 : bad(c, "a member is missing");
	else
		rc = fn(c, v);
	c->top = f.up;
	return rc;
}

static int each(check *c, const json_t *v, check_fn fn)
{
	size_t i;
	const json_t *x;
	if (!json_is_array(v))
		return bad(c, "expected an array");
	json_array_foreach(v, i, x) {
		frame f = { c->top, NULL, i };
		int rc;
		c->top = &f;
		rc = fn(c, x);
		c->top = f.up;
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int one_of(check *c, const json_t *v, const char *const *allowed, size_t n, const char *what)
{
	const char *s = json_string_value(v);
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(s, allowed[i]))
			return 0;
	return bad(c, what);
}

static int c_object(check *c, const json_t *v)
{
	return json_is_object(v) ? 0 : bad(c, "expected an object");
}

static int c_string(check *c, const json_t *v)
{
	return json_is_string(v) ? 0 : bad(c, "expected a string");
}

static int c_string_or_null(check *c, const json_t *v)
{
	return json_is_string(v) || json_is_null(v) ? 0 : bad(c, "expected a string or null");
}

static int c_bool(check *c, const json_t *v)
{
	return json_is_boolean(v) ? 0 : bad(c, "expected true or false");
}

static int c_scalar(check *c, const json_t *v)
{
	return json_is_object(v) || json_is_array(v) ? bad(c, "expected a string, number or null") : 0;
}

static int c_count(check *c, const json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) >= 0 ? 0 : bad(c, "expected a count");
}

static int c_format(check *c, const json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) == 1 ? 0 : bad(c, "expected format 1");
}

static int c_rating(check *c, const json_t *v)
{
	if (json_is_null(v))
		return 0;
	if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 2)
		return 0;
	return bad(c, "expected a rating 0, 1, 2 or null");
}

static int c_strings(check *c, const json_t *v)
{
	return each(c, v, c_string);
}

static int c_objects(check *c, const json_t *v)
{
	return each(c, v, c_object);
}

static int c_side(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "name", 0, c_string)) < 0 ||
	    (rc = member(c, v, "commit", 0, c_string_or_null)) < 0)
		return rc;
	return 0;
}

static int c_op(check *c, const json_t *v)
{
	static const char *const ops[] = { "=", "-", "+" };
	return one_of(c, v, ops, 3, "expected \"=\", \"-\" or \"+\"");
}

static int c_word(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "op", 0, c_op)) < 0 ||
	    (rc = member(c, v, "text", 0, c_string)) < 0)
		return rc;
	return 0;
}

static int c_words(check *c, const json_t *v)
{
	return each(c, v, c_word);
}

static int c_kind(check *c, const json_t *v)
{
	static const char *const kinds[] = { "text", "value", "links" };
	return one_of(c, v, kinds, 3, "expected \"text\", \"value\" or \"links\"");
}

static int c_field_change(check *c, const json_t *v)
{
	const char *kind;
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "field", 0, c_string)) < 0 ||
	    (rc = member(c, v, "kind", 0, c_kind)) < 0)
		return rc;
	kind = json_string_value(json_object_get(v, "kind"));
	if (!strcmp(kind, "text")) {
		if ((rc = member(c, v, "before", 0, c_string_or_null)) < 0 ||
		    (rc = member(c, v, "after", 0, c_string_or_null)) < 0 ||
		    (rc = member(c, v, "words", 0, c_words)) < 0)
			return rc;
	} else if (!strcmp(kind, "value")) {
		if ((rc = member(c, v, "before", 0, c_scalar)) < 0 ||
		    (rc = member(c, v, "after", 0, c_scalar)) < 0)
			return rc;
	} else {
		if ((rc = member(c, v, "added", 0, c_strings)) < 0 ||
		    (rc = member(c, v, "removed", 0, c_strings)) < 0)
			return rc;
	}
	return 0;
}

static int c_field_change_or_null(check *c, const json_t *v)
{
	return json_is_null(v) ? 0 : c_field_change(c, v);
}

static int c_fields(check *c, const json_t *v)
{
	return each(c, v, c_field_change);
}

static int c_renamed(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "from", 0, c_string)) < 0 ||
	    (rc = member(c, v, "to", 0, c_string)) < 0 ||
	    (rc = member(c, v, "fields", 0, c_fields)) < 0)
		return rc;
	return 0;
}

static int c_changed(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0)
		return rc;
	/* docs/diff.md names the item "id"; "element" (omitted's key) is
	 * accepted too */
	if ((rc = member(c, v, json_object_get(v, "id") || !json_object_get(v, "element") ? "id" : "element",
			 0, c_string)) < 0 ||
	    (rc = member(c, v, "fields", 0, c_fields)) < 0)
		return rc;
	return 0;
}

/* member() takes a check of one value; these adapt the list checks. */
static int c_renamed_list(check *c, const json_t *v)
{
	return each(c, v, c_renamed);
}

static int c_changed_list(check *c, const json_t *v)
{
	return each(c, v, c_changed);
}

static int c_list_diff(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "added", 0, c_objects)) < 0 ||
	    (rc = member(c, v, "removed", 0, c_objects)) < 0 ||
	    (rc = member(c, v, "renamed", 0, c_renamed_list)) < 0 ||
	    (rc = member(c, v, "changed", 0, c_changed_list)) < 0)
		return rc;
	return 0;
}

static int c_summary(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0)
		return rc;
	for (size_t i = 0; i < sizeof(summary_keys) / sizeof(*summary_keys); i++)
		if ((rc = member(c, v, summary_keys[i], 0, c_count)) < 0)
			return rc;
	return 0;
}

static int c_logic_model(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0)
		return rc;
	for (size_t i = 0; i < 8; i++)
		if ((rc = member(c, v, lm_keys[i], 0, c_list_diff)) < 0)
			return rc;
	return 0;
}

static int c_section(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "title", 0, c_string)) < 0 ||
	    (rc = member(c, v, "text", 0, c_string)) < 0)
		return rc;
	return 0;
}

static int c_section_changed(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "title", 0, c_string)) < 0 ||
	    (rc = member(c, v, "words", 0, c_words)) < 0)
		return rc;
	return 0;
}

static int c_sections(check *c, const json_t *v)
{
	return each(c, v, c_section);
}

static int c_sections_changed(check *c, const json_t *v)
{
	return each(c, v, c_section_changed);
}

static int c_sections_diff(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "added", 0, c_sections)) < 0 ||
	    (rc = member(c, v, "removed", 0, c_sections)) < 0 ||
	    (rc = member(c, v, "changed", 0, c_sections_changed)) < 0)
		return rc;
	return 0;
}

static int c_assessment(check *c, const json_t *v)
{
	int rc;
	if (json_is_null(v))
		return 0;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "fields", 0, c_fields)) < 0)
		return rc;
	return 0;
}

static int c_direction(check *c, const json_t *v)
{
	return one_of(c, v, direction_keys, 5,
		      "expected \"up\", \"down\", \"assessed\", \"unassessed\" or \"same\"");
}

static int c_fidelity(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "element", 0, c_string)) < 0 ||
	    (rc = member(c, v, "before", 0, c_rating)) < 0 ||
	    (rc = member(c, v, "after", 0, c_rating)) < 0 ||
	    (rc = member(c, v, "direction", 0, c_direction)) < 0 ||
	    (rc = member(c, v, "notes", 1, c_field_change_or_null)) < 0)
		return rc;
	return 0;
}

static int c_outcome(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "outcome", 0, c_string)) < 0 ||
	    (rc = member(c, v, "before", 0, c_string_or_null)) < 0 ||
	    (rc = member(c, v, "after", 0, c_string_or_null)) < 0 ||
	    (rc = member(c, v, "notes", 1, c_field_change_or_null)) < 0)
		return rc;
	return 0;
}

static int c_fidelity_list(check *c, const json_t *v)
{
	return each(c, v, c_fidelity);
}

static int c_outcome_list(check *c, const json_t *v)
{
	return each(c, v, c_outcome);
}

static int c_data(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "fields", 0, c_fields)) < 0 ||
	    (rc = member(c, v, "other", 0, c_list_diff)) < 0)
		return rc;
	return 0;
}

static int c_evaluation(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "feasibility", 0, c_assessment)) < 0 ||
	    (rc = member(c, v, "evaluability", 0, c_assessment)) < 0 ||
	    (rc = member(c, v, "fidelity", 0, c_fidelity_list)) < 0 ||
	    (rc = member(c, v, "outcomes", 0, c_outcome_list)) < 0 ||
	    (rc = member(c, v, "other_consequences", 0, c_list_diff)) < 0 ||
	    (rc = member(c, v, "data", 0, c_data)) < 0)
		return rc;
	return 0;
}

static int c_status(check *c, const json_t *v)
{
	static const char *const statuses[] = { "added", "removed", "changed" };
	return one_of(c, v, statuses, 3, "expected \"added\", \"removed\" or \"changed\"");
}

static int c_region_model(check *c, const json_t *v)
{
	int rc;
	if ((rc = c_object(c, v)) < 0 || (rc = member(c, v, "region", 0, c_string)) < 0 ||
	    (rc = member(c, v, "model", 0, c_string)) < 0 ||
	    (rc = member(c, v, "status", 0, c_status)) < 0 ||
	    (rc = member(c, v, "content_changed", 0, c_bool)) < 0 ||
	    (rc = member(c, v, "summary", 0, c_summary)) < 0 ||
	    (rc = member(c, v, "logic_model", 0, c_logic_model)) < 0 ||
	    (rc = member(c, v, "program_theory", 0, c_sections_diff)) < 0 ||
	    (rc = member(c, v, "evaluation", 0, c_evaluation)) < 0)
		return rc;
	return 0;
}

static int c_region_models(check *c, const json_t *v)
{
	return each(c, v, c_region_model);
}

static int check_document(const json_t *diff)
{
	check c = { NULL };
	int rc;
	if (!json_is_object(diff))
		rc = bad(&c, "expected an object");
	else if ((rc = member(&c, diff, "format", 0, c_format)) == 0 &&
		 (rc = member(&c, diff, "series", 0, c_string)) == 0 &&
		 (rc = member(&c, diff, "from", 0, c_side)) == 0 &&
		 (rc = member(&c, diff, "to", 0, c_side)) == 0)
		rc = member(&c, diff, "region_models", 0, c_region_models);
	return rc;
}

/* ---------------------------------------------------------------- writing */

typedef struct {
	pl_buf *out;
	const style_def *sd;
	const labels *L;
	pl_diff_style style;
	int color;
	int base;   /* text: indentation of the outermost list's items */
	int depth;  /* list nesting */
	int indent; /* spaces before the next line's first character */
	int bol;    /* nothing but indentation on the current line yet */
	int flat;   /* line breaks in text become spaces (headings, item lines) */
	int ours;   /* the text is a label, not the document's */
	int held;   /* line breaks of text not written yet */
	int fresh;  /* a block has begun and has no text yet */
	pl_buf esc; /* scratch for text_n */
} rnd;

/*
 * Appends n bytes holding no line break, indenting a new line first.  Line
 * breaks of the document's text are held until text follows them, so that
 * the breaks at the end of a section or field neither leave empty lines
 * nor fight with the layout's own; more than one empty line is one.
 */
static void put(rnd *r, const char *s, size_t n)
{
	if (!n)
		return;
	for (int i = 0; i < r->held; i++) {
		pl_buf_putc(r->out, '\n');
		r->bol = 1;
	}
	r->held = 0;
	r->fresh = 0;
	if (r->bol)
		for (int i = 0; i < r->indent; i++)
			pl_buf_putc(r->out, ' ');
	r->bol = 0;
	pl_buf_add(r->out, s, n);
}

/* A line break of the layout. */
static void newline(rnd *r)
{
	pl_buf_putc(r->out, '\n');
	r->bol = 1;
	r->held = 0;
}

/* A line break of the text. */
static void text_newline(rnd *r)
{
	if (!r->fresh && r->held < 2)
		r->held++;
}

/* Markup of the layout, written as is; line breaks the text ended with
 * are dropped. */
static void raw(rnd *r, const char *s)
{
	const char *nl;
	r->held = 0;
	while ((nl = strchr(s, '\n'))) {
		put(r, s, (size_t)(nl - s));
		newline(r);
		s = nl + 1;
	}
	put(r, s, strlen(s));
}

static void ensure_bol(rnd *r)
{
	if (!r->bol)
		newline(r);
}

/* Ends the line and leaves one empty line (none at the very start). */
static void blank(rnd *r)
{
	ensure_bol(r);
	if (r->out->len >= 2 && r->out->ptr[r->out->len - 2] != '\n')
		newline(r);
}

/* Decodes one code point of s[0..n); invalid bytes come out one at a time
 * as U+FFFD. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c, min;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, c = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, c = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, c = s[0] & 0x07, min = 0x10000;
	else
		goto invalid;
	if (len > n)
		goto invalid;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto invalid;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto invalid;
	*cp = c;
	return len;
invalid:
	*cp = 0xfffd;
	return 1;
}

static int md_always_escaped(uint32_t c)
{
	return c && c < 0x80 && strchr("\\`*_[]<&~|#", (int)c);
}

/*
 * Writes s[0..n) as text in the current style.  Control characters (a
 * terminal would obey them) become U+FFFD; line breaks follow the
 * indentation, or become spaces in flat mode.  Markdown: every character
 * that could open inline markup is backslash-escaped, at the start of a line
 * also those that open blocks, and blanks there are dropped (they would
 * make code blocks).  HTML: pl_html_escape.
 */
static void flush(rnd *r, const char **run, size_t *len)
{
	put(r, *run, *len);
	*len = 0;
}

static void text_n(rnd *r, const char *s, size_t n)
{
	static const char replacement[] = "\xef\xbf\xbd";
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + n;
	const char *run = s; /* bytes passed on as they are, not written yet */
	size_t run_len = 0;

	while (p < end && *p) {
		uint32_t c;
		size_t len = utf8_next(p, (size_t)(end - p), &c);
		const char *bytes = (const char *)p;
		int as_is = 1;
		p += len;
		if (c == '\r') {
			flush(r, &run, &run_len);
			continue;
		}
		if (c == '\n' && !r->flat) {
			flush(r, &run, &run_len);
			text_newline(r);
			continue;
		}
		if (c == '\n' || c == '\t')
			c = ' ', bytes = " ", len = 1, as_is = 0;
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfffd)
			bytes = replacement, len = 3, as_is = 0;
		if (r->style == PL_DIFF_HTML && len == 1 && strchr("&<>\"'", (int)c)) {
			char one[2] = { bytes[0], 0 };
			flush(r, &run, &run_len);
			pl_buf_clear(&r->esc);
			pl_html_escape(&r->esc, one);
			put(r, r->esc.ptr, r->esc.len);
			continue;
		}
		if (r->style == PL_DIFF_MARKDOWN) {
			int bol = (r->bol || r->held) && !run_len;
			if (bol && c == ' ') {
				flush(r, &run, &run_len);
				continue;
			}
			/* '>' only quotes at the start of a line, but the
			 * document's is escaped everywhere: "\<b\>" stays
			 * clear of naive searches for tags */
			if (md_always_escaped(c) || (c == '>' && (bol || !r->ours)) ||
			    (bol && (c == '-' || c == '+' || c == '='))) {
				flush(r, &run, &run_len);
				put(r, "\\", 1);
				as_is = 0;
			} else if (bol && c >= '0' && c <= '9') {
				/* "1." and "1)" open ordered lists */
				const unsigned char *q = p;
				while (q < end && *q >= '0' && *q <= '9')
					q++;
				if (q < end && (*q == '.' || *q == ')')) {
					flush(r, &run, &run_len);
					put(r, bytes, (size_t)(q - (const unsigned char *)bytes));
					put(r, "\\", 1);
					put(r, (const char *)q, 1);
					p = q + 1;
					continue;
				}
			}
		}
		if (as_is) {
			if (!run_len)
				run = bytes;
			run_len += len;
		} else {
			flush(r, &run, &run_len);
			put(r, bytes, len);
		}
	}
	flush(r, &run, &run_len);
}

static void text(rnd *r, const char *s)
{
	if (s)
		text_n(r, s, strlen(s));
}

/* Fills "{1}".."{4}" of tmpl into b (plain, unescaped). */
static void fill(pl_buf *b, const char *tmpl, const char *a1, const char *a2, const char *a3,
		 const char *a4)
{
	const char *args[4] = { a1, a2, a3, a4 };
	const char *p = tmpl;
	while (*p) {
		if (p[0] == '{' && p[1] >= '1' && p[1] <= '4' && p[2] == '}') {
			const char *a = args[p[1] - '1'];
			pl_buf_puts(b, a ? a : "");
			p += 3;
		} else {
			pl_buf_putc(b, *p++);
		}
	}
}

/* Writes a label with its arguments filled in; both are escaped. */
static void say(rnd *r, const char *tmpl, const char *a1, const char *a2, const char *a3,
		const char *a4)
{
	const char *args[4] = { a1, a2, a3, a4 };
	const char *p = tmpl, *lit = tmpl;
	int ours = r->ours;
	for (;;) {
		if (!*p || (p[0] == '{' && p[1] >= '1' && p[1] <= '4' && p[2] == '}')) {
			r->ours = 1;
			text_n(r, lit, (size_t)(p - lit));
			r->ours = ours;
			if (!*p)
				break;
			text(r, args[p[1] - '1']);
			p += 3;
			lit = p;
		} else {
			p++;
		}
	}
}

static void bold(rnd *r, int on)
{
	if (r->style == PL_DIFF_TEXT && r->color)
		raw(r, r->sd->bold[!on]);
}

static void colour(rnd *r, const char *code)
{
	if (r->style == PL_DIFF_TEXT && r->color)
		raw(r, code);
}

/* level 2: the document's header, 3: a region model, 4: a part */
static void heading_open(rnd *r, int level)
{
	switch (r->style) {
	case PL_DIFF_TEXT:
		if (level == 3)
			blank(r);
		else
			ensure_bol(r);
		r->indent = level == 4 ? 2 : 0;
		bold(r, 1);
		break;
	case PL_DIFF_MARKDOWN:
		blank(r);
		r->indent = 0;
		raw(r, level == 2 ? "## " : level == 3 ? "### " : "#### ");
		break;
	case PL_DIFF_HTML:
		raw(r, level == 2 ? "<p class=\"pl-diff-header\">" : level == 3 ? "<h3>" : "<h4>");
		break;
	}
	r->flat = 1;
}

static void heading_close(rnd *r, int level)
{
	r->flat = 0;
	if (r->style == PL_DIFF_HTML) {
		raw(r, level == 2 ? "</p>\n" : level == 3 ? "</h3>\n" : "</h4>\n");
		return;
	}
	bold(r, 0);
	newline(r);
}

/* A line of our own: under the region model's heading, or (top) under
 * the document's. */
static void note(rnd *r, const char *s, int top)
{
	switch (r->style) {
	case PL_DIFF_TEXT:
		if (top)
			blank(r);
		else
			ensure_bol(r);
		r->indent = top ? 0 : 2;
		break;
	case PL_DIFF_MARKDOWN:
		blank(r);
		r->indent = 0;
		break;
	case PL_DIFF_HTML:
		raw(r, "<p class=\"pl-diff-note\">");
		break;
	}
	r->flat = 1;
	say(r, s, NULL, NULL, NULL, NULL);
	r->flat = 0;
	raw(r, r->style == PL_DIFF_HTML ? "</p>\n" : "\n");
}

static void list_open(rnd *r, const char *cls)
{
	r->depth++;
	if (r->style == PL_DIFF_HTML) {
		if (r->depth > 1)
			raw(r, "\n");
		raw(r, "<ul class=\"pl-diff-");
		raw(r, cls);
		raw(r, "\">\n");
	} else if (r->style == PL_DIFF_MARKDOWN && r->depth == 1) {
		blank(r);
	}
}

static void list_close(rnd *r)
{
	if (r->style == PL_DIFF_HTML)
		raw(r, "</ul>\n");
	else
		ensure_bol(r);
	r->depth--;
}

/* cls: a class of ours ("added", ...) or NULL */
static void item_open(rnd *r, const char *cls)
{
	if (r->style == PL_DIFF_HTML) {
		raw(r, "<li");
		if (cls) {
			raw(r, " class=\"pl-diff-");
			raw(r, cls);
			raw(r, "\"");
		}
		raw(r, ">");
		return;
	}
	ensure_bol(r);
	r->indent = (r->style == PL_DIFF_TEXT ? r->base : 0) + 2 * (r->depth - 1);
	if (r->style == PL_DIFF_MARKDOWN) {
		raw(r, "- ");
	} else {
		for (int i = 0; i < r->indent; i++)
			pl_buf_putc(r->out, ' ');
		r->bol = 0;
	}
	/* continuation lines line up under the item's text */
	r->indent += 2;
}

static void item_close(rnd *r)
{
	if (r->style == PL_DIFF_HTML)
		raw(r, "</li>\n");
	else
		ensure_bol(r);
}

static void block_open(rnd *r)
{
	if (r->style == PL_DIFF_HTML)
		raw(r, "\n<div class=\"pl-diff-words\">");
	else if (r->style == PL_DIFF_MARKDOWN)
		blank(r);
	else
		ensure_bol(r);
	r->fresh = 1;
}

static void block_close(rnd *r)
{
	r->held = 0;
	r->fresh = 0;
	if (r->style == PL_DIFF_HTML)
		raw(r, "</div>\n");
	else
		ensure_bol(r);
}

/* ------------------------------------------------------------- the parts */

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const json_t *arr(const json_t *o, const char *key)
{
	const json_t *a = json_object_get(o, key);
	return json_is_array(a) ? a : NULL;
}

static long long count_of(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_integer(v) && json_integer_value(v) > 0 ? (long long)json_integer_value(v) : 0;
}

/*
 * Markdown's ~~ and ** only work where CommonMark's flanking rules let them
 * open and close: not next to blanks inside, and not with punctuation inside
 * and a letter outside.  The classes of characters those rules look at:
 */
enum { C_BLANK, C_PUNCT, C_OTHER };

static int char_class(uint32_t c)
{
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
	    c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x202f ||
	    c == 0x205f || c == 0x3000)
		return C_BLANK;
	/* ASCII punctuation, then the Unicode blocks of punctuation and the
	 * symbols next to it: erring towards punctuation only costs an HTML
	 * tag where ** would have done */
	if ((c > ' ' && c < '0') || (c > '9' && c < 'A') || (c > 'Z' && c < 'a') ||
	    (c > 'z' && c < 0x7f) || (c >= 0xa1 && c <= 0xbf) || c == 0xd7 || c == 0xf7 ||
	    (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) ||
	    (c >= 0x2e00 && c <= 0x2e7f) || (c >= 0x3001 && c <= 0x303f) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff01 && c <= 0xff0f) ||
	    (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) ||
	    (c >= 0xff5b && c <= 0xff65))
		return C_PUNCT;
	return C_OTHER;
}

static uint32_t first_char(const char *s, size_t n)
{
	uint32_t c = ' ';
	if (n)
		utf8_next((const unsigned char *)s, n, &c);
	return c;
}

static uint32_t last_char(const char *s, size_t n)
{
	size_t i = n;
	uint32_t c = ' ';
	if (!n)
		return c;
	while (i > 0 && n - i < 4 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i > 0)
		i--;
	utf8_next((const unsigned char *)s + i, n - i, &c);
	return c;
}

/* The class of what the output ends with (a line start counts as blank). */
static int prev_class(const rnd *r)
{
	if (r->bol || r->held || !r->out->len)
		return C_BLANK;
	return char_class(last_char(r->out->ptr, r->out->len));
}

static int md_marks_work(int before, uint32_t first, uint32_t last, int after)
{
	int f = char_class(first), l = char_class(last);
	int opens = f != C_BLANK && (f != C_PUNCT || before != C_OTHER);
	int closes = l != C_BLANK && (l != C_PUNCT || after != C_OTHER);
	return opens && closes;
}

/*
 * Writes one run of deleted or inserted words; after is the class of what
 * follows the run.  The marks go around each line's words but not around
 * the blanks at either end: Markdown's marks only work hugging the text,
 * and colour or marks on indentation would be noise.  A run of nothing but
 * blanks is shown as kept (inserted) or not at all (deleted).  Where
 * Markdown's marks would not work, <del> and <ins> stand in.
 */
static void marked_run(rnd *r, const char *s, size_t n, int insert, int after)
{
	const char *const *mark = insert ? (r->color ? r->sd->ins_color : r->sd->ins)
					 : (r->color ? r->sd->del_color : r->sd->del);
	const char *end = s + n;
	while (s < end) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		const char *line_end = eol ? eol : end;
		const char *a = s, *b = line_end;
		while (a < b && (*a == ' ' || *a == '\t' || *a == '\r'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
			b--;
		if (a == b) {
			if (insert)
				text_n(r, s, (size_t)(line_end - s));
		} else {
			const char *const *m = mark;
			text_n(r, s, (size_t)(a - s));
			if (r->style == PL_DIFF_MARKDOWN &&
			    !md_marks_work(prev_class(r), first_char(a, (size_t)(b - a)),
					   last_char(a, (size_t)(b - a)),
					   b < line_end || eol ? C_BLANK : after))
				m = insert ? styles[PL_DIFF_HTML].ins : styles[PL_DIFF_HTML].del;
			put(r, m[0], strlen(m[0]));
			text_n(r, a, (size_t)(b - a));
			put(r, m[1], strlen(m[1]));
			text_n(r, b, (size_t)(line_end - b));
		}
		if (!eol)
			break;
		text_n(r, "\n", 1);
		s = eol + 1;
	}
}

static void run(rnd *r, char op, const char *s, size_t n, int after)
{
	if (op == '=')
		text_n(r, s, n);
	else
		marked_run(r, s, n, op == '+', after);
}

typedef struct {
	char op;
	pl_buf text;
} word_run;

/* The class of the first character a run writes: a mark is punctuation. */
static int run_class(const word_run *w)
{
	uint32_t c = first_char(w->text.ptr, w->text.len);
	if (w->op == '=' || char_class(c) == C_BLANK)
		return char_class(c);
	return C_PUNCT;
}

/* Writes a word diff; neighbouring runs of the same kind are joined so
 * that their marks do not touch. */
static void words(rnd *r, const json_t *ops)
{
	word_run *runs = NULL;
	size_t n = 0, i;
	const json_t *w;
	json_array_foreach(ops, i, w) {
		const char *o = str(w, "op"), *t = str(w, "text");
		if (!o || !t || !*t || !o[0] || o[1] || !strchr("=-+", o[0]))
			continue;
		if (!n || runs[n - 1].op != o[0]) {
			runs = pl_realloc(runs, (n + 1) * sizeof(*runs));
			runs[n].op = o[0];
			pl_buf_init(&runs[n].text);
			n++;
		}
		pl_buf_puts(&runs[n - 1].text, t);
	}
	for (i = 0; i < n; i++)
		run(r, runs[i].op, runs[i].text.ptr, runs[i].text.len,
		    i + 1 < n ? run_class(&runs[i + 1]) : C_BLANK);
	for (i = 0; i < n; i++)
		pl_buf_release(&runs[i].text);
	free(runs);
}

static const char *field_name(const labels *L, const char *key)
{
	if (!key)
		return "?";
	for (const field_label *f = L->fields; f->key; f++)
		if (!strcmp(f->key, key))
			return f->label;
	return key;
}

static void scalar(const labels *L, const json_t *v, pl_buf *b)
{
	if (json_is_string(v))
		pl_buf_puts(b, json_string_value(v));
	else if (json_is_integer(v))
		pl_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v)) {
		/* Jansson writes numbers the same in every locale */
		char *num = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
		pl_buf_puts(b, num ? num : "?");
		free(num);
	}
	else if (json_is_true(v))
		pl_buf_puts(b, "true");
	else if (json_is_false(v))
		pl_buf_puts(b, "false");
	else
		pl_buf_puts(b, L->none);
}

static void links(rnd *r, const json_t *fc)
{
	const json_t *lists[2] = { arr(fc, "added"), arr(fc, "removed") };
	int first = 1;
	for (int k = 0; k < 2; k++) {
		size_t i;
		const json_t *x;
		json_array_foreach(lists[k], i, x) {
			const char *id = json_string_value(x);
			if (!id)
				continue;
			if (!first)
				say(r, r->L->link_sep, NULL, NULL, NULL, NULL);
			first = 0;
			if (r->style == PL_DIFF_HTML)
				raw(r, k ? r->sd->del[0] : r->sd->ins[0]);
			colour(r, k ? ANSI_RED : ANSI_GREEN);
			say(r, k ? r->L->link_removed : r->L->link_added, id, NULL, NULL, NULL);
			colour(r, ANSI_RESET);
			if (r->style == PL_DIFF_HTML)
				raw(r, k ? r->sd->del[1] : r->sd->ins[1]);
		}
	}
}

/* One FIELD_CHANGE, on the current line. */
static void field_change(rnd *r, const json_t *fc)
{
	const char *kind = str(fc, "kind");
	say(r, r->L->field, field_name(r->L, str(fc, "field")), NULL, NULL, NULL);
	if (!kind)
		return;
	if (!strcmp(kind, "text")) {
		words(r, arr(fc, "words"));
	} else if (!strcmp(kind, "value")) {
		pl_buf before = PL_BUF_INIT, after = PL_BUF_INIT;
		scalar(r->L, json_object_get(fc, "before"), &before);
		scalar(r->L, json_object_get(fc, "after"), &after);
		say(r, r->L->value_change, before.ptr, after.ptr, NULL, NULL);
		pl_buf_release(&after);
		pl_buf_release(&before);
	} else if (!strcmp(kind, "links")) {
		links(r, fc);
	}
}

/* A list of FIELD_CHANGEs, one per item; nothing for an empty one. */
static void field_list(rnd *r, const json_t *fields)
{
	size_t i;
	const json_t *fc;
	if (!json_array_size(fields))
		return;
	list_open(r, "fields");
	json_array_foreach(fields, i, fc) {
		item_open(r, NULL);
		field_change(r, fc);
		item_close(r);
	}
	list_close(r);
}

static const char *item_id(const json_t *item)
{
	const char *id = str(item, "id");
	return id ? id : str(item, "element");
}

static void item_line(rnd *r, const json_t *item, int added)
{
	const labels *L = r->L;
	const char *id = item_id(item), *t = str(item, "title"), *effect = str(item, "effect");
	pl_buf b = PL_BUF_INIT;
	if (!t)
		t = str(item, "description");
	if (!t)
		t = str(item, "reason");
	if (t && effect)
		fill(&b, L->with_effect, t, effect, NULL, NULL);
	else if (t)
		pl_buf_puts(&b, t);

	item_open(r, added ? "added" : "removed");
	colour(r, added ? ANSI_GREEN : ANSI_RED);
	r->flat = 1;
	if (t)
		say(r, added ? L->item_added : L->item_removed, id ? id : "?", b.ptr, NULL, NULL);
	else
		say(r, added ? L->item_added_bare : L->item_removed_bare, id ? id : "?", NULL, NULL, NULL);
	r->flat = 0;
	colour(r, ANSI_RESET);
	item_close(r);
	pl_buf_release(&b);
}

/* The entries of a LIST_DIFF, in an open list. */
static void list_diff_entries(rnd *r, const json_t *ld)
{
	const labels *L = r->L;
	size_t i;
	const json_t *x;
	json_array_foreach(arr(ld, "added"), i, x)
		item_line(r, x, 1);
	json_array_foreach(arr(ld, "removed"), i, x)
		item_line(r, x, 0);
	json_array_foreach(arr(ld, "renamed"), i, x) {
		const char *from = str(x, "from"), *to = str(x, "to");
		item_open(r, "renamed");
		r->flat = 1;
		say(r, L->item_renamed, from ? from : "?", to ? to : "?", NULL, NULL);
		r->flat = 0;
		field_list(r, arr(x, "fields"));
		item_close(r);
	}
	json_array_foreach(arr(ld, "changed"), i, x) {
		const char *id = item_id(x);
		item_open(r, "changed");
		r->flat = 1;
		say(r, L->item_changed, id ? id : "?", NULL, NULL, NULL);
		r->flat = 0;
		field_list(r, arr(x, "fields"));
		item_close(r);
	}
}

static int list_diff_empty(const json_t *ld)
{
	return !json_array_size(arr(ld, "added")) && !json_array_size(arr(ld, "removed")) &&
	       !json_array_size(arr(ld, "renamed")) && !json_array_size(arr(ld, "changed"));
}

static void part(rnd *r, const char *label)
{
	heading_open(r, 4);
	say(r, label, NULL, NULL, NULL, NULL);
	heading_close(r, 4);
}

static void list_diff_part(rnd *r, const char *label, const json_t *ld)
{
	if (list_diff_empty(ld))
		return;
	part(r, label);
	list_open(r, "items");
	list_diff_entries(r, ld);
	list_close(r);
}

static void section_entry(rnd *r, const json_t *s, int kind /* '+', '-', '~' */)
{
	const labels *L = r->L;
	const char *title = str(s, "title");
	const char *t;
	int opening = !title || !*title;
	if (kind == '+')
		t = opening ? L->opening_added : L->section_added;
	else if (kind == '-')
		t = opening ? L->opening_removed : L->section_removed;
	else
		t = opening ? L->opening_changed : L->section_changed;
	item_open(r, kind == '+' ? "added" : kind == '-' ? "removed" : "changed");
	r->flat = 1;
	say(r, t, title, NULL, NULL, NULL);
	r->flat = 0;
	if (kind == '~' && json_array_size(arr(s, "words"))) {
		block_open(r);
		words(r, arr(s, "words"));
		block_close(r);
	} else if (kind != '~' && str(s, "text") && *str(s, "text")) {
		const char *body = str(s, "text");
		block_open(r);
		run(r, kind == '+' ? '+' : '-', body, strlen(body), C_BLANK);
		block_close(r);
	}
	item_close(r);
}

static void program_theory(rnd *r, const json_t *pt)
{
	const json_t *added = arr(pt, "added"), *removed = arr(pt, "removed"), *changed = arr(pt, "changed");
	size_t i;
	const json_t *s;
	if (!json_array_size(added) && !json_array_size(removed) && !json_array_size(changed))
		return;
	part(r, r->L->program_theory);
	list_open(r, "sections");
	json_array_foreach(added, i, s)
		section_entry(r, s, '+');
	json_array_foreach(removed, i, s)
		section_entry(r, s, '-');
	json_array_foreach(changed, i, s)
		section_entry(r, s, '~');
	list_close(r);
}

static void assessment(rnd *r, const char *label, const json_t *a)
{
	const json_t *fields = arr(a, "fields");
	if (!json_array_size(fields))
		return;
	part(r, label);
	field_list(r, fields);
}

static const char *rating_label(const labels *L, const json_t *v)
{
	if (!json_is_integer(v))
		return L->not_assessed;
	if (json_integer_value(v) < 0 || json_integer_value(v) > 2)
		return "?";
	return L->ratings[json_integer_value(v)];
}

static void fidelity(rnd *r, const json_t *list)
{
	const labels *L = r->L;
	size_t i;
	const json_t *f;
	if (!json_array_size(list))
		return;
	part(r, L->fidelity);
	list_open(r, "fidelity");
	json_array_foreach(list, i, f) {
		const char *el = str(f, "element"), *dir = str(f, "direction");
		const char *before = rating_label(L, json_object_get(f, "before"));
		const char *after = rating_label(L, json_object_get(f, "after"));
		const char *dir_label = "?";
		size_t d;
		for (d = 0; dir && d < 5; d++)
			if (!strcmp(dir, direction_keys[d])) {
				dir_label = L->directions[d];
				break;
			}
		item_open(r, dir && d < 5 ? direction_keys[d] : NULL);
		r->flat = 1;
		if (dir && d == 4)
			say(r, L->fidelity_same, el ? el : "?", after, NULL, NULL);
		else
			say(r, L->fidelity_change, el ? el : "?", before, after, dir_label);
		r->flat = 0;
		if (json_is_object(json_object_get(f, "notes"))) {
			list_open(r, "fields");
			item_open(r, NULL);
			field_change(r, json_object_get(f, "notes"));
			item_close(r);
			list_close(r);
		}
		item_close(r);
	}
	list_close(r);
}

static void outcome_statuses(rnd *r, const json_t *list)
{
	const labels *L = r->L;
	size_t i;
	const json_t *o;
	if (!json_array_size(list))
		return;
	part(r, L->outcome_statuses);
	list_open(r, "outcomes");
	json_array_foreach(list, i, o) {
		const char *id = str(o, "outcome");
		const char *before = str(o, "before"), *after = str(o, "after");
		item_open(r, NULL);
		r->flat = 1;
		if ((!before && !after) || (before && after && !strcmp(before, after)))
			say(r, L->outcome_same, id ? id : "?", after ? after : L->not_listed, NULL, NULL);
		else
			say(r, L->outcome_change, id ? id : "?", before ? before : L->not_listed,
			    after ? after : L->not_listed, NULL);
		r->flat = 0;
		if (json_is_object(json_object_get(o, "notes"))) {
			list_open(r, "fields");
			item_open(r, NULL);
			field_change(r, json_object_get(o, "notes"));
			item_close(r);
			list_close(r);
		}
		item_close(r);
	}
	list_close(r);
}

static void data_gathered(rnd *r, const json_t *data)
{
	const json_t *fields = arr(data, "fields"), *other = json_object_get(data, "other");
	size_t i;
	const json_t *fc;
	if (!json_array_size(fields) && list_diff_empty(other))
		return;
	part(r, r->L->data);
	list_open(r, "items");
	json_array_foreach(fields, i, fc) {
		item_open(r, NULL);
		field_change(r, fc);
		item_close(r);
	}
	list_diff_entries(r, other);
	list_close(r);
}

static void evaluation(rnd *r, const json_t *ev)
{
	const labels *L = r->L;
	assessment(r, L->feasibility, json_object_get(ev, "feasibility"));
	assessment(r, L->evaluability, json_object_get(ev, "evaluability"));
	fidelity(r, arr(ev, "fidelity"));
	outcome_statuses(r, arr(ev, "outcomes"));
	list_diff_part(r, L->other_consequences, json_object_get(ev, "other_consequences"));
	data_gathered(r, json_object_get(ev, "data"));
}

/* ---------------------------------------------------------------- summary */

/* Appends "2 core elements added, 1 changed" for the non-zero counts. */
static void count_group(const labels *L, pl_buf *b, const plural *noun, const long long *n,
			const char *const *verbs, size_t k)
{
	int first = 1;
	for (size_t i = 0; i < k; i++) {
		pl_buf num = PL_BUF_INIT;
		if (n[i] <= 0)
			continue;
		pl_buf_printf(&num, "%lld", n[i]);
		if (first) {
			if (b->len)
				pl_buf_puts(b, L->part_sep);
			fill(b, L->count_first, num.ptr, n[i] == 1 ? noun->one : noun->many, verbs[i], NULL);
		} else {
			pl_buf_puts(b, L->count_sep);
			fill(b, L->count_more, num.ptr, verbs[i], NULL, NULL);
		}
		first = 0;
		pl_buf_release(&num);
	}
}

static void summary_part(const labels *L, pl_buf *b, int cond, const char *s)
{
	if (!cond)
		return;
	if (b->len)
		pl_buf_puts(b, L->part_sep);
	pl_buf_puts(b, s);
}

static void fidelity_counts(const labels *L, pl_buf *b, const json_t *sum, const json_t *ev)
{
	long long n[4] = { count_of(sum, "ratings_up"), count_of(sum, "ratings_down"), 0, 0 };
	const char *const tmpl[4] = { L->f_up, L->f_down, L->f_assessed, L->f_unassessed };
	pl_buf counts = PL_BUF_INIT;
	size_t i;
	const json_t *f;
	json_array_foreach(arr(ev, "fidelity"), i, f) {
		const char *dir = str(f, "direction");
		if (dir && !strcmp(dir, "assessed"))
			n[2]++;
		else if (dir && !strcmp(dir, "unassessed"))
			n[3]++;
	}
	for (int k = 0; k < 4; k++) {
		pl_buf num = PL_BUF_INIT;
		if (n[k] <= 0)
			continue;
		pl_buf_printf(&num, "%lld", n[k]);
		if (counts.len)
			pl_buf_puts(&counts, L->count_sep);
		fill(&counts, tmpl[k], num.ptr, NULL, NULL, NULL);
		pl_buf_release(&num);
	}
	if (counts.len) {
		if (b->len)
			pl_buf_puts(b, L->part_sep);
		fill(b, L->fidelity_lead, counts.ptr, NULL, NULL, NULL);
	}
	pl_buf_release(&counts);
}

/* What changed in a region model, in words: the counts of its summary,
 * then the evaluation changes the counts do not show. */
static void summary_text(const labels *L, const json_t *rm, pl_buf *b)
{
	const char *status = str(rm, "status");
	const json_t *s = json_object_get(rm, "summary"), *ev = json_object_get(rm, "evaluation");
	const json_t *data = json_object_get(ev, "data");
	long long el[4], other, sec[3], moved;
	const char *const el_verbs[4] = { L->v_added, L->v_removed, L->v_changed, L->v_renamed };
	const char *const sec_verbs[3] = { L->v_added, L->v_removed, L->v_changed };
	int fid_notes = 0, outcome_notes = 0;
	size_t i;
	const json_t *x;

	if (status && !strcmp(status, "added")) {
		pl_buf_puts(b, L->sum_new);
		return;
	}
	if (status && !strcmp(status, "removed")) {
		pl_buf_puts(b, L->sum_removed);
		return;
	}
	if (!json_is_true(json_object_get(rm, "content_changed"))) {
		pl_buf_puts(b, L->sum_layout);
		return;
	}
	for (int k = 0; k < 4; k++)
		el[k] = count_of(s, summary_keys[k]);
	other = count_of(s, "items_changed") - el[0] - el[1] - el[2] - el[3];
	for (int k = 0; k < 3; k++)
		sec[k] = count_of(s, summary_keys[5 + k]);
	moved = count_of(s, "outcome_statuses_changed");
	json_array_foreach(arr(ev, "fidelity"), i, x)
		fid_notes |= str(x, "direction") && !strcmp(str(x, "direction"), "same");
	json_array_foreach(arr(ev, "outcomes"), i, x) {
		const char *before = str(x, "before"), *after = str(x, "after");
		outcome_notes |= (!before && !after) || (before && after && !strcmp(before, after));
	}

	count_group(L, b, &L->n_core_elements, el, el_verbs, 4);
	count_group(L, b, &L->n_other_items, &other, &L->v_changed, 1);
	count_group(L, b, &L->n_sections, sec, sec_verbs, 3);
	fidelity_counts(L, b, s, ev);
	count_group(L, b, &L->n_outcome_statuses, &moved, &L->v_moved, 1);
	summary_part(L, b, json_is_object(json_object_get(ev, "feasibility")), L->s_feasibility);
	summary_part(L, b, json_is_object(json_object_get(ev, "evaluability")), L->s_evaluability);
	summary_part(L, b, fid_notes, L->s_fidelity_notes);
	summary_part(L, b, outcome_notes, L->s_outcome_notes);
	summary_part(L, b, !list_diff_empty(json_object_get(ev, "other_consequences")),
		     L->s_consequences);
	summary_part(L, b, json_array_size(arr(data, "fields")) || !list_diff_empty(json_object_get(data, "other")),
		     L->s_data);
	if (!b->len)
		pl_buf_puts(b, L->sum_changed);
}

static void region_model_name(const labels *L, const json_t *rm, pl_buf *b)
{
	fill(b, L->region_model, str(rm, "region"), str(rm, "model"), NULL, NULL);
}

static void summary(rnd *r, const json_t *rms)
{
	size_t i;
	const json_t *rm;
	r->base = 0;
	if (r->style == PL_DIFF_TEXT)
		blank(r);
	list_open(r, "summary");
	json_array_foreach(rms, i, rm) {
		pl_buf name = PL_BUF_INIT, what = PL_BUF_INIT;
		region_model_name(r->L, rm, &name);
		summary_text(r->L, rm, &what);
		item_open(r, NULL);
		r->flat = 1;
		say(r, r->L->summary_line, name.ptr, what.ptr, NULL, NULL);
		r->flat = 0;
		item_close(r);
		pl_buf_release(&what);
		pl_buf_release(&name);
	}
	list_close(r);
}

static void region_model(rnd *r, const json_t *rm)
{
	const labels *L = r->L;
	const char *status = str(rm, "status");
	const char *cls = "changed";
	const json_t *lm = json_object_get(rm, "logic_model");
	pl_buf name = PL_BUF_INIT;

	if (status && !strcmp(status, "added"))
		cls = "added";
	else if (status && !strcmp(status, "removed"))
		cls = "removed";
	region_model_name(L, rm, &name);
	if (r->style == PL_DIFF_HTML) {
		raw(r, "<section class=\"pl-diff-region-model pl-diff-");
		raw(r, cls);
		raw(r, "\">\n");
	}
	heading_open(r, 3);
	if (!strcmp(cls, "added"))
		say(r, L->heading_added, name.ptr, NULL, NULL, NULL);
	else if (!strcmp(cls, "removed"))
		say(r, L->heading_removed, name.ptr, NULL, NULL, NULL);
	else
		text(r, name.ptr);
	heading_close(r, 3);

	if (!strcmp(cls, "changed") && !json_is_true(json_object_get(rm, "content_changed"))) {
		note(r, L->sum_layout, 0);
	} else {
		r->base = 4;
		for (size_t k = 0; k < 8; k++)
			list_diff_part(r, L->logic_model[k], json_object_get(lm, lm_keys[k]));
		program_theory(r, json_object_get(rm, "program_theory"));
		evaluation(r, json_object_get(rm, "evaluation"));
	}
	if (r->style == PL_DIFF_HTML)
		raw(r, "</section>\n");
	pl_buf_release(&name);
}

/* ------------------------------------------------------------------ entry */

int pl_diff_render(const json_t *diff, const pl_diff_render_options *opts, pl_buf *out)
{
	static const pl_diff_render_options defaults = { PL_DIFF_TEXT, 0, 1, 1 };
	const json_t *rms;
	rnd r = { 0 };
	size_t i;
	const json_t *rm;
	int rc;

	if (!opts)
		opts = &defaults;
	if (!out)
		return pl_error_set(PL_EUSAGE, "no buffer to render the diff into");
	if (opts->style != PL_DIFF_TEXT && opts->style != PL_DIFF_MARKDOWN && opts->style != PL_DIFF_HTML)
		return pl_error_set(PL_EUSAGE, "unknown diff style %d", (int)opts->style);
	if ((rc = check_document(diff)) < 0)
		return rc;

	r.out = out;
	r.style = opts->style;
	r.sd = &styles[opts->style];
	r.L = r.sd->words;
	r.color = opts->style == PL_DIFF_TEXT && opts->color;
	r.bol = out->len == 0 || out->ptr[out->len - 1] == '\n';
	pl_buf_init(&r.esc);
	rms = arr(diff, "region_models");

	if (r.style == PL_DIFF_HTML)
		raw(&r, "<div class=\"pl-diff\">\n");
	heading_open(&r, 2);
	say(&r, r.L->header, str(json_object_get(diff, "from"), "name"),
	    str(json_object_get(diff, "to"), "name"), NULL, NULL);
	heading_close(&r, 2);
	if (!json_array_size(rms) && (opts->summary || opts->details))
		note(&r, r.L->nothing, 1);
	else if (opts->summary)
		summary(&r, rms);
	if (opts->details)
		json_array_foreach(rms, i, rm)
			region_model(&r, rm);
	if (r.style == PL_DIFF_HTML)
		raw(&r, "</div>\n");
	pl_buf_release(&r.esc);
	return 0;
}

void pl_html_escape(pl_buf *out, const char *s)
{
	const char *run = s;
	if (!s)
		return;
	for (; *s; s++) {
		const char *ref;
		switch (*s) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		default: continue;
		}
		pl_buf_add(out, run, (size_t)(s - run));
		pl_buf_puts(out, ref);
		run = s + 1;
	}
	pl_buf_add(out, run, (size_t)(s - run));
}
