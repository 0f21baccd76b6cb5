/*
 * attach.h - what is inside an attachment
 *
 * yj_msg_parse() analyses every attachment it records (unless
 * yj_parse_opts.no_attachments is set) and hangs the result on
 * struct yj_attachment.ext; checks read it with yj_attach_info().  The
 * analysis reads, never runs: it recognises the real format from magic
 * bytes (not from the name), then:
 *
 *   - containers (ZIP incl. ZipCrypto and AES entries, 7z, RAR, TAR,
 *     gzip/bzip2/xz, CPIO, CAB, LHA, ISO 9660 images, attached mail as
 *     .eml, Outlook .msg and TNEF winmail.dat, files embedded in
 *     OneNote, PDF and OLE2 packages, OOXML embeddings) are walked:
 *     each member becomes an attachment of its own in msg->atts with
 *     parent = the container's index, depth = parent's depth + 1 and
 *     YJ_ATT_MEMBER, analysed like a top-level one;
 *   - OOXML (xlsx/xlsm/docx/docm/pptx/pptm and templates): sheet names
 *     and states, hidden rows and columns, comments, tracked changes,
 *     document properties, external links, embedded objects, VBA
 *     projects, Excel 4.0 macro sheets, DDE fields; the text;
 *   - OLE2 (xls/doc/ppt, vbaProject.bin, .msg): VBA storages (and the
 *     auto-run and shell keywords of the decompressed source), BIFF8
 *     sheets with their hidden state and XLM macro sheets, encryption
 *     (the EncryptionInfo/EncryptedPackage wrapper of OOXML, BIFF8
 *     FilePass, Word's fEncrypted), summary properties, sheet text;
 *   - PDF: JavaScript, OpenAction/AA, Launch, embedded files, URI
 *     actions, encryption, object streams; keywords are also looked for
 *     inside FlateDecode streams;
 *   - LNK (by magic and CLSID) with its target and arguments, OneNote,
 *     HTML that carries scripts or base64 blobs (HTML smuggling),
 *     executables (PE, ELF, Mach-O), disk images (ISO, VHD, VHDX, DAA,
 *     FAT/UDF images);
 *   - the name: double extension, bidirectional controls (U+202E...),
 *     runs of spaces before the extension, extension against real type.
 *
 * Text read from documents (cell text via shared and inline strings,
 * Word and PowerPoint text, properties, CSV/TXT members) is added to
 * msg->texts flagged YJ_TEXT_ATTACHMENT with yj_text.att naming the
 * attachment; URLs found in attachments are added with YJ_SRC_ATTACHMENT.
 *
 * Limits (util/limits.h): container depth YJ_LIM_ARCHIVE_DEPTH, members
 * per container YJ_LIM_ARCHIVE_MEMBERS, bytes per member
 * YJ_LIM_ARCHIVE_MEMBER and per message YJ_LIM_ARCHIVE_TOTAL, output over
 * input YJ_LIM_ARCHIVE_RATIO, attachments YJ_LIM_ATTACHMENTS, text
 * YJ_LIM_TEXT_*.  Reaching one stops that walk and records a YJ_AF_LIMIT_*
 * fact (and the message anomaly YJ_ANOM_ARCHIVE_LIMIT); a bomb costs at
 * most the limits, never a hang.  Damaged or unsupported content sets
 * YJ_AF_UNREADABLE; nothing fails.
 *
 * Ownership: everything lives in the message arena.
 * Thread safety: analysis is reentrant; the libraries are initialised
 * once per process.
 * References: ECMA-376 (OOXML), MS-CFB, MS-XLS (BoundSheet8, FilePass,
 * SST), MS-DOC (FIB), MS-OVBA, MS-OFFCRYPTO, MS-SHLLINK, MS-ONESTORE,
 * MS-OXMSG, MS-OXTNEF, ISO 32000-1 (PDF), APPNOTE.TXT (ZIP).
 */
#ifndef YJ_MAIL_ATTACH_H
#define YJ_MAIL_ATTACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mail/msg.h"

/* The real format, from the bytes. */
enum yj_att_kind {
	YJ_AK_OTHER,
	YJ_AK_OOXML,		/* Office Open XML package */
	YJ_AK_ODF,		/* OpenDocument package */
	YJ_AK_OLE2,		/* compound file: doc/xls/ppt/msg */
	YJ_AK_PDF,
	YJ_AK_RTF,
	YJ_AK_ARCHIVE,		/* zip, 7z, rar, tar, gz, cab, ... */
	YJ_AK_DISK_IMAGE,	/* iso, img, vhd, vhdx, daa */
	YJ_AK_LNK,		/* Windows shortcut */
	YJ_AK_ONENOTE,
	YJ_AK_HTML,		/* HTML or SVG */
	YJ_AK_EXECUTABLE,	/* PE, ELF, Mach-O, Java archive */
	YJ_AK_MESSAGE,		/* attached mail (.eml) */
	YJ_AK_TNEF,		/* winmail.dat */
	YJ_AK_TEXT,		/* plain text, CSV */
	YJ_AK_IMAGE,
	YJ_AK_COUNT
};

