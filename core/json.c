#include "json.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "text.h"

void pl_json_doc_release(pl_json_doc *doc)
{
	json_decref(doc->root);
	free(doc->path);
	free(doc->text);
	memset(doc, 0, sizeof(*doc));
}

static void report_syntax(pl_json_doc *doc, pl_diags *diags,
			  const json_error_t *e)
{
	const char *t = e->text;

	/* Jansson words its errors for programmers; say the common ones in
	 * plain terms. */
	if (strstr(t, "duplicate object key")) {
		/* Jansson says: duplicate object key near '"name"' */
		const char *q = strstr(t, "near '\"");
		size_t n = q ? strlen(q + 7) : 0;
		if (n >= 2)
			pl_diags_add(diags, PL_DIAG_ERROR, doc->path, (unsigned)e->line,
				     (unsigned)e->column, NULL,
				     "the key '%.*s' appears twice in the same object",
				     (int)(n - 2), q + 7);
		else
			pl_diags_add(diags, PL_DIAG_ERROR, doc->path, (unsigned)e->line,
				     (unsigned)e->column, NULL,
				     "a key appears twice in the same object");
	} else {
		pl_diags_add(diags, PL_DIAG_ERROR, doc->path,
			     e->line > 0 ? (unsigned)e->line : 0,
			     e->column > 0 ? (unsigned)e->column : 0, NULL,
			     "invalid JSON: %s", t);
	}
}

int pl_json_doc_load(pl_json_doc *doc, const char *path, const char *data,
		     size_t len, pl_diags *diags)
{
	json_error_t e;
	size_t bad;

	memset(doc, 0, sizeof(*doc));
	doc->path = pl_strdup(path);
	doc->text = pl_strndup(data, len);
	doc->len = len;

	if (len > PL_JSON_MAX_SIZE) {
		pl_diags_add(diags, PL_DIAG_ERROR, path, 0, 0, NULL,
			     "file is too large: %zu bytes, at most %u", len,
			     PL_JSON_MAX_SIZE);
		return PL_EINVALID;
	}
	if (pl_text_is_blank(data, len)) {
		pl_diags_add(diags, PL_DIAG_ERROR, path, 0, 0, NULL,
			     "file is empty");
		return PL_EINVALID;
	}
	bad = pl_utf8_valid_prefix(data, len);
	if (bad < len) {
		unsigned line, col;
		pl_text_position(data, len, bad, &line, &col);
		pl_diags_add(diags, PL_DIAG_ERROR, path, line, col, NULL,
			     "not valid UTF-8 text (byte 0x%02x); save the file as UTF-8",
			     (unsigned char)data[bad]);
		return PL_EINVALID;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		pl_diags_add(diags, PL_DIAG_ERROR, path, 1, 1, NULL,
			     "file starts with a byte order mark; save it as UTF-8 without BOM");
		return PL_EINVALID;
	}
	doc->root = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	if (!doc->root) {
		report_syntax(doc, diags, &e);
		return PL_EINVALID;
	}
	return 0;
}

int pl_json_doc_read(pl_json_doc *doc, pl_source *src, const char *path, pl_diags *diags)
{
	pl_buf data = PL_BUF_INIT;
	pl_diags ignored = PL_DIAGS_INIT;
	size_t size = 0;
	int rc;

	memset(doc, 0, sizeof(*doc));
	rc = pl_source_read(src, path, PL_JSON_MAX_SIZE, &data, &size);
	if (rc == PL_EINVALID && diags)
		pl_diags_add(diags, PL_DIAG_ERROR, path, 0, 0, NULL, "%s", pl_error_last());
	if (rc == 0 && size > PL_JSON_MAX_SIZE) {
		if (diags)
			pl_diags_add(diags, PL_DIAG_ERROR, path, 0, 0, NULL,
				     "file is too large: %zu bytes, at most %u", size, PL_JSON_MAX_SIZE);
		rc = PL_EINVALID;
	} else if (rc == 0 && (pl_json_doc_load(doc, path, data.ptr, data.len, diags ? diags : &ignored) < 0 ||
			     !json_is_object(doc->root)))
		rc = PL_EINVALID;
	if (rc == PL_EINVALID)
		pl_error_set(PL_EINVALID, "'%s' cannot be read; 'pilotti validate' tells why", path);
	pl_diags_release(&ignored);
	pl_buf_release(&data);
	return rc;
}

