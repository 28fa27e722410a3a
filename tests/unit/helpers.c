#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "repo.h"

char *th_tempdir(const char *name)
{
	const char *base = getenv("PILOTTI_TEST_TMP");
	char *parent = pl_strfmt("%s", base && *base ? base : "/tmp");
	char *tmpl;
	pl_mkdirs(parent);
	tmpl = pl_strfmt("%s/%s-XXXXXX", parent, name);
	free(parent);
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		abort();
	}
	return tmpl;
}

void th_rmtree(const char *path)
{
	char *cmd = pl_strfmt("rm -rf '%s'", path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
	free(cmd);
}

void th_write(const char *dir, const char *rel, const char *content)
{
	char *path = pl_strfmt("%s/%s", dir, rel);
	assert_int_equal(pl_write_file(path, content, strlen(content)), 0);
	free(path);
}

void th_write_exec(const char *dir, const char *rel, const char *content)
{
	char *path = pl_strfmt("%s/%s", dir, rel);
	th_write(dir, rel, content);
	assert_int_equal(chmod(path, 0755), 0);
	free(path);
}

void th_sh(const char *dir, const char *fmt, ...)
{
	pl_buf cmd = PL_BUF_INIT;
	va_list ap;
	int status;
	pl_buf_printf(&cmd, "cd '%s' && ", dir);
	va_start(ap, fmt);
	pl_buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	status = system(cmd.ptr);
	if (status != 0)
		fail_msg("command failed (%d): %s", status, cmd.ptr);
	pl_buf_release(&cmd);
}

git_oid th_ref_id(const char *path, const char *ref)
{
	git_repository *r = NULL;
	git_oid id;
	assert_int_equal(git_repository_open(&r, path), 0);
	if (git_reference_name_to_id(&id, r, ref) < 0)
		memset(&id, 0, sizeof(id));
	git_error_clear();
	git_repository_free(r);
	return id;
}

char *th_diags_text(const pl_diags *d)
{
	pl_buf b = PL_BUF_INIT;
	pl_diags_format_text(d, &b);
	return pl_buf_detach(&b);
}

void th_assert_diag_at(const pl_diags *d, const char *needle, const char *file, int line)
{
	char *text = th_diags_text(d);
	if (!strstr(text, needle)) {
		print_error("%s:%d: no finding contains \"%s\"; findings:\n%s", file, line, needle, text);
		free(text);
		_fail(file, line);
	}
	free(text);
}
