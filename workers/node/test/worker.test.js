// Runs worker.js as a child process against a fake broker made of real sockets.
//
//   cd workers/node && npm test        (JOBWIRE_TEST_LOGS=1 shows the worker's log lines)
//
// The fake broker is a ROUTER (what the worker's DEALER talks to) and a PULL (the job's
// reply_to, standing in for the front end), both on 127.0.0.1 random ports. "two fake brokers"
// runs two of them, as two brokers sharing one Redis.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, it } from "node:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { curveKeyPair, Pull, Router } from "zeromq";

const WORKER = fileURLToPath(new URL("../worker.js", import.meta.url));

/** Collects what a socket receives; `next` waits for the first message matching `types`. */
class Mailbox {
  constructor() {
    this.messages = [];
    this.wakeup = () => {};
  }

  add(msg) {
    this.messages.push(msg);
    this.wakeup();
  }

  async next(types, timeoutMs = 3000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      while (this.messages.length > 0) {
        const msg = this.messages.shift();
        if (!types || types.includes(msg.type)) return msg;
      }
      const left = end - Date.now();
      if (left <= 0) throw new assert.AssertionError({ message: `no ${types ?? "message"} within ${timeoutMs} ms` });
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wakeup = () => resolve(clearTimeout(timer));
      });
    }
  }

  /** True when nothing arrives for `ms` (after dropping what is already here). */
  async quietFor(ms) {
    this.messages.length = 0;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.messages.length === 0;
  }
}

class FakeBroker {
  /** `server`: a CURVE key pair ({ publicKey, secretKey }) makes both sockets CURVE servers. */
  async start(server = null) {
    const curve = server ? { curveServer: true, curvePublicKey: server.publicKey, curveSecretKey: server.secretKey } : {};
    this.router = new Router({ linger: 0, ...curve });
    await this.router.bind("tcp://127.0.0.1:*");
    this.endpoint = this.router.lastEndpoint;
    this.pull = new Pull({ linger: 0, ...curve });
    await this.pull.bind("tcp://127.0.0.1:*");
    this.replyTo = this.pull.lastEndpoint;
    this.fromWorker = new Mailbox();
    this.pushed = new Mailbox();
    this.identity = null; // the worker's current DEALER, learnt from what it sends
    this.identities = new Set();
    this.heartbeats = true; // answer like a live broker
    this.sending = Promise.resolve();
    this.collect();
    this.beat = setInterval(() => this.heartbeats && this.identity && this.send({ type: "heartbeat" }), 500);
    return this;
  }

  async collect() {
    const pulling = (async () => {
      for await (const [frame] of this.pull) this.pushed.add(JSON.parse(frame));
    })();
    for await (const [identity, frame] of this.router) {
      this.identity = identity;
      this.identities.add(identity.toString("hex"));
      this.fromWorker.add(JSON.parse(frame));
    }
    await pulling;
  }

  send(msg) {
    return this.sendRaw(JSON.stringify(msg));
  }

  sendRaw(frame) {
    this.sending = this.sending.then(() => this.router.send([this.identity, frame]));
    return this.sending;
  }

  job(id, topic, params, extra = {}) {
    const spec = {
      id, topic, params, user: null, reply_to: this.replyTo, route: { sub: `s-${id}`, fe: "fe-1" },
      attempt: 1, max_attempts: 3, deadline: null, ...extra,
    };
    return this.send({ type: "job", job: spec });
  }

  close() {
    clearInterval(this.beat);
    this.router.close();
    this.pull.close();
  }
}

