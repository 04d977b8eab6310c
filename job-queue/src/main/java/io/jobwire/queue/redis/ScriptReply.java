package io.jobwire.queue.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Lua script's reply read with its types checked: a value of the wrong type or a missing place
 * throws {@link UnexpectedReply}, naming the script and the place, instead of a {@code
 * ClassCastException} far from the script. Each script's reply is turned into Java in one place (a
 * record's {@code from}), through this.
 */
public final class ScriptReply {
  private final String script;
  private final String where;
  private final List<?> items;

  private ScriptReply(String script, String where, List<?> items) {
    this.script = script;
    this.where = where;
    this.items = items;
  }

  /** {@code reply} as a list (a Lua table); throws when it is none. */
  public static ScriptReply of(LuaScript script, Object reply) {
    return list(script.name(), "reply", reply);
  }

  /** {@code reply} as an integer. */
  public static long number(LuaScript script, Object reply) {
    return number(script.name(), "reply", reply);
  }

  /** {@code reply} as a string. */
  public static String string(LuaScript script, Object reply) {
    if (reply instanceof String s) {
      return s;
    }
    throw unexpected(script.name(), "reply", "a string", reply);
  }

  /** {@code reply} as a list of strings. */
  public static List<String> strings(LuaScript script, Object reply) {
    return of(script, reply).strings();
  }

  public int size() {
    return items.size();
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  public String string(int i) {
    Object value = at(i);
    if (value instanceof String s) {
      return s;
    }
    throw unexpected(script, place(i), "a string", value);
  }

  public long number(int i) {
    return number(script, place(i), at(i));
  }

  /** A number the script returns as text (Redis hash fields are strings). */
  public long numberText(int i) {
    String text = string(i);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw unexpected(script, place(i), "a number as text", text);
    }
  }

  public ScriptReply list(int i) {
    return list(script, place(i), at(i));
  }

  /** This list's items, each a list. */
  public List<ScriptReply> lists() {
    List<ScriptReply> lists = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      lists.add(list(i));
    }
    return lists;
  }

  /** This list's items, each a string. */
  public List<String> strings() {
    List<String> strings = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      strings.add(string(i));
    }
    return strings;
  }

  /** This list, (name, value) pairs flattened, as a map in their order. */
  public Map<String, String> pairs() {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < items.size(); i += 2) {
      map.put(string(i), string(i + 1));
    }
    return map;
  }

  private Object at(int i) {
    if (i >= items.size()) {
      throw new UnexpectedReply(
          "script "
              + script
              + ": "
              + where
              + " has "
              + items.size()
              + " item(s), expected at least "
              + (i + 1)
              + "; are the Lua script and the Java reading it in step?");
    }
    return items.get(i);
  }

  private String place(int i) {
    return where + "[" + i + "]";
  }

  private static ScriptReply list(String script, String where, Object value) {
    if (value instanceof List<?> list) {
      return new ScriptReply(script, where, list);
    }
    throw unexpected(script, where, "a list", value);
  }

  private static long number(String script, String where, Object value) {
    if (value instanceof Long n) {
      return n;
    }
    throw unexpected(script, where, "an integer", value);
  }

  private static UnexpectedReply unexpected(
      String script, String where, String expected, Object value) {
    String found =
        value == null ? "nil" : value.getClass().getSimpleName() + " " + abbreviated(value);
    return new UnexpectedReply(
        "script "
            + script
            + ": "
            + where
            + " is "
            + found
            + ", expected "
            + expected
            + "; are the Lua script and the Java reading it in step?");
  }

  private static String abbreviated(Object value) {
    String text = String.valueOf(value);
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }

  /** A script replied in a shape its reader does not expect: a bug, not a Redis outage. */
  public static final class UnexpectedReply extends IllegalStateException {
    UnexpectedReply(String message) {
      super(message);
    }
  }
}
