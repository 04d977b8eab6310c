package io.jobwire.queue.redis;

/** The Lua scripts, read once per JVM. Each one is a single atomic state change. */
public final class Scripts {
  public static final LuaScript ENQUEUE = LuaScript.leasing("enqueue");
  public static final LuaScript CANCEL = LuaScript.load("cancel");

  /**
   * Not retried: a claim whose reply was lost has leased its jobs to slots the broker never hears
   * of; running it again would lease a second batch while the first waits out its lease. The
   * broker's loop claims again on a later turn instead (see {@link RedisGateway}).
   */
  public static final LuaScript CLAIM = LuaScript.leasing("claim").withoutRetry();

  public static final LuaScript PAUSE = LuaScript.load("pause");
  public static final LuaScript NOTICES = LuaScript.load("notices");
  static final LuaScript FIRE = LuaScript.load("lease", "fire", "enqueue").named("fire");
  static final LuaScript SCHEDULE_PUT = LuaScript.standalone("schedule_put");
  static final LuaScript SCHEDULE_REMOVE = LuaScript.standalone("schedule_remove");
  static final LuaScript SCHEDULE_FIRED = LuaScript.standalone("schedule_fired");

  public static final LuaScript ACK = LuaScript.load("ack");
  public static final LuaScript FAIL = LuaScript.load("fail");
  public static final LuaScript REQUEUE = LuaScript.load("requeue");
  public static final LuaScript DUE = LuaScript.load("due");
  public static final LuaScript EXTEND = LuaScript.load("extend");
  public static final LuaScript CANCELLED = LuaScript.load("cancelled");
  public static final LuaScript OWNED = LuaScript.load("owned");
  public static final LuaScript DEAD_RETRY = LuaScript.load("dead_retry");
  public static final LuaScript DEAD_PURGE = LuaScript.load("dead_purge");
  public static final LuaScript REROUTE = LuaScript.load("reroute");
  static final LuaScript RECORD = LuaScript.load("record");
  static final LuaScript BATCH_CREATE = LuaScript.load("batch_create");
  static final LuaScript BATCH_FINISH = LuaScript.load("batch_finish");
  static final LuaScript BATCH_QUEUED = LuaScript.load("batch_queued");

  private Scripts() {}
}
