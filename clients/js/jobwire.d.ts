// Types of @jobwire/client and of every message of the jobwire.v1 protocol (docs/protocol.md;
// the JSON Schemas under protocol/src/main/resources/io/jobwire/protocol/schema are binding).

// ---------------------------------------------------------------- common

/** Any JSON scalar a client chose; the server copies it into its direct reply. */
export type Ref = string | number | boolean | null;
/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** Why a job failed: `code` is chosen by the worker or the broker (e.g. "timeout"). */
export interface JobError {
  code: string;
  message: string;
}
/** The codes of the server's `error` op. */
export type ErrorCode =
  | "bad_json"
  | "bad_request"
  | "unknown_op"
  | "unknown_topic"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "too_many_subscriptions"
  | "unavailable"
  | "not_found"
  | "frame_too_large"
  | "internal";
export type JobState = "queued" | "delayed" | "running" | "succeeded" | "failed" | "dead" | "cancelled";
/** Opaque to workers: copied from the job into everything pushed for it. */
export interface Route {
  sub: string;
  [field: string]: Json;
}

// ---------------------------------------------------------------- WebSocket: client → server

export interface AuthRequest { op: "auth"; ref?: Ref; token: string }
export interface SubscribeRequest {
  op: "subscribe";
  ref?: Ref;
  topic?: string;
  params?: { [key: string]: Json };
  /** One job per params object, as one batch (v1.4); not with `params` or `resume`. */
  batch?: { [key: string]: Json }[];
  /** Re-attach to `sub`, replaying what came after seq `after` (0 replays all that is kept). */
  resume?: { sub: string; after: number };
}
export interface UnsubscribeRequest { op: "unsubscribe"; ref?: Ref; sub: string }
export interface StatusRequest { op: "status"; ref?: Ref; job: string }
export interface PingRequest { op: "ping"; ref?: Ref }
export type ClientMessage = AuthRequest | SubscribeRequest | UnsubscribeRequest | StatusRequest | PingRequest;

// ---------------------------------------------------------------- WebSocket: server → client

export interface WelcomeMessage { op: "welcome"; conn: string; user: string | null; protocol: "jobwire.v1" }
export interface AuthenticatedMessage { op: "authenticated"; ref?: Ref; user: string }
/** `job` is null on a scheduled topic until a run is seen (docs/scheduling.md). */
export interface SubscribedMessage { op: "subscribed"; ref?: Ref; sub: string; topic: string; job: string | null }
export interface UnsubscribedMessage { op: "unsubscribed"; ref?: Ref; sub: string }
export interface ProgressMessage { op: "progress"; sub: string; job: string; seq: number; data: Json }
export interface ResultMessage { op: "result"; sub: string; job: string; seq: number; data: Json }
export interface FailedMessage { op: "failed"; sub: string; job: string; seq: number; error: JobError }
export interface EventMessage { op: "event"; sub: string; seq: number; data: Json }
/** Seqs `from`..`to` (inclusive) of `sub` will never arrive. */
export interface GapMessage { op: "gap"; sub: string; from: number; to: number }
/** News about a subscription that is not an error (protocol v1.3); code "no_worker" so far. */
export interface NoticeMessage { op: "notice"; sub: string; topic?: string; code: string; message: string }
export interface StatusMessage {
  op: "status";
  ref?: Ref;
  job: string;
  state: JobState;
  attempts: number;
  progress: Json;
  error: JobError | null;
}
export interface PongMessage { op: "pong"; ref?: Ref }
export interface ErrorMessage { op: "error"; ref?: Ref; code: ErrorCode; message: string }
export type Delivery = ProgressMessage | ResultMessage | FailedMessage | EventMessage | GapMessage;
export type ServerMessage =
  | WelcomeMessage
  | AuthenticatedMessage
  | SubscribedMessage
  | UnsubscribedMessage
  | StatusMessage
  | PongMessage
  | ErrorMessage
  | Delivery;

// ---------------------------------------------------------------- ZeroMQ: worker → broker

export interface ReadyMessage { type: "ready"; worker: string; topics: string[]; capacity: number }
export interface DoneMessage { type: "done"; job: string }
export interface FailMessage { type: "fail"; job: string; error: JobError; retry: boolean }
export interface WorkerHeartbeatMessage { type: "heartbeat"; worker: string; running: string[]; draining?: boolean }
export interface ByeMessage { type: "bye"; worker: string }
export type WorkerMessage = ReadyMessage | DoneMessage | FailMessage | WorkerHeartbeatMessage | ByeMessage;

// ---------------------------------------------------------------- ZeroMQ: broker → worker

export interface Job {
  id: string;
  topic: string;
  params: { [key: string]: Json };
  user: string | null;
  reply_to: string | null;
  route: Route | null;
  attempt: number;
  max_attempts: number;
  deadline: number | null;
}
export interface JobMessage { type: "job"; job: Job }
export interface CancelMessage { type: "cancel"; job: string }
export interface BrokerHeartbeatMessage { type: "heartbeat" }
export type BrokerMessage = JobMessage | CancelMessage | BrokerHeartbeatMessage;

// ---------------------------------------------------------------- ZeroMQ: → front end ingress

