#include "report.h"

#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "compare.h"
#include "diagram.h"
#include "diff_render.h"
#include "template.h"
#include "diag.h"
#include "error.h"
#include "json.h"
#include "markdown.h"
#include "pilot.h"
#include "templates.h"
#include "validate.h"

static const char *s_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static int listed(const char *const *list, const char *id)
{
	if (!list)
		return 1;
	for (; *list; list++)
		if (!strcmp(*list, id))
			return 1;
	return 0;
}

/* A JSON file of the series, or NULL (the caller says what is missing). */
static json_t *read_json(pl_source *src, const char *path)
{
	pl_json_doc doc;
	json_t *v = pl_json_doc_read(&doc, src, path, NULL) == 0 ? json_incref(doc.root) : NULL;
	pl_json_doc_release(&doc);
	return v;
}

/* The program theory as HTML: cmark's safe default drops raw HTML and
 * unsafe links; never CMARK_OPT_UNSAFE for repository content.  Its
 * headings move down below the report's own (h1-h4), so the page's
 * heading order holds. */
static json_t *theory_html(pl_source *src, const char *path)
{
	pl_buf data = PL_BUF_INIT;
	json_t *v = json_string("");
	size_t size = 0;
	if (pl_source_read(src, path, PL_MARKDOWN_MAX_SIZE, &data, &size) == 0 &&
	    size <= PL_MARKDOWN_MAX_SIZE) {
		const int opts = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
		cmark_node *doc = cmark_parse_document(data.ptr, data.len, opts);
		char *html = NULL;
		if (doc) {
			cmark_iter *it = cmark_iter_new(doc);
			cmark_event_type ev;
			while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
				cmark_node *n = cmark_iter_get_node(it);
				if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING) {
					int level = cmark_node_get_heading_level(n) + 4;
					cmark_node_set_heading_level(n, level > 6 ? 6 : level);
				}
			}
			cmark_iter_free(it);
			html = cmark_render_html(doc, opts);
			cmark_node_free(doc);
		}
		if (html) {
			json_decref(v);
			v = json_string(html);
			if (!v)
				v = json_string("");
			free(html);
		}
	}
	pl_buf_release(&data);
	return v;
}

static json_t *labels_for(const char *lang)
{
	const pl_template *t = pl_template_find("report/labels.json");
	json_t *all = t ? json_loadb(t->data, t->len, 0, NULL) : NULL;
	json_t *l = json_object_get(all, lang);
	if (!l)
		l = json_object_get(all, "en");
	l = l ? json_deep_copy(l) : json_object();
	json_decref(all);
	return l;
}

static const char *label(const json_t *labels, const char *prefix, const char *value)
{
	char *key = pl_strfmt("%s%s", prefix, value);
	const char *s = json_string_value(json_object_get(labels, key));
	free(key);
	return s ? s : value;
}

/* The workshop shown, its title in the report's language. */
static json_t *workshop_json(const json_t *pilot, const char *id, const char *lang)
{
	const json_t *w = id ? pl_pilot_find(pl_pilot_list(pilot, "workshops"), id) : NULL;
	if (!w)
		return json_null();
	return json_pack("{s:s, s:s, s:s}", "id", s_of(w, "id"), "date", s_of(w, "date"), "title",
			 pl_pilot_text(json_object_get(w, "title"), lang));
}

static const json_t *fidelity_entry(const json_t *ev, const char *element)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(ev, "fidelity"), i, x)
		if (!strcmp(s_of(x, "element"), element))
			return x;
	return NULL;
}

static json_t *fidelity_json(const json_t *labels, const json_t *rating)
{
	static const char *const symbols[] = { "○", "◐", "●" };
	int r = json_is_integer(rating) ? (int)json_integer_value(rating) : -1;
	if (r < 0 || r > 2)
		return json_pack("{s:n, s:s, s:s, s:s}", "rating", "label",
				 label(labels, "fidelity_", "null"), "symbol", "–", "class", "none");
	return json_pack("{s:i, s:s, s:s, s:s}", "rating", r, "label",
			 label(labels, "fidelity_", r == 2 ? "2" : r == 1 ? "1" : "0"), "symbol",
			 symbols[r], "class", r == 2 ? "full" : r == 1 ? "partly" : "not");
}

static json_t *items_of(const json_t *list)
{
	json_t *out = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x)
		json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "id", s_of(x, "id"), "title",
						     s_of(x, "title"), "description", s_of(x, "description")));
	return out;
}

