/*
 * conf.h - the configuration file, as an immutable snapshot
 *
 * yojin reads one YAML file (libcyaml maps it onto the structs below).
 * Every setting has a default, so yojin runs with no file at all; a file
 * sets only what differs.  Unknown keys, values of the wrong type and
 * values out of range are rejected with the key's path and line:
 *
 *	configuration 'yojin.yml' line 7: unknown key 'hold_secnds' in 'hold'
 *
 * The file is found from --config, else $YOJIN_CONFIG, else none.
 *
 * Check settings: each check that has settings brings its own libcyaml
 * field list (struct yj_conf_ext); the loader accepts them under
 * "checks.<name>", plus "enabled: true|false" for every check.
 *
 * Ownership: a loaded struct yj_conf owns all its strings; it is
 * read-only after yj_conf_load() returns and may be shared by threads.
 * Replace it (SIGHUP) by loading a new one; free the old one when no
 * message uses it any more.
 * Errors: yj_conf_load() returns YJ_ECONF (or YJ_ENOENT for a missing
 * file) with one line in err.
 */
#ifndef YJ_CONF_CONF_H
#define YJ_CONF_CONF_H

#include <cyaml/cyaml.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/org.h"

struct yj_conf_person {
	char		*name;
	char		**aliases;
	unsigned	 naliases;
	char		**addresses;
	unsigned	 naddresses;
	char		*title;
	bool		 executive;
};

struct yj_conf_org {
	char		*name;			/* organization.name */
	char		**domains;		/* internal mail domains */
	unsigned	 ndomains;
	char		**internal_networks;	/* CIDR */
	unsigned	 nnetworks;
	char		*authserv_id;		/* our MTA's A-R id */
	struct yj_conf_person *people;		/* staff and executives */
	unsigned	 npeople;
};

struct yj_conf_brand {
	char		*name;
	char		**tokens;
	unsigned	 ntokens;
	char		**domains;
	unsigned	 ndomains;
};

struct yj_conf_brands {
	bool			 replace_defaults; /* drop the built-in list */
	struct yj_conf_brand	*list;
	unsigned		 nlist;
};

struct yj_conf_store {
	char		*driver;	/* "sqlite" (default) or "postgresql" */
	char		*path;		/* SQLite file */
	char		*conninfo;	/* libpq conninfo for postgresql */
};

struct yj_conf_thresholds {
	unsigned	 tag;		/* score for tag (0: never) */
	unsigned	 hold;		/* outbound: score for hold */
	unsigned	 quarantine;	/* inbound: score for quarantine */
	unsigned	 reject;	/* score for reject (0: never) */
};

struct yj_conf_override {
	char		*finding;	/* "check.finding" or "check.*" */
	char		*action;	/* accept|tag|hold|quarantine|reject|ignore */
	int		*weight;	/* replaces the finding's weight */
	char		*direction;	/* "in", "out", or NULL for both */
	char		**senders;	/* only for these senders (address,
					   "@domain" or "domain"); none: all */
	unsigned	 nsenders;
};

/*
 * Outbound mail that policy does not hold or tag: its findings stay
 * visible with weight 0.  internal_only: every recipient is internal
 * (the mail never leaves).  trusted_domains: every outside recipient is
 * at one of these domains (or below).  senders: the sender is listed
 * (address, "@domain" or "domain").  Critical findings are exempted by
 * internal_only alone.
 */
struct yj_conf_exempt {
	bool		 internal_only;		/* default true */
	char		**trusted_domains;
	unsigned	 ntrusted;
	char		**senders;
	unsigned	 nsenders;
};

struct yj_conf_policy {
	struct yj_conf_thresholds thresholds;
	struct yj_conf_override	*overrides;
	unsigned		 noverrides;
	bool			 critical_escalates; /* critical => hold/quarantine */
	struct yj_conf_exempt	 exempt;	/* outbound exemptions */
};

struct yj_conf_log {
	char		*file;		/* NULL: stderr */
	char		*level;		/* error|warning|info|debug */
};

/*
 * incident: the register's defaults and the cost model's assumptions
 * (spec 5.3; amounts in yen).  Every number the estimate uses is here,
 * so an organisation can put in its own quotes.
 */
#define YJ_CONF_YEN_MAX	1000000000000ULL	/* ¥1 trillion: a sanity bound */

struct yj_conf_cost {
	uint64_t	 initial_response;	/* C_initial */
	uint64_t	 investigation;		/* cause/scope investigation */
	uint64_t	 forensics_pc;		/* per PC examined */
	uint64_t	 forensics_server;	/* per server examined */
	uint64_t	 notice_per_person;	/* letter or mail per person */
	uint64_t	 gift_per_person;	/* apology gift, if offered */
	uint64_t	 call_centre_month;	/* per month of operation */
	unsigned	 call_centre_months;	/* default months ... */
	unsigned	 call_centre_from;	/* ... from this many people */
	uint64_t	 legal;			/* legal advice */
	uint64_t	 consulting;		/* consulting */
	uint64_t	 staff_hour;		/* internal staff, per hour */
	uint64_t	 prevention;		/* recurrence prevention */
	uint64_t	 jo_base;		/* JO model base value */
	unsigned	 sensitive_distress;	/* JO x for "sensitive" (1-3) */
	unsigned	 my_number_economic;	/* JO y for "my_number" (1-3) */
	char		*identifiability;	/* easy|possible|hard */
	char		*social_responsibility;	/* auto|ordinary|high */
	char		*response;		/* appropriate|inappropriate */
	char		**investigation_types;	/* incident types examined */
	unsigned	 ninvestigation_types;
	uint64_t	 benchmark_per_record;	/* IBM Japan 2021 */
	uint64_t	 benchmark_ransomware;	/* JNSA 2025 median */
};

