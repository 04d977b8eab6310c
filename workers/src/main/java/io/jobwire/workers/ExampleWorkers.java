package io.jobwire.workers;

import io.jobwire.worker.Worker;
import java.util.List;

/**
 * Registers the example topics on a worker:
 *
 * <pre>{@code
 * try (Worker worker = ExampleWorkers.register(Worker.builder().broker(endpoint)).build()) {
 *   worker.closeOnShutdown().start();
 *   worker.awaitTermination();
 * }
 * }</pre>
 */
public final class ExampleWorkers {
  /** The topics {@link #register} adds. */
  public static final List<String> TOPICS =
      List.of(
          PingHandler.TOPIC,
          SysinfoHandler.TOPIC,
          CommandHandler.TOPIC,
          UpperHandler.TOPIC,
          CountHandler.TOPIC,
          FailHandler.TOPIC);

  private ExampleWorkers() {}

  /**
   * {@code ping}, {@code sysinfo} and {@code command} with {@link CommandConfig#defaults()}, plus
   * the conformance topics {@code upper}, {@code count} and {@code fail}.
   */
  public static Worker.Builder register(Worker.Builder builder) {
    return register(builder, CommandConfig.defaults());
  }

  /** The same, with the given allow-list and limits for {@code command}. */
  public static Worker.Builder register(Worker.Builder builder, CommandConfig commands) {
    return builder
        .handle(PingHandler.TOPIC, new PingHandler())
        .handle(SysinfoHandler.TOPIC, new SysinfoHandler())
        .handle(CommandHandler.TOPIC, new CommandHandler(commands))
        .handle(UpperHandler.TOPIC, new UpperHandler())
        .handle(CountHandler.TOPIC, new CountHandler())
        .handle(FailHandler.TOPIC, new FailHandler());
  }
}
