/**
 * How long to wait before reconnect attempt `attempt` (0, 1, 2, …): exponential from
 * `initialMs`, capped at `maxMs`, with "equal jitter" (a random half of it on top of the other
 * half), so a front end that restarts is not hit by every client in the same millisecond.
 */
export function backoffDelay(attempt, { initialMs, maxMs }, random = Math.random) {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
