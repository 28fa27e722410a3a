#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"

extern char **environ;

/* True if the variable "NAME=value" is named in names (entries are
 * "NAME" or "NAME=value"). */
static int named(const char *var, const char *const *names)
{
	const char *eq = strchr(var, '=');
	size_t len = eq ? (size_t)(eq - var) : strlen(var);
	for (size_t j = 0; names && names[j]; j++)
		if (!strncmp(names[j], var, len) && (names[j][len] == '=' || names[j][len] == '\0'))
			return 1;
	return 0;
}

/* The environment for the child: ours without p->unset's names, with
 * p->env's names replaced. */
static char **child_env(const char *const *extra, const char *const *unset)
{
	size_t n = 0, k = 0, m = 0;
	char **out;

	while (environ[n])
		n++;
	while (extra && extra[m])
		m++;
	out = pl_calloc(n + m + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		if (!named(environ[i], extra) && !named(environ[i], unset))
			out[k++] = environ[i];
	for (size_t j = 0; j < m; j++)
		out[k++] = (char *)extra[j];
	return out;
}

int pl_proc_run(const pl_proc *p, int *exit_code)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err_pipe[2] = { -1, -1 };
	struct sigaction ignore, old_pipe;
	char **env = child_env(p->env, p->unset);
	size_t written = 0;
	int status, child_errno = 0, rc = 0;
	pid_t pid;

	if (pipe(in) < 0 || pipe(out) < 0 || pipe(err_pipe) < 0) {
		rc = pl_error_errno("start", p->argv[0]);
		goto done;
	}
	/* The write end of err_pipe closes on exec: a read of 0 bytes means
	 * the program started; otherwise the child sends exec's errno. */
	fcntl(err_pipe[1], F_SETFD, FD_CLOEXEC);
	/* Never block on its input while it waits for us to read its output. */
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	pid = fork();
	if (pid < 0) {
		rc = pl_error_errno("start", p->argv[0]);
		goto done;
	}
	if (pid == 0) {
		int e;
		/* A pipe end may already be 0 or 1 if ours were closed. */
		if (in[0] != 0) {
			dup2(in[0], 0);
			close(in[0]);
		}
		if (!p->output) {
			close(out[1]);
		} else if (out[1] != 1) {
			dup2(out[1], 1);
			close(out[1]);
		}
		close(in[1]);
		close(out[0]);
		close(err_pipe[0]);
		if (p->quiet) {
			int null = open("/dev/null", O_WRONLY);
			if (null >= 0 && null != 2) {
				dup2(null, 2);
				close(null);
			}
		}
		if (p->dir && chdir(p->dir) < 0) {
			e = errno;
		} else {
			environ = env;
			execvp(p->argv[0], (char *const *)p->argv);
			e = errno;
		}
		if (write(err_pipe[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err_pipe[1]);
	in[0] = out[1] = err_pipe[1] = -1;
	for (;;) {
		ssize_t got = read(err_pipe[0], &child_errno, sizeof(child_errno));
		if (got < 0 && errno == EINTR)
			continue;
		if (got != (ssize_t)sizeof(child_errno))
			child_errno = 0;
		break;
	}

	/* A program that ends without reading its input must not end us. */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, &old_pipe);
	if (!p->input || p->input_len == 0 || child_errno) {
		close(in[1]);
		in[1] = -1;
	}
	while (in[1] >= 0 || (p->output && out[0] >= 0)) {
		struct pollfd fds[2];
		nfds_t nfds = 0;
		int ri = -1, wi = -1;
		if (p->output && out[0] >= 0) {
			fds[nfds].fd = out[0];
			fds[nfds].events = POLLIN;
			ri = (int)nfds++;
		}
		if (in[1] >= 0) {
			fds[nfds].fd = in[1];
			fds[nfds].events = POLLOUT;
			wi = (int)nfds++;
		}
		if (poll(fds, nfds, -1) < 0) {
			if (errno == EINTR)
				continue;
			/* Give up talking to it; closing our ends lets it finish. */
			break;
		}
		if (ri >= 0 && fds[ri].revents) {
			char chunk[4096];
			ssize_t n = read(out[0], chunk, sizeof(chunk));
			if (n > 0) {
				pl_buf_add(p->output, chunk, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(out[0]);
				out[0] = -1;
			}
		}
		if (wi >= 0 && fds[wi].revents) {
			ssize_t n = write(in[1], p->input + written, p->input_len - written);
			if (n > 0)
				written += (size_t)n;
			if ((n < 0 && errno != EINTR && errno != EAGAIN) || written == p->input_len) {
				close(in[1]);
				in[1] = -1;
			}
		}
	}
	sigaction(SIGPIPE, &old_pipe, NULL);
	if (in[1] >= 0) {
		close(in[1]);
		in[1] = -1;
	}
	if (out[0] >= 0) {
		close(out[0]);
		out[0] = -1;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			rc = pl_error_errno("wait for", p->argv[0]);
			goto done;
		}
	}
	if (child_errno) {
		errno = child_errno;
		rc = pl_error_errno("run", p->argv[0]);
		goto done;
	}
	*exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
done:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
		if (err_pipe[i] >= 0)
			close(err_pipe[i]);
	}
	free(env);
	return rc;
}
