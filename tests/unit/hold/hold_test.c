/*
 * hold_test.c - hold/: queue ids, tokens, notices, and the workflow
 *
 * The workflow runs against a real store (SQLite in a temp dir) and two
 * stand-ins written by the test: a "postsuper helper" shell script that
 * keeps a fake hold queue as files (hold/ID) and logs every action, and
 * a "sendmail" script that files each notice it is given.  So every case
 * can check both sides: what the store says, and what the MTA was asked
 * to do, e.g. that a message was released exactly once.  The real helper
 * and Postfix are exercised by tests/e2e.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/engine.h"
#include "hold/hold.h"
#include "hold/notice.h"
#include "hold/queueid.h"
#include "hold/token.h"
#include "store/db.h"
#include "store/hold.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/time.h"

struct fx {
	char			 dir[128];
	struct yj_conf		*conf;
	struct yj_store		*store;
	struct yj_hold_env	 env;
	unsigned char		 key[32];
	int			 released;	/* calls of the learning hook */
};

/* ---- pure functions ------------------------------------------------------- */

static void
test_queue_ids(void **unused)
{
	static const char *const good[] = {
		"3F2A1B4C5D", "ABCDEF", "0123456789ABCDEF01234",
		"4ZkQ1T2bXyzJ7q", "3vLmF72Hd0zBq", "0000000000z1",
		"zzzzzzzzzzzz1",	/* 'z' is a base-52 digit of the time */
	};
	static const char *const bad[] = {
		"", "ALL", "-", "3f2a1b4c5d", "3F2A1", "../hold/x",
		"3F2A 1B4C", "0123456789ABCDEF012345", "4ZkQ1T2bXyzJ7qz",
		"4ZkQ1T2bXyz", "short1z2", "4ZaQ1T2bXyzJ7q", "4ZkQ1T2bXyzJe",
		"4ZkQ1T2bXyz7q\n", "3F2A1B4C5D;rm", "0123456789abcdefghz12",
	};
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!yj_queue_id_valid(good[i]))
			fail_msg("refused '%s'", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (yj_queue_id_valid(bad[i]))
			fail_msg("accepted '%s'", bad[i]);
	assert_false(yj_queue_id_valid(NULL));
}

static void
test_tokens(void **unused)
{
	unsigned char k1[32], k2[32];
	char t[YJ_TOKEN_LEN + 1], up[YJ_TOKEN_LEN + 1];
	size_t i;

	(void)unused;
	memset(k1, 1, sizeof(k1));
	memset(k2, 2, sizeof(k2));
	yj_hold_token(k1, "release", 42, "Tanaka@Example.JP", t);
	assert_int_equal(strlen(t), YJ_TOKEN_LEN);
	assert_true(yj_hold_token_ok(k1, "release", 42, "tanaka@example.jp",
	    t));
	for (i = 0; i <= YJ_TOKEN_LEN; i++)
		up[i] = (char)(t[i] >= 'a' && t[i] <= 'f' ? t[i] - 32 : t[i]);
	assert_true(yj_hold_token_ok(k1, "release", 42, "tanaka@example.jp",
	    up));
	assert_false(yj_hold_token_ok(k2, "release", 42, "tanaka@example.jp",
	    t));
	assert_false(yj_hold_token_ok(k1, "cancel", 42, "tanaka@example.jp",
	    t));
	assert_false(yj_hold_token_ok(k1, "release", 43, "tanaka@example.jp",
	    t));
	assert_false(yj_hold_token_ok(k1, "release", 42, "sato@example.jp",
	    t));
	t[3] = t[3] == '0' ? '1' : '0';
	assert_false(yj_hold_token_ok(k1, "release", 42, "tanaka@example.jp",
	    t));
	assert_false(yj_hold_token_ok(k1, "release", 42, "tanaka@example.jp",
	    "abc"));
	assert_false(yj_hold_token_ok(k1, "release", 42, "tanaka@example.jp",
	    NULL));
}

