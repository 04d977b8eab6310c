package io.jobwire.launcher;

import io.jobwire.broker.JobQueue;
import io.jobwire.broker.JobRequest;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobwire enqueue}: put a background job on the queue and print its id. */
@Command(
    name = "enqueue",
    mixinStandardHelpOptions = true,
    description = {
      "Put a background job on the queue (nobody subscribes to it) and print its id.",
      "  jobwire enqueue --topic ping --params '{\"count\":2}'"
    })
final class EnqueueCommand implements Callable<Integer> {

  @Mixin RedisOption redis;

  @Option(names = "--topic", required = true, paramLabel = "T", description = "The job's topic.")
  String topic;

  @Option(
      names = "--params",
      defaultValue = "{}",
      paramLabel = "JSON",
      description = "The job's params, a JSON object (default ${DEFAULT-VALUE}).")
  String params;

  @Option(
      names = "--max-attempts",
      defaultValue = "0",
      paramLabel = "N",
      description = "How often it may run before it goes to the dead letters (0 = the default).")
  int maxAttempts;

  @Override
  public Integer call() {
    JobRequest request;
    try {
      var json = Codec.parse(params);
      if (!json.isObject()) {
        System.err.println("--params must be a JSON object");
        return 2;
      }
      request = JobRequest.of(topic, json).withMaxAttempts(maxAttempts);
    } catch (ProtocolException e) {
      System.err.println("--params is not valid JSON: " + e.getMessage());
      return 2;
    }
    try (JobQueue queue = JobQueue.redis(redis.uri)) {
      System.out.println(queue.enqueue(request));
    }
    return 0;
  }
}
