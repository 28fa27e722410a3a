#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "error.h"
#include "markdown.h"
#include "repo.h"
#include "source.h"
#include "validate.h"

/*
 * A small valid series: one model with two reference core elements (a, b),
 * one region (kainuu) that implements a as is, adds its own element and
 * omits b.  Each test changes one thing and checks the findings.  The line
 * numbers in the expected findings are those of these texts.
 */
static const char pilot_json[] =
	"{\n"
	"  \"$schema\": \"schemas/pilot.schema.json\",\n"
	"  \"format\": 1,\n"
	"  \"id\": \"sarja\",\n"
	"  \"title\": {\n"
	"    \"fi\": \"Sarja\"\n"
	"  },\n"
	"  \"language\": \"fi\",\n"
	"  \"models\": [\n"
	"    {\n"
	"      \"id\": \"malli\",\n"
	"      \"title\": {\n"
	"        \"fi\": \"Malli\"\n"
	"      }\n"
	"    }\n"
	"  ],\n"
	"  \"regions\": [\n"
	"    {\n"
	"      \"id\": \"kainuu\",\n"
	"      \"name\": {\n"
	"        \"fi\": \"Kainuu\"\n"
	"      },\n"
	"      \"models\": [\n"
	"        \"malli\"\n"
	"      ],\n"
	"      \"maintainers\": []\n"
	"    }\n"
	"  ],\n"
	"  \"workshops\": [\n"
	"    {\n"
	"      \"id\": \"tp1\",\n"
	"      \"date\": \"2022-05-12\",\n"
	"      \"title\": {\n"
	"        \"fi\": \"Ty\xc3\xb6paja 1\"\n"
	"      }\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"tp2\",\n"
	"      \"date\": \"2022-09-20\",\n"
	"      \"title\": {\n"
	"        \"fi\": \"Ty\xc3\xb6paja 2\"\n"
	"      }\n"
	"    }\n"
	"  ],\n"
	"  \"facilitators\": [],\n"
	"  \"theory_sections\": [\n"
	"    {\n"
	"      \"id\": \"mika-toimii\",\n"
	"      \"title\": {\n"
	"        \"fi\": \"Mik\xc3\xa4 toimii\",\n"
	"        \"en\": \"What works\"\n"
	"      }\n"
	"    }\n"
	"  ]\n"
	"}\n";

static const char model_json[] =
	"{\n"
	"  \"$schema\": \"../../schemas/model.schema.json\",\n"
	"  \"model\": \"malli\",\n"
	"  \"core_elements\": [\n"
	"    {\n"
	"      \"id\": \"a\",\n"
	"      \"title\": \"A\",\n"
	"      \"description\": \"\"\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"b\",\n"
	"      \"title\": \"B\",\n"
	"      \"description\": \"\"\n"
	"    }\n"
	"  ],\n"
	"  \"mechanisms\": [\n"
	"    {\n"
	"      \"id\": \"m1\",\n"
	"      \"title\": \"M1\",\n"
	"      \"description\": \"\",\n"
	"      \"elements\": [\n"
	"        \"a\"\n"
	"      ]\n"
	"    }\n"
	"  ],\n"
	"  \"outcomes\": [\n"
	"    {\n"
	"      \"id\": \"o1\",\n"
	"      \"title\": \"O1\",\n"
	"      \"description\": \"\",\n"
	"      \"mechanisms\": [\n"
	"        \"m1\"\n"
	"      ],\n"
	"      \"horizon\": \"short\"\n"
	"    }\n"
	"  ]\n"
	"}\n";

static const char logic_json[] =
	"{\n"
	"  \"$schema\": \"../../../schemas/logic-model.schema.json\",\n"
	"  \"region\": \"kainuu\",\n"
	"  \"model\": \"malli\",\n"
	"  \"context\": [\n"
	"    {\n"
	"      \"id\": \"c1\",\n"
	"      \"title\": \"C1\"\n"
	"    }\n"
	"  ],\n"
	"  \"actors\": [],\n"
	"  \"resources\": [],\n"
	"  \"core_elements\": [\n"
	"    {\n"
	"      \"id\": \"ra\",\n"
	"      \"title\": \"RA\",\n"
	"      \"description\": \"\",\n"
	"      \"reference\": \"a\",\n"
	"      \"adaptation\": \"as-is\"\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"oma\",\n"
	"      \"title\": \"Oma\",\n"
	"      \"description\": \"\",\n"
	"      \"reference\": null,\n"
	"      \"adaptation\": \"own\"\n"
	"    }\n"
	"  ],\n"
	"  \"omitted\": [\n"
	"    {\n"
	"      \"element\": \"b\",\n"
	"      \"reason\": \"Ei tarvita.\"\n"
	"    }\n"
	"  ],\n"
	"  \"mechanisms\": [\n"
	"    {\n"
	"      \"id\": \"rm1\",\n"
	"      \"title\": \"RM1\",\n"
	"      \"description\": \"\",\n"
	"      \"elements\": [\n"
	"        \"ra\",\n"
	"        \"oma\"\n"
	"      ]\n"
	"    }\n"
	"  ],\n"
	"  \"outcomes\": [\n"
	"    {\n"
	"      \"id\": \"ro1\",\n"
	"      \"title\": \"RO1\",\n"
	"      \"description\": \"\",\n"
	"      \"mechanisms\": [\n"
	"        \"rm1\"\n"
	"      ],\n"
	"      \"horizon\": \"short\"\n"
	"    }\n"
	"  ],\n"
	"  \"configurations\": [\n"
	"    {\n"
	"      \"id\": \"k1\",\n"
	"      \"context\": [\n"
	"        \"c1\"\n"
	"      ],\n"
	"      \"mechanisms\": [\n"
	"        \"rm1\"\n"
	"      ],\n"
	"      \"outcomes\": [\n"
	"        \"ro1\"\n"
	"      ],\n"
	"      \"description\": \"\"\n"
	"    }\n"
	"  ]\n"
	"}\n";

