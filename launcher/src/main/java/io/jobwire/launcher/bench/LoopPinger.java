package io.jobwire.launcher.bench;

import io.jobwire.client.WsClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The client side of {@code bench loop}, run in its own JVM: for each {@code ping N} line on stdin,
 * N pings at --rate, each timed from its intended send time to its pong; answers with one {@code
 * histogram BASE64} line (HdrHistogram, compressed). Ends at end of input.
 */
@Command(name = "loop-pinger", hidden = true, description = "Used by 'bench loop'.")
final class LoopPinger implements Runnable {
  @Option(names = "--url", required = true)
  String url;

  @Option(names = "--rate", defaultValue = "100")
  int rate;

  @Override
  public void run() {
    var pongs = new Pongs();
    PrintStream out = System.out;
    try (var socket = WsClient.to(url).onText(pongs::onFrame).connect();
        var commands =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = commands.readLine(); line != null; line = commands.readLine()) {
        String[] words = line.trim().split(" ");
        if (words.length == 2 && (words[0].equals("ping") || words[0].equals("warm"))) {
          long period = words[0].equals("ping") ? 1_000_000_000L / rate : 0;
          Histogram histogram = pings(socket, pongs, Integer.parseInt(words[1]), period);
          ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
          histogram.encodeIntoCompressedByteBuffer(buffer);
          buffer.flip();
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          out.println("histogram " + Base64.getEncoder().encodeToString(bytes));
          out.flush();
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("loop-pinger failed", e);
    }
  }

  /** Decodes one {@code histogram BASE64} line. */
  static Histogram decode(String line) throws Exception {
    if (!line.startsWith("histogram ")) {
      throw new IllegalStateException("unexpected line from the pinger: " + line);
    }
    byte[] bytes = Base64.getDecoder().decode(line.substring("histogram ".length()).trim());
    return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
  }

  private static Histogram pings(WsClient socket, Pongs pongs, int count, long period)
      throws InterruptedException {
    var histogram = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    pongs.reset(count, histogram);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long intended = start + i * period;
      Pacer.awaitUntil(intended);
      pongs.sent.set(i, intended);
      socket.send("{\"op\":\"ping\",\"ref\":" + i + "}");
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pongs.received.sum() < count && System.nanoTime() < until) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    synchronized (pongs) {
      return histogram.copy();
    }
  }

  /** Pong frames matched to the intended send time of their ping, by {@code ref}. */
  private static final class Pongs {
    final LongAdder received = new LongAdder();
    AtomicLongArray sent = new AtomicLongArray(0);
    Histogram histogram;

    synchronized void reset(int count, Histogram into) {
      sent = new AtomicLongArray(count);
      histogram = into;
      received.reset();
    }

    synchronized void onFrame(String frame) {
      if (!Frames.is(frame, "pong")) {
        return;
      }
      long now = System.nanoTime();
      int ref = (int) Frames.longField(frame, "ref");
      if (histogram != null && ref >= 0 && ref < sent.length() && sent.get(ref) != 0) {
        histogram.recordValue(Math.max(0, now - sent.get(ref)));
        received.increment();
      }
    }
  }
}
