#!/usr/bin/env node
// A jobwire worker in one file: Node.js + zeromq.js v6.
//
// It serves the conformance topics `upper`, `count` and `fail` (docs/worker-protocol.md)
// and speaks the worker side of the jobwire wire contract (docs/protocol.md, sections 2 and 3):
//
//   worker DEALER --ready/heartbeat/done/fail/bye--> broker ROUTER   (--broker, one DEALER each)
//   worker PUSH   --progress/result-->               front end PULL  (job.reply_to)
//
// Several brokers (--broker a,b; docs/redis.md "Several brokers on one Redis"): one DEALER per
// broker, because a DEALER deals messages round-robin and every broker must hear every
// ready/heartbeat. ready, heartbeat (listing ALL our jobs, whichever broker sent them), done and
// bye go to every broker; fail goes to one. `capacity` is our total across brokers.
//
// Node runs all of this on one thread, so that thread owns every socket. Sockets are made
// with sendTimeout 0: a send queues at once or fails (logged), so nothing ever waits on a
// slow peer and zeromq.js's "one send in flight per socket" rule can't bite.

import { readFileSync } from "node:fs";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { Dealer, Push } from "zeromq";

const HEARTBEAT_MS = 500; // the contract asks for at least one a second
const BROKER_SILENCE_MS = 3000; // hearing nothing this long means: reconnect, re-send ready
const BROKER_ALIVE_MS = BROKER_SILENCE_MS / 2; // a broker beats every second: heard within this = alive
const TICK_MS = 100; // how often deadlines, broker silence and shutdown are checked
// The largest frame our DEALER accepts: a bigger one drops the connection before a byte of it is
// allocated (ZMQ_MAXMSGSIZE). The same default as the Java side's --max-message-bytes.
const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
// A job nested deeper than this (the envelope counts: params get two levels less) is answered
// `fail bad_request`, as on the Java side (Jackson's default limit) and in the other workers.
const MAX_JSON_DEPTH = 1000;

/** The job's params are wrong; running it again would not help (fail, retry:false). */
class BadParams extends Error {}

/** Fail the job with this code; `retry` says whether the broker may run it again. */
class JobFailed extends Error {
  constructor(code, message, retry) {
    super(message);
    Object.assign(this, { code, retry });
  }
}

const log = (level, line) => console.error(`${new Date().toISOString()} ${level} ${line}`);

// --- ZeroMQ CURVE keys (docs/security.md), from `jobwire keys generate` files. --------------

/** Reads a zcert key file (NAME.key or NAME.key_secret): { publicKey, secretKey } as Z85. */
function readKeyFile(file) {
  const text = readFileSync(file, "utf8");
  const key = (name) => text.match(new RegExp(`^\\s*${name}\\s*=\\s*"(.{40})"`, "m"))?.[1] ?? null;
  const keys = { publicKey: key("public-key"), secretKey: key("secret-key") };
  if (!keys.publicKey) throw new Error(`${file} holds no 40-character public-key`);
  return keys;
}

/** Socket options for CURVE: our key pair and the key of the server we dial; {} when plain. */
function curveOptions(secretFile, brokerKeyFile, frontendKeyFile) {
  if (!secretFile && (brokerKeyFile || frontendKeyFile)) {
    throw new Error("--broker-key/--frontend-key need --curve-secret (this worker's .key_secret)");
  }
  if (secretFile && !brokerKeyFile && !frontendKeyFile) throw new Error("--curve-secret needs --broker-key or --frontend-key");
  if (!secretFile) return { broker: {}, frontend: {} };
  const own = readKeyFile(secretFile);
  if (!own.secretKey) throw new Error(`${secretFile} holds no secret-key: pass the .key_secret file`);
  const client = (serverFile) =>
    serverFile
      ? { curveServerKey: readKeyFile(serverFile).publicKey, curvePublicKey: own.publicKey, curveSecretKey: own.secretKey }
      : {};
  return { broker: client(brokerKeyFile), frontend: client(frontendKeyFile) };
}

