// Unit level: the client against a scripted WebSocket, for what a healthy server never does
// (no reply, a seq jump) and for the backoff arithmetic.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { build } from "../build.js";
import { backoffDelay, Client, JobwireError } from "../src/index.js";

/** A WebSocket double: records what the client sends; the test plays the server. */
class ScriptedSocket {
  static last = null;
  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.sent = [];
    ScriptedSocket.last = this;
    setTimeout(() => this.receive({ op: "welcome", conn: "c-1", user: null, protocol: "jobwire.v1" }));
  }
  send(text) {
    this.sent.push(JSON.parse(text));
  }
  receive(m) {
    this.onmessage({ data: JSON.stringify(m) });
  }
  close(code = 1000, reason = "") {
    setTimeout(() => this.onclose({ code, reason }));
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5));

test("a request with no reply is rejected with kind timeout", async () => {
  const client = new Client("ws://x/ws", { WebSocket: ScriptedSocket, refTimeoutMs: 50 });
  try {
    const error = await client.status("j-1").catch((e) => e);
    assert.ok(error instanceof JobwireError);
    assert.equal(error.kind, "timeout");
    assert.deepEqual(ScriptedSocket.last.sent, [{ op: "status", job: "j-1", ref: 1 }]);
  } finally {
    client.close();
  }
});

test("a seq jump and a gap both reach the application as gap events", async () => {
  const client = new Client("ws://x/ws", { WebSocket: ScriptedSocket });
  const gaps = [];
  const seen = [];
  try {
    const run = client.subscribe("ping", {}, { onGap: (m) => gaps.push([m.from, m.to]), onProgress: (d) => seen.push(d) });
    await client.connect();
    await tick();
    const server = ScriptedSocket.last;
    server.receive({ op: "subscribed", ref: server.sent[0].ref, sub: "s-1", topic: "ping", job: "j-1" });
    server.receive({ op: "progress", sub: "s-1", job: "j-1", seq: 1, data: 1 });
    server.receive({ op: "progress", sub: "s-1", job: "j-1", seq: 1, data: "again" });
    server.receive({ op: "progress", sub: "s-1", job: "j-1", seq: 4, data: 4 });
    server.receive({ op: "gap", sub: "s-1", from: 5, to: 6 });
    server.receive({ op: "result", sub: "s-1", job: "j-1", seq: 7, data: "r" });
    assert.equal(await run.result, "r");
    assert.deepEqual(seen, [1, 4]);
    assert.deepEqual(gaps, [[2, 3], [5, 6]]);
  } finally {
    client.close();
  }
});

test("a dropped connection reconnects and resumes after the last seq", async () => {
  const client = new Client("ws://x/ws", { WebSocket: ScriptedSocket, initialBackoffMs: 10 });
  const states = [];
  client.on("state", (s) => states.push(s.state));
  try {
    const run = client.subscribe("ping", {});
    await client.connect();
    await tick();
    let server = ScriptedSocket.last;
    server.receive({ op: "subscribed", ref: server.sent[0].ref, sub: "s-1", topic: "ping", job: "j-1" });
    server.receive({ op: "progress", sub: "s-1", job: "j-1", seq: 1, data: 1 });
    server.close(1006);
    await new Promise((resolve) => client.on("state", (s) => s.state === "connected" && resolve()));
    await tick();
    server = ScriptedSocket.last;
    assert.deepEqual(server.sent[0], { op: "subscribe", resume: { sub: "s-1", after: 1 }, ref: server.sent[0].ref });
    assert.deepEqual(states, ["connecting", "connected", "reconnecting", "reconnecting", "connected"]);
    assert.equal(run.state, "active");
  } finally {
    client.close();
  }
});

test("backoff grows, stays under its cap and keeps half of it as a floor", () => {
  const options = { initialMs: 100, maxMs: 1000 };
  assert.equal(backoffDelay(0, options, () => 0), 50);
  assert.equal(backoffDelay(0, options, () => 1), 100);
  assert.equal(backoffDelay(3, options, () => 1), 800);
  assert.equal(backoffDelay(20, options, () => 0), 500);
  assert.equal(backoffDelay(20, options, () => 1), 1000);
});

test("dist/jobwire.js is the build of src/ (run npm run build after editing src/)", () => {
  const built = readFileSync(new URL("../dist/jobwire.js", import.meta.url), "utf8");
  assert.equal(built, build());
});
