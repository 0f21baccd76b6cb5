/*
 * knowledge.h - read-only lookups a check may make
 *
 * What the organisation knows (contacts, who writes to whom, threads,
 * block and allow lists) lives in the store; checks may not touch the
 * store.  The program that runs the engine (scan, milter) fills a struct
 * yj_knowledge with functions backed by the store, and the engine hands
 * it to every check.  An empty one (every function pointer NULL) is
 * valid: the accessors then answer "unknown", and checks that need
 * knowledge stay quiet.
 *
 * Thread safety: implementations must be callable from several threads
 * (one store connection per thread).
 *
 * Contacts and history
 * --------------------
 * Two sources feed it (src/know/ fills them, src/store/contacts.c and
 * history.c keep them):
 *
 *   YJ_KB_CONTACTS  the address book ("yojin contacts import"): name,
 *                   kana reading, organisation, department per address;
 *   YJ_KB_SENT      mail the organisation sent ("yojin learn", and the
 *                   milter for delivered outbound mail): per internal
 *                   sender and recipient how often and how recently,
 *                   the display names used for each address, the
 *                   organisations named in greetings and bodies, and
 *                   the Message-IDs of each thread with its participants.
 *
 * Only mail from internal senders is learned, so "sent" facts describe
 * the organisation's own correspondence.  Both org-wide and per-sender
 * questions can be asked: an outbound check asks "has anyone here
 * written to this address, and has this sender?"; an inbound check asks
 * "is this a correspondent of ours, under this name, in this thread?".
 *
 * Normalisation, done by the implementation so that callers pass what
 * the message holds:
 *   - addresses compare without case (local parts too: no real mail
 *     system treats Sato@ and sato@ as two people);
 *   - a domain question is answered for its registrable domain
 *     (mail/domain.h), so mail.a-shoji.example and a-shoji.example are
 *     one organisation;
 *   - names go through mail/orgname.h: NFKC, case and width folded,
 *     spaces and honorifics (様, さん, Mr.) removed; a person's name is
 *     found by the whole name, by each part ("Jeff", "Skilling"), by
 *     its kana reading, and a CJK family name by prefix ("田中" finds
 *     "田中太郎");
 *   - organisations are keyed by yj_orgname_key(): 株式会社/(株)/㈱/
 *     Co., Ltd./Inc. and the like removed, width and case folded.
 *
 * Results are allocated in the arena the caller gives (the message
 * arena for checks) and borrowed from nothing else.
 *
 * Return values of every lookup: 0 when something is known, YJ_ENOENT
 * when nothing is, another negative YJ_E* when the question could not be
 * answered (store unreachable, no knowledge configured: YJ_ESTATE).  A
 * check must stay quiet on an error: "could not ask" is not "unknown",
 * and treating it as such would flag every message as a first contact
 * whenever the store is down.
 *
 * Limits: list results are cut at the max the caller gives (at most
 * YJ_KB_MAX_LIST); the implementation returns the most relevant first
 * (most messages, then most recent).
 *
 * Intel
 * -----
 * The organisation's block and allow lists (store/intel.h, "yojin
 * intel").  A check asks whether an indicator it saw is listed; values
 * are in the canonical form of mail/ioc.h (yj_ioc_normalize).  Matching
 * goes from the most specific entry to the least (an address, then its
 * domain and parents; a URL, then prefixes on its host, the host, its
 * domain and parents), and http/https count as one scheme.  The intel
 * functions have a context of their own (intel_ctx), so the two
 * sections can be filled independently.
 */
#ifndef YJ_ENGINE_KNOWLEDGE_H
#define YJ_ENGINE_KNOWLEDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/error.h"

/* Largest list any lookup returns. */
#define YJ_KB_MAX_LIST	1000

enum yj_kb_source {
	YJ_KB_CONTACTS	= 1 << 0,	/* the address book */
	YJ_KB_SENT	= 1 << 1,	/* mail the organisation sent */
};

/* How much the organisation knows at all (checks scale their trust). */
struct yj_kb_stats {
	uint64_t	 contacts;	/* addresses in the address book */
	uint64_t	 messages;	/* sent messages learned */
	uint64_t	 senders;	/* internal senders learned */
	uint64_t	 addresses;	/* distinct recipient addresses */
	int64_t		 first_sent;	/* oldest learned Date, 0 if none */
	int64_t		 last_sent;	/* newest learned Date, 0 if none */
};

