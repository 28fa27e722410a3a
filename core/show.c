#include "show.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "error.h"
#include "json.h"
#include "markdown.h"
#include "pilot.h"
#include "scaffold.h"
#include "validate.h"

/* Reads a JSON file of the series; NULL (with the error set) if it is
 * missing or does not parse. */
static json_t *read_json(pl_source *src, const char *path)
{
	pl_json_doc doc;
	json_t *v = NULL;
	int rc = pl_json_doc_read(&doc, src, path, NULL);

	if (rc == 0)
		v = json_incref(doc.root);
	else if (rc == PL_ENOTFOUND)
		pl_error_set(PL_EINVALID, "'%s' is missing", path);
	pl_json_doc_release(&doc);
	return v;
}

static const char *s_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static void id_list(pl_buf *out, const json_t *ids)
{
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x)
		pl_buf_printf(out, "%s%s", i ? ", " : "", json_is_string(x) ? json_string_value(x) : "?");
}

static void items(pl_buf *out, const char *heading, const json_t *list)
{
	size_t i;
	json_t *x;
	if (!json_array_size(list))
		return;
	pl_buf_printf(out, "\n%s\n", heading);
	json_array_foreach(list, i, x) {
		pl_buf_printf(out, "  - %s: %s\n", s_of(x, "id"), s_of(x, "title"));
		if (*s_of(x, "description"))
			pl_buf_printf(out, "      %s\n", s_of(x, "description"));
	}
}

static const char *fidelity_words(const json_t *rating)
{
	if (!json_is_integer(rating))
		return "not assessed yet";
	switch (json_integer_value(rating)) {
	case 0: return "0 not implemented";
	case 1: return "1 partly";
	case 2: return "2 fully";
	default: return "?";
	}
}