/* incident.tasks: a task template of the organisation's own */
struct yj_conf_task {
	char		*key;		/* stored as "custom.<key>" */
	char		**types;	/* incident types; none: every type */
	unsigned	 ntypes;
	char		*phase;		/* initial ... prevention */
	char		*when;		/* always (NULL), personal, ppc,
					   my_number, local_gov */
	char		*due;		/* known+N, ppc.preliminary, ppc.final,
					   final, or NULL/"" (none) */
	char		*ja;		/* title; when one of the two is */
	char		*en;		/* NULL the other serves */
};

struct yj_conf_incident {
	char			*org_type;	/* private|local_government */
	struct yj_conf_cost	 cost;
	struct yj_conf_task	*tasks;		/* added to the templates */
	unsigned		 ntasks;
	char			**skip_tasks;	/* built-in template keys */
	unsigned		 nskip_tasks;
};

/*
 * milter: - the daemon (yojin milter).  Sizes in bytes, times in seconds.
 */
struct yj_conf_milter {
	char		*listen;	/* inet:PORT@HOST, inet6:..., unix:PATH */
	char		*pid_file;	/* NULL: none */
	char		*node;		/* this MTA host in a shared store */
	bool		 outbound_when_sender_internal;
	char		*subject_prefix; /* "" disables */
	bool		 banner;	/* warning block in the body */
	bool		 outbound_headers; /* X-Yojin-* on outbound mail too */
	unsigned long	 max_message_size; /* scanned at most; over: oversize */
	char		*oversize;	/* "accept" (with a header) or "tempfail" */
	unsigned	 timeout;	/* libmilter I/O timeout */
};

/* hold.approvers[] - who approves mail of which senders */
struct yj_conf_approver {
	char		**senders;	/* "a@b", "@dom", "dom", "*" */
	unsigned	  nsenders;
	char		**approvers;	/* addresses */
	unsigned	  napprovers;
};

/*
 * hold: - outbound holds, delayed send, inbound quarantine.  Durations
 * are written "90s", "15m", "12h", "3d" (or seconds); the *_s fields are
 * derived from them when the file is loaded.
 */
struct yj_conf_hold {
	char		*mode;		/* "self" or "approval" */
	char		*deadline;	/* how long a hold waits */
	char		*deadline_action; /* "release" or "delete" */
	char		*delay;		/* delayed send of external mail; "0" off */
	bool		 delay_notice;	/* tell the sender of a delayed send */
	char		*quarantine_deadline;
	char		*quarantine_deadline_action;
	struct yj_conf_approver *approvers;
	unsigned	 napprovers;
	char		*notice_from;	/* NULL: yojin@<first domain> */
	char		*reply_address;	/* NULL: yojin-hold@<first domain>; "" off */
	char		*report_to;	/* NULL: nobody; copy of every notice */
	bool		 command_sender_must_match;
	char		*postfix_config_directory; /* NULL: Postfix's default */
	char		**helper;	/* argv prefix of the postsuper path */
	unsigned	 nhelper;
	char		*sendmail;	/* Postfix's sendmail(1) */
	char		*check_interval; /* deadline timer of the milter */

	/* derived */
	long		 deadline_s;
	long		 delay_s;
	long		 quarantine_deadline_s;
	long		 check_interval_s;
};

struct yj_conf_ext {
	const char			*name;		/* check name */
	const cyaml_schema_field_t	*fields;	/* may be NULL */
	size_t				 size;		/* settings struct size */
	void				(*defaults)(void *);
	bool				 default_off;
};

struct yj_conf {
	struct yj_conf_org	 organization;
	struct yj_conf_store	 store;
	struct yj_conf_policy	 policy;
	struct yj_conf_log	 log;
	struct yj_conf_brands	 brands;
	struct yj_conf_milter	 milter;
	struct yj_conf_hold	 hold;
	struct yj_conf_incident	 incident;

	/* per check, in the order of the yj_conf_ext array given */
	void			**check_settings;
	bool			 *check_enabled;
	size_t			  nchecks;

	/* derived */
	const char		 *path;		/* file read, or NULL */
	struct yj_org		  org;		/* organization, ready for checks */
	void			 *priv;		/* loader state */
};

/*
 * yj_conf_load - read path (NULL: $YOJIN_CONFIG, else defaults only).
 * ext describes the checks' settings (nchecks entries).
 */
int	yj_conf_load(const char *path, const struct yj_conf_ext *ext,
	    size_t nchecks, struct yj_conf **out, char *err, size_t errsz);
void	yj_conf_free(struct yj_conf *);

/*
 * yj_conf_duration - "90s", "15m", "12h", "3d", "2w" or plain seconds to
 * seconds; 0 or YJ_EINVAL
 */
int	yj_conf_duration(const char *s, long *out);

/* yj_conf_default_store_path - where the SQLite store lives by default */
const char *yj_conf_default_store_path(void);

#endif /* YJ_CONF_CONF_H */
