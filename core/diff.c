#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "json.h"
#include "markdown.h"
#include "pilot.h"
#include "scaffold.h"
#include "strset.h"
#include "validate.h"
#include "worddiff.h"

/* ---- fields -------------------------------------------------------------- */

typedef enum { F_TEXT, F_VALUE, F_LINKS } field_kind;

typedef struct {
	const char *name;
	field_kind kind;
} field_spec;

typedef struct {
	const char *key; /* "id", or "element" for omitted */
	const field_spec *fields;
} list_spec;

static const field_spec item_fields[] = {
	{ "title", F_TEXT }, { "description", F_TEXT }, { NULL, F_TEXT } };
static const field_spec element_fields[] = {
	{ "title", F_TEXT }, { "description", F_TEXT }, { "reference", F_VALUE },
	{ "adaptation", F_VALUE }, { NULL, F_TEXT } };
static const field_spec omitted_fields[] = { { "reason", F_TEXT }, { NULL, F_TEXT } };
static const field_spec mechanism_fields[] = {
	{ "title", F_TEXT }, { "description", F_TEXT }, { "elements", F_LINKS }, { NULL, F_TEXT } };
static const field_spec outcome_fields[] = {
	{ "title", F_TEXT }, { "description", F_TEXT }, { "mechanisms", F_LINKS },
	{ "horizon", F_VALUE }, { "indicators", F_LINKS }, { NULL, F_TEXT } };
static const field_spec configuration_fields[] = {
	{ "context", F_LINKS }, { "mechanisms", F_LINKS }, { "outcomes", F_LINKS },
	{ "description", F_TEXT }, { NULL, F_TEXT } };
static const field_spec consequence_fields[] = {
	{ "description", F_TEXT }, { "effect", F_VALUE }, { NULL, F_TEXT } };
static const field_spec material_fields[] = { { "description", F_TEXT }, { NULL, F_TEXT } };

static const struct {
	const char *name;
	list_spec spec;
} logic_lists[] = {
	{ "context", { "id", item_fields } },
	{ "actors", { "id", item_fields } },
	{ "resources", { "id", item_fields } },
	{ "core_elements", { "id", element_fields } },
	{ "omitted", { "element", omitted_fields } },
	{ "mechanisms", { "id", mechanism_fields } },
	{ "outcomes", { "id", outcome_fields } },
	{ "configurations", { "id", configuration_fields } },
};

static json_t *words_json(const char *a, const char *b)
{
	json_t *ops = json_array();
	pl_wd wd;
	if (pl_word_diff(a, strlen(a), b, strlen(b), &wd) < 0)
		return ops;
	for (size_t i = 0; i < wd.count; i++) {
		char op[2] = { (char)wd.items[i].op, '\0' };
		json_array_append_new(ops, json_pack("{s:s, s:s%}", "op", op, "text",
						     wd.items[i].text, wd.items[i].len));
	}
	pl_wd_release(&wd);
	return ops;
}

static const char *text_of(const json_t *v)
{
	const char *s = json_string_value(v);
	return s ? s : "";
}

/* The change of one field, or NULL if it is the same on both sides. */
static json_t *field_change(const char *name, field_kind kind, const json_t *a, const json_t *b)
{
	if (kind == F_TEXT) {
		const char *x = text_of(a), *y = text_of(b);
		if (!strcmp(x, y))
			return NULL;
		return json_pack("{s:s, s:s, s:s, s:s, s:o}", "field", name, "kind", "text",
				 "before", x, "after", y, "words", words_json(x, y));
	}
	if (kind == F_VALUE) {
		if (json_equal((json_t *)(a ? a : json_null()), (json_t *)(b ? b : json_null())))
			return NULL;
		return json_pack("{s:s, s:s, s:O, s:O}", "field", name, "kind", "value",
				 "before", a ? a : json_null(), "after", b ? b : json_null());
	}
	{
		pl_strset sa = PL_STRSET_INIT, sb = PL_STRSET_INIT;
		json_t *added = json_array(), *removed = json_array(), *x;
		size_t i;
		json_array_foreach(a, i, x)
			if (json_is_string(x))
				pl_strset_add(&sa, json_string_value(x), i);
		json_array_foreach(b, i, x)
			if (json_is_string(x))
				pl_strset_add(&sb, json_string_value(x), i);
		json_array_foreach(b, i, x)
			if (json_is_string(x) && !pl_strset_get(&sa, json_string_value(x), NULL))
				json_array_append(added, x);
		json_array_foreach(a, i, x)
			if (json_is_string(x) && !pl_strset_get(&sb, json_string_value(x), NULL))
				json_array_append(removed, x);
		pl_strset_release(&sa);
		pl_strset_release(&sb);
		if (!json_array_size(added) && !json_array_size(removed)) {
			json_decref(added);
			json_decref(removed);
			return NULL;
		}
		return json_pack("{s:s, s:s, s:o, s:o}", "field", name, "kind", "links", "added",
				 added, "removed", removed);
	}
}

