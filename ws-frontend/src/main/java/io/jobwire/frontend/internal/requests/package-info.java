/**
 * Answers a client's {@code jobwire.v1} messages ({@link
 * io.jobwire.frontend.internal.requests.RequestHandler}): {@code ping} right here, {@code auth},
 * {@code subscribe}, {@code unsubscribe}, and {@code status} ({@link
 * io.jobwire.frontend.internal.requests.StatusLookup}); a resume of a subscription held by another
 * front end becomes a takeover.
 *
 * <p>Threads: Undertow IO threads; whatever needs Redis is handed to another thread. Never blocks.
 */
package io.jobwire.frontend.internal.requests;
