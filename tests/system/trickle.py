#!/usr/bin/env python3
"""Slow clients: holds N connections to HOST:PORT that each send an HTTP request one byte per
second, reconnecting whenever the server closes one, for SECONDS seconds. Prints a JSON summary:
connections opened, closed by the server, and how many of those got a 408 answer first.

    trickle.py HOST PORT N SECONDS
"""
import json
import selectors
import socket
import sys
import time

REQUEST = (b"GET /scim/v2/Users HTTP/1.1\r\nHost: slow.example\r\nUser-Agent: trickle\r\n"
           b"Authorization: Bearer not-a-real-token-but-long-enough-to-take-a-while\r\n\r\n")


def main():
    host, port, count, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    sel = selectors.DefaultSelector()
    stats = {"opened": 0, "closed_by_server": 0, "answered_408": 0, "connect_failures": 0}
    conns = {}  # socket -> [bytes sent, bytes received]

    def open_one():
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.connect((host, port))
        except OSError:
            stats["connect_failures"] += 1
            s.close()
            return
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        conns[s] = [0, b""]
        stats["opened"] += 1

    def close_one(s):
        sel.unregister(s)
        if conns[s][1].startswith(b"HTTP/1.1 408"):
            stats["answered_408"] += 1
        del conns[s]
        s.close()

    for _ in range(count):
        open_one()
    end = time.monotonic() + seconds
    next_tick = time.monotonic()
    while time.monotonic() < end:
        now = time.monotonic()
        if now >= next_tick:
            next_tick += 1.0
            for s, state in list(conns.items()):
                if state[0] < len(REQUEST):
                    try:
                        s.send(REQUEST[state[0]:state[0] + 1])
                        state[0] += 1
                    except OSError:
                        stats["closed_by_server"] += 1
                        close_one(s)
            while len(conns) < count:
                open_one()
        for key, _ in sel.select(timeout=max(0.0, min(next_tick, end) - time.monotonic())):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if data:
                conns[s][1] += data
            else:
                stats["closed_by_server"] += 1
                close_one(s)
    stats["open_at_end"] = len(conns)
    for s in list(conns):
        close_one(s)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
