package io.jobwire.launcher.bench;

import io.jobwire.client.WsClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The client side of {@code bench connections}, run in its own JVM: opens connections, one
 * subscription each, prints {@code open N} as it goes and {@code done N}, then holds them.
 */
@Command(name = "connections-client", hidden = true, description = "Used by 'bench connections'.")
final class ConnectionsClient implements Runnable {
  private static final int SOURCES = 8; // 127.0.0.2 .. 127.0.0.9
  private static final int IN_FLIGHT = 64;

  @Option(names = "--url", required = true)
  String url;

  @Option(names = "--count", defaultValue = "19000")
  int count;

  @Override
  public void run() {
    List<InetAddress> sources = new ArrayList<>();
    for (int i = 0; i < SOURCES; i++) {
      try {
        sources.add(InetAddress.getByName("127.0.0." + (2 + i)));
      } catch (Exception e) {
        throw new IllegalStateException("cannot use source address 127.0.0." + (2 + i), e);
      }
    }
    var slots = new Semaphore(IN_FLIGHT);
    var subscribed = new LongAdder();
    var opened = new AtomicInteger();
    var failed = new AtomicBoolean();
    var sockets = new ArrayList<WsClient>();
    int attempted = 0;
    try (var openers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (; attempted < count && !failed.get(); attempted++) {
        slots.acquireUninterruptibly();
        InetAddress source = sources.get(attempted % SOURCES);
        openers.execute(
            () -> {
              try {
                WsClient socket =
                    WsClient.to(url)
                        .localAddress(source)
                        .connectTimeout(Duration.ofSeconds(30))
                        .virtualThread()
                        .onText(
                            frame -> {
                              if (Frames.is(frame, "subscribed")) {
                                subscribed.increment();
                              }
                            })
                        .connect();
                socket.send(
                    "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\""
                        + BenchWorker.HOLD
                        + "\",\"params\":{}}");
                synchronized (sockets) {
                  sockets.add(socket);
                }
                int n = opened.incrementAndGet();
                if (n % 500 == 0) {
                  System.out.println("open " + n);
                }
              } catch (RuntimeException e) {
                if (failed.compareAndSet(false, true)) {
                  System.err.println("connections-client: stopped at " + opened.get() + ": " + e);
                }
              } finally {
                slots.release();
              }
            });
      }
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (subscribed.sum() < opened.get() && System.nanoTime() < until) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
    System.out.println("done " + subscribed.sum());
    System.out.flush();
    try {
      new CountDownLatch(1).await(); // hold them until the parent has measured and kills us
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