void pl_json_report(const pl_json_doc *doc, pl_diags *diags,
		    pl_diag_severity sev, const char *pointer, int at_key,
		    const char *fmt, ...)
{
	unsigned line = 0, col = 0;
	pl_buf msg = PL_BUF_INIT;
	va_list ap;

	if (doc->text && pointer)
		pl_json_locate(doc->text, doc->len, pointer, at_key, &line, &col);
	va_start(ap, fmt);
	pl_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	pl_diags_add(diags, sev, doc->path, line, col, pointer, "%s", msg.ptr);
	pl_buf_release(&msg);
}

/* ---- locating a pointer in the text ---------------------------------- */

typedef struct {
	const char *s;
	size_t len;
	size_t pos;
} scanner;

static void skip_ws(scanner *sc)
{
	while (sc->pos < sc->len && strchr(" \t\r\n", sc->s[sc->pos]) &&
	       sc->s[sc->pos])
		sc->pos++;
}

static void put_utf8(pl_buf *b, unsigned long cp)
{
	char u[4];
	if (cp < 0x80) {
		pl_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		pl_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		pl_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		pl_buf_add(b, u, 4);
	}
}

static unsigned long hex4(const char *p)
{
	unsigned long v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
	}
	return v;
}

/* Reads a string literal at sc->pos (the opening quote), decoding it into
 * out when out is not NULL. */
static int scan_string(scanner *sc, pl_buf *out)
{
	if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
		return -1;
	sc->pos++;
	while (sc->pos < sc->len) {
		char c = sc->s[sc->pos++];
		if (c == '"')
			return 0;
		if (c != '\\') {
			if (out)
				pl_buf_putc(out, c);
			continue;
		}
		if (sc->pos >= sc->len)
			return -1;
		c = sc->s[sc->pos++];
		if (c == 'u') {
			unsigned long cp;
			if (sc->len - sc->pos < 4)
				return -1;
			cp = hex4(sc->s + sc->pos);
			sc->pos += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF && sc->len - sc->pos >= 6 &&
			    sc->s[sc->pos] == '\\' && sc->s[sc->pos + 1] == 'u') {
				unsigned long lo = hex4(sc->s + sc->pos + 2);
				sc->pos += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			if (out)
				put_utf8(out, cp);
		} else if (out) {
			const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
			const char *k = strchr(from, c);
			pl_buf_putc(out, k ? to[k - from] : c);
		}
	}
	return -1;
}

static int skip_value(scanner *sc)
{
	skip_ws(sc);
	if (sc->pos >= sc->len)
		return -1;
	char c = sc->s[sc->pos];
	if (c == '"')
		return scan_string(sc, NULL);
	if (c == '{' || c == '[') {
		char close = c == '{' ? '}' : ']';
		sc->pos++;
		skip_ws(sc);
		if (sc->pos < sc->len && sc->s[sc->pos] == close) {
			sc->pos++;
			return 0;
		}
		for (;;) {
			if (c == '{') {
				skip_ws(sc);
				if (scan_string(sc, NULL) < 0)
					return -1;
				skip_ws(sc);
				if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
					return -1;
				sc->pos++;
			}
			if (skip_value(sc) < 0)
				return -1;
			skip_ws(sc);
			if (sc->pos >= sc->len)
				return -1;
			if (sc->s[sc->pos] == ',') {
				sc->pos++;
				continue;
			}
			if (sc->s[sc->pos] == close) {
				sc->pos++;
				return 0;
			}
			return -1;
		}
	}
	while (sc->pos < sc->len && !strchr(",]} \t\r\n", sc->s[sc->pos]))
		sc->pos++;
	return 0;
}

