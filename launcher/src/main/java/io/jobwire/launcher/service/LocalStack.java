package io.jobwire.launcher.service;

import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.frontend.Frontend;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.launcher.cli.AwaitShutdown;
import io.jobwire.queue.JobQueue;
import io.jobwire.worker.Worker;
import java.io.IOException;
import java.util.function.Function;

/**
 * Every part of jobwire in one process: what {@code demo} and {@code bench} run. Parts close in the
 * reverse order they started, workers first so they drain while the rest still listens.
 */
public final class LocalStack implements AutoCloseable {
  private final AwaitShutdown parts = new AwaitShutdown();
  private String redisUri;
  private Broker broker;
  private Frontend frontend;
  private JobQueue queue;

  private LocalStack() {}

  /**
   * Starts Redis (embedded on a free loopback port, unless {@code redisUri} is given: never on
   * 6379, where a developer's own Redis may live), the broker, the front end and a worker built by
   * {@code workers} from the broker's endpoint (none when {@code workers} is null).
   */
  public static LocalStack start(
      String redisUri,
      BrokerConfig.Builder brokerConfig,
      FrontendConfig frontendConfig,
      Function<String, Worker> workers)
      throws IOException {
    var stack = new LocalStack();
    try {
      stack.redisUri = redisUri != null ? redisUri : stack.parts.own(EmbeddedRedis.start(0)).uri();
      stack.broker = stack.parts.own(Broker.start(brokerConfig.redisUri(stack.redisUri).build()));
      stack.queue = stack.parts.own(JobQueue.redis(stack.redisUri));
      stack.frontend = stack.parts.own(Frontend.start(frontendConfig, stack.queue));
      if (workers != null) {
        stack.parts.own(workers.apply(stack.broker.endpoint())).start();
      }
      return stack;
    } catch (IOException | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  /** Registers another part to close with the stack (before the parts started earlier). */
  <T extends AutoCloseable> T own(T part) {
    return parts.own(part);
  }

  /** The Redis the stack uses: the one given, or the embedded one it started. */
  public String redisUri() {
    return redisUri;
  }

  public Broker broker() {
    return broker;
  }

  public Frontend frontend() {
    return frontend;
  }

  public JobQueue queue() {
    return queue;
  }

  /** {@code ws://HOST:PORT/ws} of the front end ({@code wss://} under TLS). */
  public String webSocketUrl(String host) {
    return frontend.webSocketUri().getScheme() + "://" + host + ":" + frontend.httpPort() + "/ws";
  }

  /** Blocks until Ctrl-C or SIGTERM, then closes everything. */
  void awaitShutdown() throws InterruptedException {
    parts.await();
  }

  @Override
  public void close() {
    parts.closeAll();
  }
}