static const char evaluation_json[] =
	"{\n"
	"  \"$schema\": \"../../../schemas/evaluation.schema.json\",\n"
	"  \"region\": \"kainuu\",\n"
	"  \"model\": \"malli\",\n"
	"  \"feasibility\": {\n"
	"    \"rating\": \"moderate\",\n"
	"    \"notes\": \"\"\n"
	"  },\n"
	"  \"evaluability\": {\n"
	"    \"rating\": \"not-assessed\",\n"
	"    \"notes\": \"\"\n"
	"  },\n"
	"  \"fidelity\": [\n"
	"    {\n"
	"      \"element\": \"ra\",\n"
	"      \"rating\": 2\n"
	"    },\n"
	"    {\n"
	"      \"element\": \"oma\",\n"
	"      \"rating\": null\n"
	"    }\n"
	"  ],\n"
	"  \"outcomes\": [\n"
	"    {\n"
	"      \"outcome\": \"ro1\",\n"
	"      \"status\": \"reached\"\n"
	"    }\n"
	"  ],\n"
	"  \"other_consequences\": [],\n"
	"  \"data\": {\n"
	"    \"worker_group_interviews\": 1,\n"
	"    \"client_group_interviews\": 0,\n"
	"    \"other\": []\n"
	"  }\n"
	"}\n";

static const char theory_md[] = "# Malli\n\n## Mik\xc3\xa4 toimii\n\nTeksti.\n";
/* the region writes the section's English title */
static const char program_theory_md[] = "# Kainuu\n\n## What works\n\nTeksti.\n";

#define MODEL_JSON "models/malli/model.json"
#define THEORY_MD "models/malli/theory.md"
#define LOGIC_JSON "regions/kainuu/malli/logic-model.json"
#define EVAL_JSON "regions/kainuu/malli/evaluation.json"
#define PROGRAM_MD "regions/kainuu/malli/program-theory.md"

static void write_series(const char *dir)
{
	th_write(dir, "pilot.json", pilot_json);
	th_write(dir, MODEL_JSON, model_json);
	th_write(dir, THEORY_MD, theory_md);
	th_write(dir, LOGIC_JSON, logic_json);
	th_write(dir, EVAL_JSON, evaluation_json);
	th_write(dir, PROGRAM_MD, program_theory_md);
}

static int setup(void **state)
{
	char *dir = th_tempdir("pl-validate");
	write_series(dir);
	*state = dir;
	return 0;
}

static int teardown(void **state)
{
	th_rmtree(*state);
	free(*state);
	pl_error_clear();
	return 0;
}

static char *read_text(const char *dir, const char *rel)
{
	char *path = pl_strfmt("%s/%s", dir, rel);
	FILE *f = fopen(path, "rb");
	pl_buf b = PL_BUF_INIT;
	char chunk[4096];
	size_t n;
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		pl_buf_add(&b, chunk, n);
	fclose(f);
	free(path);
	return pl_buf_detach(&b);
}

/* Replaces the first old with new in the file rel below dir. */
static void patch_file(const char *dir, const char *rel, const char *old, const char *new)
{
	char *text = read_text(dir, rel);
	char *at = strstr(text, old);
	pl_buf b = PL_BUF_INIT;
	char *path = pl_strfmt("%s/%s", dir, rel);
	if (!at) {
		print_error("patch: '%s' is not in %s\n", old, rel);
		fail();
	}
	pl_buf_add(&b, text, (size_t)(at - text));
	pl_buf_puts(&b, new);
	pl_buf_puts(&b, at + strlen(old));
	assert_int_equal(pl_write_file(path, b.ptr, b.len), 0);
	pl_buf_release(&b);
	free(path);
	free(text);
}

static void remove_file(const char *dir, const char *rel)
{
	char *path = pl_strfmt("%s/%s", dir, rel);
	assert_int_equal(unlink(path), 0);
	free(path);
}

/* Validates the folder; returns the findings as text. */
static char *findings_of(const char *dir, pl_series_stats *stats)
{
	pl_source *src = NULL;
	pl_diags d = PL_DIAGS_INIT;
	char *text;
	assert_int_equal(pl_source_open_dir(&src, dir), 0);
	assert_int_equal(pl_validate_series(src, &d, stats), 0);
	text = th_diags_text(&d);
	pl_diags_release(&d);
	pl_source_free(src);
	return text;
}

static void expect_findings_at(const char *dir, const char *want, const char *file, int line)
{
	char *got = findings_of(dir, NULL);
	int ok = strcmp(got, want) == 0;
	if (!ok)
		print_error("%s:%d: findings differ\n--- got:\n%s--- want:\n%s", file, line, got, want);
	free(got);
	if (!ok)
		_fail(file, line);
}

