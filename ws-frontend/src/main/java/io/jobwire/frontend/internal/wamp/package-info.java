/**
 * WAMP v2 ({@code wamp.2.json}) spelled in Java: the client's messages as records ({@link
 * io.jobwire.frontend.internal.wamp.WampMessage}), decoded and validated in one place ({@link
 * io.jobwire.frontend.internal.wamp.WampDecoder}), the router's replies ({@link
 * io.jobwire.frontend.internal.wamp.WampReply}) and the URI rules ({@link
 * io.jobwire.frontend.internal.wamp.WampUris}). Pure functions of their input, no jobwire state:
 * the translation onto jobwire subscriptions lives in {@code WampSession} next to them. Runs on
 * whichever thread calls it.
 */
package io.jobwire.frontend.internal.wamp;
