// jobwire's JavaScript client: one WebSocket, runs that resume across reconnects.
export { Client, DEFAULTS } from "./client.js";
export { Run } from "./run.js";
export { JobwireError } from "./errors.js";
export { backoffDelay } from "./backoff.js";