#define expect_findings(dir, want) expect_findings_at(dir, want, __FILE__, __LINE__)

#define WARN_B_NOT_OPTIONAL                                                               \
	LOGIC_JSON ":13:3: warning: reference core element 'b' (B) is neither implemented nor " \
		   "listed in 'omitted'; a core element is not optional, so say why it is left out\n"
#define WARN_A_NOT_OPTIONAL                                                               \
	LOGIC_JSON ":13:3: warning: reference core element 'a' (A) is neither implemented nor " \
		   "listed in 'omitted'; a core element is not optional, so say why it is left out\n"

/* ---- a valid series ------------------------------------------------------ */

static void valid_series_has_no_findings(void **state)
{
	pl_series_stats stats = { 0 };
	char *got = findings_of(*state, &stats);
	assert_string_equal(got, "");
	free(got);
	assert_string_equal(stats.id, "sarja");
	assert_int_equal(stats.models, 1);
	assert_int_equal(stats.regions, 1);
	assert_int_equal(stats.region_models, 1);
	assert_int_equal(stats.workshops, 2);
	pl_series_stats_release(&stats);
	assert_null(stats.id);
}

static void example_series_in_the_tests_is_valid(void **state)
{
	const char *src_dir = getenv("PILOTTI_SRC");
	char *dir;
	(void)state;
	if (!src_dir || !*src_dir)
		skip();
	dir = pl_strfmt("%s/tests/data/mini", src_dir);
	expect_findings(dir, "");
	free(dir);
}

static void series_at_a_revision_is_checked_without_a_checkout(void **state)
{
	const char *dir = *state;
	git_repository *repo = NULL;
	git_index *index = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_oid tree_id, commit;
	pl_source *src = NULL;
	pl_diags d = PL_DIAGS_INIT;
	char *text;

	assert_int_equal(git_repository_init(&repo, dir, 0), 0);
	assert_int_equal(git_repository_index(&index, repo), 0);
	assert_int_equal(git_index_add_all(index, NULL, 0, NULL, NULL), 0);
	assert_int_equal(git_index_write_tree(&tree_id, index), 0);
	assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "T", "t@example.org", 1700000000, 0), 0);
	assert_int_equal(git_commit_create(&commit, repo, "HEAD", sig, sig, NULL, "series", tree,
					   0, NULL), 0);
	/* the work tree breaks afterwards; the revision stays valid */
	remove_file(dir, EVAL_JSON);
	th_write(dir, "pilot.json", "{");
	assert_int_equal(pl_source_open_rev(&src, repo, "HEAD"), 0);
	assert_int_equal(pl_validate_series(src, &d, NULL), 0);
	text = th_diags_text(&d);
	assert_string_equal(text, "");
	free(text);
	pl_diags_release(&d);
	pl_source_free(src);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(index);
	git_repository_free(repo);
}

/* ---- pilot.json ----------------------------------------------------------- */

static void missing_pilot_json_means_no_series(void **state)
{
	pl_series_stats stats = { 0 };
	char *got;
	remove_file(*state, "pilot.json");
	got = findings_of(*state, &stats);
	assert_string_equal(got, "pilot.json: error: file is missing; this is no pilot series "
			    "('pilotti init' creates one)\n");
	assert_null(stats.id);
	free(got);
}

static void pilot_json_that_does_not_parse_stops_the_check(void **state)
{
	char *got;
	th_write(*state, "pilot.json", "{\n  \"format\": 1,\n}\n");
	got = findings_of(*state, NULL);
	assert_string_equal(got, "pilot.json:3:1: error: invalid JSON: string or '}' expected near '}'\n");
	free(got);
}

static void duplicate_ids_name_the_line_of_the_first(void **state)
{
	patch_file(*state, "pilot.json", "\"id\": \"tp2\"", "\"id\": \"tp1\"");
	expect_findings(*state, "pilot.json:38:13: error: workshop 'tp1' is listed twice (first on "
			"line 31); ids must be unique\n");
}

static void duplicate_ids_in_a_logic_model(void **state)
{
	patch_file(*state, LOGIC_JSON, "\"title\": \"C1\"\n    }\n",
		   "\"title\": \"C1\"\n    },\n    {\n      \"id\": \"c1\",\n      \"title\": \"C2\"\n    }\n");
	expect_findings(*state, LOGIC_JSON ":11:13: error: context item 'c1' is listed twice (first on "
			"line 7); ids must be unique\n");
}

static void workshops_out_of_date_order(void **state)
{
	patch_file(*state, "pilot.json", "2022-09-20", "2022-01-01");
	expect_findings(*state, "pilot.json:39:15: error: workshop 'tp2' (2022-01-01) is dated before "
			"'tp1' (2022-05-12) above it; list workshops in date order\n");
}

static void workshop_date_that_is_no_calendar_date(void **state)
{
	patch_file(*state, "pilot.json", "2022-09-20", "2023-02-29");
	expect_findings(*state, "pilot.json:39:15: error: 'date' is not a valid date: '2023-02-29'; "
			"write it as YYYY-MM-DD, e.g. 2023-05-24\n");
}