typedef struct {
	size_t full, partly, not_impl, unassessed, up, down;
} totals;

/* The region's logic model as an inline SVG diagram (empty on failure: the
 * report is still worth having without it). */
static json_t *diagram_json(const json_t *labels, const json_t *lm, const char *region_name,
			    const char *model_title, const char *region, const char *model)
{
	pl_diagram_options o;
	pl_buf out = PL_BUF_INIT;
	char *title = pl_strfmt("%s – %s", region_name, model_title);
	char *prefix = pl_strfmt("d-%s-%s", region, model);
	json_t *s;

	memset(&o, 0, sizeof(o));
	o.title = title;
	o.labels[PL_DIAGRAM_CONTEXT] = json_string_value(json_object_get(labels, "context"));
	o.labels[PL_DIAGRAM_RESOURCES] = json_string_value(json_object_get(labels, "resources"));
	o.labels[PL_DIAGRAM_ELEMENTS] = json_string_value(json_object_get(labels, "core_elements"));
	o.labels[PL_DIAGRAM_MECHANISMS] = json_string_value(json_object_get(labels, "mechanisms"));
	o.labels[PL_DIAGRAM_OUTCOMES] = json_string_value(json_object_get(labels, "expected_outcomes"));
	if (pl_diagram_svg(lm, prefix, &o, &out) < 0)
		pl_buf_clear(&out);
	s = json_string(out.ptr);
	pl_buf_release(&out);
	free(title);
	free(prefix);
	return s ? s : json_string("");
}

/* Adds the fidelity ratings that rose or fell in one region model's diff
 * to moves, for the summary's "where". */
static void add_fidelity_moves(json_t *moves, const json_t *labels, const json_t *region_model,
			       const char *region_name, const char *model_title)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(json_object_get(region_model, "evaluation"), "fidelity"), i, f) {
		const char *dir = s_of(f, "direction");
		if (strcmp(dir, "up") && strcmp(dir, "down"))
			continue;
		json_array_append_new(moves, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s}",
						       "region", s_of(region_model, "region"), "region_name", region_name,
						       "model", s_of(region_model, "model"), "model_title", model_title,
						       "element", s_of(f, "element"),
						       "before", fidelity_json(labels, json_object_get(f, "before")),
						       "after", fidelity_json(labels, json_object_get(f, "after")),
						       "direction", dir,
						       "direction_label", s_of(labels, !strcmp(dir, "up") ? "fidelity_rose" : "fidelity_fell")));
	}
}

/* One region model's changes as the diff's HTML fragment, details only. */
static json_t *changes_html(const json_t *changes, json_t *region_model)
{
	json_t *doc = json_pack("{s:i, s:O, s:O, s:O, s:[O]}", "format", 1, "series",
				json_object_get(changes, "series"), "from", json_object_get(changes, "from"),
				"to", json_object_get(changes, "to"), "region_models", region_model);
	pl_diff_render_options ro;
	pl_buf out = PL_BUF_INIT;
	json_t *s;

	memset(&ro, 0, sizeof(ro));
	ro.style = PL_DIFF_HTML;
	ro.details = 1;
	if (!doc || pl_diff_render(doc, &ro, &out) < 0)
		pl_buf_clear(&out);
	s = json_string(out.ptr);
	pl_buf_release(&out);
	json_decref(doc);
	return s ? s : json_string("");
}

