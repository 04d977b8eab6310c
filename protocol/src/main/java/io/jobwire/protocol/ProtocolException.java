package io.jobwire.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** A message that cannot be decoded; carries the error code and the client's {@code ref}. */
public final class ProtocolException extends Exception {
  private final ErrorCode code;
  private final transient JsonNode ref;

  public ProtocolException(ErrorCode code, JsonNode ref, String message) {
    super(message, null, false, false);
    this.code = code;
    this.ref = ref;
  }

  public ErrorCode code() {
    return code;
  }

  /** The {@code ref} of the offending message, or null when it had none or was not JSON. */
  public JsonNode ref() {
    return ref;
  }

  /** The {@code error} reply a client gets for this failure. */
  public ServerMessage.Error toReply() {
    return new ServerMessage.Error(ref, code, getMessage());
  }
}
