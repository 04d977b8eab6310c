package io.jobwire.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.worker.JobFailure;

/** Reads typed job parameters; a bad one fails the job with {@code bad_request}, no retry. */
final class Params {
  static final String BAD_REQUEST = "bad_request";

  private Params() {}

  static String string(JsonNode params, String name, String defaultValue) {
    JsonNode value = params.get(name);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isTextual()) {
      throw bad(name, "a string", value);
    }
    return value.asText();
  }

  static boolean bool(JsonNode params, String name, boolean defaultValue) {
    JsonNode value = params.get(name);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isBoolean()) {
      throw bad(name, "true or false", value);
    }
    return value.booleanValue();
  }

  static int integer(JsonNode params, String name, int defaultValue) {
    return integer(params, name, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  static int integer(JsonNode params, String name, int defaultValue, int min, int max) {
    JsonNode value = params.get(name);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.canConvertToExactIntegral() || !value.canConvertToInt()) {
      throw bad(name, "an integer", value);
    }
    int n = value.asInt();
    if (n < min || n > max) {
      throw JobFailure.permanent(
          BAD_REQUEST,
          "param '" + name + "' must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  static <T> T as(JsonNode params, Class<T> type) {
    try {
      return Codec.mapper().treeToValue(params, type);
    } catch (Exception e) {
      throw new JobFailure(
          BAD_REQUEST,
          "params do not fit " + type.getSimpleName() + ": " + firstLine(e.getMessage()),
          false,
          e);
    }
  }

  private static JobFailure bad(String name, String expected, JsonNode value) {
    return JobFailure.permanent(
        BAD_REQUEST, "param '" + name + "' must be " + expected + ", got " + value);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int cut = text.indexOf('\n');
    return cut < 0 ? text : text.substring(0, cut);
  }
}