/* Next pointer token from *p into tok (unescaped); returns 0 at the end. */
static int next_token(const char **p, pl_buf *tok)
{
	const char *s = *p;
	if (*s != '/')
		return 0;
	s++;
	pl_buf_clear(tok);
	while (*s && *s != '/') {
		if (s[0] == '~' && s[1] == '1') {
			pl_buf_putc(tok, '/');
			s += 2;
		} else if (s[0] == '~' && s[1] == '0') {
			pl_buf_putc(tok, '~');
			s += 2;
		} else {
			pl_buf_putc(tok, *s++);
		}
	}
	*p = s;
	return 1;
}

int pl_json_locate(const char *text, size_t len, const char *pointer,
		   int at_key, unsigned *line, unsigned *col)
{
	scanner sc = { text, len, 0 };
	pl_buf tok = PL_BUF_INIT, key = PL_BUF_INIT;
	const char *p = pointer;
	size_t key_pos = (size_t)-1;
	int rc = PL_ENOTFOUND;

	skip_ws(&sc);
	while (next_token(&p, &tok)) {
		int found = 0;
		skip_ws(&sc);
		if (sc.pos >= len)
			goto done;
		if (text[sc.pos] == '{') {
			sc.pos++;
			for (;;) {
				skip_ws(&sc);
				if (sc.pos >= len || text[sc.pos] != '"')
					goto done;
				key_pos = sc.pos;
				pl_buf_clear(&key);
				if (scan_string(&sc, &key) < 0)
					goto done;
				skip_ws(&sc);
				if (sc.pos >= len || text[sc.pos] != ':')
					goto done;
				sc.pos++;
				if (key.len == tok.len && memcmp(key.ptr, tok.ptr, key.len) == 0) {
					found = 1;
					break;
				}
				if (skip_value(&sc) < 0)
					goto done;
				skip_ws(&sc);
				if (sc.pos >= len || text[sc.pos] != ',')
					goto done;
				sc.pos++;
			}
		} else if (text[sc.pos] == '[') {
			char *end;
			unsigned long want = strtoul(tok.ptr, &end, 10);
			if (*end || !tok.len)
				goto done;
			sc.pos++;
			key_pos = (size_t)-1;
			for (unsigned long i = 0;; i++) {
				skip_ws(&sc);
				if (sc.pos >= len || text[sc.pos] == ']')
					goto done; /* fewer items than the index */
				if (i == want) {
					found = 1;
					break;
				}
				if (skip_value(&sc) < 0)
					goto done;
				skip_ws(&sc);
				if (sc.pos >= len || text[sc.pos] != ',')
					goto done;
				sc.pos++;
			}
		}
		if (!found)
			goto done;
	}
	skip_ws(&sc);
	if (at_key && key_pos != (size_t)-1 && *pointer)
		pl_text_position(text, len, key_pos, line, col);
	else
		pl_text_position(text, len, sc.pos, line, col);
	rc = 0;
done:
	pl_buf_release(&tok);
	pl_buf_release(&key);
	return rc;
}

void pl_json_pointer_push(pl_buf *p, const char *token)
{
	pl_buf_putc(p, '/');
	for (; *token; token++) {
		if (*token == '~')
			pl_buf_puts(p, "~0");
		else if (*token == '/')
			pl_buf_puts(p, "~1");
		else
			pl_buf_putc(p, *token);
	}
}

void pl_json_pointer_push_index(pl_buf *p, size_t index)
{
	pl_buf_printf(p, "/%zu", index);
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
	pl_buf_add(data, buffer, size);
	return 0;
}

int pl_json_dump(const json_t *value, pl_buf *out)
{
	if (json_dump_callback(value, dump_cb, out,
			       JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
		return pl_error_set(PL_ERROR, "cannot write JSON");
	pl_buf_putc(out, '\n');
	return 0;
}
