package io.jobwire.broker.internal;

/** The Lua scripts, read once per JVM. Each one is a single atomic state change. */
final class Scripts {
  static final LuaScript ENQUEUE = LuaScript.load("enqueue");
  static final LuaScript CANCEL = LuaScript.load("cancel");
  static final LuaScript CLAIM = LuaScript.load("claim");
  static final LuaScript PAUSE = LuaScript.load("pause");
  static final LuaScript NOTICES = LuaScript.load("notices");
  static final LuaScript FIRE = LuaScript.load("fire", "enqueue");
  static final LuaScript SCHEDULE_PUT = LuaScript.standalone("schedule_put");
  static final LuaScript SCHEDULE_REMOVE = LuaScript.standalone("schedule_remove");
  static final LuaScript SCHEDULE_FIRED = LuaScript.standalone("schedule_fired");

  static final LuaScript ACK = LuaScript.load("ack");
  static final LuaScript FAIL = LuaScript.load("fail");
  static final LuaScript REQUEUE = LuaScript.load("requeue");
  static final LuaScript DUE = LuaScript.load("due");
  static final LuaScript EXTEND = LuaScript.load("extend");
  static final LuaScript CANCELLED = LuaScript.load("cancelled");
  static final LuaScript OWNED = LuaScript.load("owned");
  static final LuaScript DEAD_RETRY = LuaScript.load("dead_retry");
  static final LuaScript DEAD_PURGE = LuaScript.load("dead_purge");
  static final LuaScript REROUTE = LuaScript.load("reroute");
  static final LuaScript RECORD = LuaScript.load("record");
  static final LuaScript BATCH_CREATE = LuaScript.load("batch_create");
  static final LuaScript BATCH_FINISH = LuaScript.load("batch_finish");
  static final LuaScript BATCH_QUEUED = LuaScript.load("batch_queued");

  private Scripts() {}
}
