package io.jobwire.launcher.cluster;

import static org.awaitility.Awaitility.await;

import io.jobwire.launcher.cluster.ClusterNode.Role;
import io.jobwire.queue.Monitor;
import io.jobwire.queue.MonitorSnapshot;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.testing.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A jobwire cluster on one machine, as separate processes of the runnable jar: one Redis, and any
 * number of brokers, front ends and worker pools, each on its own loopback address (127.0.0.2,
 * 127.0.0.3, … stand for machines) and ports, each writing {@code
 * target/cluster-logs/TEST/NAME.log}.
 *
 * <pre>{@code
 * try (var cluster = LocalCluster.start("my-test")) {
 *   cluster.broker("b1", "127.0.0.4");
 *   cluster.frontend("fe1", "127.0.0.2", "--topics", "ping");
 *   cluster.workers("p1", List.of("b1"), 8);
 *   cluster.awaitReady();
 *   cluster.kill9("b1");
 *   cluster.restart("b1");
 * }
 * }</pre>
 *
 * <p>Extra arguments per process go after the ones the harness sets (later flags win in picocli),
 * so tests can add {@code --curve-…} or {@code --tls-…} flags.
 */
public final class LocalCluster implements AutoCloseable {
  public static final Duration READY = Duration.ofSeconds(90);

  private final TestRedis redis;
  private final Path logs;
  private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
  private final Monitor monitor;

  /** For readiness only: any certificate will do, the test's own clients check theirs. */
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .sslContext(TrustAll.context())
          .build();

  /** Kills every process if the test JVM ends without {@link #close()} (a timeout, Ctrl-C). */
  private final Thread orphans =
      new Thread(() -> nodes.values().forEach(ClusterNode::destroyNow), "local-cluster-orphans");

  private LocalCluster(TestRedis redis, Path logs) {
    this.redis = redis;
    this.logs = logs;
    this.monitor = Monitor.redis(QueueConfig.builder().redisUri(redis.uri()).build());
    Runtime.getRuntime().addShutdownHook(orphans);
  }

