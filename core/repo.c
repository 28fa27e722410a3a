#include "repo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

int pl_series_find(char **out, const char *start)
{
	char *dir = realpath(start, NULL);
	struct stat st;

	*out = NULL;
	if (!dir)
		return pl_error_errno("open folder", start);
	for (;;) {
		char *candidate = pl_strfmt("%s/pilot.json", strcmp(dir, "/") ? dir : "");
		int found = stat(candidate, &st) == 0;
		char *slash;
		free(candidate);
		if (found) {
			*out = dir;
			return 0;
		}
		slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			if (strcmp(dir, "/") == 0)
				break;
			dir[1] = '\0';
			continue;
		}
		*slash = '\0';
	}
	free(dir);
	return pl_error_set(PL_ENOTFOUND,
			    "no pilot series here: neither '%s' nor a folder above it holds pilot.json",
			    start);
}

int pl_repo_open_from_env(git_repository **out)
{
	int err = git_repository_open_ext(out, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (err < 0)
		return pl_error_git(err, "cannot open the repository of this hook");
	return 0;
}

int pl_repo_open(git_repository **out, const char *path)
{
	/* Honour GIT_CEILING_DIRECTORIES as git does when it searches upwards. */
	int err = git_repository_open_ext(out, path, 0, getenv("GIT_CEILING_DIRECTORIES"));
	if (err == GIT_ENOTFOUND)
		return pl_error_set(PL_ENOTFOUND, "'%s' is not in a git repository", path);
	if (err < 0)
		return pl_error_git(err, "cannot open the repository at '%s'", path);
	return 0;
}

int pl_path_no_links(const char *root, const char *rel)
{
	pl_buf p = PL_BUF_INIT;
	const char *s = rel;
	int rc = 0;

	pl_buf_puts(&p, root);
	while (*s) {
		struct stat st;
		size_t n = strcspn(s, "/");
		pl_buf_putc(&p, '/');
		pl_buf_add(&p, s, n);
		if (lstat(p.ptr, &st) < 0) {
			rc = errno == ENOENT || errno == ENOTDIR
				? pl_error_set(PL_ENOTFOUND, "'%.*s' does not exist",
					       (int)(s - rel + n), rel)
				: pl_error_errno("read", p.ptr);
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			rc = pl_error_set(PL_EINVALID,
					  "'%.*s' is a symbolic link; a series holds only plain files and folders",
					  (int)(s - rel + n), rel);
			break;
		}
		s += n;
		while (*s == '/')
			s++;
	}
	pl_buf_release(&p);
	return rc;
}

int pl_mkdirs(const char *path)
{
	char *p;
	int rc = 0;

	if (!*path)
		return pl_error_set(PL_EUSAGE, "no folder name given");
	p = pl_strdup(path);
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			rc = pl_error_errno("create folder", p);
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

int pl_write_file(const char *path, const char *data, size_t len)
{
	const char *slash = strrchr(path, '/');
	char *tmp = NULL;
	int fd = -1, rc = 0;

	if (slash && slash != path) {
		char *dir = pl_strndup(path, (size_t)(slash - path));
		rc = pl_mkdirs(dir);
		free(dir);
		if (rc < 0)
			return rc;
	}
	tmp = pl_strfmt("%s.pilotti-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		rc = pl_error_errno("write", path);
		goto done;
	}
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = pl_error_errno("write", path);
			goto done;
		}
		data += n;
		len -= (size_t)n;
	}
	/* mkstemp makes the file private; series files are ordinary files. */
	{
		mode_t mask = umask(0);
		umask(mask);
		if (fchmod(fd, 0666 & ~mask) < 0) {
			rc = pl_error_errno("write", path);
			goto done;
		}
	}
	/* On disk before it replaces the old file, so a crash leaves one or
	 * the other, never a half-written file. */
	if (fsync(fd) < 0) {
		rc = pl_error_errno("write", path);
		goto done;
	}
	{
		int closed = close(fd);
		fd = -1;
		if (closed < 0) {
			rc = pl_error_errno("write", path);
			goto done;
		}
	}
	if (rename(tmp, path) < 0)
		rc = pl_error_errno("write", path);
done:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp)
		unlink(tmp);
	free(tmp);
	return rc;
}

