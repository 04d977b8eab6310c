/**
 * Security that both services use: TLS for HTTPS and WSS ({@link io.jobwire.security.TlsConfig}),
 * ZeroMQ CURVE keys and key files ({@link io.jobwire.security.CurveKeys}, {@link
 * io.jobwire.security.CurveConfig}) and the ZAP handler that admits CURVE clients ({@link
 * io.jobwire.security.CurveServer}).
 *
 * <p>Threads: configs are immutable and used on any thread; a {@code CurveServer} runs its ZAP
 * handler on a thread of its own ({@code jobwire-broker-zap}, {@code jobwire-ingress-zap}). Depends
 * on {@code runtime}, JeroMQ, SLF4J and Micrometer: never on the queue, the broker or the front
 * end. Implementation in {@code internal}.
 */
package io.jobwire.security;
