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
      List.of(PingHandler.TOPIC, SysinfoHandler.TOPIC, CommandHandler.TOPIC);

  private ExampleWorkers() {}

  /** {@code ping}, {@code sysinfo} and {@code command} with {@link CommandConfig#defaults()}. */
  public static Worker.Builder register(Worker.Builder builder) {
    return register(builder, CommandConfig.defaults());
  }

  /** {@code ping}, {@code sysinfo} and {@code command} with the given allow-list and limits. */
  public static Worker.Builder register(Worker.Builder builder, CommandConfig commands) {
    return builder
        .handle(PingHandler.TOPIC, new PingHandler())
        .handle(SysinfoHandler.TOPIC, new SysinfoHandler())
        .handle(CommandHandler.TOPIC, new CommandHandler(commands));
  }
}
