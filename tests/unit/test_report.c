#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "report.h"

/* A cell that a spreadsheet would run as a formula is written as text. */
static void csv_neutralises_formulas(void **state)
{
	const char *doc =
		"{\"at\": {\"commit\": \"=HYPERLINK(\\\"x\\\")\", \"workshop\": {\"id\": \"+tp3\"}},"
		" \"models\": [{\"id\": \"@m\", \"matrix\": [{\"id\": \"-1+1\", \"cells\": [{\"state\": \"as-is\","
		" \"elements\": [\"=cmd\"], \"fidelity\": {\"rating\": null}}]}], \"own_elements\": [],"
		" \"region_details\": [{\"id\": \"=r\", \"outcomes\": [], \"feasibility\": {\"rating\": \"=1\"},"
		" \"evaluability\": {\"rating\": \"high\"}}]}]}";
	json_t *report = json_loads(doc, 0, NULL);
	pl_buf out = PL_BUF_INIT;
	const char *row;
	(void)state;
	assert_non_null(report);
	assert_int_equal(pl_report_csv(report, &out), 0);
	row = strstr(out.ptr, "\r\n");
	assert_non_null(row);
	assert_string_equal(row + 2,
			    "\"'+tp3\",\"'=HYPERLINK(\"\"x\"\")\",\"'=r\",\"'@m\",\"'=cmd\",\"'-1+1\",\"as-is\",\"\","
			    "\"0\",\"0\",\"0\",\"0\",\"'=1\",\"high\"\r\n");
	pl_buf_release(&out);
	json_decref(report);
}

/* Quotes double, commas and line breaks stay inside one quoted cell. */
static void csv_quotes_per_rfc_4180(void **state)
{
	const char *doc =
		"{\"at\": {\"commit\": \"a,b\", \"workshop\": {\"id\": \"t\\\"p\"}}, \"models\": [{\"id\": \"m\","
		" \"matrix\": [], \"own_elements\": [{\"region\": \"r\", \"id\": \"x\\ny\", \"fidelity\": {\"rating\": 2}}],"
		" \"region_details\": [{\"id\": \"r\", \"outcomes\": [{\"status\": \"reached\"}, {\"status\": \"partly\"}],"
		" \"feasibility\": {\"rating\": \"low\"}, \"evaluability\": {\"rating\": \"low\"}}]}]}";
	json_t *report = json_loads(doc, 0, NULL);
	pl_buf out = PL_BUF_INIT;
	(void)state;
	assert_non_null(report);
	assert_int_equal(pl_report_csv(report, &out), 0);
	assert_non_null(strstr(out.ptr, "\r\n\"t\"\"p\",\"a,b\",\"r\",\"m\",\"x\ny\",\"\",\"own\",\"2\",\"1\",\"1\",\"0\",\"0\",\"low\",\"low\"\r\n"));
	pl_buf_release(&out);
	json_decref(report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_neutralises_formulas),
		cmocka_unit_test(csv_quotes_per_rfc_4180),
	};
	return th_run(tests);
}