/* Facts, one bit each (struct yj_attach_info.facts). */
#define YJ_AF_ENCRYPTED		(UINT64_C(1) << 0)  /* the file is encrypted */
#define YJ_AF_ENCRYPTED_MEMBERS	(UINT64_C(1) << 1)  /* container has them */
#define YJ_AF_VBA		(UINT64_C(1) << 2)  /* VBA project */
#define YJ_AF_VBA_AUTORUN	(UINT64_C(1) << 3)  /* AutoOpen, Document_Open */
#define YJ_AF_VBA_SUSPICIOUS	(UINT64_C(1) << 4)  /* Shell, download, ... */
#define YJ_AF_XLM		(UINT64_C(1) << 5)  /* Excel 4.0 macro sheet */
#define YJ_AF_DDE		(UINT64_C(1) << 6)  /* DDE / DDEAUTO field */
#define YJ_AF_EXTERNAL_LINKS	(UINT64_C(1) << 7)  /* links to other files */
#define YJ_AF_EMBEDDED		(UINT64_C(1) << 8)  /* embedded objects */
#define YJ_AF_HIDDEN_SHEETS	(UINT64_C(1) << 9)
#define YJ_AF_VERY_HIDDEN	(UINT64_C(1) << 10) /* veryHidden sheets */
#define YJ_AF_HIDDEN_ROWS	(UINT64_C(1) << 11)
#define YJ_AF_HIDDEN_COLS	(UINT64_C(1) << 12)
#define YJ_AF_COMMENTS		(UINT64_C(1) << 13)
#define YJ_AF_TRACKED_CHANGES	(UINT64_C(1) << 14)
#define YJ_AF_PDF_JS		(UINT64_C(1) << 15) /* /JavaScript or /JS */
#define YJ_AF_PDF_AUTO		(UINT64_C(1) << 16) /* /OpenAction or /AA */
#define YJ_AF_PDF_LAUNCH	(UINT64_C(1) << 17) /* /Launch */
#define YJ_AF_PDF_EMBEDDED	(UINT64_C(1) << 18) /* /EmbeddedFile */
#define YJ_AF_PDF_URI		(UINT64_C(1) << 19) /* /URI actions */
#define YJ_AF_PDF_OBJSTM	(UINT64_C(1) << 20) /* object streams */
#define YJ_AF_HTML_SCRIPT	(UINT64_C(1) << 21) /* script in HTML */
#define YJ_AF_HTML_BLOB		(UINT64_C(1) << 22) /* base64 blob: smuggling */
#define YJ_AF_HTML_FORM		(UINT64_C(1) << 23) /* form / password input */
#define YJ_AF_NAME_DOUBLE_EXT	(UINT64_C(1) << 24) /* "invoice.pdf.exe" */
#define YJ_AF_NAME_BIDI		(UINT64_C(1) << 25) /* U+202E and friends */
#define YJ_AF_NAME_SPACES	(UINT64_C(1) << 26) /* "a.pdf      .exe" */
#define YJ_AF_TYPE_MISMATCH	(UINT64_C(1) << 27) /* name vs real type */
#define YJ_AF_INFLATED		(UINT64_C(1) << 28) /* huge or ratio > limit */
#define YJ_AF_LIMIT_DEPTH	(UINT64_C(1) << 29) /* not walked: too deep */
#define YJ_AF_LIMIT_MEMBERS	(UINT64_C(1) << 30) /* more members than kept */
#define YJ_AF_LIMIT_SIZE	(UINT64_C(1) << 31) /* size limit reached */
#define YJ_AF_LIMIT_RATIO	(UINT64_C(1) << 32) /* stopped: bomb */
#define YJ_AF_UNREADABLE	(UINT64_C(1) << 33) /* damaged/unsupported */
#define YJ_AF_TEMPLATE_LINK	(UINT64_C(1) << 34) /* remote template */
#define YJ_AF_ACTIVEX		(UINT64_C(1) << 35) /* ActiveX controls */
#define YJ_AF_PASSWORD_OPENED	(UINT64_C(1) << 36) /* opened with a password
						       found in the mail */
#define YJ_AF_PASSWORD_IN_MAIL	(UINT64_C(1) << 37) /* encrypted, and the mail
						       text gives something
						       password-like */

#define YJ_AF_MACROS	(YJ_AF_VBA | YJ_AF_XLM)
#define YJ_AF_LIMITS	(YJ_AF_LIMIT_DEPTH | YJ_AF_LIMIT_MEMBERS | \
			 YJ_AF_LIMIT_SIZE | YJ_AF_LIMIT_RATIO)

