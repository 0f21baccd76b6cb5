/*
 * main.c - the yojin program: git-style subcommands
 *
 * "yojin COMMAND ARGS": COMMAND is looked up in the generated command
 * table (every file in src/cli that ends with YJ_COMMAND_DEFINE).  "yojin
 * --version" and "yojin help [COMMAND]" are handled here and in help.c.
 */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/command.h"

/* usage - the command list */
static int
usage(FILE *fp)
{
	bool ja = yj_cli_japanese();
	size_t i;

	fprintf(fp, "usage: yojin [--version] COMMAND [ARGS]\n\n%s\n",
	    ja ? "コマンド:" : "commands:");
	for (i = 0; yj_command_table[i] != NULL; i++)
		fprintf(fp, "  %-10s %s\n", yj_command_table[i]->name,
		    ja ? yj_command_table[i]->summary_ja :
		    yj_command_table[i]->summary);
	fprintf(fp, "\n%s\n", ja ?
	    "'yojin help COMMAND' で各コマンドの説明を表示します。" :
	    "'yojin help COMMAND' shows the options of a command.");
	return fp == stderr ? 2 : 0;
}

int
main(int argc, char **argv)
{
	size_t i;

	setlocale(LC_CTYPE, "");
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		return usage(stderr);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("yojin %s\n", YJ_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return usage(stdout);
	for (i = 0; yj_command_table[i] != NULL; i++)
		if (strcmp(yj_command_table[i]->name, argv[1]) == 0)
			return yj_command_table[i]->run(argc - 1, argv + 1);
	fprintf(stderr, "yojin: unknown command '%s' (see 'yojin --help')\n",
	    argv[1]);
	return 2;
}
