/*
 * cli.c - shared helpers of the subcommands
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/command.h"
#include "engine/engine.h"

/* yj_cli_japanese - locale says Japanese */
bool
yj_cli_japanese(void)
{
	const char *v;

	v = getenv("LC_ALL");
	if (v == NULL || *v == '\0')
		v = getenv("LC_MESSAGES");
	if (v == NULL || *v == '\0')
		v = getenv("LANG");
	return v != NULL && strncmp(v, "ja", 2) == 0;
}

/* yj_cli_error - one error line */
void
yj_cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "yojin %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* yj_cli_load_conf - configuration or an error line */
struct yj_conf *
yj_cli_load_conf(const char *cmd, const char *path)
{
	struct yj_conf *c;
	char err[1024];

	if (yj_engine_load_conf(path, &c, err, sizeof(err)) != 0) {
		yj_cli_error(cmd, "%s", err);
		return NULL;
	}
	return c;
}

/* yj_cli_usage - usage of a command on stderr */
int
yj_cli_usage(const char *cmd)
{
	size_t i;

	for (i = 0; yj_command_table[i] != NULL; i++)
		if (strcmp(yj_command_table[i]->name, cmd) == 0) {
			fputs(yj_command_table[i]->usage, stderr);
			break;
		}
	return 2;
}
