#!/usr/bin/env python3
"""mkmail.py - write a test message with encoded headers (golden cases)

usage: mkmail.py OUT.eml [Header=Value ...] < body

Header values may be any Unicode; non-ASCII is written as RFC 2047
encoded words (UTF-8, base64), as mail clients send them.  The body is
UTF-8 text/plain unless a Content-Type header is given.  Defaults: Date,
Message-ID, MIME-Version.  Used by hand to write tests/checks/*/ cases;
the cases themselves are committed, not generated at test time.
"""
import sys
from email.header import Header
from email.utils import formataddr, getaddresses

def enc(name, value):
    if name.lower() in ('from', 'to', 'cc', 'bcc', 'reply-to', 'sender'):
        out = []
        for disp, addr in getaddresses([value]):
            if disp and not disp.isascii():
                disp = Header(disp, 'utf-8').encode()
                out.append('%s <%s>' % (disp, addr))
            else:
                out.append(formataddr((disp, addr)))
        return ', '.join(out)
    if value.isascii():
        return value
    return Header(value, 'utf-8').encode()

def main():
    out = sys.argv[1]
    hdrs = []
    for a in sys.argv[2:]:
        k, v = a.split('=', 1)
        hdrs.append((k, v))
    names = [k.lower() for k, _ in hdrs]
    if 'date' not in names:
        hdrs.append(('Date', 'Mon, 02 Nov 2026 10:00:00 +0900'))
    if 'message-id' not in names:
        hdrs.append(('Message-ID', '<%s@yojin-shoji.example>' %
                     out.rsplit('/', 1)[-1].replace('.eml', '')))
    hdrs.append(('MIME-Version', '1.0'))
    if 'content-type' not in names:
        hdrs.append(('Content-Type', 'text/plain; charset=UTF-8'))
        hdrs.append(('Content-Transfer-Encoding', '8bit'))
    body = sys.stdin.read()
    with open(out, 'w', encoding='utf-8', newline='\n') as f:
        for k, v in hdrs:
            f.write('%s: %s\n' % (k, enc(k, v)))
        f.write('\n')
        f.write(body)

main()
