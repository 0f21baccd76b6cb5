/*
 * attachment_risk - inbound: attachments that run code or hide from
 * scanning
 *
 * The attacks (indicators C1-C9 of ../shared/spec/inbound-and-incident.md,
 * with their sources): Emotet's macro documents, sent directly or in a
 * password-protected ZIP whose password is in the body so that gateways
 * cannot look inside (JPCERT/CC, IPA: S5 S6 S11); executables and
 * scripts (IPA S2, S15); shortcut files, alone or in a ZIP or ISO
 * (JPCERT/CC 2022-04, S7 S8); OneNote files with a script behind a
 * picture (2023-03, S10); disk images that dodge ZIP filters and
 * Mark-of-the-Web (S14 S15); names that lie (double extension, RLO,
 * spaces; S2 S8); archives that inflate to hundreds of MB to pass AV
 * size limits (2023-03, S9); PDFs that run script or link out (S6 S29);
 * HTML attachments that assemble a file in the browser (HTML smuggling).
 * Every member of every container is judged like a top-level file, so a
 * LNK inside an ISO inside a ZIP is still a LNK.
 *
 * Findings (one per kind, listing every file; evidence "file" is the
 * path from the top-level attachment down):
 *   attachment_risk.encrypted_archive_password  C1  high 45
 *   attachment_risk.encrypted_archive           low 10 (cannot be checked)
 *   attachment_risk.encrypted_document          low 10 (25 with a password)
 *   attachment_risk.macro                       C2  high 40 (50 when it
 *                                               auto-runs and shells out)
 *   attachment_risk.executable                  C3  critical 60
 *   attachment_risk.shortcut                    C4  critical 70
 *   attachment_risk.onenote                     C5  high 55
 *   attachment_risk.disk_image                  C6  high 50
 *   attachment_risk.spoofed_name                C7  critical 60
 *   attachment_risk.inflated                    C8  medium 40
 *   attachment_risk.pdf_script                  high 45 (JavaScript with
 *                                               OpenAction, or Launch)
 *   attachment_risk.pdf_link                    C9  low 10
 *   attachment_risk.html_smuggling              high 45 (script + blob)
 *   attachment_risk.html_attachment             medium 25 (script/form)
 *   attachment_risk.dde                         high 40
 *   attachment_risk.remote_template             high 40
 *   attachment_risk.unscannable                 low 10 (a limit stopped
 *                                               the walk, or damaged)
 *
 * Accepted false positives: partners who still send password ZIPs with
 * the password in the same mail (PPAP) get C1 (that is the point:
 * attackers copy the habit; allow such partners in policy.overrides);
 * macro workbooks exchanged as part of real work; installers sent by IT
 * vendors; PDFs with form scripts (JavaScript alone, without an action
 * that runs on open, is not reported) and PDFs with ordinary links (low
 * weight, below the tag threshold on its own).
 */
#include <string.h>

#include "engine/check.h"
#include "mail/attach.h"
#include "util/str.h"

#define MAX_FILES	10	/* files listed per finding */

enum rule {
	R_PASSWORD, R_ENC_ARCHIVE, R_ENC_DOC, R_MACRO, R_EXE, R_LNK,
	R_ONENOTE, R_IMAGE, R_NAME, R_INFLATED, R_PDF_SCRIPT, R_PDF_LINK,
	R_SMUGGLING, R_HTML, R_DDE, R_TEMPLATE, R_UNSCANNABLE, R_COUNT
};

struct rule_def {
	const char		*name;
	enum yj_severity	 sev;
	int			 weight;
	const char		*ja;
	const char		*en;
};

