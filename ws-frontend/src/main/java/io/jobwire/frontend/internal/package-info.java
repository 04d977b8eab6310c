/**
 * The front end's implementation. {@link io.jobwire.frontend.internal.FrontendServer} is the
 * composition root: it alone builds the parts of the packages below, each through its constructor,
 * starts their threads and stops them. It depends on every sub-package; none depends on it.
 *
 * <p>Packages, lowest first (each may use those before it, never one after): {@code connection},
 * {@code auth}, {@code metrics}, {@code resume}, {@code subscription}, {@code enqueue}, {@code
 * lifecycle}, {@code ingress}, {@code cluster}, {@code requests}, {@code wamp}, {@code websocket},
 * {@code web}. Where a lower package must reach a higher one, it declares an interface that the
 * higher one implements ({@code lifecycle.Peers}, {@code ingress.ClusterRouting}, {@code
 * subscription.WriteThrough}).
 */
package io.jobwire.frontend.internal;
