/**
 * The WebSocket door: the handshake checks (origin, token, slots, subprotocol: {@link
 * io.jobwire.frontend.internal.websocket.HandshakeGuard}, {@link
 * io.jobwire.frontend.internal.websocket.SubprotocolCheck}) and the endpoint that opens and closes
 * connections in the client's dialect ({@link
 * io.jobwire.frontend.internal.websocket.WebSocketEndpoint}).
 *
 * <p>Threads: Undertow IO threads (the handshake's token check on {@code jobwire-auth-N}). Never
 * blocks, never calls Redis.
 */
package io.jobwire.frontend.internal.websocket;