describe("node worker against a fake broker", () => {
  let broker, child, ready;

  beforeEach(async () => {
    broker = await new FakeBroker().start();
    const stderr = process.env.JOBWIRE_TEST_LOGS ? "inherit" : "ignore";
    child = spawn(process.execPath, [WORKER, "--broker", broker.endpoint, "--worker-id", "w-test",
      "--capacity", "2", "--grace", "5"], { stdio: ["ignore", "inherit", stderr] });
    child.exited = once(child, "exit");
    ready = await broker.fromWorker.next(["ready"], 5000);
  });

  afterEach(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await child.exited;
    broker.close();
  });

  it("sends ready with its topics and capacity", () => {
    assert.deepEqual(ready, { type: "ready", worker: "w-test", topics: ["count", "fail", "upper"], capacity: 2 });
  });

  it("heartbeats name the worker and its running jobs", async () => {
    await broker.job("j1", "count", { n: 20, interval_ms: 50 });
    let beat = await broker.fromWorker.next(["heartbeat"], 1000);
    while (beat.running.length === 0) beat = await broker.fromWorker.next(["heartbeat"], 1000);
    assert.deepEqual(beat, { type: "heartbeat", worker: "w-test", running: ["j1"] });
  });

  it("upper pushes the result then reports done", async () => {
    await broker.job("j1", "upper", { text: "abc" });
    assert.deepEqual(await broker.fromWorker.next(["done", "fail"]), { type: "done", job: "j1" });
    assert.deepEqual(await broker.pushed.next(), {
      type: "result", job: "j1", seq: 1, route: { sub: "s-j1", fe: "fe-1" }, data: { text: "ABC" },
    });
  });

  it("count pushes progress 1..n then the result, seq growing by one", async () => {
    await broker.job("j1", "count", { n: 3, interval_ms: 20 });
    const got = [];
    for (let k = 0; k < 4; k++) got.push(await broker.pushed.next());
    assert.deepEqual(got.map((m) => [m.type, m.seq, m.data]), [
      ["progress", 1, { i: 1 }], ["progress", 2, { i: 2 }], ["progress", 3, { i: 3 }], ["result", 4, { n: 3 }],
    ]);
    assert.deepEqual(await broker.fromWorker.next(["done", "fail"]), { type: "done", job: "j1" });
  });

  it("a bad param fails without retry and pushes nothing", async () => {
    await broker.job("j1", "upper", { text: 42 });
    const fail = await broker.fromWorker.next(["done", "fail"]);
    assert.equal(fail.type, "fail");
    assert.equal(fail.retry, false);
    assert.equal(fail.error.code, "bad_request");
    assert.ok(await broker.pushed.quietFor(200));
  });

  it("fail fails with the asked retry until the attempt that succeeds", async () => {
    await broker.job("j1", "fail", { retry: true, succeed_on: 2 });
    let fail = await broker.fromWorker.next(["done", "fail"]);
    assert.deepEqual([fail.job, fail.retry, fail.error.code], ["j1", true, "requested"]);
    await broker.job("j1", "fail", { retry: true, succeed_on: 2 }, { attempt: 2 });
    assert.deepEqual(await broker.fromWorker.next(["done", "fail"]), { type: "done", job: "j1" });
    assert.deepEqual((await broker.pushed.next()).data, { attempt: 2 });
    await broker.job("j2", "fail", { retry: false });
    fail = await broker.fromWorker.next(["done", "fail"]);
    assert.deepEqual([fail.job, fail.retry, fail.error.code], ["j2", false, "requested"]);
  });

  it("cancel stops a count job and nothing more is sent for it", async () => {
    await broker.job("j1", "count", { n: 100, interval_ms: 50 });
    assert.deepEqual((await broker.pushed.next()).data, { i: 1 });
    await broker.send({ type: "cancel", job: "j1" });
    const end = Date.now() + 2000;
    while ((await broker.fromWorker.next(["heartbeat"])).running.length > 0 && Date.now() < end);
    assert.deepEqual((await broker.fromWorker.next(["heartbeat"])).running, []);
    assert.ok(await broker.pushed.quietFor(400), "no progress after the cancel");
    await assert.rejects(broker.fromWorker.next(["done", "fail"], 500));
  });

  it("a job past its deadline fails with timeout", async () => {
    const deadline = Date.now() + 300;
    await broker.job("j1", "count", { n: 100, interval_ms: 50 }, { deadline });
    const fail = await broker.fromWorker.next(["done", "fail"]);
    assert.equal(fail.job, "j1");
    assert.equal(fail.error.code, "timeout");
    assert.ok(Date.now() >= deadline);
  });

  it("a job without reply_to still reports done", async () => {
    await broker.job("j1", "upper", { text: "x" }, { reply_to: null });
    assert.deepEqual(await broker.fromWorker.next(["done", "fail"]), { type: "done", job: "j1" });
    assert.ok(await broker.pushed.quietFor(200));
  });

  it("a job with an unusable reply_to fails without retry", async () => {
    await broker.job("j1", "upper", { text: "x" }, { reply_to: "not-an-endpoint" });
    const fail = await broker.fromWorker.next(["done", "fail"]);
    assert.deepEqual([fail.type, fail.retry, fail.error.code], ["fail", false, "internal"]);
  });

  it("a job beyond capacity fails with retry", async () => {
    for (const id of ["j1", "j2", "j3"]) await broker.job(id, "count", { n: 10, interval_ms: 50 });
    const fail = await broker.fromWorker.next(["done", "fail"]);
    assert.deepEqual([fail.job, fail.retry, fail.error.code], ["j3", true, "busy"]);
    assert.equal(fail.error.message, "worker w-test is running its capacity");
  });

  it("a job nested too deep fails bad_request without retry, and the worker serves on", async () => {
    const depth = 5000;
    const params = '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
    await broker.sendRaw(`{"type":"job","job":{"id":"deep","topic":"upper","params":${params},"user":null,` +
      `"reply_to":null,"route":null,"attempt":1,"max_attempts":3,"deadline":null}}`);
    const fail = await broker.fromWorker.next(["done", "fail"]);
    assert.deepEqual([fail.job, fail.retry, fail.error.code], ["deep", false, "bad_request"]);
    await broker.job("j1", "upper", { text: "still here" });
    assert.deepEqual(await broker.fromWorker.next(["done", "fail"]), { type: "done", job: "j1" });
  });

  it("a frame that is not JSON is ignored, and the worker serves on", async () => {
    await broker.sendRaw('{"type":"job","job":{"id":"broken"');
    await broker.sendRaw(Buffer.from([0xff, 0xfe, 0x20]));
    await broker.job("j1", "upper", { text: "x" });
    assert.deepEqual(await broker.fromWorker.next(["done", "fail"]), { type: "done", job: "j1" });
    assert.equal(child.exitCode, null);
  });

  it("reconnects and sends ready again when the broker goes silent", async () => {
    broker.heartbeats = false;
    const again = await broker.fromWorker.next(["ready"], 5000);
    assert.equal(again.worker, "w-test");
    assert.equal(broker.identities.size, 2, "a new DEALER");
  });

  it("SIGTERM finishes running jobs, then says bye and exits 0", async () => {
    await broker.job("j1", "count", { n: 4, interval_ms: 100 });
    assert.deepEqual((await broker.pushed.next()).data, { i: 1 });
    child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the signal land first
    await broker.job("j2", "upper", { text: "late" });
    const late = await broker.fromWorker.next(["done", "fail"]);
    assert.deepEqual([late.job, late.retry, late.error.code], ["j2", true, "shutdown"]);
    assert.deepEqual(await broker.fromWorker.next(["done", "fail"]), { type: "done", job: "j1" });
    assert.deepEqual(await broker.fromWorker.next(["bye"]), { type: "bye", worker: "w-test" });
    const [code] = await child.exited;
    assert.equal(code, 0);
    const seqs = [];
    for (let k = 0; k < 4; k++) seqs.push((await broker.pushed.next()).seq);
    assert.deepEqual(seqs, [2, 3, 4, 5]);
  });
});