/* One known address and what is known of its owner. */
struct yj_kb_person {
	const char	*addr;		/* lower case */
	const char	*name;		/* contact name, else the display name
					   used most in sent mail, else "" */
	const char	*reading;	/* kana reading (contacts), "" if none */
	const char	*org;		/* organisation as written, "" if none */
	const char	*org_key;	/* yj_orgname_key(org), "" if none */
	const char	*department;	/* "" if none */
	unsigned	 sources;	/* YJ_KB_*; never 0 in a result */
	uint32_t	 sent;		/* messages sent to it, whole org */
	uint32_t	 senders;	/* distinct internal senders of those */
	int64_t		 first_sent;	/* epoch seconds, 0 = never */
	int64_t		 last_sent;
	const char	**names;	/* every display name used for it in
					   sent mail, most used first */
	size_t		 nnames;
};

/* What one internal sender did with one address. */
struct yj_kb_peer {
	const char	*addr;		/* lower case */
	uint32_t	 sent;		/* messages this sender sent to it */
	int64_t		 first_sent;
	int64_t		 last_sent;
};

/* One internal sender's learned mail. */
struct yj_kb_sender {
	uint32_t	 messages;
	uint32_t	 peers;		/* distinct recipient addresses */
	int64_t		 first_sent;
	int64_t		 last_sent;
};

/* An organisation known from contacts or from sent mail. */
struct yj_kb_org {
	const char	*key;		/* yj_orgname_key() */
	const char	*name;		/* as written most often */
	const char	**domains;	/* registrable domains, lower case */
	size_t		 ndomains;
	unsigned	 sources;	/* YJ_KB_* */
	uint32_t	 mentions;	/* times learned from sent mail */
};

/* A known organisation found in a text. */
struct yj_kb_org_hit {
	struct yj_kb_org org;
	const char	*matched;	/* the variant found (normalised) */
	size_t		 off;		/* byte offset in the text given */
	size_t		 len;		/* bytes matched */
};

/* What the organisation knows about a registrable domain. */
struct yj_kb_domain {
	const char	*domain;	/* registrable, lower case */
	unsigned	 sources;	/* YJ_KB_* */
	uint32_t	 addrs;		/* known addresses in it */
	uint32_t	 sent;		/* messages sent to it */
	int64_t		 first_sent;
	int64_t		 last_sent;
	struct yj_kb_org *orgs;		/* organisations known at it */
	size_t		 norgs;
};

/* One address that took part in a thread. */
struct yj_kb_participant {
	const char	*addr;		/* lower case */
	uint32_t	 messages;	/* learned messages it was on */
	bool		 sender;	/* it sent some of them (internal) */
};

/* A thread, found by any of its Message-IDs. */
struct yj_kb_thread {
	const char	*id;		/* opaque, stable */
	size_t		 known;		/* how many of the ids asked about
					   belong to a learned thread */
	uint32_t	 messages;	/* learned messages in the thread */
	int64_t		 last_sent;
	struct yj_kb_participant *v;	/* most messages first */
	size_t		 nr;
};

enum yj_kb_list {
	YJ_KB_BLOCK,
	YJ_KB_ALLOW,
};

enum yj_kb_query {
	YJ_KB_Q_ADDRESS,	/* "local@domain" */
	YJ_KB_Q_DOMAIN,		/* a mail domain or link host */
	YJ_KB_Q_URL,		/* a whole URL */
	YJ_KB_Q_SHA256,		/* an attachment's content */
};

/* A block or allow list entry that matched. */
struct yj_kb_intel_hit {
	int64_t		 id;		/* entry id (yojin intel list) */
	const char	*kind;		/* "address", "domain", "url", "host",
					   "prefix", "sha256" */
	const char	*value;		/* the entry that matched */
	const char	*source;	/* "jpcert", "manual", ...; "" */
	const char	*note;		/* brand or reason; "" */
};

/* Called for each known domain; return non-zero to stop. */
typedef int (*yj_kb_domain_fn)(const struct yj_kb_domain *, void *arg);

struct yj_knowledge {
	void	*ctx;		/* passed to every function */

	/* Counts, to decide whether "never seen" means anything yet. */
	int	(*stats)(void *ctx, struct yj_kb_stats *out);