/* One region's part of a model: details and its matrix column. */
static int region_detail(pl_source *src, const pl_report_options *opts, const json_t *labels,
			 const json_t *pilot, const json_t *region, const char *model, json_t **out,
			 json_t **lm_out, json_t **ev_out, totals *t)
{
	const char *rid = s_of(region, "id");
	const char *lang = opts->lang ? opts->lang : pl_pilot_language(pilot);
	char *lm_path = pl_strfmt("regions/%s/%s/logic-model.json", rid, model);
	char *ev_path = pl_strfmt("regions/%s/%s/evaluation.json", rid, model);
	char *pt_path = pl_strfmt("regions/%s/%s/program-theory.md", rid, model);
	json_t *lm = read_json(src, lm_path), *ev = read_json(src, ev_path);
	json_t *mechs = json_array(), *outs = json_array(), *cons = json_array(), *other = json_array();
	json_t *feas, *eval;
	size_t i;
	json_t *x;
	int rc = 0;

	if (!json_is_object(lm) || !json_is_object(ev)) {
		rc = pl_error_set(PL_EINVALID, "regions/%s/%s cannot be read; 'pilotti validate' tells why",
				  rid, model);
		json_decref(mechs);
		json_decref(outs);
		json_decref(cons);
		json_decref(other);
		goto done;
	}
	json_array_foreach(json_object_get(lm, "mechanisms"), i, x)
		json_array_append_new(mechs, json_pack("{s:s, s:s, s:s, s:o}", "id", s_of(x, "id"), "title",
						       s_of(x, "title"), "description", s_of(x, "description"),
						       "elements", json_is_array(json_object_get(x, "elements"))
								   ? json_deep_copy(json_object_get(x, "elements"))
								   : json_array()));
	json_array_foreach(json_object_get(lm, "outcomes"), i, x) {
		const char *status = "not-assessed";
		size_t k;
		json_t *o;
		json_array_foreach(json_object_get(ev, "outcomes"), k, o)
			if (!strcmp(s_of(o, "outcome"), s_of(x, "id")))
				status = s_of(o, "status");
		json_array_append_new(outs, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", s_of(x, "id"),
						      "title", s_of(x, "title"), "horizon", s_of(x, "horizon"),
						      "horizon_label", label(labels, "horizon_", s_of(x, "horizon")),
						      "status", status, "status_label", label(labels, "status_", status),
						      "status_class", status));
	}
	json_array_foreach(json_object_get(ev, "other_consequences"), i, x)
		json_array_append_new(cons, json_pack("{s:s, s:s, s:s, s:s}", "id", s_of(x, "id"), "description",
						      s_of(x, "description"), "effect", s_of(x, "effect"),
						      "effect_label", label(labels, "effect_", s_of(x, "effect"))));
	json_array_foreach(json_object_get(json_object_get(ev, "data"), "other"), i, x)
		json_array_append_new(other, json_pack("{s:s, s:s}", "id", s_of(x, "id"), "description",
						       s_of(x, "description")));
	feas = json_object_get(ev, "feasibility");
	eval = json_object_get(ev, "evaluability");
	json_array_foreach(json_object_get(ev, "fidelity"), i, x) {
		const json_t *r = json_object_get(x, "rating");
		if (!json_is_integer(r))
			t->unassessed++;
		else if (json_integer_value(r) == 2)
			t->full++;
		else if (json_integer_value(r) == 1)
			t->partly++;
		else
			t->not_impl++;
	}
	*out = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s},"
			 " s:{s:I, s:I, s:o}, s:o, s:n}",
			 "id", rid, "name", pl_pilot_text(json_object_get(region, "name"), lang),
			 "context", items_of(json_object_get(lm, "context")),
			 "actors", items_of(json_object_get(lm, "actors")),
			 "resources", items_of(json_object_get(lm, "resources")),
			 "mechanisms", mechs, "outcomes", outs, "other_consequences", cons,
			 "configurations", json_is_array(json_object_get(lm, "configurations"))
						   ? json_deep_copy(json_object_get(lm, "configurations"))
						   : json_array(),
			 "feasibility", "rating", s_of(feas, "rating"), "label",
			 label(labels, "rating_", s_of(feas, "rating")), "notes", s_of(feas, "notes"),
			 "evaluability", "rating", s_of(eval, "rating"), "label",
			 label(labels, "rating_", s_of(eval, "rating")), "notes", s_of(eval, "notes"),
			 "data", "worker_group_interviews",
			 json_integer_value(json_object_get(json_object_get(ev, "data"), "worker_group_interviews")),
			 "client_group_interviews",
			 json_integer_value(json_object_get(json_object_get(ev, "data"), "client_group_interviews")),
			 "other", other,
			 "program_theory_html", theory_html(src, pt_path), "changes");
	*lm_out = json_incref(lm);
	*ev_out = json_incref(ev);
done:
	json_decref(lm);
	json_decref(ev);
	free(lm_path);
	free(ev_path);
	free(pt_path);
	return rc;
}

