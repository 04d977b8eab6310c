package io.jobwire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The codec reads a message in one pass and falls back to a JSON tree only when that pass fails.
 * Whatever the input, the answer must be the tree path's: the same record, or the same error code
 * and text.
 */
class FastPathTest {
  private static final List<String> CLIENT =
      List.of(
          "{'op':'ping'}",
          "{'op':'ping','ref':17}",
          "{'ref':'a','op':'ping'}",
          "{'op':'ping','ref':null}",
          "{'op':'ping','ref':{'a':1}}",
          "{'op':'ping','ref':[1]}",
          "{'op':'ping','ref':1e400}",
          "{'op':'ping','ref':-1e400}",
          "{'op':'ping','ref':123456789012345678901234567890}",
          "{'op':'subscribe','ref':1,'topic':'bench.echo','params':{'t':1}}",
          "{'params':{'t':[1,{'a':null}]},'topic':'bench.echo','op':'subscribe'}",
          "{'op':'subscribe','topic':'t','params':[1]}",
          "{'op':'subscribe','topic':5,'params':{}}",
          "{'op':'subscribe','ref':1,'params':{}}",
          "{'op':'subscribe','resume':{'sub':'s-1','last_seq':3}}",
          "{'op':'subscribe','topic':'t','batch':[{},{'a':1}]}",
          "{'op':'unsubscribe','sub':'s-1'}",
          "{'op':'status','job':'j-1'}",
          "{'op':'auth','token':'x'}",
          "{'op':'auth','ref':1}",
          "{'op':'nope'}",
          "{'op':5}",
          "{'op':true}",
          "{'op':null}",
          "{'op':{'a':1}}",
          "{'op':['ping']}",
          "{'ref':1}",
          "{}",
          "[]",
          "[{'op':'ping'}]",
          "'ping'",
          "12",
          "null",
          "",
          "   ",
          "{'op':'ping'} {'op':'ping'}",
          "{'op':'ping'}]",
          "{'op':'ping',}",
          "{'op':'ping'",
          "{op:'ping'}",
          "{'op':'ping','op':'status','job':'j'}",
          "{'op':'status','job':'j','op':'ping'}",
          "{'op':'ping','ref':1,'ref':{'a':1}}",
          "{'op':'subscribe','topic':'a','topic':'b','params':{}}",
          "{'op':'subscribe','topic':'t','params':{'a':1,'a':2}}",
          "{'op':'ping','extra':{'deep':[[[[1]]]]}}",
          "{'op':'ping\\u0000'}",
          "{'op':'p\\u0069ng'}");

  private static final List<String> WORKER =
      List.of(
          "{'type':'ready','worker':'w','topics':['a'],'capacity':4}",
          "{'type':'ready','worker':'w','topics':'a','capacity':1}",
          "{'type':'ready','worker':'w','topics':['a']}",
          "{'type':'done','job':'j-1'}",
          "{'job':'j-1','type':'done'}",
          "{'type':'done','job':'j-1','ref':{'a':1}}",
          "{'type':'done','job':'j-1','type':'fail'}",
          "{'type':'fail','job':'j','error':{'code':'x','message':'m'},'retry':true}",
          "{'type':'fail','job':'j','error':{'code':'x','message':'m'},'retry':'no'}",
          "{'type':'heartbeat','worker':'w','jobs':['j-1','j-2']}",
          "{'type':'bye','worker':'w'}",
          "{'type':'what'}",
          "{'type':1}",
          "{}",
          "[]",
          "",
          "{'type':'done'");

  private static final List<String> INGRESS =
      List.of(
          "{'type':'result','job':'j-1','route':{'sub':'s-1','fe':'f'},'seq':1,'data':{'t':1}}",
          "{'type':'progress','route':{'sub':'s-1'},'data':50}",
          "{'type':'progress','route':'s-1','data':1}",
          "{'type':'result','data':1}",
          "{'type':'failed','job':'j','route':{'sub':'s'},'error':{'code':'x','message':'m'}}",
          "{'type':'failed','job':'j','route':{'sub':'s'}}",
          "{'type':'publish','topic':'news','data':{'a':1}}",
          "{'type':'publish','topic':'bad topic!','data':1}",
          "{'type':'result','route':{'sub':'s','fe':'f','shard':2},'data':1,'trace':'x'}",
          "{'type':'result','route':{'sub':'s'},'seq':'1','data':1}",
          "{'type':'result','route':{'sub':'s'},'data':1,'route':{'sub':'t'}}");

  @Test
  void client_messages_decode_as_through_a_tree() {
    for (String input : withVariants(CLIENT)) {
      assertEquals(
          outcome(() -> Codec.decodeThroughTree(input, "op", ClientMessage.class)),
          outcome(() -> Codec.decodeClient(input)),
          input);
    }
  }

  @Test
  void worker_messages_decode_as_through_a_tree() {
    for (String input : withVariants(WORKER)) {
      byte[] frame = input.getBytes(StandardCharsets.UTF_8);
      assertEquals(
          outcome(() -> Codec.decodeThroughTree(frame, "type", WorkerMessage.class)),
          outcome(() -> Codec.decodeWorker(frame)),
          input);
    }
  }

  @Test
  void ingress_messages_decode_as_through_a_tree() {
    for (String input : withVariants(INGRESS)) {
      byte[] frame = input.getBytes(StandardCharsets.UTF_8);
      assertEquals(
          outcome(() -> Codec.decodeThroughTree(frame, "type", IngressMessage.class)),
          outcome(() -> Codec.decodeIngress(frame)),
          input);
    }
  }

  /** Each input (' for "), and copies of it with one character dropped or doubled. */
  private static List<String> withVariants(List<String> singleQuoted) {
    Random random = new Random(42);
    List<String> out = new ArrayList<>();
    for (String sample : singleQuoted) {
      String json = sample.replace('\'', '"');
      out.add(json);
      for (int i = 0; i < 5 && json.length() > 1; i++) {
        int at = random.nextInt(json.length());
        out.add(json.substring(0, at) + json.substring(at + 1));
        out.add(json.substring(0, at + 1) + json.substring(at));
      }
    }
    return out;
  }

  private interface Decode {
    Object run() throws ProtocolException;
  }

  /** The record decoded, or the error as code and text. */
  private static Object outcome(Decode decode) {
    try {
      return decode.run();
    } catch (ProtocolException e) {
      return e.code() + ": " + e.getMessage();
    }
  }
}