static void text_without_the_main_language(void **state)
{
	patch_file(*state, "pilot.json", "\"fi\": \"Malli\"", "\"en\": \"Model\"");
	expect_findings(*state, "pilot.json:12:16: error: 'title' has no text in the series' main "
			"language 'fi'\n");
}

static void region_piloting_an_undeclared_model(void **state)
{
	patch_file(*state, "pilot.json", "        \"malli\"\n", "        \"malli\",\n        \"muu\"\n");
	/* no file of regions/kainuu/muu is asked for */
	expect_findings(*state, "pilot.json:25:9: error: region 'kainuu' pilots 'muu', which is not an "
			"operating model of this series (see 'models')\n");
}

static void region_piloting_a_model_twice(void **state)
{
	patch_file(*state, "pilot.json", "        \"malli\"\n", "        \"malli\",\n        \"malli\"\n");
	expect_findings(*state, "pilot.json:25:9: error: operating model 'malli' is listed twice\n");
}

static void bad_region_id_is_never_used_as_a_path(void **state)
{
	char *got;
	patch_file(*state, "pilot.json", "\"id\": \"kainuu\"", "\"id\": \"../models\"");
	got = findings_of(*state, NULL);
	/* the schema finding, and the folder regions/kainuu no longer declared */
	assert_non_null(strstr(got, "pilot.json:19:13: error: 'id' is not valid: '../models'"));
	assert_non_null(strstr(got, "regions/kainuu: error: folder 'kainuu' is not a region in "
				    "pilot.json\n"));
	assert_null(strstr(got, "regions/../"));
	free(got);
}

/* ---- models/M/model.json --------------------------------------------------- */

static void model_field_must_match_its_folder(void **state)
{
	patch_file(*state, MODEL_JSON, "\"model\": \"malli\"", "\"model\": \"muu\"");
	expect_findings(*state, MODEL_JSON ":3:12: error: 'model' is 'muu', but the file is in the "
			"folder of operating model 'malli'\n");
}

static void model_mechanism_naming_an_unknown_element(void **state)
{
	patch_file(*state, MODEL_JSON, "\"a\"\n", "\"zz\"\n");
	expect_findings(*state, MODEL_JSON ":22:9: error: mechanism 'm1' names 'zz', which is not a "
			"core element of this model\n");
}

static void model_outcome_naming_an_unknown_mechanism(void **state)
{
	patch_file(*state, MODEL_JSON, "\"m1\"\n", "\"zz\"\n");
	expect_findings(*state, MODEL_JSON ":32:9: error: outcome 'o1' names 'zz', which is not a "
			"mechanism of this model\n");
}

/* ---- regions/R/M/logic-model.json ---------------------------------------------- */

static void region_field_must_match_its_folder(void **state)
{
	patch_file(*state, LOGIC_JSON, "\"region\": \"kainuu\"", "\"region\": \"oulu\"");
	expect_findings(*state, LOGIC_JSON ":3:13: error: 'region' is 'oulu', but the file is in the "
			"folder of region 'kainuu'\n");
}

static void dangling_reference_to_the_reference_model(void **state)
{
	patch_file(*state, LOGIC_JSON, "\"reference\": \"a\"", "\"reference\": \"zz\"");
	expect_findings(*state, WARN_A_NOT_OPTIONAL
			LOGIC_JSON ":18:20: error: core element 'ra' names reference 'zz', which is "
			"not a core element of the reference model (models/malli/model.json)\n");
}

static void own_element_with_a_reference(void **state)
{
	patch_file(*state, LOGIC_JSON, "\"reference\": null", "\"reference\": \"b\"");
	expect_findings(*state, LOGIC_JSON ":25:20: error: core element 'oma' is the region's own "
			"(adaptation 'own'), so its reference must be null\n");
}

static void as_is_element_without_a_reference(void **state)
{
	patch_file(*state, LOGIC_JSON, "\"reference\": \"a\"", "\"reference\": null");
	expect_findings(*state, WARN_A_NOT_OPTIONAL
			LOGIC_JSON ":18:20: error: core element 'ra' is 'as-is', so it must name the "
			"reference core element it implements (or be 'own')\n");
}

static void adapted_element_without_a_reference(void **state)
{
	patch_file(*state, LOGIC_JSON, "\"reference\": \"a\",\n      \"adaptation\": \"as-is\"",
		   "\"reference\": null,\n      \"adaptation\": \"adapted\"");
	expect_findings(*state, WARN_A_NOT_OPTIONAL
			LOGIC_JSON ":18:20: error: core element 'ra' is 'adapted', so it must name the "
			"reference core element it implements (or be 'own')\n");
}

static void element_both_implemented_and_omitted(void **state)
{
	patch_file(*state, LOGIC_JSON, "\"element\": \"b\"", "\"element\": \"a\"");
	expect_findings(*state, WARN_B_NOT_OPTIONAL
			LOGIC_JSON ":31:18: error: 'a' is listed as omitted but core element 'ra' "
			"implements it\n");
}

static void omitted_element_that_the_model_lacks(void **state)
{
	patch_file(*state, LOGIC_JSON, "\"element\": \"b\"", "\"element\": \"zz\"");
	expect_findings(*state, WARN_B_NOT_OPTIONAL
			LOGIC_JSON ":31:18: error: 'zz' is listed as omitted but is not a core element "
			"of the reference model (models/malli/model.json)\n");
}

