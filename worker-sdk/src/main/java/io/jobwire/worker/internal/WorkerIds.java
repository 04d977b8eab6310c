package io.jobwire.worker.internal;

import io.jobwire.runtime.Ids;
import java.net.InetAddress;

/** Default worker ids: {@code host-pid-random}, unique enough to tell workers apart in logs. */
public final class WorkerIds {
  private WorkerIds() {}

  public static String generate() {
    return Ids.worker(hostName());
  }

  /** The host name without a DNS round trip when the environment already names the host. */
  public static String hostName() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
