package io.jobwire.workers;

import io.jobwire.worker.JobHandler;
import io.jobwire.worker.Worker;
import java.util.Collection;
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
    return register(builder, commands, TOPICS);
  }

  /**
   * Only {@code topics} (a subset of {@link #TOPICS}).
   *
   * @throws IllegalArgumentException naming a topic that is not an example topic
   */
  public static Worker.Builder register(
      Worker.Builder builder, CommandConfig commands, Collection<String> topics) {
    for (String topic : topics) {
      JobHandler handler =
          switch (topic) {
            case PingHandler.TOPIC -> new PingHandler();
            case SysinfoHandler.TOPIC -> new SysinfoHandler();
            case CommandHandler.TOPIC -> new CommandHandler(commands);
            case UpperHandler.TOPIC -> new UpperHandler();
            case CountHandler.TOPIC -> new CountHandler();
            case FailHandler.TOPIC -> new FailHandler();
            default ->
                throw new IllegalArgumentException(
                    "no example topic '" + topic + "'; the topics are " + String.join(",", TOPICS));
          };
      builder.handle(topic, handler);
    }
    return builder;
  }
}