int pl_person_split(char *text, const char **name, const char **email)
{
	char *lt = strchr(text, '<');
	char *gt = lt ? strchr(lt, '>') : NULL;
	char *start = text, *end = lt;

	*name = *email = NULL;
	while (*start == ' ' || *start == '\t')
		start++;
	while (end && end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	/* Checked before anything is cut, so the message shows the input. */
	if (!lt || !gt || gt[1] != '\0' || end == start || gt == lt + 1)
		return pl_error_set(PL_EUSAGE, "'%s' is not of the form 'Name <e-mail>'", text);
	*gt = '\0';
	*end = '\0';
	*name = start;
	*email = lt + 1;
	return 0;
}

int pl_signature_parse(git_signature **out, const char *text)
{
	char *copy = pl_strdup(text);
	const char *name, *email;
	int rc;

	*out = NULL;
	if ((rc = pl_person_split(copy, &name, &email)) == 0 &&
	    git_signature_now(out, name, email) < 0)
		rc = pl_error_set(PL_EUSAGE, "'%s' is not of the form 'Name <e-mail>'", text);
	free(copy);
	return rc;
}

int pl_signature_default(git_repository *repo, git_signature **out)
{
	return pl_signature_default_at(repo, out, -1);
}

int pl_signature_default_at(git_repository *repo, git_signature **out, git_time_t when)
{
	git_config *cfg = NULL, *snap = NULL;
	const char *name = NULL, *email = NULL;
	int rc = 0;

	*out = NULL;
	if (repo ? git_repository_config_snapshot(&snap, repo) == 0
		 : git_config_open_default(&cfg) == 0 && git_config_snapshot(&snap, cfg) == 0) {
		git_config_get_string(&name, snap, "user.name");
		git_config_get_string(&email, snap, "user.email");
	}
	if (!name || !*name || !email || !*email ||
	    (when < 0 ? git_signature_now(out, name, email)
		      : git_signature_new(out, name, email, when, 0)) < 0)
		rc = pl_error_set(PL_EUSAGE,
				  "who is making this revision? set your name and e-mail with "
				  "'git config --global user.name \"Your Name\"' and "
				  "'git config --global user.email you@example.org', or use --author");
	git_config_free(snap);
	git_config_free(cfg);
	return rc;
}

int pl_repo_create(const char *dir, const char *const *paths, size_t npaths,
		   const char *message, const git_signature *author,
		   git_oid *commit_out)
{
	git_repository_init_options opts;
	git_repository *repo = NULL;
	git_index *index = NULL;
	git_tree *tree = NULL;
	git_oid tree_id;
	int err, rc = 0;

	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	opts.initial_head = "main";
	if ((err = git_repository_init_ext(&repo, dir, &opts)) < 0) {
		rc = pl_error_git(err, "cannot create a repository in '%s'", dir);
		goto done;
	}
	if ((err = git_repository_index(&index, repo)) < 0) {
		rc = pl_error_git(err, "cannot open the index of '%s'", dir);
		goto done;
	}
	for (size_t i = 0; i < npaths; i++) {
		if ((err = git_index_add_bypath(index, paths[i])) < 0) {
			rc = pl_error_git(err, "cannot add '%s'", paths[i]);
			goto done;
		}
	}
	if ((err = git_index_write(index)) < 0 ||
	    (err = git_index_write_tree(&tree_id, index)) < 0 ||
	    (err = git_tree_lookup(&tree, repo, &tree_id)) < 0) {
		rc = pl_error_git(err, "cannot record the files of '%s'", dir);
		goto done;
	}
	if ((err = git_commit_create(commit_out, repo, "HEAD", author, author, NULL,
				     message, tree, 0, NULL)) < 0)
		rc = pl_error_git(err, "cannot commit in '%s'", dir);
done:
	git_tree_free(tree);
	git_index_free(index);
	git_repository_free(repo);
	return rc;
}

int pl_repo_create_bare(git_repository **out, const char *path)
{
	git_repository_init_options opts;
	int err;

	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_BARE |
		     GIT_REPOSITORY_INIT_NO_REINIT;
	opts.initial_head = "main";
	if ((err = git_repository_init_ext(out, path, &opts)) < 0)
		return pl_error_git(err, "cannot create a repository in '%s'", path);
	return 0;
}

int pl_tree_entry_id(git_tree *tree, const char *path, git_oid *out)
{
	git_tree_entry *e = NULL;
	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0)
		return 0;
	git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return 1;
}

int pl_read_file(const char *path, size_t max, pl_buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return pl_error_errno("read", path);
	pl_buf_clear(out);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->len + n > max) {
			rc = pl_error_set(PL_EINVALID, "'%s' is too large (at most %zu bytes)", path, max);
			break;
		}
		pl_buf_add(out, chunk, n);
	}
	if (rc == 0 && ferror(f))
		rc = pl_error_errno("read", path);
	fclose(f);
	return rc;
}