export interface IngressProgress { type: "progress"; job?: string; route: Route; seq?: number; data: Json }
export interface IngressResult { type: "result"; job?: string; route: Route; seq?: number; data: Json }
export interface IngressFailed { type: "failed"; job?: string; route: Route; error: JobError }
export interface IngressPublish { type: "publish"; topic: string; data: Json }
export type IngressMessage = IngressProgress | IngressResult | IngressFailed | IngressPublish;

// ---------------------------------------------------------------- the client

export type ErrorKind = "error" | "failed" | "timeout" | "disconnected" | "cancelled" | "closed";

export class JobwireError extends Error {
  readonly name: "JobwireError";
  /** The server's error code, the job's failure code, or the kind for client-side errors. */
  readonly code: ErrorCode | string;
  readonly kind: ErrorKind;
  /** The `error` or `failed` frame, when there was one. */
  readonly frame: ErrorMessage | FailedMessage | null;
  constructor(code: string, message: string, options?: { kind?: ErrorKind; frame?: ErrorMessage | FailedMessage | null });
  static from(frame: ErrorMessage | FailedMessage): JobwireError;
}

export type ConnectionState = "idle" | "connecting" | "connected" | "reconnecting" | "closed";

export interface StateChange {
  state: ConnectionState;
  previous: ConnectionState;
  /** Reconnect attempts since the last successful connection. */
  attempt: number;
  /** When reconnecting: how long until the next attempt. */
  delayMs?: number;
  code?: number;
  reason?: string;
}

export interface ClientOptions {
  /** A WebSocket constructor; default `globalThis.WebSocket` (browsers, Node 22+). */
  WebSocket?: new (url: string, protocols?: string | string[]) => WebSocket;
  /** A JWT or token, or a function returning a fresh one for every connection. */
  token?: string | (() => string | Promise<string>);
  /** Subprotocols to ask for; default ["jobwire.v1"]. */
  protocols?: string[];
  /** How long a request (and the welcome) may go unanswered; default 10000. */
  refTimeoutMs?: number;
  /** First reconnect delay; doubles per attempt with jitter; default 250. */
  initialBackoffMs?: number;
  /** Reconnect delay cap; default 10000. */
  maxBackoffMs?: number;
}

export interface RunHandlers {
  onProgress?(data: Json, message: ProgressMessage): void;
  onEvent?(data: Json, message: EventMessage): void;
  /** Messages that will never arrive: sent by the server on a resume, or seen as a seq jump. */
  onGap?(message: GapMessage): void;
  /** News that is not an error, e.g. code "no_worker": no live worker serves the topic now. */
  onNotice?(message: NoticeMessage): void;
  onResult?(data: Json, message: ResultMessage): void;
  /** A batch run: each job's own progress, result or failed, under the job's id. */
  onJob?(message: ProgressMessage | ResultMessage | FailedMessage): void;
  onFailed?(error: JobwireError, message: FailedMessage): void;
  onSubscribed?(message: SubscribedMessage): void;
  /** The run is over: null after a result, else why. */
  onEnd?(error: JobwireError | null): void;
  /** Stay subscribed after the first result or failure (recurring and shared topics). */
  keep?: boolean;
}

export type RunState = "subscribing" | "active" | "done" | "failed" | "cancelled" | "error";

export class Run implements AsyncIterable<Delivery> {
  readonly topic: string | null;
  readonly params: { [key: string]: Json } | undefined;
  readonly sub: string | null;
  readonly job: string | null;
  /** The last seq delivered; a resume asks for what came after it. */
  readonly lastSeq: number;
  readonly state: RunState;
  readonly ended: boolean;
  /** The first result's data; rejects with a JobwireError (kind "failed", "error", "cancelled", "closed"). */
  readonly result: Promise<Json>;
  /** Unsubscribes (cancelling the job unless shared); resolves once the server confirmed. */
  cancel(): Promise<void>;
  [Symbol.asyncIterator](): AsyncIterator<Delivery>;
}

export const DEFAULTS: Readonly<Required<Pick<ClientOptions, "protocols" | "refTimeoutMs" | "initialBackoffMs" | "maxBackoffMs">>>;

export class Client {
  constructor(url: string, options?: ClientOptions);
  readonly state: ConnectionState;
  /** The connection id of the current connection (quote it in bug reports). */
  readonly conn: string | null;
  readonly user: string | null;
  on(event: "state", listener: (change: StateChange) => void): () => void;
  on(event: "welcome", listener: (message: WelcomeMessage) => void): () => void;
  on(event: "message", listener: (message: ServerMessage) => void): () => void;
  on(event: "send", listener: (message: ClientMessage) => void): () => void;
  on(event: "error", listener: (error: JobwireError) => void): () => void;
  connect(): Promise<void>;
  close(): void;
  subscribe(topic: string, params?: { [key: string]: Json }, handlers?: RunHandlers): Run;
  /** One subscription over a batch of jobs of `topic`: see docs/scheduling.md, Batches. */
  batch(topic: string, batch: { [key: string]: Json }[], handlers?: RunHandlers): Run;
  resume(sub: string, after: number, handlers?: RunHandlers): Run;
  status(job: string): Promise<StatusMessage>;
  ping(): Promise<number>;
  request(message: ClientMessage): Promise<ServerMessage>;
}

export function backoffDelay(attempt: number, options: { initialMs: number; maxMs: number }, random?: () => number): number;
