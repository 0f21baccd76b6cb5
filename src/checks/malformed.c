/*
 * malformed - mail that is broken, cut, or built to break parsers
 *
 * The parser never fails; it records what was odd as anomalies
 * (mail/msg.h).  This check turns them into findings, so that the policy
 * can weigh them like any other evidence.  Most anomalies are common in
 * legitimate mail (old Japanese clients send raw ISO-2022-JP headers,
 * mailing lists repeat headers, broken Date headers are everywhere) and
 * carry little or no weight; the ones that mean "yojin could not see the
 * whole message" or "this was built to confuse parsers" (MIME bombs,
 * huge headers, several From mailboxes: OpenDMARC CVE-2019-16378) carry
 * enough to tag.
 *
 * Findings: malformed.<anomaly> for each anomaly (see weights below),
 * evidence: where.
 *
 * Accepted false positives: badly built newsletters tagged for a bare
 * MIME syntax error are not tagged: those weigh below the tag threshold.
 */
#include "engine/check.h"

struct rule {
	enum yj_anomaly		 anomaly;
	enum yj_severity	 sev;
	int			 weight;
	const char		*ja;
	const char		*en;
};

static const struct rule rules[] = {
	{ YJ_ANOM_TRUNCATED, YJ_SEV_MEDIUM, 10,
	  "メールが大きすぎるため、先頭部分だけを検査しました。",
	  "The message is too large; only its beginning was examined." },
	{ YJ_ANOM_NOT_MAIL, YJ_SEV_MEDIUM, 25,
	  "メールのヘッダーがありません。メールとして読めない内容です。",
	  "There is no mail header: this is not readable as mail." },
	{ YJ_ANOM_HEADER_SIZE, YJ_SEV_MEDIUM, 20,
	  "極端に長いヘッダーがあります。検査を妨げる細工の可能性があります。",
	  "A header is extremely long, which can be an attempt to defeat "
	  "scanning." },
	{ YJ_ANOM_HEADER_COUNT, YJ_SEV_MEDIUM, 20,
	  "ヘッダーの数が極端に多く、一部を検査していません。",
	  "There are so many headers that some were not examined." },
	{ YJ_ANOM_HEADER_SYNTAX, YJ_SEV_LOW, 5,
	  "ヘッダーの書式が壊れています。",
	  "The header is malformed." },
	{ YJ_ANOM_8BIT_HEADER, YJ_SEV_INFO, 0,
	  "ヘッダーに符号化されていない8ビット文字があります。",
	  "A header carries unencoded 8-bit characters." },
	{ YJ_ANOM_RAW_ISO2022, YJ_SEV_INFO, 0,
	  "ヘッダーに符号化されていない ISO-2022-JP の文字があります (古いメールソフトの送信形式)。",
	  "A header carries raw ISO-2022-JP text (as old mail clients send)." },
	{ YJ_ANOM_BAD_ENCODED_WORD, YJ_SEV_LOW, 3,
	  "ヘッダーの符号化 (RFC 2047) が壊れています。",
	  "An encoded header word (RFC 2047) is broken." },
	{ YJ_ANOM_CHARSET, YJ_SEV_INFO, 0,
	  "文字コードが不明、または宣言と合わない文字があります。",
	  "A charset is unknown or the text does not match it." },
	{ YJ_ANOM_MISLABELLED, YJ_SEV_INFO, 0,
	  "宣言された文字コードが誤っていたため、推定した文字コードで読みました。",
	  "The declared charset was wrong; the text was read with a guessed "
	  "one." },
	{ YJ_ANOM_MIME_DEPTH, YJ_SEV_HIGH, 30,
	  "MIME の入れ子が異常に深く、検査を妨げる細工の可能性があります。",
	  "MIME parts are nested abnormally deep, which can be an attempt to "
	  "defeat scanning." },
	{ YJ_ANOM_MIME_PARTS, YJ_SEV_MEDIUM, 20,
	  "MIME パートの数が異常に多く、一部を検査していません。",
	  "There are so many MIME parts that some were not examined." },
	{ YJ_ANOM_DECODED_SIZE, YJ_SEV_LOW, 10,
	  "添付や本文が大きすぎるため、一部だけを検査しました。",
	  "Parts are so large that only some of their content was examined." },
	{ YJ_ANOM_MIME_SYNTAX, YJ_SEV_LOW, 5,
	  "MIME の構造が壊れています。",
	  "The MIME structure is broken." },
	{ YJ_ANOM_NO_FROM, YJ_SEV_LOW, 10,
	  "差出人 (From) がありません。",
	  "There is no sender (From)." },
	{ YJ_ANOM_MULTI_FROM, YJ_SEV_MEDIUM, 25,
	  "差出人 (From) が複数あります。表示される差出人と実際の差出人が違う可能性があります。",
	  "There are several senders (From); the sender shown may not be the "
	  "real one." },
	{ YJ_ANOM_BAD_ADDRESS, YJ_SEV_LOW, 5,
	  "アドレスの書式が壊れています。",
	  "An address header is malformed." },
	{ YJ_ANOM_DUP_HEADER, YJ_SEV_LOW, 5,
	  "一度だけのはずのヘッダーが重複しています。",
	  "A header that must appear once appears several times." },
	{ YJ_ANOM_NUL, YJ_SEV_LOW, 5,
	  "メールに NUL 文字が含まれています。",
	  "The message contains NUL bytes." },
	{ YJ_ANOM_BAD_DATE, YJ_SEV_INFO, 0,
	  "日付 (Date) がないか、読めません。",
	  "The Date header is missing or unreadable." },
	{ YJ_ANOM_LIMIT_URLS, YJ_SEV_LOW, 5,
	  "URL が多すぎるため、一部だけを検査しました。",
	  "There are so many URLs that only some were examined." },
	{ YJ_ANOM_LIMIT_ATTACHMENTS, YJ_SEV_MEDIUM, 20,
	  "添付ファイルが多すぎるため、一部だけを検査しました。",
	  "There are so many attachments that only some were examined." },
	{ YJ_ANOM_LIMIT_ADDRS, YJ_SEV_LOW, 5,
	  "アドレスが多すぎるため、一部だけを検査しました。",
	  "There are so many addresses that only some were examined." },
	{ YJ_ANOM_TEXT_SIZE, YJ_SEV_LOW, 5,
	  "本文が大きすぎるため、一部だけを検査しました。",
	  "The text is so large that only part of it was examined." },
	{ YJ_ANOM_ARCHIVE_LIMIT, YJ_SEV_LOW, 5,
	  "圧縮ファイルなどの中身が上限 (入れ子・数・大きさ・圧縮率) を超えたため、"
	  "一部だけを検査しました。",
	  "A container (archive, document) reached a limit (nesting, "
	  "members, size or compression ratio); only part of it was "
	  "examined." },
};

/* run - one finding per anomaly */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	struct yj_finding *f;
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct rule *r = &rules[i];

		if (!yj_msg_has_anomaly(m, r->anomaly))
			continue;
		f = yj_report(ctx, yj_anomaly_name(r->anomaly), r->sev,
		    r->weight);
		if (m->anomaly_detail[r->anomaly] != NULL)
			yj_evidence(ctx, f, "detail", "%s",
			    m->anomaly_detail[r->anomaly]);
		yj_explain_ja(ctx, f, "%s", r->ja);
		yj_explain_en(ctx, f, "%s", r->en);
	}
}

YJ_CHECK_DEFINE(malformed,
	.summary = "broken, truncated or parser-hostile mail",
	.summary_ja = "壊れたメール、途中までしか読めないメール、解析を妨げる細工",
	.directions = YJ_DIR_BOTH,
	.run = run);
