package io.jobwire.frontend.internal.metrics;

import java.util.concurrent.atomic.LongAdder;

/** The front end's running counters; snapshotted into {@code FrontendStats}. */
public final class Counters {
  public final LongAdder ingressMessages = new LongAdder();
  public final LongAdder ingressMalformed = new LongAdder();
  public final LongAdder unknownRoutes = new LongAdder();
  public final LongAdder duplicatesDropped = new LongAdder();
  public final LongAdder deliveries = new LongAdder();
  public final LongAdder overflowDropped = new LongAdder();
  public final LongAdder slowClientsDisconnected = new LongAdder();
}
