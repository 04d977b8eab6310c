package io.jobwire.frontend.internal.ingress;

import io.jobwire.protocol.IngressMessage;

/**
 * What the ingress asks of the other front ends on the same Redis (the {@code cluster} package
 * implements it); null when alone. Called on {@code jobwire-ingress} only.
 */
public interface ClusterRouting {

  /**
   * A message for a stream whose subscription is being taken over here waits until it is installed.
   * True when it was kept.
   */
  boolean arriving(IngressMessage.Routed message, byte[] frame);

  /** A message for no local stream: true when it was forwarded (the stream moved). */
  boolean unknownRoute(IngressMessage.Routed message, byte[] frame);

  /** The holder of a shared stream delivered a message; the members elsewhere get it too. */
  void sharedDelivered(byte[] frame);

  /** A {@code publish} received here goes to every other front end. */
  void published(IngressMessage.Publish publish);

  /** After each turn: writes it to Redis, then lets its deliveries out. */
  void endTurn();
}
