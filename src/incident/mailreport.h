/*
 * mailreport.h - a user reports a suspicious mail: one person's report
 * protects everyone
 *
 * yj_mailreport_submit() turns a reported message into a
 * "suspicious_mail" incident (or adds it to the open incident that
 * already holds the same message: the same bytes, or the same Message-ID
 * from the same sender, so ten reports of one phishing run make one
 * incident with ten reporters on its timeline), stores the message,
 * records its indicators, and links the incident to every other incident
 * that shares one, writing the link on both timelines.  All of it is one
 * durable transaction.
 *
 * Indicators (yj_mailreport_indicators, kinds are stable names):
 *   sender             every From address   \  except addresses in the
 *   reply_to           every Reply-To address  > organisation's own
 *   return_path        the Return-Path address /  domains
 *   domain             the registrable domain of each of those and of
 *                      every linked host, except the organisation's own
 *                      domains and, for addresses, free-mail providers
 *                      (where every address is a different person)
 *   url                http(s) and bare-host URLs, as written
 *   attachment_name    file names of attachments and archive members
 *   attachment_sha256  their SHA-256 (not of empty files)
 * At most YJ_MAILREPORT_MAX indicators per message (the rest is counted).
 *
 * Strong indicators (sender, reply_to, url, attachment_sha256) name one
 * sender or one payload: sharing one links two incidents, and only these
 * go to block lists.  The others (domain, return_path, attachment_name)
 * are kept and shown, but are shared by unrelated mail too often (a
 * mailing list's bounce address, an image host, "image001.png") to link
 * incidents on their own.  Measured on the shared corpus (en-wild-scam,
 * 159 scam mails from one mailing list): linking on every kind tied 158
 * of them to another through the list's bounce address alone; on the
 * strong kinds, 26.
 *
 * yj_mailreport_unwrap(): a user who forwards the suspicious mail "as an
 * attachment" to the report address sends a message from inside the
 * organisation whose one attached message is the mail reported; the
 * attached message is then what is reported, and the outer sender is
 * the reporter.
 *
 * Ownership: results live in ctx->arena.  Errors as in incident.h.
 */
#ifndef YJ_INCIDENT_MAILREPORT_H
#define YJ_INCIDENT_MAILREPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/org.h"
#include "incident/incident.h"
#include "mail/msg.h"

#define YJ_MAILREPORT_MAX	200

struct yj_mail_indicator {
	const char	*kind;
	const char	*value;
};

/* yj_mailreport_strong - an indicator kind that links and blocks */
bool	yj_mailreport_strong(const char *kind);

/* yj_mailreport_indicators - the indicators of msg (never fails) */
size_t	yj_mailreport_indicators(struct yj_arena *, const struct yj_msg *,
	    const struct yj_org *, struct yj_mail_indicator **vp);

/*
 * yj_mailreport_unwrap - when outer is a report forwarded from inside
 * the organisation with one attached message, that message's bytes and
 * the reporter's address; false otherwise (report outer itself)
 */
bool	yj_mailreport_unwrap(const struct yj_msg *outer, const struct yj_org *,
	    const unsigned char **rawp, size_t *lenp, const char **reporterp);

struct yj_mailreport_opts {
	const char	*reporter;	/* who reported it */
	const char	*note;		/* what they said, or NULL */
	const char	*findings;	/* JSON array of findings, or NULL */
	bool		 force_new;	/* never add to an existing incident */
};

struct yj_mailreport_result {
	int64_t			 incident;
	bool			 created;	/* a new incident */
	bool			 again;		/* this message was there */
	int64_t			 message;	/* its id in the incident */
	struct yj_mail_indicator *inds;
	size_t			 ninds;
	int64_t			*linked;	/* other incidents, new links */
	size_t			 nlinked;
};

/* yj_mailreport_submit - record the report (one transaction) */
int	yj_mailreport_submit(struct yj_incident_ctx *, const char *raw,
	    size_t len, const struct yj_msg *msg, const struct yj_org *,
	    const struct yj_mailreport_opts *, struct yj_mailreport_result *);

#endif /* YJ_INCIDENT_MAILREPORT_H */
