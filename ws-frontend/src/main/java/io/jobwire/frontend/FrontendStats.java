package io.jobwire.frontend;

/**
 * A snapshot of the front end's counters, taken by {@link Frontend#stats()}.
 *
 * @param connections WebSocket connections open now
 * @param subscriptions subscriptions alive now (pending or active)
 * @param ingressMessages frames received on the ingress PULL socket
 * @param ingressMalformed ingress frames that could not be decoded
 * @param unknownRoutes routed ingress messages whose {@code route.sub} names no live subscription
 * @param duplicatesDropped worker messages dropped as duplicates (same job and worker seq, or after
 *     the job's result)
 * @param deliveries progress, result, failed and event messages handed to connections
 * @param overflowDropped deliveries dropped because too many arrived for a subscription before its
 *     {@code subscribed} could be sent (the client sees a {@code seq} gap)
 * @param slowClientsDisconnected connections cut off because their outgoing buffer overflowed
 */
public record FrontendStats(
    int connections,
    int subscriptions,
    long ingressMessages,
    long ingressMalformed,
    long unknownRoutes,
    long duplicatesDropped,
    long deliveries,
    long overflowDropped,
    long slowClientsDisconnected) {}
