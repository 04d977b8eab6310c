/**
 * How the security API works: PEM parsing and SSL contexts ({@code TlsContexts}, {@code PemKeys}),
 * the ZAP handler and its key directory ({@code ZapHandler}, {@code AllowedKeys}) and the count of
 * refused handshakes ({@code Refusals}).
 *
 * <p>Threads: the ZAP handler's thread owns its ZAP socket and writes {@code Refusals}; everything
 * else runs on its caller's thread while a server starts. Used only by {@code io.jobwire.security};
 * no other module may import it.
 */
package io.jobwire.security.internal;