/* The matrix row of one reference element across the regions. */
static json_t *matrix_row(const json_t *labels, const json_t *element, json_t *const *lms,
			  json_t *const *evs, const json_t *regions)
{
	const char *eid = s_of(element, "id");
	json_t *cells = json_array();
	size_t r;
	json_t *reg;

	json_array_foreach(regions, r, reg) {
		const json_t *lm = lms[r], *ev = evs[r];
		json_t *impl = json_array();
		const char *state = "missing", *reason = NULL;
		json_t *best = NULL;
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(lm, "core_elements"), i, x) {
			const json_t *f;
			if (strcmp(s_of(x, "reference"), eid))
				continue;
			json_array_append_new(impl, json_string(s_of(x, "id")));
			if (!strcmp(state, "missing") || !strcmp(s_of(x, "adaptation"), "adapted"))
				state = !strcmp(s_of(x, "adaptation"), "adapted") ? "adapted" : "as-is";
			f = json_object_get(fidelity_entry(ev, s_of(x, "id")), "rating");
			/* Several elements implementing one: the lowest rating counts. */
			if (json_is_integer(f) && (!best || json_integer_value(f) < json_integer_value(best)))
				best = (json_t *)f;
		}
		json_array_foreach(json_object_get(lm, "omitted"), i, x)
			if (!strcmp(s_of(x, "element"), eid)) {
				state = "omitted";
				reason = s_of(x, "reason");
			}
		json_array_append_new(cells,
				      json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "region", s_of(reg, "id"),
						"region_name", s_of(reg, "name"), "state", state, "state_label",
						label(labels, "", !strcmp(state, "as-is") ? "as_is" : state),
						"elements", impl, "reason", reason ? json_string(reason) : json_null(),
						"fidelity", fidelity_json(labels, best)));
	}
	return json_pack("{s:s, s:s, s:s, s:o}", "id", eid, "title", s_of(element, "title"),
			 "description", s_of(element, "description"), "cells", cells);
}

