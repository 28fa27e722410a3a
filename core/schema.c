#include "schema.h"

#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "text.h"

typedef struct {
	char *pattern;
	regex_t re;
	int ok;
} compiled_pattern;

struct pl_schema {
	json_t *root;
	compiled_pattern *patterns;
	size_t npatterns;
};

/* One violation, collected before reporting so that anyOf can choose
 * which branch's violations to show. */
typedef struct {
	char *pointer;
	int at_key;
	char *message;
} violation;

typedef struct {
	violation *items;
	size_t count, cap;
} violations;

static void violations_add(violations *v, const char *pointer, int at_key,
			   char *message)
{
	if (v->count == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->items = pl_realloc(v->items, v->cap * sizeof(*v->items));
	}
	v->items[v->count].pointer = pl_strdup(pointer);
	v->items[v->count].at_key = at_key;
	v->items[v->count].message = message;
	v->count++;
}

static void violations_release(violations *v)
{
	for (size_t i = 0; i < v->count; i++) {
		free(v->items[i].pointer);
		free(v->items[i].message);
	}
	free(v->items);
	memset(v, 0, sizeof(*v));
}

static void violations_move(violations *to, violations *from)
{
	for (size_t i = 0; i < from->count; i++) {
		violations_add(to, from->items[i].pointer, from->items[i].at_key,
			       from->items[i].message);
		free(from->items[i].pointer);
	}
	free(from->items);
	memset(from, 0, sizeof(*from));
}

int pl_schema_load(pl_schema **out, const char *text, size_t len)
{
	json_error_t e;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	pl_schema *s;

	*out = NULL;
	if (!root || !json_is_object(root)) {
		json_decref(root);
		return pl_error_set(PL_ERROR, "invalid schema: %d:%d: %s", e.line,
				    e.column, e.text);
	}
	s = pl_calloc(1, sizeof(*s));
	s->root = root;
	*out = s;
	return 0;
}

void pl_schema_free(pl_schema *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->npatterns; i++) {
		if (s->patterns[i].ok)
			regfree(&s->patterns[i].re);
		free(s->patterns[i].pattern);
	}
	free(s->patterns);
	json_decref(s->root);
	free(s);
}

static const regex_t *get_pattern(pl_schema *s, const char *pattern)
{
	compiled_pattern *p;
	for (size_t i = 0; i < s->npatterns; i++)
		if (strcmp(s->patterns[i].pattern, pattern) == 0)
			return s->patterns[i].ok ? &s->patterns[i].re : NULL;
	s->patterns = pl_realloc(s->patterns, (s->npatterns + 1) * sizeof(*p));
	p = &s->patterns[s->npatterns++];
	p->pattern = pl_strdup(pattern);
	p->ok = regcomp(&p->re, pattern, REG_EXTENDED | REG_NOSUB) == 0;
	return p->ok ? &p->re : NULL;
}

/* Follows "$ref" chains; returns the schema node to apply (borrowed). */
static const json_t *resolve_ref(pl_schema *s, const json_t *node)
{
	for (int depth = 0; depth < 32 && json_is_object(node); depth++) {
		const char *ref = json_string_value(json_object_get(node, "$ref"));
		const json_t *target = s->root;
		if (!ref)
			return node;
		if (ref[0] != '#')
			return NULL;
		ref++;
		pl_buf tok = PL_BUF_INIT;
		while (*ref == '/' && target) {
			ref++;
			pl_buf_clear(&tok);
			while (*ref && *ref != '/')
				pl_buf_putc(&tok, *ref++);
			target = json_object_get(target, tok.ptr);
		}
		pl_buf_release(&tok);
		node = target;
	}
	return node;
}

/* ---- words for messages ----------------------------------------------- */

static const char *value_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "a list";
	case JSON_STRING: return "text";
	case JSON_INTEGER: return "a whole number";
	case JSON_REAL: return "a decimal number";
	case JSON_TRUE:
	case JSON_FALSE: return "true or false";
	case JSON_NULL: return "null";
	}
	return "a value";
}

