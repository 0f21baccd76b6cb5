#!/usr/bin/env python3
"""sink.py - read what the test Postfix delivered to smtp-sink

    sink.py count DIR MSGID          messages with this Message-ID
    sink.py show DIR MSGID           the last one as JSON: X-Yojin-*
                                     headers, decoded subject, each text
                                     part decoded (charset, text)
    sink.py notice DIR RCPT HOLD_ID  the last notice to RCPT about that
                                     hold, decoded, as JSON: subject, text,
                                     links {action: address}
    sink.py rcpts DIR                every delivered envelope recipient,
                                     one a line (from X-Rcpt-Args)

smtp-sink writes one file per message: a few X-* lines about the SMTP
session, then the message as received.
"""
import email
import email.header
import email.policy
import html
import json
import os
import re
import sys


def messages(d):
    for root, _, files in os.walk(d):
        for f in sorted(files):
            p = os.path.join(root, f)
            with open(p, "rb") as fp:
                yield p, email.message_from_binary_file(fp, policy=email.policy.compat32)


def decode_header(v):
    if v is None:
        return ""
    out = ""
    for part, cs in email.header.decode_header(v):
        if isinstance(part, bytes):
            out += part.decode(cs or "ascii", "replace")
        else:
            out += part
    return out


def by_msgid(d, mid):
    return [m for _, m in messages(d) if (m.get("Message-ID") or "").strip() == "<%s>" % mid]


def texts(m):
    out = []
    for part in m.walk():
        if part.get_content_maintype() != "text":
            continue
        raw = part.get_payload(decode=True) or b""
        cs = part.get_content_charset() or "us-ascii"
        try:
            t = raw.decode({"iso-2022-jp": "iso2022_jp_ext"}.get(cs, cs), "replace")
        except LookupError:
            t = raw.decode("utf-8", "replace")
        if part.get_content_subtype() == "html":
            t = html.unescape(t)
        out.append({"type": part.get_content_type(), "charset": cs,
                    "cte": (part.get("Content-Transfer-Encoding") or "").lower(), "text": t})
    return out


def show(d, mid):
    ms = by_msgid(d, mid)
    if not ms:
        return {}
    m = ms[-1]
    return {
        "count": len(ms),
        "subject": decode_header(m.get("Subject")),
        "yojin": [[k, v] for k, v in m.items() if k.lower().startswith("x-yojin")],
        "parts": texts(m),
    }


def notice(d, rcpt, hold_id):
    found = {}
    for _, m in messages(d):
        if rcpt not in (m.get("To") or "") or not (m.get("Auto-Submitted") or "").startswith("auto"):
            continue
        text = texts(m)[0]["text"] if texts(m) else ""
        if not re.search(r"(保留ID|Hold ID) ?: %s\b" % hold_id, text):
            continue
        links = dict(re.findall(r"mailto:(yojin-hold\+(\w+)-[^\s]+)", text))
        found = {"subject": decode_header(m.get("Subject")), "text": text,
                 "links": {a: addr for addr, a in links.items()}}
    return found


def rcpts(d):
    for _, m in messages(d):
        for v in m.get_all("X-Rcpt-Args") or []:
            print(v.split()[0].strip("<>"))


def main():
    cmd, d = sys.argv[1], sys.argv[2]
    if cmd == "count":
        print(len(by_msgid(d, sys.argv[3])))
    elif cmd == "show":
        print(json.dumps(show(d, sys.argv[3]), ensure_ascii=False))
    elif cmd == "notice":
        print(json.dumps(notice(d, sys.argv[3], sys.argv[4]), ensure_ascii=False))
    elif cmd == "rcpts":
        rcpts(d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