// --- Decoding what the broker sends, whatever it is. ---------------------------------

/**
 * Walks the brackets of `text` outside strings, without recursion: `visit(index, opening, depth)`
 * for each, with the depth of the array or object it opens or closes.
 */
function eachBracket(text, visit) {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { // a string: skip to its closing quote
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) visit(i, true, ++depth);
    else if (c === 0x5d || c === 0x7d) visit(i, false, depth--);
  }
}

function jsonDepth(text) {
  let deepest = 0;
  eachBracket(text, (i, opening, depth) => { deepest = Math.max(deepest, depth); });
  return deepest;
}

/** `text` with every array or object nested deeper than `keep` levels replaced by null. */
function shallow(text, keep) {
  let out = "", start = 0;
  eachBracket(text, (i, opening, depth) => {
    if (depth !== keep + 1) return;
    if (opening) out += text.slice(start, i);
    else { out += "null"; start = i + 1; }
  });
  return out + text.slice(start);
}

/**
 * The broker's message, and why its job cannot run (null when it can). A job too deep to decode
 * still tells its id, so it is failed instead of ignored. Throws when not even that can be read.
 */
function decode(raw) {
  if (jsonDepth(raw) <= MAX_JSON_DEPTH) return [JSON.parse(raw), null];
  return [JSON.parse(shallow(raw, 2)), `the job is nested deeper than ${MAX_JSON_DEPTH} levels`];
}

/** Why a peer takes nothing from us: with CURVE, most likely it refused our key. */
function unreachable(server, flag, curve) {
  const why = `the ${server} takes nothing from us (not reachable yet, or its queue is full)`;
  if (!curve) return why;
  return `${why}; with CURVE this almost always means the ${server} refused our key: check that this ` +
    `worker's public .key is in the ${server}'s clients directory (--curve-clients) and that ${flag} is ` +
    `the ${server}'s public key; the ${server} logs the refusal`;
}

// --- Handlers: async functions of (params, job). -------------------------------

const handlers = {
  async upper(params) {
    const text = params.text ?? "";
    if (typeof text !== "string") throw new BadParams("'text' must be a string");
    return { text: text.toUpperCase() };
  },

  async count(params, job) {
    const n = params.n ?? 3;
    const intervalMs = params.interval_ms ?? 200;
    if (!Number.isInteger(n) || n < 0) throw new BadParams("'n' must be an integer >= 0");
    if (typeof intervalMs !== "number" || !(intervalMs >= 0 && intervalMs <= 3_600_000)) {
      throw new BadParams("'interval_ms' must be a number from 0 to 3600000");
    }
    for (let i = 1; i <= n; i++) {
      await job.sleep(intervalMs); // rejects once the job is cancelled: the cancel point
      job.progress({ i });
    }
    return { n };
  },

  async fail(params, job) {
    const retry = params.retry ?? true;
    const succeedOn = params.succeed_on ?? null;
    if (typeof retry !== "boolean" || !(succeedOn === null || Number.isInteger(succeedOn))) {
      throw new BadParams("'retry' must be a boolean and 'succeed_on' an integer");
    }
    if (succeedOn !== null && job.attempt >= succeedOn) return { attempt: job.attempt };
    throw new JobFailed("requested", `failed on request (attempt ${job.attempt})`, retry);
  },
};

// --- One running job. ----------------------------------------------------------

class Job {
  constructor(spec, worker) {
    if (typeof spec?.id !== "string" || typeof spec.topic !== "string") {
      throw new TypeError("job needs string 'id' and 'topic'");
    }
    Object.assign(this, { id: spec.id, topic: spec.topic, route: spec.route ?? null });
    this.params = spec.params ?? {};
    this.replyTo = spec.reply_to ?? null;
    this.deadline = spec.deadline ?? null; // epoch ms or null
    this.attempt = spec.attempt ?? 1;
    this.link = null; // the BrokerLink that sent it
    this.seq = 0;
    this.abort = new AbortController(); // aborted on cancel, timeout and forced shutdown
    this.worker = worker;
  }

