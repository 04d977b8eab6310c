#!/usr/bin/python3
"""A broken worker for ConformanceKitTest: it holds every job it gets and, on SIGTERM, hands them
back with code `unavailable` (which spends an attempt) and without saying `draining` first."""
import json
import os
import signal
import time

import zmq

ctx = zmq.Context()
dealer = ctx.socket(zmq.DEALER)
dealer.linger = 1000
dealer.connect(os.environ["JOBWIRE_BROKER"])
dealer.send_json({"type": "ready", "worker": "w-unavailable", "topics": ["count", "fail", "upper"],
                  "capacity": 2})
held, stop = [], []
signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
while not stop:
    while dealer.poll(0):
        msg = json.loads(dealer.recv())
        if msg.get("type") == "job":
            held.append(msg["job"]["id"])
    dealer.send_json({"type": "heartbeat", "worker": "w-unavailable", "running": held})
    time.sleep(0.3)
for job in held:
    dealer.send_json({"type": "fail", "job": job, "retry": True,
                      "error": {"code": "unavailable", "message": "shutting down"}})
dealer.send_json({"type": "bye", "worker": "w-unavailable"})
ctx.destroy(linger=1000)
