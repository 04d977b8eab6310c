package io.jobwire.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class SocketWaiterTest {

  @Test
  void sleeps_between_turns_when_nothing_arrives() throws Exception {
    try (var context = new ZContext(1);
        var pair = new Pair(context)) {
      Pipe pipe = openPipe();
      try (var waiter = new SocketWaiter(List.of(pair.reader), List.of(pipe.source()))) {
        int turns = 0;
        long start = System.nanoTime();
        while (millisSince(start) < 500) {
          waiter.await(50); // a turn may end early once (the socket's set-up signals), not spin
          turns++;
        }
        assertTrue(turns <= 20, turns + " turns in 500 ms of 50 ms waits");
      }
    }
  }

  @Test
  void wakes_for_a_message_sent_before_or_during_the_wait() throws Exception {
    try (var context = new ZContext(1);
        var pair = new Pair(context)) {
      try (var waiter = new SocketWaiter(List.of(pair.reader), List.of())) {
        pair.writer.send("before");
        long start = System.nanoTime();
        assertEquals("before", nextMessage(waiter, pair.reader));
        assertTrue(millisSince(start) < 1_000, "took " + millisSince(start) + " ms");

        Thread sender = Thread.ofPlatform().start(() -> sleepThenSend(pair.writer));
        start = System.nanoTime();
        assertEquals("during", nextMessage(waiter, pair.reader));
        assertTrue(millisSince(start) < 2_000, "took " + millisSince(start) + " ms");
        sender.join();
      }
    }
  }

  /** Waits the way the I/O loop does: a turn may end without a message, so turn again. */
  private static String nextMessage(SocketWaiter waiter, ZMQ.Socket reader) {
    for (int turn = 0; turn < 100; turn++) {
      waiter.await(5_000);
      String message = reader.recvStr(ZMQ.DONTWAIT);
      if (message != null) {
        return message;
      }
    }
    throw new AssertionError("no message after 100 turns");
  }

  @Test
  void a_readable_channel_ends_the_wait() throws Exception {
    try (var context = new ZContext(1);
        var pair = new Pair(context)) {
      Pipe pipe = openPipe();
      try (var waiter = new SocketWaiter(List.of(pair.reader), List.of(pipe.source()))) {
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        long start = System.nanoTime();
        waiter.await(5_000);
        assertTrue(millisSince(start) < 1_000, "took " + millisSince(start) + " ms");
      }
    }
  }

  private static void sleepThenSend(ZMQ.Socket writer) {
    try {
      Thread.sleep(100); // so the message arrives while the waiter sleeps
    } catch (InterruptedException e) {
      return;
    }
    writer.send("during");
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static Pipe openPipe() throws Exception {
    Pipe pipe = Pipe.open();
    pipe.source().configureBlocking(false);
    return pipe;
  }

  /** Two connected TCP sockets on loopback: the waiter watches {@code reader}. */
  private static final class Pair implements AutoCloseable {
    final ZMQ.Socket reader;
    final ZMQ.Socket writer;

    Pair(ZContext context) {
      reader = context.createSocket(SocketType.PULL);
      int port = reader.bindToRandomPort("tcp://127.0.0.1");
      writer = context.createSocket(SocketType.PUSH);
      writer.connect("tcp://127.0.0.1:" + port);
    }

    @Override
    public void close() {
      writer.close();
      reader.close();
    }
  }
}
