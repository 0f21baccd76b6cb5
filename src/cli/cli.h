/*
 * cli.h - what the subcommands share
 *
 * Error lines: yj_cli_error() prints "yojin CMD: message" on stderr, one
 * line, lowercase, the object in quotes (git's convention).  Locale: the
 * language of messages for people comes from LC_ALL, LC_MESSAGES or LANG
 * ("ja..." gives Japanese, anything else English); machine output (JSON)
 * always carries both languages.
 */
#ifndef YJ_CLI_CLI_H
#define YJ_CLI_CLI_H

#include <stdbool.h>

#include "conf/conf.h"

/* yj_cli_japanese - true when messages for people should be Japanese */
bool	yj_cli_japanese(void);

/* yj_cli_error - "yojin <cmd>: <message>" on stderr */
void	yj_cli_error(const char *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * yj_cli_load_conf - load the configuration with the checks' settings
 * (path NULL: $YOJIN_CONFIG or defaults).  On error, prints the line
 * and returns NULL.
 */
struct yj_conf *yj_cli_load_conf(const char *cmd, const char *path);

/* yj_cli_usage - print a command's usage to stderr; returns 2 */
int	yj_cli_usage(const char *cmd);

/* Options every command takes. */
#define YJ_CLI_COMMON_USAGE \
	"  -c, --config FILE   configuration file (default: $YOJIN_CONFIG)\n" \
	"  -h, --help          this help\n"

#endif /* YJ_CLI_CLI_H */
