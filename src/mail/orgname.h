/*
 * orgname.h - names of organisations and people, as keys for matching
 *
 * The same company is written 株式会社A商事, (株)A商事, ㈱Ａ商事, A商事
 * 株式会社 or "A Shoji Co., Ltd."; the same person 田中 太郎, 田中太郎,
 * タナカ タロウ or "Taro Tanaka".  Matching needs one key per name:
 *
 *   yj_orgname_key()    NFKC_Casefold (full/half width, ㈱ -> (株)),
 *                       legal forms removed wherever they stand
 *                       (株式会社 有限会社 合同会社 ... 一般社団法人,
 *                       (株) (有) (同) ..., Co., Ltd. / Inc. / Corp. /
 *                       LLC / K.K. / GmbH ... and a leading "The"),
 *                       then only letters and digits kept:
 *                       "株式会社 A-商事" -> "a商事";
 *   yj_orgname_core()   the same without the last step, spaces
 *                       collapsed: the form to look for in running text
 *                       ("Acme Trading Co., Ltd." -> "acme trading");
 *   yj_personname_key() NFKC_Casefold, honorifics removed (様 さま 殿
 *                       さん 先生 御中 くん 君 氏, Mr. Mrs. Ms. Dr.
 *                       Prof. -san), katakana folded to hiragana so a
 *                       name matches its reading, only letters and
 *                       digits kept: "タナカ 太郎 様" -> "たなか太郎";
 *   yj_personname_parts() the key of each part of a name ("Skilling,
 *                       Jeff" -> "skilling", "jeff"), so that "Dear
 *                       Jeff" and "田中様" find their people.
 *
 * yj_orgname_extract() finds organisation names that a legal form marks
 * in running text (株式会社X, X(株), "X Inc.", "X Co., Ltd."); it is how
 * sent mail teaches yojin the names of the organisations it writes to.
 * Japanese has no spaces, so a name is the run of kanji, katakana and
 * Latin letters next to the legal form, ending at hiragana, punctuation
 * or space: "株式会社A商事の田中です" gives "A商事".  English names are
 * the capitalised words before the legal form.
 *
 * Keys shorter than YJ_ORGNAME_MIN_KEY code points are returned as ""
 * (too short to mean one organisation).
 *
 * Ownership: results in the arena.  Input: UTF-8 (ill-formed bytes are
 * replaced).  Thread safety: reentrant.
 */
#ifndef YJ_MAIL_ORGNAME_H
#define YJ_MAIL_ORGNAME_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

#define YJ_ORGNAME_MIN_KEY	2

char	*yj_orgname_key(struct yj_arena *, const char *name);
char	*yj_orgname_core(struct yj_arena *, const char *name);
/* yj_orgname_has_legal_form - the name carries a legal form */
bool	 yj_orgname_has_legal_form(struct yj_arena *, const char *name);

char	*yj_personname_key(struct yj_arena *, const char *name);
/* yj_personname_parts - keys of the parts; returns their number */
size_t	 yj_personname_parts(struct yj_arena *, const char *name,
	    const char ***parts);
/* yj_name_is_cjk - the key is written in kanji or kana */
bool	 yj_name_is_cjk(const char *key);

/* yj_name_fold - NFKC_Casefold, katakana to hiragana, letters/digits only */
char	*yj_name_fold(struct yj_arena *, const char *s, size_t n);

struct yj_orgname_mark {
	const char	*name;		/* as written, legal form included */
	const char	*key;		/* yj_orgname_key(name) */
	size_t		 off;		/* byte offset in the text */
	size_t		 len;
};

/*
 * yj_orgname_extract - organisation names marked by a legal form in
 * text[0..len) (NFKC is applied by the caller or not at all: both work,
 * offsets refer to the text given); at most max, in text order, one per
 * key.  Returns the number found.
 */
size_t	 yj_orgname_extract(struct yj_arena *, const char *text, size_t len,
	    size_t max, struct yj_orgname_mark **v);

#endif /* YJ_MAIL_ORGNAME_H */
