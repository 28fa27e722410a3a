#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "repo.h"

struct pl_source {
	char *root;      /* folder, or NULL for a git tree */
	git_tree *tree;  /* tree at the revision */
	char *name;
};

int pl_source_open_dir(pl_source **out, const char *root)
{
	struct stat st;
	pl_source *s;

	*out = NULL;
	if (stat(root, &st) < 0)
		return pl_error_errno("open folder", root);
	if (!S_ISDIR(st.st_mode))
		return pl_error_set(PL_EUSAGE, "'%s' is not a folder", root);
	s = pl_calloc(1, sizeof(*s));
	s->root = pl_strdup(root);
	s->name = pl_strdup(root);
	*out = s;
	return 0;
}

int pl_source_open_rev(pl_source **out, git_repository *repo, const char *rev)
{
	git_object *obj = NULL;
	git_object *commit = NULL;
	git_tree *tree = NULL;
	pl_source *s;
	char id[GIT_OID_HEXSZ + 1];
	int err;

	*out = NULL;
	if ((err = git_revparse_single(&obj, repo, rev)) < 0) {
		if (err == GIT_ENOTFOUND || err == GIT_EINVALIDSPEC || err == GIT_EAMBIGUOUS)
			return pl_error_set(PL_ENOTFOUND,
					    "cannot find revision '%s': no revision, tag or workshop of that name",
					    rev);
		return pl_error_git(err, "cannot find revision '%s'", rev);
	}
	if ((err = git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE)) < 0) {
		git_object_free(obj);
		return pl_error_set(PL_EUSAGE, "'%s' names a file, not a revision", rev);
	}
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0)
		git_oid_tostr(id, sizeof(id), git_object_id(commit));
	else
		git_oid_tostr(id, sizeof(id), git_tree_id(tree));
	s = pl_calloc(1, sizeof(*s));
	s->tree = tree;
	s->name = pl_strfmt("%s (%.12s)", rev, id);
	git_object_free(commit);
	git_object_free(obj);
	*out = s;
	return 0;
}

void pl_source_free(pl_source *s)
{
	if (!s)
		return;
	git_tree_free(s->tree);
	free(s->root);
	free(s->name);
	free(s);
}

const char *pl_source_name(const pl_source *s)
{
	return s->name;
}

static char *disk_path(const pl_source *s, const char *path)
{
	return *path ? pl_strfmt("%s/%s", s->root, path) : pl_strdup(s->root);
}

static int read_disk(pl_source *s, const char *path, size_t max, pl_buf *out,
		     size_t *size)
{
	char *full = disk_path(s, path);
	struct stat st;
	int fd = -1, rc = 0;

	if (*path && (rc = pl_path_no_links(s->root, path)) < 0)
		goto done;
	if (lstat(full, &st) < 0) {
		rc = errno == ENOENT || errno == ENOTDIR
			? pl_error_set(PL_ENOTFOUND, "'%s' does not exist", path)
			: pl_error_errno("read", path);
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = pl_error_set(PL_EINVALID, "is not a plain file: it is a folder, a link or a special file");
		goto done;
	}
	*size = (size_t)st.st_size;
	if (*size > max)
		goto done;
	if ((fd = open(full, O_RDONLY | O_NOFOLLOW)) < 0) {
		rc = pl_error_errno("read", path);
		goto done;
	}
	for (;;) {
		ssize_t n;
		pl_buf_grow(out, 65536);
		n = read(fd, out->ptr + out->len, out->cap - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = pl_error_errno("read", path);
			goto done;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		if (out->len > max) {
			/* The file grew while we read it. */
			*size = out->len;
			pl_buf_clear(out);
			break;
		}
	}
	if (out->len)
		*size = out->len;
done:
	if (fd >= 0)
		close(fd);
	free(full);
	return rc;
}

static int read_tree(pl_source *s, const char *path, size_t max, pl_buf *out,
		     size_t *size)
{
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int err, rc = 0;

	if (!*path)
		return pl_error_set(PL_EINVALID, "the top folder is not a plain file");
	if ((err = git_tree_entry_bypath(&e, s->tree, path)) < 0) {
		if (err == GIT_ENOTFOUND)
			return pl_error_set(PL_ENOTFOUND, "'%s' does not exist", path);
		return pl_error_git(err, "cannot read '%s'", path);
	}
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_tree_entry_filemode(e) == GIT_FILEMODE_LINK) {
		rc = pl_error_set(PL_EINVALID, "is not a plain file: it is a folder, a link or a special file");
		goto done;
	}
	if ((err = git_blob_lookup(&blob, git_tree_owner(s->tree), git_tree_entry_id(e))) < 0) {
		rc = pl_error_git(err, "cannot read '%s'", path);
		goto done;
	}
	*size = (size_t)git_blob_rawsize(blob);
	if (*size <= max)
		pl_buf_add(out, git_blob_rawcontent(blob), *size);
done:
	git_blob_free(blob);
	git_tree_entry_free(e);
	return rc;
}

