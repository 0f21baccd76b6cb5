/*
 * main.c - the yojin program: git-style subcommands
 */
#include <stdio.h>
#include <string.h>

#include "cli/command.h"

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "usage: yojin COMMAND [ARGS]\n");
		return 2;
	}
	for (i = 0; yj_command_table[i] != NULL; i++)
		if (strcmp(yj_command_table[i]->name, argv[1]) == 0)
			return yj_command_table[i]->run(argc - 1, argv + 1);
	fprintf(stderr, "yojin: unknown command '%s'\n", argv[1]);
	return 2;
}
