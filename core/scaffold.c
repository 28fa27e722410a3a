#include "scaffold.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>

#include "error.h"
#include "json.h"
#include "pilot.h"
#include "markdown.h"
#include "repo.h"
#include "schema.h"
#include "templates.h"
#include "validate.h"

struct pl_series {
	char *root;
	json_t *pilot;
};

int pl_canonical_json(int kind, const json_t *value, pl_buf *out)
{
	pl_schema *schema = NULL;
	json_t *ordered;
	int rc;

	if ((rc = pl_schema_load_kind(&schema, (pl_file_kind)kind)) < 0)
		return rc;
	ordered = pl_schema_canonical(schema, value);
	rc = pl_json_dump(ordered, out);
	json_decref(ordered);
	pl_schema_free(schema);
	return rc;
}

/* Loads a skeleton from templates/scaffold (new reference). */
static json_t *skeleton(const char *name)
{
	const pl_template *t = pl_template_find(name);
	json_t *v = t ? json_loadb(t->data, t->len, 0, NULL) : NULL;
	if (!v)
		pl_error_set(PL_ERROR, "template '%s' is missing from this build", name);
	return v;
}

static json_t *text_json(const pl_text *t)
{
	json_t *o = json_object();
	if (t->fi)
		json_object_set_new(o, "fi", json_string(t->fi));
	if (t->sv)
		json_object_set_new(o, "sv", json_string(t->sv));
	if (t->en)
		json_object_set_new(o, "en", json_string(t->en));
	return o;
}

static json_t *person_json(const pl_person *p)
{
	return json_pack("{s:s, s:s}", "name", p->name, "email", p->email);
}

/* json_string fails on invalid UTF-8: say so instead of crashing later. */
static int check_utf8_args(const char *const *strings, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *j = strings[i] ? json_string(strings[i]) : NULL;
		if (strings[i] && !j)
			return pl_error_set(PL_EUSAGE, "'%s' is not valid UTF-8 text", strings[i]);
		json_decref(j);
	}
	return 0;
}

static int check_text_utf8(const pl_text *t)
{
	const char *s[3] = { t->fi, t->sv, t->en };
	return check_utf8_args(s, 3);
}

/* Checks the changed pilot.json; on errors, nothing may be written.  The
 * findings are added to diags. */
static int check_pilot(const json_t *pilot, pl_diags *diags)
{
	pl_buf text = PL_BUF_INIT;
	pl_diags found = PL_DIAGS_INIT;
	pl_json_doc doc;
	int rc;

	if ((rc = pl_canonical_json(PL_FILE_PILOT, pilot, &text)) < 0)
		goto done;
	if (pl_json_doc_load(&doc, "pilot.json", text.ptr, text.len, &found) == 0)
		pl_validate_pilot_doc(&doc, &found);
	pl_json_doc_release(&doc);
	if (pl_diags_count(&found, PL_DIAG_ERROR) > 0)
		rc = pl_error_set(PL_EINVALID, "the change would make pilot.json invalid");
	for (size_t i = 0; i < found.count; i++) {
		const pl_diag *x = &found.items[i];
		pl_diags_add(diags, x->severity, x->path, x->line, x->col, x->pointer, "%s",
			     x->message);
	}
	pl_diags_sort(diags);
done:
	pl_diags_release(&found);
	pl_buf_release(&text);
	return rc;
}

