import { JobwireError } from "./errors.js";

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
export class Run {
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
