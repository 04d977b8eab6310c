/**
 * WAMP v2 ({@code wamp.2.json}) on the same WebSocket port: the client's messages as records
 * ({@link io.jobwire.frontend.internal.wamp.WampMessage}), decoded and validated in one place
 * ({@link io.jobwire.frontend.internal.wamp.WampDecoder}), the router's replies ({@link
 * io.jobwire.frontend.internal.wamp.WampReply}) and the URI rules ({@link
 * io.jobwire.frontend.internal.wamp.WampUris}) are pure functions of their input; {@link
 * io.jobwire.frontend.internal.wamp.WampSession} translates a session onto jobwire subscriptions (a
 * CALL is a one-shot subscription, a SUBSCRIBE hears {@code publish}).
 *
 * <p>Threads: a session's frames on its Undertow IO thread; deliveries from whichever thread sends
 * (only queued). A WAMP {@code PUBLISH} is handed to {@code jobwire-ingress}. Never blocks, never
 * calls Redis.
 */
package io.jobwire.frontend.internal.wamp;
