package io.jobwire.frontend.internal.wamp;

/**
 * A message this router refuses, with the WAMP error URI to answer it with. When it names a request
 * ({@link #answerable()}) the answer is an {@code ERROR} to that request and the session goes on;
 * otherwise the session is aborted ({@code ABORT}), as the WAMP spec asks for a protocol violation.
 */
final class WampViolation extends Exception {
  static final String PROTOCOL_VIOLATION = "wamp.error.protocol_violation";
  static final String INVALID_URI = "wamp.error.invalid_uri";
  static final String INVALID_ARGUMENT = "wamp.error.invalid_argument";
  static final String OPTION_NOT_ALLOWED = "wamp.error.option_not_allowed";

  private final String reason;
  private final int requestType;
  private final long request;

  private WampViolation(String reason, String message, int requestType, long request) {
    super(message, null, false, false);
    this.reason = reason;
    this.requestType = requestType;
    this.request = request;
  }

  /** The session cannot go on: it is aborted. */
  static WampViolation abort(String reason, String message) {
    return new WampViolation(reason, message, 0, 0);
  }

  /** Request {@code request} of type {@code requestType} gets an {@code ERROR}. */
  static WampViolation error(String reason, String message, int requestType, long request) {
    return new WampViolation(reason, message, requestType, request);
  }

  String reason() {
    return reason;
  }

  boolean answerable() {
    return requestType != 0;
  }

  int requestType() {
    return requestType;
  }

  long request() {
    return request;
  }

  /** The reply: {@code ERROR} to the request, or {@code ABORT}. */
  String reply() {
    return answerable()
        ? WampReply.error(requestType, request, reason, getMessage(), null)
        : WampReply.abort(reason, getMessage());
  }
}