  progress(data) {
    this.worker.push(this, { type: "progress", data });
  }

  sleep(ms) {
    return sleep(ms, undefined, { signal: this.abort.signal });
  }
}

/**
 * Queues `msg` on `socket` as one JSON frame; if that is impossible right now (sendTimeout 0: the
 * peer is slow, not connected, or refused our CURVE key), calls `dropped(err)`.
 */
function sendJson(socket, msg, dropped) {
  return socket.send(JSON.stringify(msg)).catch(dropped);
}

/** 'tcp://a:5556, tcp://b:5556' -> ['tcp://a:5556', 'tcp://b:5556'] (blanks dropped). */
function parseBrokers(value) {
  const brokers = value.split(",").map((endpoint) => endpoint.trim()).filter(Boolean);
  if (brokers.length === 0) throw new Error("--broker needs at least one endpoint");
  return brokers;
}

// --- The connection to one broker. ------------------------------------------------

/**
 * The DEALER to one broker, and when we last heard from it. No identity is set: after a
 * reconnect the broker sees a new ROUTER identity and learns us again from the `ready` we
 * re-send (done/fail name jobs by id, so they still land).
 */
class BrokerLink {
  constructor(endpoint, worker) {
    Object.assign(this, { endpoint, worker, dealer: null, lastHeard: 0 });
    this.silent = false; // log an outage once, not at every reconnect
    this.refused = false; // a send failed: say why once, not at every heartbeat
  }

  /** (Re)creates the DEALER, connects it and sends `ready`. */
  connect() {
    this.dealer?.close();
    // One broker key for all: the brokers of a cluster share one key pair (docs/security.md).
    const dealer = (this.dealer = new Dealer({
      linger: 1000, sendTimeout: 0, maxMessageSize: this.worker.maxMessageBytes, ...this.worker.curve.broker,
    }));
    dealer.connect(this.endpoint);
    this.lastHeard = Date.now();
    this.receive(dealer);
    this.send(this.worker.readyMessage());
  }

  send(msg) {
    return sendJson(this.dealer, msg, (err) => {
      const peer = `worker=${this.worker.id} broker=${this.endpoint}`;
      if (this.refused) return; // said once per outage; hearing the broker resets it
      this.refused = true;
      const curve = Object.keys(this.worker.curve.broker).length > 0;
      log("WARN", `${peer}: dropped ${msg.type} (${err.message}) and will drop more until it answers: ` +
        unreachable("broker", "--broker-key", curve));
    });
  }

  async receive(dealer) {
    try {
      for await (const [frame] of dealer) {
        this.lastHeard = Date.now(); // anything proves the broker alive
        this.refused = false;
        if (this.silent) {
          this.silent = false;
          log("INFO", `worker=${this.worker.id} hears broker=${this.endpoint} again`);
        }
        this.worker.onBroker(this, frame.toString());
      }
    } catch (err) {
      if (!dealer.closed) log("WARN", `worker=${this.worker.id} broker=${this.endpoint} receive failed: ${err.message}`);
    }
  }

  reconnectIfSilent(now) {
    if (now - this.lastHeard <= BROKER_SILENCE_MS) return;
    if (!this.silent) {
      this.silent = true;
      log("WARN", `worker=${this.worker.id} heard nothing from broker=${this.endpoint} for ${BROKER_SILENCE_MS} ms, reconnecting until it answers`);
    }
    this.connect();
  }

  close() {
    this.dealer?.close();
  }
}

// --- The worker. -----------------------------------------------------------------

