package io.jobwire.frontend;

/** How the front end decides who a connection is. */
public enum AuthMode {
  /** No authentication: every connection is anonymous ({@code user: null}) and may use every op. */
  NONE,
  /**
   * Single-use connect tokens from a {@link io.jobwire.queue.TokenStore}: {@code ?token=T} on the
   * URL or the {@code auth} op; each token is consumed once, off the IO threads.
   */
  TOKEN,
  /**
   * Signed JWTs (HS256 with the configured secret): {@code sub} is the user, {@code exp} honoured.
   */
  JWT
}
