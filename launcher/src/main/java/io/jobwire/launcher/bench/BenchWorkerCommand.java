package io.jobwire.launcher.bench;

import io.jobwire.worker.Worker;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench worker}: the bench's no-op {@link BenchWorker} in a process of its own, for the
 * production layout; runs until SIGTERM, like {@code jobwire workers}.
 */
@Command(
    name = "worker",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "The bench's no-op worker alone (used by the production layout).")
final class BenchWorkerCommand implements Callable<Integer> {
  @Option(
      names = "--broker",
      required = true,
      defaultValue = "${env:JOBWIRE_BROKER}",
      description = "The broker's endpoint (env JOBWIRE_BROKER).")
  String broker;

  @Option(
      names = "--capacity",
      defaultValue = "${env:JOBWIRE_BENCH_CAPACITY:-50}",
      description = "Jobs run at once (env JOBWIRE_BENCH_CAPACITY; default ${DEFAULT-VALUE}).")
  int capacity;

  @Option(
      names = "--topics",
      defaultValue = "${env:JOBWIRE_BENCH_TOPICS:-1}",
      description = "Echo topics served (env JOBWIRE_BENCH_TOPICS; default ${DEFAULT-VALUE}).")
  int topics;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    var stopped = new CountDownLatch(1);
    Worker worker = BenchWorker.build(broker, capacity, topics);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  stopped.countDown();
                },
                "bench-worker-stop"));
    worker.start();
    stopped.await();
    return 0;
  }
}
