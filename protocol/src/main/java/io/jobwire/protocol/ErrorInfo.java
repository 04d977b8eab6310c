package io.jobwire.protocol;

import java.util.Objects;

/** The {@code error: {code, message}} object of {@code failed}, {@code fail} and {@code status}. */
public record ErrorInfo(String code, String message) {
  public ErrorInfo {
    Objects.requireNonNull(code, "error.code");
    message = message == null ? "" : message;
  }

  public static ErrorInfo of(ErrorCode code, String message) {
    return new ErrorInfo(code.wire(), message);
  }
}
