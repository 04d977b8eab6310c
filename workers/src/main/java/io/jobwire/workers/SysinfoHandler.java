package io.jobwire.workers;

import io.jobwire.worker.JobContext;
import io.jobwire.worker.JobHandler;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code sysinfo}: a snapshot of the worker's host and JVM: host name, processors, load average,
 * JVM and OS memory (bytes), uptime. Takes no params.
 */
public final class SysinfoHandler implements JobHandler {
  public static final String TOPIC = "sysinfo";

  @Override
  public Object handle(JobContext job) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    Runtime runtime = Runtime.getRuntime();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("host", hostName());
    info.put("processors", runtime.availableProcessors());
    double load = os.getSystemLoadAverage();
    info.put("load_average", load < 0 ? null : load); // negative: not available on this OS
    info.put("os", Map.of("name", os.getName(), "version", os.getVersion(), "arch", os.getArch()));
    info.put("java_version", Runtime.version().toString());
    info.put(
        "jvm_memory",
        Map.of(
            "used", runtime.totalMemory() - runtime.freeMemory(),
            "total", runtime.totalMemory(),
            "max", runtime.maxMemory()));
    info.put("os_memory", osMemory(os));
    info.put("uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
    return info;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String fromEnv = System.getenv("HOSTNAME");
      return fromEnv == null ? "unknown" : fromEnv;
    }
  }

  /** Physical memory, from the JDK's extended bean where this JVM has it; otherwise null. */
  private static Map<String, Long> osMemory(OperatingSystemMXBean os) {
    if (os instanceof com.sun.management.OperatingSystemMXBean extended) {
      return Map.of(
          "total", extended.getTotalMemorySize(),
          "free", extended.getFreeMemorySize());
    }
    return null;
  }
}
