package io.jobwire.launcher;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.launcher.service.LocalStack;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.testing.TestRedis;
import io.jobwire.worker.Worker;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's whole stack, as {@code jobwire demo} runs it: a real Redis ({@link TestRedis}) and
 * a {@link LocalStack} (broker, front end, workers) on free loopback ports, started before the
 * class's tests and closed after them:
 *
 * <pre>{@code
 * @RegisterExtension static final StackExtension stack = StackExtension.examples(2);
 * ... WsClient.connect(stack.webSocketUrl()) ... stack.get().queue() ...
 * }</pre>
 */
final class StackExtension implements BeforeAllCallback, AfterAllCallback {
  private final Function<String, Worker> workers;
  private UnaryOperator<BrokerConfig.Builder> broker = UnaryOperator.identity();
  private UnaryOperator<FrontendConfig.Builder> frontend = UnaryOperator.identity();
  private TestRedis redis;
  private LocalStack stack;

  private StackExtension(Function<String, Worker> workers) {
    this.workers = workers;
  }

  /** The example workers (ping, upper, count, ...) with this capacity. */
  static StackExtension examples(int capacity) {
    return new StackExtension(WorkerOptions.examples(capacity));
  }

  /** These workers, given the broker's endpoint; null for none. */
  static StackExtension workers(Function<String, Worker> workers) {
    return new StackExtension(workers);
  }

  /** Changes the front end's config (free ports already set). */
  StackExtension frontend(UnaryOperator<FrontendConfig.Builder> change) {
    this.frontend = change;
    return this;
  }

  /** Changes the broker's config (a free port already set). */
  StackExtension broker(UnaryOperator<BrokerConfig.Builder> change) {
    this.broker = change;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    redis = TestRedis.start();
    stack =
        LocalStack.start(
            redis.uri(),
            broker.apply(BrokerConfig.builder().bind("tcp://127.0.0.1:*")),
            frontend
                .apply(FrontendConfig.builder().port(0).ingressBind("tcp://127.0.0.1:*"))
                .build(),
            workers);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (stack != null) {
      stack.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  LocalStack get() {
    return stack;
  }

  TestRedis redis() {
    return redis;
  }

  String redisUri() {
    return redis.uri();
  }

  /** The job's state as the queue reports it, null while it has none. */
  JobState stateOf(String job) {
    return stack.queue().status(job).map(JobStatus::state).orElse(null);
  }

  /** The front end's {@code ws://127.0.0.1:PORT/ws} ({@code wss://} under TLS). */
  String webSocketUrl() {
    return stack.webSocketUrl("127.0.0.1");
  }
}