static const struct rule_def rules[R_COUNT] = {
	[R_PASSWORD] = { "encrypted_archive_password", YJ_SEV_HIGH, 45,
	    "パスワード付きの圧縮ファイルが添付され、本文にパスワードが書かれて"
	    "います。Emotet などのウイルスが検査をすり抜けるために使う手口です。"
	    "送信者に電話など別の手段で確認するまで開かないでください。",
	    "A password-protected archive is attached and the password is in "
	    "the mail itself. Emotet and similar malware use this to get past "
	    "scanning. Do not open it until you have confirmed with the "
	    "sender by phone or another channel." },
	[R_ENC_ARCHIVE] = { "encrypted_archive", YJ_SEV_LOW, 10,
	    "暗号化された圧縮ファイルのため、中身を検査できませんでした。"
	    "心当たりのない送信者からのものは開かないでください。",
	    "The archive is encrypted, so its contents could not be checked. "
	    "Do not open it if you do not know the sender." },
	[R_ENC_DOC] = { "encrypted_document", YJ_SEV_LOW, 10,
	    "パスワードで保護された文書のため、中身を検査できませんでした。",
	    "The document is password-protected, so its contents could not "
	    "be checked." },
	[R_MACRO] = { "macro", YJ_SEV_HIGH, 40,
	    "マクロ付きの Office 文書が添付されています。開いても「コンテンツの"
	    "有効化」は押さず、送信者に確認してください。",
	    "An Office document with macros is attached. If you open it, do "
	    "not click \"Enable Content\"; check with the sender first." },
	[R_EXE] = { "executable", YJ_SEV_CRITICAL, 60,
	    "実行ファイルまたはスクリプトが添付されています。開くとプログラムが"
	    "動きます。開かずに情報システム担当に連絡してください。",
	    "A program or script is attached; opening it runs it. Do not open "
	    "it; tell your IT staff." },
	[R_LNK] = { "shortcut", YJ_SEV_CRITICAL, 70,
	    "ショートカット (LNK) ファイルが添付されています。文書に見えても"
	    "開くとコマンドが実行されます。開かずに情報システム担当に連絡して"
	    "ください。",
	    "A Windows shortcut (LNK) is attached. It may look like a "
	    "document but opening it runs a command. Do not open it; tell "
	    "your IT staff." },
	[R_ONENOTE] = { "onenote", YJ_SEV_HIGH, 55,
	    "OneNote ファイルが添付されています。中の画像の裏にスクリプトが"
	    "隠されている手口があります。送信者に確認するまで開かないでください。",
	    "A OneNote file is attached; attackers hide scripts behind "
	    "pictures in them. Do not open it before checking with the "
	    "sender." },
	[R_IMAGE] = { "disk_image", YJ_SEV_HIGH, 50,
	    "ディスクイメージ (ISO/IMG/VHD など) が添付されています。メールの"
	    "検査や警告を避けるためにウイルスが使う形式です。開かないでください。",
	    "A disk image (ISO, IMG, VHD...) is attached, a format malware "
	    "uses to avoid mail filters and warnings. Do not open it." },
	[R_NAME] = { "spoofed_name", YJ_SEV_CRITICAL, 60,
	    "ファイル名が偽装されています (二重拡張子、文字の向きを変える制御"
	    "文字、拡張子の前の空白、または拡張子と中身の不一致)。見た目と違う"
	    "種類のファイルです。開かないでください。",
	    "The file name is disguised (double extension, a text-direction "
	    "control character, spaces before the extension, or an extension "
	    "that does not match the content). It is not what it looks like; "
	    "do not open it." },
	[R_INFLATED] = { "inflated", YJ_SEV_MEDIUM, 40,
	    "圧縮ファイルの中身が異常に大きく膨らみます。ウイルス対策ソフトの"
	    "検査を避ける手口の可能性があります。",
	    "The archive expands to an abnormal size, a trick to get past "
	    "antivirus size limits." },
	[R_PDF_SCRIPT] = { "pdf_script", YJ_SEV_HIGH, 45,
	    "PDF に、開いたときに動く JavaScript や外部プログラムの起動が含まれ"
	    "ています。送信者に確認するまで開かないでください。",
	    "The PDF contains JavaScript that runs when it is opened, or "
	    "starts another program. Do not open it before checking with the "
	    "sender." },
	[R_PDF_LINK] = { "pdf_link", YJ_SEV_LOW, 10,
	    "PDF にリンクが含まれています。リンク先でパスワードなどを入力しない"
	    "でください。",
	    "The PDF contains links. Do not enter passwords or other details "
	    "on the pages they open." },
	[R_SMUGGLING] = { "html_smuggling", YJ_SEV_HIGH, 45,
	    "添付の HTML ファイルが、開くとブラウザの中でファイルを組み立てる"
	    "作り (HTML スマグリング) になっています。開かないでください。",
	    "The attached HTML file builds a file inside the browser when "
	    "opened (HTML smuggling). Do not open it." },
	[R_HTML] = { "html_attachment", YJ_SEV_MEDIUM, 25,
	    "スクリプトや入力フォームを含む HTML ファイルが添付されています。"
	    "偽のログイン画面の可能性があります。パスワードを入力しないでください。",
	    "An HTML file with scripts or a form is attached; it may be a fake "
	    "login page. Do not enter passwords in it." },
	[R_DDE] = { "dde", YJ_SEV_HIGH, 40,
	    "文書に DDE (外部コマンドを呼び出す機能) が含まれています。開いた"
	    "ときに表示される確認には「いいえ」を選んでください。",
	    "The document contains DDE fields that can start commands. If it "
	    "asks to update links or start an application, answer No." },
	[R_TEMPLATE] = { "remote_template", YJ_SEV_HIGH, 40,
	    "文書が開くときに外部のテンプレートを読み込む設定になっています。"
	    "マクロを外部から読み込む手口です。",
	    "The document loads a template from outside when opened, a way to "
	    "bring in macros from a server." },
	[R_UNSCANNABLE] = { "unscannable", YJ_SEV_LOW, 10,
	    "添付ファイルの一部を検査できませんでした (大きさ・入れ子の上限、"
	    "または壊れたファイル)。",
	    "Part of an attachment could not be checked (size or nesting "
	    "limits, or a damaged file)." },
};

