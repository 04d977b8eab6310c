"""Runs jobwire_worker.py as a child process against a fake broker made of real sockets.

    cd workers/python && /usr/bin/python3 -m unittest -v
    (JOBWIRE_TEST_LOGS=1 shows the worker's log lines)

The fake broker is a ROUTER (what the worker's DEALER talks to) and a PULL (the
job's reply_to, standing in for the front end), both on 127.0.0.1 random ports.
SeveralBrokersTest runs two of them, as two brokers sharing one Redis.
"""
import collections
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import zmq
import zmq.auth
from zmq.auth.thread import ThreadAuthenticator

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jobwire_worker.py")


class FakeBroker:
    def __init__(self, curve=None):
        """`curve`: (public, secret, clients_dir) makes both sockets CURVE servers that admit
        only the keys in clients_dir, as the real broker and front end do."""
        self.ctx = zmq.Context()
        self.auth = None
        self.router = self.ctx.socket(zmq.ROUTER)
        self.router.linger = 0
        self.pull = self.ctx.socket(zmq.PULL)
        self.pull.linger = 0
        if curve:
            public, secret, clients = curve
            self.auth = ThreadAuthenticator(self.ctx)
            self.auth.start()
            self.auth.configure_curve(domain="*", location=clients)
            for sock in (self.router, self.pull):
                sock.curve_server, sock.curve_publickey, sock.curve_secretkey = True, public, secret
        port = self.router.bind_to_random_port("tcp://127.0.0.1")
        self.endpoint = f"tcp://127.0.0.1:{port}"
        self.reply_to = f"tcp://127.0.0.1:{self.pull.bind_to_random_port('tcp://127.0.0.1')}"
        self.identity = None        # the worker's current DEALER, learnt from what it sends
        self.heartbeats = True      # answer like a live broker while we wait
        self.last_beat = 0.0
        self.inbox = collections.deque()   # received from the worker, not yet asked for
        self.peers = []             # other fake brokers kept alive while we wait on this one

    def send(self, msg):
        self.send_raw(json.dumps(msg).encode())

    def send_raw(self, frame):
        self.router.send_multipart([self.identity, frame])

    def job(self, job_id, topic, params, **extra):
        spec = {"id": job_id, "topic": topic, "params": params, "user": None,
                "reply_to": self.reply_to, "route": {"sub": "s-" + job_id, "fe": "fe-1"},
                "attempt": 1, "max_attempts": 3, "deadline": None}
        spec.update(extra)
        self.send({"type": "job", "job": spec})

    def tick(self):
        """Heartbeat if due (unless silenced) and move what the worker sent into the inbox."""
        if self.heartbeats and self.identity and time.monotonic() - self.last_beat > 0.5:
            self.send({"type": "heartbeat"})
            self.last_beat = time.monotonic()
        while self.router.poll(0):
            self.identity, raw = self.router.recv_multipart()
            self.inbox.append(json.loads(raw))

    def tick_all(self):
        for broker in (self, *self.peers):
            broker.tick()

    def recv(self, *types, timeout=3.0):
        """The next message from the worker whose type is in `types` (others are skipped)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.tick_all()
            while self.inbox:
                msg = self.inbox.popleft()
                if msg["type"] in types:
                    return msg
            self.router.poll(20)
        raise AssertionError(f"no {types} from the worker within {timeout}s")

    def pushed(self, timeout=3.0):
        """The next message the worker pushed to reply_to."""
        end = time.monotonic() + timeout
        while not self.pull.poll(20):
            self.tick_all()
            if time.monotonic() > end:
                raise AssertionError(f"nothing pushed to reply_to within {timeout}s")
        return json.loads(self.pull.recv())

    def nothing_pushed(self, seconds):
        return not self.pull.poll(seconds * 1000)

    def close(self):
        if self.auth:
            self.auth.stop()
        self.ctx.destroy(linger=0)


class WorkerTest(unittest.TestCase):
    def setUp(self):
        self.broker = FakeBroker()
        self.proc = subprocess.Popen(
            [sys.executable, WORKER, "--broker", self.broker.endpoint, "--worker-id", "w-test",
             "--capacity", "2", "--grace", "5"],
            stderr=None if os.environ.get("JOBWIRE_TEST_LOGS") else subprocess.DEVNULL)
        self.ready = self.broker.recv("ready")

    def tearDown(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.broker.close()

    def test_sends_ready_with_its_topics_and_capacity(self):
        self.assertEqual(self.ready, {"type": "ready", "worker": "w-test",
                                      "topics": ["count", "fail", "upper"], "capacity": 2})

    def test_heartbeats_name_the_worker_and_its_running_jobs(self):
        self.broker.job("j1", "count", {"n": 20, "interval_ms": 50})
        beat = self.broker.recv("heartbeat", timeout=1.0)
        while beat["running"] != ["j1"]:
            beat = self.broker.recv("heartbeat", timeout=1.0)
        self.assertEqual(beat["worker"], "w-test")

    def test_upper_pushes_result_then_reports_done(self):
        self.broker.job("j1", "upper", {"text": "abc"})
        self.assertEqual(self.broker.recv("done", "fail"), {"type": "done", "job": "j1"})
        self.assertEqual(self.broker.pushed(), {"type": "result", "job": "j1", "seq": 1,
                                                "route": {"sub": "s-j1", "fe": "fe-1"},
                                                "data": {"text": "ABC"}})

    def test_count_pushes_progress_one_to_n_then_result_with_growing_seq(self):
        self.broker.job("j1", "count", {"n": 3, "interval_ms": 20})
        got = [self.broker.pushed() for _ in range(4)]
        self.assertEqual([(m["type"], m["seq"], m["data"]) for m in got],
                         [("progress", 1, {"i": 1}), ("progress", 2, {"i": 2}),
                          ("progress", 3, {"i": 3}), ("result", 4, {"n": 3})])
        self.assertEqual(self.broker.recv("done", "fail"), {"type": "done", "job": "j1"})

    def test_bad_param_fails_without_retry_and_pushes_nothing(self):
        self.broker.job("j1", "upper", {"text": 42})
        fail = self.broker.recv("done", "fail")
        self.assertEqual((fail["type"], fail["job"], fail["retry"], fail["error"]["code"]),
                         ("fail", "j1", False, "bad_request"))
        self.assertTrue(self.broker.nothing_pushed(0.2))

    def test_fail_fails_with_the_asked_retry_until_the_attempt_that_succeeds(self):
        self.broker.job("j1", "fail", {"retry": True, "succeed_on": 2})
        fail = self.broker.recv("done", "fail")
        self.assertEqual((fail["job"], fail["retry"], fail["error"]["code"]), ("j1", True, "requested"))
        self.broker.job("j1", "fail", {"retry": True, "succeed_on": 2}, attempt=2)
        self.assertEqual(self.broker.recv("done", "fail"), {"type": "done", "job": "j1"})
        self.assertEqual(self.broker.pushed()["data"], {"attempt": 2})
        self.broker.job("j2", "fail", {"retry": False})
        fail = self.broker.recv("done", "fail")
        self.assertEqual((fail["job"], fail["retry"], fail["error"]["code"]), ("j2", False, "requested"))

    def test_cancel_stops_a_count_job_and_sends_nothing_more_for_it(self):
        self.broker.job("j1", "count", {"n": 100, "interval_ms": 50})
        self.assertEqual(self.broker.pushed()["data"], {"i": 1})
        self.broker.send({"type": "cancel", "job": "j1"})
        end = time.monotonic() + 2
        while self.broker.recv("heartbeat")["running"] and time.monotonic() < end:
            pass
        self.assertEqual(self.broker.recv("heartbeat")["running"], [])
        while self.broker.pull.poll(0):     # drop what was in flight before the cancel
            self.broker.pull.recv()
        self.assertTrue(self.broker.nothing_pushed(0.4))
        with self.assertRaises(AssertionError):
            self.broker.recv("done", "fail", timeout=0.5)

    def test_job_past_its_deadline_fails_with_timeout(self):
        deadline = int(time.time() * 1000) + 300
        self.broker.job("j1", "count", {"n": 100, "interval_ms": 50}, deadline=deadline)
        fail = self.broker.recv("done", "fail")
        self.assertEqual((fail["job"], fail["error"]["code"]), ("j1", "timeout"))
        self.assertGreaterEqual(time.time() * 1000, deadline)

    def test_job_without_reply_to_still_reports_done(self):
        self.broker.job("j1", "upper", {"text": "x"}, reply_to=None)
        self.assertEqual(self.broker.recv("done", "fail"), {"type": "done", "job": "j1"})
        self.assertTrue(self.broker.nothing_pushed(0.2))

    def test_job_with_unusable_reply_to_fails_without_retry(self):
        self.broker.job("j1", "upper", {"text": "x"}, reply_to="not-an-endpoint")
        fail = self.broker.recv("done", "fail")
        self.assertEqual((fail["type"], fail["retry"], fail["error"]["code"]), ("fail", False, "internal"))

    def test_job_beyond_capacity_fails_with_retry(self):
        for job_id in ("j1", "j2", "j3"):
            self.broker.job(job_id, "count", {"n": 10, "interval_ms": 50})
        fail = self.broker.recv("done", "fail")
        self.assertEqual((fail["job"], fail["retry"], fail["error"]["code"]), ("j3", True, "busy"))
        self.assertEqual(fail["error"]["message"], "worker w-test is running its capacity")

    def test_a_job_nested_too_deep_fails_bad_request_without_retry_and_the_worker_serves_on(self):
        depth = 5000
        params = '{"a":' * depth + "1" + "}" * depth
        self.broker.send_raw(('{"type":"job","job":{"id":"deep","topic":"upper","params":' + params +
                              ',"user":null,"reply_to":null,"route":null,"attempt":1,"max_attempts":3,'
                              '"deadline":null}}').encode())
        fail = self.broker.recv("done", "fail")
        self.assertEqual((fail["job"], fail["retry"], fail["error"]["code"]), ("deep", False, "bad_request"))
        self.broker.job("j1", "upper", {"text": "still here"})
        self.assertEqual(self.broker.recv("done", "fail"), {"type": "done", "job": "j1"})

    def test_a_frame_that_is_not_json_is_ignored_and_the_worker_serves_on(self):
        self.broker.send_raw(b'{"type":"job","job":{"id":"broken"')
        self.broker.send_raw(b"\xff\xfe not even text")
        self.broker.job("j1", "upper", {"text": "x"})
        self.assertEqual(self.broker.recv("done", "fail"), {"type": "done", "job": "j1"})
        self.assertIsNone(self.proc.poll())

    def test_reconnects_and_sends_ready_again_when_the_broker_goes_silent(self):
        first = self.broker.identity
        self.broker.heartbeats = False
        again = self.broker.recv("ready", timeout=5.0)
        self.assertEqual(again["worker"], "w-test")
        self.assertNotEqual(self.broker.identity, first)   # a new DEALER

    def test_sigterm_finishes_running_jobs_then_says_bye_and_exits_zero(self):
        self.broker.job("j1", "count", {"n": 4, "interval_ms": 100})
        self.assertEqual(self.broker.pushed()["data"], {"i": 1})
        self.proc.send_signal(signal.SIGTERM)
        time.sleep(0.1)                  # let the signal land before the next job does
        self.broker.job("j2", "upper", {"text": "late"})
        late = self.broker.recv("done", "fail")
        self.assertEqual((late["job"], late["retry"], late["error"]["code"]), ("j2", True, "shutdown"))
        self.assertEqual(self.broker.recv("done", "fail"), {"type": "done", "job": "j1"})
        self.assertEqual(self.broker.recv("bye"), {"type": "bye", "worker": "w-test"})
        self.assertEqual(self.proc.wait(timeout=5), 0)
        self.assertEqual([self.broker.pushed()["seq"] for _ in range(4)], [2, 3, 4, 5])


class OptionsTest(unittest.TestCase):
    """The command line every reference worker shares (docs/worker-protocol.md)."""

    def setUp(self):
        self.broker = FakeBroker()
        self.proc = None

    def tearDown(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
        if self.proc:
            self.proc.wait()
        self.broker.close()

    def start(self, *args, env=None):
        self.proc = subprocess.Popen(
            [sys.executable, WORKER, "--broker", self.broker.endpoint, *args],
            env={**os.environ, **(env or {})},
            stderr=None if os.environ.get("JOBWIRE_TEST_LOGS") else subprocess.DEVNULL)

    def test_topics_and_id_from_the_environment_and_a_job_for_another_topic_goes_back(self):
        self.start(env={"JOBWIRE_TOPICS": "upper", "JOBWIRE_WORKER_ID": "w-env"})
        self.assertEqual(self.broker.recv("ready"),
                         {"type": "ready", "worker": "w-env", "topics": ["upper"], "capacity": 4})
        self.broker.job("j1", "count", {"n": 1})
        fail = self.broker.recv("done", "fail")
        self.assertEqual((fail["retry"], fail["error"]["code"]), (True, "unknown_topic"))

    def test_a_frame_over_max_message_bytes_is_refused_and_the_worker_joins_again(self):
        self.start("--id", "w-small", "--max-message-bytes", "4096")
        self.broker.recv("ready")
        first = self.broker.identity
        self.broker.send_raw(b'{"type":"heartbeat","pad":"' + b"x" * 10_000 + b'"}')
        again = self.broker.recv("ready", timeout=6.0)
        self.assertEqual(again["worker"], "w-small")
        self.assertNotEqual(self.broker.identity, first)
        self.assertIsNone(self.proc.poll())

    def test_an_unknown_topic_is_a_usage_error(self):
        self.start("--topics", "upper,nope")
        self.assertEqual(self.proc.wait(timeout=10), 2)


class SeveralBrokersTest(unittest.TestCase):
    """--broker a,b: one DEALER per broker; capacity is the worker's total across them."""

    def setUp(self):
        self.b1, self.b2 = FakeBroker(), FakeBroker()
        self.b1.peers, self.b2.peers = [self.b2], [self.b1]
        self.proc = subprocess.Popen(
            [sys.executable, WORKER, "--broker", f"{self.b1.endpoint}, {self.b2.endpoint}",
             "--worker-id", "w-two", "--capacity", "2", "--grace", "5"],
            stderr=None if os.environ.get("JOBWIRE_TEST_LOGS") else subprocess.DEVNULL)
        self.ready = (self.b1.recv("ready"), self.b2.recv("ready"))

    def tearDown(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.b1.close()
        self.b2.close()

    def beat_listing(self, broker, running):
        """The first heartbeat `broker` gets that lists exactly `running` (any order)."""
        end = time.monotonic() + 3
        while time.monotonic() < end:
            beat = broker.recv("heartbeat")
            if sorted(beat["running"]) == sorted(running):
                return beat
        raise AssertionError(f"no heartbeat listing {running}")

    def test_both_brokers_get_ready_and_heartbeats_listing_every_job(self):
        expected = {"type": "ready", "worker": "w-two", "topics": ["count", "fail", "upper"], "capacity": 2}
        self.assertEqual(self.ready, (expected, expected))
        self.b1.job("j1", "count", {"n": 40, "interval_ms": 50})
        self.b2.job("j2", "count", {"n": 40, "interval_ms": 50})
        for broker in (self.b1, self.b2):
            self.assertEqual(self.beat_listing(broker, ["j1", "j2"])["worker"], "w-two")

    def test_a_job_from_each_broker_runs_and_done_reaches_both(self):
        self.b1.job("j1", "upper", {"text": "one"})
        self.b2.job("j2", "upper", {"text": "two"})
        self.assertEqual(self.b1.pushed()["data"], {"text": "ONE"})
        self.assertEqual(self.b2.pushed()["data"], {"text": "TWO"})
        for broker in (self.b1, self.b2):
            done = {broker.recv("done", "fail")["job"], broker.recv("done", "fail")["job"]}
            self.assertEqual(done, {"j1", "j2"})

    def test_a_job_beyond_the_total_capacity_goes_back_busy_to_its_sender(self):
        self.b1.job("j1", "count", {"n": 40, "interval_ms": 50})
        self.b2.job("j2", "count", {"n": 40, "interval_ms": 50})
        self.beat_listing(self.b1, ["j1", "j2"])
        self.b1.job("j3", "upper", {"text": "x"})
        fail = self.b1.recv("done", "fail")
        self.assertEqual((fail["job"], fail["retry"], fail["error"]["code"]), ("j3", True, "busy"))
        time.sleep(0.2)
        self.b2.tick()
        self.assertFalse([m for m in self.b2.inbox if m["type"] == "fail"])   # fail goes to one broker

    def test_the_same_job_from_the_second_broker_is_ignored_while_it_runs(self):
        self.b1.job("j1", "count", {"n": 6, "interval_ms": 50})
        self.assertEqual(self.b1.pushed()["seq"], 1)      # b1's copy runs (sockets do not order b1 vs b2)
        self.b2.job("j1", "count", {"n": 6, "interval_ms": 50})
        self.assertEqual(self.b1.recv("done", "fail"), {"type": "done", "job": "j1"})
        self.assertEqual([self.b1.pushed()["seq"] for _ in range(6)], list(range(2, 8)))
        self.assertTrue(self.b2.nothing_pushed(0.2))

    def test_a_silent_broker_is_reconnected_while_the_other_keeps_working(self):
        self.b1.job("j1", "count", {"n": 12, "interval_ms": 500})
        first_b1, first_b2 = self.b1.identity, self.b2.identity
        self.b2.heartbeats = False
        again = self.b2.recv("ready", timeout=5.0)       # b1 keeps heartbeating meanwhile
        self.assertEqual(again["worker"], "w-two")
        self.assertNotEqual(self.b2.identity, first_b2)   # a new DEALER for b2 only
        self.b1.tick()
        self.assertEqual(self.b1.identity, first_b1)
        self.assertFalse([m for m in self.b1.inbox if m["type"] == "ready"])
        self.b1.job("j2", "upper", {"text": "still here"})
        self.assertEqual(self.b1.recv("done", "fail"), {"type": "done", "job": "j2"})
        self.assertEqual(self.b1.recv("done", "fail", timeout=5.0), {"type": "done", "job": "j1"})


class CurveTest(unittest.TestCase):
    """--curve-secret/--broker-key/--frontend-key: the worker talks CURVE to both servers."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        keys, clients = self.dir.name, os.path.join(self.dir.name, "clients")
        os.mkdir(clients)
        server_pub, _ = zmq.auth.create_certificates(keys, "server")
        zmq.auth.create_certificates(keys, "worker")
        os.rename(os.path.join(keys, "worker.key"), os.path.join(clients, "worker.key"))
        self.keys = keys
        public, secret = zmq.auth.load_certificate(os.path.join(keys, "server.key_secret"))
        self.broker = FakeBroker(curve=(public, secret, clients))
        self.proc = None

    def tearDown(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.broker.close()
        self.dir.cleanup()

    def start(self, *args):
        self.proc = subprocess.Popen(
            [sys.executable, WORKER, "--broker", self.broker.endpoint, "--worker-id", "w-curve", *args],
            stderr=None if os.environ.get("JOBWIRE_TEST_LOGS") else subprocess.DEVNULL)

    def test_serves_a_job_over_curve_with_allowed_keys(self):
        server_key = os.path.join(self.keys, "server.key")
        self.start("--curve-secret", os.path.join(self.keys, "worker.key_secret"),
                   "--broker-key", server_key, "--frontend-key", server_key)
        self.broker.recv("ready")
        self.broker.job("j1", "upper", {"text": "abc"})
        self.assertEqual(self.broker.recv("done", "fail"), {"type": "done", "job": "j1"})
        self.assertEqual(self.broker.pushed()["data"], {"text": "ABC"})

    def test_without_keys_it_cannot_reach_a_curve_broker(self):
        self.start()
        with self.assertRaises(AssertionError):
            self.broker.recv("ready", timeout=1.5)

    def test_a_refused_key_is_logged_as_such_not_as_a_full_queue(self):
        zmq.auth.create_certificates(self.keys, "stranger")     # not in the clients directory
        server_key = os.path.join(self.keys, "server.key")
        self.proc = subprocess.Popen(
            [sys.executable, WORKER, "--broker", self.broker.endpoint, "--id", "w-stranger",
             "--curve-secret", os.path.join(self.keys, "stranger.key_secret"), "--broker-key", server_key],
            stderr=subprocess.PIPE, text=True)
        lines, end = [], time.monotonic() + 10
        while time.monotonic() < end and not any("refused our key" in line for line in lines):
            if select.select([self.proc.stderr], [], [], 0.1)[0]:
                lines.append(self.proc.stderr.readline())
        self.proc.kill()
        self.assertTrue(any("refused our key" in line for line in lines), lines)
        self.assertFalse(any("queue full" in line for line in lines), lines)

    def test_a_server_key_without_our_secret_is_a_usage_error(self):
        self.start("--broker-key", os.path.join(self.keys, "server.key"))
        self.assertEqual(self.proc.wait(timeout=10), 2)


if __name__ == "__main__":
    unittest.main()