static void element_neither_implemented_nor_omitted_is_a_warning(void **state)
{
	pl_source *src = NULL;
	pl_diags d = PL_DIAGS_INIT;
	patch_file(*state, LOGIC_JSON,
		   "\"omitted\": [\n    {\n      \"element\": \"b\",\n      \"reason\": \"Ei tarvita.\"\n    }\n  ]",
		   "\"omitted\": []");
	expect_findings(*state, WARN_B_NOT_OPTIONAL);
	assert_int_equal(pl_source_open_dir(&src, *state), 0);
	assert_int_equal(pl_validate_series(src, &d, NULL), 0);
	assert_int_equal(pl_diags_count(&d, PL_DIAG_ERROR), 0);
	assert_int_equal(pl_diags_count(&d, PL_DIAG_WARNING), 1);
	assert_string_equal(d.items[0].pointer, "/core_elements");
	pl_diags_release(&d);
	pl_source_free(src);
}

static void mechanism_naming_an_unknown_element(void **state)
{
	patch_file(*state, LOGIC_JSON, "\"oma\"\n", "\"zz\"\n");
	expect_findings(*state, LOGIC_JSON ":42:9: error: mechanism 'rm1' names 'zz', which is not a "
			"core element of this logic model\n");
}

static void mechanism_naming_a_reference_element_instead_of_the_regions(void **state)
{
	/* "a" is the reference model's id; the region's element is "ra" */
	patch_file(*state, LOGIC_JSON, "\"ra\",\n        \"oma\"", "\"a\",\n        \"oma\"");
	expect_findings(*state, LOGIC_JSON ":41:9: error: mechanism 'rm1' names 'a', which is not a "
			"core element of this logic model\n");
}

static void outcome_naming_an_unknown_mechanism(void **state)
{
	patch_file(*state, LOGIC_JSON, "\"rm1\"\n      ],\n      \"horizon\"",
		   "\"zz\"\n      ],\n      \"horizon\"");
	expect_findings(*state, LOGIC_JSON ":52:9: error: outcome 'ro1' names 'zz', which is not a "
			"mechanism of this logic model\n");
}

static void configuration_naming_unknown_items(void **state)
{
	patch_file(*state, LOGIC_JSON, "\"c1\"\n", "\"zz\"\n");
	patch_file(*state, LOGIC_JSON, "\"ro1\"\n", "\"yy\"\n");
	expect_findings(*state,
			LOGIC_JSON ":61:9: error: configuration 'k1' names 'zz', which is not a "
			"context item of this logic model\n"
			LOGIC_JSON ":67:9: error: configuration 'k1' names 'yy', which is not an "
			"outcome of this logic model\n");
}

static void logic_model_that_does_not_parse_hides_nothing_else(void **state)
{
	char *got;
	th_write(*state, LOGIC_JSON, "{\"region\": }");
	got = findings_of(*state, NULL);
	/* the evaluation is not checked against a logic model that cannot be read */
	assert_string_equal(got, LOGIC_JSON ":1:12: error: invalid JSON: unexpected token near '}'\n");
	free(got);
}

/* ---- regions/R/M/evaluation.json ----------------------------------------------- */

static void evaluation_model_must_match_its_folder(void **state)
{
	patch_file(*state, EVAL_JSON, "\"model\": \"malli\"", "\"model\": \"muu\"");
	expect_findings(*state, EVAL_JSON ":4:12: error: 'model' is 'muu', but the file is in the "
			"folder of operating model 'malli'\n");
}

static void fidelity_of_an_unknown_element(void **state)
{
	patch_file(*state, EVAL_JSON, "\"element\": \"oma\"", "\"element\": \"zz\"");
	expect_findings(*state, EVAL_JSON ":19:18: error: 'zz' is not a core element in " LOGIC_JSON "\n");
}

static void element_assessed_twice(void **state)
{
	patch_file(*state, EVAL_JSON, "\"element\": \"oma\"", "\"element\": \"ra\"");
	expect_findings(*state, EVAL_JSON ":19:18: error: 'ra' is assessed twice\n");
}

static void status_of_an_unknown_outcome(void **state)
{
	patch_file(*state, EVAL_JSON, "\"outcome\": \"ro1\"", "\"outcome\": \"o1\"");
	expect_findings(*state, EVAL_JSON ":25:18: error: 'o1' is not an expected outcome in "
			LOGIC_JSON "\n");
}

/* ---- files and folders --------------------------------------------------------- */

static void missing_region_file(void **state)
{
	remove_file(*state, EVAL_JSON);
	expect_findings(*state, EVAL_JSON ": error: file is missing; 'pilotti region add-model kainuu "
			"malli' creates it\n");
}

static void missing_reference_theory(void **state)
{
	remove_file(*state, THEORY_MD);
	expect_findings(*state, THEORY_MD ": error: file is missing; 'pilotti model add malli' "
			"creates it\n");
}

static void missing_logic_model_reports_only_that(void **state)
{
	remove_file(*state, LOGIC_JSON);
	expect_findings(*state, LOGIC_JSON ": error: file is missing; 'pilotti region add-model "
			"kainuu malli' creates it\n");
}