static json_t *field_changes(const field_spec *fields, const json_t *a, const json_t *b)
{
	json_t *out = json_array();
	for (const field_spec *f = fields; f->name; f++) {
		json_t *c = field_change(f->name, f->kind, json_object_get(a, f->name),
					 json_object_get(b, f->name));
		if (c)
			json_array_append_new(out, c);
	}
	return out;
}

/* All of an item's fields as one text, for recognising renames. */
static void item_text(const field_spec *fields, const json_t *item, pl_buf *out)
{
	for (const field_spec *f = fields; f->name; f++) {
		const json_t *v = json_object_get(item, f->name);
		size_t i;
		json_t *x;
		if (json_is_string(v)) {
			pl_buf_puts(out, json_string_value(v));
		} else if (json_is_array(v)) {
			json_array_foreach(v, i, x)
				if (json_is_string(x))
					pl_buf_printf(out, " %s", json_string_value(x));
		} else if (json_is_integer(v)) {
			pl_buf_printf(out, " %lld", (long long)json_integer_value(v));
		}
		pl_buf_putc(out, '\n');
	}
}

typedef struct {
	size_t added, removed, changed, renamed;
} list_counts;

/* ---- lists --------------------------------------------------------------- */

static json_t *list_diff(const json_t *a, const json_t *b, const list_spec *spec, list_counts *n)
{
	pl_strset ka = PL_STRSET_INIT, kb = PL_STRSET_INIT;
	json_t *added = json_array(), *removed = json_array(), *renamed = json_array(),
	       *changed = json_array();
	size_t na = json_array_size(a), nb = json_array_size(b), i;
	size_t *gone = pl_calloc(na + 1, sizeof(*gone)), ngone = 0;
	size_t *fresh = pl_calloc(nb + 1, sizeof(*fresh)), nfresh = 0;
	int *paired_a = pl_calloc(na + 1, sizeof(*paired_a));
	int *paired_b = pl_calloc(nb + 1, sizeof(*paired_b));
	json_t **rename_at = pl_calloc(nb + 1, sizeof(*rename_at));
	json_t *x;

	json_array_foreach(a, i, x)
		if (json_string_value(json_object_get(x, spec->key)))
			pl_strset_add(&ka, json_string_value(json_object_get(x, spec->key)), i);
	json_array_foreach(b, i, x)
		if (json_string_value(json_object_get(x, spec->key)))
			pl_strset_add(&kb, json_string_value(json_object_get(x, spec->key)), i);

	json_array_foreach(b, i, x) {
		const char *key = json_string_value(json_object_get(x, spec->key));
		size_t j;
		if (key && pl_strset_get(&ka, key, &j)) {
			json_t *f = field_changes(spec->fields, json_array_get(a, j), x);
			if (json_array_size(f))
				json_array_append_new(changed, json_pack("{s:s, s:o}", "id", key, "fields", f));
			else
				json_decref(f);
		} else {
			fresh[nfresh++] = i;
		}
	}
	json_array_foreach(a, i, x) {
		const char *key = json_string_value(json_object_get(x, spec->key));
		if (!key || !pl_strset_get(&kb, key, NULL))
			gone[ngone++] = i;
	}

	/* Renames: the most alike pairs first, while alike enough. */
	for (;;) {
		int best = -1;
		size_t bi = 0, bj = 0;
		for (size_t p = 0; p < ngone; p++) {
			pl_buf ta = PL_BUF_INIT;
			if (paired_a[p])
				continue;
			item_text(spec->fields, json_array_get(a, gone[p]), &ta);
			for (size_t q = 0; q < nfresh; q++) {
				pl_buf tb = PL_BUF_INIT;
				double pct;
				int sim;
				if (paired_b[q])
					continue;
				item_text(spec->fields, json_array_get(b, fresh[q]), &tb);
				pct = pl_text_similarity(ta.ptr, ta.len, tb.ptr, tb.len) * 100.0;
				sim = (int)(pct + 0.5); /* reported rounded, judged exact */
				if (pct >= PL_DIFF_RENAME_SIMILARITY && sim > best) {
					best = sim;
					bi = p;
					bj = q;
				}
				pl_buf_release(&tb);
			}
			pl_buf_release(&ta);
		}
		if (best < 0)
			break;
		paired_a[bi] = paired_b[bj] = 1;
		{
			const json_t *ia = json_array_get(a, gone[bi]), *ib = json_array_get(b, fresh[bj]);
			rename_at[bj] = json_pack("{s:s, s:s, s:i, s:o}", "from",
							text_of(json_object_get(ia, spec->key)), "to",
							text_of(json_object_get(ib, spec->key)), "similarity", best,
							"fields", field_changes(spec->fields, ia, ib));
		}
	}
	for (size_t q = 0; q < nfresh; q++)
		if (!paired_b[q])
			json_array_append(added, json_array_get(b, fresh[q]));
	for (size_t p = 0; p < ngone; p++)
		if (!paired_a[p])
			json_array_append(removed, json_array_get(a, gone[p]));
	/* Renames in the order of the to side. */
	for (size_t q = 0; q < nfresh; q++)
		if (rename_at[q])
			json_array_append_new(renamed, rename_at[q]);

	n->added += json_array_size(added);
	n->removed += json_array_size(removed);
	n->changed += json_array_size(changed);
	n->renamed += json_array_size(renamed);
	free(gone);
	free(fresh);
	free(paired_a);
	free(paired_b);
	free(rename_at);
	pl_strset_release(&ka);
	pl_strset_release(&kb);
	return json_pack("{s:o, s:o, s:o, s:o}", "added", added, "removed", removed, "renamed",
			 renamed, "changed", changed);
}

