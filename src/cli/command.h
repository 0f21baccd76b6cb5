/*
 * command.h - yojin subcommands
 *
 * Each subcommand is one file in src/cli/ that ends with
 * YJ_COMMAND_DEFINE(name, ...); tools/gen-registry collects them into
 * yj_command_table (git's builtin table, generated).  run() gets argv
 * with argv[0] = the command name and returns the process exit status:
 * 0 success, 1 "done, but something was found or refused" (as the
 * command documents), 2 usage or input error (after one line on stderr).
 */
#ifndef YJ_CLI_COMMAND_H
#define YJ_CLI_COMMAND_H

struct yj_command {
	const char	*name;
	const char	*summary;	/* one line, English */
	const char	*summary_ja;	/* one line, Japanese */
	const char	*usage;		/* synopsis and options, English */
	int		(*run)(int argc, char **argv);
};

#define YJ_COMMAND_DEFINE(n, ...) \
	const struct yj_command yj_command_##n = { .name = #n, __VA_ARGS__ }

extern const struct yj_command *const yj_command_table[];

#endif /* YJ_CLI_COMMAND_H */
