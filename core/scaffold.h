/*
 * scaffold.h - creating a series and adding to it, so that nobody has to
 * write JSON by hand to start.
 *
 * Every change is checked before anything is written: a change that would
 * make pilot.json invalid adds findings to diags and returns PL_EINVALID;
 * files that already exist are never overwritten (PL_EEXISTS).  Files are
 * written in the canonical layout.
 */
#ifndef PILOTTI_SCAFFOLD_H
#define PILOTTI_SCAFFOLD_H

#include <git2.h>
#include <jansson.h>

#include "buf.h"
#include "diag.h"

/* Text with a variant per language; NULL where there is none. */
typedef struct {
	const char *fi;
	const char *sv;
	const char *en;
} pl_text;

typedef struct {
	const char *id;       /* series id */
	pl_text title;
	const char *language; /* "fi", "sv" or "en" */
	const git_signature *author; /* NULL: from git config */
} pl_init_options;

/*
 * Creates a new series repository in dir: pilot.json, the JSON Schemas,
 * .gitattributes, and a first commit on main.  Adds the files written
 * (relative to dir) to written and sets *commit.
 */
int pl_series_init(const char *dir, const pl_init_options *opts, git_oid *commit,
		   pl_strlist *written, pl_diags *diags);

/* A series in a folder, opened for changes. */
typedef struct pl_series pl_series;

/* Loads root/pilot.json.  Free with pl_series_free.  Findings on a
 * pilot.json that does not parse go to diags (PL_EINVALID). */
int pl_series_open(pl_series **out, const char *root, pl_diags *diags);
void pl_series_free(pl_series *s);
/* The series' main language ("fi", "sv" or "en"). */
const char *pl_series_language(const pl_series *s);

/* Adds an operating model to pilot.json and writes its reference model
 * files (models/ID/model.json and theory.md). */
int pl_series_add_model(pl_series *s, const char *id, const pl_text *title,
			pl_strlist *written, pl_diags *diags);

typedef struct {
	const char *name;
	const char *email;
} pl_person;

/* Adds a region to pilot.json and writes its files for each model, from the
 * reference model. */
int pl_series_add_region(pl_series *s, const char *id, const pl_text *name,
			 const char *const *models, size_t nmodels,
			 const pl_person *maintainers, size_t nmaintainers,
			 pl_strlist *written, pl_diags *diags);

/* Lets a region pilot one more model (if it does not already) and writes
 * the region's files for it from the reference model: logic model with the
 * reference core elements as is, evaluation with nothing assessed yet,
 * program theory from the reference's. */
int pl_series_add_region_model(pl_series *s, const char *region, const char *model,
			       pl_strlist *written, pl_diags *diags);

int pl_series_add_workshop(pl_series *s, const char *id, const char *date,
			   const pl_text *title, pl_diags *diags);

int pl_series_add_facilitator(pl_series *s, const pl_person *who, pl_diags *diags);

/* The canonical bytes of a JSON file of kind (a pl_file_kind) holding
 * value.  Used by fmt and by every writer. */
int pl_canonical_json(int kind, const json_t *value, pl_buf *out);

#endif
