package io.jobwire.frontend.internal.web;

import io.jobwire.frontend.internal.auth.AdminGuard;
import io.jobwire.frontend.internal.metrics.FrontendMetrics;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.Monitor;
import io.jobwire.runtime.Health;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP path but {@code /ws}: the demo page ({@code /}, on the JavaScript client served as
 * {@code /jobwire.js}, built by {@code clients/js}), the dashboard ({@code /dashboard}, live over
 * {@code /dashboard/events}), {@code /metrics} and the health checks. Every {@code /dashboard} path
 * needs the admin key ({@link AdminGuard}); {@code /metrics} and {@code /health/*} stay open for
 * scrapers and load balancers. Anything that touches Redis or takes time is dispatched to
 * Undertow's worker threads, off the IO thread.
 */
public final class WebRoutes implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(WebRoutes.class);
  private static final String ROOT = "/io/jobwire/frontend/web/";
  private static final Map<String, String> PAGES =
      Map.of(
          "/", "index.html",
          "/index.html", "index.html",
          "/app.js", "app.js",
          "/jobwire.js", "jobwire.js",
          "/style.css", "style.css",
          "/dashboard", "dashboard.html",
          "/dashboard/", "dashboard.html",
          "/dashboard.js", "dashboard.js");

  private final Map<String, byte[]> files = new HashMap<>();
  private final FrontendMetrics metrics;
  private final DashboardFeed feed;
  private final Monitor monitor;
  private final BooleanSupplier ingressUp;
  private final BooleanSupplier enqueueUp;
  private final AdminGuard admin;

  public WebRoutes(
      FrontendMetrics metrics,
      DashboardFeed feed,
      Monitor monitor,
      BooleanSupplier ingressUp,
      BooleanSupplier enqueueUp,
      AdminGuard admin) {
    this.enqueueUp = enqueueUp;
    this.admin = admin;
    this.metrics = metrics;
    this.feed = feed;
    this.monitor = monitor;
    this.ingressUp = ingressUp;
    PAGES.values().forEach(name -> files.put(name, read(name)));
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRelativePath().isEmpty() ? "/" : exchange.getRelativePath();
    if (path.startsWith("/dashboard") && !admin.admits(exchange)) {
      return;
    }
    switch (path) {
      case "/dashboard/events" -> feed.events().handleRequest(exchange);
      case "/dashboard/snapshot" -> send(exchange, 200, "application/json", feed.latest());
      case "/dashboard/retry" -> blocking(exchange, this::retry);
      case "/dashboard/pause", "/dashboard/resume", "/dashboard/cancel", "/dashboard/run" ->
          blocking(exchange, x -> control(x, path.substring("/dashboard/".length())));
      case "/metrics" ->
          blocking(
              exchange,
              x ->
                  send(
                      x,
                      200,
                      "text/plain; version=0.0.4; charset=utf-8",
                      metrics.registry.scrape()));
      case "/health/live" -> send(exchange, 200, "application/json", Health.live().toJson());
      case "/health/ready" -> blocking(exchange, this::ready);
      default -> page(exchange, PAGES.get(path));
    }
  }

  private void page(HttpServerExchange exchange, String name) {
    if (name == null) {
      send(exchange, 404, "text/plain", "not found; try / or /dashboard");
      return;
    }
    String type =
        name.endsWith(".js")
            ? "text/javascript; charset=utf-8"
            : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
    exchange.getResponseSender().send(ByteBuffer.wrap(files.get(name)));
  }

  private void ready(HttpServerExchange exchange) {
    boolean redis = monitor != null && monitor.ping();
    Health health =
        new Health(
            Map.of(
                "redis",
                redis,
                "ingress",
                ingressUp.getAsBoolean(),
                "enqueue",
                enqueueUp.getAsBoolean()));
    send(exchange, health.httpStatus(), "application/json", health.toJson());
  }

  private void retry(HttpServerExchange exchange) {
    Deque<String> job = exchange.getQueryParameters().get("job");
    if (!exchange.getRequestMethod().equals(Methods.POST) || job == null || monitor == null) {
      send(exchange, StatusCodes.BAD_REQUEST, "application/json", "{\"error\":\"POST ?job=ID\"}");
      return;
    }
    boolean retried = monitor.retryDead(job.getFirst());
    log.info(
        "job={} retry from the dashboard: {}", job.getFirst(), retried ? "queued" : "not dead");
    send(exchange, 200, "application/json", "{\"retried\":" + retried + "}");
  }

  /**
   * The dashboard's controls: {@code POST pause|resume ?topic=T}, {@code POST cancel ?job=ID} (its
   * subscribers get {@code failed}/{@code cancelled}), {@code POST run ?schedule=NAME}. Answers
   * {@code {"done": bool}}, plus {@code job} for a run.
   */
  private void control(HttpServerExchange exchange, String action) {
    String param =
        switch (action) {
          case "cancel" -> "job";
          case "run" -> "schedule";
          default -> "topic";
        };
    Deque<String> value = exchange.getQueryParameters().get(param);
    if (!exchange.getRequestMethod().equals(Methods.POST) || value == null || monitor == null) {
      send(
          exchange,
          StatusCodes.BAD_REQUEST,
          "application/json",
          "{\"error\":\"POST ?" + param + "=...\"}");
      return;
    }
    String name = value.getFirst();
    String job = null;
    boolean done =
        switch (action) {
          case "pause" -> monitor.pause(name);
          case "resume" -> monitor.resume(name);
          case "cancel" -> monitor.cancel(name);
          default -> (job = monitor.runSchedule(name).orElse(null)) != null;
        };
    log.info("{}={} {} from the dashboard: {}", param, name, action, done ? "done" : "no change");
    var body = Codec.mapper().createObjectNode().put("done", done);
    if (job != null) {
      body.put("job", job);
    }
    send(exchange, 200, "application/json", Codec.encode(body));
  }

  /** Runs {@code work} on a worker thread (it may block on Redis). */
  private static void blocking(HttpServerExchange exchange, Consumer<HttpServerExchange> work) {
    exchange.dispatch(
        () -> {
          try {
            work.accept(exchange);
          } catch (RuntimeException e) {
            send(exchange, 503, "application/json", "{\"error\":\"unavailable\"}");
          }
        });
  }

  private static void send(HttpServerExchange exchange, int status, String type, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
    exchange.getResponseSender().send(body);
  }

  private static byte[] read(String name) {
    try (InputStream in = WebRoutes.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + ROOT + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
