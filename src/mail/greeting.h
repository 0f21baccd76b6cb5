/*
 * greeting.h - who a mail says it is written to: the salutation at the
 * top of its body
 *
 * Japanese business mail opens with the addressee, often on two lines:
 *
 *	株式会社A商事
 *	営業部 田中様
 *
 *	いつもお世話になっております。
 *
 * and English mail with "Dear Mr. Tanaka," or "Hi Jeff,".  The parser
 * reads the first few lines of a body text that are not quoted ('>')
 * and returns each greeting with the person, organisation and
 * department it names:
 *
 *   YJ_GREET_PERSON  田中様, 田中 太郎 様, B さん, 鈴木殿, 佐藤先生,
 *                    田中部長, 株式会社A商事 営業部 C様, Dear B,
 *                    Dear Mr. B, Hi B, Hello B, B-san; several on one
 *                    line (田中様、鈴木様 / Hi Jeff and Ken);
 *   YJ_GREET_ORG     A商事御中, 株式会社A商事 営業部 御中;
 *   YJ_GREET_GROUP   各位, 関係者各位, 皆様, ご担当者様, Dear all,
 *                    Dear Sir or Madam: addressed, but to nobody in
 *                    particular.
 *
 * Japanese leaves ambiguous whether "田中 太郎 様" is a family and a
 * given name or "A 田中 様" an organisation and a name: the last token is
 * the person, the one before it the organisation, and full holds both
 * joined when the one before is short enough to be a family name.  The
 * caller decides with what it knows (contacts, known organisations).
 *
 * A first line that is only a capitalised name and a comma ("Jeff,")
 * is returned as a person with bare = true: it is a greeting only if the
 * name belongs to someone, which the caller decides.
 *
 * Not greetings: お疲れ様です, お世話様, お客様 (as a word inside a
 * sentence), and anything after the first line of running text (a line
 * with 。 or a long sentence), so 様 deep in the body never counts.
 *
 * Input: UTF-8 text as a reader sees it (not casefolded: English names
 * are recognised by their capitals); NFKC is applied here.
 * Ownership: results in the arena.  Thread safety: reentrant.
 */
#ifndef YJ_MAIL_GREETING_H
#define YJ_MAIL_GREETING_H

#include <stdbool.h>
#include <stddef.h>

#include "mail/msg.h"
#include "util/arena.h"

enum yj_greeting_kind {
	YJ_GREET_PERSON,
	YJ_GREET_ORG,
	YJ_GREET_GROUP,
};

struct yj_greeting {
	enum yj_greeting_kind	 kind;
	const char		*text;		/* the greeting as written (NFKC) */
	const char		*person;	/* name without honorific, "" */
	const char		*full;		/* "田中 太郎" when the token
						   before the name may be the
						   family name, else "" */
	const char		*org;		/* organisation, "" */
	const char		*dept;		/* department, "" */
	const char		*honorific;	/* 様, さん, Dear, Hi, ... */
	size_t			 line;		/* 1-based line of the text */
	bool			 bare;		/* "Jeff," alone */
};

/* Lines read from the top of the text, at most. */
#define YJ_GREETING_LINES	6

/*
 * yj_greeting_parse - the greetings at the top of text[0..len), at most
 * max; returns how many.
 */
size_t	yj_greeting_parse(struct yj_arena *, const char *text, size_t len,
	    size_t max, struct yj_greeting **v);

/*
 * yj_greeting_main_text - the text a reader sees first: the first text
 * part that is not an attachment, not inside an attached message and not
 * a non-preferred alternative; NULL when there is none
 */
const struct yj_text *yj_greeting_main_text(const struct yj_msg *);

#endif /* YJ_MAIL_GREETING_H */