static void text_form(pl_buf *out, const json_t *pilot, const char *rev, const json_t *r,
		      const json_t *m, const json_t *lm, const json_t *ev, const char *theory)
{
	const char *lang = pl_pilot_language(pilot);
	const json_t *data = json_object_get(ev, "data");
	size_t i;
	json_t *x;

	pl_buf_printf(out, "%s – %s\n", pl_pilot_text(json_object_get(r, "name"), lang),
		      pl_pilot_text(json_object_get(m, "title"), lang));
	pl_buf_printf(out, "%s/%s at %s\n", s_of(r, "id"), s_of(m, "id"), rev);

	pl_buf_puts(out, "\nLOGIC MODEL\n");
	items(out, "Operating environment", json_object_get(lm, "context"));
	items(out, "Actors", json_object_get(lm, "actors"));
	items(out, "Resources", json_object_get(lm, "resources"));
	if (json_array_size(json_object_get(lm, "core_elements")))
		pl_buf_puts(out, "\nCore elements\n");
	json_array_foreach(json_object_get(lm, "core_elements"), i, x) {
		const char *adapt = s_of(x, "adaptation");
		pl_buf_printf(out, "  - %s: %s", s_of(x, "id"), s_of(x, "title"));
		if (!strcmp(adapt, "own"))
			pl_buf_puts(out, "  [the region's own]\n");
		else
			pl_buf_printf(out, "  [%s: %s]\n", !strcmp(adapt, "as-is") ? "as is" : adapt,
				      s_of(x, "reference"));
		if (*s_of(x, "description"))
			pl_buf_printf(out, "      %s\n", s_of(x, "description"));
	}
	if (json_array_size(json_object_get(lm, "omitted")))
		pl_buf_puts(out, "\nReference core elements left out\n");
	json_array_foreach(json_object_get(lm, "omitted"), i, x)
		pl_buf_printf(out, "  - %s: %s\n", s_of(x, "element"), s_of(x, "reason"));
	if (json_array_size(json_object_get(lm, "mechanisms")))
		pl_buf_puts(out, "\nEmerging mechanisms\n");
	json_array_foreach(json_object_get(lm, "mechanisms"), i, x) {
		pl_buf_printf(out, "  - %s: %s  <- ", s_of(x, "id"), s_of(x, "title"));
		id_list(out, json_object_get(x, "elements"));
		pl_buf_putc(out, '\n');
		if (*s_of(x, "description"))
			pl_buf_printf(out, "      %s\n", s_of(x, "description"));
	}
	if (json_array_size(json_object_get(lm, "outcomes")))
		pl_buf_puts(out, "\nExpected outcomes\n");
	json_array_foreach(json_object_get(lm, "outcomes"), i, x) {
		size_t k;
		json_t *ind;
		pl_buf_printf(out, "  - %s: %s  (%s term)  <- ", s_of(x, "id"), s_of(x, "title"),
			      s_of(x, "horizon"));
		id_list(out, json_object_get(x, "mechanisms"));
		pl_buf_putc(out, '\n');
		if (*s_of(x, "description"))
			pl_buf_printf(out, "      %s\n", s_of(x, "description"));
		json_array_foreach(json_object_get(x, "indicators"), k, ind)
			pl_buf_printf(out, "      indicator: %s\n", json_string_value(ind) ? json_string_value(ind) : "");
	}
	if (json_array_size(json_object_get(lm, "configurations")))
		pl_buf_puts(out, "\nContext-mechanism-outcome configurations\n");
	json_array_foreach(json_object_get(lm, "configurations"), i, x) {
		pl_buf_printf(out, "  - %s: ", s_of(x, "id"));
		id_list(out, json_object_get(x, "context"));
		pl_buf_puts(out, " -> ");
		id_list(out, json_object_get(x, "mechanisms"));
		pl_buf_puts(out, " -> ");
		id_list(out, json_object_get(x, "outcomes"));
		pl_buf_putc(out, '\n');
		if (*s_of(x, "description"))
			pl_buf_printf(out, "      %s\n", s_of(x, "description"));
	}

	pl_buf_puts(out, "\nEVALUATION\n\n");
	pl_buf_printf(out, "Feasibility: %s", s_of(json_object_get(ev, "feasibility"), "rating"));
	if (*s_of(json_object_get(ev, "feasibility"), "notes"))
		pl_buf_printf(out, " - %s", s_of(json_object_get(ev, "feasibility"), "notes"));
	pl_buf_printf(out, "\nEvaluability: %s", s_of(json_object_get(ev, "evaluability"), "rating"));
	if (*s_of(json_object_get(ev, "evaluability"), "notes"))
		pl_buf_printf(out, " - %s", s_of(json_object_get(ev, "evaluability"), "notes"));
	pl_buf_putc(out, '\n');
	if (json_array_size(json_object_get(ev, "fidelity")))
		pl_buf_puts(out, "\nFidelity of the core elements\n");
	json_array_foreach(json_object_get(ev, "fidelity"), i, x) {
		pl_buf_printf(out, "  - %s: %s", s_of(x, "element"),
			      fidelity_words(json_object_get(x, "rating")));
		if (*s_of(x, "notes"))
			pl_buf_printf(out, " - %s", s_of(x, "notes"));
		pl_buf_putc(out, '\n');
	}
	if (json_array_size(json_object_get(ev, "outcomes")))
		pl_buf_puts(out, "\nExpected outcomes reached\n");
	json_array_foreach(json_object_get(ev, "outcomes"), i, x) {
		pl_buf_printf(out, "  - %s: %s", s_of(x, "outcome"), s_of(x, "status"));
		if (*s_of(x, "notes"))
			pl_buf_printf(out, " - %s", s_of(x, "notes"));
		pl_buf_putc(out, '\n');
	}
	if (json_array_size(json_object_get(ev, "other_consequences")))
		pl_buf_puts(out, "\nOther consequences\n");
	json_array_foreach(json_object_get(ev, "other_consequences"), i, x)
		pl_buf_printf(out, "  - %s (%s): %s\n", s_of(x, "id"), s_of(x, "effect"),
			      s_of(x, "description"));
	pl_buf_printf(out, "\nData gathered: %lld worker group interviews, %lld client group interviews\n",
		      (long long)json_integer_value(json_object_get(data, "worker_group_interviews")),
		      (long long)json_integer_value(json_object_get(data, "client_group_interviews")));
	json_array_foreach(json_object_get(data, "other"), i, x)
		pl_buf_printf(out, "  - %s: %s\n", s_of(x, "id"), s_of(x, "description"));

	pl_buf_puts(out, "\nPROGRAM THEORY\n\n");
	pl_buf_puts(out, theory);
	if (!*theory || theory[strlen(theory) - 1] != '\n')
		pl_buf_putc(out, '\n');
}

