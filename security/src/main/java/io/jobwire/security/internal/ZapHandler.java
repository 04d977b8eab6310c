package io.jobwire.security.internal;

import io.jobwire.security.CurveConfig;
import io.jobwire.security.CurveServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * The ZAP handler (RFC 27) of one server's context: the body of the {@code jobwire-<server>-zap}
 * thread, which alone owns the REP socket bound to {@code inproc://zeromq.zap.01} and the PAIR that
 * receives the server socket's handshake failures. It answers 200 to a CURVE client whose public
 * key is in the clients directory and 400 to anyone else.
 */
public final class ZapHandler implements CurveServer.Gate {
  private static final Logger log = LoggerFactory.getLogger(ZapHandler.class);
  private static final int POLL_MILLIS = 100;

  private final ZContext context;
  private final String server;
  private final CurveConfig config;
  private final List<ZMQ.Socket> secured = new ArrayList<>();
  private final AllowedKeys keys;
  private final String monitorEndpoint;
  private final Refusals refusals;
  private final CompletableFuture<Void> bound = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean running = true;

  private ZapHandler(
      ZContext context,
      String server,
      CurveConfig config,
      String monitorEndpoint,
      Refusals refusals) {
    this.context = context;
    this.server = server;
    this.config = config;
    this.keys = new AllowedKeys(config.clients());
    this.monitorEndpoint = monitorEndpoint;
    this.refusals = refusals;
    this.thread = new Thread(this::run, "jobwire-" + server + "-zap");
    thread.setDaemon(true);
  }

  /** Starts the thread and returns once the handler is bound. */
  public static ZapHandler start(
      ZContext context,
      String server,
      CurveConfig config,
      String monitorEndpoint,
      Refusals refusals) {
    var handler = new ZapHandler(context, server, config, monitorEndpoint, refusals);
    handler.thread.start();
    try {
      handler.bound.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      handler.close();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          server + ": cannot start the CURVE authentication handler: " + cause, cause);
    }
    log.info(
        "{}: CURVE on, {} allowed client keys in {}",
        server,
        handler.keys.size(),
        handler.keys.dir());
    return handler;
  }

  /** Owner thread of {@code socket}. */
  @Override
  public void secure(ZMQ.Socket socket) {
    // Handshakes that fail before the ZAP handler is asked (a wrong server key) are counted from
    // the socket's own events.
    socket.monitor(monitorEndpoint, ZMQ.HANDSHAKE_FAILED_PROTOCOL);
    socket.setZAPDomain("jobwire");
    socket.setCurveServer(true);
    socket.setCurvePublicKey(CurveServer.decode(config.serverKeys().publicKey()));
    socket.setCurveSecretKey(CurveServer.decode(config.serverKeys().secretKey()));
    secured.add(socket);
  }

  /** Owner thread of the secured sockets. */
  @Override
  public void close() {
    secured.forEach(ZMQ.Socket::close); // no handshake may happen without the handler
    secured.clear();
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    // Raw sockets of the shared context: this thread creates and closes them itself.
    try (ZMQ.Socket zap = context.getContext().socket(SocketType.REP);
        ZMQ.Socket events = context.getContext().socket(SocketType.PAIR);
        ZMQ.Poller poller = context.createPoller(2)) {
      zap.setLinger(0);
      events.setLinger(0);
      try {
        zap.bind(CurveServer.ZAP_ENDPOINT);
        events.connect(monitorEndpoint);
        keys.reload();
      } catch (RuntimeException e) {
        bound.completeExceptionally(e);
        return;
      }
      poller.register(zap, ZMQ.Poller.POLLIN);
      poller.register(events, ZMQ.Poller.POLLIN);
      bound.complete(null);
      while (running) {
        poller.poll(POLL_MILLIS);
        answer(zap);
        countFailures(events);
      }
    } catch (RuntimeException e) {
      if (!bound.completeExceptionally(e)) {
        log.error("{}: the CURVE authentication handler died; no client can get in now", server, e);
      }
    }
  }

  private void answer(ZMQ.Socket zap) {
    ZMsg request;
    while ((request = ZMsg.recvMsg(zap, ZMQ.DONTWAIT)) != null) {
      String version = request.popString();
      String sequence = request.popString();
      String name;
      try {
        name = allowedName(request);
      } catch (RuntimeException e) {
        // This thread must not die: a context without its ZAP handler would admit every key.
        log.error("{}: could not check a CURVE client key; refusing it", server, e);
        name = null;
      }
      boolean allowed = "1.0".equals(version) && name != null;
      ZMsg reply = new ZMsg();
      reply.add("1.0");
      reply.add(sequence == null ? "" : sequence);
      reply.add(allowed ? "200" : "400");
      reply.add(allowed ? "OK" : "client key not allowed");
      reply.add(allowed ? name : "");
      reply.add(new byte[0]);
      reply.send(zap);
    }
  }

  /** The allowed key's name, or null (counted and logged) when the client is refused. */
  private String allowedName(ZMsg request) {
    request.popString(); // domain
    String address = request.popString();
    request.popString(); // identity
    String mechanism = request.popString();
    byte[] key =
        "CURVE".equals(mechanism) && request.peek() != null ? request.pop().getData() : null;
    String clientKey = key != null && key.length == 32 ? ZMQ.Curve.z85Encode(key) : null;
    String name = clientKey == null ? null : keys.nameOf(clientKey);
    if (name == null) {
      refusals.unknownKey(address, clientKey, keys.dir().toString());
    }
    return name;
  }

  private void countFailures(ZMQ.Socket events) {
    ZMQ.Event event;
    while ((event = ZMQ.Event.recv(events, ZMQ.DONTWAIT)) != null) {
      if (event.getEvent() == ZMQ.HANDSHAKE_FAILED_PROTOCOL) {
        refusals.failedHandshake(event.getAddress());
      }
    }
  }
}
