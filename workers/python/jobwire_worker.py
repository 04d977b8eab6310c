#!/usr/bin/python3
"""A jobwire worker in one file: standard library + pyzmq.

It serves the conformance topics `upper`, `count` and `fail` (docs/worker-protocol.md)
and speaks the worker side of the
jobwire wire contract (docs/protocol.md, sections 2 and 3):

    worker DEALER --ready/heartbeat/done/fail/bye--> broker ROUTER   (--broker, one DEALER each)
    worker PUSH   --progress/result-->               front end PULL  (job.reply_to)

Several brokers (--broker a,b; docs/redis.md "Several brokers on one Redis"): one DEALER per
broker, because a DEALER deals messages round-robin and every broker must hear every
ready/heartbeat. ready, heartbeat (listing ALL our jobs, whichever broker sent them), done
and bye go to every broker; fail goes to one. `capacity` is our total across brokers.

Threads: the main thread ("io") owns every ZeroMQ socket. Each job runs in its own
thread and hands what it produces to the io thread through a queue, then wakes it
by writing one byte to a pipe that the io thread polls next to the DEALER.

Run:  /usr/bin/python3 jobwire_worker.py --broker tcp://127.0.0.1:5556
      /usr/bin/python3 jobwire_worker.py --broker tcp://b1:5556,tcp://b2:5556

With ZeroMQ CURVE (docs/security.md; key files from `jobwire keys generate`):
      /usr/bin/python3 jobwire_worker.py --broker tcp://10.0.0.2:5556 \
          --curve-secret worker.key_secret --broker-key broker.key --frontend-key frontend.key
"""
import argparse
import json
import logging
import os
import queue
import re
import signal
import socket
import sys
import threading
import time

import zmq
import zmq.auth

log = logging.getLogger("jobwire.worker")

HEARTBEAT_S = 0.5        # we heartbeat twice as often as the contract's "once a second"
BROKER_SILENCE_S = 3.0   # hearing nothing for this long means: reconnect and re-send ready
# A broker heartbeats every second: one heard from within half the silence timeout is alive.
BROKER_ALIVE_S = BROKER_SILENCE_S / 2
# The largest frame our DEALER accepts: a bigger one drops the connection before a byte of it is
# allocated (ZMQ_MAXMSGSIZE). The same default as the Java side's --max-message-bytes.
DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024
# A job nested deeper than this (the job envelope counts: params get two levels less) is answered
# `fail bad_request`, like Jackson's default limit on the Java side. Python's json module recurses.
MAX_JSON_DEPTH = 1000
sys.setrecursionlimit(max(sys.getrecursionlimit(), MAX_JSON_DEPTH + 500))
# Strings (skipped whole) and brackets: enough to measure and cut nesting without recursion.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class BadParams(Exception):
    """The job's params are wrong; running it again would not help (fail, retry:false)."""


class JobFailed(Exception):
    """Fail the job with this code; `retry` says whether the broker may run it again."""
    def __init__(self, code, message, retry):
        super().__init__(message)
        self.code, self.retry = code, retry


class Cancelled(Exception):
    """The job was cancelled (by the broker, its deadline, or shutdown)."""


# --- Handlers: plain functions, run on the job's own thread. -------------------

def upper(params, job):
    text = params.get("text", "")
    if not isinstance(text, str):
        raise BadParams("'text' must be a string")
    return {"text": text.upper()}


def count(params, job):
    n, interval_ms = params.get("n", 3), params.get("interval_ms", 200)
    if type(n) is not int or n < 0:
        raise BadParams("'n' must be an integer >= 0")
    if type(interval_ms) not in (int, float) or not 0 <= interval_ms <= 3_600_000:
        raise BadParams("'interval_ms' must be a number from 0 to 3600000")
    for i in range(1, n + 1):
        job.sleep(interval_ms / 1000)   # raises Cancelled: the cooperative cancel point
        job.progress({"i": i})
    return {"n": n}