static void
test_marks(void **unused)
{
	unsigned char k[32];
	char mark[160];
	int64_t now = yj_time_now();

	(void)unused;
	memset(k, 7, sizeof(k));
	yj_notice_mark(k, now, 5, "id@x.example", "aa", mark, sizeof(mark));
	assert_true(yj_notice_mark_ok(k, mark, "id@x.example", "aa", now));
	assert_true(yj_notice_mark_ok(k, mark, "id@x.example", "aa",
	    now + 3600));
	assert_false(yj_notice_mark_ok(k, mark, "id@x.example", "ab", now));
	assert_false(yj_notice_mark_ok(k, mark, "other@x.example", "aa", now));
	assert_false(yj_notice_mark_ok(k, mark, "id@x.example", "aa",
	    now + YJ_MARK_MAX_AGE + 10));
	assert_false(yj_notice_mark_ok(k, mark, "id@x.example", "aa",
	    now - 3600));	/* made in the future */
	assert_false(yj_notice_mark_ok(k, "v=1; t=1; h=1; m=00", "id", "aa",
	    now));
	assert_false(yj_notice_mark_ok(k, "garbage", "id", "aa", now));
}

static void
test_body_hash(void **unused)
{
	struct yj_body_hash h;
	char a[65], b[65];

	(void)unused;
	yj_body_hash_init(&h);
	yj_body_hash_update(&h, "AB\r\nCD\r", 7);
	yj_body_hash_update(&h, "\nEF\n", 4);
	yj_body_hash_final(&h, a);
	yj_body_hash_init(&h);
	yj_body_hash_update(&h, "ABCDEF", 6);
	yj_body_hash_final(&h, b);
	assert_string_equal(a, b);
}

/* ---- fixture ------------------------------------------------------------- */

static const char fake_helper[] =
    "#!/bin/sh\n"
    "# fake yojin-postsuper: a hold queue of files\n"
    "D=$(dirname \"$0\")\n"
    "[ \"$1\" = -c ] && shift 2\n"
    "echo \"$1 $2\" >> \"$D/helper.log\"\n"
    "[ -f \"$D/fail\" ] && { echo 'postsuper: fatal: simulated' >&2; exit 1; }\n"
    "[ -f \"$D/hold/$2\" ] || { echo \"'$2' is not in the hold queue\" >&2; "
    "exit 3; }\n"
    "case $1 in\n"
    "release) mv \"$D/hold/$2\" \"$D/sent/$2\" ;;\n"
    "delete) rm \"$D/hold/$2\" ;;\n"
    "esac\n";

static const char fake_sendmail[] =
    "#!/bin/sh\n"
    "D=$(dirname \"$0\")\n"
    "n=$(ls \"$D/mail\" | grep -c '[.]eml$')\n"
    "echo \"$*\" > \"$D/mail/$n.args\"\n"
    "cat > \"$D/mail/$n.eml\"\n";

/* write_file - text into dir/name with mode */
static void
write_file(const char *dir, const char *name, const char *text, int mode)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	chmod(path, (mode_t)mode);
}