describe("node worker options", () => {
  let broker, child;

  beforeEach(async () => {
    broker = await new FakeBroker().start();
  });

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    if (child) await child.exited;
    broker.close();
  });

  function start(args, env = {}) {
    const stderr = process.env.JOBWIRE_TEST_LOGS ? "inherit" : "ignore";
    child = spawn(process.execPath, [WORKER, "--broker", broker.endpoint, ...args],
      { stdio: ["ignore", "inherit", stderr], env: { ...process.env, ...env } });
    child.exited = once(child, "exit");
  }

  it("takes topics and id from the environment; a job for another topic goes back", async () => {
    start([], { JOBWIRE_TOPICS: "upper", JOBWIRE_WORKER_ID: "w-env" });
    assert.deepEqual(await broker.fromWorker.next(["ready"], 5000),
      { type: "ready", worker: "w-env", topics: ["upper"], capacity: 4 });
    await broker.job("j1", "count", { n: 1 });
    const fail = await broker.fromWorker.next(["done", "fail"]);
    assert.deepEqual([fail.retry, fail.error.code], [true, "unknown_topic"]);
  });

  it("refuses a frame over --max-message-bytes and joins again", async () => {
    start(["--id", "w-small", "--max-message-bytes", "4096"]);
    await broker.fromWorker.next(["ready"], 5000);
    await broker.sendRaw(`{"type":"heartbeat","pad":"${"x".repeat(10_000)}"}`);
    const again = await broker.fromWorker.next(["ready"], 6000);
    assert.equal(again.worker, "w-small");
    assert.equal(broker.identities.size, 2, "a new DEALER");
    assert.equal(child.exitCode, null);
  });

  it("an unknown topic is a usage error", async () => {
    start(["--topics", "upper,nope"]);
    const [code] = await child.exited;
    assert.equal(code, 2);
  });
});

