#include "pilot.h"

#include <string.h>

#include "buf.h"
#include "error.h"
#include "json.h"

int pl_pilot_load(json_t **out, pl_source *src, pl_diags *diags)
{
	pl_json_doc doc;
	int rc = pl_json_doc_read(&doc, src, "pilot.json", diags);

	*out = NULL;
	if (rc == PL_ENOTFOUND)
		rc = pl_error_set(PL_ENOTFOUND, "there is no pilot.json here: this is no pilot series");
	else if (rc == PL_EINVALID)
		rc = pl_error_set(PL_EINVALID, "pilot.json cannot be read; correct it first");
	else if (rc == 0)
		*out = json_incref(doc.root);
	pl_json_doc_release(&doc);
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
