#!/usr/bin/env python3
"""Stands in for the enrollment service in a test of the smoke suite's binary mode: answers
202 to every POST, decodes each binary-mode request (ce- headers) with the CloudEvents SDK
(PyPI `cloudevents`), and compares it with the same event in the structured file given.
Usage: ce_binary_capture.py ORIGINALS.ndjson PORT_FILE SECONDS
Writes its port to PORT_FILE, serves until PORT_FILE.done exists (the test writes it once the
sender has finished) or SECONDS have passed, prints one line per difference and a summary;
exits 0 when at least one binary event arrived and none differed."""
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from cloudevents.http import from_http

originals = {}
for line in open(sys.argv[1], encoding="utf-8"):
    event = json.loads(line)
    if isinstance(event, dict) and isinstance(event.get("id"), str):
        originals.setdefault(event["id"], event)
received, differences = [], []


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if "ce-specversion" in self.headers:
            event = from_http(dict(self.headers.items()), body)
            attributes = dict(event.get_attributes())
            received.append(attributes.get("id"))
            original = originals.get(attributes.get("id"))
            expected = {k: v for k, v in (original or {}).items() if k != "data"}
            if original is None or attributes != expected or event.data != original.get("data"):
                # Names which parts differ, not their values (data holds citizen ID numbers, if made-up ones).
                wrong = sorted(k for k in set(attributes) | set(expected) if attributes.get(k) != expected.get(k))
                data_differs = original is None or event.data != original.get("data")
                differences.append(f"{attributes.get('id')}: attributes {wrong} differ, data differs: {data_differs}")
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Handler)
server.timeout = 0.5
with open(sys.argv[2], "w", encoding="utf-8") as port_file:
    port_file.write(str(server.server_address[1]))
deadline = time.time() + float(sys.argv[3])
while time.time() < deadline and not os.path.exists(sys.argv[2] + ".done"):
    server.handle_request()
for difference in differences:
    print("difference:", difference)
print(f"binary events {len(received)}, differences {len(differences)}")
sys.exit(0 if received and not differences else 1)
