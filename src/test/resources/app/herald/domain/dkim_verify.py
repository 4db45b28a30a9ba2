#!/usr/bin/python3
"""Independent DKIM verifier for Herald's tests: dkimpy (Debian's python3-dkim), with the DNS
answers given on the command line instead of looked up.

usage: dkim_verify.py MESSAGE_FILE NAME=TXT [NAME=TXT ...]
Prints one line per DKIM-Signature ("<index> pass|fail a=... d=... s=..."), exits 0 when there
is at least one signature and every one verifies, 1 otherwise."""
import logging
import sys

import dkim

logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="dkimpy: %(message)s")

message = open(sys.argv[1], "rb").read()
records = {}
for arg in sys.argv[2:]:
    name, txt = arg.split("=", 1)
    records[name.lower().rstrip(".")] = txt.encode("ascii")


def dnsfunc(name, timeout=5):
    if isinstance(name, bytes):
        name = name.decode("ascii")
    return records.get(name.lower().rstrip("."))


d = dkim.DKIM(message, logger=logging.getLogger("dkimpy"), minkey=1024)
signatures = [value for (name, value) in d.headers if name.lower() == b"dkim-signature"]
ok = len(signatures) > 0
for i, value in enumerate(signatures):
    tags = dkim.util.parse_tag_value(value)
    try:
        passed = d.verify(idx=i, dnsfunc=dnsfunc)
    except dkim.DKIMException as e:
        print("signature %d: %s" % (i, e), file=sys.stderr)
        passed = False
    ok = ok and passed
    print("%d %s a=%s d=%s s=%s" % (i, "pass" if passed else "fail", tags[b"a"].decode(), tags[b"d"].decode(),
                                    tags[b"s"].decode()))
sys.exit(0 if ok else 1)