enum yj_sheet_state {
	YJ_SHEET_VISIBLE,
	YJ_SHEET_HIDDEN,
	YJ_SHEET_VERY_HIDDEN,	/* only VBA can show it again */
};

enum yj_sheet_type {
	YJ_SHEET_WORKSHEET,
	YJ_SHEET_MACRO,		/* Excel 4.0 macro sheet */
	YJ_SHEET_CHART,
	YJ_SHEET_DIALOG,
	YJ_SHEET_VBA_MODULE,	/* BIFF8 "Visual Basic module" sheet */
	YJ_SHEET_SLIDE,		/* a PowerPoint slide (hidden ones only) */
};

struct yj_sheet {
	const char		*name;		/* UTF-8 */
	enum yj_sheet_state	 state;
	enum yj_sheet_type	 type;
	unsigned		 hidden_rows;	/* count */
	unsigned		 hidden_cols;
	const char		*rows;		/* "3, 7-9" (cut), "" if none */
	const char		*cols;		/* "C, E-F", "" if none */
};

/* A comment or a tracked change. */
struct yj_att_note {
	const char	*where;		/* "Sheet1!B2", "document", ... */
	const char	*author;	/* "" if none */
	const char	*text;		/* excerpt, "" if none */
};

/* Document properties, "" when absent. */
struct yj_att_props {
	const char	*title;
	const char	*subject;
	const char	*author;
	const char	*last_modified_by;
	const char	*company;
	const char	*manager;
	const char	*keywords;
	const char	*description;
};

struct yj_attach_info {
	enum yj_att_kind	 kind;
	const char		*format;	/* "xlsx", "zip", "pdf", ... */
	uint64_t		 facts;		/* YJ_AF_* */
	const char		*limit;		/* why a walk stopped, or NULL */

	struct yj_sheet		*sheets;
	size_t			 nsheets;
	struct yj_att_note	*comments;
	size_t			 ncomments;
	struct yj_att_note	*changes;	/* tracked changes */
	size_t			 nchanges;
	struct yj_att_props	 props;
	struct yj_strvec	 links;		/* external link targets */
	struct yj_strvec	 embedded;	/* embedded object names */
	struct yj_strvec	 macros;	/* VBA modules, XLM sheets */
	struct yj_strvec	 keywords;	/* VBA/PDF keywords seen */
	struct yj_strvec	 dde;		/* DDE instructions */

	const char		*lnk_target;	/* LNK: path, or NULL */
	const char		*lnk_args;	/* LNK: arguments, or NULL */

	unsigned		 members;	/* members found (containers) */
	unsigned		 encrypted_members;
	uint64_t		 unpacked;	/* bytes decompressed */
	int			 text;		/* index in msg->texts, or -1 */
};

/*
 * yj_attach_info - the analysis of an attachment; never NULL (an
 * attachment that was not analysed answers kind YJ_AK_OTHER, no facts)
 */
const struct yj_attach_info *yj_attach_info(const struct yj_attachment *);

/* yj_attach_has - any of the YJ_AF_* bits in mask */
bool	 yj_attach_has(const struct yj_attachment *, uint64_t mask);

/* yj_attach_fact_name - "vba", "hidden_sheets", ... for bit n (0..63) */
const char *yj_attach_fact_name(unsigned n);

/* yj_attach_kind_name - "ooxml", "archive", ... */
const char *yj_attach_kind_name(enum yj_att_kind);

/*
 * yj_attach_path - "outer.zip/inner.doc": the names from the top-level
 * attachment down to atts[i], in the arena
 */
const char *yj_attach_path(struct yj_arena *, const struct yj_msg *,
	    size_t i);

/*
 * yj_attach_ext - the last extension of a file name, lower case, without
 * the dot ("" if none), in the arena
 */
const char *yj_attach_ext(struct yj_arena *, const char *filename);

/*
 * yj_attach_ext_kind - what an extension claims to be (YJ_AK_OTHER when
 * unknown).  Scripts count as YJ_AK_EXECUTABLE.
 */
enum yj_att_kind yj_attach_ext_kind(const char *ext);

/* yj_attach_ext_is_script - js, vbs, hta, ps1, bat, ... */
bool	 yj_attach_ext_is_script(const char *ext);
/* yj_attach_ext_is_macro - docm, xlsm, pptm, dotm, xltm, xlam, ... */
bool	 yj_attach_ext_is_macro(const char *ext);

/*
 * yj_attach_parse_file - a message with one attachment: data[0..n) under
 * name, analysed like a mail attachment (for tools, tests, benchmarks).
 * Free it with yj_msg_free().
 */
struct yj_msg *yj_attach_parse_file(const void *data, size_t n,
	    const char *name);

#endif /* YJ_MAIL_ATTACH_H */