def fail(params, job):
    retry, succeed_on = params.get("retry", True), params.get("succeed_on")
    if type(retry) is not bool or not (succeed_on is None or type(succeed_on) is int):
        raise BadParams("'retry' must be a boolean and 'succeed_on' an integer")
    if succeed_on is not None and job.attempt >= succeed_on:
        return {"attempt": job.attempt}
    raise JobFailed("requested", f"failed on request (attempt {job.attempt})", retry)


HANDLERS = {"upper": upper, "count": count, "fail": fail}


# --- Decoding what the broker sends, whatever it is. ------------------------------

def json_depth(text):
    """How deeply `text` nests arrays and objects (0 for a scalar), without recursing."""
    depth = deepest = 0
    for token in _JSON_TOKENS.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif bracket in "]}":
            depth -= 1
    return deepest


def shallow(text, keep):
    """`text` with every array or object nested deeper than `keep` levels replaced by null:
    a job too deep to decode still tells its id, so it can be failed instead of ignored."""
    out, depth, start = [], 0, 0
    for token in _JSON_TOKENS.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth == keep + 1:
                out.append(text[start:token.start()])
        elif bracket in "]}":
            if depth == keep + 1:
                out.append("null")
                start = token.end()
            depth -= 1
    out.append(text[start:])
    return "".join(out)


def decode(raw):
    """(message, why): the broker's message, and why its job cannot run (None when it can).
    Raises ValueError when not even the job's id can be read."""
    text = raw.decode("utf-8")
    if json_depth(text) <= MAX_JSON_DEPTH:
        return json.loads(text), None
    return json.loads(shallow(text, 2)), f"the job is nested deeper than {MAX_JSON_DEPTH} levels"


# --- One running job. ----------------------------------------------------------

class Job:
    def __init__(self, spec, worker):
        self.id, self.topic = spec["id"], spec["topic"]
        self.params = spec.get("params") or {}
        self.reply_to, self.route = spec.get("reply_to"), spec.get("route")
        self.deadline = spec.get("deadline")      # epoch ms or None
        self.attempt = spec.get("attempt", 1)
        self.link = None                          # the BrokerLink that sent it (set by the io thread)
        self.seq = 0                              # owned by the io thread
        self.cancelled = threading.Event()        # set by the io thread, read by the handler
        self._worker = worker

    def progress(self, data):
        self._worker.post("progress", self, data)

    def sleep(self, seconds):
        if self.cancelled.wait(seconds):
            raise Cancelled()

    def run(self):
        """The job thread: run the handler, hand the outcome to the io thread."""
        try:
            if not isinstance(self.params, dict):
                raise BadParams("'params' must be an object")
            self._worker.post("result", self, HANDLERS[self.topic](self.params, self))
        except Cancelled:
            pass
        except BadParams as e:
            self._worker.post("fail", self, ("bad_request", str(e), False))
        except JobFailed as e:
            self._worker.post("fail", self, (e.code, str(e), e.retry))
        except Exception as e:  # a bug or a transient problem: let the broker retry
            log.exception("job=%s topic=%s handler raised", self.id, self.topic)
            self._worker.post("fail", self, ("internal", f"{type(e).__name__}: {e}", True))


# --- The worker: the io thread and its sockets. ----------------------------------

class Curve:
    """CURVE keys: our key pair, and the public key of each server we dial (None = plain)."""
    def __init__(self, secret_file=None, broker_key_file=None, frontend_key_file=None):
        secret_file, broker_key_file, frontend_key_file = (
            f or None for f in (secret_file, broker_key_file, frontend_key_file))
        if secret_file is None and (broker_key_file or frontend_key_file):
            raise ValueError("--broker-key/--frontend-key need --curve-secret (this worker's .key_secret)")
        if secret_file is not None and not (broker_key_file or frontend_key_file):
            raise ValueError("--curve-secret needs --broker-key or --frontend-key")
        self.public = self.secret = None
        if secret_file:
            self.public, self.secret = zmq.auth.load_certificate(secret_file)
            if self.secret is None:
                raise ValueError(f"{secret_file} holds no secret-key: pass the .key_secret file")
        self.broker = zmq.auth.load_certificate(broker_key_file)[0] if broker_key_file else None
        self.frontend = zmq.auth.load_certificate(frontend_key_file)[0] if frontend_key_file else None

    def client(self, sock, server_key):
        """Make `sock` a CURVE client of `server_key` (does nothing when that server runs plain)."""
        if server_key is not None:
            sock.curve_publickey, sock.curve_secretkey = self.public, self.secret
            sock.curve_serverkey = server_key