static char *series_path(const pl_series *s, const char *rel)
{
	return pl_strfmt("%s/%s", s->root, rel);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* Writes a JSON file of kind at rel below root, refusing to overwrite. */
static int write_new_json(const char *root, const char *rel, int kind,
			  const json_t *value, pl_strlist *written)
{
	char *full = pl_strfmt("%s/%s", root, rel);
	pl_buf text = PL_BUF_INIT;
	int rc;

	if (exists(full)) {
		rc = pl_error_set(PL_EEXISTS, "'%s' already exists; pilotti does not overwrite it", rel);
		goto done;
	}
	if ((rc = pl_path_no_links(root, rel)) == PL_EINVALID)
		goto done;
	if ((rc = pl_canonical_json(kind, value, &text)) < 0)
		goto done;
	if ((rc = pl_write_file(full, text.ptr, text.len)) < 0)
		goto done;
	if (written)
		pl_strlist_add(written, rel);
done:
	pl_buf_release(&text);
	free(full);
	return rc;
}

static int write_new_text(const char *root, const char *rel, const char *data,
			  size_t len, pl_strlist *written)
{
	char *full = pl_strfmt("%s/%s", root, rel);
	int rc;

	if (exists(full))
		rc = pl_error_set(PL_EEXISTS, "'%s' already exists; pilotti does not overwrite it", rel);
	else if ((rc = pl_path_no_links(root, rel)) == PL_EINVALID)
		;
	else if ((rc = pl_write_file(full, data, len)) == 0 && written)
		pl_strlist_add(written, rel);
	free(full);
	return rc;
}

static int save_pilot(pl_series *s, json_t *pilot)
{
	char *full = series_path(s, "pilot.json");
	pl_buf text = PL_BUF_INIT;
	int rc;

	if ((rc = pl_path_no_links(s->root, "pilot.json")) == 0 &&
	    (rc = pl_canonical_json(PL_FILE_PILOT, pilot, &text)) == 0)
		rc = pl_write_file(full, text.ptr, text.len);
	if (rc == 0) {
		json_decref(s->pilot);
		s->pilot = json_incref(pilot);
	}
	pl_buf_release(&text);
	free(full);
	return rc;
}

/* ---- init -------------------------------------------------------------------- */

static int dir_is_empty_or_missing(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;
	if (!d)
		return errno == ENOENT;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

int pl_series_init(const char *dir, const pl_init_options *opts, git_oid *commit,
		   pl_strlist *written, pl_diags *diags)
{
	static const char *const schemas[] = {
		"schemas/pilot.schema.json", "schemas/model.schema.json",
		"schemas/logic-model.schema.json", "schemas/evaluation.schema.json",
	};
	json_t *pilot = NULL;
	pl_strlist files = PL_STRLIST_INIT;
	pl_buf msg = PL_BUF_INIT;
	const pl_template *ga;
	git_signature *own = NULL;
	const git_signature *author = opts->author;
	int rc;

	if ((rc = check_text_utf8(&opts->title)) < 0 ||
	    (rc = check_utf8_args(&opts->id, 1)) < 0)
		return rc;
	/* An unknown language is reported by the schema check below. */
	if (!opts->language)
		return pl_error_set(PL_EUSAGE, "no main language given");
	if ((rc = check_utf8_args(&opts->language, 1)) < 0)
		return rc;
	if (!pl_is_id(opts->id))
		return pl_error_set(PL_EUSAGE,
				    "'%s' cannot be the series' id: use lowercase letters a-z, digits and "
				    "hyphens, at most 64 characters (give one with --id)",
				    opts->id);
	if (!dir_is_empty_or_missing(dir))
		return pl_error_set(PL_EEXISTS, "'%s' already exists and is not empty", dir);
	if (!author) {
		if ((rc = pl_signature_default(NULL, &own)) < 0)
			return rc;
		author = own;
	}
	if (!(pilot = skeleton("scaffold/pilot.json"))) {
		git_signature_free(own);
		return PL_ERROR;
	}
	json_object_set_new(pilot, "id", json_string(opts->id));
	json_object_set_new(pilot, "title", text_json(&opts->title));
	json_object_set_new(pilot, "language", json_string(opts->language));
	/* Whoever starts the series runs it: without a first facilitator
	 * nobody could commit the next revision. */
	{
		pl_person first = { author->name, author->email };
		json_t *who = person_json(&first);
		if (!who) {
			rc = pl_error_set(PL_EUSAGE, "'%s <%s>' is not valid UTF-8 text", author->name, author->email);
			goto done;
		}
		json_array_append_new(json_object_get(pilot, "facilitators"), who);
	}
	if ((rc = check_pilot(pilot, diags)) < 0)
		goto done;
	if ((rc = pl_mkdirs(dir)) < 0)
		goto done;
	if ((rc = write_new_json(dir, "pilot.json", PL_FILE_PILOT, pilot, &files)) < 0)
		goto done;
	for (size_t i = 0; i < sizeof(schemas) / sizeof(*schemas); i++) {
		const pl_template *t = pl_template_find(schemas[i]);
		if (!t) {
			rc = pl_error_set(PL_ERROR, "'%s' is missing from this build", schemas[i]);
			goto done;
		}
		if ((rc = write_new_text(dir, schemas[i], t->data, t->len, &files)) < 0)
			goto done;
	}
	ga = pl_template_find("scaffold/gitattributes");
	if (ga && (rc = write_new_text(dir, ".gitattributes", ga->data, ga->len, &files)) < 0)
		goto done;
	pl_buf_printf(&msg, "Start the series %s\n\nCreated by pilotti init.\n", opts->id);
	rc = pl_repo_create(dir, (const char *const *)files.items, files.count, msg.ptr,
			    author, commit);
	for (size_t i = 0; rc == 0 && written && i < files.count; i++)
		pl_strlist_add(written, files.items[i]);
done:
	git_signature_free(own);
	json_decref(pilot);
	pl_strlist_release(&files);
	pl_buf_release(&msg);
	return rc;
}

/* ---- an open series ----------------------------------------------------------- */

int pl_series_open(pl_series **out, const char *root, pl_diags *diags)
{
	pl_source *src = NULL;
	json_t *pilot = NULL;
	int rc;

	*out = NULL;
	if ((rc = pl_source_open_dir(&src, root)) < 0)
		return rc;
	if ((rc = pl_pilot_load(&pilot, src, diags)) == 0) {
		*out = pl_calloc(1, sizeof(**out));
		(*out)->root = pl_strdup(root);
		(*out)->pilot = pilot;
	}
	pl_source_free(src);
	return rc;
}

const char *pl_series_language(const pl_series *s)
{
	return pl_pilot_language(s->pilot);
}

void pl_series_free(pl_series *s)
{
	if (!s)
		return;
	json_decref(s->pilot);
	free(s->root);
	free(s);
}

/* Appends item to the list called key of a copy of the series' pilot.json
 * and checks it; returns the copy (new reference) or NULL. */
static json_t *pilot_with(pl_series *s, const char *key, json_t *item, pl_diags *diags)
{
	json_t *pilot;
	json_t *list = json_object_get(s->pilot, key);
	if (list && !json_is_array(list)) {
		json_decref(item);
		pl_error_set(PL_EINVALID, "'%s' in pilot.json must be a list; correct it first", key);
		return NULL;
	}
	if (!item) {
		pl_error_set(PL_ERROR, "cannot build the new entry");
		return NULL;
	}
	pilot = json_deep_copy(s->pilot);
	list = json_object_get(pilot, key);
	if (!list) {
		list = json_array();
		json_object_set_new(pilot, key, list);
	}
	json_array_append_new(list, item);
	if (check_pilot(pilot, diags) < 0) {
		json_decref(pilot);
		return NULL;
	}
	return pilot;
}

static int refuse_if_listed(const json_t *pilot, const char *key, const char *id,
			    const char *what)
{
	if (pl_pilot_find(json_object_get(pilot, key), id))
		return pl_error_set(PL_EEXISTS, "%s '%s' is already in pilot.json", what, id);
	return 0;
}

static void theory_skeleton(const json_t *pilot, const char *heading, pl_buf *out)
{
	const char *lang = pl_pilot_language(pilot);
	size_t i;
	json_t *sec;
	pl_buf_printf(out, "# %s\n", heading);
	json_array_foreach(json_object_get(pilot, "theory_sections"), i, sec)
		pl_buf_printf(out, "\n## %s\n", pl_pilot_text(json_object_get(sec, "title"), lang));
}

int pl_series_add_model(pl_series *s, const char *id, const pl_text *title,
			pl_strlist *written, pl_diags *diags)
{
	json_t *pilot = NULL, *model = NULL;
	char *model_path = NULL, *theory_path = NULL, *full = NULL;
	pl_buf theory = PL_BUF_INIT;
	int rc;

	if ((rc = check_text_utf8(title)) < 0 || (rc = check_utf8_args(&id, 1)) < 0)
		return rc;
	if ((rc = refuse_if_listed(s->pilot, "models", id, "operating model")) < 0)
		return rc;
	if (!(pilot = pilot_with(s, "models",
				 json_pack("{s:s, s:o}", "id", id, "title", text_json(title)),
				 diags)))
		return PL_EINVALID;
	model_path = pl_strfmt("models/%s/model.json", id);
	theory_path = pl_strfmt("models/%s/theory.md", id);
	full = pl_strfmt("%s/models/%s", s->root, id);
	if (exists(full)) {
		rc = pl_error_set(PL_EEXISTS, "folder 'models/%s' already exists", id);
		goto done;
	}
	if (!(model = skeleton("scaffold/model.json"))) {
		rc = PL_ERROR;
		goto done;
	}
	json_object_set_new(model, "model", json_string(id));
	theory_skeleton(pilot, pl_pilot_text(json_object_get(pl_pilot_find(json_object_get(pilot, "models"), id), "title"),
				       pl_pilot_language(pilot)), &theory);
	if ((rc = write_new_json(s->root, model_path, PL_FILE_MODEL, model, written)) < 0 ||
	    (rc = write_new_text(s->root, theory_path, theory.ptr, theory.len, written)) < 0 ||
	    (rc = save_pilot(s, pilot)) < 0)
		goto done;
	if (written)
		pl_strlist_add(written, "pilot.json");
done:
	json_decref(pilot);
	json_decref(model);
	pl_buf_release(&theory);
	free(model_path);
	free(theory_path);
	free(full);
	return rc;
}

static int schema_ok(int kind, const pl_json_doc *doc, pl_diags *diags)
{
	pl_schema *schema = NULL;
	size_t n;
	if (pl_schema_load_kind(&schema, (pl_file_kind)kind) < 0)
		return 0;
	n = pl_schema_validate(schema, doc, diags);
	pl_schema_free(schema);
	return n == 0;
}

/* Reads a JSON file of the series and checks it against its schema (new
 * reference, or NULL with findings or an error message). */
static json_t *read_json_file(const char *root, const char *rel, int kind, pl_diags *diags)
{
	pl_source *src = NULL;
	pl_json_doc doc = { 0 };
	json_t *v = NULL;
	int rc;

	if (pl_source_open_dir(&src, root) < 0)
		return NULL;
	rc = pl_json_doc_read(&doc, src, rel, diags);
	if (rc == 0 && schema_ok(kind, &doc, diags))
		v = json_incref(doc.root);
	else if (rc == 0 || rc == PL_EINVALID)
		pl_error_set(PL_EINVALID, "'%s' cannot be read; correct it first", rel);
	pl_json_doc_release(&doc);
	pl_source_free(src);
	return v;
}

static json_t *copy_fields(const json_t *from, const char *const *keys)
{
	json_t *o = json_object();
	for (; *keys; keys++) {
		json_t *v = json_object_get(from, *keys);
		if (v)
			json_object_set_new(o, *keys, json_deep_copy(v));
	}
	return o;
}

/*
 * Builds the three files of region/model from the reference model and
 * appends their paths and texts to paths and texts; writes nothing, so
 * that a change touching several models is checked whole before the first
 * write.
 */
static int prepare_region_files(pl_series *s, const json_t *pilot, const char *region,
				const char *model, pl_strlist *paths, pl_strlist *texts,
				pl_diags *diags)
{
	static const char *const mech_keys[] = { "id", "title", "description", "elements", NULL };
	static const char *const out_keys[] = { "id", "title", "description", "mechanisms", "horizon", NULL };
	char *ref_path = pl_strfmt("models/%s/model.json", model);
	char *theory_ref = pl_strfmt("models/%s/theory.md", model);
	char *folder = pl_strfmt("%s/regions/%s/%s", s->root, region, model);
	json_t *ref = NULL, *lm = NULL, *ev = NULL;
	pl_buf theory = PL_BUF_INIT, text = PL_BUF_INIT;
	pl_source *src = NULL;
	size_t i, size = 0;
	json_t *x;
	int rc = 0;

	if (exists(folder)) {
		rc = pl_error_set(PL_EEXISTS, "folder 'regions/%s/%s' already exists", region, model);
		goto done;
	}
	if (!(ref = read_json_file(s->root, ref_path, PL_FILE_MODEL, diags))) {
		rc = pl_error_set(PL_EINVALID,
				  "cannot read the reference model '%s': %s", ref_path, pl_error_last());
		goto done;
	}
	if (!(lm = skeleton("scaffold/logic-model.json")) ||
	    !(ev = skeleton("scaffold/evaluation.json"))) {
		rc = PL_ERROR;
		goto done;
	}
	json_object_set_new(lm, "region", json_string(region));
	json_object_set_new(lm, "model", json_string(model));
	json_object_set_new(ev, "region", json_string(region));
	json_object_set_new(ev, "model", json_string(model));
	/* The reference model passed its schema, so every field used here is
	 * there; a failure would still refuse rather than drop an element. */
	json_array_foreach(json_object_get(ref, "core_elements"), i, x) {
		json_t *id = json_object_get(x, "id");
		if (json_array_append_new(json_object_get(lm, "core_elements"),
					  json_pack("{s:O, s:O, s:O, s:O, s:s}", "id", id,
						    "title", json_object_get(x, "title"),
						    "description", json_object_get(x, "description"),
						    "reference", id, "adaptation", "as-is")) < 0 ||
		    json_array_append_new(json_object_get(ev, "fidelity"),
					  json_pack("{s:O, s:n}", "element", id, "rating")) < 0) {
			rc = pl_error_set(PL_ERROR, "cannot copy the reference model's core elements");
			goto done;
		}
	}
	json_array_foreach(json_object_get(ref, "mechanisms"), i, x)
		json_array_append_new(json_object_get(lm, "mechanisms"), copy_fields(x, mech_keys));
	json_array_foreach(json_object_get(ref, "outcomes"), i, x) {
		json_array_append_new(json_object_get(lm, "outcomes"), copy_fields(x, out_keys));
		if (json_array_append_new(json_object_get(ev, "outcomes"),
					  json_pack("{s:O, s:s}", "outcome", json_object_get(x, "id"),
						    "status", "not-assessed")) < 0) {
			rc = pl_error_set(PL_ERROR, "cannot copy the reference model's outcomes");
			goto done;
		}
	}
	/* The region's program theory starts from the reference's. */
	if ((rc = pl_source_open_dir(&src, s->root)) < 0)
		goto done;
	rc = pl_source_read(src, theory_ref, PL_MARKDOWN_MAX_SIZE, &theory, &size);
	if (rc == PL_ENOTFOUND || (rc == 0 && size > PL_MARKDOWN_MAX_SIZE)) {
		const json_t *r = pl_pilot_find(json_object_get(pilot, "regions"), region);
		const json_t *m = pl_pilot_find(json_object_get(pilot, "models"), model);
		char *heading = pl_strfmt("%s – %s", pl_pilot_text(json_object_get(r, "name"), pl_pilot_language(pilot)),
					  pl_pilot_text(json_object_get(m, "title"), pl_pilot_language(pilot)));
		pl_buf_clear(&theory);
		theory_skeleton(pilot, heading, &theory);
		free(heading);
		rc = 0;
	} else if (rc < 0) {
		goto done;
	}
	if ((rc = pl_canonical_json(PL_FILE_LOGIC_MODEL, lm, &text)) < 0)
		goto done;
	pl_strlist_add_owned(paths, pl_strfmt("regions/%s/%s/logic-model.json", region, model));
	pl_strlist_add_owned(texts, pl_buf_detach(&text));
	pl_strlist_add_owned(paths, pl_strfmt("regions/%s/%s/program-theory.md", region, model));
	pl_strlist_add_owned(texts, pl_buf_detach(&theory));
	if ((rc = pl_canonical_json(PL_FILE_EVALUATION, ev, &text)) < 0)
		goto done;
	pl_strlist_add_owned(paths, pl_strfmt("regions/%s/%s/evaluation.json", region, model));
	pl_strlist_add_owned(texts, pl_buf_detach(&text));
done:
	json_decref(ref);
	json_decref(lm);
	json_decref(ev);
	pl_buf_release(&theory);
	pl_buf_release(&text);
	pl_source_free(src);
	free(ref_path);
	free(theory_ref);
	free(folder);
	return rc;
}

static int write_prepared(const pl_series *s, const pl_strlist *paths,
			  const pl_strlist *texts, pl_strlist *written)
{
	for (size_t i = 0; i < paths->count; i++) {
		int rc = write_new_text(s->root, paths->items[i], texts->items[i],
					strlen(texts->items[i]), written);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int pl_series_add_region(pl_series *s, const char *id, const pl_text *name,
			 const char *const *models, size_t nmodels,
			 const pl_person *maintainers, size_t nmaintainers,
			 pl_strlist *written, pl_diags *diags)
{
	json_t *pilot = NULL, *region, *mlist, *plist;
	pl_strlist paths = PL_STRLIST_INIT, texts = PL_STRLIST_INIT;
	int rc;

	if ((rc = check_text_utf8(name)) < 0 || (rc = check_utf8_args(&id, 1)) < 0 ||
	    (rc = check_utf8_args(models, nmodels)) < 0)
		return rc;
	for (size_t i = 0; i < nmaintainers; i++)
		if ((rc = check_utf8_args(&maintainers[i].name, 1)) < 0 ||
		    (rc = check_utf8_args(&maintainers[i].email, 1)) < 0)
			return rc;
	if ((rc = refuse_if_listed(s->pilot, "regions", id, "region")) < 0)
		return rc;
	mlist = json_array();
	for (size_t i = 0; i < nmodels; i++)
		json_array_append_new(mlist, json_string(models[i]));
	plist = json_array();
	for (size_t i = 0; i < nmaintainers; i++)
		json_array_append_new(plist, person_json(&maintainers[i]));
	region = json_pack("{s:s, s:o, s:o, s:o}", "id", id, "name", text_json(name),
			   "models", mlist, "maintainers", plist);
	if (!(pilot = pilot_with(s, "regions", region, diags)))
		return PL_EINVALID;
	for (size_t i = 0; i < nmodels; i++)
		if ((rc = prepare_region_files(s, pilot, id, models[i], &paths, &texts, diags)) < 0)
			goto done;
	if ((rc = write_prepared(s, &paths, &texts, written)) < 0)
		goto done;
	if ((rc = save_pilot(s, pilot)) == 0 && written)
		pl_strlist_add(written, "pilot.json");
done:
	pl_strlist_release(&paths);
	pl_strlist_release(&texts);
	json_decref(pilot);
	return rc;
}

int pl_series_add_region_model(pl_series *s, const char *region, const char *model,
			       pl_strlist *written, pl_diags *diags)
{
	json_t *pilot = json_deep_copy(s->pilot);
	json_t *r = pl_pilot_find(json_object_get(pilot, "regions"), region);
	json_t *models = json_object_get(r, "models");
	pl_strlist paths = PL_STRLIST_INIT, texts = PL_STRLIST_INIT;
	size_t i;
	json_t *x;
	int listed = 0, rc;

	if (!r) {
		rc = pl_error_set(PL_ENOTFOUND, "there is no region '%s' in pilot.json", region);
		goto done;
	}
	if (!pl_pilot_find(json_object_get(pilot, "models"), model)) {
		rc = pl_error_set(PL_ENOTFOUND, "there is no operating model '%s' in pilot.json", model);
		goto done;
	}
	if (models && !json_is_array(models)) {
		rc = pl_error_set(PL_EINVALID,
				  "the models of region '%s' in pilot.json must be a list; correct it first",
				  region);
		goto done;
	}
	json_array_foreach(models, i, x)
		listed |= json_is_string(x) && !strcmp(json_string_value(x), model);
	if (!listed) {
		if (!models) {
			models = json_array();
			json_object_set_new(r, "models", models);
		}
		json_array_append_new(models, json_string(model));
	}
	if ((rc = check_pilot(pilot, diags)) < 0)
		goto done;
	if ((rc = prepare_region_files(s, pilot, region, model, &paths, &texts, diags)) < 0 ||
	    (rc = write_prepared(s, &paths, &texts, written)) < 0)
		goto done;
	if (!listed && (rc = save_pilot(s, pilot)) == 0 && written)
		pl_strlist_add(written, "pilot.json");
done:
	pl_strlist_release(&paths);
	pl_strlist_release(&texts);
	json_decref(pilot);
	return rc;
}

int pl_series_add_workshop(pl_series *s, const char *id, const char *date,
			   const pl_text *title, pl_diags *diags)
{
	json_t *pilot;
	int rc;

	if ((rc = check_text_utf8(title)) < 0 || (rc = check_utf8_args(&id, 1)) < 0 ||
	    (rc = check_utf8_args(&date, 1)) < 0)
		return rc;
	if ((rc = refuse_if_listed(s->pilot, "workshops", id, "workshop")) < 0)
		return rc;
	if (!(pilot = pilot_with(s, "workshops",
				 json_pack("{s:s, s:s, s:o}", "id", id, "date", date, "title",
					   text_json(title)),
				 diags)))
		return PL_EINVALID;
	rc = save_pilot(s, pilot);
	json_decref(pilot);
	return rc;
}

int pl_series_add_facilitator(pl_series *s, const pl_person *who, pl_diags *diags)
{
	json_t *pilot;
	size_t i;
	json_t *x;
	int rc;

	if ((rc = check_utf8_args(&who->name, 1)) < 0 || (rc = check_utf8_args(&who->email, 1)) < 0)
		return rc;
	json_array_foreach(json_object_get(s->pilot, "facilitators"), i, x) {
		const char *e = json_string_value(json_object_get(x, "email"));
		if (e && !strcmp(e, who->email))
			return pl_error_set(PL_EEXISTS, "'%s' is already a facilitator", who->email);
	}
	if (!(pilot = pilot_with(s, "facilitators", person_json(who), diags)))
		return PL_EINVALID;
	rc = save_pilot(s, pilot);
	json_decref(pilot);
	return rc;
}
