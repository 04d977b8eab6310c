/**
 * Why a request or a run ended badly. `kind` says where it came from:
 * - "error": the server answered with an `error` op (`code` is one of its codes),
 * - "failed": the job ended without a result (`code` is the worker's or broker's code),
 * - "timeout": a request got no reply within `refTimeoutMs`,
 * - "disconnected": the connection dropped before the reply came,
 * - "cancelled": `run.cancel()` was called,
 * - "closed": `client.close()` was called.
 */
export class JobwireError extends Error {
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