class Worker {
  /** `brokers`: the endpoints of every broker sharing one Redis (one is fine). */
  constructor({
    brokers, workerId, capacity, grace, curve = { broker: {}, frontend: {} },
    topics = Object.keys(handlers), maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
  }) {
    Object.assign(this, { id: workerId, capacity, graceMs: grace * 1000, curve, maxMessageBytes });
    this.topics = [...topics].sort();
    this.links = brokers.map((endpoint) => new BrokerLink(endpoint, this));
    this.running = new Map(); // job id -> Job
    this.pushers = new Map(); // reply_to endpoint -> PUSH socket, kept open
    this.stopAt = null; // Date.now() at which the shutdown grace period ends
  }

  start() {
    for (const link of this.links) link.connect();
    const brokers = this.links.map((link) => link.endpoint);
    log("INFO", `worker=${this.id} ready brokers=${brokers} topics=${this.readyMessage().topics} capacity=${this.capacity}`);
    this.heartbeatTimer = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
    this.heartbeat();
  }

  readyMessage() {
    return { type: "ready", worker: this.id, topics: this.topics, capacity: this.capacity };
  }

  onBroker(link, raw) {
    let msg, job, undecodable;
    try {
      [msg, undecodable] = decode(raw);
      if (msg.type === "job") job = new Job(msg.job, this);
    } catch (err) {
      return log("WARN", `worker=${this.id} ignored malformed message from broker=${link.endpoint} (${err.message}): ${raw.slice(0, 200)}`);
    }
    if (msg.type === "job") {
      job.link = link;
      // We know which job it is, not what it asks: say so rather than ignore it.
      if (undecodable) return this.fail(job, "bad_request", undecodable, false);
      this.startJob(job);
    }
    else if (msg.type === "cancel" && this.running.has(msg.job)) {
      const cancelled = this.running.get(msg.job);
      this.forget(cancelled);
      log("INFO", `job=${cancelled.id} topic=${cancelled.topic} cancelled by broker`);
    }
    // `heartbeat` (and anything unknown) only proves the broker is alive.
  }

  startJob(job) {
    const tag = `job=${job.id} topic=${job.topic}`;
    // e.g. a second broker re-assigned it: keep the first run
    if (this.running.has(job.id)) return log("INFO", `${tag} already running, ignoring duplicate`);
    log("INFO", `${tag} received`);
    // `shutdown`: the broker hands it back without spending an attempt
    if (this.stopAt !== null) return this.fail(job, "shutdown", "worker is shutting down", true);
    if (!this.topics.includes(job.topic)) {
      return this.fail(job, "unknown_topic", `this worker does not serve '${job.topic}'`, true);
    }
    if (job.deadline !== null && Date.now() > job.deadline) {
      return this.fail(job, "timeout", `deadline ${job.deadline} passed before the job started`, false);
    }
    if (this.running.size >= this.capacity) {
      // Capacity is our total: two brokers may fill the same free slot at once. `busy` hands
      // it straight back; the broker requeues it without spending an attempt.
      return this.fail(job, "busy", `worker ${this.id} is running its capacity`, true);
    }
    this.running.set(job.id, job);
    this.run(job);
  }

  async run(job) {
    try {
      if (typeof job.params !== "object" || Array.isArray(job.params)) {
        throw new BadParams("'params' must be an object");
      }
      const data = await handlers[job.topic](job.params, job);
      if (!this.isRunning(job)) return;
      this.push(job, { type: "result", data });
      if (!this.isRunning(job)) return; // push() failed it
      this.forget(job);
      // To every broker: any one can ack it (a second ack is a no-op) and each frees the slot
      // at once; if the broker that sent the job died, the others still record it.
      this.toAll({ type: "done", job: job.id });
      log("INFO", `job=${job.id} topic=${job.topic} done seq=${job.seq}`);
    } catch (err) {
      if (!this.isRunning(job)) return; // cancelled or timed out: send nothing more for it
      if (err instanceof BadParams) return this.fail(job, "bad_request", err.message, false);
      if (err instanceof JobFailed) return this.fail(job, err.code, err.message, err.retry);
      log("ERROR", `job=${job.id} topic=${job.topic} handler threw: ${err.stack}`);
      this.fail(job, "internal", `${err.name}: ${err.message}`, true);
    }
  }

