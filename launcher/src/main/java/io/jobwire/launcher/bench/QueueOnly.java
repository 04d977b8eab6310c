package io.jobwire.launcher.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerStats;
import io.jobwire.protocol.MessageLimits;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.MonitorSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The queue alone, no WebSocket: jobs go in through {@link JobQueue}, a no-op Java worker runs
 * them. The same workload {@code bench/bullmq/bench.js} puts on BullMQ.
 */
final class QueueOnly {
  private QueueOnly() {}

  /**
   * Enqueues {@code jobs} background jobs in batches of {@code batch} while the worker drains them;
   * jobs/s from the first enqueue until none is left: in process, until the broker has handed out
   * all of them and has none running (its stats: a volatile read, so watching costs nothing); in
   * the production layout, until Redis holds none queued or running (checked every 10 ms). Either
   * way checked once in Redis at the end.
   */
  static double throughput(BenchStack bench, int jobs, int batch, Progress progress) {
    JobQueue queue = bench.queue();
    Broker broker = bench.broker();
    long assignedBefore = broker != null ? broker.stats().assigned() : 0;
    var enqueued = new AtomicLong();
    progress.show(
        () ->
            "queue-only: enqueued "
                + enqueued.get()
                + "/"
                + jobs
                + (broker == null
                    ? ""
                    : ", done "
                        + (broker.stats().assigned() - assignedBefore - broker.stats().running())));
    List<JobRequest> requests = new ArrayList<>(batch);
    var params = JsonNodeFactory.instance.objectNode();
    long start = System.nanoTime();
    for (int sent = 0; sent < jobs; ) {
      requests.clear();
      for (int i = 0; i < batch && sent < jobs; i++, sent++) {
        requests.add(JobRequest.of(BenchWorker.echo(sent % bench.topics()), params));
      }
      queue.enqueue(requests);
      enqueued.set(sent);
    }
    if (broker != null) {
      while (true) {
        BrokerStats stats = broker.stats();
        if (stats.assigned() - assignedBefore >= jobs && stats.running() == 0) {
          break;
        }
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
      }
    } else {
      while (left(queue.monitor().snapshot()) > 0) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
    }
    long elapsed = System.nanoTime() - start;
    long left = left(queue.monitor().snapshot());
    if (left > 0) {
      throw new IllegalStateException(left + " jobs left in Redis after the broker finished");
    }
    return jobs / (elapsed / 1e9);
  }

  /** Echo jobs queued, running or delayed, over every echo topic. */
  private static long left(MonitorSnapshot snapshot) {
    return snapshot.queues().stream()
        .filter(q -> q.topic().startsWith(BenchWorker.ECHO))
        .mapToLong(q -> q.queued() + q.running() + q.delayed())
        .sum();
  }

  /**
   * A steady {@code rate} of single enqueues for {@code seconds} after {@code warmupSeconds}; each
   * job's result comes back to this bench's own PULL socket (its {@code reply_to}). Returns
   * nanoseconds from the intended enqueue time to the result, so a stall is not hidden.
   */
  static Histogram latency(
      JobQueue queue, int rate, int warmupSeconds, int seconds, Progress progress)
      throws InterruptedException {
    var histogram = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    int warmup = rate * warmupSeconds;
    int total = warmup + rate * seconds;
    var received = new AtomicLong();
    progress.show(() -> "queue-only latency: " + received.get() + "/" + total + " results");
    try (var context = new ZContext();
        ZMQ.Socket pull = context.createSocket(SocketType.PULL)) {
      int port = pull.bindToRandomPort("tcp://127.0.0.1");
      String replyTo = "tcp://127.0.0.1:" + port;
      long period = 1_000_000_000L / rate;
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
      Thread sender =
          Thread.ofPlatform()
              .name("jobwire-bench-enqueue")
              .start(
                  () -> {
                    for (int i = 0; i < total; i++) {
                      long intended = start + i * period;
                      Pacer.awaitUntil(intended);
                      var params =
                          JsonNodeFactory.instance.objectNode().put("t", intended).put("i", i);
                      var route = JsonNodeFactory.instance.objectNode().put("sub", "bench-" + i);
                      queue.enqueue(
                          JobRequest.of(BenchWorker.ECHO, params).withReply(replyTo, route));
                    }
                  });
      pull.setReceiveTimeOut(10_000);
      pull.setMaxMsgSize(MessageLimits.DEFAULT_MAX_MESSAGE_BYTES);
      while (received.get() < total) {
        byte[] frame = pull.recv();
        if (frame == null) {
          throw new IllegalStateException(
              "no result for 10 s after "
                  + received.get()
                  + " of "
                  + total
                  + ": is the worker running?");
        }
        long now = System.nanoTime();
        String text = new String(frame, java.nio.charset.StandardCharsets.UTF_8);
        if (!text.contains("\"type\":\"result\"")) {
          continue;
        }
        long t = Frames.longField(text, "t");
        long i = Frames.longField(text, "i");
        if (i >= warmup) {
          histogram.recordValue(Math.max(0, now - t));
        }
        received.incrementAndGet();
      }
      sender.join();
    }
    return histogram;
  }
}
