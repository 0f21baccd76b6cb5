/*
 * intel.h - local threat intelligence: block and allow lists
 *
 * An entry says "this indicator is bad" (block) or "this indicator is
 * ours to trust" (allow).  Kinds:
 *
 *   address  one mailbox, "local@domain" (sender, Reply-To, ...)
 *   domain   a domain and every subdomain, as a mail domain or a link host
 *   url      one URL exactly
 *   host     every URL on exactly this host
 *   prefix   every URL that starts with this text
 *   sha256   an attachment's content, 64 lower-case hex digits
 *
 * Values are stored as given and compared exactly, so every writer must
 * normalise them first with yj_ioc_normalize() (mail/ioc.h): lower-case
 * A-label domains, URLs as "scheme://host[:port]/path[?query]" without
 * userinfo or fragment.  The store refuses values with spaces or control
 * characters (YJ_EINVAL) and derives the URL host of url and prefix
 * entries itself.
 *
 * Matching (yj_intel_match and the cache) answers "is this seen
 * indicator listed?" for what a message holds:
 *
 *   an address   its address entry, then domain (and host) entries for
 *                its domain and each parent domain
 *   a domain     domain entries for it and each parent, host entries for it
 *   a URL        its url entry, prefix entries on its host, the host
 *                entry, domain entries for the host and each parent
 *   a hash       its sha256 entry
 *
 * in that order (most specific first), in one list; http and https
 * count as one scheme (phishing sites answer on both).  Entries past
 * their expiry time never match.
 *
 * Every change (add, remove, import, expiry) runs in one transaction and
 * bumps a generation number in the same transaction, so that a reader
 * holding a copy (struct yj_intel_cache) can tell cheaply that its copy
 * is stale.
 *
 * Ownership: entries returned by lookups hold heap strings; release them
 * with yj_intel_entry_release().  Entries given to add are borrowed.
 * Errors: 0 or a negative YJ_E* code; yj_store_errmsg() says why.
 * Thread safety: every function uses the calling thread's connection.
 * A cache may be shared by threads (a read-write lock guards it).
 */
#ifndef YJ_STORE_INTEL_H
#define YJ_STORE_INTEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct yj_store;

enum yj_intel_list {
	YJ_INTEL_BLOCK,
	YJ_INTEL_ALLOW,
};

enum yj_intel_kind {
	YJ_INTEL_ADDRESS,
	YJ_INTEL_DOMAIN,
	YJ_INTEL_URL,
	YJ_INTEL_HOST,
	YJ_INTEL_PREFIX,
	YJ_INTEL_SHA256,
};
#define YJ_INTEL_NKINDS	6

/* What is being looked up (see "Matching" above). */
enum yj_intel_query {
	YJ_INTEL_Q_ADDRESS,
	YJ_INTEL_Q_DOMAIN,
	YJ_INTEL_Q_URL,
	YJ_INTEL_Q_SHA256,
};

/* Longest value accepted, in bytes (long phishing URLs included). */
#define YJ_INTEL_VALUE_MAX	4096

struct yj_intel_entry {
	int64_t			 id;
	enum yj_intel_list	 list;
	enum yj_intel_kind	 kind;
	const char		*value;
	const char		*source;	/* "manual", "jpcert"...; "" */
	const char		*note;		/* brand, reason; "" */
	int64_t			 created_at;	/* epoch seconds */
	int64_t			 expires_at;	/* 0: never */
};

/* Names as written in the store, on the command line and in CSV files. */
const char *yj_intel_list_name(enum yj_intel_list);
const char *yj_intel_kind_name(enum yj_intel_kind);
/* parse: 0, or YJ_EINVAL for an unknown name */
int	yj_intel_list_parse(const char *, enum yj_intel_list *);
int	yj_intel_kind_parse(const char *, enum yj_intel_kind *);

/*
 * yj_intel_add - add an entry, or update the source, note and expiry of
 * the entry with the same list, kind and value.  created_at 0 means now.
 * *idp (may be NULL) gets the entry's id; *added (may be NULL) whether
 * it is new.
 */