static const char *type_words(const char *type)
{
	if (!strcmp(type, "object")) return "an object";
	if (!strcmp(type, "array")) return "a list";
	if (!strcmp(type, "string")) return "text";
	if (!strcmp(type, "integer")) return "a whole number";
	if (!strcmp(type, "number")) return "a number";
	if (!strcmp(type, "boolean")) return "true or false";
	if (!strcmp(type, "null")) return "null";
	return type;
}

static int type_matches(const char *type, const json_t *v)
{
	if (!strcmp(type, "object")) return json_is_object(v);
	if (!strcmp(type, "array")) return json_is_array(v);
	if (!strcmp(type, "string")) return json_is_string(v);
	if (!strcmp(type, "integer")) return json_is_integer(v);
	if (!strcmp(type, "number")) return json_is_number(v);
	if (!strcmp(type, "boolean")) return json_is_boolean(v);
	if (!strcmp(type, "null")) return json_is_null(v);
	return 0;
}

/* "'title'", "item 3 of 'core_elements'" or "the file" for a pointer. */
static void describe(pl_buf *out, const char *pointer)
{
	const char *last = strrchr(pointer, '/');
	char *end;
	unsigned long idx;

	if (!last) {
		pl_buf_puts(out, "the file");
		return;
	}
	idx = strtoul(last + 1, &end, 10);
	if (last[1] && !*end) {
		const char *prev = last;
		while (prev > pointer && prev[-1] != '/')
			prev--;
		if (prev > pointer)
			pl_buf_printf(out, "item %lu of '%.*s'", idx + 1,
				      (int)(last - prev), prev);
		else
			pl_buf_printf(out, "item %lu", idx + 1);
		return;
	}
	pl_buf_putc(out, '\'');
	for (const char *p = last + 1; *p; p++) {
		if (p[0] == '~' && p[1] == '1') {
			pl_buf_putc(out, '/');
			p++;
		} else if (p[0] == '~' && p[1] == '0') {
			pl_buf_putc(out, '~');
			p++;
		} else {
			pl_buf_putc(out, *p);
		}
	}
	pl_buf_putc(out, '\'');
}

static void show_value(pl_buf *out, const json_t *v)
{
	if (json_is_string(v)) {
		pl_buf_printf(out, "'%s'", json_string_value(v));
	} else {
		char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		pl_buf_puts(out, s ? s : "?");
		free(s);
	}
}

