package io.jobwire.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;

/** A ZeroMQ I/O thread that dies is reported, so that readiness can fail. */
class ZmqWatchTest {

  @Test
  void the_contexts_io_threads_report_their_death_to_the_watch() {
    var watch = new ZmqWatch("test");
    try (var context = watch.newContext(1);
        var socket = context.createSocket(SocketType.PULL)) {
      socket.bind("tcp://127.0.0.1:*");

      List<Thread> io =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().startsWith("iothread"))
              .filter(t -> t.getUncaughtExceptionHandler() == watch)
              .toList();
      assertFalse(io.isEmpty(), "no I/O thread reports to the watch");
      assertTrue(watch.alive());

      watch.uncaughtException(io.getFirst(), new OutOfMemoryError("Cannot reserve 2147483647"));

      assertFalse(watch.alive());
      assertSame(watch, context.getUncaughtExceptionHandler());
    }
  }
}