  isRunning(job) {
    return this.running.get(job.id) === job;
  }

  forget(job) {
    if (this.isRunning(job)) this.running.delete(job.id);
    job.abort.abort();
  }

  push(job, msg) {
    if (!this.isRunning(job) || job.replyTo === null) return;
    let socket = this.pushers.get(job.replyTo);
    if (!socket) {
      socket = new Push({ linger: 2000, sendTimeout: 0, ...this.curve.frontend });
      try {
        socket.connect(job.replyTo);
      } catch (err) {
        socket.close();
        return this.fail(job, "internal", `reply_to '${job.replyTo}' is unusable: ${err.message}`, false);
      }
      this.pushers.set(job.replyTo, socket);
    }
    const seq = ++job.seq;
    sendJson(socket, { ...msg, job: job.id, route: job.route, seq }, (err) => {
      const curve = Object.keys(this.curve.frontend).length > 0;
      log("WARN", `job=${job.id} reply_to=${job.replyTo}: dropped ${msg.type} seq=${seq} (${err.message}): ` +
        unreachable("front end", "--frontend-key", curve));
    });
  }

  toAll(msg) {
    return Promise.all(this.links.map((link) => link.send(msg)));
  }

  /**
   * To the broker that sent the job while it is alive, else to the one heard from last. A
   * message to a broker that died just now may be lost; the lease lapses and the job reruns.
   */
  toOne(preferred, msg) {
    let target = preferred;
    if (!target || Date.now() - target.lastHeard > BROKER_ALIVE_MS) {
      target = this.links.reduce((last, link) => (link.lastHeard > last.lastHeard ? link : last));
    }
    return target.send(msg);
  }

  fail(job, code, message, retry) {
    this.forget(job);
    this.toOne(job.link, { type: "fail", job: job.id, error: { code, message }, retry });
    log("INFO", `job=${job.id} topic=${job.topic} failed code=${code} retry=${retry}: ${message}`);
  }

  heartbeat() {
    // Every broker hears every job we run, so each counts them against our capacity and any
    // of them extends their leases. Once we shut down we say `draining`: no new jobs for us.
    const beat = { type: "heartbeat", worker: this.id, running: [...this.running.keys()] };
    if (this.stopAt !== null) beat.draining = true;
    this.toAll(beat);
  }

  tick() {
    const now = Date.now();
    for (const job of this.running.values()) {
      if (job.deadline !== null && now > job.deadline) {
        this.fail(job, "timeout", `deadline ${job.deadline} passed`, false);
      }
    }
    for (const link of this.links) link.reconnectIfSilent(now); // each on its own: the others keep working
    if (this.stopAt !== null && (this.running.size === 0 || now >= this.stopAt)) this.shutdown();
  }

  stop(signal) {
    if (this.stopAt !== null) return;
    log("INFO", `worker=${this.id} got ${signal}: taking no new jobs, draining ${this.running.size} running`);
    this.stopAt = Date.now() + this.graceMs;
    this.heartbeat(); // say draining at once, so the broker stops handing us jobs
    this.tick();
  }

  async shutdown() {
    clearInterval(this.heartbeatTimer);
    clearInterval(this.tickTimer);
    for (const job of this.running.values()) {
      this.fail(job, "shutdown", "worker stopped before the job finished", true);
    }
    await this.toAll({ type: "bye", worker: this.id });
    log("INFO", `worker=${this.id} bye`);
    for (const socket of this.pushers.values()) socket.close(); // linger flushes them
    for (const link of this.links) link.close();
  }
}

