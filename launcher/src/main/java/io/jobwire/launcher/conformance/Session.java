package io.jobwire.launcher.conformance;

import io.jobwire.launcher.LocalStack;
import io.jobwire.launcher.conformance.Seen.Channel;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** What the checks share: the stack, the recording, and what is known about the worker. */
final class Session {
  final LocalStack stack;
  final Wiretap tap;
  final Traffic traffic;
  final Duration timeout;

  /** From the worker's {@code ready}: its name, its current connection, its capacity. */
  String worker;

  String conn;
  int capacity;

  Session(LocalStack stack, Wiretap tap, Duration timeout) {
    this.stack = stack;
    this.tap = tap;
    this.traffic = tap.traffic();
    this.timeout = timeout;
  }

  Client client() throws InterruptedException, TimeoutException {
    return new Client(stack.webSocketUrl("127.0.0.1"), timeout);
  }

  /** The first frame since {@code mark} on {@code channel} of {@code type} about {@code job}. */
  Seen await(int mark, Channel channel, String type, String job, String waitingFor)
      throws InterruptedException, NotConformant {
    return await(mark, f -> f.is(channel, type) && job.equals(f.job()), waitingFor);
  }

  Seen await(int mark, Predicate<Seen> match, String waitingFor)
      throws InterruptedException, NotConformant {
    return await(mark, match, timeout, waitingFor);
  }

  Seen await(int mark, Predicate<Seen> match, Duration within, String waitingFor)
      throws InterruptedException, NotConformant {
    try {
      return traffic.await(mark, match, within);
    } catch (TimeoutException e) {
      throw new NotConformant("no " + waitingFor + " within " + within.toSeconds() + " s");
    }
  }
}