def send_json(sock, msg):
    """Queue one JSON frame without waiting, or raise zmq.Again: the io thread never waits on a
    peer. pyzmq raises zmq.Again when the frame cannot be queued: the peer is slow (its queue is
    full), not connected yet, or, with CURVE, refused our key (then every send fails, forever)."""
    sock.send_string(json.dumps(msg), zmq.NOBLOCK)


def refused_key_advice(server, flag):
    return (f"with CURVE this almost always means the {server} refused our key: check that this "
            f"worker's public .key is in the {server}'s clients directory (--curve-clients) and "
            f"that {flag} is the {server}'s public key; the {server} logs the refusal")


class BrokerLink:
    """The DEALER to one broker, and when we last heard from it. Used by the io thread only.

    No identity is set: after a reconnect the broker sees a new ROUTER identity and learns
    us again from the `ready` we re-send (done/fail name jobs by id, so they still land)."""

    def __init__(self, endpoint, worker):
        self.endpoint, self.worker = endpoint, worker
        self.dealer = None
        self.last_heard = 0.0
        self.silent = False                # log the outage once, not at every reconnect
        self.refused = False               # a send failed: log it once, not at every heartbeat

    def connect(self, poller):
        """(Re)creates the DEALER, connects it and sends `ready`."""
        if self.dealer is not None:
            poller.unregister(self.dealer)
            self.dealer.close(linger=0)
        self.dealer = self.worker.ctx.socket(zmq.DEALER)
        self.dealer.linger = 1000          # give `bye` a second to leave at exit
        self.dealer.maxmsgsize = self.worker.max_message_bytes
        self.worker.curve.client(self.dealer, self.worker.curve.broker)
        self.dealer.connect(self.endpoint)
        poller.register(self.dealer, zmq.POLLIN)
        self.last_heard = time.monotonic()
        self.send(self.worker.ready_msg())

    def send(self, msg):
        peer = f"worker={self.worker.id} broker={self.endpoint}"
        try:
            send_json(self.dealer, msg)
        except zmq.Again:
            # Said once per outage (receive() resets it), not at every heartbeat.
            if not self.refused:
                self.refused = True
                log.warning("%s: dropped %s and will drop more until it answers: %s",
                            peer, msg["type"], self.unreachable())
            else:
                log.debug("%s: dropped %s", peer, msg["type"])

    def unreachable(self):
        if self.worker.curve.broker is not None:
            return "the broker takes nothing from us; " + refused_key_advice("broker", "--broker-key")
        return "the broker takes nothing from us (not reachable yet, or its queue is full)"

    def receive(self):
        """Every message waiting on the DEALER; hearing anything proves the broker alive."""
        while self.dealer.poll(0):
            self.last_heard = time.monotonic()
            self.refused = False
            if self.silent:
                self.silent = False
                log.info("worker=%s hears broker=%s again", self.worker.id, self.endpoint)
            yield self.dealer.recv()

    def reconnect_if_silent(self, poller, now):
        if now - self.last_heard <= BROKER_SILENCE_S:
            return
        if not self.silent:
            self.silent = True
            log.warning("worker=%s heard nothing from broker=%s for %ss, reconnecting until it answers",
                        self.worker.id, self.endpoint, BROKER_SILENCE_S)
        self.connect(poller)


