// Autobahn|JS against a real jobwire front end speaking WAMP (wamp.2.json).
//
// Run by launcher's WampClientsTest, which starts the front end, broker and example workers:
//
//     node --experimental-websocket wamp_test.js URL SCENARIO [TICKET]
//
// Scenarios: progress, failure, cancel, timeout, events, ticket, ticket-replayed. Exit 0 when the scenario
// saw what it expects; otherwise a message on stderr and exit 1. `events` prints "subscribed" once
// subscribed, then waits for the test to publish to the topic `news`.
"use strict";
const assert = require("node:assert/strict");
const autobahn = require("autobahn");

const [url, scenario, ticket] = process.argv.slice(2);

const scenarios = {
  async progress(session) {
    const ticks = [];
    const result = await session
      .call("ping", [], { count: 3, interval_ms: 50 }, { receive_progress: true })
      .then(null, null, (data) => ticks.push(data.tick));
    assert.deepEqual(ticks, [1, 2, 3]);
    assert.deepEqual(result, { ticks: 3 });
  },

  async failure(session) {
    const error = await session.call("fail", [], { retry: false }).then(
      () => assert.fail("a failing job gave a result"),
      (e) => e,
    );
    assert.equal(error.error, "jobwire.error.requested");
    assert.equal(error.kwargs.code, "requested");
  },

  async cancel(session) {
    // The one worker slot (capacity 1) runs this for a minute unless the cancel stops it.
    const call = session.call("ping", [], { count: 1, interval_ms: 60000 });
    await new Promise((r) => setTimeout(r, 1000));
    // mode kill: Autobahn|JS keeps the call until the router's ERROR (its other modes drop it
    // at once and then take that ERROR for a protocol violation).
    call.cancel({ mode: "kill" });
    const error = await call.then(() => assert.fail("a cancelled call gave a result"), (e) => e);
    assert.equal(error.error, "wamp.error.canceled");
    // The slot is free again only if the worker stopped the cancelled job.
    const result = await session.call("ping", [], { count: 1, interval_ms: 1 }, { timeout: 10000 });
    assert.deepEqual(result, { ticks: 1 });
  },

  async timeout(session) {
    // The job's deadline passes while the worker runs it; the worker fails it with code timeout.
    const error = await session
      .call("ping", [], { count: 1, interval_ms: 60000 }, { timeout: 1000 })
      .then(() => assert.fail("a call past its timeout gave a result"), (e) => e);
    assert.equal(error.error, "jobwire.error.timeout");
  },

  async events(session) {
    let heard;
    const event = new Promise((resolve) => (heard = resolve));
    await session.subscribe("news", (args) => heard(args[0]));
    console.log("subscribed");
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("no event within 20 s")), 20000));
    const data = await Promise.race([event, timeout]);
    console.log("event " + JSON.stringify(data));
    assert.deepEqual(data, { headline: "hi" });
  },

  async ticket(session, details) {
    assert.equal(details.authid, "alice");
  },

  async "ticket-replayed"() {
    assert.fail("a replayed ticket was welcomed");
  },
};

let verdict = null;
const connection = new autobahn.Connection({
  url,
  realm: "main",
  max_retries: 0,
  retry_if_unreachable: false,
  ...(ticket ? { authmethods: ["ticket"], authid: "anyone", onchallenge: () => ticket } : {}),
});

connection.onopen = async (session, details) => {
  try {
    await scenarios[scenario](session, details);
    verdict = { ok: true };
  } catch (e) {
    verdict = { ok: false, why: e.stack || String(e) };
  }
  connection.close();
};

connection.onclose = (reason, details) => {
  if (verdict === null && scenario === "ticket-replayed") {
    const refused = details.reason === "wamp.error.authentication_failed";
    verdict = refused ? { ok: true } : { ok: false, why: "closed with " + JSON.stringify(details) };
  }
  if (verdict === null) verdict = { ok: false, why: "closed before the scenario ran: " + reason + " " + JSON.stringify(details) };
  if (!verdict.ok) {
    console.error("wamp_test.js " + scenario + ": " + verdict.why);
    process.exitCode = 1;
  } else {
    console.log("ok " + scenario);
  }
  setImmediate(() => process.exit());
  return true; // no reconnect
};

connection.open();
