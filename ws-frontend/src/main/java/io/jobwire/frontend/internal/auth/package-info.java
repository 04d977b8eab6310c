/**
 * Who a client is: connect tokens and JWTs checked at the handshake or with the {@code auth} op
 * ({@link io.jobwire.frontend.internal.auth.Authenticator}, {@link
 * io.jobwire.frontend.internal.auth.Jwt}), the admin key and cookie ({@link
 * io.jobwire.frontend.internal.auth.AdminGuard}) and {@code POST /tokens}.
 *
 * <p>Threads: a JWT is checked at once on the Undertow IO thread (no I/O); consuming a single-use
 * connect token (a Redis call) runs on {@code jobwire-auth-N}, never on an IO thread. Depends on no
 * other internal package.
 */
package io.jobwire.frontend.internal.auth;
