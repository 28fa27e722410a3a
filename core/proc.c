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

/* The environment for the child: ours, with p->env's names replaced. */
static char **child_env(const char *const *extra)
{
	size_t n = 0, k = 0, m = 0;
	char **out;

	while (environ[n])
		n++;
	while (extra && extra[m])
		m++;
	out = pl_calloc(n + m + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(environ[i], '=');
		size_t name = eq ? (size_t)(eq - environ[i]) : strlen(environ[i]);
		int replaced = 0;
		for (size_t j = 0; j < m && !replaced; j++)
			replaced = !strncmp(extra[j], environ[i], name) && extra[j][name] == '=';
		if (!replaced)
			out[k++] = environ[i];
	}
	for (size_t j = 0; j < m; j++)
		out[k++] = (char *)extra[j];
	return out;
}

int pl_proc_run(const pl_proc *p, int *exit_code)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err_pipe[2] = { -1, -1 };
	struct sigaction ignore, old_pipe;
	char **env = child_env(p->env);
	size_t written = 0;
	int status, child_errno = 0, rc = 0;
	pid_t pid;

	if (pipe(in) < 0 || pipe(out) < 0 || pipe(err_pipe) < 0) {
		rc = pl_error_errno("cannot start", p->argv[0]);
		goto done;
	}
	/* The write end of err_pipe closes on exec: a read of 0 bytes means
	 * the program started; otherwise the child sends exec's errno. */
	fcntl(err_pipe[1], F_SETFD, FD_CLOEXEC);
	/* Never block on its input while it waits for us to read its output. */
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	pid = fork();
	if (pid < 0) {
		rc = pl_error_errno("cannot start", p->argv[0]);
		goto done;
	}
	if (pid == 0) {
		int e;
		dup2(in[0], 0);
		if (p->output)
			dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		close(err_pipe[0]);
		if (p->quiet) {
			int null = open("/dev/null", O_WRONLY);
			if (null >= 0)
				dup2(null, 2);
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
	if (read(err_pipe[0], &child_errno, sizeof(child_errno)) != (ssize_t)sizeof(child_errno))
		child_errno = 0;

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
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			rc = pl_error_errno("cannot wait for", p->argv[0]);
			goto done;
		}
	}
	if (child_errno) {
		errno = child_errno;
		rc = pl_error_errno("cannot run", p->argv[0]);
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
