#!/usr/bin/env python3
"""smtp.py - send one message to the test Postfix and print the reply

    smtp.py PORT FILE FROM RCPT[,RCPT...] [--source IP] [--msgid ID]
            [--kill PIDFILE]

Prints "CODE text" of the reply to the end of DATA (or of the first
command refused).  --source binds the client to a loopback address
(127.0.0.2 is "an internal network" in the tests); --msgid replaces the
word MSGID in the file, so that each copy is told apart in the sink;
--kill sends SIGKILL to the process in PIDFILE after half the message was
sent, before the final dot: the milter dies in the middle of a message.
"""
import os
import signal
import smtplib
import sys
import time


def main():
    a = sys.argv[1:]
    opts = {}
    while len(a) > 4:
        opts[a[-2]] = a[-1]
        a = a[:-2]
    port, path, sender, rcpts = int(a[0]), a[1], a[2], a[3].split(",")
    data = open(path, "rb").read()
    if "--msgid" in opts:
        data = data.replace(b"MSGID", opts["--msgid"].encode())
    src = (opts["--source"], 0) if "--source" in opts else None
    s = smtplib.SMTP("127.0.0.1", port, source_address=src, timeout=120)
    s.ehlo("client.e2e.example")
    code, text = s.mail(sender)
    if code >= 400:
        return report(code, text)
    for r in rcpts:
        code, text = s.rcpt(r)
        if code >= 400:
            return report(code, text)
    if "--kill" not in opts:
        try:
            code, text = s.data(data)
        except smtplib.SMTPDataError as e:
            code, text = e.smtp_code, e.smtp_error
        return report(code, text)
    # by hand: DATA, half the message, kill, the rest
    code, text = s.docmd("DATA")
    if code != 354:
        return report(code, text)
    body = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    half = len(body) // 2
    s.send(body[:half])
    time.sleep(0.3)
    os.kill(int(open(opts["--kill"]).read()), signal.SIGKILL)
    time.sleep(0.3)
    s.send(body[half:] + (b"" if body.endswith(b"\r\n") else b"\r\n") + b".\r\n")
    code, text = s.getreply()
    return report(code, text)


def report(code, text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    print("%d %s" % (code, text.replace("\n", " ")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