static void folder_where_a_file_belongs(void **state)
{
	char *path = pl_strfmt("%s/%s", (char *)*state, EVAL_JSON);
	remove_file(*state, EVAL_JSON);
	assert_int_equal(mkdir(path, 0777), 0);
	free(path);
	expect_findings(*state, EVAL_JSON ": error: is not a plain file: it is a folder, a link or a special file\n");
}

static void symbolic_link_where_a_file_belongs(void **state)
{
	char *path = pl_strfmt("%s/%s", (char *)*state, PROGRAM_MD);
	remove_file(*state, PROGRAM_MD);
	assert_int_equal(symlink("../../../" THEORY_MD, path), 0);
	free(path);
	expect_findings(*state, PROGRAM_MD ": error: '" PROGRAM_MD "' is a symbolic link; a series holds only plain files and folders\n");
}

static void undeclared_region_folder(void **state)
{
	th_write(*state, "regions/oulu/malli/logic-model.json", "{}");
	expect_findings(*state, "regions/oulu: error: folder 'oulu' is not a region in pilot.json\n");
}

static void undeclared_model_folder(void **state)
{
	th_write(*state, "models/muu/model.json", "{}");
	expect_findings(*state, "models/muu: error: folder 'muu' is not an operating model in "
			"pilot.json\n");
}

static void undeclared_model_folder_of_a_region(void **state)
{
	th_write(*state, "regions/kainuu/muu/logic-model.json", "{}");
	expect_findings(*state, "regions/kainuu/muu: error: folder 'muu' is not an operating model "
			"this region pilots in pilot.json\n");
}

static void unexpected_files_and_folders_are_warnings(void **state)
{
	th_write(*state, "regions/kainuu/malli/notes.txt", "x");
	th_write(*state, "models/malli/README.md", "x");
	th_write(*state, "regions/README.md", "x");
	th_write(*state, "regions/kainuu/malli/liitteet/a.pdf", "x");
	th_write(*state, "README.md", "top-level files are the series' own business");
	expect_findings(*state,
			"models/malli/README.md: warning: unexpected file; pilotti does not read it\n"
			"regions/README.md: warning: unexpected file; pilotti does not read it\n"
			"regions/kainuu/malli/liitteet: warning: unexpected folder; pilotti does not "
			"read it\n"
			"regions/kainuu/malli/notes.txt: warning: unexpected file; pilotti does not "
			"read it\n");
}

static void oversized_json_file(void **state)
{
	pl_buf big = PL_BUF_INIT;
	char *path = pl_strfmt("%s/%s", (char *)*state, EVAL_JSON);
	pl_buf_puts(&big, evaluation_json);
	while (big.len <= PL_JSON_MAX_SIZE)
		pl_buf_puts(&big, "                                                                \n");
	assert_int_equal(pl_write_file(path, big.ptr, big.len), 0);
	free(path);
	path = pl_strfmt(EVAL_JSON ": error: file is too large: %zu bytes, at most 1048576 (1024 KiB)\n",
			 big.len);
	expect_findings(*state, path);
	free(path);
	pl_buf_release(&big);
}

/* ---- Markdown ------------------------------------------------------------------ */

static void missing_program_theory_section(void **state)
{
	th_write(*state, PROGRAM_MD, "# Kainuu\n\n### What works\n\n## Muuta\n\n## Mik\xc3\xa4\n");
	expect_findings(*state, PROGRAM_MD ": error: the program theory lacks the section "
			"'## Mik\xc3\xa4 toimii'\n");
}

static void section_heading_ignores_case_and_spacing(void **state)
{
	th_write(*state, PROGRAM_MD, "# Kainuu\n\n##   WHAT   works  \n");
	th_write(*state, THEORY_MD, "MIK\xc3\xa4 TOIMII\n---\n");
	expect_findings(*state, "");
}

static void section_heading_keeps_non_ascii_letters(void **state)
{
	/* "Mika" is not "Mikä" */
	th_write(*state, THEORY_MD, "## Mika toimii\n");
	expect_findings(*state, THEORY_MD ": error: the program theory lacks the section "
			"'## Mik\xc3\xa4 toimii'\n");
}

static void markdown_of_the_maximum_size_is_read(void **state)
{
	pl_buf md = PL_BUF_INIT;
	char *path = pl_strfmt("%s/%s", (char *)*state, THEORY_MD);
	pl_buf_puts(&md, theory_md);
	while (md.len < PL_MARKDOWN_MAX_SIZE)
		pl_buf_putc(&md, md.len % 64 == 63 ? '\n' : 'x');
	assert_int_equal(md.len, 256 * 1024);
	assert_int_equal(pl_write_file(path, md.ptr, md.len), 0);
	expect_findings(*state, "");
	free(path);
	pl_buf_release(&md);
}

static void markdown_over_256_kib(void **state)
{
	pl_buf md = PL_BUF_INIT;
	char *path = pl_strfmt("%s/%s", (char *)*state, THEORY_MD);
	pl_buf_puts(&md, theory_md);
	while (md.len < PL_MARKDOWN_MAX_SIZE + 1)
		pl_buf_putc(&md, md.len % 64 == 63 ? '\n' : 'x');
	assert_int_equal(pl_write_file(path, md.ptr, md.len), 0);
	expect_findings(*state, THEORY_MD ": error: file is too large: 262145 bytes, at most 262144 "
			"(256 KiB)\n");
	free(path);
	pl_buf_release(&md);
}

