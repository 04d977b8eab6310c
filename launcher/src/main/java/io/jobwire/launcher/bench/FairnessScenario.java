package io.jobwire.launcher.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jobwire.protocol.MessageLimits;
import io.jobwire.queue.JobRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Fair sharing between users (docs/scheduling.md): user {@code a} queues a backlog, then user
 * {@code b} a few jobs; how soon all of b's have run, in jobs and in time.
 */
@Command(
    name = "fairness",
    mixinStandardHelpOptions = true,
    description = {
      "How soon a second user's jobs run behind a first user's backlog (fair sharing).",
      "",
      "User a enqueues --backlog no-op jobs in one call, then user b enqueues --jobs. Every"
          + " result comes back to this bench's own socket, in the order the jobs ran. Shows how"
          + " many jobs ran between b's enqueue and b's last result, and how long that took; then"
          + " waits for a's backlog to finish."
    })
final class FairnessScenario implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Spec CommandSpec spec;

  @Option(
      names = "--backlog",
      defaultValue = "${env:JOBWIRE_BENCH_BACKLOG:-10000}",
      description = "User a's jobs (env JOBWIRE_BENCH_BACKLOG; default ${DEFAULT-VALUE}).")
  int backlog;

  @Option(
      names = "--jobs",
      defaultValue = "${env:JOBWIRE_BENCH_JOBS:-10}",
      description = "User b's jobs (env JOBWIRE_BENCH_JOBS; default ${DEFAULT-VALUE}).")
  int jobs;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    var report = new Report("fairness");
    try (var bench = BenchStack.start(stack, stack.capacity);
        var progress = Progress.start("fairness");
        var context = new ZContext();
        ZMQ.Socket pull = context.createSocket(SocketType.PULL)) {
      bench.describe(report).setting("backlog", backlog).setting("jobs", jobs);
      report.setting("capacity", stack.capacity);
      pull.setReceiveTimeOut(10_000);
      pull.setMaxMsgSize(MessageLimits.DEFAULT_MAX_MESSAGE_BYTES);
      String replyTo = "tcp://127.0.0.1:" + pull.bindToRandomPort("tcp://127.0.0.1");
      int[] received = {0};
      progress.show(() -> "fairness: " + received[0] + "/" + (backlog + jobs) + " results");

      bench.queue().enqueue(requests("a", backlog, replyTo));
      long enqueued = System.nanoTime();
      bench.queue().enqueue(requests("b", jobs, replyTo));
      int beforeB = -1;
      int ofB = 0;
      int lastOfB = 0;
      long lastOfBNanos = 0;
      while (received[0] < backlog + jobs) {
        byte[] frame = pull.recv();
        if (frame == null) {
          throw new IllegalStateException("no result for 10 s after " + received[0]);
        }
        String text = new String(frame, StandardCharsets.UTF_8);
        if (!text.contains("\"type\":\"result\"")) {
          continue;
        }
        received[0]++;
        if (Frames.longField(text, "b") == 1) {
          ofB++;
          if (beforeB < 0) {
            beforeB = received[0] - 1;
          }
          if (ofB == jobs) {
            lastOfB = received[0];
            lastOfBNanos = System.nanoTime();
          }
        }
      }
      report.figure("b's enqueue to b's last result", (lastOfBNanos - enqueued) / 1e6, "ms");
      report.figure("results before b's first (all a's)", beforeB, "jobs");
      report.figure("results from b's first to b's last", lastOfB - beforeB, "jobs");
      report.figure("a's jobs not yet done then", backlog + jobs - lastOfB, "jobs");
    }
    report.print(spec.commandLine().getOut(), stack.json);
    return 0;
  }

  private static List<JobRequest> requests(String user, int n, String replyTo) {
    List<JobRequest> requests = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      var params = JsonNodeFactory.instance.objectNode().put("b", user.equals("b") ? 1 : 0);
      var route = JsonNodeFactory.instance.objectNode().put("sub", "fair-" + user + "-" + i);
      requests.add(
          JobRequest.of(BenchWorker.ECHO, params).withUser(user).withReply(replyTo, route));
    }
    return requests;
  }
}
