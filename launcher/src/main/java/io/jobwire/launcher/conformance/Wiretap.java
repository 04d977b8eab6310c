package io.jobwire.launcher.conformance;

import io.jobwire.launcher.conformance.Seen.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A man in the middle for the worker under test: it binds the endpoint the worker connects to and
 * relays every frame to the real broker, one upstream DEALER per worker connection; and it binds
 * the {@code reply_to} the front end advertises and relays pushes to the real ingress. It records
 * every frame in {@link Traffic}. To test the worker it can silence the broker on one connection,
 * or on all of them for a while (a broker that goes away and comes back), hand the worker a frame
 * the broker never sent, and keep the worker's answers about such a job from the broker. The thread
 * {@code jobwire-conformance-tap} owns all of its sockets; the others talk to it through queues.
 */
final class Wiretap implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Wiretap.class);
  private static final int POLL_MILLIS = 50;

  /** See WorkerConfig#handshakeTimeout: redial a stalled JeroMQ handshake. */
  private static final int HANDSHAKE_MILLIS = 500;

  private final Traffic traffic = new Traffic();
  private final Set<String> silenced = ConcurrentHashMap.newKeySet();
  private final Set<String> swallowed = ConcurrentHashMap.newKeySet();
  private final Queue<String[]> injections = new ConcurrentLinkedQueue<>();
  private volatile boolean outage;
  private final CompletableFuture<List<String>> bound = new CompletableFuture<>();
  private final CompletableFuture<List<String>> targets = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();
  private final Thread thread;
  private volatile boolean running = true;

  private Wiretap(String workerSide) {
    thread = new Thread(() -> run(workerSide), "jobwire-conformance-tap");
    thread.setDaemon(true);
  }

  /** Binds {@code workerSide} (the worker's broker endpoint) and an ephemeral ingress. */
  static Wiretap bind(String workerSide) {
    var tap = new Wiretap(workerSide);
    tap.thread.start();
    try {
      tap.bound.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      tap.close();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("cannot bind " + workerSide + ": " + cause, cause);
    }
    return tap;
  }

  /** Where the worker connects its DEALER. */
  String workerEndpoint() {
    return bound.join().get(0);
  }

  /** What the front end advertises as {@code reply_to}. */
  String ingressEndpoint() {
    return bound.join().get(1);
  }

  /** Starts relaying to the real broker and the real front end's ingress. */
  void relayTo(String broker, String ingress) {
    targets.complete(List.of(broker, ingress));
  }

  Traffic traffic() {
    return traffic;
  }

  /** From now on, drops everything the broker sends on connection {@code conn}. */
  void silence(String conn) {
    silenced.add(conn);
  }

  /** While on, drops everything the broker sends, on every connection: a broker gone silent. */
  void outage(boolean on) {
    outage = on;
  }

  /**
   * Sends {@code frame} to the worker on connection {@code conn} as if the broker had, and from now
   * on keeps from the broker what the worker says about job {@code job}, if not null (it is still
   * recorded).
   */
  void inject(String conn, String job, String frame) {
    if (job != null) {
      swallowed.add(job);
    }
    injections.add(new String[] {conn, frame});
  }

  private void run(String workerSide) {
    try (ZContext context = new ZContext()) {
      context.setLinger(0);
      ZMQ.Socket front = context.createSocket(SocketType.ROUTER);
      ZMQ.Socket pull = context.createSocket(SocketType.PULL);
      try {
        front.bind(workerSide);
        pull.bind("tcp://127.0.0.1:*");
      } catch (RuntimeException e) {
        bound.completeExceptionally(e);
        return;
      }
      bound.complete(List.of(front.getLastEndpoint(), pull.getLastEndpoint()));
      List<String> to = awaitTargets();
      if (to == null) {
        return;
      }
      ZMQ.Socket push = connect(context, SocketType.PUSH, to.get(1));
      relay(context, front, pull, push, to.get(0));
    } catch (RuntimeException e) {
      if (running) {
        log.error("conformance wiretap stopped", e);
      }
    }
  }

  private List<String> awaitTargets() {
    while (running) {
      try {
        return targets.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // check running again
      } catch (InterruptedException | ExecutionException e) {
        return null;
      }
    }
    return null;
  }

  private void relay(
      ZContext context, ZMQ.Socket front, ZMQ.Socket pull, ZMQ.Socket push, String broker) {
    Map<String, ZMQ.Socket> upstream = new LinkedHashMap<>();
    Map<String, byte[]> identities = new LinkedHashMap<>();
    ZMQ.Poller poller = null;
    int polled = -1;
    while (running) {
      if (polled != upstream.size()) {
        if (poller != null) {
          poller.close();
        }
        poller = context.createPoller(2 + upstream.size());
        poller.register(front, ZMQ.Poller.POLLIN);
        poller.register(pull, ZMQ.Poller.POLLIN);
        for (ZMQ.Socket dealer : upstream.values()) {
          poller.register(dealer, ZMQ.Poller.POLLIN);
        }
        polled = upstream.size();
      }
      poller.poll(POLL_MILLIS);
      for (String[] injection = injections.poll();
          injection != null;
          injection = injections.poll()) {
        byte[] identity = identities.get(injection[0]);
        if (identity != null) {
          record(
              Channel.BROKER, injection[0], List.of(injection[1].getBytes(StandardCharsets.UTF_8)));
          front.sendMore(identity);
          front.send(injection[1].getBytes(StandardCharsets.UTF_8), ZMQ.DONTWAIT);
        }
      }
      for (byte[] identity = front.recv(ZMQ.DONTWAIT);
          identity != null;
          identity = front.recv(ZMQ.DONTWAIT)) {
        String conn = HexFormat.of().formatHex(identity);
        List<byte[]> frames = rest(front);
        ZMQ.Socket dealer =
            upstream.computeIfAbsent(conn, c -> connect(context, SocketType.DEALER, broker));
        identities.putIfAbsent(conn, identity);
        Seen seen = record(Channel.WORKER, conn, frames);
        if (!swallowed.contains(seen.job())) {
          send(dealer, frames);
        }
      }
      for (var entry : upstream.entrySet()) {
        for (byte[] frame = entry.getValue().recv(ZMQ.DONTWAIT);
            frame != null;
            frame = entry.getValue().recv(ZMQ.DONTWAIT)) {
          List<byte[]> frames = new ArrayList<>(List.of(frame));
          frames.addAll(rest(entry.getValue()));
          record(Channel.BROKER, entry.getKey(), frames);
          if (!outage && !silenced.contains(entry.getKey())) {
            front.sendMore(identities.get(entry.getKey()));
            send(front, frames);
          }
        }
      }
      for (byte[] frame = pull.recv(ZMQ.DONTWAIT); frame != null; frame = pull.recv(ZMQ.DONTWAIT)) {
        List<byte[]> frames = new ArrayList<>(List.of(frame));
        frames.addAll(rest(pull));
        record(Channel.PUSH, null, frames);
        send(push, frames);
      }
    }
    if (poller != null) {
      poller.close();
    }
  }

  private static ZMQ.Socket connect(ZContext context, SocketType type, String endpoint) {
    ZMQ.Socket socket = context.createSocket(type);
    socket.setHandshakeIvl(HANDSHAKE_MILLIS);
    socket.connect(endpoint);
    return socket;
  }

  private static List<byte[]> rest(ZMQ.Socket socket) {
    List<byte[]> frames = new ArrayList<>(1);
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv(0));
    }
    return frames;
  }

  private static void send(ZMQ.Socket socket, List<byte[]> frames) {
    for (int i = 0; i < frames.size(); i++) {
      socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : ZMQ.DONTWAIT);
    }
  }

  private Seen record(Channel channel, String conn, List<byte[]> frames) {
    String raw =
        frames.size() == 1
            ? new String(frames.get(0), StandardCharsets.UTF_8)
            : frames.size() + " frames";
    Seen seen = Seen.of(millis(), channel, conn, raw);
    traffic.add(seen);
    return seen;
  }

  /** Milliseconds since the tap started: the clock of every {@link Seen#atMillis()}. */
  long millis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
