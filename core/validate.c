#include "validate.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "markdown.h"
#include "privacy.h"
#include "schema.h"
#include "strset.h"
#include "templates.h"
#include "text.h"

static const char *const schema_names[PL_FILE_KIND_COUNT] = {
	"schemas/pilot.schema.json",
	"schemas/model.schema.json",
	"schemas/logic-model.schema.json",
	"schemas/evaluation.schema.json",
};

const char *pl_schema_name(pl_file_kind kind)
{
	return schema_names[kind];
}

int pl_is_id(const char *s)
{
	size_t n = 0;
	if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	for (; *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return n <= 64;
}

static int count_slashes(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '/';
	return n;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

int pl_file_kind_of(const char *path)
{
	if (!strcmp(path, "pilot.json"))
		return PL_FILE_PILOT;
	if (!strncmp(path, "models/", 7) && count_slashes(path) == 2 &&
	    ends_with(path, "/model.json"))
		return PL_FILE_MODEL;
	if (!strncmp(path, "regions/", 8) && count_slashes(path) == 3) {
		if (ends_with(path, "/logic-model.json"))
			return PL_FILE_LOGIC_MODEL;
		if (ends_with(path, "/evaluation.json"))
			return PL_FILE_EVALUATION;
	}
	return -1;
}

typedef struct {
	pl_source *src;
	pl_diags *d;
	pl_schema *schemas[PL_FILE_KIND_COUNT];
	const char *lang;
	const json_t *sections;
	pl_buf buf;
	int io_error;
	pl_strset known_emails;    /* people in pilot.json */
	pl_strset public_contacts; /* pilot.json's public_contacts */
	pl_privacy_rules privacy;
	int privacy_ready;         /* pilot.json read: the guard can run */
} vctx;

int pl_schema_load_kind(pl_schema **out, pl_file_kind kind)
{
	const pl_template *t = pl_template_find(schema_names[kind]);
	*out = NULL;
	if (!t)
		return pl_error_set(PL_ERROR, "schema '%s' is missing from this build",
				    schema_names[kind]);
	return pl_schema_load(out, t->data, t->len);
}

static int load_schemas(pl_schema **schemas)
{
	for (int k = 0; k < PL_FILE_KIND_COUNT; k++) {
		int rc = pl_schema_load_kind(&schemas[k], (pl_file_kind)k);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static void free_schemas(pl_schema **schemas)
{
	for (int k = 0; k < PL_FILE_KIND_COUNT; k++) {
		pl_schema_free(schemas[k]);
		schemas[k] = NULL;
	}
}

/* ---- small accessors that tolerate data of the wrong type ---------------- */

static const char *str_of(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const json_t *list_of(const json_t *o, const char *key)
{
	const json_t *a = json_object_get(o, key);
	return json_is_array(a) ? a : NULL;
}

static char *ptr_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *ptr_fmt(const char *fmt, ...)
{
	pl_buf b = PL_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	pl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return pl_buf_detach(&b);
}

/*
 * Adds the ids of the objects in list (its field key) to set, reporting
 * ids used twice.  what names the items in messages.
 */
static void collect_ids(const pl_json_doc *doc, pl_diags *d, const json_t *list,
			const char *list_ptr, const char *key, const char *what,
			pl_strset *set)
{
	size_t i;
	json_t *item;

	json_array_foreach(list, i, item) {
		const char *id = str_of(item, key);
		size_t first;
		if (!id)
			continue;
		if (pl_strset_get(set, id, &first)) {
			char *p = ptr_fmt("%s/%zu/%s", list_ptr, i, key);
			char *fp = ptr_fmt("%s/%zu/%s", list_ptr, first, key);
			unsigned line = 0, col = 0;
			pl_json_locate(doc->text, doc->len, fp, 0, &line, &col);
			if (line)
				pl_json_report(doc, d, PL_DIAG_ERROR, p, 0,
					       "%s '%s' is listed twice (first on line %u); ids must be unique",
					       what, id, line);
			else
				pl_json_report(doc, d, PL_DIAG_ERROR, p, 0,
					       "%s '%s' is listed twice; ids must be unique", what, id);
			free(p);
			free(fp);
			continue;
		}
		pl_strset_add(set, id, i);
	}
}

/*
 * Checks that every id in the array field of each object in list is in
 * set.  owner names the objects, target what the ids should name.
 */
static void check_links(const pl_json_doc *doc, pl_diags *d, const json_t *list,
			const char *list_ptr, const char *field, const char *owner,
			const pl_strset *set, const char *target)
{
	size_t i, j;
	json_t *item, *ref;

	json_array_foreach(list, i, item) {
		const char *owner_id = str_of(item, "id");
		json_array_foreach(list_of(item, field), j, ref) {
			const char *id = json_string_value(ref);
			if (!id || pl_strset_get(set, id, NULL))
				continue;
			char *p = ptr_fmt("%s/%zu/%s/%zu", list_ptr, i, field, j);
			pl_json_report(doc, d, PL_DIAG_ERROR, p, 0,
				       "%s '%s' names '%s', which is not %s",
				       owner, owner_id ? owner_id : "?", id, target);
			free(p);
		}
	}
}

/* Reports ids listed twice inside one array of ids (e.g. a region's
 * models). */
static void check_id_list_unique(const pl_json_doc *doc, pl_diags *d,
				 const json_t *ids, const char *ptr, const char *what)
{
	pl_strset seen = PL_STRSET_INIT;
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x) {
		const char *id = json_string_value(x);
		if (id && !pl_strset_add(&seen, id, i)) {
			char *p = ptr_fmt("%s/%zu", ptr, i);
			pl_json_report(doc, d, PL_DIAG_ERROR, p, 0, "%s '%s' is listed twice",
				       what, id);
			free(p);
		}
	}
	pl_strset_release(&seen);
}

/* ---- reading files ----------------------------------------------------- */

/* Reads path into c->buf; reports a missing or unreadable file.  Returns 1
 * when the bytes are in c->buf. */
static int read_file(vctx *c, const char *path, size_t max, const char *missing_hint)
{
	size_t size = 0;
	int rc = pl_source_read(c->src, path, max, &c->buf, &size);

	if (rc == PL_ENOTFOUND) {
		pl_diags_add(c->d, PL_DIAG_ERROR, path, 0, 0, NULL, "file is missing%s%s",
			     missing_hint ? "; " : "", missing_hint ? missing_hint : "");
		return 0;
	}
	if (rc == PL_EINVALID) {
		pl_diags_add(c->d, PL_DIAG_ERROR, path, 0, 0, NULL, "%s", pl_error_last());
		return 0;
	}
	if (rc < 0) {
		/* Go on with the other files; the caller learns of it too. */
		pl_diags_add(c->d, PL_DIAG_ERROR, path, 0, 0, NULL, "%s", pl_error_last());
		if (!c->io_error)
			c->io_error = rc;
		return 0;
	}
	if (size > max) {
		pl_diags_add(c->d, PL_DIAG_ERROR, path, 0, 0, NULL,
			     "file is too large: %zu bytes, at most %zu (%zu KiB)", size,
			     max, max / 1024);
		return 0;
	}
	/* Client data must never enter the series, whatever else is wrong. */
	if (c->privacy_ready)
		pl_privacy_scan(path, c->buf.ptr, c->buf.len, &c->privacy, c->d);
	return 1;
}

/* Prepares the personal-data guard from pilot.json: the people it names and
 * its public contacts are allowed; then checks pilot.json itself. */
static void prepare_privacy(vctx *c, const pl_json_doc *pilot)
{
	static const char *const lists[] = { "facilitators", "regions" };
	size_t i, j;
	json_t *x, *p;

	for (int k = 0; k < 2; k++) {
		json_array_foreach(list_of(pilot->root, lists[k]), i, x) {
			const json_t *people = k == 0 ? NULL : json_object_get(x, "maintainers");
			if (k == 0) {
				const char *e = str_of(x, "email");
				if (e)
					pl_strset_add(&c->known_emails, e, 0);
				continue;
			}
			json_array_foreach(people, j, p) {
				const char *e = str_of(p, "email");
				if (e)
					pl_strset_add(&c->known_emails, e, 0);
			}
		}
	}
	json_array_foreach(list_of(pilot->root, "public_contacts"), i, x)
		if (json_is_string(x))
			pl_strset_add(&c->public_contacts, json_string_value(x), 0);
	c->privacy.known_emails = &c->known_emails;
	c->privacy.public_contacts = &c->public_contacts;
	c->privacy_ready = 1;
	pl_privacy_scan(pilot->path, pilot->text, pilot->len, &c->privacy, c->d);
}

/* Loads and schema-checks a JSON file.  Returns 1 if doc->root can be
 * used for further checks (it parsed; schema findings are reported). */
static int load_json(vctx *c, const char *path, pl_file_kind kind,
		     pl_json_doc *doc, const char *missing_hint)
{
	memset(doc, 0, sizeof(*doc));
	if (!read_file(c, path, PL_JSON_MAX_SIZE, missing_hint))
		return 0;
	if (pl_json_doc_load(doc, path, c->buf.ptr, c->buf.len, c->d) < 0)
		return 0;
	pl_schema_validate(c->schemas[kind], doc, c->d);
	return json_is_object(doc->root);
}

/* The required sections must appear as level-2 headings. */
static void check_markdown(vctx *c, const char *path, const char *missing_hint)
{
	pl_md_headings h = { 0 };
	size_t bad, i;
	json_t *sec;

	if (!read_file(c, path, PL_MARKDOWN_MAX_SIZE, missing_hint))
		return;
	bad = pl_utf8_valid_prefix(c->buf.ptr, c->buf.len);
	if (bad < c->buf.len) {
		unsigned line, col;
		pl_text_position(c->buf.ptr, c->buf.len, bad, &line, &col);
		pl_diags_add(c->d, PL_DIAG_ERROR, path, line, col, NULL,
			     "not valid UTF-8 text (byte 0x%02x); save the file as UTF-8",
			     (unsigned char)c->buf.ptr[bad]);
		return;
	}
	if (pl_text_has_nul(c->buf.ptr, c->buf.len)) {
		unsigned line, col;
		size_t off = (size_t)((const char *)memchr(c->buf.ptr, 0, c->buf.len) - c->buf.ptr);
		pl_text_position(c->buf.ptr, c->buf.len, off, &line, &col);
		pl_diags_add(c->d, PL_DIAG_ERROR, path, line, col, NULL,
			     "contains a zero byte; this is not a text file");
		return;
	}
	if (pl_text_is_blank(c->buf.ptr, c->buf.len)) {
		pl_diags_add(c->d, PL_DIAG_ERROR, path, 0, 0, NULL,
			     "file is empty; it needs the program theory's sections");
		return;
	}
	if (pl_md_headings_read(&h, c->buf.ptr, c->buf.len) < 0) {
		pl_diags_add(c->d, PL_DIAG_ERROR, path, 0, 0, NULL, "%s", pl_error_last());
		return;
	}
	json_array_foreach(c->sections, i, sec) {
		const json_t *title = json_object_get(sec, "title");
		const char *shown = str_of(title, c->lang);
		int found = 0;
		for (size_t k = 0; k < h.count && !found; k++) {
			const char *lang;
			json_t *variant;
			if (h.items[k].level != 2)
				continue;
			json_object_foreach((json_t *)title, lang, variant) {
				const char *t = json_string_value(variant);
				if (t && pl_md_heading_equal(t, h.items[k].text))
					found = 1;
			}
		}
		if (!found) {
			if (!shown)
				shown = str_of(sec, "id");
			pl_diags_add(c->d, PL_DIAG_ERROR, path, 0, 0, NULL,
				     "the program theory lacks the section '## %s'",
				     shown ? shown : "?");
		}
	}
	pl_md_headings_release(&h);
}

/* ---- pilot.json ---------------------------------------------------------- */

static void check_text_lang(const pl_json_doc *doc, pl_diags *d, const json_t *text,
			    const char *ptr, const char *lang)
{
	if (json_is_object(text) && json_object_size(text) > 0 &&
	    !json_object_get(text, lang))
		pl_json_report(doc, d, PL_DIAG_ERROR, ptr, 0,
			       "'%s' has no text in the series' main language '%s'",
			       strrchr(ptr, '/') + 1, lang);
}

static void check_pilot_rules(const pl_json_doc *doc, pl_diags *d)
{
	const json_t *root = doc->root;
	const char *lang = str_of(root, "language");
	pl_strset models = PL_STRSET_INIT, regions = PL_STRSET_INIT;
	pl_strset workshops = PL_STRSET_INIT, sections = PL_STRSET_INIT;
	const char *prev_date = NULL, *prev_id = NULL;
	size_t i, j;
	json_t *x, *m;

	if (!lang)
		lang = "fi";
	collect_ids(doc, d, list_of(root, "models"), "/models", "id", "operating model", &models);
	collect_ids(doc, d, list_of(root, "regions"), "/regions", "id", "region", &regions);
	collect_ids(doc, d, list_of(root, "workshops"), "/workshops", "id", "workshop", &workshops);
	collect_ids(doc, d, list_of(root, "theory_sections"), "/theory_sections", "id",
		    "program theory section", &sections);

	check_text_lang(doc, d, json_object_get(root, "title"), "/title", lang);
	json_array_foreach(list_of(root, "models"), i, x) {
		char *p = ptr_fmt("/models/%zu/title", i);
		check_text_lang(doc, d, json_object_get(x, "title"), p, lang);
		free(p);
	}
	json_array_foreach(list_of(root, "theory_sections"), i, x) {
		char *p = ptr_fmt("/theory_sections/%zu/title", i);
		check_text_lang(doc, d, json_object_get(x, "title"), p, lang);
		free(p);
	}
	json_array_foreach(list_of(root, "regions"), i, x) {
		char *p = ptr_fmt("/regions/%zu/name", i);
		char *mp = ptr_fmt("/regions/%zu/models", i);
		const char *rid = str_of(x, "id");
		check_text_lang(doc, d, json_object_get(x, "name"), p, lang);
		check_id_list_unique(doc, d, list_of(x, "models"), mp, "operating model");
		json_array_foreach(list_of(x, "models"), j, m) {
			const char *mid = json_string_value(m);
			if (mid && !pl_strset_get(&models, mid, NULL)) {
				char *q = ptr_fmt("%s/%zu", mp, j);
				pl_json_report(doc, d, PL_DIAG_ERROR, q, 0,
					       "region '%s' pilots '%s', which is not an operating model of this series (see 'models')",
					       rid ? rid : "?", mid);
				free(q);
			}
		}
		free(p);
		free(mp);
	}
	json_array_foreach(list_of(root, "workshops"), i, x) {
		char *p = ptr_fmt("/workshops/%zu/title", i);
		const char *date = str_of(x, "date");
		check_text_lang(doc, d, json_object_get(x, "title"), p, lang);
		free(p);
		if (!date || !pl_is_date(date))
			continue;
		if (prev_date && strcmp(date, prev_date) < 0) {
			p = ptr_fmt("/workshops/%zu/date", i);
			pl_json_report(doc, d, PL_DIAG_ERROR, p, 0,
				       "workshop '%s' (%s) is dated before '%s' (%s) above it; list workshops in date order",
				       str_of(x, "id") ? str_of(x, "id") : "?", date,
				       prev_id ? prev_id : "?", prev_date);
			free(p);
		}
		prev_date = date;
		prev_id = str_of(x, "id");
	}
	pl_strset_release(&models);
	pl_strset_release(&regions);
	pl_strset_release(&workshops);
	pl_strset_release(&sections);
}

void pl_validate_pilot_doc(const pl_json_doc *doc, pl_diags *diags)
{
	pl_schema *schemas[PL_FILE_KIND_COUNT] = { 0 };
	if (load_schemas(schemas) < 0) {
		pl_diags_add(diags, PL_DIAG_ERROR, doc->path, 0, 0, NULL, "%s", pl_error_last());
		free_schemas(schemas);
		return;
	}
	pl_schema_validate(schemas[PL_FILE_PILOT], doc, diags);
	if (json_is_object(doc->root))
		check_pilot_rules(doc, diags);
	free_schemas(schemas);
}

/* ---- reference models ---------------------------------------------------- */

typedef struct {
	const char *id;
	pl_json_doc doc;
	int ok;
	pl_strset elements; /* reference core element ids */
} ref_model;

static void check_folder_id(const pl_json_doc *doc, pl_diags *d, const char *field,
			    const char *want, const char *what)
{
	const char *have = str_of(doc->root, field);
	char *p;
	if (!have || !strcmp(have, want))
		return;
	p = ptr_fmt("/%s", field);
	pl_json_report(doc, d, PL_DIAG_ERROR, p, 0,
		       "'%s' is '%s', but the file is in the folder of %s '%s'", field,
		       have, what, want);
	free(p);
}

static void check_reference_model(vctx *c, ref_model *rm)
{
	char *path = ptr_fmt("models/%s/model.json", rm->id);
	char *theory = ptr_fmt("models/%s/theory.md", rm->id);
	char *hint = ptr_fmt("'pilotti model add %s' creates it", rm->id);
	pl_strset mech = PL_STRSET_INIT, outs = PL_STRSET_INIT;

	rm->ok = load_json(c, path, PL_FILE_MODEL, &rm->doc, hint);
	if (rm->ok) {
		const json_t *r = rm->doc.root;
		check_folder_id(&rm->doc, c->d, "model", rm->id, "operating model");
		collect_ids(&rm->doc, c->d, list_of(r, "core_elements"), "/core_elements", "id",
			    "core element", &rm->elements);
		collect_ids(&rm->doc, c->d, list_of(r, "mechanisms"), "/mechanisms", "id",
			    "mechanism", &mech);
		collect_ids(&rm->doc, c->d, list_of(r, "outcomes"), "/outcomes", "id",
			    "outcome", &outs);
		check_links(&rm->doc, c->d, list_of(r, "mechanisms"), "/mechanisms", "elements",
			    "mechanism", &rm->elements, "a core element of this model");
		check_links(&rm->doc, c->d, list_of(r, "outcomes"), "/outcomes", "mechanisms",
			    "outcome", &mech, "a mechanism of this model");
	}
	check_markdown(c, theory, hint);
	pl_strset_release(&mech);
	pl_strset_release(&outs);
	free(path);
	free(theory);
	free(hint);
}

/* ---- a region's model ---------------------------------------------------- */

static void check_core_elements(vctx *c, const pl_json_doc *doc, const ref_model *rm,
				pl_strset *implemented)
{
	size_t i;
	json_t *e;

	json_array_foreach(list_of(doc->root, "core_elements"), i, e) {
		const char *id = str_of(e, "id");
		const char *adapt = str_of(e, "adaptation");
		const json_t *ref = json_object_get(e, "reference");
		char *p = ptr_fmt("/core_elements/%zu/reference", i);
		if (!id)
			id = "?";
		if (adapt && !strcmp(adapt, "own") && json_is_string(ref)) {
			pl_json_report(doc, c->d, PL_DIAG_ERROR, p, 0,
				       "core element '%s' is the region's own (adaptation 'own'), so its reference must be null",
				       id);
		} else if (adapt && strcmp(adapt, "own") != 0 && json_is_null(ref)) {
			pl_json_report(doc, c->d, PL_DIAG_ERROR, p, 0,
				       "core element '%s' is '%s', so it must name the reference core element it implements (or be 'own')",
				       id, adapt);
		} else if (json_is_string(ref)) {
			const char *rid = json_string_value(ref);
			if (rm && rm->ok && !pl_strset_get(&rm->elements, rid, NULL))
				pl_json_report(doc, c->d, PL_DIAG_ERROR, p, 0,
					       "core element '%s' names reference '%s', which is not a core element of the reference model (models/%s/model.json)",
					       id, rid, rm->id);
			else
				pl_strset_add(implemented, rid, i);
		}
		free(p);
	}
}

static void check_omitted(vctx *c, const pl_json_doc *doc, const ref_model *rm,
			  const pl_strset *implemented, pl_strset *omitted)
{
	size_t i;
	json_t *o;

	json_array_foreach(list_of(doc->root, "omitted"), i, o) {
		const char *el = str_of(o, "element");
		char *p = ptr_fmt("/omitted/%zu/element", i);
		size_t by;
		if (!el) {
			free(p);
			continue;
		}
		if (rm && rm->ok && !pl_strset_get(&rm->elements, el, NULL)) {
			pl_json_report(doc, c->d, PL_DIAG_ERROR, p, 0,
				       "'%s' is listed as omitted but is not a core element of the reference model (models/%s/model.json)",
				       el, rm->id);
		} else if (pl_strset_get(implemented, el, &by)) {
			const json_t *e = json_array_get(list_of(doc->root, "core_elements"), by);
			pl_json_report(doc, c->d, PL_DIAG_ERROR, p, 0,
				       "'%s' is listed as omitted but core element '%s' implements it",
				       el, str_of(e, "id") ? str_of(e, "id") : "?");
		} else if (!pl_strset_add(omitted, el, i)) {
			pl_json_report(doc, c->d, PL_DIAG_ERROR, p, 0,
				       "'%s' is listed as omitted twice", el);
		}
		free(p);
	}
	if (!rm || !rm->ok)
		return;
	json_array_foreach(list_of(rm->doc.root, "core_elements"), i, o) {
		const char *rid = str_of(o, "id");
		if (!rid || pl_strset_get(implemented, rid, NULL) ||
		    pl_strset_get(omitted, rid, NULL))
			continue;
		pl_json_report(doc, c->d, PL_DIAG_WARNING, "/core_elements", 1,
			       "reference core element '%s' (%s) is neither implemented nor listed in 'omitted'; a core element is not optional, so say why it is left out",
			       rid, str_of(o, "title") ? str_of(o, "title") : "");
	}
}

typedef struct {
	pl_strset elements, mechanisms, outcomes;
	int ok;
} region_ids;

static void check_logic_model(vctx *c, const char *region, const char *model,
			      const ref_model *rm, region_ids *ids)
{
	char *path = ptr_fmt("regions/%s/%s/logic-model.json", region, model);
	char *hint = ptr_fmt("'pilotti region add-model %s %s' creates it", region, model);
	pl_json_doc doc;
	pl_strset ctx = PL_STRSET_INIT, actors = PL_STRSET_INIT, res = PL_STRSET_INIT;
	pl_strset cfg = PL_STRSET_INIT, implemented = PL_STRSET_INIT, omitted = PL_STRSET_INIT;
	const json_t *r;

	ids->ok = load_json(c, path, PL_FILE_LOGIC_MODEL, &doc, hint);
	if (!ids->ok)
		goto done;
	r = doc.root;
	check_folder_id(&doc, c->d, "region", region, "region");
	check_folder_id(&doc, c->d, "model", model, "operating model");
	collect_ids(&doc, c->d, list_of(r, "context"), "/context", "id", "context item", &ctx);
	collect_ids(&doc, c->d, list_of(r, "actors"), "/actors", "id", "actor", &actors);
	collect_ids(&doc, c->d, list_of(r, "resources"), "/resources", "id", "resource", &res);
	collect_ids(&doc, c->d, list_of(r, "core_elements"), "/core_elements", "id",
		    "core element", &ids->elements);
	collect_ids(&doc, c->d, list_of(r, "mechanisms"), "/mechanisms", "id", "mechanism",
		    &ids->mechanisms);
	collect_ids(&doc, c->d, list_of(r, "outcomes"), "/outcomes", "id", "outcome",
		    &ids->outcomes);
	collect_ids(&doc, c->d, list_of(r, "configurations"), "/configurations", "id",
		    "configuration", &cfg);
	check_core_elements(c, &doc, rm, &implemented);
	check_omitted(c, &doc, rm, &implemented, &omitted);
	check_links(&doc, c->d, list_of(r, "mechanisms"), "/mechanisms", "elements",
		    "mechanism", &ids->elements, "a core element of this logic model");
	check_links(&doc, c->d, list_of(r, "outcomes"), "/outcomes", "mechanisms",
		    "outcome", &ids->mechanisms, "a mechanism of this logic model");
	check_links(&doc, c->d, list_of(r, "configurations"), "/configurations", "context",
		    "configuration", &ctx, "a context item of this logic model");
	check_links(&doc, c->d, list_of(r, "configurations"), "/configurations", "mechanisms",
		    "configuration", &ids->mechanisms, "a mechanism of this logic model");
	check_links(&doc, c->d, list_of(r, "configurations"), "/configurations", "outcomes",
		    "configuration", &ids->outcomes, "an outcome of this logic model");
done:
	pl_json_doc_release(&doc);
	pl_strset_release(&ctx);
	pl_strset_release(&actors);
	pl_strset_release(&res);
	pl_strset_release(&cfg);
	pl_strset_release(&implemented);
	pl_strset_release(&omitted);
	free(path);
	free(hint);
}

static void check_rated_once(vctx *c, const pl_json_doc *doc, const char *list,
			     const char *field, const pl_strset *known, int known_ok,
			     const char *what, const char *lm_path)
{
	pl_strset seen = PL_STRSET_INIT;
	size_t i;
	json_t *x;

	json_array_foreach(list_of(doc->root, list), i, x) {
		const char *id = str_of(x, field);
		char *p = ptr_fmt("/%s/%zu/%s", list, i, field);
		if (id && known_ok && !pl_strset_get(known, id, NULL))
			pl_json_report(doc, c->d, PL_DIAG_ERROR, p, 0,
				       "'%s' is not %s in %s", id, what, lm_path);
		else if (id && !pl_strset_add(&seen, id, i))
			pl_json_report(doc, c->d, PL_DIAG_ERROR, p, 0,
				       "'%s' is assessed twice", id);
		free(p);
	}
	pl_strset_release(&seen);
}

static void check_evaluation(vctx *c, const char *region, const char *model,
			     const region_ids *ids)
{
	char *path = ptr_fmt("regions/%s/%s/evaluation.json", region, model);
	char *lm = ptr_fmt("regions/%s/%s/logic-model.json", region, model);
	char *hint = ptr_fmt("'pilotti region add-model %s %s' creates it", region, model);
	pl_json_doc doc;
	pl_strset cons = PL_STRSET_INIT, other = PL_STRSET_INIT;

	if (load_json(c, path, PL_FILE_EVALUATION, &doc, hint)) {
		check_folder_id(&doc, c->d, "region", region, "region");
		check_folder_id(&doc, c->d, "model", model, "operating model");
		check_rated_once(c, &doc, "fidelity", "element", &ids->elements, ids->ok,
				 "a core element", lm);
		check_rated_once(c, &doc, "outcomes", "outcome", &ids->outcomes, ids->ok,
				 "an expected outcome", lm);
		collect_ids(&doc, c->d, list_of(doc.root, "other_consequences"),
			    "/other_consequences", "id", "consequence", &cons);
		collect_ids(&doc, c->d, list_of(json_object_get(doc.root, "data"), "other"),
			    "/data/other", "id", "material", &other);
	}
	pl_json_doc_release(&doc);
	pl_strset_release(&cons);
	pl_strset_release(&other);
	free(path);
	free(lm);
	free(hint);
}

/* ---- folders --------------------------------------------------------------- */

/*
 * Reports what folder dir holds beyond what the series declares: a
 * sub-folder not in known is an error (what names it), any other entry not
 * named in files a warning.
 */
static void check_folder(vctx *c, const char *dir, const pl_strset *known,
			 const char *what, const char *const *files)
{
	pl_entries e;
	int rc = pl_source_list(c->src, dir, &e);

	if (rc == PL_ENOTFOUND)
		return;
	if (rc < 0) {
		pl_diags_add(c->d, PL_DIAG_ERROR, dir, 0, 0, NULL, "%s", pl_error_last());
		if (rc != PL_EINVALID && !c->io_error)
			c->io_error = rc;
		return;
	}
	for (size_t i = 0; i < e.count; i++) {
		const char *name = e.items[i].name;
		char *path = ptr_fmt("%s/%s", dir, name);
		int listed = 0;
		for (const char *const *f = files; f && *f; f++)
			listed |= !strcmp(*f, name);
		if (listed)
			; /* reading it reports what is wrong with it */
		else if (e.items[i].type == PL_ENTRY_OTHER && known && pl_strset_get(known, name, NULL))
			; /* a declared folder that is a link: its check reports it */
		else if (e.items[i].type == PL_ENTRY_OTHER)
			pl_diags_add(c->d, PL_DIAG_ERROR, path, 0, 0, NULL,
				     "is a symbolic link or a special file; a series holds only plain files and folders");
		else if (e.items[i].type == PL_ENTRY_DIR && known &&
		    !pl_strset_get(known, name, NULL))
			pl_diags_add(c->d, PL_DIAG_ERROR, path, 0, 0, NULL,
				     "folder '%s' is not %s in pilot.json", name, what);
		else if (e.items[i].type != PL_ENTRY_DIR)
			pl_diags_add(c->d, PL_DIAG_WARNING, path, 0, 0, NULL,
				     "unexpected file; pilotti does not read it");
		else if (!known)
			pl_diags_add(c->d, PL_DIAG_WARNING, path, 0, 0, NULL,
				     "unexpected folder; pilotti does not read it");
		free(path);
	}
	pl_entries_release(&e);
}

static const char *const model_files[] = { "model.json", "theory.md", NULL };
static const char *const region_files[] = { "logic-model.json", "program-theory.md",
					    "evaluation.json", NULL };

static ref_model *find_ref(ref_model *refs, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(refs[i].id, id))
			return &refs[i];
	return NULL;
}

static void check_regions(vctx *c, const json_t *pilot, ref_model *refs, size_t nrefs)
{
	pl_strset region_ids_set = PL_STRSET_INIT;
	size_t i, j;
	json_t *r, *m;

	json_array_foreach(list_of(pilot, "regions"), i, r) {
		const char *rid = str_of(r, "id");
		pl_strset models = PL_STRSET_INIT;
		char *dir;
		if (!pl_is_id(rid) || !pl_strset_add(&region_ids_set, rid, i))
			continue;
		dir = ptr_fmt("regions/%s", rid);
		{
			/* A folder that is a link is reported once, not per file. */
			pl_entries probe;
			int lr = pl_source_list(c->src, dir, &probe);
			if (lr == 0)
				pl_entries_release(&probe);
			if (lr == PL_EINVALID) {
				pl_diags_add(c->d, PL_DIAG_ERROR, dir, 0, 0, NULL, "%s", pl_error_last());
				pl_strset_release(&models);
				free(dir);
				continue;
			}
		}
		json_array_foreach(list_of(r, "models"), j, m) {
			const char *mid = json_string_value(m);
			region_ids ids = { PL_STRSET_INIT, PL_STRSET_INIT, PL_STRSET_INIT, 0 };
			char *sub, *theory, *hint;
			if (!pl_is_id(mid) || !pl_strset_add(&models, mid, j))
				continue;
			/* A region may pilot only declared models; pilot.json's
			 * check reports the others. */
			if (!find_ref(refs, nrefs, mid))
				continue;
			check_logic_model(c, rid, mid, find_ref(refs, nrefs, mid), &ids);
			check_evaluation(c, rid, mid, &ids);
			theory = ptr_fmt("regions/%s/%s/program-theory.md", rid, mid);
			hint = ptr_fmt("'pilotti region add-model %s %s' creates it", rid, mid);
			check_markdown(c, theory, hint);
			sub = ptr_fmt("%s/%s", dir, mid);
			check_folder(c, sub, NULL, NULL, region_files);
			free(sub);
			free(theory);
			free(hint);
			pl_strset_release(&ids.elements);
			pl_strset_release(&ids.mechanisms);
			pl_strset_release(&ids.outcomes);
		}
		check_folder(c, dir, &models, "an operating model this region pilots", NULL);
		pl_strset_release(&models);
		free(dir);
	}
	check_folder(c, "regions", &region_ids_set, "a region", NULL);
	pl_strset_release(&region_ids_set);
}

void pl_series_stats_release(pl_series_stats *stats)
{
	free(stats->id);
	memset(stats, 0, sizeof(*stats));
}

static void fill_stats(const json_t *pilot, pl_series_stats *st)
{
	size_t i;
	json_t *r;
	st->id = str_of(pilot, "id") ? pl_strdup(str_of(pilot, "id")) : NULL;
	st->models = json_array_size(list_of(pilot, "models"));
	st->regions = json_array_size(list_of(pilot, "regions"));
	st->workshops = json_array_size(list_of(pilot, "workshops"));
	json_array_foreach(list_of(pilot, "regions"), i, r)
		st->region_models += json_array_size(list_of(r, "models"));
}

int pl_validate_series(pl_source *src, pl_diags *diags, pl_series_stats *stats)
{
	vctx c = { 0 };
	pl_json_doc pilot;
	ref_model *refs = NULL;
	size_t nrefs = 0, i;
	pl_strset model_ids = PL_STRSET_INIT;
	json_t *m;
	int rc;

	c.src = src;
	c.d = diags;
	pl_buf_init(&c.buf);
	if ((rc = load_schemas(c.schemas)) < 0)
		goto done;
	if (!load_json(&c, "pilot.json", PL_FILE_PILOT, &pilot,
		       "this is no pilot series ('pilotti init' creates one)")) {
		pl_json_doc_release(&pilot);
		goto done;
	}
	check_pilot_rules(&pilot, diags);
	prepare_privacy(&c, &pilot);
	if (stats)
		fill_stats(pilot.root, stats);
	c.lang = str_of(pilot.root, "language");
	if (!c.lang)
		c.lang = "fi";
	c.sections = list_of(pilot.root, "theory_sections");

	refs = pl_calloc(json_array_size(list_of(pilot.root, "models")) + 1, sizeof(*refs));
	json_array_foreach(list_of(pilot.root, "models"), i, m) {
		const char *mid = str_of(m, "id");
		if (!pl_is_id(mid) || !pl_strset_add(&model_ids, mid, i))
			continue;
		refs[nrefs].id = mid;
		check_reference_model(&c, &refs[nrefs]);
		{
			char *dir = ptr_fmt("models/%s", mid);
			check_folder(&c, dir, NULL, NULL, model_files);
			free(dir);
		}
		nrefs++;
	}
	check_folder(&c, "models", &model_ids, "an operating model", NULL);
	check_regions(&c, pilot.root, refs, nrefs);

	for (i = 0; i < nrefs; i++) {
		pl_json_doc_release(&refs[i].doc);
		pl_strset_release(&refs[i].elements);
	}
	free(refs);
	pl_json_doc_release(&pilot);
done:
	pl_strset_release(&model_ids);
	pl_strset_release(&c.known_emails);
	pl_strset_release(&c.public_contacts);
	free_schemas(c.schemas);
	pl_buf_release(&c.buf);
	pl_diags_sort(diags);
	if (rc == 0 && c.io_error)
		rc = c.io_error;
	return rc;
}