int	yj_intel_add(struct yj_store *, const struct yj_intel_entry *,
	    int64_t *idp, bool *added);

struct yj_intel_import {
	size_t	 added;
	size_t	 updated;
	size_t	 removed;	/* by replace_source */
};

/*
 * yj_intel_add_many - add v[0..n) in ONE transaction (all or nothing).
 * When replace_source is not NULL, entries of that source that are not
 * in v are removed in the same transaction (a feed re-imported in
 * full).  *st (may be NULL) gets the counts.
 */
int	yj_intel_add_many(struct yj_store *, const struct yj_intel_entry *v,
	    size_t n, const char *replace_source, struct yj_intel_import *st);

/* yj_intel_remove - delete one entry; YJ_ENOENT when there is none */
int	yj_intel_remove(struct yj_store *, enum yj_intel_list,
	    enum yj_intel_kind, const char *value);
/* yj_intel_remove_id - delete by id; YJ_ENOENT when there is none */
int	yj_intel_remove_id(struct yj_store *, int64_t id);
/* yj_intel_expire - delete entries expired at now; *n gets how many */
int	yj_intel_expire(struct yj_store *, int64_t now, size_t *n);

/*
 * yj_intel_get - the entry with exactly this list, kind and value
 * (expired or not); YJ_ENOENT when there is none
 */
int	yj_intel_get(struct yj_store *, enum yj_intel_list,
	    enum yj_intel_kind, const char *value, struct yj_intel_entry *out);

/*
 * yj_intel_match - the most specific unexpired entry of list that
 * matches what a message holds (see above), straight from the store;
 * YJ_ENOENT when none does.  For many lookups use a cache.
 */
int	yj_intel_match(struct yj_store *, enum yj_intel_list,
	    enum yj_intel_query, const char *value, int64_t now,
	    struct yj_intel_entry *out);

struct yj_intel_filter {
	int		 list;		/* enum yj_intel_list, or -1: both */
	int		 kind;		/* enum yj_intel_kind, or -1: all */
	const char	*source;	/* exact source, or NULL */
	const char	*contains;	/* substring of the value, or NULL */
	int64_t		 limit;		/* 0: no limit */
	int64_t		 offset;
};

/*
 * yj_intel_list - call fn for each entry matching f, in id order; fn's
 * entry is valid during the call only; a non-zero return from fn stops
 * and is returned
 */
int	yj_intel_list(struct yj_store *, const struct yj_intel_filter *f,
	    int (*fn)(const struct yj_intel_entry *, void *), void *arg);

/* yj_intel_count - entries per list (either pointer may be NULL) */
int	yj_intel_count(struct yj_store *, int64_t *block, int64_t *allow);

/* yj_intel_generation - the change counter (0 for a new store) */
int	yj_intel_generation(struct yj_store *, int64_t *gen);

/* yj_intel_entry_release - free the strings of an entry from a lookup */
void	yj_intel_entry_release(struct yj_intel_entry *);

/*
 * The cache: every entry in memory, for the per-message path.
 * yj_intel_cache_new() loads it; yj_intel_cache_refresh() reloads it when
 * the generation moved, at most once per min_interval_ms (0: check every
 * time).  A failed reload keeps the old copy and returns the error.
 */
struct yj_intel_cache;

int	yj_intel_cache_new(struct yj_store *, struct yj_intel_cache **out);
int	yj_intel_cache_refresh(struct yj_intel_cache *,
	    int64_t min_interval_ms);
void	yj_intel_cache_free(struct yj_intel_cache *);
/* yj_intel_cache_size - entries held */
size_t	yj_intel_cache_size(struct yj_intel_cache *);

/*
 * yj_intel_cache_match - as yj_intel_match, from memory.  out's strings
 * are copied into buf (bufsz bytes; cut when short) so they stay valid
 * after a reload; out may be NULL.  Returns true when an entry matched.
 */
bool	yj_intel_cache_match(struct yj_intel_cache *, enum yj_intel_list,
	    enum yj_intel_query, const char *value, int64_t now,
	    struct yj_intel_entry *out, char *buf, size_t bufsz);

#endif /* YJ_STORE_INTEL_H */