/* ---- program theory -------------------------------------------------------- */

/* Keys sections by title and occurrence ("Esimerkki", 2nd "Esimerkki", ...),
 * so that a repeated heading is matched with its like on the other side. */
static char **section_keys(const pl_md_sections *s, pl_strset *set)
{
	char **keys = pl_calloc(s->count + 1, sizeof(*keys));
	for (size_t i = 0; i < s->count; i++) {
		pl_buf k = PL_BUF_INIT;
		size_t n = 0;
		do {
			pl_buf_clear(&k);
			pl_buf_printf(&k, "%s\x1f%zu", s->items[i].title, n++);
		} while (pl_strset_get(set, k.ptr, NULL));
		pl_strset_add(set, k.ptr, i);
		keys[i] = pl_buf_detach(&k);
	}
	return keys;
}

static void free_keys(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

static json_t *sections_diff(const char *a, size_t alen, const char *b, size_t blen,
			     size_t *n_added, size_t *n_removed, size_t *n_changed)
{
	pl_md_sections sa = { 0 }, sb = { 0 };
	json_t *added = json_array(), *removed = json_array(), *changed = json_array();
	pl_strset ia = PL_STRSET_INIT, ib = PL_STRSET_INIT;
	char **keya, **keyb;

	if (a)
		pl_md_sections_read(&sa, a, alen);
	if (b)
		pl_md_sections_read(&sb, b, blen);
	keya = section_keys(&sa, &ia);
	keyb = section_keys(&sb, &ib);
	for (size_t i = 0; i < sb.count; i++) {
		const pl_md_section *s = &sb.items[i];
		size_t j;
		char *tb = pl_strndup(b + s->start, s->len);
		if (pl_strset_get(&ia, keyb[i], &j)) {
			char *ta = pl_strndup(a + sa.items[j].start, sa.items[j].len);
			if (strcmp(ta, tb))
				json_array_append_new(changed, json_pack("{s:s, s:o}", "title", s->title,
									 "words", words_json(ta, tb)));
			free(ta);
		} else if (*s->title || s->len) {
			json_array_append_new(added, json_pack("{s:s, s:s}", "title", s->title, "text", tb));
		}
		free(tb);
	}
	for (size_t i = 0; i < sa.count; i++) {
		const pl_md_section *s = &sa.items[i];
		if (!pl_strset_get(&ib, keya[i], NULL) && (*s->title || s->len)) {
			char *ta = pl_strndup(a + s->start, s->len);
			json_array_append_new(removed, json_pack("{s:s, s:s}", "title", s->title, "text", ta));
			free(ta);
		}
	}
	*n_added = json_array_size(added);
	*n_removed = json_array_size(removed);
	*n_changed = json_array_size(changed);
	free_keys(keya, sa.count);
	free_keys(keyb, sb.count);
	pl_strset_release(&ia);
	pl_strset_release(&ib);
	pl_md_sections_release(&sa);
	pl_md_sections_release(&sb);
	return json_pack("{s:o, s:o, s:o}", "added", added, "removed", removed, "changed", changed);
}

/* ---- evaluation ------------------------------------------------------------ */

static json_t *assessment_diff(const json_t *a, const json_t *b)
{
	static const field_spec fields[] = { { "rating", F_VALUE }, { "notes", F_TEXT }, { NULL, F_TEXT } };
	json_t *f = field_changes(fields, a, b);
	if (!json_array_size(f)) {
		json_decref(f);
		return json_null();
	}
	return json_pack("{s:o}", "fields", f);
}

static const json_t *find_by(const json_t *list, const char *key, const char *id)
{
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x)
		if (!strcmp(text_of(json_object_get(x, key)), id))
			return x;
	return NULL;
}

