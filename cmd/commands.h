/* The subcommands; each returns the process exit code. */
#ifndef PILOTTI_CMD_COMMANDS_H
#define PILOTTI_CMD_COMMANDS_H

#include "common.h"

int cmd_init(int argc, char **argv, const cli_global *g);
int cmd_validate(int argc, char **argv, const cli_global *g);
int cmd_fmt(int argc, char **argv, const cli_global *g);
int cmd_model(int argc, char **argv, const cli_global *g);
int cmd_region(int argc, char **argv, const cli_global *g);
int cmd_workshop(int argc, char **argv, const cli_global *g);
int cmd_facilitator(int argc, char **argv, const cli_global *g);
int cmd_import(int argc, char **argv, const cli_global *g);
int cmd_show(int argc, char **argv, const cli_global *g);
int cmd_commit(int argc, char **argv, const cli_global *g);
int cmd_status(int argc, char **argv, const cli_global *g);
int cmd_log(int argc, char **argv, const cli_global *g);
int cmd_diff(int argc, char **argv, const cli_global *g);
int cmd_report(int argc, char **argv, const cli_global *g);
int cmd_audit(int argc, char **argv, const cli_global *g);
int cmd_hook(int argc, char **argv, const cli_global *g);
int cmd_remote(int argc, char **argv, const cli_global *g);
int cmd_sync(int argc, char **argv, const cli_global *g);

#endif
