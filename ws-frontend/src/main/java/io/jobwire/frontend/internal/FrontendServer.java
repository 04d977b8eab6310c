package io.jobwire.frontend.internal;

import io.jobwire.broker.JobQueue;
import io.jobwire.broker.Monitor;
import io.jobwire.frontend.Frontend;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.FrontendStats;
import io.jobwire.protocol.ServerMessage;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the parts together and owns their lifecycles.
 *
 * <p>Threads: Undertow's IO threads (frames, {@code ping}, handing work over), {@code
 * jobwire-enqueue} (batched enqueue, {@code subscribed}), {@code jobwire-ingress} (the PULL socket,
 * routing, {@code seq}), {@code jobwire-queue-N} ({@code status}, {@code cancel}).
 */
public final class FrontendServer implements Frontend {
  private static final Logger log = LoggerFactory.getLogger(FrontendServer.class);
  private static final String PATH = "/ws";
  private static final long CLOSE_GRACE_MILLIS = 1_000;

  private final FrontendConfig config;
  private final Counters counters;
  private final SubscriptionRegistry registry;
  private final Set<ClientConnection> connections;
  private final IngressLoop ingress;
  private final QueueCalls calls;
  private final Enqueuer enqueuer;
  private final String replyTo;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Undertow undertow;
  private int httpPort;
  private FrontendMetrics metrics;
  private DashboardFeed feed;

  private FrontendServer(
      FrontendConfig config,
      Counters counters,
      SubscriptionRegistry registry,
      IngressLoop ingress,
      QueueCalls calls,
      Enqueuer enqueuer,
      String replyTo) {
    this.config = config;
    this.counters = counters;
    this.registry = registry;
    this.connections = ConcurrentHashMap.newKeySet();
    this.ingress = ingress;
    this.calls = calls;
    this.enqueuer = enqueuer;
    this.replyTo = replyTo;
  }

  public static Frontend start(FrontendConfig config, JobQueue queue) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(queue, "queue");
    Counters counters = new Counters();
    SubscriptionRegistry registry = new SubscriptionRegistry();
    IngressLoop ingress =
        IngressLoop.start(config.ingressBind(), new IngressRouter(registry, counters));
    String replyTo = config.replyTo() != null ? config.replyTo() : ingress.endpoint();
    if (config.replyTo() == null && replyTo.contains("0.0.0.0")) {
      log.warn(
          "ingress is bound to {} and workers are told to reply there; set replyTo to an"
              + " address they can reach",
          replyTo);
    }
    QueueCalls calls = new QueueCalls(queue);
    Subscriptions subscriptions = new Subscriptions(config, replyTo, registry, calls);
    Enqueuer enqueuer = new Enqueuer(queue, subscriptions);
    subscriptions.useEnqueuer(enqueuer);
    FrontendServer server =
        new FrontendServer(config, counters, registry, ingress, calls, enqueuer, replyTo);
    try {
      enqueuer.start();
      server.listen(subscriptions, queue.monitor());
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    log.info(
        "front end {} listening on {}, ingress {}, reply_to {}",
        config.frontendId(),
        server.webSocketUri(),
        ingress.endpoint(),
        replyTo);
    return server;
  }

  private void listen(Subscriptions subscriptions, Monitor monitor) {
    metrics = new FrontendMetrics(this::stats);
    feed = new DashboardFeed(config.frontendId(), this::stats, monitor, metrics);
    var web = new WebRoutes(metrics, feed, monitor, ingress::alive);
    Authenticator authenticator = Authenticator.of(config.auth());
    RequestHandler handler =
        new RequestHandler(authenticator, subscriptions, new StatusLookup(calls));
    WebSocketEndpoint endpoint =
        new WebSocketEndpoint(
            authenticator, handler, subscriptions, connections, config.maxFrameBytes());
    var handshake =
        new WebSocketProtocolHandshakeHandler(
            List.of(new Hybi13Handshake(Set.of(ServerMessage.PROTOCOL), false)), endpoint);
    undertow =
        Undertow.builder()
            .addHttpListener(config.port(), config.host())
            .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, (int) CLOSE_GRACE_MILLIS)
            .setHandler(Handlers.path(web).addExactPath(PATH, new SubprotocolCheck(handshake)))
            .build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      undertow = null;
      throw new IllegalStateException(
          "cannot listen on "
              + config.host()
              + ":"
              + config.port()
              + " ("
              + (e.getCause() != null ? e.getCause() : e)
              + "); choose another port (0 = any free one)",
          e);
    }
    httpPort = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    feed.start(undertow.getWorker().getIoThread());
  }

  @Override
  public int httpPort() {
    return httpPort;
  }

  @Override
  public URI webSocketUri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create("ws://" + host + ":" + httpPort + PATH);
  }

  @Override
  public String ingressEndpoint() {
    return ingress.endpoint();
  }

  @Override
  public String replyTo() {
    return replyTo;
  }

  @Override
  public String frontendId() {
    return config.frontendId();
  }

  @Override
  public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
    return metrics.registry();
  }

  @Override
  public FrontendStats stats() {
    return new FrontendStats(
        connections.size(),
        registry.size(),
        counters.ingressMessages.sum(),
        counters.ingressMalformed.sum(),
        counters.unknownRoutes.sum(),
        counters.duplicatesDropped.sum(),
        counters.deliveries.sum(),
        counters.overflowDropped.sum());
  }

  /**
   * Says goodbye to every client (1001, going away), which ends their subscriptions and cancels
   * their unfinished jobs, then stops Undertow, the enqueue and ingress threads, and the queue
   * calls (waiting briefly for those cancels).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (feed != null) {
      quietly("stopping jobwire-observer", feed::close);
    }
    if (undertow != null) {
      quietly("closing connections", this::closeConnections);
      quietly("stopping Undertow", undertow::stop);
    }
    quietly("stopping jobwire-enqueue", enqueuer::close);
    quietly("stopping jobwire-ingress", ingress::close);
    quietly("stopping the queue calls", calls::close);
    log.info("front end {} stopped", config.frontendId());
  }

  /** One shutdown step; a failing step must not keep the others from running. */
  private static void quietly(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      log.warn("{} failed during shutdown; carrying on", what, e);
    }
  }

  private void closeConnections() {
    connections.forEach(
        connection -> connection.close(CloseMessage.GOING_AWAY, "front end shutting down"));
    awaitConnectionsClosed();
  }

  private void awaitConnectionsClosed() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MILLIS);
    while (!connections.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