describe("node worker against two fake brokers (--broker a,b)", () => {
  let b1, b2, child, ready;

  beforeEach(async () => {
    b1 = await new FakeBroker().start();
    b2 = await new FakeBroker().start();
    const stderr = process.env.JOBWIRE_TEST_LOGS ? "inherit" : "ignore";
    child = spawn(process.execPath, [WORKER, "--broker", `${b1.endpoint}, ${b2.endpoint}`, "--worker-id", "w-two",
      "--capacity", "2", "--grace", "5"], { stdio: ["ignore", "inherit", stderr] });
    child.exited = once(child, "exit");
    ready = [await b1.fromWorker.next(["ready"], 5000), await b2.fromWorker.next(["ready"], 5000)];
  });

  afterEach(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await child.exited;
    b1.close();
    b2.close();
  });

  /** The first heartbeat `broker` gets that lists exactly `running` (any order). */
  async function beatListing(broker, running) {
    const end = Date.now() + 3000;
    while (Date.now() < end) {
      const beat = await broker.fromWorker.next(["heartbeat"]);
      if (JSON.stringify([...beat.running].sort()) === JSON.stringify([...running].sort())) return beat;
    }
    throw new assert.AssertionError({ message: `no heartbeat listing ${running}` });
  }

  it("both brokers get ready and heartbeats listing every job", async () => {
    const expected = { type: "ready", worker: "w-two", topics: ["count", "fail", "upper"], capacity: 2 };
    assert.deepEqual(ready, [expected, expected]);
    await b1.job("j1", "count", { n: 40, interval_ms: 50 });
    await b2.job("j2", "count", { n: 40, interval_ms: 50 });
    for (const broker of [b1, b2]) assert.equal((await beatListing(broker, ["j1", "j2"])).worker, "w-two");
  });

  it("a job from each broker runs and done reaches both", async () => {
    await b1.job("j1", "upper", { text: "one" });
    await b2.job("j2", "upper", { text: "two" });
    assert.deepEqual((await b1.pushed.next()).data, { text: "ONE" });
    assert.deepEqual((await b2.pushed.next()).data, { text: "TWO" });
    for (const broker of [b1, b2]) {
      const done = [await broker.fromWorker.next(["done", "fail"]), await broker.fromWorker.next(["done", "fail"])];
      assert.deepEqual(done.map((m) => `${m.type} ${m.job}`).sort(), ["done j1", "done j2"]);
    }
  });

  it("a job beyond the total capacity goes back busy to the broker that sent it", async () => {
    await b1.job("j1", "count", { n: 40, interval_ms: 50 });
    await b2.job("j2", "count", { n: 40, interval_ms: 50 });
    await beatListing(b1, ["j1", "j2"]);
    await b1.job("j3", "upper", { text: "x" });
    const fail = await b1.fromWorker.next(["done", "fail"]);
    assert.deepEqual([fail.job, fail.retry, fail.error.code], ["j3", true, "busy"]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(!b2.fromWorker.messages.some((m) => m.type === "fail"), "fail goes to one broker");
  });

  it("the same job from the second broker is ignored while it runs", async () => {
    await b1.job("j1", "count", { n: 6, interval_ms: 50 });
    assert.equal((await b1.pushed.next()).seq, 1); // b1's copy runs (sockets do not order b1 vs b2)
    await b2.job("j1", "count", { n: 6, interval_ms: 50 });
    assert.deepEqual(await b1.fromWorker.next(["done", "fail"]), { type: "done", job: "j1" });
    const seqs = [];
    for (let k = 0; k < 6; k++) seqs.push((await b1.pushed.next()).seq);
    assert.deepEqual(seqs, [2, 3, 4, 5, 6, 7]);
    assert.ok(await b2.pushed.quietFor(200));
  });

  it("a silent broker is reconnected while the other keeps working", async () => {
    await b1.job("j1", "count", { n: 12, interval_ms: 500 });
    b2.heartbeats = false;
    const again = await b2.fromWorker.next(["ready"], 5000);
    assert.equal(again.worker, "w-two");
    assert.equal(b2.identities.size, 2, "a new DEALER for the silent broker");
    assert.equal(b1.identities.size, 1, "the live broker keeps its DEALER");
    assert.ok(!b1.fromWorker.messages.some((m) => m.type === "ready"));
    await b1.job("j2", "upper", { text: "still here" });
    assert.deepEqual(await b1.fromWorker.next(["done", "fail"]), { type: "done", job: "j2" });
    assert.deepEqual(await b1.fromWorker.next(["done", "fail"], 5000), { type: "done", job: "j1" });
  });
});