static char *msg_at(const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *msg_at(const char *pointer, const char *fmt, ...)
{
	pl_buf b = PL_BUF_INIT;
	va_list ap;
	describe(&b, pointer);
	pl_buf_putc(&b, ' ');
	va_start(ap, fmt);
	pl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return pl_buf_detach(&b);
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = pl_calloc(lb + 1, sizeof(*row));
	size_t d;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

/* ---- validation --------------------------------------------------------- */

static void validate_node(pl_schema *s, const json_t *node, const json_t *v,
			  pl_buf *ptr, violations *out);

/* Whether a branch of anyOf is about the value's type at all. */
static int branch_fits_type(pl_schema *s, const json_t *branch, const json_t *v)
{
	const json_t *type, *en;
	branch = resolve_ref(s, branch);
	if (!json_is_object(branch))
		return 0;
	type = json_object_get(branch, "type");
	if (json_is_string(type))
		return type_matches(json_string_value(type), v);
	en = json_object_get(branch, "enum");
	if (json_is_array(en)) {
		size_t i;
		json_t *x;
		json_array_foreach(en, i, x)
			if (json_typeof(x) == json_typeof(v) ||
			    (json_is_number(x) && json_is_number(v)))
				return 1;
		return 0;
	}
	return 1;
}

static void describe_branch(pl_schema *s, pl_buf *out, const json_t *branch)
{
	const json_t *type, *en;
	branch = resolve_ref(s, branch);
	type = json_object_get(branch, "type");
	en = json_object_get(branch, "enum");
	if (json_is_array(en)) {
		size_t i;
		json_t *x;
		json_array_foreach(en, i, x) {
			if (i)
				pl_buf_puts(out, ", ");
			show_value(out, x);
		}
	} else if (json_is_string(type)) {
		pl_buf_puts(out, type_words(json_string_value(type)));
	} else {
		pl_buf_puts(out, "a value of another form");
	}
}

static void check_any_of(pl_schema *s, const json_t *any, const json_t *v,
			 pl_buf *ptr, violations *out)
{
	size_t n = json_array_size(any), fitting = 0, fit_index = 0;
	violations *branch = pl_calloc(n ? n : 1, sizeof(*branch));

	for (size_t i = 0; i < n; i++) {
		validate_node(s, json_array_get(any, i), v, ptr, &branch[i]);
		if (branch[i].count == 0)
			goto done; /* one branch accepts the value */
	}
	for (size_t i = 0; i < n; i++)
		if (branch_fits_type(s, json_array_get(any, i), v)) {
			fitting++;
			fit_index = i;
		}
	if (fitting == 1) {
		violations_move(out, &branch[fit_index]);
	} else {
		pl_buf b = PL_BUF_INIT;
		describe(&b, ptr->ptr);
		pl_buf_puts(&b, " must be ");
		for (size_t i = 0; i < n; i++) {
			if (i)
				pl_buf_puts(&b, i + 1 == n ? " or " : ", ");
			describe_branch(s, &b, json_array_get(any, i));
		}
		pl_buf_puts(&b, ", not ");
		show_value(&b, v);
		violations_add(out, ptr->ptr, 0, pl_buf_detach(&b));
	}
done:
	for (size_t i = 0; i < n; i++)
		violations_release(&branch[i]);
	free(branch);
}

static void check_object(pl_schema *s, const json_t *node, const json_t *v,
			 pl_buf *ptr, violations *out)
{
	const json_t *props = json_object_get(node, "properties");
	const json_t *req = json_object_get(node, "required");
	const json_t *addl = json_object_get(node, "additionalProperties");
	const json_t *minp = json_object_get(node, "minProperties");
	size_t base = ptr->len, i;
	const char *key;
	json_t *x;

	json_array_foreach(req, i, x) {
		const char *name = json_string_value(x);
		if (name && !json_object_get(v, name))
			violations_add(out, ptr->ptr, 0,
				       msg_at(ptr->ptr, "lacks the required field '%s'", name));
	}
	if (json_is_integer(minp) &&
	    (json_int_t)json_object_size(v) < json_integer_value(minp))
		violations_add(out, ptr->ptr, 0,
			       msg_at(ptr->ptr, "must have at least %lld field%s",
				      (long long)json_integer_value(minp),
				      json_integer_value(minp) == 1 ? "" : "s"));
	json_object_foreach((json_t *)v, key, x) {
		const json_t *sub = json_object_get(props, key);
		pl_json_pointer_push(ptr, key);
		if (sub) {
			validate_node(s, sub, x, ptr, out);
		} else if (json_is_false(addl)) {
			pl_buf m = PL_BUF_INIT;
			const char *best = NULL, *pk;
			size_t best_d = 3;
			json_t *pv;
			pl_buf_printf(&m, "unknown field '%s'", key);
			json_object_foreach((json_t *)props, pk, pv) {
				size_t d = edit_distance(key, pk);
				if (d < best_d && !json_object_get(v, pk)) {
					best_d = d;
					best = pk;
				}
			}
			if (best)
				pl_buf_printf(&m, "; did you mean '%s'?", best);
			violations_add(out, ptr->ptr, 1, pl_buf_detach(&m));
		} else if (json_is_object(addl)) {
			validate_node(s, addl, x, ptr, out);
		}
		pl_buf_truncate(ptr, base);
	}
}

static void check_string(pl_schema *s, const json_t *node, const json_t *v,
			 pl_buf *ptr, violations *out)
{
	const char *str = json_string_value(v);
	size_t chars = pl_utf8_length(str, json_string_length(v));
	const json_t *minl = json_object_get(node, "minLength");
	const json_t *maxl = json_object_get(node, "maxLength");
	const char *pattern = json_string_value(json_object_get(node, "pattern"));
	const char *format = json_string_value(json_object_get(node, "format"));

	if (json_is_integer(minl) && (json_int_t)chars < json_integer_value(minl)) {
		if (json_integer_value(minl) == 1)
			violations_add(out, ptr->ptr, 0, msg_at(ptr->ptr, "must not be empty"));
		else
			violations_add(out, ptr->ptr, 0,
				       msg_at(ptr->ptr, "is too short: %zu characters, at least %lld",
					      chars, (long long)json_integer_value(minl)));
		return;
	}
	if (json_is_integer(maxl) && (json_int_t)chars > json_integer_value(maxl))
		violations_add(out, ptr->ptr, 0,
			       msg_at(ptr->ptr, "is too long: %zu characters, at most %lld",
				      chars, (long long)json_integer_value(maxl)));
	if (pattern) {
		const regex_t *re = get_pattern(s, pattern);
		if (strlen(str) != json_string_length(v) || !re ||
		    regexec(re, str, 0, NULL, 0) != 0) {
			const char *desc = json_string_value(json_object_get(node, "description"));
			pl_buf m = PL_BUF_INIT;
			describe(&m, ptr->ptr);
			pl_buf_puts(&m, " is not valid: ");
			show_value(&m, v);
			if (desc)
				pl_buf_printf(&m, " is not %s", desc);
			else
				pl_buf_printf(&m, " does not match %s", pattern);
			violations_add(out, ptr->ptr, 0, pl_buf_detach(&m));
		}
	}
	if (format && !strcmp(format, "date") && !pl_is_date(str))
		violations_add(out, ptr->ptr, 0,
			       msg_at(ptr->ptr, "is not a valid date: '%s'; write it as YYYY-MM-DD, e.g. 2023-05-24", str));
	if (format && !strcmp(format, "email") && !pl_is_email(str))
		violations_add(out, ptr->ptr, 0,
			       msg_at(ptr->ptr, "is not a valid e-mail address: '%s'", str));
}

static void validate_node(pl_schema *s, const json_t *node, const json_t *v,
			  pl_buf *ptr, violations *out)
{
	const json_t *type, *en, *cn, *any;
	const json_t *resolved;

	if (json_is_object(node) && json_object_get(node, "$ref")) {
		/* A $ref applies beside its siblings; our siblings are
		 * annotations only, so apply the target. */
		resolved = resolve_ref(s, node);
		if (!resolved)
			return;
		node = resolved;
	}
	if (!json_is_object(node))
		return;

	type = json_object_get(node, "type");
	if (json_is_string(type) && !type_matches(json_string_value(type), v)) {
		violations_add(out, ptr->ptr, 0,
			       msg_at(ptr->ptr, "must be %s, not %s",
				      type_words(json_string_value(type)), value_kind(v)));
		return;
	}
	en = json_object_get(node, "enum");
	if (json_is_array(en)) {
		size_t i;
		json_t *x;
		int found = 0;
		json_array_foreach(en, i, x)
			found |= json_equal(x, (json_t *)v);
		if (!found) {
			pl_buf m = PL_BUF_INIT;
			describe(&m, ptr->ptr);
			pl_buf_puts(&m, " must be one of ");
			json_array_foreach(en, i, x) {
				if (i)
					pl_buf_puts(&m, i + 1 == json_array_size(en) ? " or " : ", ");
				show_value(&m, x);
			}
			pl_buf_puts(&m, ", not ");
			show_value(&m, v);
			violations_add(out, ptr->ptr, 0, pl_buf_detach(&m));
			return;
		}
	}
	cn = json_object_get(node, "const");
	if (cn && !json_equal((json_t *)cn, (json_t *)v)) {
		pl_buf m = PL_BUF_INIT;
		describe(&m, ptr->ptr);
		pl_buf_puts(&m, " must be ");
		show_value(&m, cn);
		pl_buf_puts(&m, ", not ");
		show_value(&m, v);
		violations_add(out, ptr->ptr, 0, pl_buf_detach(&m));
		return;
	}
	any = json_object_get(node, "anyOf");
	if (json_is_array(any))
		check_any_of(s, any, v, ptr, out);

	if (json_is_object(v)) {
		check_object(s, node, v, ptr, out);
	} else if (json_is_array(v)) {
		const json_t *items = json_object_get(node, "items");
		const json_t *mini = json_object_get(node, "minItems");
		const json_t *maxi = json_object_get(node, "maxItems");
		size_t base = ptr->len, i;
		json_t *x;
		if (json_is_integer(mini) &&
		    (json_int_t)json_array_size(v) < json_integer_value(mini))
			violations_add(out, ptr->ptr, 0,
				       msg_at(ptr->ptr, "must have at least %lld item%s",
					      (long long)json_integer_value(mini),
					      json_integer_value(mini) == 1 ? "" : "s"));
		if (json_is_integer(maxi) &&
		    (json_int_t)json_array_size(v) > json_integer_value(maxi))
			violations_add(out, ptr->ptr, 0,
				       msg_at(ptr->ptr, "must have at most %lld items",
					      (long long)json_integer_value(maxi)));
		if (items) {
			json_array_foreach(v, i, x) {
				pl_json_pointer_push_index(ptr, i);
				validate_node(s, items, x, ptr, out);
				pl_buf_truncate(ptr, base);
			}
		}
	} else if (json_is_string(v)) {
		check_string(s, node, v, ptr, out);
	} else if (json_is_integer(v)) {
		const json_t *mn = json_object_get(node, "minimum");
		const json_t *mx = json_object_get(node, "maximum");
		json_int_t n = json_integer_value(v);
		if (json_is_integer(mn) && n < json_integer_value(mn))
			violations_add(out, ptr->ptr, 0,
				       msg_at(ptr->ptr, "must be at least %lld, not %lld",
					      (long long)json_integer_value(mn), (long long)n));
		if (json_is_integer(mx) && n > json_integer_value(mx))
			violations_add(out, ptr->ptr, 0,
				       msg_at(ptr->ptr, "must be at most %lld, not %lld",
					      (long long)json_integer_value(mx), (long long)n));
	}
}

size_t pl_schema_validate(pl_schema *s, const pl_json_doc *doc, pl_diags *diags)
{
	violations v = { 0 };
	pl_buf ptr = PL_BUF_INIT;
	size_t n;

	validate_node(s, s->root, doc->root, &ptr, &v);
	for (size_t i = 0; i < v.count; i++)
		pl_json_report(doc, diags, PL_DIAG_ERROR, v.items[i].pointer,
			       v.items[i].at_key, "%s", v.items[i].message);
	n = v.count;
	violations_release(&v);
	pl_buf_release(&ptr);
	return n;
}

/* ---- canonical order ------------------------------------------------------ */

static json_t *canonical(pl_schema *s, const json_t *node, const json_t *v)
{
	node = node ? resolve_ref(s, node) : NULL;
	if (json_is_object(v)) {
		const json_t *props = json_is_object(node) ? json_object_get(node, "properties") : NULL;
		const json_t *addl = json_is_object(node) ? json_object_get(node, "additionalProperties") : NULL;
		json_t *o = json_object();
		const char *key;
		json_t *x;
		json_object_foreach((json_t *)props, key, x) {
			const json_t *val = json_object_get(v, key);
			if (val)
				json_object_set_new(o, key, canonical(s, x, val));
		}
		json_object_foreach((json_t *)v, key, x) {
			if (!json_object_get(o, key))
				json_object_set_new(o, key,
						    canonical(s, json_is_object(addl) ? addl : NULL, x));
		}
		return o;
	}
	if (json_is_array(v)) {
		const json_t *items = json_is_object(node) ? json_object_get(node, "items") : NULL;
		json_t *a = json_array();
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			json_array_append_new(a, canonical(s, items, x));
		return a;
	}
	return json_deep_copy(v);
}

json_t *pl_schema_canonical(pl_schema *s, const json_t *value)
{
	return canonical(s, s->root, value);
}

/* ---- formats ------------------------------------------------------------- */

int pl_is_date(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, leap;

	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (s[i] < '0' || s[i] > '9') {
			return 0;
		}
	}
	if (s[10])
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

int pl_is_email(const char *s)
{
	const char *at = strchr(s, '@');
	const char *dot;

	if (!at || at == s || strchr(at + 1, '@'))
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == ',' ||
		    *p == ';' || *p == '"')
			return 0;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}