/* Ids of key in b's list, then those only in a's. */
static void union_ids(const json_t *a, const json_t *b, const char *key, pl_strlist *out)
{
	pl_strset seen = PL_STRSET_INIT;
	const json_t *lists[2] = { b, a };
	for (int k = 0; k < 2; k++) {
		size_t i;
		json_t *x;
		json_array_foreach(lists[k], i, x) {
			const char *id = json_string_value(json_object_get(x, key));
			if (id && pl_strset_add(&seen, id, 0))
				pl_strlist_add(out, id);
		}
	}
	pl_strset_release(&seen);
}

/* The id an item had on the from side: its rename's "from", or id itself. */
static const char *old_id(const json_t *renamed, const char *id)
{
	size_t i;
	json_t *r;
	json_array_foreach(renamed, i, r)
		if (!strcmp(text_of(json_object_get(r, "to")), id))
			return text_of(json_object_get(r, "from"));
	return id;
}

/* True if id on the from side was renamed (its entry goes under the new id). */
static int renamed_away(const json_t *renamed, const char *id)
{
	size_t i;
	json_t *r;
	json_array_foreach(renamed, i, r)
		if (!strcmp(text_of(json_object_get(r, "from")), id))
			return 1;
	return 0;
}

static json_t *rating_of(const json_t *entry)
{
	const json_t *r = json_object_get(entry, "rating");
	return json_is_integer(r) ? json_incref((json_t *)r) : json_null();
}

/* Compares the evaluations; el_renamed and out_renamed are the logic
 * model's renames of core elements and outcomes, so that a renamed
 * element's rating is compared with its own earlier rating. */