int pl_report_build(pl_source *src, const pl_report_options *opts, json_t **out)
{
	pl_diags d = PL_DIAGS_INIT;
	json_t *pilot = NULL, *models = json_array(), *labels = NULL, *changes = NULL;
	json_t *moved = json_array();
	totals t = { 0, 0, 0, 0, 0, 0 };
	const char *lang;
	size_t i, j, nregions = 0, nrm = 0;
	json_t *m, *r;
	int rc;

	*out = NULL;
	if ((rc = pl_pilot_load(&pilot, src, &d)) < 0)
		goto done;
	lang = opts->lang ? opts->lang : pl_pilot_language(pilot);
	labels = labels_for(lang);
	if (opts->previous) {
		pl_diff_side_name a = { opts->previous_name ? opts->previous_name : "", NULL };
		pl_diff_side_name b = { opts->name ? opts->name : "", opts->commit };
		if (pl_diff_series(opts->previous, &a, src, &b, NULL, &changes) < 0)
			changes = NULL; /* the report goes on without the changes */
	}
	json_array_foreach(pl_pilot_list(pilot, "regions"), i, r)
		nregions += listed(opts->regions, s_of(r, "id"));

	json_array_foreach(pl_pilot_list(pilot, "models"), i, m) {
		const char *mid = s_of(m, "id");
		char *ref_path;
		json_t *ref, *cols = json_array(), *details = json_array(), *rows = json_array(),
		       *own = json_array(), *mobj;
		json_t **lms, **evs;
		size_t n = 0, wi = 0, ci = 0;
		if (!pl_is_id(mid) || !listed(opts->models, mid)) {
			json_decref(cols);
			json_decref(details);
			json_decref(rows);
			json_decref(own);
			continue;
		}
		ref_path = pl_strfmt("models/%s/model.json", mid);
		ref = read_json(src, ref_path);
		free(ref_path);
		lms = pl_calloc(json_array_size(pl_pilot_list(pilot, "regions")) + 1, sizeof(*lms));
		evs = pl_calloc(json_array_size(pl_pilot_list(pilot, "regions")) + 1, sizeof(*evs));
		json_array_foreach(pl_pilot_list(pilot, "regions"), j, r) {
			json_t *det = NULL, *x;
			int pilots = 0;
			size_t k;
			json_array_foreach(json_object_get(r, "models"), k, x)
				pilots |= json_is_string(x) && !strcmp(json_string_value(x), mid);
			if (!pilots || !pl_is_id(s_of(r, "id")) || !listed(opts->regions, s_of(r, "id")))
				continue;
			if ((rc = region_detail(src, opts, labels, pilot, r, mid, &det, &lms[n], &evs[n], &t)) < 0)
				break;
			json_object_set_new(det, "model", json_string(mid));
			if (opts->html)
				json_object_set_new(det, "diagram_svg",
						    diagram_json(labels, lms[n], s_of(det, "name"),
								 pl_pilot_text(json_object_get(m, "title"), lang),
								 s_of(r, "id"), mid));
			json_array_foreach(changes ? json_object_get(changes, "region_models") : NULL, k, x)
				if (!strcmp(s_of(x, "region"), s_of(r, "id")) && !strcmp(s_of(x, "model"), mid)) {
					json_object_set(det, "changes", json_object_get(x, "summary"));
					if (opts->html)
						json_object_set_new(det, "changes_html", changes_html(changes, x));
					t.up += (size_t)json_integer_value(json_object_get(json_object_get(x, "summary"), "ratings_up"));
					t.down += (size_t)json_integer_value(json_object_get(json_object_get(x, "summary"), "ratings_down"));
					add_fidelity_moves(moved, labels, x, s_of(det, "name"),
							   pl_pilot_text(json_object_get(m, "title"), lang));
				}
			wi += (size_t)json_integer_value(json_object_get(json_object_get(det, "data"), "worker_group_interviews"));
			ci += (size_t)json_integer_value(json_object_get(json_object_get(det, "data"), "client_group_interviews"));
			json_array_append_new(cols, json_pack("{s:s, s:s}", "id", s_of(r, "id"), "name", s_of(det, "name")));
			json_array_foreach(json_object_get(lms[n], "core_elements"), k, x)
				if (!strcmp(s_of(x, "adaptation"), "own"))
					json_array_append_new(own, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "region",
									     s_of(r, "id"), "region_name", s_of(det, "name"),
									     "id", s_of(x, "id"), "title", s_of(x, "title"),
									     "description", s_of(x, "description"), "fidelity",
									     fidelity_json(labels, json_object_get(fidelity_entry(evs[n], s_of(x, "id")), "rating"))));
			json_array_append_new(details, det);
			n++;
			nrm++;
		}
		if (rc == 0)
			json_array_foreach(json_object_get(ref, "core_elements"), j, r)
				json_array_append_new(rows, matrix_row(labels, r, lms, evs, cols));
		for (size_t k = 0; k < n; k++) {
			json_decref(lms[k]);
			json_decref(evs[k]);
		}
		free(lms);
		free(evs);
		mobj = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:{s:I, s:I}}", "id", mid, "title",
				 pl_pilot_text(json_object_get(m, "title"), lang), "regions", cols, "matrix", rows,
				 "own_elements", own, "region_details", details, "totals",
				 "worker_group_interviews", (json_int_t)wi, "client_group_interviews", (json_int_t)ci);
		json_decref(ref);
		json_array_append_new(models, mobj);
		if (rc < 0)
			goto done;
	}
	*out = json_pack("{s:i, s:s, s:o, s:{s:s, s:s}, s:{s:s, s:o, s:o}, s:o, s:{s:s, s:s},"
			 " s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:O}, s:O}",
			 "format", 1, "lang", lang, "labels", json_incref(labels),
			 "series", "id", s_of(pilot, "id"), "title", pl_pilot_text(json_object_get(pilot, "title"), lang),
			 "at", "name", opts->name ? opts->name : "", "commit",
			 opts->commit ? json_string(opts->commit) : json_null(), "workshop",
			 workshop_json(pilot, opts->workshop, lang),
			 "previous", opts->previous_name ? json_string(opts->previous_name) : json_null(),
			 "tool", "name", "pilotti", "version", PILOTTI_VERSION,
			 "summary", "regions", (json_int_t)nregions, "models", (json_int_t)json_array_size(models),
			 "region_models", (json_int_t)nrm, "elements_full", (json_int_t)t.full,
			 "elements_partly", (json_int_t)t.partly, "elements_not", (json_int_t)t.not_impl,
			 "elements_unassessed", (json_int_t)t.unassessed, "fidelity_up", (json_int_t)t.up,
			 "fidelity_down", (json_int_t)t.down, "fidelity_moves", moved, "models", models);
	if (!*out)
		rc = pl_error_set(PL_ERROR, "cannot build the report");
done:
	json_decref(moved);
	json_decref(models);
	json_decref(labels);
	json_decref(changes);
	json_decref(pilot);
	pl_diags_release(&d);
	return rc;
}

/* ---- CSV ------------------------------------------------------------------ */

static void csv_cell(pl_buf *out, const char *s, int last)
{
	/* A cell starting like a formula is run by spreadsheet programs:
	 * prefix it so it is text (OWASP's advice for CSV injection). */
	int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
		      s[0] == '\t' || s[0] == '\r';
	pl_buf_putc(out, '"');
	if (formula)
		pl_buf_putc(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			pl_buf_putc(out, '"');
		pl_buf_putc(out, *s);
	}
	pl_buf_putc(out, '"');
	pl_buf_puts(out, last ? "\r\n" : ",");
}

