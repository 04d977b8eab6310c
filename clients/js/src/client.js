import { backoffDelay } from "./backoff.js";
import { Emitter } from "./emitter.js";
import { JobwireError } from "./errors.js";
import { Run } from "./run.js";

export const DEFAULTS = Object.freeze({
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
export class Client {
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
