package io.jobwire.frontend.internal.ingress;

import io.jobwire.runtime.ZmqWatch;
import io.jobwire.security.CurveServer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The {@code jobwire-ingress} thread. It alone owns the ZeroMQ context and the PULL socket: it
 * creates and binds them, drains them into the {@link IngressRouter}, and closes them. With CURVE
 * the context also holds the ZAP handler's sockets, owned by {@code jobwire-ingress-zap} (see
 * {@link CurveServer}).
 *
 * <p>It works in turns: what the socket holds (up to {@link #MAX_TURN} messages), then the tasks
 * other threads {@link #post} (messages from other front ends, takeovers), then {@link
 * IngressRouter#endTurn()}, which writes the turn to Redis in one call before sending it.
 *
 * <p>Between turns it sleeps in an {@link IngressWaiter} until a message arrives or another thread
 * {@link #wake}s it (a task posted, a subscription with something to write); the poll timeout is a
 * safety net only, so nothing on the job path waits for it.
 */
public final class IngressLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngressLoop.class);

  /**
   * The longest sleep between turns when nothing wakes the loop: a safety net. The system property
   * {@value #POLL_PROPERTY} overrides it (tests prove that nothing on the job path waits for it).
   */
  static final int POLL_MILLIS = 100;

  static final String POLL_PROPERTY = "jobwire.internal.ingress-poll-millis";

  /**
   * {@code -Djobwire.internal.ingress-wake=false} turns the wake-ups off, so that the benchmarks'
   * before/after of issue 14 runs on one build (with {@value #POLL_PROPERTY}{@code =10}, the old
   * behaviour). Never for production: everything then waits for the poll timeout.
   */
  private static final boolean WAKE =
      Boolean.parseBoolean(System.getProperty("jobwire.internal.ingress-wake", "true"));

  /** The most messages handled in one turn (one Redis write). */
  static final int MAX_TURN = 500;

  private final String bind;
  private final IngressRouter router;
  private final CurveServer curve;
  private final CompletableFuture<String> bound = new CompletableFuture<>();
  private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final int pollMillis;
  private final int maxMessageBytes;
  private final ZmqWatch zmq = new ZmqWatch("ingress");
  private final Thread thread;
  private final AtomicReference<IngressWaiter> waiter = new AtomicReference<>();
  private volatile boolean running = true;

  private IngressLoop(
      String bind, IngressRouter router, CurveServer curve, int pollMillis, int maxMessageBytes) {
    this.bind = bind;
    this.maxMessageBytes = maxMessageBytes;
    this.router = router;
    this.curve = curve;
    this.pollMillis = pollMillis;
    this.thread = new Thread(this::run, "jobwire-ingress");
    thread.setDaemon(true);
  }

  /** {@link #start} with the default safety-net timeout (or {@value #POLL_PROPERTY}). */
  public static IngressLoop start(
      String bind, IngressRouter router, CurveServer curve, int maxMessageBytes) {
    return start(
        bind, router, curve, Integer.getInteger(POLL_PROPERTY, POLL_MILLIS), maxMessageBytes);
  }

  /**
   * Starts the thread and waits until the socket is bound; fails when it cannot bind. Between
   * wake-ups it sleeps at most {@code pollMillis}. A peer whose frame header claims more than
   * {@code maxMessageBytes} is disconnected.
   */
  public static IngressLoop start(
      String bind, IngressRouter router, CurveServer curve, int pollMillis, int maxMessageBytes) {
    IngressLoop loop = new IngressLoop(bind, router, curve, pollMillis, maxMessageBytes);
    loop.thread.start();
    try {
      loop.bound.get(10, TimeUnit.SECONDS);
      return loop;
    } catch (ExecutionException e) {
      loop.close();
      throw new IllegalStateException(
          "cannot bind the ingress socket to "
              + bind
              + " ("
              + e.getCause().getMessage()
              + "); choose another endpoint, e.g. tcp://127.0.0.1:*",
          e.getCause());
    } catch (TimeoutException e) {
      loop.close();
      throw new IllegalStateException("binding the ingress socket to " + bind + " timed out", e);
    } catch (InterruptedException e) {
      loop.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + bind, e);
    }
  }

  /** Runs {@code task} on {@code jobwire-ingress} in its next turn, at once; any thread. */
  public void post(Runnable task) {
    inbox.add(task);
    wake();
  }

  /**
   * Any thread: there is work for the next turn (e.g. a subscription has something to write); the
   * loop starts one now if it sleeps. Free on the loop's own thread, which ends its turn anyway.
   */
  public void wake() {
    IngressWaiter current = waiter.get();
    if (WAKE && current != null && Thread.currentThread() != thread) {
      current.wake();
    }
  }

  /** True while the PULL socket is bound and its thread and ZeroMQ's I/O thread run (readiness). */
  public boolean alive() {
    return running && thread.isAlive() && zmq.alive();
  }

  /** CURVE on the PULL socket; its refusal count is read from any thread. */
  public CurveServer curve() {
    return curve;
  }

  /** The endpoint actually bound, e.g. {@code tcp://127.0.0.1:40213}. */
  public String endpoint() {
    return bound.getNow(null);
  }

  @Override
  public void close() {
    running = false;
    IngressWaiter current = waiter.get();
    if (current != null) {
      current.wake();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try (ZContext context = zmq.newContext(1);
        CurveServer.Gate gate = curve.start(context);
        ZMQ.Socket pull = context.createSocket(SocketType.PULL);
        IngressWaiter sleep = new IngressWaiter(pull)) {
      pull.setLinger(0);
      pull.setMaxMsgSize(maxMessageBytes); // JeroMQ allocates what a header claims, before CURVE
      gate.secure(pull);
      waiter.set(sleep);
      if (!bindTo(pull)) {
        return;
      }
      log.info("ingress: PULL bound to {}", pull.getLastEndpoint());
      while (running) {
        sleep.await(pollMillis);
        turn(pull);
      }
    } catch (RuntimeException e) {
      if (bound.completeExceptionally(e)) {
        return;
      }
      log.error("ingress: the loop died; results no longer reach clients", e);
    }
  }

  private boolean bindTo(ZMQ.Socket pull) {
    try {
      pull.bind(bind);
    } catch (RuntimeException e) {
      bound.completeExceptionally(e);
      return false;
    }
    return bound.complete(pull.getLastEndpoint());
  }

  private void turn(ZMQ.Socket pull) {
    byte[] frame = pull.recv(ZMQ.DONTWAIT);
    for (int n = 0; frame != null; n++) {
      receiveOne(pull, frame);
      frame = n + 1 < MAX_TURN ? pull.recv(ZMQ.DONTWAIT) : null;
    }
    for (Runnable task = inbox.poll(); task != null; task = inbox.poll()) {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("ingress: bug in a posted task; carrying on", e);
      }
    }
    try {
      router.endTurn();
    } catch (RuntimeException e) {
      log.error("ingress: bug while ending a turn; carrying on", e);
    }
  }

  private void receiveOne(ZMQ.Socket pull, byte[] frame) {
    try {
      int frames = 1;
      while (pull.hasReceiveMore()) {
        pull.recv(0);
        frames++;
      }
      if (frames == 1) {
        router.handle(frame);
      } else {
        router.handleMultipart(frame, frames);
      }
    } catch (RuntimeException e) {
      log.error("ingress: bug while handling a message; carrying on", e);
    }
  }
}
