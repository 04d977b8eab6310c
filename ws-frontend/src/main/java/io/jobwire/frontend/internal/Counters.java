package io.jobwire.frontend.internal;

import java.util.concurrent.atomic.LongAdder;

/** The front end's running counters; snapshotted into {@code FrontendStats}. */
final class Counters {
  final LongAdder ingressMessages = new LongAdder();
  final LongAdder ingressMalformed = new LongAdder();
  final LongAdder unknownRoutes = new LongAdder();
  final LongAdder duplicatesDropped = new LongAdder();
  final LongAdder deliveries = new LongAdder();
  final LongAdder overflowDropped = new LongAdder();
  final LongAdder slowClientsDisconnected = new LongAdder();
}
