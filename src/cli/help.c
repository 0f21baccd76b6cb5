/*
 * help.c - "yojin help [COMMAND|checks]"
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/command.h"
#include "engine/check.h"

/* list_checks - every registered check with its directions */
static int
list_checks(void)
{
	bool ja = yj_cli_japanese();
	size_t i;

	for (i = 0; yj_check_table[i] != NULL; i++) {
		const struct yj_check *c = yj_check_table[i];

		printf("%-22s %-4s%s %s\n", c->name,
		    (c->directions & YJ_DIR_IN) &&
		    (c->directions & YJ_DIR_OUT) ? "both" :
		    (c->directions & YJ_DIR_OUT) ? "out" : "in",
		    c->default_off ? (ja ? " (既定で無効)" : " (off)") : "",
		    ja && c->summary_ja ? c->summary_ja : c->summary);
	}
	return 0;
}

/* run - help for one command, or the list */
static int
run(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		printf("usage: yojin help COMMAND | checks\n\n");
		for (i = 0; yj_command_table[i] != NULL; i++)
			printf("  %-10s %s\n", yj_command_table[i]->name,
			    yj_cli_japanese() ?
			    yj_command_table[i]->summary_ja :
			    yj_command_table[i]->summary);
		return 0;
	}
	if (strcmp(argv[1], "checks") == 0)
		return list_checks();
	for (i = 0; yj_command_table[i] != NULL; i++)
		if (strcmp(yj_command_table[i]->name, argv[1]) == 0) {
			fputs(yj_command_table[i]->usage, stdout);
			return 0;
		}
	yj_cli_error("help", "unknown command '%s'", argv[1]);
	return 2;
}

YJ_COMMAND_DEFINE(help,
	.summary = "show the options of a command, or the list of checks",
	.summary_ja = "コマンドの説明、または検査の一覧を表示する",
	.usage = "usage: yojin help [COMMAND | checks]\n",
	.run = run);