	/* What is known of one address (org-wide). */
	int	(*person)(void *ctx, struct yj_arena *, const char *addr,
		    struct yj_kb_person *out);

	/*
	 * Known addresses whose owner bears this name (a display name, a
	 * name from a greeting, a reading): contacts and display names
	 * used in sent mail.  One entry per address.
	 */
	int	(*people_named)(void *ctx, struct yj_arena *, const char *name,
		    size_t max, struct yj_kb_person **v, size_t *n);

	/* Known addresses at a registrable domain (typo candidates). */
	int	(*people_at)(void *ctx, struct yj_arena *, const char *domain,
		    size_t max, struct yj_kb_person **v, size_t *n);

	/* One sender's learned mail, and its traffic with one address. */
	int	(*sender)(void *ctx, const char *sender,
		    struct yj_kb_sender *out);
	int	(*sender_peer)(void *ctx, const char *sender,
		    const char *addr, struct yj_kb_peer *out);
	/* The addresses a sender writes to, most messages first. */
	int	(*sender_peers)(void *ctx, struct yj_arena *,
		    const char *sender, size_t max, struct yj_kb_peer **v,
		    size_t *n);

	/* What is known of a domain (answered for its registrable one). */
	int	(*domain)(void *ctx, struct yj_arena *, const char *domain,
		    struct yj_kb_domain *out);
	/*
	 * Every known registrable domain (look-alike and typo candidates),
	 * without orgs; the strings are valid during the call only.
	 */
	int	(*each_domain)(void *ctx, yj_kb_domain_fn fn, void *arg);

	/* An organisation by name (any variant: ㈱A商事, A商事株式会社). */
	int	(*org)(void *ctx, struct yj_arena *, const char *name,
		    struct yj_kb_org *out);
	/*
	 * Known organisations named in a text (subject, body, file name,
	 * sheet name), in order of position; one hit per organisation.
	 * The text is matched in NFKC_Casefold form: pass the *_nfkc
	 * copies of the message model, whose offsets the hits then use.
	 */
	int	(*find_orgs)(void *ctx, struct yj_arena *, const char *text,
		    size_t len, size_t max, struct yj_kb_org_hit **v,
		    size_t *n);

	/*
	 * The learned thread any of these Message-IDs (without <>) belongs
	 * to: the message's own id, In-Reply-To and References.  When they
	 * belong to several threads, the one of the latest id given wins.
	 */
	int	(*thread)(void *ctx, struct yj_arena *,
		    const char *const *ids, size_t nids,
		    struct yj_kb_thread *out);

	/* intel section: ctx for the functions below */
	void	*intel_ctx;
	/*
	 * intel_match - the entry of list matching value; the hit's strings
	 * are copied into the arena.  false: not listed (or unknown).
	 */
	bool	(*intel_match)(void *intel_ctx, enum yj_kb_list,
		    enum yj_kb_query, const char *value, struct yj_arena *,
		    struct yj_kb_intel_hit *hit);
};

/*
 * Accessors: call these, not the pointers.  With no function they return
 * YJ_ESTATE ("cannot ask"), never YJ_ENOENT ("unknown"), and zero *out.
 */
/* yj_kb_stats - how much is known; YJ_ESTATE without knowledge */
static inline int
yj_kb_stats(const struct yj_knowledge *kb, struct yj_kb_stats *out)
{
	if (kb == NULL || kb->stats == NULL) {
		*out = (struct yj_kb_stats){ 0 };
		return YJ_ESTATE;
	}
	return kb->stats(kb->ctx, out);
}

/* yj_kb_person - facts about one address */
static inline int
yj_kb_person(const struct yj_knowledge *kb, struct yj_arena *a,
    const char *addr, struct yj_kb_person *out)
{
	if (kb == NULL || kb->person == NULL) {
		*out = (struct yj_kb_person){ 0 };
		return YJ_ESTATE;
	}
	return kb->person(kb->ctx, a, addr, out);
}

/* yj_kb_people_named - addresses whose owner bears a name */
static inline int
yj_kb_people_named(const struct yj_knowledge *kb, struct yj_arena *a,
    const char *name, size_t max, struct yj_kb_person **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	if (kb == NULL || kb->people_named == NULL)
		return YJ_ESTATE;
	return kb->people_named(kb->ctx, a, name, max, v, n);
}

