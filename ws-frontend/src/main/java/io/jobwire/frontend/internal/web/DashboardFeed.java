package io.jobwire.frontend.internal.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.frontend.FrontendStats;
import io.jobwire.frontend.internal.lifecycle.ServedTopics;
import io.jobwire.frontend.internal.metrics.FrontendMetrics;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.Monitor;
import io.jobwire.queue.MonitorSnapshot;
import io.jobwire.runtime.NamedThreads;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jobwire-observer} thread: once a second it publishes this front end's counters to
 * Redis, reads the topics live workers serve ({@link ServedTopics}), measures the event-loop lag
 * and, while a dashboard listens (else every few seconds), reads a {@link Monitor} snapshot and
 * sends it to every {@code /dashboard/events} listener. Redis is only ever read here, never on an
 * IO thread.
 */
public final class DashboardFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DashboardFeed.class);
  private static final long IDLE_SNAPSHOT_MILLIS = 5_000;

  private final String frontendId;
  private final Supplier<FrontendStats> stats;
  private final Monitor monitor;
  private final String replyTo;
  private final FrontendMetrics metrics;
  private final ServerSentEventHandler events;
  private final ServedTopics served;
  private final DashboardHistory history = new DashboardHistory();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(new NamedThreads("jobwire-observer"));
  private volatile Executor ioThread;
  private volatile String latest = "{\"error\":\"no snapshot yet\"}";
  private long lastSnapshot;
  private boolean redisDown;

  public DashboardFeed(
      String frontendId,
      String replyTo,
      Supplier<FrontendStats> stats,
      Monitor monitor,
      FrontendMetrics metrics,
      ServedTopics served) {
    this.frontendId = frontendId;
    this.served = served;
    this.replyTo = replyTo;
    this.stats = stats;
    this.monitor = monitor;
    this.metrics = metrics;
    this.events = new ServerSentEventHandler(this::connected);
  }

  /** Starts ticking; {@code io} is an Undertow IO thread whose lag is measured. */
  public void start(Executor io) {
    this.ioThread = io;
    thread.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
    // A subscriber to an unserved topic hears so about a second after subscribing, not two.
    thread.scheduleWithFixedDelay(this::decideWaiting, 100, 100, TimeUnit.MILLISECONDS);
  }

  ServerSentEventHandler events() {
    return events;
  }

  /** The latest dashboard JSON. */
  String latest() {
    return latest;
  }

  private void connected(ServerSentEventConnection connection, String lastEventId) {
    connection.send(latest);
    try {
      thread.execute(this::refresh); // a fresh one right away
    } catch (java.util.concurrent.RejectedExecutionException e) {
      connection.shutdown(); // the front end is closing
    }
  }

  private void tick() {
    try {
      measureLag();
      if (monitor == null) {
        return;
      }
      publish();
      served.update(monitor.served(), System.currentTimeMillis());
      boolean watched = !events.getConnections().isEmpty();
      if (watched || System.currentTimeMillis() - lastSnapshot >= IDLE_SNAPSHOT_MILLIS) {
        refresh();
      }
      if (redisDown) {
        redisDown = false;
        log.info("dashboard feed: Redis is reachable again");
      }
    } catch (RuntimeException e) {
      if (!redisDown) {
        redisDown = true;
        log.warn("dashboard feed: Redis unreachable, the dashboard says so: {}", e.getMessage());
      }
      // Every second, so that an open dashboard shows the outage and hears the feed is alive.
      sendToAll(DashboardJson.unreachable(frontendId, e.getMessage(), System.currentTimeMillis()));
    }
  }

  private void sendToAll(String json) {
    latest = json;
    for (ServerSentEventConnection connection : events.getConnections()) {
      connection.send(json);
    }
  }

  private void decideWaiting() {
    if (monitor == null || redisDown || !served.anyWaiting()) {
      return;
    }
    try {
      served.update(monitor.served(), System.currentTimeMillis());
    } catch (RuntimeException e) {
      log.debug("served topics not read: {}", e.toString());
    }
  }

  private void measureLag() {
    Executor io = ioThread;
    if (io != null) {
      long asked = System.nanoTime();
      io.execute(
          () -> metrics.eventLoopLag.record(System.nanoTime() - asked, TimeUnit.NANOSECONDS));
    }
  }

  private void publish() {
    FrontendStats s = stats.get();
    ObjectNode json = Codec.mapper().createObjectNode();
    json.put("id", frontendId);
    json.put("reply_to", replyTo);
    json.put("connections", s.connections());
    json.put("subscriptions", s.subscriptions());
    json.put("deliveries", s.deliveries());
    json.put("updated", System.currentTimeMillis());
    monitor.publishFrontend(frontendId, Codec.encode(json));
  }

  private void refresh() {
    if (monitor == null) {
      return;
    }
    MonitorSnapshot snapshot = monitor.snapshot();
    lastSnapshot = System.currentTimeMillis();
    history.add(snapshot);
    sendToAll(DashboardJson.of(snapshot, history, frontendId));
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ServerSentEventConnection connection : events.getConnections()) {
      connection.shutdown();
    }
    if (monitor != null) {
      try {
        monitor.forgetFrontend(frontendId);
      } catch (RuntimeException e) {
        log.debug("front end record not removed: {}", e.toString());
      }
      monitor.close();
    }
  }
}