int pl_report_csv(const json_t *report, pl_buf *out)
{
	static const char *const header[] = {
		"workshop", "revision", "region", "model", "element", "reference", "adaptation",
		"fidelity", "outcomes_reached", "outcomes_partly", "outcomes_not_reached",
		"outcomes_not_assessed", "feasibility", "evaluability" };
	const char *ws = s_of(json_object_get(json_object_get(report, "at"), "workshop"), "id");
	const char *rev = s_of(json_object_get(report, "at"), "commit");
	size_t nh = sizeof(header) / sizeof(*header), i, j, k;
	json_t *m, *det, *row;

	for (i = 0; i < nh; i++)
		csv_cell(out, header[i], i + 1 == nh);
	json_array_foreach(json_object_get(report, "models"), i, m) {
		json_array_foreach(json_object_get(m, "region_details"), j, det) {
			size_t counts[4] = { 0, 0, 0, 0 };
			char num[4][24];
			json_t *o;
			json_array_foreach(json_object_get(det, "outcomes"), k, o) {
				const char *st = s_of(o, "status");
				counts[!strcmp(st, "reached") ? 0 : !strcmp(st, "partly") ? 1
				       : !strcmp(st, "not-reached") ? 2 : 3]++;
			}
			for (int c = 0; c < 4; c++)
				snprintf(num[c], sizeof(num[c]), "%zu", counts[c]);
			/* Reference elements as the matrix shows them, then own ones. */
			json_array_foreach(json_object_get(m, "matrix"), k, row) {
				const json_t *cell = json_array_get(json_object_get(row, "cells"), j);
				const json_t *f = json_object_get(json_object_get(cell, "fidelity"), "rating");
				char fid[8] = "";
				const char *state = s_of(cell, "state");
				if (json_is_integer(f))
					snprintf(fid, sizeof(fid), "%d", (int)json_integer_value(f));
				csv_cell(out, ws, 0);
				csv_cell(out, rev, 0);
				csv_cell(out, s_of(det, "id"), 0);
				csv_cell(out, s_of(m, "id"), 0);
				csv_cell(out, json_array_size(json_object_get(cell, "elements"))
					      ? json_string_value(json_array_get(json_object_get(cell, "elements"), 0))
					      : "", 0);
				csv_cell(out, s_of(row, "id"), 0);
				csv_cell(out, state, 0);
				csv_cell(out, fid, 0);
				for (int c = 0; c < 4; c++)
					csv_cell(out, num[c], 0);
				csv_cell(out, s_of(json_object_get(det, "feasibility"), "rating"), 0);
				csv_cell(out, s_of(json_object_get(det, "evaluability"), "rating"), 1);
			}
			json_array_foreach(json_object_get(m, "own_elements"), k, row) {
				const json_t *f = json_object_get(json_object_get(row, "fidelity"), "rating");
				char fid[8] = "";
				if (strcmp(s_of(row, "region"), s_of(det, "id")))
					continue;
				if (json_is_integer(f))
					snprintf(fid, sizeof(fid), "%d", (int)json_integer_value(f));
				csv_cell(out, ws, 0);
				csv_cell(out, rev, 0);
				csv_cell(out, s_of(det, "id"), 0);
				csv_cell(out, s_of(m, "id"), 0);
				csv_cell(out, s_of(row, "id"), 0);
				csv_cell(out, "", 0);
				csv_cell(out, "own", 0);
				csv_cell(out, fid, 0);
				for (int c = 0; c < 4; c++)
					csv_cell(out, num[c], 0);
				csv_cell(out, s_of(json_object_get(det, "feasibility"), "rating"), 0);
				csv_cell(out, s_of(json_object_get(det, "evaluability"), "rating"), 1);
			}
		}
	}
	return 0;
}

int pl_report_render(const json_t *report, const char *name, const char *text, size_t len,
		     int markdown, pl_buf *out)
{
	pl_template_doc *t = NULL;
	int rc;

	if ((rc = pl_template_parse(&t, name, text, len)) < 0)
		return rc;
	rc = pl_template_render(t, report, markdown ? PL_ESCAPE_MARKDOWN : PL_ESCAPE_HTML, out);
	pl_template_doc_free(t);
	return rc;
}
