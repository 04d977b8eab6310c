package io.jobwire.worker;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.WorkerMessage;
import io.jobwire.worker.testing.TestJobs;
import java.util.Arrays;
import java.util.Map;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Measures a no-op job's round trip (job out of a ROUTER → worker → done back), the cost the
 * worker's wake-up pipe keeps small. Not a test: run its {@code main} by hand.
 */
public final class WorkerRoundTripBench {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    try (ZContext context = new ZContext(1)) {
      ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
      String endpoint = "tcp://127.0.0.1:" + router.bindToRandomPort("tcp://127.0.0.1");
      try (Worker worker = Worker.builder().broker(endpoint).handle("noop", job -> null).build()) {
        worker.start();
        byte[] identity = router.recv();
        router.recv(); // ready
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
          long start = System.nanoTime();
          router.sendMore(identity);
          router.send(Codec.encodeBytes(TestJobs.job("j-" + i, "noop", Map.of(), null)));
          while (true) {
            router.recv(); // identity
            if (Codec.decodeWorker(router.recv()) instanceof WorkerMessage.Done) {
              break;
            }
          }
          nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(
            "%d no-op jobs: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms%n",
            rounds,
            nanos[rounds / 2] / 1e6,
            nanos[rounds * 9 / 10] / 1e6,
            nanos[rounds * 99 / 100] / 1e6);
      }
    }
  }
}