// The command line every reference worker shares (docs/worker-protocol.md, "Command line").
const HELP = `Usage: node worker.js [options]

jobwire reference worker (topics: upper, count, fail).

Options:
  --broker URL[,URL...]  broker ROUTER endpoint, or several comma-separated (brokers sharing one
                     Redis): one connection each (env JOBWIRE_BROKER; default tcp://127.0.0.1:5556)
  --capacity N       jobs run at once, in total over all brokers (env JOBWIRE_CAPACITY; default 4)
  --topics T[,T...]  topics to serve, a subset of upper,count,fail (env JOBWIRE_TOPICS; default all)
  --id ID            name sent in ready/heartbeat/bye, unique per process; --worker-id is the same
                     (env JOBWIRE_WORKER_ID; default host-pid)
  --grace SECONDS    time running jobs may take to finish after SIGTERM; the rest are handed back
                     (env JOBWIRE_GRACE; default 10)
  --max-message-bytes N  largest frame accepted from a broker; a bigger one drops the connection
                     (env JOBWIRE_MAX_MESSAGE_BYTES; default 1048576 = 1 MiB)
  --curve-secret FILE  this worker's CURVE .key_secret (env JOBWIRE_CURVE_SECRET; default: no CURVE)
  --broker-key FILE    the broker's public CURVE .key (env JOBWIRE_BROKER_KEY)
  --frontend-key FILE  the front ends' ingress public CURVE .key (env JOBWIRE_FRONTEND_KEY)
  -h, --help         show this help`;

function main() {
  const env = process.env;
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        broker: { type: "string", default: env.JOBWIRE_BROKER ?? "tcp://127.0.0.1:5556" },
        capacity: { type: "string", default: env.JOBWIRE_CAPACITY ?? "4" },
        topics: { type: "string", default: env.JOBWIRE_TOPICS ?? Object.keys(handlers).sort().join(",") },
        id: { type: "string" },
        "worker-id": { type: "string" },
        grace: { type: "string", default: env.JOBWIRE_GRACE ?? "10" },
        "max-message-bytes": { type: "string", default: env.JOBWIRE_MAX_MESSAGE_BYTES ?? `${DEFAULT_MAX_MESSAGE_BYTES}` },
        "curve-secret": { type: "string", default: env.JOBWIRE_CURVE_SECRET ?? "" },
        "broker-key": { type: "string", default: env.JOBWIRE_BROKER_KEY ?? "" },
        "frontend-key": { type: "string", default: env.JOBWIRE_FRONTEND_KEY ?? "" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    console.error(`${err.message}\n\n${HELP}`);
    process.exit(2);
  }
  if (values.help) return console.log(HELP);
  const capacity = Number(values.capacity);
  const grace = Number(values.grace);
  const maxMessageBytes = Number(values["max-message-bytes"]);
  const workerId = values.id ?? values["worker-id"] ?? env.JOBWIRE_WORKER_ID ?? `${os.hostname()}-${process.pid}`;
  const topics = values.topics.split(",").map((t) => t.trim()).filter(Boolean);
  const unknown = topics.filter((t) => !Object.hasOwn(handlers, t));
  if (!Number.isInteger(capacity) || capacity < 1) return usageError("--capacity must be an integer >= 1");
  if (!(grace >= 0)) return usageError("--grace must be a number of seconds >= 0");
  if (!Number.isInteger(maxMessageBytes) || maxMessageBytes < 1024) return usageError("--max-message-bytes must be an integer >= 1024");
  if (topics.length === 0 || unknown.length > 0) {
    return usageError(`--topics must name some of ${Object.keys(handlers).sort()}; unknown: ${unknown}`);
  }

  let curve, brokers;
  try {
    brokers = parseBrokers(values.broker);
    curve = curveOptions(values["curve-secret"], values["broker-key"], values["frontend-key"]);
  } catch (err) {
    return usageError(err.message);
  }
  const worker = new Worker({ brokers, workerId, capacity, grace, curve, topics, maxMessageBytes });
  process.on("SIGTERM", () => worker.stop("SIGTERM"));
  process.on("SIGINT", () => worker.stop("SIGINT"));
  worker.start();
}

function usageError(message) {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

main();
