/**
 * The {@code jobwire-ingress} thread: it alone owns the ZeroMQ PULL socket that workers push to
 * ({@link io.jobwire.frontend.internal.ingress.IngressLoop}), routes each message to its stream and
 * subscriptions ({@link io.jobwire.frontend.internal.ingress.IngressRouter}), and runs what other
 * threads post to its {@link io.jobwire.frontend.internal.ingress.IngressInbox}.
 *
 * <p>Other threads only post and wake. The ingress never calls Redis itself: with other front ends
 * it asks the cluster through {@link io.jobwire.frontend.internal.ingress.ClusterRouting}, whose
 * one write per turn is the only Redis call on this thread.
 */
package io.jobwire.frontend.internal.ingress;