int pl_source_read(pl_source *s, const char *path, size_t max, pl_buf *out,
		   size_t *size)
{
	pl_buf_clear(out);
	*size = 0;
	return s->root ? read_disk(s, path, max, out, size)
		       : read_tree(s, path, max, out, size);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const pl_entry *)a)->name, ((const pl_entry *)b)->name);
}

static void entries_add(pl_entries *e, size_t *cap, const char *name,
			pl_entry_type type)
{
	if (e->count == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		e->items = pl_realloc(e->items, *cap * sizeof(*e->items));
	}
	e->items[e->count].name = pl_strdup(name);
	e->items[e->count].type = type;
	e->count++;
}

static int list_disk(pl_source *s, const char *path, pl_entries *out)
{
	char *full = disk_path(s, path);
	DIR *d = NULL;
	struct dirent *de;
	size_t cap = 0;
	int rc = 0;

	if (*path && (rc = pl_path_no_links(s->root, path)) < 0) {
		free(full);
		return rc == PL_EINVALID ? rc : pl_error_set(PL_ENOTFOUND, "'%s' does not exist", path);
	}
	d = opendir(full);
	if (!d) {
		rc = errno == ENOENT || errno == ENOTDIR
			? pl_error_set(PL_ENOTFOUND, "'%s' does not exist", path)
			: pl_error_errno("read folder", path);
		free(full);
		return rc;
	}
	while ((de = readdir(d))) {
		struct stat st;
		char *child;
		pl_entry_type type = PL_ENTRY_OTHER;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		child = pl_strfmt("%s/%s", full, de->d_name);
		if (lstat(child, &st) == 0) {
			if (S_ISREG(st.st_mode))
				type = PL_ENTRY_FILE;
			else if (S_ISDIR(st.st_mode))
				type = PL_ENTRY_DIR;
		}
		free(child);
		entries_add(out, &cap, de->d_name, type);
	}
	closedir(d);
	free(full);
	return rc;
}

static int list_tree(pl_source *s, const char *path, pl_entries *out)
{
	git_tree_entry *e = NULL;
	git_tree *sub = NULL;
	const git_tree *t = s->tree;
	size_t cap = 0;
	int err;

	if (*path) {
		if ((err = git_tree_entry_bypath(&e, s->tree, path)) < 0)
			return err == GIT_ENOTFOUND
				? pl_error_set(PL_ENOTFOUND, "'%s' does not exist", path)
				: pl_error_git(err, "cannot read '%s'", path);
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
			git_tree_entry_free(e);
			return pl_error_set(PL_ENOTFOUND, "'%s' is not a folder", path);
		}
		err = git_tree_lookup(&sub, git_tree_owner(s->tree), git_tree_entry_id(e));
		git_tree_entry_free(e);
		if (err < 0)
			return pl_error_git(err, "cannot read '%s'", path);
		t = sub;
	}
	for (size_t i = 0; i < git_tree_entrycount(t); i++) {
		const git_tree_entry *c = git_tree_entry_byindex(t, i);
		pl_entry_type type = PL_ENTRY_OTHER;
		if (git_tree_entry_type(c) == GIT_OBJECT_TREE)
			type = PL_ENTRY_DIR;
		else if (git_tree_entry_type(c) == GIT_OBJECT_BLOB &&
			 git_tree_entry_filemode(c) != GIT_FILEMODE_LINK)
			type = PL_ENTRY_FILE;
		entries_add(out, &cap, git_tree_entry_name(c), type);
	}
	git_tree_free(sub);
	return 0;
}

int pl_source_list(pl_source *s, const char *path, pl_entries *out)
{
	int rc;
	memset(out, 0, sizeof(*out));
	rc = s->root ? list_disk(s, path, out) : list_tree(s, path, out);
	if (rc == 0 && out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), cmp_entry);
	return rc;
}

void pl_entries_release(pl_entries *e)
{
	for (size_t i = 0; i < e->count; i++)
		free(e->items[i].name);
	free(e->items);
	memset(e, 0, sizeof(*e));
}
