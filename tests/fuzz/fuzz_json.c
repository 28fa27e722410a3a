/*
 * libFuzzer target: any bytes as any JSON file of a series.  Loading,
 * schema validation, locating every finding and the canonical layout must
 * never crash, leak or read out of bounds, whatever the input.
 */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "fmt.h"
#include "json.h"
#include "schema.h"
#include "templates.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"pilot.json", "models/m/model.json",
		"regions/r/m/logic-model.json", "regions/r/m/evaluation.json",
	};
	const char *path;
	pl_diags diags = PL_DIAGS_INIT;
	pl_buf out = PL_BUF_INIT;
	pl_json_doc doc;
	pl_schema *schema = NULL;
	const pl_template *t;

	if (size < 1)
		return 0;
	path = paths[data[0] % 4];
	data++;
	size--;
	if (pl_json_doc_load(&doc, path, (const char *)data, size, &diags) == 0) {
		t = pl_template_find(pl_schema_name((pl_file_kind)pl_file_kind_of(path)));
		if (t && pl_schema_load(&schema, t->data, t->len) == 0) {
			pl_schema_validate(schema, &doc, &diags);
			pl_schema_free(schema);
		}
		if (pl_file_kind_of(path) == PL_FILE_PILOT)
			pl_validate_pilot_doc(&doc, &diags);
	}
	pl_json_doc_release(&doc);
	pl_fmt_text(path, (const char *)data, size, &out, &diags);
	pl_diags_sort(&diags);
	pl_diags_format_text(&diags, &out);
	pl_diags_format_json(&diags, &out);
	pl_buf_release(&out);
	pl_diags_release(&diags);
	return 0;
}
