#!/usr/bin/env python3
"""A webhook receiver for the outbox system test (tests/system/outbox_delivery.sh).

    webhook_receiver.py PORT_FILE LOG SECRET [--delay-ms N] [--fail-every K]

Listens on 127.0.0.1 (a port the OS picks, written to PORT_FILE), verifies each POST's
X-Scimd-Signature (sha256=hex HMAC-SHA256(SECRET, timestamp + "." + body)) and appends to LOG:
  ARRIVE <event id> <userId> <index>   when a request has been read (before the delay)
  ANSWER <status> <event id> <userId> <index>   just before it answers (after the delay)
  BADSIG <event id>                     when the signature does not verify (answered 401)
Every K-th request is answered 503; the rest 200 after N ms.
"""
import hashlib
import hmac
import http.server
import json
import os
import sys
import threading
import time

port_file, log_path, secret = sys.argv[1], sys.argv[2], sys.argv[3].encode()
delay_ms = 0
fail_every = 0
args = sys.argv[4:]
while args:
    if args[0] == "--delay-ms":
        delay_ms = int(args[1])
    elif args[0] == "--fail-every":
        fail_every = int(args[1])
    args = args[2:]

lock = threading.Lock()
count = 0


def log(line):
    with lock, open(log_path, "a") as f:
        f.write(line + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as libcurl uses it

    def do_POST(self):
        global count
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        event_id = self.headers.get("X-Scimd-Event-Id", "")
        timestamp = self.headers.get("X-Scimd-Timestamp", "")
        expected = "sha256=" + hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        payload = json.loads(body)
        what = f"{event_id} {payload.get('userId')} {payload.get('index')}"
        if not hmac.compare_digest(expected, self.headers.get("X-Scimd-Signature", "")):
            log(f"BADSIG {event_id}")
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        else:
            log(f"ARRIVE {what}")
            with lock:
                count += 1
                n = count
            time.sleep(delay_ms / 1000)
            status = 503 if fail_every and n % fail_every == 0 else 200
        # Logged before the answer goes out, so that no later ARRIVE can precede it in the log.
        log(f"ANSWER {status} {what}")
        try:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.wfile.flush()
        except OSError:
            pass  # the sender is gone (killed mid-delivery): it never saw this answer

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
