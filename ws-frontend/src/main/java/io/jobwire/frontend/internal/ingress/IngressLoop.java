package io.jobwire.frontend.internal.ingress;

import io.jobwire.runtime.ZmqWatch;
import io.jobwire.security.CurveServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * other threads posted to its {@link IngressInbox} (messages from other front ends, takeovers),
 * then {@link IngressRouter#endTurn()}, which writes the turn to Redis in one call before sending
 * it.
 *
 * <p>Between turns it sleeps in an {@link IngressWaiter} until a message arrives or another thread
 * wakes it through the inbox (a task posted, a subscription with something to write); the poll
 * timeout is a safety net only, so nothing on the job path waits for it.
 */
public final class IngressLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngressLoop.class);

  /**
   * The longest sleep between turns when nothing wakes the loop: a safety net. The system property
   * {@value #POLL_PROPERTY} overrides it (tests prove that nothing on the job path waits for it).
   */
  static final int POLL_MILLIS = 100;

  static final String POLL_PROPERTY = "jobwire.internal.ingress-poll-millis";

  /** The most messages handled in one turn (one Redis write). */
  static final int MAX_TURN = 500;

  private final String bind;
  private final IngressInbox inbox;
  private final IngressRouter router;
  private final ReplyTo replyTo;
  private final CurveServer curve;
  private final CompletableFuture<String> bound = new CompletableFuture<>();
  private final int pollMillis;
  private final int maxMessageBytes;
  private final ZmqWatch zmq = new ZmqWatch("ingress");
  private final Thread thread;
  private volatile boolean running = true;

  private IngressLoop(
      String bind,
      IngressInbox inbox,
      IngressRouter router,
      ReplyTo replyTo,
      CurveServer curve,
      int pollMillis,
      int maxMessageBytes) {
    this.bind = bind;
    this.maxMessageBytes = maxMessageBytes;
    this.inbox = inbox;
    this.router = router;
    this.replyTo = replyTo;
    this.curve = curve;
    this.pollMillis = pollMillis;
    this.thread = new Thread(this::run, "jobwire-ingress");
    thread.setDaemon(true);
  }

  /**
   * Starts the thread and waits until the socket is bound; fails when it cannot bind. Between
   * wake-ups it sleeps at most {@value #POLL_MILLIS} ms (or {@value #POLL_PROPERTY}). A peer whose
   * frame header claims more than {@code maxMessageBytes} is disconnected. Each turn runs what
   * others posted to {@code inbox}; {@code replyTo} learns the endpoint bound.
   */
  public static IngressLoop start(
      String bind,
      IngressInbox inbox,
      IngressRouter router,
      ReplyTo replyTo,
      CurveServer curve,
      int maxMessageBytes) {
    int pollMillis = Integer.getInteger(POLL_PROPERTY, POLL_MILLIS);
    IngressLoop loop =
        new IngressLoop(bind, inbox, router, replyTo, curve, pollMillis, maxMessageBytes);
    loop.thread.start();
    try {
      replyTo.bound(loop.bound.get(10, TimeUnit.SECONDS));
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
    inbox.wakeNow();
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
      inbox.attach(sleep);
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
    for (var task = inbox.poll(); task != null; task = inbox.poll()) {
      try {
        task.accept(router);
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