struct tally {
	struct yj_check_ctx	*ctx;
	struct yj_finding	*f[R_COUNT];
	unsigned		 files[R_COUNT];
	int			 weight[R_COUNT];
};

/* shown - a path with bidirectional controls made visible ("<U+202E>") */
static const char *
shown(struct yj_arena *a, const char *s)
{
	const char *p = s, *end = s + strlen(s), *q;
	const char *out = "";
	long cp;

	while (p < end) {
		q = p;
		cp = yj_utf8_decode(&p, end);
		if (cp < 0) {
			p = q + 1;
			continue;
		}
		if ((cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
		    cp == 0x200f)
			out = yj_arena_printf(a, "%s<U+%04lX>", out, cp);
		else
			out = yj_arena_printf(a, "%s%.*s", out, (int)(p - q),
			    q);
	}
	return out;
}

/* hit - report file i under rule r (one finding per rule) */
static struct yj_finding *
hit(struct tally *t, enum rule r, size_t i, const char *detail)
{
	struct yj_check_ctx *ctx = t->ctx;
	const struct rule_def *d = &rules[r];
	struct yj_finding *f = t->f[r];

	if (f == NULL) {
		f = yj_report(ctx, d->name, d->sev, t->weight[r] ?
		    t->weight[r] : d->weight);
		yj_explain_ja(ctx, f, "%s", d->ja);
		yj_explain_en(ctx, f, "%s", d->en);
		t->f[r] = f;
	}
	if (t->weight[r] > f->weight)
		f->weight = t->weight[r];
	if (t->files[r]++ < MAX_FILES) {
		yj_evidence(ctx, f, "file", "%s", shown(ctx->arena,
		    yj_attach_path(ctx->arena, ctx->msg, i)));
		if (detail != NULL && *detail != '\0')
			yj_evidence(ctx, f, "detail", "%s", detail);
	}
	return f;
}

/* joined - up to n strings of a vector, comma separated */
static const char *
joined(struct yj_arena *a, const struct yj_strvec *v, size_t n)
{
	const char *s = "";
	size_t i;

	for (i = 0; i < v->nr && i < n; i++)
		s = *s ? yj_arena_printf(a, "%s, %s", s, v->v[i]) : v->v[i];
	return s;
}

/* by_name - what the extension says (the content may say more) */
static void
by_name(struct tally *t, size_t i, const struct yj_attach_info *in,
    const char *ext)
{
	enum yj_att_kind k = yj_attach_ext_kind(ext);

	if (k == YJ_AK_EXECUTABLE && in->kind != YJ_AK_EXECUTABLE)
		hit(t, R_EXE, i, yj_arena_printf(t->ctx->arena, ".%s", ext));
	else if (k == YJ_AK_LNK && in->kind != YJ_AK_LNK)
		hit(t, R_LNK, i, yj_arena_printf(t->ctx->arena, ".%s", ext));
	else if (k == YJ_AK_ONENOTE && in->kind != YJ_AK_ONENOTE)
		hit(t, R_ONENOTE, i, NULL);
	else if (k == YJ_AK_DISK_IMAGE && in->kind != YJ_AK_DISK_IMAGE)
		hit(t, R_IMAGE, i, yj_arena_printf(t->ctx->arena, ".%s", ext));
	/* by name only when the content could not be read: a .docm that
	 * was read and has no VBA project is no macro document */
	if (yj_attach_ext_is_macro(ext) && !(in->facts & YJ_AF_MACROS) &&
	    (t->ctx->msg->atts[i].data_len == 0 || (in->facts &
	    (YJ_AF_ENCRYPTED | YJ_AF_UNREADABLE)) || (in->kind !=
	    YJ_AK_OOXML && in->kind != YJ_AK_OLE2)))
		hit(t, R_MACRO, i, yj_arena_printf(t->ctx->arena,
		    "macro-enabled type .%s", ext));
}

/* by_kind - what the content is */
static void
by_kind(struct tally *t, size_t i, const struct yj_attach_info *in)
{
	struct yj_arena *a = t->ctx->arena;

	switch (in->kind) {
	case YJ_AK_EXECUTABLE:
		hit(t, R_EXE, i, in->format);
		break;
	case YJ_AK_LNK:
		hit(t, R_LNK, i, in->lnk_target ? yj_arena_printf(a,
		    "runs %s %s", in->lnk_target, in->lnk_args ?
		    in->lnk_args : "") : NULL);
		break;
	case YJ_AK_ONENOTE:
		hit(t, R_ONENOTE, i, in->embedded.nr ? yj_arena_printf(a,
		    "%zu embedded files", in->embedded.nr) : NULL);
		break;
	case YJ_AK_DISK_IMAGE:
		hit(t, R_IMAGE, i, in->format);
		break;
	default:
		break;
	}
}

/* name_detail - which name trick */
static const char *
name_detail(const struct yj_attach_info *in)
{
	if (in->facts & YJ_AF_NAME_BIDI)
		return "text-direction control character in the name";
	if (in->facts & YJ_AF_NAME_DOUBLE_EXT)
		return "double extension";
	if (in->facts & YJ_AF_NAME_SPACES)
		return "spaces before the extension";
	return "extension does not match the content";
}

/* macro_detail - modules, and what the code does */
static const char *
macro_detail(struct tally *t, const struct yj_attach_info *in)
{
	struct yj_arena *a = t->ctx->arena;
	const char *s = in->facts & YJ_AF_XLM ? "Excel 4.0 macros" : "VBA";

	if (in->macros.nr > 0)
		s = yj_arena_printf(a, "%s: %s", s, joined(a, &in->macros, 5));
	if (in->keywords.nr > 0)
		s = yj_arena_printf(a, "%s; code uses %s", s,
		    joined(a, &in->keywords, 8));
	return s;
}

/* by_content - macros, PDF, HTML, DDE, templates */
static void
by_content(struct tally *t, size_t i, const struct yj_attach_info *in)
{
	uint64_t f = in->facts;

	if (f & YJ_AF_MACROS) {
		if ((f & YJ_AF_VBA_AUTORUN) && (f & YJ_AF_VBA_SUSPICIOUS))
			t->weight[R_MACRO] = 50;
		hit(t, R_MACRO, i, macro_detail(t, in));
	}
	if ((f & YJ_AF_PDF_LAUNCH) || ((f & YJ_AF_PDF_JS) &&
	    (f & YJ_AF_PDF_AUTO)))
		hit(t, R_PDF_SCRIPT, i, joined(t->ctx->arena, &in->keywords,
		    8));
	else if ((f & YJ_AF_PDF_URI) && in->kind == YJ_AK_PDF)
		hit(t, R_PDF_LINK, i, joined(t->ctx->arena, &in->links, 3));
	if ((f & YJ_AF_HTML_BLOB) && (f & YJ_AF_HTML_SCRIPT))
		hit(t, R_SMUGGLING, i, NULL);
	else if (f & (YJ_AF_HTML_SCRIPT | YJ_AF_HTML_FORM))
		hit(t, R_HTML, i, f & YJ_AF_HTML_FORM ? "form" : "script");
	if (f & YJ_AF_DDE)
		hit(t, R_DDE, i, joined(t->ctx->arena, &in->dde, 2));
	if (f & YJ_AF_TEMPLATE_LINK)
		hit(t, R_TEMPLATE, i, joined(t->ctx->arena, &in->links, 2));
}

/* by_container - encryption, bombs, limits */
static void
by_container(struct tally *t, size_t i, const struct yj_attach_info *in,
    const struct yj_attachment *a)
{
	uint64_t f = in->facts;

	if ((f & YJ_AF_ENCRYPTED_MEMBERS) && (f & (YJ_AF_PASSWORD_IN_MAIL |
	    YJ_AF_PASSWORD_OPENED)))
		hit(t, R_PASSWORD, i, f & YJ_AF_PASSWORD_OPENED ?
		    "opened with the password from the mail; contents checked" :
		    yj_arena_printf(t->ctx->arena, "%u encrypted members",
		    in->encrypted_members));
	else if (f & YJ_AF_ENCRYPTED_MEMBERS)
		hit(t, R_ENC_ARCHIVE, i, NULL);
	if ((f & YJ_AF_ENCRYPTED) && !(a->flags & YJ_ATT_MEMBER &&
	    a->flags & YJ_ATT_ENCRYPTED) && in->kind != YJ_AK_PDF) {
		if (f & YJ_AF_PASSWORD_IN_MAIL)
			t->weight[R_ENC_DOC] = 25;
		hit(t, R_ENC_DOC, i, in->format);
	}
	if (f & (YJ_AF_INFLATED | YJ_AF_LIMIT_RATIO))
		hit(t, R_INFLATED, i, in->limit ? in->limit : yj_arena_printf(
		    t->ctx->arena, "%llu bytes", (unsigned long long)a->size));
	else if (f & (YJ_AF_LIMIT_DEPTH | YJ_AF_LIMIT_MEMBERS |
	    YJ_AF_LIMIT_SIZE))
		hit(t, R_UNSCANNABLE, i, in->limit);
	else if ((f & YJ_AF_UNREADABLE) && (in->kind == YJ_AK_ARCHIVE ||
	    in->kind == YJ_AK_DISK_IMAGE))
		hit(t, R_UNSCANNABLE, i, "damaged or unsupported archive");
}

/* run - judge every attachment and member */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	const struct yj_attach_info *in;
	struct tally t;
	size_t i;

	memset(&t, 0, sizeof(t));
	t.ctx = ctx;
	for (i = 0; i < m->natts; i++) {
		if (m->atts[i].flags & YJ_ATT_MESSAGE)
			continue;
		in = yj_attach_info(&m->atts[i]);
		by_kind(&t, i, in);
		by_name(&t, i, in, yj_attach_ext(ctx->arena,
		    m->atts[i].filename));
		if (in->facts & (YJ_AF_NAME_DOUBLE_EXT | YJ_AF_NAME_BIDI |
		    YJ_AF_NAME_SPACES | YJ_AF_TYPE_MISMATCH))
			hit(&t, R_NAME, i, name_detail(in));
		by_content(&t, i, in);
		by_container(&t, i, in, &m->atts[i]);
	}
}

YJ_CHECK_DEFINE(attachment_risk,
	.summary = "attachments that run code, hide their type, or hide "
	    "from scanning",
	.summary_ja = "プログラムを動かす、種類を偽る、検査を逃れる添付ファイル",
	.directions = YJ_DIR_IN,
	.run = run);
