#include "compare.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "diff.h"
#include "error.h"
#include "json.h"
#include "markdown.h"
#include "pilot.h"
#include "strset.h"
#include "validate.h"

static const char *const files[] = { "logic-model.json", "evaluation.json", "program-theory.md" };

/* One side of a region model as read from a source. */
typedef struct {
	pl_buf bytes[3];
	int present[3];
	json_t *lm, *ev;
	pl_region_side side;
} side_data;

static int read_side(pl_source *src, const char *region, const char *model, side_data *d)
{
	for (int k = 0; k < 3; k++) {
		char *path = pl_strfmt("regions/%s/%s/%s", region, model, files[k]);
		size_t size = 0;
		size_t max = k == 2 ? PL_MARKDOWN_MAX_SIZE : PL_JSON_MAX_SIZE;
		int rc = pl_source_read(src, path, max, &d->bytes[k], &size);
		free(path);
		if (rc == PL_ENOTFOUND || rc == PL_EINVALID)
			continue;
		if (rc < 0)
			return rc;
		if (size > max)
			return pl_error_set(PL_EINVALID, "regions/%s/%s/%s is too large", region, model, files[k]);
		d->present[k] = 1;
	}
	if (d->present[0])
		d->lm = json_loadb(d->bytes[0].ptr, d->bytes[0].len, JSON_REJECT_DUPLICATES, NULL);
	if (d->present[1])
		d->ev = json_loadb(d->bytes[1].ptr, d->bytes[1].len, JSON_REJECT_DUPLICATES, NULL);
	if ((d->present[0] && !d->lm) || (d->present[1] && !d->ev))
		return pl_error_set(PL_EINVALID,
				    "a file of regions/%s/%s cannot be read; 'pilotti validate' tells why",
				    region, model);
	d->side.logic_model = d->lm;
	d->side.evaluation = d->ev;
	d->side.theory = d->present[2] ? d->bytes[2].ptr : NULL;
	d->side.theory_len = d->present[2] ? d->bytes[2].len : 0;
	return 0;
}

static void release_side(side_data *d)
{
	for (int k = 0; k < 3; k++)
		pl_buf_release(&d->bytes[k]);
	json_decref(d->lm);
	json_decref(d->ev);
}

static int same_bytes(const side_data *a, const side_data *b)
{
	for (int k = 0; k < 3; k++) {
		if (a->present[k] != b->present[k])
			return 0;
		if (a->present[k] && (a->bytes[k].len != b->bytes[k].len ||
				      memcmp(a->bytes[k].ptr, b->bytes[k].ptr, a->bytes[k].len)))
			return 0;
	}
	return 1;
}

/* Adds "region\tmodel" for every region model pilot declares (valid ids,
 * within filter). */
static void collect(const json_t *pilot, const pl_diff_filter *f, pl_strset *seen, pl_strlist *out)
{
	size_t i, j;
	json_t *r, *m;
	json_array_foreach(pl_pilot_list(pilot, "regions"), i, r) {
		const char *rid = json_string_value(json_object_get(r, "id"));
		if (!pl_is_id(rid) || (f && f->region && strcmp(f->region, rid)))
			continue;
		json_array_foreach(json_object_get(r, "models"), j, m) {
			const char *mid = json_string_value(m);
			char *key;
			if (!pl_is_id(mid) || (f && f->model && strcmp(f->model, mid)))
				continue;
			key = pl_strfmt("%s\t%s", rid, mid);
			if (pl_strset_add(seen, key, 0))
				pl_strlist_add(out, key);
			free(key);
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static json_t *side_json(const pl_diff_side_name *n)
{
	return json_pack("{s:s, s:o}", "name", n->name, "commit",
			 n->commit ? json_string(n->commit) : json_null());
}

int pl_diff_series(pl_source *from, const pl_diff_side_name *from_name, pl_source *to,
		   const pl_diff_side_name *to_name, const pl_diff_filter *filter, json_t **out)
{
	pl_diags d = PL_DIAGS_INIT;
	json_t *pa = NULL, *pb = NULL, *list = json_array();
	pl_strset seen = PL_STRSET_INIT;
	pl_strlist keys = PL_STRLIST_INIT;
	int rc;

	*out = NULL;
	if ((rc = pl_pilot_load(&pa, from, &d)) < 0 || (rc = pl_pilot_load(&pb, to, &d)) < 0) {
		if (rc == PL_EINVALID)
			pl_error_set(PL_EINVALID, "pilot.json cannot be read on one side; 'pilotti validate' tells why");
		goto done;
	}
	collect(pb, filter, &seen, &keys);
	collect(pa, filter, &seen, &keys);
	if (keys.count > 1)
		qsort(keys.items, keys.count, sizeof(*keys.items), cmp_str);
	for (size_t i = 0; i < keys.count; i++) {
		char *tab = strchr(keys.items[i], '\t');
		const char *region = keys.items[i], *model = tab + 1;
		side_data a, b;
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		*tab = '\0';
		if ((rc = read_side(from, region, model, &a)) == 0 &&
		    (rc = read_side(to, region, model, &b)) == 0 && !same_bytes(&a, &b)) {
			int had = a.present[0] || a.present[1] || a.present[2];
			int has = b.present[0] || b.present[1] || b.present[2];
			json_array_append_new(list, pl_diff_region_model(region, model, had ? &a.side : NULL,
									 has ? &b.side : NULL));
		}
		*tab = '\t';
		release_side(&a);
		release_side(&b);
		if (rc < 0)
			goto done;
	}
	*out = json_pack("{s:i, s:s, s:o, s:o, s:O}", "format", 1, "series",
			 json_string_value(json_object_get(pb, "id")) ? json_string_value(json_object_get(pb, "id")) : "",
			 "from", side_json(from_name), "to", side_json(to_name), "region_models", list);
done:
	json_decref(list);
	json_decref(pa);
	json_decref(pb);
	pl_strset_release(&seen);
	pl_strlist_release(&keys);
	pl_diags_release(&d);
	return rc;
}
