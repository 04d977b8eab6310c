/**
 * This front end among the others on one Redis: subscription state and history written through
 * ({@link io.jobwire.frontend.internal.cluster.HistoryWriter}), takeovers of subscriptions held
 * elsewhere ({@link io.jobwire.frontend.internal.cluster.Takeovers}), shared topics with one job
 * for every front end ({@link io.jobwire.frontend.internal.cluster.SharedStreams}), the front-end
 * channels ({@link io.jobwire.frontend.internal.cluster.FrontendCluster}) and every Redis key and
 * script of the front end ({@link io.jobwire.frontend.internal.cluster.ClusterStore}).
 *
 * <p>Threads: blocking Redis calls on {@code jobwire-cluster}; the channels heard on {@code
 * jobwire-cluster-events}; one write per turn on {@code jobwire-ingress}; a new subscription's
 * first state built on {@code jobwire-enqueue}, which runs it next to its job. Whatever changes
 * subscriptions is posted to {@code jobwire-ingress}. Never on an IO thread. Built in two halves:
 * {@link io.jobwire.frontend.internal.cluster.ClusterPeers} before the subscriptions, {@link
 * io.jobwire.frontend.internal.cluster.FrontendCluster} after them.
 */
package io.jobwire.frontend.internal.cluster;
