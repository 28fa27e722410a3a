#include "pilot.h"

#include <string.h>

#include "buf.h"
#include "error.h"
#include "json.h"

int pl_pilot_load(json_t **out, pl_source *src, pl_diags *diags)
{
	pl_buf data = PL_BUF_INIT;
	pl_json_doc doc = { 0 };
	size_t size = 0;
	int rc;

	*out = NULL;
	rc = pl_source_read(src, "pilot.json", PL_JSON_MAX_SIZE, &data, &size);
	if (rc == PL_ENOTFOUND || rc == PL_EINVALID) {
		rc = pl_error_set(PL_ENOTFOUND, "there is no pilot.json here: this is no pilot series");
		goto done;
	}
	if (rc < 0)
		goto done;
	if (size > PL_JSON_MAX_SIZE) {
		pl_diags_add(diags, PL_DIAG_ERROR, "pilot.json", 0, 0, NULL,
			     "file is too large: %zu bytes, at most %u", size, PL_JSON_MAX_SIZE);
		rc = PL_EINVALID;
		goto done;
	}
	if (pl_json_doc_load(&doc, "pilot.json", data.ptr, data.len, diags) < 0 ||
	    !json_is_object(doc.root)) {
		rc = pl_error_set(PL_EINVALID, "pilot.json cannot be read; correct it first");
		goto done;
	}
	*out = json_incref(doc.root);
done:
	pl_json_doc_release(&doc);
	pl_buf_release(&data);
	return rc;
}

const char *pl_pilot_language(const json_t *pilot)
{
	const char *l = json_string_value(json_object_get(pilot, "language"));
	return l ? l : "fi";
}

const char *pl_pilot_text(const json_t *text, const char *lang)
{
	const char *s = json_string_value(json_object_get(text, lang));
	const char *k;
	json_t *v;

	if (s)
		return s;
	json_object_foreach((json_t *)text, k, v)
		if (json_is_string(v))
			return json_string_value(v);
	return "";
}

json_t *pl_pilot_find(const json_t *list, const char *id)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x) {
		const char *xid = json_string_value(json_object_get(x, "id"));
		if (xid && !strcmp(xid, id))
			return x;
	}
	return NULL;
}

const json_t *pl_pilot_list(const json_t *pilot, const char *key)
{
	const json_t *a = json_object_get(pilot, key);
	return json_is_array(a) ? a : NULL;
}
