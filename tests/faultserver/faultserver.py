#!/usr/bin/env python3
"""faultserver.py - a fault-injecting stand-in for the Models API, for SDK tests.

The first path segment picks the behaviour, the second is a token that keeps
per-test counters apart; the rest is the API path. A client pointed at
base URL http://HOST:PORT/<fault>/<token> therefore sees that fault on every
operation. Faults:
  ok            200 with a small models list (paged by offset/limit)
  fail-then-ok  500 (JSON) on the first request per token, then as ok
  retry-after   503 with Retry-After: 1 first, then ok
  retry-after-ms  503 with retry-after-ms: 300 first, then ok
  retry-after-date  503 with Retry-After: <HTTP date 2 s ahead> first, then ok
  always-500    500 (JSON) on every request
  always-503    503 (JSON) on every request
  html-502      502 text/html
  stall         accepts, then says nothing for 30 s
  malformed     200 application/json "{not json"
  truncated     200 with Content-Length 1000 and 100 bytes, then close
  huge          200 with a 2 MiB valid JSON body
  unauthorized  401 {"error":{"code":401,"message":"Missing Authentication header"}}
  notfound      404 {"error":{"code":404,"message":"Model not found"}}
  badrequest    400 {"error":{"code":400,"message":"Invalid request parameters"}}
  ratelimited   429 JSON
  echo          200 {"data":[], "echo":{path, query, headers}}
  drift         200 models list with unknown fields, wrong types, non-object items
GET /__count/<token> returns {"count": requests seen for token}.
The first stdout line is `listening on http://127.0.0.1:PORT`.
"""
import json
import sys
from email.utils import formatdate
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

COUNTS = {}
LOCK = threading.Lock()


def model(i):
    return {
        "id": f"test/model-{i}", "canonical_slug": f"test/model-{i}-20260101",
        "name": f"Model {i}", "created": 1760000000 + i, "description": "d",
        "pricing": {"prompt": "0.000001", "completion": "0.000002"},
        "context_length": 1000 * (i + 1),
        "architecture": {"modality": "text->text", "input_modalities": ["text"],
                         "output_modalities": ["text"], "tokenizer": "Other", "instruct_type": None},
        "top_provider": {"is_moderated": False, "context_length": None, "max_completion_tokens": None},
        "per_request_limits": None, "supported_parameters": ["tools"],
        "default_parameters": {}, "supported_voices": None,
        "links": {"details": f"/api/v1/models/test/model-{i}-20260101/endpoints"},
    }


MODELS = [model(i) for i in range(7)]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, status, body, ctype="application/json", extra=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def err(self, status, msg, extra=None):
        self.send(status, {"error": {"code": status, "message": msg}}, extra=extra)

    def ok(self, rest, query):
        q = parse_qs(query)
        if rest.startswith("/models/count"):
            return self.send(200, {"data": {"count": len(MODELS)}})
        if rest.startswith("/model/"):
            return self.send(200, {"data": MODELS[0]})
        if rest.endswith("/endpoints"):
            return self.send(200, {"data": {"id": "test/model-0", "name": "Model 0", "created": 1,
                                            "description": "d", "architecture": MODELS[0]["architecture"],
                                            "endpoints": []}})
        if rest.startswith("/providers"):
            return self.send(200, {"data": [{"name": "P", "slug": "p"}]})
        if rest.startswith("/endpoints/zdr"):
            return self.send(200, {"data": []})
        off = int(q.get("offset", ["0"])[0])
        lim = int(q.get("limit", [str(len(MODELS))])[0])
        page = MODELS[off:off + lim]
        nxt = None
        if off + lim < len(MODELS):
            nxt = f"/api/v1/models?offset={off + lim}&limit={lim}"
        return self.send(200, {"data": page, "total_count": len(MODELS), "links": {"next": nxt}})

    def do_GET(self):
        u = urlsplit(self.path)
        parts = u.path.split("/", 3)  # '', fault, token, rest
        fault = parts[1] if len(parts) > 1 else ""
        token = parts[2] if len(parts) > 2 else ""
        rest = "/" + parts[3] if len(parts) > 3 else "/"
        if fault == "__count":
            with LOCK:
                return self.send(200, {"count": COUNTS.get(token, 0)})
        with LOCK:
            n = COUNTS.get(token, 0)
            COUNTS[token] = n + 1
        if fault == "ok":
            return self.ok(rest, u.query)
        if fault == "fail-then-ok":
            return self.err(500, "Internal Server Error") if n == 0 else self.ok(rest, u.query)
        if fault == "retry-after":
            if n == 0:
                return self.err(503, "Service Unavailable", {"Retry-After": "1"})
            return self.ok(rest, u.query)
        if fault == "retry-after-ms":
            if n == 0:
                return self.err(503, "Service Unavailable", {"retry-after-ms": "300"})
            return self.ok(rest, u.query)
        if fault == "retry-after-date":
            if n == 0:
                when = formatdate(time.time() + 2, usegmt=True)
                return self.err(503, "Service Unavailable", {"Retry-After": when})
            return self.ok(rest, u.query)
        if fault == "always-500":
            return self.err(500, "Internal Server Error")
        if fault == "always-503":
            return self.err(503, "Service Unavailable")
        if fault == "html-502":
            return self.send(502, b"<html>bad gateway</html>", "text/html")
        if fault == "stall":
            time.sleep(30)
            return
        if fault == "malformed":
            return self.send(200, b"{not json", "application/json")
        if fault == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"data":[' + b" " * 91)
            self.wfile.flush()
            self.close_connection = True
            return
        if fault == "huge":
            pad = "x" * (2 << 20)
            return self.send(200, {"data": [], "pad": pad})
        if fault == "unauthorized":
            return self.err(401, "Missing Authentication header")
        if fault == "notfound":
            return self.err(404, "Model not found")
        if fault == "badrequest":
            return self.err(400, "Invalid request parameters")
        if fault == "ratelimited":
            return self.err(429, "Rate limit exceeded")
        if fault == "echo":
            return self.send(200, {"data": [], "echo": {
                "path": rest, "query": u.query,
                "headers": {k.lower(): v for k, v in self.headers.items()}}})
        if fault == "drift":
            m = dict(MODELS[0])
            m["brand_new_field"] = {"x": [1, 2]}
            m["context_length"] = "not a number"
            m["pricing"] = {"prompt": "-1", "completion": 5e-7, "future_price": "0.1"}
            m["architecture"] = None
            return self.send(200, {"data": [m, 42, None, "s", MODELS[1]], "total_count": "x",
                                   "links": None, "extra": True})
        return self.err(404, "unknown fault " + fault)


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients hang up on purpose (timeouts, size caps)


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    print(f"listening on http://127.0.0.1:{srv.server_address[1]}", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
