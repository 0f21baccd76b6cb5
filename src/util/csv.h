/*
 * csv.h - reading CSV (RFC 4180 and what spreadsheets really write)
 *
 * A reader walks a buffer record by record.  Fields may be quoted with
 * '"' (a doubled quote is a quote; commas and line breaks inside quotes
 * belong to the field); records end with LF or CRLF; a UTF-8 byte order
 * mark at the start is skipped.  Malformed input is never an error of
 * the reader: a stray quote inside an unquoted field is kept as text, an
 * unterminated quoted field runs to the end of input, and the record is
 * flagged so the caller can report it with its line number.
 *
 * Ownership: fields point into the reader's own buffer and stay valid
 * until the next call to yj_csv_next() or yj_csv_release().
 * Limits: at most YJ_CSV_MAX_FIELDS fields per record (more are joined
 * into the last and flagged) and YJ_CSV_MAX_RECORD bytes per record (the
 * rest is skipped and flagged).
 * Thread safety: a reader belongs to one thread.
 */
#ifndef YJ_UTIL_CSV_H
#define YJ_UTIL_CSV_H

#include <stdbool.h>
#include <stddef.h>

#define YJ_CSV_MAX_FIELDS	64
#define YJ_CSV_MAX_RECORD	(64 * 1024)

enum yj_csv_flags {
	YJ_CSV_BAD_QUOTE	= 1 << 0,	/* quote in an odd place */
	YJ_CSV_UNTERMINATED	= 1 << 1,	/* quoted field never closed */
	YJ_CSV_TOO_MANY		= 1 << 2,	/* fields beyond the limit */
	YJ_CSV_TOO_LONG		= 1 << 3,	/* record cut at the limit */
};

struct yj_csv {
	const char	*p;		/* input, not owned */
	const char	*end;
	char		*buf;		/* current record's fields */
	size_t		 bufsz;
	const char	*field[YJ_CSV_MAX_FIELDS];
	size_t		 nfields;
	unsigned	 line;		/* first line of the current record */
	unsigned	 next_line;
	unsigned	 flags;		/* YJ_CSV_* of the current record */
};

/* yj_csv_init - read data[0..n), which must outlive the reader */
void	yj_csv_init(struct yj_csv *, const char *data, size_t n);
/* yj_csv_next - the next record; false at the end of input */
bool	yj_csv_next(struct yj_csv *);
void	yj_csv_release(struct yj_csv *);

#endif /* YJ_UTIL_CSV_H */
