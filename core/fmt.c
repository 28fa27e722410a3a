#include "fmt.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "json.h"
#include "repo.h"
#include "scaffold.h"
#include "source.h"
#include "validate.h"

/* True if value holds a decimal number anywhere. */
static int has_real(const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_real(v))
		return 1;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, x)
			if (has_real(x))
				return 1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (has_real(x))
				return 1;
	}
	return 0;
}

int pl_fmt_text(const char *path, const char *data, size_t len, pl_buf *out,
		pl_diags *diags)
{
	int kind = pl_file_kind_of(path);
	pl_json_doc doc;
	int rc;

	if (kind < 0)
		return pl_error_set(PL_EUSAGE, "'%s' is not a JSON file of a pilot series", path);
	if (pl_json_doc_load(&doc, path, data, len, diags) < 0) {
		pl_json_doc_release(&doc);
		return PL_EINVALID;
	}
	/* Jansson would write decimals back in another form (0.1 becomes
	 * 0.10000000000000001): leave such a file as it is. */
	if (has_real(doc.root)) {
		pl_diags_add(diags, PL_DIAG_ERROR, path, 0, 0, NULL,
			     "holds a decimal number; the format uses whole numbers only, so fmt leaves the file as it is");
		pl_json_doc_release(&doc);
		return PL_EINVALID;
	}
	pl_buf_clear(out);
	rc = pl_canonical_json(kind, doc.root, out);
	pl_json_doc_release(&doc);
	return rc;
}

static int wanted(const char *path, char *const *paths, size_t npaths)
{
	if (npaths == 0)
		return 1;
	for (size_t i = 0; i < npaths; i++)
		if (pl_path_within(path, paths[i]))
			return 1;
	return 0;
}

/* Lists the series' JSON files below root, in a stable order. */
static int list_json_files(pl_source *src, pl_strlist *out)
{
	pl_entries top = { 0 };
	int rc;

	pl_strlist_add(out, "pilot.json");
	rc = pl_source_list(src, "models", &top);
	if (rc == 0) {
		for (size_t i = 0; i < top.count; i++)
			if (top.items[i].type == PL_ENTRY_DIR)
				pl_strlist_add_owned(out, pl_strfmt("models/%s/model.json",
								    top.items[i].name));
		pl_entries_release(&top);
	} else if (rc != PL_ENOTFOUND) {
		return rc;
	}
	rc = pl_source_list(src, "regions", &top);
	if (rc == PL_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < top.count && rc == 0; i++) {
		pl_entries sub = { 0 };
		char *dir;
		if (top.items[i].type != PL_ENTRY_DIR)
			continue;
		dir = pl_strfmt("regions/%s", top.items[i].name);
		rc = pl_source_list(src, dir, &sub);
		for (size_t j = 0; rc == 0 && j < sub.count; j++) {
			if (sub.items[j].type != PL_ENTRY_DIR)
				continue;
			pl_strlist_add_owned(out, pl_strfmt("%s/%s/logic-model.json", dir, sub.items[j].name));
			pl_strlist_add_owned(out, pl_strfmt("%s/%s/evaluation.json", dir, sub.items[j].name));
		}
		pl_entries_release(&sub);
		free(dir);
	}
	pl_entries_release(&top);
	return rc;
}

int pl_fmt_series(const char *root, char *const *paths, size_t npaths, int check_only,
		  pl_strlist *changed, pl_diags *diags)
{
	pl_source *src = NULL;
	pl_strlist files = PL_STRLIST_INIT;
	pl_buf data = PL_BUF_INIT, out = PL_BUF_INIT;
	int rc;

	if ((rc = pl_source_open_dir(&src, root)) < 0)
		return rc;
	if ((rc = list_json_files(src, &files)) < 0)
		goto done;
	for (size_t i = 0; i < files.count; i++) {
		const char *path = files.items[i];
		size_t size = 0;
		if (!wanted(path, paths, npaths))
			continue;
		rc = pl_source_read(src, path, PL_JSON_MAX_SIZE, &data, &size);
		if (rc == PL_ENOTFOUND) {
			rc = 0;
			continue;
		}
		if (rc == PL_EINVALID) {
			pl_diags_add(diags, PL_DIAG_ERROR, path, 0, 0, NULL, "%s", pl_error_last());
			rc = 0;
			continue;
		}
		if (rc < 0)
			goto done;
		if (size > PL_JSON_MAX_SIZE) {
			pl_diags_add(diags, PL_DIAG_ERROR, path, 0, 0, NULL,
				     "file is too large: %zu bytes, at most %u", size, PL_JSON_MAX_SIZE);
			continue;
		}
		if (pl_fmt_text(path, data.ptr, data.len, &out, diags) < 0)
			continue;
		if (out.len == data.len && memcmp(out.ptr, data.ptr, out.len) == 0)
			continue;
		pl_strlist_add(changed, path);
		if (!check_only) {
			char *full = pl_strfmt("%s/%s", root, path);
			rc = pl_write_file(full, out.ptr, out.len);
			free(full);
			if (rc < 0)
				goto done;
		}
	}
done:
	pl_diags_sort(diags);
	pl_strlist_release(&files);
	pl_buf_release(&data);
	pl_buf_release(&out);
	pl_source_free(src);
	return rc;
}