static json_t *evaluation_diff(const json_t *a, const json_t *b, const json_t *el_renamed,
			       const json_t *out_renamed, size_t *up, size_t *down,
			       size_t *moved, int *any)
{
	json_t *fid = json_array(), *outs = json_array();
	pl_strlist ids = PL_STRLIST_INIT;
	list_counts n = { 0, 0, 0, 0 };
	static const list_spec cons = { "id", consequence_fields };
	static const list_spec other = { "id", material_fields };
	static const field_spec data_fields[] = {
		{ "worker_group_interviews", F_VALUE }, { "client_group_interviews", F_VALUE }, { NULL, F_TEXT } };
	json_t *feas = assessment_diff(json_object_get(a, "feasibility"), json_object_get(b, "feasibility"));
	json_t *eval = assessment_diff(json_object_get(a, "evaluability"), json_object_get(b, "evaluability"));
	json_t *cdiff, *ddiff, *dfields;

	union_ids(json_object_get(a, "fidelity"), json_object_get(b, "fidelity"), "element", &ids);
	for (size_t i = 0; i < ids.count; i++) {
		const json_t *eb = find_by(json_object_get(b, "fidelity"), "element", ids.items[i]);
		const json_t *ea;
		json_t *ra, *rb;
		if (!eb && renamed_away(el_renamed, ids.items[i]))
			continue;
		ea = find_by(json_object_get(a, "fidelity"), "element",
			     eb ? old_id(el_renamed, ids.items[i]) : ids.items[i]);
		ra = rating_of(ea);
		rb = rating_of(eb);
		json_t *notes = field_change("notes", F_TEXT, json_object_get(ea, "notes"), json_object_get(eb, "notes"));
		const char *dir;
		if (json_equal(ra, rb) && !notes) {
			json_decref(ra);
			json_decref(rb);
			continue;
		}
		if (json_is_integer(ra) && json_is_integer(rb))
			dir = json_integer_value(rb) > json_integer_value(ra) ? "up"
			      : json_integer_value(rb) < json_integer_value(ra) ? "down" : "same";
		else if (json_is_integer(rb))
			dir = "assessed";
		else if (json_is_integer(ra))
			dir = "unassessed";
		else
			dir = "same";
		*up += !strcmp(dir, "up");
		*down += !strcmp(dir, "down");
		{
			json_t *e = json_pack("{s:s, s:o, s:o, s:s}", "element", ids.items[i], "before", ra,
					      "after", rb, "direction", dir);
			if (notes)
				json_object_set_new(e, "notes", notes);
			json_array_append_new(fid, e);
		}
	}
	pl_strlist_release(&ids);
	union_ids(json_object_get(a, "outcomes"), json_object_get(b, "outcomes"), "outcome", &ids);
	for (size_t i = 0; i < ids.count; i++) {
		const json_t *eb = find_by(json_object_get(b, "outcomes"), "outcome", ids.items[i]);
		const json_t *ea, *sa, *sb;
		if (!eb && renamed_away(out_renamed, ids.items[i]))
			continue;
		ea = find_by(json_object_get(a, "outcomes"), "outcome",
			     eb ? old_id(out_renamed, ids.items[i]) : ids.items[i]);
		sa = json_object_get(ea, "status");
		sb = json_object_get(eb, "status");
		json_t *notes = field_change("notes", F_TEXT, json_object_get(ea, "notes"), json_object_get(eb, "notes"));
		int status_moved = !json_equal((json_t *)(sa ? sa : json_null()), (json_t *)(sb ? sb : json_null()));
		if (!status_moved && !notes)
			continue;
		*moved += status_moved;
		json_array_append_new(outs, json_pack("{s:s, s:O, s:O, s:o}", "outcome", ids.items[i],
						      "before", sa ? sa : json_null(), "after",
						      sb ? sb : json_null(), "notes", notes ? notes : json_null()));
	}
	pl_strlist_release(&ids);
	cdiff = list_diff(json_object_get(a, "other_consequences"), json_object_get(b, "other_consequences"),
			  &cons, &n);
	dfields = field_changes(data_fields, json_object_get(a, "data"), json_object_get(b, "data"));
	ddiff = json_pack("{s:o, s:o}", "fields", dfields, "other",
			  list_diff(json_object_get(json_object_get(a, "data"), "other"),
				    json_object_get(json_object_get(b, "data"), "other"), &other, &n));
	*any = !json_is_null(feas) || !json_is_null(eval) || json_array_size(fid) ||
	       json_array_size(outs) || n.added || n.removed || n.changed || n.renamed ||
	       json_array_size(dfields);
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "feasibility", feas, "evaluability", eval,
			 "fidelity", fid, "outcomes", outs, "other_consequences", cdiff, "data", ddiff);
}

/* ---- a region model -------------------------------------------------------- */

/* Which list the ids of a link field name. */
static const char *link_target(const char *field)
{
	if (!strcmp(field, "elements"))
		return "core_elements";
	if (!strcmp(field, "mechanisms") || !strcmp(field, "outcomes") || !strcmp(field, "context"))
		return field;
	return NULL;
}

/* Removes from one links change the pairs (old id removed, new id added)
 * that only follow a rename; returns 1 if nothing is left of it. */
