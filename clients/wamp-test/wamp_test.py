#!/usr/bin/python3
"""Autobahn|Python against a real jobwire front end speaking WAMP (wamp.2.json).

Run by launcher's WampClientsTest, which starts the front end, broker and example workers:

    wamp_test.py URL SCENARIO [TICKET]

Scenarios: progress, failure, cancel, timeout, events, ticket, ticket-replayed. Exit 0 when the
scenario saw what it expects; otherwise a message on stderr and exit 1. `events` prints
"subscribed" once subscribed, then waits for the test to publish to the topic `news`.
"""
import asyncio
import json
import sys

from autobahn.asyncio.wamp import ApplicationRunner, ApplicationSession
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import CallOptions

URL, SCENARIO = sys.argv[1], sys.argv[2]
TICKET = sys.argv[3] if len(sys.argv) > 3 else None
REALM = "main"
outcome = {"ok": False, "why": "the session never joined"}


def check(condition, why):
    if not condition:
        raise AssertionError(why)


async def progress(session):
    ticks = []
    result = await session.call(
        "ping", count=3, interval_ms=50,
        options=CallOptions(on_progress=lambda data: ticks.append(data["tick"])))
    check(ticks == [1, 2, 3], "progress ticks %r" % ticks)
    check(result == {"ticks": 3}, "result %r" % result)


async def failure(session):
    try:
        await session.call("fail", retry=False)
    except ApplicationError as e:
        check(e.error == "jobwire.error.requested", "error uri %s" % e.error)
        check(e.kwargs.get("code") == "requested", "error kwargs %r" % e.kwargs)
        return
    raise AssertionError("a failing job gave a result")


async def cancel(session):
    # The one worker slot (capacity 1) runs this for a minute unless the cancel stops it.
    call = asyncio.ensure_future(session.call("ping", count=1, interval_ms=60000))
    await asyncio.sleep(1.0)
    call.cancel()
    try:
        await call
        raise AssertionError("a cancelled call gave a result")
    except (asyncio.CancelledError, ApplicationError):
        pass
    # The slot is free again only if the worker stopped the cancelled job.
    result = await asyncio.wait_for(session.call("ping", count=1, interval_ms=1), 10)
    check(result == {"ticks": 1}, "result after cancel %r" % result)


async def timeout(session):
    # timeout is sent as it is: milliseconds, as WAMP says. The job's deadline passes while the
    # worker runs it; the worker stops it and fails it with code timeout.
    try:
        await session.call("ping", count=1, interval_ms=60000, options=CallOptions(timeout=1000))
    except ApplicationError as e:
        check(e.error == "jobwire.error.timeout", "error uri %s" % e.error)
        return
    raise AssertionError("a call past its timeout gave a result")


async def events(session):
    heard = asyncio.get_running_loop().create_future()
    await session.subscribe(lambda data: heard.done() or heard.set_result(data), "news")
    print("subscribed", flush=True)
    data = await asyncio.wait_for(heard, 20)
    print("event " + json.dumps(data), flush=True)
    check(data == {"headline": "hi"}, "event %r" % data)


async def ticket(session):
    check(session._authid == "alice", "authid %r" % session._authid)


SCENARIOS = {"progress": progress, "failure": failure, "cancel": cancel, "timeout": timeout,
             "events": events, "ticket": ticket}


class Scenario(ApplicationSession):
    def onConnect(self):
        if TICKET:
            self.join(REALM, authmethods=["ticket"], authid="anyone")
        else:
            self.join(REALM)

    def onChallenge(self, challenge):
        return TICKET

    async def onJoin(self, details):
        self._authid = details.authid
        try:
            if SCENARIO == "ticket-replayed":
                raise AssertionError("a replayed ticket was welcomed")
            await SCENARIOS[SCENARIO](self)
            outcome.update(ok=True, why=None)
        except Exception as e:  # the scenario's verdict, reported by the exit code
            outcome.update(ok=False, why="%s: %s" % (type(e).__name__, e))
        self.leave()

    def onLeave(self, details):
        if SCENARIO == "ticket-replayed" and not outcome["ok"] and outcome["why"].startswith(
                "the session never joined"):
            refused = details.reason == "wamp.error.authentication_failed"
            outcome.update(ok=refused, why=None if refused else "left with %s" % details.reason)
        self.disconnect()

    def onDisconnect(self):
        asyncio.get_event_loop().stop()


if __name__ == "__main__":
    ApplicationRunner(URL, REALM).run(Scenario)
    if not outcome["ok"]:
        print("wamp_test.py %s: %s" % (SCENARIO, outcome["why"]), file=sys.stderr)
        sys.exit(1)
    print("ok " + SCENARIO)