class Worker:
    def __init__(self, brokers, worker_id, capacity, grace, curve=None, topics=None,
                 max_message_bytes=DEFAULT_MAX_MESSAGE_BYTES):
        """`brokers`: one endpoint or a list of them (all brokers sharing one Redis);
        `topics`: the ones to serve (default: every handler's)."""
        if isinstance(brokers, str):
            brokers = parse_brokers(brokers)
        self.id, self.capacity, self.grace = worker_id, capacity, grace
        self.topics = sorted(topics or HANDLERS)
        self.max_message_bytes = max_message_bytes
        self.curve = curve or Curve()      # one broker key for all: a cluster's brokers share a key pair
        self.ctx = zmq.Context()
        self.links = [BrokerLink(endpoint, self) for endpoint in brokers]
        self.pushers = {}                  # reply_to endpoint -> PUSH socket, kept open
        self.running = {}                  # job id -> Job
        self.outbox = queue.Queue()        # (kind, job, payload) from job threads
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)  # a full pipe already means "wake up"
        self.stop_at = None                # monotonic time the grace period ends

    # Called from any thread (job threads, the signal handler).
    def post(self, kind, job, payload=None):
        self.outbox.put((kind, job, payload))
        self.wake()

    def wake(self):
        try:
            os.write(self.wake_w, b"x")
        except BlockingIOError:
            pass

    def request_stop(self, signum, _frame):
        if self.stop_at is None:
            log.info("worker=%s got %s: taking no new jobs, draining %d running (grace %ss)",
                     self.id, signal.Signals(signum).name, len(self.running), self.grace)
            self.stop_at = time.monotonic() + self.grace
        self.wake()

    # Everything below runs on the io thread.
    def ready_msg(self):
        return {"type": "ready", "worker": self.id, "topics": self.topics, "capacity": self.capacity}

    def to_all(self, msg):
        for link in self.links:
            link.send(msg)

    def to_one(self, preferred, msg):
        """To the broker that sent the job while it is alive, else to the one heard from last.
        A message to a broker that died just now may be lost; the lease lapses and the job reruns."""
        if preferred is None or time.monotonic() - preferred.last_heard > BROKER_ALIVE_S:
            preferred = max(self.links, key=lambda link: link.last_heard)
        preferred.send(msg)

    def push(self, job, msg):
        if job.reply_to is None:
            return
        sock = self.pushers.get(job.reply_to)
        if sock is None:
            sock = self.ctx.socket(zmq.PUSH)
            sock.linger = 2000
            self.curve.client(sock, self.curve.frontend)
            try:
                sock.connect(job.reply_to)
            except zmq.ZMQError as e:
                sock.close()
                return self.fail(job, "internal", f"reply_to {job.reply_to!r} is unusable: {e}", False)
            self.pushers[job.reply_to] = sock
        job.seq += 1
        try:
            send_json(sock, {**msg, "job": job.id, "route": job.route, "seq": job.seq})
        except zmq.Again:
            why = ("the front end's queue is full or it is away; " + refused_key_advice("front end", "--frontend-key")
                   if self.curve.frontend is not None else "the front end's queue is full or it is away")
            log.warning("job=%s reply_to=%s: dropped %s seq=%d: %s", job.id, job.reply_to, msg["type"], job.seq, why)

    def fail(self, job, code, message, retry):
        self.running.pop(job.id, None)
        job.cancelled.set()
        self.to_one(job.link, {"type": "fail", "job": job.id,
                               "error": {"code": code, "message": message}, "retry": retry})
        log.info("job=%s topic=%s failed code=%s retry=%s: %s", job.id, job.topic, code, retry, message)

    def on_broker(self, link, raw):
        try:
            msg, undecodable = decode(raw)
            kind = msg["type"]
            job = Job(msg["job"], self) if kind == "job" else None
        except (ValueError, KeyError, TypeError, RecursionError) as e:
            log.warning("worker=%s ignored malformed message from broker=%s (%s): %.200r",
                        self.id, link.endpoint, type(e).__name__, raw)
            return
        if kind == "job":
            job.link = link
            if undecodable:                # we know which job it is, not what it asks: say so
                return self.fail(job, "bad_request", undecodable, False)
            self.start(job)
        elif kind == "cancel" and msg.get("job") in self.running:
            job = self.running.pop(msg["job"])
            job.cancelled.set()            # the handler stops at its next cancel point
            log.info("job=%s topic=%s cancelled by broker", job.id, job.topic)
        # `heartbeat` (and anything unknown) only proves the broker is alive.

    def start(self, job):
        if job.id in self.running:         # e.g. a second broker re-assigned it: keep the first run
            return log.info("job=%s topic=%s already running, ignoring duplicate", job.id, job.topic)
        log.info("job=%s topic=%s received", job.id, job.topic)
        if self.stop_at is not None:
            # `shutdown`: the broker hands it back without spending an attempt
            return self.fail(job, "shutdown", "worker is shutting down", True)
        if job.topic not in self.topics:
            return self.fail(job, "unknown_topic", f"this worker does not serve '{job.topic}'", True)
        if job.deadline is not None and time.time() * 1000 > job.deadline:
            return self.fail(job, "timeout", f"deadline {job.deadline} passed before the job started", False)
        if len(self.running) >= self.capacity:
            # Capacity is our total: two brokers may fill the same free slot at once. `busy`
            # hands it straight back; the broker requeues it without spending an attempt.
            return self.fail(job, "busy", f"worker {self.id} is running its capacity", True)
        self.running[job.id] = job
        threading.Thread(target=job.run, name=f"job-{job.id}", daemon=True).start()

    def on_outbox(self, kind, job, payload):
        if self.running.get(job.id) is not job:
            return                         # cancelled or timed out: send nothing more for it
        if kind == "progress":
            self.push(job, {"type": "progress", "data": payload})
        elif kind == "result":
            self.push(job, {"type": "result", "data": payload})
            if self.running.pop(job.id, None) is None:
                return                     # push() failed the job
            # To every broker: any one can ack it (a second ack is a no-op) and each frees
            # the slot at once; if the broker that sent the job died, the others record it.
            self.to_all({"type": "done", "job": job.id})
            log.info("job=%s topic=%s done seq=%d", job.id, job.topic, job.seq)
        elif kind == "fail":
            self.fail(job, *payload)

    def check_deadlines(self):
        now_ms = time.time() * 1000
        for job in list(self.running.values()):
            if job.deadline is not None and now_ms > job.deadline:
                self.fail(job, "timeout", f"deadline {job.deadline} passed", False)

    def run(self):
        self.poller = zmq.Poller()
        self.poller.register(self.wake_r, zmq.POLLIN)
        for link in self.links:
            link.connect(self.poller)
        log.info("worker=%s ready brokers=%s topics=%s capacity=%d", self.id,
                 ",".join(link.endpoint for link in self.links), ",".join(self.topics), self.capacity)
        next_heartbeat = time.monotonic()
        said_draining = False
        while True:
            wait = max(0.0, min(next_heartbeat - time.monotonic(), 0.1))
            ready = dict(self.poller.poll(wait * 1000))
            for link in self.links:
                if link.dealer in ready:
                    for raw in link.receive():
                        self.on_broker(link, raw)
            if self.wake_r in ready:
                os.read(self.wake_r, 4096)
            while not self.outbox.empty():
                self.on_outbox(*self.outbox.get_nowait())
            self.check_deadlines()
            now = time.monotonic()
            draining = self.stop_at is not None
            if now >= next_heartbeat or draining != said_draining:
                # Every broker hears every job we run, so each counts them against our
                # capacity and any of them extends their leases. `draining` is said at once:
                # the broker stops handing us jobs we would only hand back.
                beat = {"type": "heartbeat", "worker": self.id, "running": list(self.running)}
                if draining:
                    beat["draining"] = True
                self.to_all(beat)
                said_draining = draining
                next_heartbeat = now + HEARTBEAT_S
            for link in self.links:        # each broker on its own: the others keep working
                link.reconnect_if_silent(self.poller, now)
            if self.stop_at is not None and (not self.running or now >= self.stop_at):
                break
        for job in list(self.running.values()):
            self.fail(job, "shutdown", "worker stopped before the job finished", True)
        self.to_all({"type": "bye", "worker": self.id})
        log.info("worker=%s bye", self.id)
        self.ctx.destroy()   # closes the sockets, honouring their linger


