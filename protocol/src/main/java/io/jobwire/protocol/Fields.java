package io.jobwire.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** Field checks shared by the message records' constructors. */
final class Fields {
  private Fields() {}

  static void require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing field '" + name + "'");
    }
  }

  static JsonNode requireRoute(JsonNode route) {
    if (route == null || !route.isObject() || !route.path("sub").isTextual()) {
      throw new IllegalArgumentException("'route' must be an object with a string 'sub'");
    }
    return route;
  }
}