static void invalid_utf8_in_markdown_has_line_and_column(void **state)
{
	th_write(*state, THEORY_MD, "# Malli\n\n## Mik\xc3\xa4 toimii\n\n\xc3\xa4\xff\n");
	expect_findings(*state, THEORY_MD ":5:2: error: not valid UTF-8 text (byte 0xff); save the "
			"file as UTF-8\n");
}

static void zero_byte_in_markdown(void **state)
{
	static const char md[] = "# Malli\n\n## Mik\xc3\xa4 toimii\n\xc3\xa4" "b\0c\n";
	char *path = pl_strfmt("%s/%s", (char *)*state, PROGRAM_MD);
	assert_int_equal(pl_write_file(path, md, sizeof(md) - 1), 0);
	free(path);
	expect_findings(*state, PROGRAM_MD ":4:3: error: contains a zero byte; this is not a text "
			"file\n");
}

static void empty_markdown(void **state)
{
	th_write(*state, PROGRAM_MD, " \n\n\t\n");
	expect_findings(*state, PROGRAM_MD ": error: file is empty; it needs the program theory's "
			"sections\n");
}

/* ---- several findings -------------------------------------------------------------- */

static void findings_are_sorted_by_file_and_line(void **state)
{
	patch_file(*state, EVAL_JSON, "\"element\": \"oma\"", "\"element\": \"zz\"");
	patch_file(*state, "pilot.json", "2022-09-20", "2022-01-01");
	patch_file(*state, MODEL_JSON, "\"m1\"\n", "\"zz\"\n");
	patch_file(*state, "pilot.json", "\"fi\": \"Malli\"", "\"en\": \"Model\"");
	expect_findings(*state,
			MODEL_JSON ":32:9: error: outcome 'o1' names 'zz', which is not a mechanism "
			"of this model\n"
			"pilot.json:12:16: error: 'title' has no text in the series' main language "
			"'fi'\n"
			"pilot.json:39:15: error: workshop 'tp2' (2022-01-01) is dated before 'tp1' "
			"(2022-05-12) above it; list workshops in date order\n"
			EVAL_JSON ":19:18: error: 'zz' is not a core element in " LOGIC_JSON "\n");
}

/* ---- pl_validate_pilot_doc ------------------------------------------------------ */

static void pilot_doc_check_applies_schema_and_rules(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	char *text;
	static const char pilot[] =
		"{\"format\": 1, \"id\": \"s\", \"title\": {\"sv\": \"S\"}, \"language\": \"fi\",\n"
		" \"models\": [], \"regions\": [{\"id\": \"r\", \"name\": {\"fi\": \"R\"}, \"models\": [\"x\"],"
		" \"maintainers\": []}],\n"
		" \"workshops\": [], \"facilitators\": [{\"name\": \"A\", \"email\": \"a\"}],"
		" \"theory_sections\": []}\n";
	(void)state;
	assert_int_equal(pl_json_doc_load(&doc, "pilot.json", pilot, strlen(pilot), &d), 0);
	pl_validate_pilot_doc(&doc, &d);
	pl_diags_sort(&d);
	text = th_diags_text(&d);
	assert_string_equal(text,
			    "pilot.json:1:35: error: 'title' has no text in the series' main language 'fi'\n"
			    "pilot.json:2:72: error: region 'r' pilots 'x', which is not an operating "
			    "model of this series (see 'models')\n"
			    "pilot.json:3:59: error: 'email' is not a valid e-mail address: 'a'\n");
	free(text);
	pl_json_doc_release(&doc);
	pl_diags_release(&d);
}

static void pilot_doc_check_of_a_valid_doc_adds_nothing(void **state)
{
	pl_json_doc doc;
	pl_diags d = PL_DIAGS_INIT;
	(void)state;
	assert_int_equal(pl_json_doc_load(&doc, "pilot.json", pilot_json, strlen(pilot_json), &d), 0);
	pl_validate_pilot_doc(&doc, &d);
	assert_int_equal(d.count, 0);
	pl_json_doc_release(&doc);
}

/* ---- kinds of file and ids ---------------------------------------------------------- */

static void file_kind_follows_the_path(void **state)
{
	(void)state;
	assert_int_equal(pl_file_kind_of("pilot.json"), PL_FILE_PILOT);
	assert_int_equal(pl_file_kind_of("models/malli/model.json"), PL_FILE_MODEL);
	assert_int_equal(pl_file_kind_of("regions/kainuu/malli/logic-model.json"), PL_FILE_LOGIC_MODEL);
	assert_int_equal(pl_file_kind_of("regions/kainuu/malli/evaluation.json"), PL_FILE_EVALUATION);
	assert_int_equal(pl_file_kind_of("models/malli/theory.md"), -1);
	assert_int_equal(pl_file_kind_of("models/model.json"), -1);
	assert_int_equal(pl_file_kind_of("models/a/b/model.json"), -1);
	assert_int_equal(pl_file_kind_of("regions/kainuu/logic-model.json"), -1);
	assert_int_equal(pl_file_kind_of("regions/a/b/c/evaluation.json"), -1);
	assert_int_equal(pl_file_kind_of("regions/kainuu/malli/x-logic-model.json"), -1);
	assert_int_equal(pl_file_kind_of("regions/kainuu/malli/program-theory.md"), -1);
	assert_int_equal(pl_file_kind_of("sub/pilot.json"), -1);
	assert_int_equal(pl_file_kind_of("schemas/pilot.schema.json"), -1);
	assert_int_equal(pl_file_kind_of(""), -1);
}

