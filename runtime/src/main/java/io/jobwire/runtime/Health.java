package io.jobwire.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.protocol.Codec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer of a readiness check: every named check and whether it passed.
 *
 * <p>As JSON: {@code {"status":"up","checks":{"redis":true,"ingress":true}}}; HTTP 200 when up, 503
 * when down.
 */
public record Health(Map<String, Boolean> checks) {

  public Health {
    checks = Map.copyOf(new LinkedHashMap<>(checks));
  }

  /** Liveness: the process answers. */
  public static Health live() {
    return new Health(Map.of());
  }

  public boolean up() {
    return checks.values().stream().allMatch(Boolean::booleanValue);
  }

  public int httpStatus() {
    return up() ? 200 : 503;
  }

  public String toJson() {
    ObjectNode json = Codec.mapper().createObjectNode();
    json.put("status", up() ? "up" : "down");
    ObjectNode details = json.putObject("checks");
    checks.keySet().stream().sorted().forEach(name -> details.put(name, checks.get(name)));
    return Codec.encode(json);
  }
}
