"""The hostile tool: a workspace tool whose page tries to take its visitor's
Backstage session (see hostile.js). It serves that page, notes the headers of
every request that reaches it (GET __received), and keeps the report its page
posts (POST/GET __report). For the tests of the tools origin only.

Served at its base path or at /: every URL here is relative.
"""

import json
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).parent
received = []
reports = []
lock = threading.Lock()


class Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(HERE / "page"), **kwargs)

    def note(self):
        with lock:
            received.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                }
            )
            # the latest requests are enough, and keep the answer small
            del received[:-200]

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.send_header("cache-control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.note()
        name = self.path.split("?")[0].rsplit("/", 1)[-1]
        if name == "__received":
            with lock:
                self.answer(200, received)
        elif name == "__report":
            with lock:
                self.answer(200, reports[-1] if reports else None)
        else:
            super().do_GET()

    def do_POST(self):
        self.note()
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length)
        if self.path.split("?")[0].endswith("/__report"):
            with lock:
                reports.append(json.loads(body or b"null"))
            self.answer(200, {"kept": True})
        else:
            self.answer(404, {"error": "not found"})

    def log_message(self, format, *args):
        sys.stderr.write("%s %s\n" % (self.command, self.path))


port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
