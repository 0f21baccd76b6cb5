/*
 * contacts.h - the address book in the store (schema component
 * "contacts", tables contacts_*)
 *
 * One row per address (lower case, unique): name, kana reading,
 * organisation, department, the file it came from, when it was created
 * and last changed.  Beside it, the name keys under which the person is
 * found (whole name, each part, the reading and its parts, the leading
 * characters of a CJK name), and the organisation key and registrable
 * domain for lookups by organisation and by domain.
 *
 * Keys are computed by the caller (src/know/, with mail/orgname.h and
 * mail/domain.h): the store stores and finds, it does not understand
 * names.  Putting an address that exists updates it in place, so
 * importing a file again changes rows instead of duplicating them.
 *
 * Transactions: yj_contacts_put() and yj_contacts_remove() change
 * several rows; call them inside yj_db_transact() (an import is one
 * transaction: all of it or nothing).  Queries run on any connection.
 *
 * Ownership: results are allocated in the arena given.
 * Errors: 0, YJ_ENOENT (no such address), or the db.h codes.
 * Thread safety: a struct yj_db belongs to one thread (store.h).
 */
#ifndef YJ_STORE_CONTACTS_H
#define YJ_STORE_CONTACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct yj_contact {
	const char	*addr;		/* lower case, the key */
	const char	*domain;	/* registrable domain of addr */
	const char	*name;
	const char	*reading;	/* kana, "" if none */
	const char	*org;
	const char	*org_key;	/* "" if none */
	const char	*department;
	const char	*source;	/* file it was imported from */
	int64_t		 created_at;	/* set by the store */
	int64_t		 updated_at;
	const char	**keys;		/* name keys, put: given; get: filled */
	size_t		 nkeys;
};

enum yj_contacts_put_result {
	YJ_CONTACT_CREATED,
	YJ_CONTACT_UPDATED,
	YJ_CONTACT_UNCHANGED,
};

/* yj_contacts_put - insert or update one contact, inside a transaction */
int	yj_contacts_put(struct yj_db *, const struct yj_contact *, int64_t now,
	    enum yj_contacts_put_result *result);
/* yj_contacts_remove - delete one address; YJ_ENOENT if absent */
int	yj_contacts_remove(struct yj_db *, const char *addr);

/* yj_contacts_get - one contact by address (keys filled) */
int	yj_contacts_get(struct yj_db *, struct yj_arena *, const char *addr,
	    struct yj_contact *out);

/*
 * yj_contacts_list - contacts in address order, optionally only those
 * whose address, name, reading or organisation contains match (ASCII
 * case-insensitively; NULL for all); at most max after skipping offset.
 */
int	yj_contacts_list(struct yj_db *, struct yj_arena *, const char *match,
	    size_t offset, size_t max, struct yj_contact **v, size_t *n);

/* yj_contacts_by_key - contacts with a name key, at most max */
int	yj_contacts_by_key(struct yj_db *, struct yj_arena *, const char *key,
	    size_t max, struct yj_contact **v, size_t *n);
/* yj_contacts_at_domain - contacts at a registrable domain */
int	yj_contacts_at_domain(struct yj_db *, struct yj_arena *,
	    const char *domain, size_t max, struct yj_contact **v, size_t *n);
/* yj_contacts_by_org - contacts whose organisation has this key */
int	yj_contacts_by_org(struct yj_db *, struct yj_arena *,
	    const char *org_key, size_t max, struct yj_contact **v, size_t *n);

/* yj_contacts_count - addresses in the book */
int	yj_contacts_count(struct yj_db *, int64_t *n);
/* yj_contacts_generation - changes whenever the book changes */
int	yj_contacts_generation(struct yj_db *, int64_t *gen);

/* One organisation of the book: key, a name, one of its domains. */
typedef int (*yj_contacts_org_fn)(const char *org_key, const char *org,
	    const char *domain, int64_t people, void *arg);
/* yj_contacts_each_org - every (organisation, domain) pair */
int	yj_contacts_each_org(struct yj_db *, yj_contacts_org_fn, void *arg);
/* yj_contacts_each_domain - every registrable domain with its count */
int	yj_contacts_each_domain(struct yj_db *,
	    int (*fn)(const char *domain, int64_t people, void *arg),
	    void *arg);

#endif /* YJ_STORE_CONTACTS_H */
