// The client against a real `jobwire demo` (front end, broker, example workers, Redis).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client, JobwireError } from "../src/index.js";
import { demo, missing, until } from "./stack.js";

const skip = missing();

describe("client against jobwire demo", { skip: skip ?? false }, () => {
  let stack;
  let client;
  const states = [];

  before(async () => {
    stack = await demo("--topics", "ping,fail");
    client = new Client(stack.url);
    client.on("state", (s) => states.push(s.state));
    await client.connect();
  });

  after(async () => {
    client?.close();
    await stack?.stop();
  });

  test("a run reports each progress and then resolves with the result", async () => {
    const ticks = [];
    const run = client.subscribe("ping", { count: 3, interval_ms: 50 }, { onProgress: (d) => ticks.push(d.tick) });
    assert.deepEqual(await run.result, { ticks: 3 });
    assert.deepEqual(ticks, [1, 2, 3]);
    assert.equal(run.state, "done");
    assert.equal(run.lastSeq, 4);
    assert.match(run.sub, /.+/);
    assert.match(run.job, /.+/);
  });

  test("a batch run shows each job and the running totals, then resolves with the batch's result", async () => {
    const jobs = [];
    const done = [];
    const run = client.batch("ping", [{ count: 0 }, { count: 0 }, { count: 0 }], {
      onJob: (m) => jobs.push(m.op),
      onProgress: (d) => done.push(d.done),
    });
    const result = await run.result;
    assert.equal(result.done, 3);
    assert.equal(result.failed, 0);
    assert.deepEqual(jobs, ["result", "result", "result"]);
    assert.deepEqual(done, [1, 2, 3]);
    assert.match(run.job, /^b-/);
    assert.equal(run.state, "done");
  });

  test("async iteration yields every delivery and ends after the result", async () => {
    const ops = [];
    for await (const m of client.subscribe("ping", { count: 2, interval_ms: 10 })) ops.push(m.op + ":" + m.seq);
    assert.deepEqual(ops, ["progress:1", "progress:2", "result:3"]);
  });

  test("a failed job rejects the result with a typed error", async () => {
    const run = client.subscribe("fail", { retry: false });
    const error = await run.result.then(() => assert.fail("no failure"), (e) => e);
    assert.ok(error instanceof JobwireError);
    assert.equal(error.kind, "failed");
    assert.equal(error.code, "requested");
    assert.equal(run.state, "failed");
  });

  test("an unknown topic rejects the result with the server's error code", async () => {
    const client2 = new Client(stack.url);
    try {
      const error = await client2.subscribe("pnig", {}).result.catch((e) => e);
      assert.ok(error instanceof JobwireError, String(error));
      assert.equal(error.kind, "error");
      assert.equal(error.code, "unknown_topic");
    } finally {
      client2.close();
    }
  });

  test("status reports a finished job as succeeded", async () => {
    const run = client.subscribe("ping", { count: 1, interval_ms: 0 });
    await run.result;
    await until(async () => (await client.status(run.job)).state === "succeeded", "succeeded");
    const status = await client.status(run.job);
    assert.equal(status.op, "status");
    assert.equal(status.job, run.job);
  });

  test("status of an unknown job rejects with not_found", async () => {
    const error = await client.status("j-does-not-exist").catch((e) => e);
    assert.equal(error.code, "not_found");
  });

  test("cancel unsubscribes, rejects the result as cancelled and cancels the job", async () => {
    let started;
    const progressed = new Promise((resolve) => (started = resolve));
    const run = client.subscribe("ping", { count: 100, interval_ms: 100 }, { onProgress: () => started() });
    await progressed;
    await run.cancel();
    const error = await run.result.catch((e) => e);
    assert.equal(error.kind, "cancelled");
    await until(async () => (await client.status(run.job)).state === "cancelled", "the job to be cancelled", 20000);
  });

  test("the client reports its connection states", async () => {
    assert.deepEqual(states.slice(0, 2), ["connecting", "connected"]);
    assert.equal(client.state, "connected");
    assert.ok((await client.ping()) >= 0);
  });
});