/** Writes NAME.key and NAME.key_secret as `jobwire keys generate` does (zcert format). */
function writeKeys(dir, name, { publicKey, secretKey }) {
  writeFileSync(join(dir, `${name}.key`), `metadata\ncurve\n    public-key = "${publicKey}"\n`);
  writeFileSync(join(dir, `${name}.key_secret`),
    `metadata\ncurve\n    public-key = "${publicKey}"\n    secret-key = "${secretKey}"\n`, { mode: 0o600 });
}

describe("node worker with CURVE keys", () => {
  let broker, child, dir;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "jobwire-curve-"));
    const server = curveKeyPair();
    writeKeys(dir, "server", server);
    writeKeys(dir, "worker", curveKeyPair());
    broker = await new FakeBroker().start(server);
  });

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    if (child) await child.exited;
    broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(...args) {
    const stderr = process.env.JOBWIRE_TEST_LOGS ? "inherit" : "ignore";
    child = spawn(process.execPath, [WORKER, "--broker", broker.endpoint, "--worker-id", "w-curve", ...args],
      { stdio: ["ignore", "inherit", stderr] });
    child.exited = once(child, "exit");
  }

  it("serves a job over CURVE to both servers", async () => {
    const serverKey = join(dir, "server.key");
    start("--curve-secret", join(dir, "worker.key_secret"), "--broker-key", serverKey, "--frontend-key", serverKey);
    await broker.fromWorker.next(["ready"], 5000);
    await broker.job("j1", "upper", { text: "abc" });
    assert.deepEqual(await broker.fromWorker.next(["done", "fail"]), { type: "done", job: "j1" });
    assert.deepEqual((await broker.pushed.next()).data, { text: "ABC" });
  });

  it("without keys it cannot reach a CURVE broker", async () => {
    start();
    await assert.rejects(broker.fromWorker.next(["ready"], 1500));
  });

  it("a server key without our secret is a usage error", async () => {
    start("--broker-key", join(dir, "server.key"));
    const [code] = await child.exited;
    assert.equal(code, 2);
  });
});
