// jobwire client 0.1.0 (built from clients/js/src by build.js; do not edit)
// ---- errors.js
/**
 * Why a request or a run ended badly. `kind` says where it came from:
 * - "error": the server answered with an `error` op (`code` is one of its codes),
 * - "failed": the job ended without a result (`code` is the worker's or broker's code),
 * - "timeout": a request got no reply within `refTimeoutMs`,
 * - "disconnected": the connection dropped before the reply came,
 * - "cancelled": `run.cancel()` was called,
 * - "closed": `client.close()` was called.
 */
class JobwireError extends Error {
  constructor(code, message, { kind = "error", frame = null } = {}) {
    super(message);
    this.name = "JobwireError";
    this.code = code;
    this.kind = kind;
    this.frame = frame;
  }

  /** From a server `error` op or a `failed` delivery. */
  static from(frame) {
    if (frame.op === "failed") {
      const e = frame.error || {};
      return new JobwireError(e.code || "failed", e.message || "the job failed", { kind: "failed", frame });
    }
    return new JobwireError(frame.code || "internal", frame.message || "error", { kind: "error", frame });
  }
}

// ---- emitter.js
/** A small event emitter: `on` returns the function that removes the listener. */
class Emitter {
  #listeners = new Map();

  on(event, listener) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(listener);
    return () => this.#listeners.get(event)?.delete(listener);
  }

  emit(event, value) {
    for (const listener of [...(this.#listeners.get(event) || [])]) {
      try {
        listener(value);
      } catch (e) {
        // A listener's bug must not break the connection's bookkeeping.
        setTimeout(() => {
          throw e;
        });
      }
    }
  }
}

// ---- backoff.js
/**
 * How long to wait before reconnect attempt `attempt` (0, 1, 2, …): exponential from
 * `initialMs`, capped at `maxMs`, with "equal jitter" (a random half of it on top of the other
 * half), so a front end that restarts is not hit by every client in the same millisecond.
 */
function backoffDelay(attempt, { initialMs, maxMs }, random = Math.random) {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

// ---- run.js
const DELIVERIES = new Set(["progress", "result", "failed", "event"]);
const KEEP_BUFFERED = 1000;

/**
 * One subscription: the job it started, its messages, its result. Made by `client.subscribe`
 * (or `client.resume`); the client attaches it again after every reconnect, resuming after the
 * last `seq` it delivered, so each message reaches the application exactly once or is named
 * in a `gap`.
 *
 * A run ends at its first `result` or `failed` (and the client unsubscribes), unless made with
 * `keep: true` (recurring and shared topics): then it lives until `cancel()`. A batch run
 * (`client.batch`) ends at the batch's own `result`; its jobs' messages go to `onJob`.
 */
class Run {
  /** The server's subscription id, once subscribed. */
  sub = null;
  /** The id of the job running for it (a recurring topic changes it). */
  job = null;
  /** The last `seq` delivered to the application; a resume asks for what came after it. */
  lastSeq = 0;
  /** "subscribing", "active", "done", "failed", "cancelled" or "error". */
  state = "subscribing";
  /** Resolves with the first result's `data`; rejects with a `JobwireError`. */
  result;

  #link;
  #handlers;
  #keep;
  #settle;
  #buffered = [];
  #waiting = [];
  #ended = null; // { error } once over

  constructor(link, { topic, params, batch, sub = null, after = 0 }, handlers = {}) {
    this.#link = link;
    this.topic = topic;
    this.params = params;
    this.batch = batch;
    this.sub = sub;
    this.lastSeq = after;
    this.#keep = Boolean(handlers.keep);
    this.#handlers = handlers;
    this.result = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
    this.result.catch(() => {}); // a run used only through its handlers or iteration is fine
  }

  /** True once the run is over: nothing more will be delivered. */
  get ended() {
    return this.#ended !== null;
  }

  /**
   * Unsubscribes, which cancels the job when nobody else shares it. `result` rejects with
   * kind "cancelled"; iteration ends. Resolves once the server confirmed (or the connection is
   * gone: the server then cancels the job when its resume window closes).
   */
  cancel() {
    if (this.ended) return Promise.resolve();
    this.state = "cancelled";
    this.#end(new JobwireError("cancelled", "the run was cancelled", { kind: "cancelled" }));
    return this.sub ? this.#link.unsubscribe(this.sub) : Promise.resolve();
  }

  /** Every delivery (`progress`, `event`, `gap`, then `result` or `failed`) as it comes. */
  async *[Symbol.asyncIterator]() {
    while (true) {
      if (this.#buffered.length > 0) {
        yield this.#buffered.shift();
        continue;
      }
      if (this.#ended) {
        const error = this.#ended.error;
        if (error && error.kind !== "cancelled" && error.kind !== "failed") throw error;
        return;
      }
      await new Promise((wake) => this.#waiting.push(wake));
    }
  }

  // ---- called by the client ----

  /** The subscribe request for this run on a fresh connection: new, or a resume. */
  _subscribeMessage() {
    if (this.sub) return { op: "subscribe", resume: { sub: this.sub, after: this.lastSeq } };
    const message = { op: "subscribe", topic: this.topic };
    if (this.params !== undefined) message.params = this.params;
    if (this.batch !== undefined) message.batch = this.batch;
    return message;
  }

  _subscribed(m) {
    if (this.ended) {
      this.#link.unsubscribe(m.sub); // cancelled while the request was on its way
      return;
    }
    this.sub = m.sub;
    if (m.job) this.job = m.job;
    if (m.topic) this.topic = m.topic;
    if (this.state === "subscribing") this.state = "active";
    this.#call("onSubscribed", m, m);
  }

  _refused(error) {
    if (this.ended) return;
    this.state = "error";
    this.#end(error);
  }

  _closed(error) {
    if (!this.ended) this.#end(error);
  }

  _deliver(m) {
    if (this.ended) return;
    if (m.op === "gap") {
      this.lastSeq = Math.max(this.lastSeq, m.to);
      return this.#push(m, "onGap", m);
    }
    if (m.op === "unsubscribed") {
      this.state = "cancelled";
      return this.#end(new JobwireError("cancelled", "the server ended the subscription", { kind: "cancelled", frame: m }));
    }
    // news about the subscription, not a delivery: e.g. no live worker serves its topic
    if (m.op === "notice") return this.#call("onNotice", m, m);
    if (!DELIVERIES.has(m.op)) return;
    if (typeof m.seq === "number") {
      if (m.seq <= this.lastSeq) return; // seen already (a replay overlapping what came live)
      if (m.seq > this.lastSeq + 1) {
        const gap = { op: "gap", sub: m.sub, from: this.lastSeq + 1, to: m.seq - 1 };
        this.#push(gap, "onGap", gap);
      }
      this.lastSeq = m.seq;
    }
    // a batch's jobs speak under their own ids; the batch's totals and result under its id
    if (this.batch !== undefined && m.job && this.job && m.job !== this.job) return this.#push(m, "onJob", m);
    if (m.job) this.job = m.job;
    switch (m.op) {
      case "progress":
        return this.#push(m, "onProgress", m.data);
      case "event":
        return this.#push(m, "onEvent", m.data);
      case "result":
        this.#push(m, "onResult", m.data);
        this.#settle.resolve(m.data);
        if (!this.#keep) this.#finish("done", null);
        return;
      case "failed": {
        const error = JobwireError.from(m);
        this.#push(m, "onFailed", error);
        this.#settle.reject(error);
        if (!this.#keep) this.#finish("failed", error);
        return;
      }
    }
  }

  // ---- inside ----

  #finish(state, error) {
    this.state = state;
    this.#end(error);
    this.#link.unsubscribe(this.sub).catch(() => {});
  }

  #push(m, handler, value) {
    this.#buffered.push(m);
    if (this.#keep && this.#buffered.length > KEEP_BUFFERED) this.#buffered.shift();
    this.#wake();
    this.#call(handler, value, m);
  }

  #end(error) {
    this.#ended = { error };
    if (error) this.#settle.reject(error);
    this.#link.forget(this);
    this.#wake();
    this.#call("onEnd", error, null);
  }

  #wake() {
    for (const wake of this.#waiting.splice(0)) wake();
  }

  #call(name, value, m) {
    const handler = this.#handlers[name];
    if (!handler) return;
    try {
      handler(value, m);
    } catch (e) {
      setTimeout(() => {
        throw e;
      });
    }
  }
}

// ---- client.js
const DEFAULTS = Object.freeze({
  protocols: ["jobwire.v1"],
  refTimeoutMs: 10000,
  initialBackoffMs: 250,
  maxBackoffMs: 10000,
});

const REPLIES = new Set(["authenticated", "subscribed", "unsubscribed", "status", "pong", "error"]);

/**
 * A jobwire connection: one WebSocket, any number of runs over it. It reconnects by itself
 * (backoff with jitter), authenticates again through `options.token` (a function may return a
 * fresh single-use token or JWT each time), and resumes every live run after the last `seq`
 * it delivered.
 *
 * States (`client.state`, event "state"): "idle", "connecting", "connected", "reconnecting"
 * (waiting `delayMs` before the next attempt), "closed".
 */
class Client {
  #url;
  #options;
  #WebSocket;
  #events = new Emitter();
  #ws = null;
  #state = "idle";
  #attempt = 0;
  #timer = null;
  #wanted = false;
  #nextRef = 1;
  #pending = new Map(); // ref -> { reply(m), fail(error), timer }
  #runs = new Set();
  #bySub = new Map();
  #link;
  conn = null;
  user = null;

  constructor(url, options = {}) {
    this.#url = url;
    this.#options = { ...DEFAULTS, ...options };
    this.#WebSocket = options.WebSocket || globalThis.WebSocket;
    if (!this.#WebSocket) {
      throw new TypeError("no WebSocket here: pass options.WebSocket (in Node 18, the 'ws' package's)");
    }
    this.#link = {
      unsubscribe: (sub) => this.#unsubscribe(sub),
      forget: (run) => {
        this.#runs.delete(run);
        if (run.sub && this.#bySub.get(run.sub) === run) this.#bySub.delete(run.sub);
      },
    };
  }

  get state() {
    return this.#state;
  }

  /**
   * Listens to "state" ({state, previous, attempt, delayMs, code, reason}), "welcome",
   * "message" (every frame received, parsed), "send" (every frame sent) or "error" (a
   * JobwireError no request or run claims). Returns the function that stops listening.
   */
  on(event, listener) {
    return this.#events.on(event, listener);
  }

  /** Connects (if not already) and resolves once connected and authenticated. */
  connect() {
    this.#wanted = true;
    if (this.#state === "idle" || this.#state === "closed") this.#open();
    return this.#connected();
  }

  /** Closes the connection for good: pending requests and live runs end with kind "closed". */
  close() {
    this.#wanted = false;
    clearTimeout(this.#timer);
    const ws = this.#ws;
    this.#ws = null;
    if (ws) ws.close(1000, "bye");
    const error = new JobwireError("closed", "the client was closed", { kind: "closed" });
    this.#failPending(error);
    for (const run of [...this.#runs]) run._closed(error);
    this.#setState("closed");
  }

  /**
   * Subscribes to `topic` with `params`; the returned run carries the job's messages and its
   * result. `handlers`: onProgress(data, m), onEvent(data, m), onGap(m), onResult(data, m),
   * onFailed(error, m), onSubscribed(m), onEnd(error); `keep: true` for a topic that delivers
   * after its first result (recurring, shared).
   */
  subscribe(topic, params, handlers = {}) {
    if (typeof topic !== "string" || topic === "") throw new TypeError("topic must be a non-empty string");
    if (params !== undefined && (params === null || typeof params !== "object" || Array.isArray(params))) {
      throw new TypeError("params must be an object");
    }
    return this.#start(new Run(this.#link, { topic, params }, handlers));
  }

  /**
   * Starts one job of `topic` per params object in `batchParams` (at most 1,000) as one batch;
   * the returned run's `job` is the batch id, `onProgress` gets the batch's totals after each
   * job (`{batch, job, state, done, succeeded, failed, total}`), `onJob(m)` each job's own
   * progress, result or failed, and `result` resolves with the batch's totals and `failures`.
   */
  batch(topic, batchParams, handlers = {}) {
    if (typeof topic !== "string" || topic === "") throw new TypeError("topic must be a non-empty string");
    if (!Array.isArray(batchParams) || batchParams.length === 0) throw new TypeError("batch must be a non-empty array of params objects");
    for (const params of batchParams) {
      if (params === null || typeof params !== "object" || Array.isArray(params)) throw new TypeError("each params must be an object");
    }
    return this.#start(new Run(this.#link, { topic, batch: batchParams }, handlers));
  }

  /** Takes over subscription `sub` (say, after a page reload), replaying after seq `after`. */
  resume(sub, after, handlers = {}) {
    return this.#start(new Run(this.#link, { topic: null, sub, after }, handlers));
  }

  /** A job's state: resolves with the `status` reply, rejects with a JobwireError. */
  status(job) {
    return this.request({ op: "status", job });
  }

  /** Round-trip time to the front end's network thread, in ms. */
  async ping() {
    const started = Date.now();
    await this.request({ op: "ping" });
    return Date.now() - started;
  }

  /**
   * Sends any request once connected, with a fresh `ref`; resolves with the reply, rejects
   * with a JobwireError on an `error` reply, no reply within `refTimeoutMs`, or a drop.
   */
  async request(message) {
    await this.connect();
    return new Promise((resolve, reject) => {
      this.#send(message, {
        reply: (m) => (m.op === "error" ? reject(JobwireError.from(m)) : resolve(m)),
        fail: reject,
      });
    });
  }

  // ---- connection ----

  #open() {
    clearTimeout(this.#timer);
    this.#setState(this.#attempt > 0 ? "reconnecting" : "connecting", { delayMs: 0 });
    let ws;
    try {
      ws = new this.#WebSocket(this.#url, this.#options.protocols);
    } catch (e) {
      this.#events.emit("error", new JobwireError("bad_url", String(e.message || e), { kind: "disconnected" }));
      this.#retry(1006, "could not connect");
      return;
    }
    this.#ws = ws;
    const welcome = setTimeout(() => this.#drop(ws, 4000, "no welcome"), this.#options.refTimeoutMs);
    ws.onmessage = (e) => {
      if (this.#ws !== ws) return;
      let m;
      try {
        m = JSON.parse(e.data);
      } catch {
        this.#events.emit("error", new JobwireError("bad_json", "the server sent a frame that is not JSON"));
        return;
      }
      if (m.op === "welcome") clearTimeout(welcome);
      this.#receive(ws, m);
    };
    ws.onclose = (e) => {
      clearTimeout(welcome);
      if (this.#ws === ws) this.#lost(e.code, e.reason);
    };
    ws.onerror = () => {}; // a close event follows
  }

  #receive(ws, m) {
    this.#events.emit("message", m);
    if (m.op === "welcome") return this.#welcome(ws, m);
    const asked = m.ref != null && REPLIES.has(m.op) ? this.#pending.get(m.ref) : undefined;
    if (asked) {
      this.#pending.delete(m.ref);
      clearTimeout(asked.timer);
      return asked.reply(m);
    }
    const run = m.sub != null ? this.#bySub.get(m.sub) : undefined;
    if (run) return run._deliver(m);
    if (m.op === "error") this.#events.emit("error", JobwireError.from(m));
  }

  async #welcome(ws, m) {
    this.conn = m.conn;
    this.user = m.user;
    this.#events.emit("welcome", m);
    const token = this.#options.token;
    if (!token) return this.#ready();
    let credential;
    try {
      credential = typeof token === "function" ? await token() : token;
    } catch (e) {
      this.#events.emit("error", new JobwireError("unauthorized", "the token callback failed: " + (e.message || e)));
      return this.#drop(ws, 4001, "no token");
    }
    if (this.#ws !== ws) return;
    this.#send({ op: "auth", token: credential }, {
      reply: (r) => {
        if (r.op === "authenticated") {
          this.user = r.user;
          return this.#ready();
        }
        this.#events.emit("error", JobwireError.from(r));
        this.#drop(ws, 4001, "authentication refused");
      },
      fail: () => {},
    });
  }

  #ready() {
    this.#attempt = 0;
    this.#setState("connected");
    for (const run of this.#runs) this.#attach(run);
  }

  #lost(code, reason) {
    this.#ws = null;
    this.#failPending(new JobwireError("disconnected", "the connection dropped (" + code + ")", { kind: "disconnected" }));
    if (this.#wanted) this.#retry(code, reason);
    else this.#setState("closed", { code, reason });
  }

  /** Gives up on `ws` now (its close event is then ignored) and reconnects. */
  #drop(ws, code, reason) {
    if (this.#ws !== ws) return;
    ws.close(code, reason);
    this.#lost(code, reason);
  }

  #retry(code, reason) {
    const delayMs = backoffDelay(this.#attempt++, {
      initialMs: this.#options.initialBackoffMs,
      maxMs: this.#options.maxBackoffMs,
    });
    this.#setState("reconnecting", { delayMs, code, reason });
    this.#timer = setTimeout(() => this.#open(), delayMs);
  }

  #connected() {
    if (this.#state === "connected") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const off = this.on("state", ({ state }) => {
        if (state === "connected") resolve();
        else if (state === "closed") reject(new JobwireError("closed", "the client was closed", { kind: "closed" }));
        else return;
        off();
      });
    });
  }

  #setState(state, details = {}) {
    const previous = this.#state;
    this.#state = state;
    this.#events.emit("state", { state, previous, attempt: this.#attempt, ...details });
  }

  // ---- requests and runs ----

  #send(message, { reply, fail }) {
    const ws = this.#ws;
    if (!ws || this.#state !== "connected" && message.op !== "auth") {
      fail(new JobwireError("disconnected", "not connected", { kind: "disconnected" }));
      return;
    }
    const ref = this.#nextRef++;
    const timer = setTimeout(() => {
      if (!this.#pending.delete(ref)) return;
      fail(new JobwireError("timeout", "no reply to " + message.op + " within " + this.#options.refTimeoutMs + " ms", { kind: "timeout" }));
    }, this.#options.refTimeoutMs);
    this.#pending.set(ref, { reply, fail, timer });
    const frame = { ...message, ref };
    ws.send(JSON.stringify(frame));
    this.#events.emit("send", frame);
  }

  #failPending(error) {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      clearTimeout(p.timer);
      p.fail(error);
    }
  }

  #start(run) {
    this.#runs.add(run);
    if (run.sub) this.#bySub.set(run.sub, run);
    if (this.#state === "connected") this.#attach(run);
    else this.connect().catch(() => {});
    return run;
  }

  #attach(run) {
    const ws = this.#ws;
    this.#send(run._subscribeMessage(), {
      reply: (m) => {
        if (m.op === "error") return run._refused(JobwireError.from(m));
        if (run.sub && run.sub !== m.sub) this.#bySub.delete(run.sub);
        if (!run.ended) this.#bySub.set(m.sub, run);
        run._subscribed(m);
      },
      fail: (error) => {
        // A subscribe with no answer means the connection is not working: start a new one,
        // which attaches the run again. A drop needs nothing: the next connection attaches it.
        if (error.kind === "timeout") this.#drop(ws, 4000, "no reply to subscribe");
      },
    });
  }

  #unsubscribe(sub) {
    if (this.#state !== "connected") return Promise.resolve();
    return new Promise((resolve) => this.#send({ op: "unsubscribe", sub }, { reply: () => resolve(), fail: () => resolve() }));
  }
}

export { Client, DEFAULTS, Run, JobwireError, backoffDelay };
