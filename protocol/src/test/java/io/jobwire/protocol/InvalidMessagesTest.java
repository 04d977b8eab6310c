package io.jobwire.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.testing.Schemas;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schemas reject what the contract forbids, and say which field is wrong. */
class InvalidMessagesTest {

  @Test
  void rejects_a_missing_required_field() {
    rejected("server", "{'op':'progress','sub':'s-1','job':'j-1','data':1}", "seq");
    rejected("client", "{'op':'auth','ref':1}", "token");
    rejected("worker", "{'type':'ready','worker':'w','topics':['a']}", "capacity");
    rejected("worker", "{'type':'fail','job':'j','error':{'code':'x'},'retry':true}", "message");
    rejected("broker", "{'type':'job','job':{'id':'j','topic':'t'}}", "reply_to");
    rejected("ingress", "{'type':'result','data':1}", "route");
    rejected("server", "{'op':'welcome','conn':'c-1','protocol':'jobwire.v1'}", "user");
  }

  @Test
  void rejects_a_subscribe_with_neither_topic_nor_resume() {
    rejected("client", "{'op':'subscribe','ref':1,'params':{}}", "topic");
  }

  @Test
  void rejects_a_wrongly_typed_field() {
    rejected("server", "{'op':'progress','sub':'s','job':'j','seq':'1','data':1}", "seq");
    rejected("client", "{'op':'subscribe','topic':'t','params':[1]}", "params");
    rejected("client", "{'op':'ping','ref':{'a':1}}", "ref");
    rejected("worker", "{'type':'ready','worker':'w','topics':'a','capacity':1}", "topics");
    rejected(
        "worker",
        "{'type':'fail','job':'j','error':{'code':'x','message':'m'}," + "'retry':'no'}",
        "retry");
    rejected("ingress", "{'type':'progress','route':'s-1','data':1}", "route");
  }

  @Test
  void rejects_values_outside_the_contract() {
    rejected("worker", "{'type':'ready','worker':'w','topics':['a'],'capacity':0}", "capacity");
    rejected(
        "server",
        "{'op':'status','job':'j','state':'done','attempts':1," + "'progress':null,'error':null}",
        "state");
    rejected("server", "{'op':'error','code':'oops','message':'m'}", "code");
    rejected(
        "server", "{'op':'welcome','conn':'c','user':null,'protocol':'jobwire.v2'}", "protocol");
    rejected("server", "{'op':'event','sub':'s','seq':0,'data':1}", "seq");
    rejected("ingress", "{'type':'result','route':{'fe':'f'},'data':1}", "sub");
    rejected("client", "{'op':'unsubscribe','sub':''}", "sub");
  }

  @Test
  void rejects_a_message_on_the_wrong_channel() {
    rejected("client", "{'type':'heartbeat','worker':'w','running':[]}", "'op'");
    rejected("broker", "{'type':'ready','worker':'w','topics':['a'],'capacity':1}", "ready");
  }

  @Test
  void accepts_fields_the_contract_does_not_name() {
    valid("server", "{'op':'pong','ref':1,'server_time':1700000000000}");
    valid(
        "ingress", "{'type':'result','route':{'sub':'s','fe':'f','shard':2},'data':1,'trace':'x'}");
  }

  private static void valid(String channel, String singleQuoted) {
    Schemas.assertValid(channel, singleQuoted.replace('\'', '"'));
  }

  /** Fails unless the message (written with ' for ") breaks its schema at {@code mentioning}. */
  private static void rejected(String channel, String singleQuoted, String mentioning) {
    String json = singleQuoted.replace('\'', '"');
    Schemas.assertInvalid(channel, json);
    List<String> problems = Schemas.problems(channel, json);
    assertTrue(
        problems.stream().anyMatch(p -> p.contains(mentioning)),
        "expected a problem mentioning " + mentioning + " for " + json + ", got " + problems);
  }
}
