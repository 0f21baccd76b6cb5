/*
 * yj-hold-fixture - put a hold record into a store, for the incident
 * suite (the milter is what makes holds in real life)
 *
 *   yj-hold-fixture DRIVER TARGET released|held
 *
 * adds an outbound hold of a quotation sent to two outside addresses,
 * with a finding that names two attached files; "released" then takes it
 * through releasing to released as 'yojin hold release' would (actor
 * cli:sato).  Prints the hold's id.  Exit status 0, or 2 with a line on
 * standard error.
 */
#include <stdio.h>
#include <string.h>

#include "store/hold.h"
#include "store/store.h"
#include "util/time.h"

int
main(int argc, char **argv)
{
	char err[1024];
	struct yj_store *s;
	struct yj_hold_rec r;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: yj-hold-fixture DRIVER TARGET "
		    "released|held\n");
		return 2;
	}
	if (yj_store_open(&s, argv[1], argv[2], err, sizeof(err)) != 0) {
		fprintf(stderr, "yj-hold-fixture: %s\n", err);
		return 2;
	}
	memset(&r, 0, sizeof(r));
	r.host = "mx1";
	r.queue_id = "4F2A1B3C9D";
	r.kind = "hold";
	r.mode = "self";
	r.direction = "out";
	r.sender = "tanaka@yojin-shoji.example";
	r.recipients = "[\"suzuki@client-a.example\", "
	    "\"info@client-b.example\"]";
	r.subject = "お見積書の送付";
	r.message_id = "q1@yojin-shoji.example";
	r.verdict = "hold";
	r.score = 60;
	r.findings = "[{\"id\": \"recipients.visible\", "
	    "\"severity\": \"high\", "
	    "\"explanation\": {\"ja\": \"社外の宛先が互いに見えます\"}, "
	    "\"evidence\": {\"file\": [\"見積書.xlsx\", \"顧客一覧.csv\"]}}]";
	r.approvers = "[]";
	r.headers = "";
	r.size = 2048;
	r.deadline = yj_time_now() + 3600;
	r.deadline_action = "delete";
	rc = yj_hold_store_add(s, &r, "milter");
	if (rc == 0 && strcmp(argv[3], "released") == 0)
		rc = yj_hold_store_transition(s, r.id, "held", "releasing",
		    "released", "cli:sato", "release", "checked by hand");
	if (rc == 0 && strcmp(argv[3], "released") == 0)
		rc = yj_hold_store_transition(s, r.id, "releasing",
		    "released", NULL, "cli:sato", "released", "");
	if (rc != 0) {
		fprintf(stderr, "yj-hold-fixture: %s\n", yj_store_errmsg(s));
		yj_store_close(s);
		return 2;
	}
	printf("%lld\n", (long long)r.id);
	yj_store_close(s);
	return 0;
}