/* load_conf - the test configuration, with extra YAML appended */
static struct yj_conf *
load_conf(struct fx *f, const char *extra)
{
	char yml[4096], err[512];
	struct yj_conf *c;

	snprintf(yml, sizeof(yml),
	    "organization:\n  domains: [yojin-shoji.example]\n"
	    "store:\n  path: %s/store.db\n"
	    "hold:\n  helper: [%s/helper]\n  sendmail: %s/sendmail\n"
	    "  report_to: soumu@yojin-shoji.example\n"
	    "  approvers:\n    - senders: [\"@eigyo.yojin-shoji.example\"]\n"
	    "      approvers: [bucho@yojin-shoji.example]\n%s",
	    f->dir, f->dir, f->dir, extra);
	write_file(f->dir, "conf.yml", yml, 0644);
	snprintf(yml, sizeof(yml), "%s/conf.yml", f->dir);
	if (yj_engine_load_conf(yml, &c, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	return c;
}

/* on_released - the learning hook */
static void
on_released(const struct yj_hold_rec *r, void *arg)
{
	struct fx *f = arg;

	(void)r;
	f->released++;
}

/* open_fixture - store, conf, env */
static void
open_fixture(struct fx *f, const char *extra)
{
	char target[256], err[YJ_DB_ERRMAX];

	f->conf = load_conf(f, extra);
	snprintf(target, sizeof(target), "%s/store.db", f->dir);
	if (yj_store_open(&f->store, "sqlite", target, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(yj_hold_store_secret(f->store, f->key), 0);
	f->env.store = f->store;
	f->env.conf = f->conf;
	f->env.host = "mx1";
	f->env.actor = "test";
	f->env.released = on_released;
	f->env.arg = f;
}

static int
setup(void **state)
{
	struct fx *f = yj_xcalloc(1, sizeof(*f));
	char sub[200];

	snprintf(f->dir, sizeof(f->dir), "/tmp/yj-holdt-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	write_file(f->dir, "helper", fake_helper, 0755);
	write_file(f->dir, "sendmail", fake_sendmail, 0755);
	snprintf(sub, sizeof(sub), "%s/hold", f->dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof(sub), "%s/sent", f->dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof(sub), "%s/mail", f->dir);
	mkdir(sub, 0755);
	open_fixture(f, "");
	*state = f;
	return 0;
}

/* rm_one - nftw callback */
static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	yj_store_close(f->store);
	yj_conf_free(f->conf);
	if (getenv("YJ_TEST_KEEP") == NULL)	/* keep for a look */
		nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	yj_free(f);
	return 0;
}

/* reload - new configuration (extra YAML), same store */
static void
reload(struct fx *f, const char *extra)
{
	yj_store_close(f->store);
	yj_conf_free(f->conf);
	open_fixture(f, extra);
}

/* hold - a held message from sender to two recipients, queue id qid */
static int64_t
hold(struct fx *f, const char *kind, const char *sender, const char *qid)
{
	static const char raw[] =
	    "From: Tanaka <tanaka@yojin-shoji.example>\r\n"
	    "To: a@one.example, b@two.example\r\n"
	    "Subject: =?UTF-8?B?6KaL56mN5pu444Gu6YCB5LuY?=\r\n"
	    "Message-ID: <m1@yojin-shoji.example>\r\n\r\nbody\r\n";
	struct yj_hold_request q;
	struct yj_result res;
	struct yj_msg *m;
	char err[512], path[256];
	int64_t id;

	m = yj_msg_parse(raw, sizeof(raw) - 1, NULL);
	m->env.mail_from = sender;
	yj_strvec_push(m->arena, &m->env.rcpts, "a@one.example");
	yj_strvec_push(m->arena, &m->env.rcpts, "b@two.example");
	memset(&res, 0, sizeof(res));
	res.msg = m;
	res.direction = strcmp(kind, "quarantine") ? YJ_DIR_OUT : YJ_DIR_IN;
	res.verdict = YJ_VERDICT_HOLD;
	res.score = 60;
	memset(&q, 0, sizeof(q));
	q.kind = kind;
	q.queue_id = qid;
	q.result = &res;
	q.findings_json = "[{\"id\":\"recipients.many_orgs\",\"severity\":"
	    "\"high\",\"weight\":50,\"evidence\":{\"organizations\":\"5\"},"
	    "\"explanation\":{\"ja\":\"宛先に5つの社外組織が見えています。\","
	    "\"en\":\"Five outside organisations can see each other.\"}}]";
	q.headers = "From: tanaka@yojin-shoji.example\r\n";
	q.size = 300;
	if (yj_hold_new(&f->env, &q, &id, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	yj_msg_free(m);
	snprintf(path, sizeof(path), "hold/%s", qid);
	write_file(f->dir, path, "", 0644);
	return id;
}

/* state_of - the record's state */
static const char *
state_of(struct fx *f, int64_t id)
{
	static char st[32];

	assert_int_equal(yj_hold_store_state(f->store, id, st, sizeof(st)), 0);
	return st;
}

/* count_lines - lines of dir/name containing needle */
static int
count_lines(struct fx *f, const char *name, const char *needle)
{
	char path[256], line[512];
	FILE *fp;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL)
		n += strstr(line, needle) != NULL;
	fclose(fp);
	return n;
}

/* move - rename dir/from to dir/to */
static void
move(struct fx *f, const char *from, const char *to)
{
	char a[256], b[256];

	snprintf(a, sizeof(a), "%s/%s", f->dir, from);
	snprintf(b, sizeof(b), "%s/%s", f->dir, to);
	assert_int_equal(rename(a, b), 0);
}

/* exists - dir/name exists */
static bool
exists(struct fx *f, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	return access(path, F_OK) == 0;
}

/* mails - how many notices were submitted */
static int
mails(struct fx *f)
{
	char path[256];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "%s/mail", f->dir);
	d = opendir(path);
	while ((de = readdir(d)) != NULL)
		n += strstr(de->d_name, ".eml") != NULL;
	closedir(d);
	return n;
}

/* mail_text - notice i: the decoded body and the raw header into out */
static void
mail_text(struct fx *f, int i, char *hdr, size_t hdrsz, char *body,
    size_t bodysz)
{
	char path[256], *text, *sep;
	guchar *dec;
	gsize len, dlen;

	snprintf(path, sizeof(path), "%s/mail/%d.eml", f->dir, i);
	assert_true(g_file_get_contents(path, &text, &len, NULL));
	sep = strstr(text, "\n\n");
	assert_non_null(sep);
	snprintf(hdr, hdrsz, "%.*s", (int)(sep - text), text);
	dec = g_base64_decode(sep + 2, &dlen);
	snprintf(body, bodysz, "%.*s", (int)dlen, (char *)dec);
	g_free(dec);
	g_free(text);
}

/* link_of - the mailto address for action in a notice body */
static bool
link_of(const char *body, const char *action, char *out, size_t outsz)
{
	char needle[64];
	const char *p, *e;

	snprintf(needle, sizeof(needle), "mailto:yojin-hold+%s-", action);
	if ((p = strstr(body, needle)) == NULL)
		return false;
	p += 7;
	e = strchr(p, '\n');
	snprintf(out, outsz, "%.*s", (int)(e - p), p);
	return true;
}

/* service - one round; returns the stats */
static struct yj_hold_stats
service(struct fx *f)
{
	struct yj_hold_stats st;

	(void)yj_hold_service(&f->env, &st);
	return st;
}

/* ---- the workflow -------------------------------------------------------- */

static void
test_self_release_exactly_once(void **state)
{
	struct fx *f = *state;
	struct yj_hold_rec *r;
	struct yj_hold_stats st;
	char err[512], hdr[4096], body[16384];
	int64_t id;

	id = hold(f, "hold", "tanaka@yojin-shoji.example", "3F2A1B4C5D");
	assert_int_equal(yj_hold_store_get(f->store, id, &r), 0);
	assert_string_equal(r->mode, "self");
	assert_string_equal(r->state, "held");
	assert_string_equal(r->subject, "見積書の送付");
	assert_string_equal(r->recipients,
	    "[\"a@one.example\",\"b@two.example\"]");
	assert_string_equal(r->deadline_action, "delete");
	assert_true(r->deadline > yj_time_now() + 3 * 86400 - 60);
	yj_hold_rec_free(r);

	st = service(f);
	assert_int_equal(st.notices, 1);
	assert_int_equal(mails(f), 2);	/* the sender, and report_to's copy */
	mail_text(f, 0, hdr, sizeof(hdr), body, sizeof(body));
	assert_non_null(strstr(hdr, "To: <tanaka@yojin-shoji.example>"));
	assert_non_null(strstr(hdr, "Auto-Submitted: auto-generated"));
	assert_non_null(strstr(hdr, "References: <m1@yojin-shoji.example>"));
	assert_non_null(strstr(hdr, "X-Yojin-Notice: v=1; t="));
	assert_non_null(strstr(body, "一時保留しました"));
	assert_non_null(strstr(body, "宛先に5つの社外組織が見えています。"));
	assert_non_null(strstr(body, "Five outside organisations"));
	assert_non_null(strstr(body, "mailto:yojin-hold+release-"));
	assert_non_null(strstr(body, "mailto:yojin-hold+cancel-"));
	assert_non_null(strstr(body, "yojin hold release"));
	assert_int_equal(service(f).notices, 0);	/* sent once */

	assert_int_equal(yj_hold_release(&f->env, id, "ok", err, sizeof(err)),
	    0);
	assert_string_equal(state_of(f, id), "released");
	assert_true(exists(f, "sent/3F2A1B4C5D"));
	assert_int_equal(f->released, 1);
	/* again: a clear error, and the MTA is not asked a second time */
	assert_int_equal(yj_hold_release(&f->env, id, "", err, sizeof(err)),
	    YJ_ESTATE);
	assert_non_null(strstr(err, "already released"));
	assert_int_equal(yj_hold_cancel(&f->env, id, "", err, sizeof(err)),
	    YJ_ESTATE);
	assert_int_equal(count_lines(f, "helper.log", "release 3F2A1B4C5D"),
	    1);
	assert_int_equal(count_lines(f, "helper.log", "delete"), 0);
	assert_int_equal(f->released, 1);
	assert_int_equal(yj_hold_release(&f->env, id + 50, "", err,
	    sizeof(err)), YJ_ENOENT);
	assert_non_null(strstr(err, "no held message with id"));
}

static void
test_cancel(void **state)
{
	struct fx *f = *state;
	struct yj_hold_audit *a;
	char err[512];
	int64_t id;
	size_t n;

	id = hold(f, "hold", "tanaka@yojin-shoji.example", "ABCDEF0123");
	assert_int_equal(yj_hold_cancel(&f->env, id, "wrong customer", err,
	    sizeof(err)), 0);
	assert_string_equal(state_of(f, id), "cancelled");
	assert_false(exists(f, "hold/ABCDEF0123"));
	assert_false(exists(f, "sent/ABCDEF0123"));
	assert_int_equal(f->released, 0);
	assert_int_equal(yj_hold_release(&f->env, id, "", err, sizeof(err)),
	    YJ_ESTATE);
	assert_non_null(strstr(err, "already cancelled"));
	assert_int_equal(yj_hold_store_audit_list(f->store, id, &a, &n), 0);
	assert_int_equal(n, 3);		/* held, cancel, cancelled */
	assert_string_equal(a[1].action, "cancel");
	assert_string_equal(a[1].actor, "test");
	assert_string_equal(a[1].detail, "wrong customer");
	yj_hold_audit_free(a, n);
}

/* age_intent - make a record's intent look a crash old */
static void
age_intent(struct fx *f, int64_t id)
{
	struct yj_db_val v = YJ_DB_INT(id);
	struct yj_db *db;

	assert_int_equal(yj_store_db(f->store, &db), 0);
	assert_int_equal(yj_db_execv(db, "UPDATE hold_msg SET updated_at = "
	    "updated_at - 3600 WHERE id = ?", &v, 1), 0);
}

static void
test_crash_recovery(void **state)
{
	struct fx *f = *state;
	struct yj_hold_stats st;
	char err[512];
	int64_t a, b;

	/* crash after the intent, before postsuper: the message is held */
	a = hold(f, "hold", "tanaka@yojin-shoji.example", "AAAA000001");
	assert_int_equal(yj_hold_store_transition(f->store, a, "held",
	    "releasing", "released", "cli:x", "release", ""), 0);
	/* a second caller while it looks in progress is told to wait */
	assert_int_equal(yj_hold_release(&f->env, a, "", err, sizeof(err)),
	    YJ_EBUSY);
	assert_int_equal(yj_hold_cancel(&f->env, a, "", err, sizeof(err)),
	    YJ_ESTATE);
	/* crash after postsuper, before the outcome: the message is gone */
	b = hold(f, "hold", "tanaka@yojin-shoji.example", "BBBB000002");
	assert_int_equal(yj_hold_store_transition(f->store, b, "held",
	    "releasing", "released", "cli:x", "release", ""), 0);
	move(f, "hold/BBBB000002", "sent/BBBB000002");
	st = service(f);
	assert_int_equal(st.resumed, 0);	/* not old enough yet */
	age_intent(f, a);
	age_intent(f, b);
	st = service(f);
	assert_int_equal(st.resumed, 2);
	assert_string_equal(state_of(f, a), "released");
	assert_string_equal(state_of(f, b), "released");
	assert_int_equal(count_lines(f, "helper.log", "release AAAA000001"),
	    1);
	assert_true(exists(f, "sent/AAAA000001"));
	assert_int_equal(f->released, 2);
}

static void
test_gone_and_failing_mta(void **state)
{
	struct fx *f = *state;
	struct yj_hold_audit *a;
	char err[512], path[256];
	int64_t id, id2;
	size_t n;

	id = hold(f, "hold", "tanaka@yojin-shoji.example", "CCCC000003");
	snprintf(path, sizeof(path), "%s/hold/CCCC000003", f->dir);
	unlink(path);	/* deleted by hand with postsuper -d */
	assert_int_equal(yj_hold_release(&f->env, id, "", err, sizeof(err)),
	    YJ_ENOENT);
	assert_non_null(strstr(err, "no longer in the hold queue"));
	assert_string_equal(state_of(f, id), "missing");
	assert_int_equal(f->released, 0);

	id2 = hold(f, "hold", "tanaka@yojin-shoji.example", "DDDD000004");
	write_file(f->dir, "fail", "", 0644);
	assert_int_equal(yj_hold_release(&f->env, id2, "", err, sizeof(err)),
	    YJ_EIO);
	assert_non_null(strstr(err, "simulated"));
	assert_string_equal(state_of(f, id2), "held");	/* can try again */
	assert_int_equal(yj_hold_store_audit_list(f->store, id2, &a, &n), 0);
	assert_string_equal(a[n - 1].action, "error");
	yj_hold_audit_free(a, n);
	snprintf(path, sizeof(path), "%s/fail", f->dir);
	unlink(path);
	assert_int_equal(yj_hold_release(&f->env, id2, "", err, sizeof(err)),
	    0);
	assert_string_equal(state_of(f, id2), "released");
}

static void
test_other_host(void **state)
{
	struct fx *f = *state;
	char err[512];
	int64_t id;

	id = hold(f, "hold", "tanaka@yojin-shoji.example", "EEEE000005");
	f->env.host = "mx2";
	assert_int_equal(yj_hold_release(&f->env, id, "", err, sizeof(err)),
	    YJ_EPERM);
	assert_non_null(strstr(err, "host 'mx1'"));
	f->env.host = "mx1";
	assert_string_equal(state_of(f, id), "held");
	assert_int_equal(count_lines(f, "helper.log", "EEEE000005"), 0);
}

static void
test_deadlines(void **state)
{
	struct fx *f = *state;
	struct yj_db_val v;
	struct yj_db *db;
	int64_t h, d, q;

	reload(f, "  deadline_action: delete\n  delay: 5m\n"
	    "  quarantine_deadline_action: release\n");
	h = hold(f, "hold", "tanaka@yojin-shoji.example", "F00000001");
	d = hold(f, "delay", "tanaka@yojin-shoji.example", "F00000002");
	q = hold(f, "quarantine", "attacker@bad.example", "F00000003");
	assert_int_equal(service(f).expired, 0);
	assert_int_equal(yj_store_db(f->store, &db), 0);
	v = YJ_DB_INT(0);
	assert_int_equal(yj_db_execv(db, "UPDATE hold_msg SET deadline = ?",
	    &v, 1), 0);
	assert_int_equal(service(f).expired, 3);
	assert_string_equal(state_of(f, h), "expired_deleted");
	assert_string_equal(state_of(f, d), "released");
	assert_string_equal(state_of(f, q), "expired_released");
	assert_false(exists(f, "hold/F00000001"));
	assert_true(exists(f, "sent/F00000002"));
	assert_true(exists(f, "sent/F00000003"));
	assert_int_equal(service(f).expired, 0);
}

static void
test_approval_and_commands(void **state)
{
	struct fx *f = *state;
	char err[512], hdr[4096], body[16384], link[256], other[256];
	struct yj_hold_rec *r;
	int64_t id, id2;
	int i, before;

	reload(f, "  mode: approval\n");
	id = hold(f, "hold", "suzuki@eigyo.yojin-shoji.example", "A0000001");
	assert_int_equal(yj_hold_store_get(f->store, id, &r), 0);
	assert_string_equal(r->mode, "approval");
	assert_string_equal(r->approvers, "[\"bucho@yojin-shoji.example\"]");
	yj_hold_rec_free(r);
	/* nobody approves the mail of a sender no rule names */
	id2 = hold(f, "hold", "kimura@soumu.yojin-shoji.example", "A0000002");
	assert_int_equal(yj_hold_store_get(f->store, id2, &r), 0);
	assert_string_equal(r->mode, "admin");
	yj_hold_rec_free(r);

	service(f);
	/* id: WAITING to the sender, APPROVE to bucho, a copy; id2: 2 */
	assert_int_equal(mails(f), 5);
	link[0] = other[0] = '\0';
	for (i = 0; i < 5; i++) {
		mail_text(f, i, hdr, sizeof(hdr), body, sizeof(body));
		if (strstr(hdr, "To: <bucho@") && strstr(body, "suzuki@"))
			assert_true(link_of(body, "approve", link,
			    sizeof(link)));
		if (strstr(hdr, "To: <suzuki@")) {
			assert_false(link_of(body, "release", other,
			    sizeof(other)));
			assert_true(link_of(body, "cancel", other,
			    sizeof(other)));
			assert_non_null(strstr(body, "bucho@yojin-shoji.example"));
		}
	}
	assert_true(link[0] != '\0' && other[0] != '\0');

	/* approve by someone who is not an approver */
	assert_int_equal(yj_hold_approve(&f->env, id, "suzuki@eigyo."
	    "yojin-shoji.example", err, sizeof(err)), YJ_EPERM);
	/* the approver's link, sent from another address */
	before = mails(f);
	assert_int_equal(yj_hold_command(&f->env, link,
	    "mallory@yojin-shoji.example", err, sizeof(err)), YJ_EPERM);
	assert_non_null(strstr(err, "belongs to 'bucho@yojin-shoji.example'"));
	assert_string_equal(state_of(f, id), "held");
	/* a token changed by one digit: refused, and no answer at all */
	before = mails(f);
	other[strlen(other) - 30] ^= 1;
	assert_int_equal(yj_hold_command(&f->env, other,
	    "suzuki@eigyo.yojin-shoji.example", err, sizeof(err)), YJ_EPERM);
	assert_int_equal(mails(f), before);
	/* the approver's own link: released, and told so */
	assert_int_equal(yj_hold_command(&f->env, link,
	    "Bucho@Yojin-Shoji.example", err, sizeof(err)), 0);
	assert_string_equal(state_of(f, id), "released");
	assert_int_equal(mails(f), before + 1);
	mail_text(f, before, hdr, sizeof(hdr), body, sizeof(body));
	assert_non_null(strstr(body, "送信しました"));
	assert_non_null(strstr(body, "was sent"));
	/* the same link again: not a second release */
	assert_int_equal(yj_hold_command(&f->env, link,
	    "bucho@yojin-shoji.example", err, sizeof(err)), YJ_ESTATE);
	assert_int_equal(count_lines(f, "helper.log", "release A0000001"), 1);
	assert_int_equal(yj_hold_command(&f->env,
	    "yojin-hold+approve-1@yojin-shoji.example", "x@y.example", err,
	    sizeof(err)), YJ_EINVAL);
	assert_false(yj_hold_command_rcpt(f->conf, "yojin-hold@other.example"));
	assert_true(yj_hold_command_rcpt(f->conf,
	    "<Yojin-Hold+x@yojin-shoji.example>"));
	assert_false(yj_hold_command_rcpt(f->conf,
	    "yojin-holdx+a@yojin-shoji.example"));
}

static void
test_self_links(void **state)
{
	struct fx *f = *state;
	char err[512], hdr[4096], body[16384], rel[256], can[256];
	int64_t id;

	reload(f, "  delay: 5m\n");
	id = hold(f, "delay", "tanaka@yojin-shoji.example", "D0000001");
	service(f);
	assert_int_equal(mails(f), 1);	/* delayed: no copy to report_to */
	mail_text(f, 0, hdr, sizeof(hdr), body, sizeof(body));
	assert_non_null(strstr(body, "送信予約"));
	assert_true(link_of(body, "cancel", can, sizeof(can)));
	assert_true(link_of(body, "release", rel, sizeof(rel)));
	assert_int_equal(yj_hold_command(&f->env, can,
	    "tanaka@yojin-shoji.example", err, sizeof(err)), 0);
	assert_string_equal(state_of(f, id), "cancelled");
	assert_int_equal(yj_hold_command(&f->env, rel,
	    "tanaka@yojin-shoji.example", err, sizeof(err)), YJ_ESTATE);
	assert_int_equal(count_lines(f, "helper.log", "release"), 0);
}

static void
test_notice_mark_round_trip(void **state)
{
	struct fx *f = *state;
	char hdr[4096], body[16384], path[256], *text, *mid, *mark, *e;
	struct yj_body_hash h;
	char hash[65];
	gsize len;
	int64_t id;

	id = hold(f, "hold", "tanaka@yojin-shoji.example", "E0000001");
	(void)id;
	service(f);
	mail_text(f, 0, hdr, sizeof(hdr), body, sizeof(body));
	snprintf(path, sizeof(path), "%s/mail/0.eml", f->dir);
	assert_true(g_file_get_contents(path, &text, &len, NULL));
	mid = strstr(text, "Message-ID: <") + 13;
	*strchr(mid, '>') = '\0';
	mark = strstr(mid + strlen(mid) + 1, "X-Yojin-Notice: ") + 16;
	e = strchr(mark, '\n');
	*e = '\0';
	/* the body as the milter sees it: CRLF line ends */
	yj_body_hash_init(&h);
	for (char *p = e + 2; *p; p++)
		yj_body_hash_update(&h, *p == '\n' ? "\r\n" : p,
		    *p == '\n' ? 2 : 1);
	yj_body_hash_final(&h, hash);
	assert_true(yj_hold_notice_ok(f->store, mark, mid, hash));
	assert_false(yj_hold_notice_ok(f->store, mark, "other@id", hash));
	hash[0] = hash[0] == 'a' ? 'b' : 'a';
	assert_false(yj_hold_notice_ok(f->store, mark, mid, hash));
	g_free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue_ids),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_body_hash),
		cmocka_unit_test_setup_teardown(test_self_release_exactly_once,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crash_recovery, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gone_and_failing_mta,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_host, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deadlines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_approval_and_commands,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_self_links, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_notice_mark_round_trip,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