static void schema_name_of_each_kind(void **state)
{
	(void)state;
	assert_string_equal(pl_schema_name(PL_FILE_PILOT), "schemas/pilot.schema.json");
	assert_string_equal(pl_schema_name(PL_FILE_MODEL), "schemas/model.schema.json");
	assert_string_equal(pl_schema_name(PL_FILE_LOGIC_MODEL), "schemas/logic-model.schema.json");
	assert_string_equal(pl_schema_name(PL_FILE_EVALUATION), "schemas/evaluation.schema.json");
}

static void is_id_follows_the_id_rule(void **state)
{
	pl_buf id = PL_BUF_INIT;
	(void)state;
	assert_true(pl_is_id("kainuu"));
	assert_true(pl_is_id("2022-syksy"));
	assert_true(pl_is_id("a"));
	assert_true(pl_is_id("a--"));
	assert_false(pl_is_id(NULL));
	assert_false(pl_is_id(""));
	assert_false(pl_is_id("-kainuu"));
	assert_false(pl_is_id("Kainuu"));
	assert_false(pl_is_id("kainuu_1"));
	assert_false(pl_is_id("ryhm\xc3\xa4"));
	assert_false(pl_is_id("../x"));
	assert_false(pl_is_id("a b"));
	assert_false(pl_is_id("a/b"));
	for (int i = 0; i < 64; i++)
		pl_buf_putc(&id, 'a');
	assert_true(pl_is_id(id.ptr));
	pl_buf_putc(&id, 'a');
	assert_false(pl_is_id(id.ptr));
	pl_buf_release(&id);
}

int main(void)
{
#define EACH(test) cmocka_unit_test_setup_teardown(test, setup, teardown)
	const struct CMUnitTest tests[] = {
		EACH(valid_series_has_no_findings),
		cmocka_unit_test(example_series_in_the_tests_is_valid),
		EACH(series_at_a_revision_is_checked_without_a_checkout),
		EACH(missing_pilot_json_means_no_series),
		EACH(pilot_json_that_does_not_parse_stops_the_check),
		EACH(duplicate_ids_name_the_line_of_the_first),
		EACH(duplicate_ids_in_a_logic_model),
		EACH(workshops_out_of_date_order),
		EACH(workshop_date_that_is_no_calendar_date),
		EACH(text_without_the_main_language),
		EACH(region_piloting_an_undeclared_model),
		EACH(region_piloting_a_model_twice),
		EACH(bad_region_id_is_never_used_as_a_path),
		EACH(model_field_must_match_its_folder),
		EACH(model_mechanism_naming_an_unknown_element),
		EACH(model_outcome_naming_an_unknown_mechanism),
		EACH(region_field_must_match_its_folder),
		EACH(dangling_reference_to_the_reference_model),
		EACH(own_element_with_a_reference),
		EACH(as_is_element_without_a_reference),
		EACH(adapted_element_without_a_reference),
		EACH(element_both_implemented_and_omitted),
		EACH(omitted_element_that_the_model_lacks),
		EACH(element_neither_implemented_nor_omitted_is_a_warning),
		EACH(mechanism_naming_an_unknown_element),
		EACH(mechanism_naming_a_reference_element_instead_of_the_regions),
		EACH(outcome_naming_an_unknown_mechanism),
		EACH(configuration_naming_unknown_items),
		EACH(logic_model_that_does_not_parse_hides_nothing_else),
		EACH(evaluation_model_must_match_its_folder),
		EACH(fidelity_of_an_unknown_element),
		EACH(element_assessed_twice),
		EACH(status_of_an_unknown_outcome),
		EACH(missing_region_file),
		EACH(missing_reference_theory),
		EACH(missing_logic_model_reports_only_that),
		EACH(folder_where_a_file_belongs),
		EACH(symbolic_link_where_a_file_belongs),
		EACH(undeclared_region_folder),
		EACH(undeclared_model_folder),
		EACH(undeclared_model_folder_of_a_region),
		EACH(unexpected_files_and_folders_are_warnings),
		EACH(oversized_json_file),
		EACH(missing_program_theory_section),
		EACH(section_heading_ignores_case_and_spacing),
		EACH(section_heading_keeps_non_ascii_letters),
		EACH(markdown_of_the_maximum_size_is_read),
		EACH(markdown_over_256_kib),
		EACH(invalid_utf8_in_markdown_has_line_and_column),
		EACH(zero_byte_in_markdown),
		EACH(empty_markdown),
		EACH(findings_are_sorted_by_file_and_line),
		cmocka_unit_test(pilot_doc_check_applies_schema_and_rules),
		cmocka_unit_test(pilot_doc_check_of_a_valid_doc_adds_nothing),
		cmocka_unit_test(file_kind_follows_the_path),
		cmocka_unit_test(schema_name_of_each_kind),
		cmocka_unit_test(is_id_follows_the_id_rule),
	};
	int rc;
	git_libgit2_init();
	rc = th_run(tests);
	git_libgit2_shutdown();
	return rc;
}