def parse_brokers(value):
    """'tcp://a:5556, tcp://b:5556' -> ['tcp://a:5556', 'tcp://b:5556'] (blanks dropped)."""
    brokers = [endpoint.strip() for endpoint in value.split(",") if endpoint.strip()]
    if not brokers:
        raise ValueError("--broker needs at least one endpoint")
    return brokers


def main(argv=None):
    # The command line every reference worker shares (docs/worker-protocol.md, "Command line").
    env = os.environ.get
    p = argparse.ArgumentParser(description="jobwire reference worker (topics: upper, count, fail).")
    p.add_argument("--broker", default=env("JOBWIRE_BROKER", "tcp://127.0.0.1:5556"),
                   help="broker ROUTER endpoint, or several comma-separated (brokers sharing one Redis): "
                        "one connection each (env JOBWIRE_BROKER; default %(default)s)")
    p.add_argument("--capacity", type=int, default=env("JOBWIRE_CAPACITY", "4"),
                   help="jobs run at once, in total over all brokers (env JOBWIRE_CAPACITY; default %(default)s)")
    p.add_argument("--topics", default=env("JOBWIRE_TOPICS", ",".join(sorted(HANDLERS))),
                   help="comma-separated topics to serve, a subset of upper,count,fail "
                        "(env JOBWIRE_TOPICS; default: all)")
    p.add_argument("--id", "--worker-id", dest="worker_id",
                   default=env("JOBWIRE_WORKER_ID", f"{socket.gethostname()}-{os.getpid()}"),
                   help="name sent in ready/heartbeat/bye, unique per process (env JOBWIRE_WORKER_ID; default host-pid)")
    p.add_argument("--grace", type=float, default=env("JOBWIRE_GRACE", "10"),
                   help="seconds running jobs may take to finish after SIGTERM/SIGINT; the rest are "
                        "handed back (env JOBWIRE_GRACE; default %(default)s)")
    p.add_argument("--max-message-bytes", type=int,
                   default=env("JOBWIRE_MAX_MESSAGE_BYTES", str(DEFAULT_MAX_MESSAGE_BYTES)),
                   help="largest frame accepted from a broker; a bigger one drops the connection "
                        "(env JOBWIRE_MAX_MESSAGE_BYTES; default %(default)s = 1 MiB)")
    p.add_argument("--curve-secret", default=env("JOBWIRE_CURVE_SECRET"),
                   help="this worker's CURVE .key_secret; its .key must be in the servers' clients dir "
                        "(env JOBWIRE_CURVE_SECRET; default: no CURVE)")
    p.add_argument("--broker-key", default=env("JOBWIRE_BROKER_KEY"),
                   help="the broker's public CURVE .key (env JOBWIRE_BROKER_KEY)")
    p.add_argument("--frontend-key", default=env("JOBWIRE_FRONTEND_KEY"),
                   help="the front ends' ingress public CURVE .key (env JOBWIRE_FRONTEND_KEY)")
    args = p.parse_args(argv)
    if args.capacity < 1:
        p.error("--capacity must be >= 1")
    if args.grace < 0:
        p.error("--grace must be >= 0")
    if args.max_message_bytes < 1024:
        p.error("--max-message-bytes must be >= 1024")
    topics = [t.strip() for t in args.topics.split(",") if t.strip()]
    unknown = sorted(set(topics) - set(HANDLERS))
    if not topics or unknown:
        p.error(f"--topics must name some of {','.join(sorted(HANDLERS))}; unknown: {','.join(unknown)}")
    try:
        brokers = parse_brokers(args.broker)
        curve = Curve(args.curve_secret, args.broker_key, args.frontend_key)
    except (ValueError, OSError) as e:
        p.error(str(e))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    worker = Worker(brokers, args.worker_id, args.capacity, args.grace, curve, topics, args.max_message_bytes)
    signal.signal(signal.SIGTERM, worker.request_stop)
    signal.signal(signal.SIGINT, worker.request_stop)
    worker.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
