package io.jobwire.security;

import io.jobwire.security.internal.Refusals;
import io.jobwire.security.internal.ZapHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The server side of ZeroMQ CURVE, shared by the broker's ROUTER and the front end's ingress PULL:
 * it makes a socket a CURVE server and runs the ZAP handler that admits only the public keys in
 * {@link CurveConfig#clients()}. Every refused handshake is counted ({@link #refused()}, and a
 * counter on the server's {@code /metrics}) and logged, at most one WARN a second.
 *
 * <p>Use on the thread that owns the server socket: {@link #start(ZContext)} in the socket's
 * context, then {@link Gate#secure(ZMQ.Socket)} before the socket binds, and close the gate before
 * the context closes. A CURVE server in a context without a ZAP handler would admit every client
 * key, so the gate closes the socket before it stops the handler.
 */
public final class CurveServer {
  /** Where ZeroMQ looks for the ZAP handler of a context (RFC 27). */
  public static final String ZAP_ENDPOINT = "inproc://zeromq.zap.01";

  private final CurveConfig config;
  private final String server;
  private final Refusals refusals;

  /**
   * @param config the server's CURVE settings
   * @param server what the server is, in thread names and log lines: {@code broker}, {@code
   *     ingress}
   */
  public CurveServer(CurveConfig config, String server) {
    this.config = config;
    this.server = server;
    this.refusals = new Refusals(server);
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** Handshakes refused so far: unknown client keys and failed CURVE handshakes. */
  public long refused() {
    return refusals.count();
  }

  /** Exposes {@link #refused()} as the counter {@code name} (Prometheus adds {@code _total}). */
  public void bindTo(MeterRegistry registry, String name) {
    FunctionCounter.builder(name, this, CurveServer::refused)
        .description("ZeroMQ handshakes refused by CURVE: unknown client key or failed handshake")
        .register(registry);
  }

  /**
   * Starts the ZAP handler on its own thread, {@code jobwire-<server>-zap}, in {@code context}, and
   * waits until it is bound. Without CURVE the gate it returns does nothing.
   */
  public Gate start(ZContext context) {
    if (!enabled()) {
      return NO_GATE;
    }
    return ZapHandler.start(context, server, config, monitorEndpoint(), refusals);
  }

  /** A running ZAP handler, owned by the thread that owns the server socket. */
  public interface Gate extends AutoCloseable {
    /** Makes {@code socket} a CURVE server with this server's keys; call before it binds. */
    void secure(ZMQ.Socket socket);

    /** Closes the secured sockets, then stops the ZAP handler; call before the context closes. */
    @Override
    void close();
  }

  private static final Gate NO_GATE =
      new Gate() {
        @Override
        public void secure(ZMQ.Socket socket) {}

        @Override
        public void close() {}
      };

  /**
   * Makes {@code socket} a CURVE client: it presents {@code own} (a key pair) and accepts only the
   * server whose public key is {@code server}. Call before it connects.
   */
  public static void client(ZMQ.Socket socket, CurveKeys own, CurveKeys server) {
    socket.setCurveServer(false);
    socket.setCurvePublicKey(decode(own.publicKey()));
    socket.setCurveSecretKey(decode(own.secretKey()));
    socket.setCurveServerKey(decode(server.publicKey()));
  }

  private String monitorEndpoint() {
    return "inproc://jobwire-" + server + "-curve-events";
  }

  public static byte[] decode(String z85) {
    return ZMQ.Curve.z85Decode(z85);
  }
}