static int drop_rename_links(json_t *change, const json_t *lm)
{
	const char *target = link_target(text_of(json_object_get(change, "field")));
	json_t *added = json_object_get(change, "added"), *removed = json_object_get(change, "removed");
	size_t i;
	json_t *r;

	if (!target || strcmp(text_of(json_object_get(change, "kind")), "links"))
		return 0;
	json_array_foreach(json_object_get(json_object_get(lm, target), "renamed"), i, r) {
		const char *from = text_of(json_object_get(r, "from")), *to = text_of(json_object_get(r, "to"));
		size_t ia = (size_t)-1, ir = (size_t)-1, k;
		json_t *x;
		json_array_foreach(added, k, x)
			if (!strcmp(text_of(x), to))
				ia = k;
		json_array_foreach(removed, k, x)
			if (!strcmp(text_of(x), from))
				ir = k;
		if (ia != (size_t)-1 && ir != (size_t)-1) {
			json_array_remove(added, ia);
			json_array_remove(removed, ir);
		}
	}
	return !json_array_size(added) && !json_array_size(removed);
}

/* A link that changed only because the item it names was renamed is no
 * change of its own. */
static void drop_rename_link_changes(json_t *lm)
{
	const char *key;
	json_t *list;

	json_object_foreach(lm, key, list) {
		const char *parts[] = { "changed", "renamed" };
		for (int p = 0; p < 2; p++) {
			json_t *entries = json_object_get(list, parts[p]);
			for (size_t i = json_array_size(entries); i-- > 0;) {
				json_t *fields = json_object_get(json_array_get(entries, i), "fields");
				for (size_t j = json_array_size(fields); j-- > 0;)
					if (drop_rename_links(json_array_get(fields, j), lm))
						json_array_remove(fields, j);
				if (p == 0 && !json_array_size(fields))
					json_array_remove(entries, i);
			}
		}
	}
}

static json_int_t list_size(const json_t *lm, const char *list, const char *part)
{
	return (json_int_t)json_array_size(json_object_get(json_object_get(lm, list), part));
}

json_t *pl_diff_region_model(const char *region, const char *model,
			     const pl_region_side *from, const pl_region_side *to)
{
	static const pl_region_side none = { NULL, NULL, NULL, 0 };
	const pl_region_side *a = from ? from : &none, *b = to ? to : &none;
	json_t *lm = json_object(), *summary, *theory, *eval;
	list_counts ignored = { 0, 0, 0, 0 };
	json_int_t items = 0;
	size_t s_add, s_rem, s_chg, up = 0, down = 0, moved = 0;
	int eval_any = 0, content;

	for (size_t i = 0; i < sizeof(logic_lists) / sizeof(*logic_lists); i++)
		json_object_set_new(lm, logic_lists[i].name,
				    list_diff(json_object_get(a->logic_model, logic_lists[i].name),
					      json_object_get(b->logic_model, logic_lists[i].name),
					      &logic_lists[i].spec, &ignored));
	drop_rename_link_changes(lm);
	for (size_t i = 0; i < sizeof(logic_lists) / sizeof(*logic_lists); i++) {
		const char *parts[] = { "added", "removed", "changed", "renamed" };
		for (int p = 0; p < 4; p++)
			items += list_size(lm, logic_lists[i].name, parts[p]);
	}
	theory = sections_diff(a->theory, a->theory_len, b->theory, b->theory_len, &s_add, &s_rem, &s_chg);
	eval = evaluation_diff(a->evaluation, b->evaluation,
			       json_object_get(json_object_get(lm, "core_elements"), "renamed"),
			       json_object_get(json_object_get(lm, "outcomes"), "renamed"), &up, &down,
			       &moved, &eval_any);
	summary = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			    "elements_added", list_size(lm, "core_elements", "added"),
			    "elements_removed", list_size(lm, "core_elements", "removed"),
			    "elements_changed", list_size(lm, "core_elements", "changed"),
			    "elements_renamed", list_size(lm, "core_elements", "renamed"),
			    "items_changed", items,
			    "sections_added", (json_int_t)s_add, "sections_removed", (json_int_t)s_rem,
			    "sections_changed", (json_int_t)s_chg, "ratings_up", (json_int_t)up,
			    "ratings_down", (json_int_t)down, "outcome_statuses_changed", (json_int_t)moved);
	content = json_integer_value(json_object_get(summary, "items_changed")) || s_add || s_rem ||
		  s_chg || eval_any;
	return json_pack("{s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o}", "region", region, "model", model,
			 "status", !from ? "added" : !to ? "removed" : "changed", "content_changed",
			 content, "summary", summary, "logic_model", lm, "program_theory", theory,
			 "evaluation", eval);
}