static int json_form(pl_buf *out, const json_t *pilot, const char *rev, const json_t *r,
		     const json_t *m, const json_t *lm, const json_t *ev, const char *theory)
{
	pl_buf part = PL_BUF_INIT;
	json_t *o = json_object(), *lmc = NULL, *evc = NULL;
	json_error_t e;
	int rc;

	/* The files' data in their canonical order, via their own dumps. */
	if ((rc = pl_canonical_json(PL_FILE_LOGIC_MODEL, lm, &part)) < 0)
		goto done;
	lmc = json_loadb(part.ptr, part.len, 0, &e);
	pl_buf_clear(&part);
	if ((rc = pl_canonical_json(PL_FILE_EVALUATION, ev, &part)) < 0)
		goto done;
	evc = json_loadb(part.ptr, part.len, 0, &e);
	json_object_del(lmc, "$schema");
	json_object_del(evc, "$schema");
	json_object_set_new(o, "series", json_string(s_of(pilot, "id")));
	json_object_set_new(o, "revision", json_string(rev));
	json_object_set_new(o, "region", json_pack("{s:s, s:O}", "id", s_of(r, "id"), "name",
						   json_object_get(r, "name")));
	json_object_set_new(o, "model", json_pack("{s:s, s:O}", "id", s_of(m, "id"), "title",
						  json_object_get(m, "title")));
	json_object_set(o, "logic_model", lmc);
	json_object_set(o, "evaluation", evc);
	json_object_set_new(o, "program_theory", json_string(theory));
	rc = pl_json_dump(o, out);
done:
	json_decref(lmc);
	json_decref(evc);
	json_decref(o);
	pl_buf_release(&part);
	return rc;
}

int pl_show_region_model(pl_source *src, const char *region, const char *model,
			 pl_show_format format, pl_buf *out)
{
	pl_diags d = PL_DIAGS_INIT;
	json_t *pilot = NULL, *lm = NULL, *ev = NULL;
	const json_t *r, *m;
	pl_buf theory = PL_BUF_INIT;
	char *lm_path = NULL, *ev_path = NULL, *pt_path = NULL;
	size_t i, size = 0;
	json_t *x;
	int pilots = 0, rc;

	if (!pl_is_id(region) || !pl_is_id(model))
		return pl_error_set(PL_EUSAGE, "'%s/%s' is not a region and model", region, model);
	if ((rc = pl_pilot_load(&pilot, src, &d)) < 0)
		goto done;
	r = pl_pilot_find(pl_pilot_list(pilot, "regions"), region);
	m = pl_pilot_find(pl_pilot_list(pilot, "models"), model);
	json_array_foreach(json_object_get(r, "models"), i, x)
		pilots |= json_is_string(x) && !strcmp(json_string_value(x), model);
	if (!r) {
		rc = pl_error_set(PL_ENOTFOUND, "there is no region '%s' in %s", region,
				  pl_source_name(src));
		goto done;
	}
	if (!m || !pilots) {
		rc = pl_error_set(PL_ENOTFOUND, "region '%s' does not pilot '%s' in %s", region,
				  model, pl_source_name(src));
		goto done;
	}
	lm_path = pl_strfmt("regions/%s/%s/logic-model.json", region, model);
	ev_path = pl_strfmt("regions/%s/%s/evaluation.json", region, model);
	pt_path = pl_strfmt("regions/%s/%s/program-theory.md", region, model);
	if (!(lm = read_json(src, lm_path)) || !(ev = read_json(src, ev_path))) {
		rc = PL_EINVALID;
		goto done;
	}
	rc = pl_source_read(src, pt_path, PL_MARKDOWN_MAX_SIZE, &theory, &size);
	if (rc == PL_ENOTFOUND) {
		pl_buf_clear(&theory);
		rc = 0;
	} else if (rc < 0) {
		goto done;
	} else if (size > PL_MARKDOWN_MAX_SIZE) {
		rc = pl_error_set(PL_EINVALID, "'%s' is too large", pt_path);
		goto done;
	}
	if (format == PL_SHOW_JSON)
		rc = json_form(out, pilot, pl_source_name(src), r, m, lm, ev, theory.ptr);
	else
		text_form(out, pilot, pl_source_name(src), r, m, lm, ev, theory.ptr);
done:
	free(lm_path);
	free(ev_path);
	free(pt_path);
	pl_buf_release(&theory);
	json_decref(lm);
	json_decref(ev);
	json_decref(pilot);
	pl_diags_release(&d);
	return rc;
}
