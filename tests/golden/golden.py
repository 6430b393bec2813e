#!/usr/bin/env python3
"""golden.py - replay tests/golden/cases/*.case against a running openrouterd.

A case file is one request and its expected answer (curl-style):

    # optional comment lines
    GET /api/v1/models?limit=2          <- method and raw request target, sent as is
    Header-Name: value                  <- optional request headers
                                        <- blank line
    200 application/json                <- expected status and Content-Type
    {"data":...}                        <- expected body, byte for byte (the file's
                                           final newline is not part of it)

usage: golden.py BASE_URL CASE... ; GOLDEN_UPDATE=1 rewrites the expected part.
"""
import http.client
import os
import sys
import urllib.parse


def parse(path):
    raw = open(path, "rb").read()
    lines = raw.split(b"\n")
    i = 0
    while lines[i].startswith(b"#"):
        i += 1
    head = lines[:i]
    method, target = lines[i].decode().split(" ", 1)
    i += 1
    headers = {}
    while lines[i] != b"":
        k, v = lines[i].decode().split(":", 1)
        headers[k.strip()] = v.strip()
        i += 1
    req_part = b"\n".join(lines[: i + 1])
    i += 1
    status_line = lines[i].decode() if i < len(lines) else ""
    body = b"\n".join(lines[i + 1:])
    if body.endswith(b"\n"):
        body = body[:-1]
    return head, method, target, headers, req_part, status_line, body


def main():
    base = urllib.parse.urlsplit(sys.argv[1])
    update = os.environ.get("GOLDEN_UPDATE") == "1"
    failed = 0
    for path in sys.argv[2:]:
        _, method, target, headers, req_part, want_status, want_body = parse(path)
        conn = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
        conn.putrequest(method, target, skip_accept_encoding=True)
        for k, v in headers.items():
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        body = resp.read()
        got_status = "%d %s" % (resp.status, resp.getheader("Content-Type", "-"))
        conn.close()
        name = os.path.basename(path)
        if update:
            with open(path, "wb") as f:
                f.write(req_part + b"\n" + got_status.encode() + b"\n" + body + b"\n")
            print("updated", name)
            continue
        if got_status != want_status or body != want_body:
            failed += 1
            print("FAIL %s: %s %s" % (name, method, target))
            if got_status != want_status:
                print("  status: want %r, got %r" % (want_status, got_status))
            if body != want_body:
                n = next((k for k in range(min(len(body), len(want_body))) if body[k] != want_body[k]),
                         min(len(body), len(want_body)))
                print("  body differs at byte %d:\n  want ...%r\n  got  ...%r"
                      % (n, want_body[max(0, n - 40):n + 80], body[max(0, n - 40):n + 80]))
        else:
            print("ok   %s" % name)
    if failed:
        print("%d of %d golden cases failed" % (failed, len(sys.argv) - 2))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