/* yj_kb_people_at - known addresses at a registrable domain */
static inline int
yj_kb_people_at(const struct yj_knowledge *kb, struct yj_arena *a,
    const char *domain, size_t max, struct yj_kb_person **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	if (kb == NULL || kb->people_at == NULL)
		return YJ_ESTATE;
	return kb->people_at(kb->ctx, a, domain, max, v, n);
}

/* yj_kb_sender - one internal sender's learned mail */
static inline int
yj_kb_sender(const struct yj_knowledge *kb, const char *sender,
    struct yj_kb_sender *out)
{
	if (kb == NULL || kb->sender == NULL) {
		*out = (struct yj_kb_sender){ 0 };
		return YJ_ESTATE;
	}
	return kb->sender(kb->ctx, sender, out);
}

/* yj_kb_sender_peer - one sender's traffic with one address */
static inline int
yj_kb_sender_peer(const struct yj_knowledge *kb, const char *sender,
    const char *addr, struct yj_kb_peer *out)
{
	if (kb == NULL || kb->sender_peer == NULL) {
		*out = (struct yj_kb_peer){ 0 };
		return YJ_ESTATE;
	}
	return kb->sender_peer(kb->ctx, sender, addr, out);
}

/* yj_kb_sender_peers - the addresses a sender writes to */
static inline int
yj_kb_sender_peers(const struct yj_knowledge *kb, struct yj_arena *a,
    const char *sender, size_t max, struct yj_kb_peer **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	if (kb == NULL || kb->sender_peers == NULL)
		return YJ_ESTATE;
	return kb->sender_peers(kb->ctx, a, sender, max, v, n);
}

/* yj_kb_domain - facts about a domain's organisation */
static inline int
yj_kb_domain(const struct yj_knowledge *kb, struct yj_arena *a,
    const char *domain, struct yj_kb_domain *out)
{
	if (kb == NULL || kb->domain == NULL) {
		*out = (struct yj_kb_domain){ 0 };
		return YJ_ESTATE;
	}
	return kb->domain(kb->ctx, a, domain, out);
}

/* yj_kb_each_domain - every known registrable domain */
static inline int
yj_kb_each_domain(const struct yj_knowledge *kb, yj_kb_domain_fn fn,
    void *arg)
{
	if (kb == NULL || kb->each_domain == NULL)
		return YJ_ESTATE;
	return kb->each_domain(kb->ctx, fn, arg);
}

/* yj_kb_org - an organisation by any of its names */
static inline int
yj_kb_org(const struct yj_knowledge *kb, struct yj_arena *a,
    const char *name, struct yj_kb_org *out)
{
	if (kb == NULL || kb->org == NULL) {
		*out = (struct yj_kb_org){ 0 };
		return YJ_ESTATE;
	}
	return kb->org(kb->ctx, a, name, out);
}

/* yj_kb_find_orgs - known organisations named in NFKC_Casefold text */
static inline int
yj_kb_find_orgs(const struct yj_knowledge *kb, struct yj_arena *a,
    const char *text, size_t len, size_t max, struct yj_kb_org_hit **v,
    size_t *n)
{
	*v = NULL;
	*n = 0;
	if (kb == NULL || kb->find_orgs == NULL)
		return YJ_ESTATE;
	return kb->find_orgs(kb->ctx, a, text, len, max, v, n);
}

/* yj_kb_thread - the learned thread of a message's ids */
static inline int
yj_kb_thread(const struct yj_knowledge *kb, struct yj_arena *a,
    const char *const *ids, size_t nids, struct yj_kb_thread *out)
{
	if (kb == NULL || kb->thread == NULL) {
		*out = (struct yj_kb_thread){ 0 };
		return YJ_ESTATE;
	}
	return kb->thread(kb->ctx, a, ids, nids, out);
}

/* yj_kb_intel_match - listed?  "not listed" when no lists are available */
static inline bool
yj_kb_intel_match(const struct yj_knowledge *kb, enum yj_kb_list list,
    enum yj_kb_query q, const char *value, struct yj_arena *a,
    struct yj_kb_intel_hit *hit)
{
	return kb != NULL && kb->intel_match != NULL && value != NULL &&
	    kb->intel_match(kb->intel_ctx, list, q, value, a, hit);
}

#endif /* YJ_ENGINE_KNOWLEDGE_H */