  /** Starts Redis and empties {@code target/cluster-logs/TEST}. */
  public static LocalCluster start(String test) {
    Path logs = Path.of("target", "cluster-logs", test).toAbsolutePath();
    try {
      if (Files.isDirectory(logs)) {
        try (Stream<Path> old = Files.list(logs)) {
          for (Path file : old.toList()) {
            Files.delete(file);
          }
        }
      }
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LocalCluster(TestRedis.start(), logs);
  }

  /** {@link #twoOfEach(String, int, ExtraArgs)} with extra flags for the front ends only. */
  public static LocalCluster twoOfEach(String test, int capacity, String... frontendArgs) {
    return twoOfEach(test, capacity, ExtraArgs.none().frontends(frontendArgs));
  }

  /**
   * The layout of docs/deployment.md, started and ready: brokers b1 (127.0.0.4) and b2 (.5), front
   * ends fe1 (.2) and fe2 (.3), worker pools p1 and p2 connected to both brokers, {@code capacity}
   * each, logging every job's start and end (see {@link JobRuns}); each role with its {@code extra}
   * flags.
   */
  public static LocalCluster twoOfEach(String test, int capacity, ExtraArgs extra) {
    LocalCluster cluster = start(test);
    try {
      String[] brokers = extra.brokers().toArray(String[]::new);
      String[] frontends = extra.frontends().toArray(String[]::new);
      List<String> workers = new ArrayList<>(List.of("--log-level", "debug"));
      workers.addAll(extra.workers());
      cluster.broker("b1", "127.0.0.4", brokers);
      cluster.broker("b2", "127.0.0.5", brokers);
      cluster.frontend("fe1", "127.0.0.2", frontends);
      cluster.frontend("fe2", "127.0.0.3", frontends);
      cluster.workers("p1", List.of("b1", "b2"), capacity, workers.toArray(String[]::new));
      cluster.workers("p2", List.of("b1", "b2"), capacity, workers.toArray(String[]::new));
      cluster.awaitReady();
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  public String redisUri() {
    return redis.uri();
  }

  public Path logs() {
    return logs;
  }

  /** Starts a broker on {@code host}: ROUTER and {@code --http-port} on free ports. */
  public ClusterNode broker(String name, String host, String... extra) {
    int zmq = freePort();
    int httpPort = freePort();
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--redis", redis.uri(), "--bind", "tcp://" + host + ":" + zmq));
    args.addAll(List.of("--http-host", host, "--http-port", String.valueOf(httpPort)));
    args.addAll(List.of(extra));
    return add(name, Role.BROKER, host, Map.of("zmq", zmq, "http", httpPort), args);
  }

  /**
   * Starts a front end on {@code host} with {@code --auth none} and any topic, named {@code name}
   * ({@code --id}); its ingress advertises {@code host} as {@code --reply-to}.
   */
  public ClusterNode frontend(String name, String host, String... extra) {
    int httpPort = freePort();
    int ingress = freePort();
    String endpoint = "tcp://" + host + ":" + ingress;
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--redis", redis.uri(), "--id", name, "--auth", "none"));
    args.addAll(List.of("--host", host, "--port", String.valueOf(httpPort)));
    args.addAll(List.of("--ingress", endpoint, "--reply-to", endpoint));
    args.addAll(List.of(extra));
    return add(name, Role.FRONTEND, host, Map.of("http", httpPort, "ingress", ingress), args);
  }

  /**
   * Starts a pool of the example workers with worker id {@code name}, connected to the named
   * brokers ({@code --broker} gets their endpoints, comma-separated).
   */
  public ClusterNode workers(String name, List<String> brokers, int capacity, String... extra) {
    String endpoints = String.join(",", brokers.stream().map(b -> node(b).zmqEndpoint()).toList());
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--broker", endpoints, "--worker-id", name));
    args.addAll(List.of("--capacity", String.valueOf(capacity)));
    args.addAll(List.of(extra));
    return add(name, Role.WORKERS, "127.0.0.1", Map.of(), args);
  }

  public ClusterNode node(String name) {
    ClusterNode node = nodes.get(name);
    if (node == null) {
      throw new IllegalArgumentException("no node " + name + "; there are " + nodes.keySet());
    }
    return node;
  }

  public Collection<ClusterNode> nodes() {
    return List.copyOf(nodes.values());
  }

  /** Waits until every running node is ready (see {@link #awaitReady(String)}). */
  public void awaitReady() {
    nodes.values().stream()
        .filter(ClusterNode::alive)
        .sorted(Comparator.comparing(ClusterNode::role)) // workers join only a ready broker
        .forEach(node -> awaitReady(node.name()));
  }

  /**
   * Waits until the node is ready: a front end's {@code /health/ready} and a broker's answer 200; a
   * worker pool is in the registry its brokers publish to Redis (what {@code jobwire status}
   * shows). Fails at once, with the end of its log, when the process died.
   */
  public void awaitReady(String name) {
    ClusterNode node = node(name);
    try {
      await()
          .atMost(READY)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!node.alive()) {
                  throw new IllegalStateException(name + " died");
                }
                return switch (node.role()) {
                  case FRONTEND, BROKER -> ready(node.httpBase() + "/health/ready");
                  case WORKERS -> joined(name);
                };
              });
    } catch (ConditionTimeoutException | IllegalStateException e) {
      throw new AssertionError(
          "%s not ready: %s; its log %s ends with:%n%s"
              .formatted(name, e.getMessage(), node.log(), node.tail(30)),
          e);
    }
  }

  /** What the brokers last published about workers, brokers and front ends. */
  public MonitorSnapshot snapshot() {
    return monitor.snapshot();
  }

  /** kill -9 (SIGKILL, checked): the process gets no chance to say goodbye. */
  public void kill9(String name) throws InterruptedException {
    node(name).kill9();
  }

  /** SIGTERM, as systemd stops a service; SIGKILL after 15 s. */
  public int stop(String name) throws InterruptedException {
    return node(name).stop(15);
  }

  /** Starts the node again with the same address, ports and arguments; waits until ready. */
  public void restart(String name) throws InterruptedException {
    ClusterNode node = node(name);
    if (node.alive()) {
      node.stop(15);
    }
    node.start();
    awaitReady(name);
  }

  /** Stops every process (workers first, then brokers, then front ends), then Redis. */
  @Override
  public void close() {
    List<ClusterNode> order =
        nodes.values().stream().sorted(Comparator.comparing(ClusterNode::role).reversed()).toList();
    for (ClusterNode node : order) {
      try {
        node.stop(15);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    monitor.close();
    redis.close();
    Runtime.getRuntime().removeShutdownHook(orphans);
    System.out.println("[cluster] logs of every process: " + logs);
  }

  private ClusterNode add(
      String name, Role role, String host, Map<String, Integer> ports, List<String> args) {
    if (nodes.containsKey(name)) {
      throw new IllegalArgumentException("there is already a node " + name);
    }
    var node = new ClusterNode(name, role, host, ports, args, logs.resolve(name + ".log"));
    nodes.put(name, node);
    node.start();
    return node;
  }

  private boolean ready(String url) {
    try {
      var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean joined(String worker) {
    try {
      return monitor.snapshot().workers().stream().anyMatch(w -> w.id().equals(worker));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
