package io.jobwire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jobwire.protocol.testing.Schemas;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Messages written by hand the way PROTOCOL.md and docs/protocol.md show them (with ' for "): each
 * is valid for its schema and decodes with {@link Codec}.
 */
class ContractExamplesTest {

  @Test
  void the_ping_session_of_the_contract_is_valid() throws Exception {
    client("{'op':'subscribe','ref':1,'topic':'ping','params':{'count':3}}");
    server("{'op':'subscribed','ref':1,'sub':'s-7Qf','topic':'ping','job':'j-91c'}");
    server("{'op':'progress','sub':'s-7Qf','job':'j-91c','seq':1,'data':{'tick':1}}");
    server("{'op':'progress','sub':'s-7Qf','job':'j-91c','seq':2,'data':{'tick':2}}");
    server("{'op':'progress','sub':'s-7Qf','job':'j-91c','seq':3,'data':{'tick':3}}");
    var result = server("{'op':'result','sub':'s-7Qf','job':'j-91c','seq':4,'data':{'ticks':3}}");
    assertEquals(4, assertInstanceOf(ServerMessage.Result.class, result).seq());
  }

  @Test
  void the_batch_session_of_the_contract_is_valid() throws Exception {
    var subscribe =
        client("{'op':'subscribe','ref':1,'topic':'resize','batch':[{'image':'a.png'},{}]}");
    assertEquals(2, assertInstanceOf(ClientMessage.Subscribe.class, subscribe).batch().size());
    server("{'op':'subscribed','ref':1,'sub':'s-7Qf','topic':'resize','job':'b-Qx3'}");
    server("{'op':'result','sub':'s-7Qf','job':'j-91c','seq':1,'data':{'width':640}}");
    server(
        "{'op':'progress','sub':'s-7Qf','job':'b-Qx3','seq':2,'data':{'batch':'b-Qx3',"
            + "'job':'j-91c','state':'succeeded','done':1,'succeeded':1,'failed':0,'total':2}}");
    server(
        "{'op':'failed','sub':'s-7Qf','job':'j-92d','seq':3,"
            + "'error':{'code':'bad_image','message':'not a PNG'}}");
    server(
        "{'op':'progress','sub':'s-7Qf','job':'b-Qx3','seq':4,'data':{'batch':'b-Qx3',"
            + "'job':'j-92d','state':'dead','code':'bad_image','done':2,'succeeded':1,"
            + "'failed':1,'total':2}}");
    server(
        "{'op':'result','sub':'s-7Qf','job':'b-Qx3','seq':5,'data':{'batch':'b-Qx3','done':2,"
            + "'succeeded':1,'failed':1,'total':2,'failures':[{'job':'j-92d','state':'dead',"
            + "'code':'bad_image'}]}}");
  }

  @Test
  void every_client_op_written_by_hand_is_valid() throws Exception {
    client("{'op':'auth','ref':'a','token':'t-5d1e0c'}");
    client("{'op':'subscribe','topic':'sysinfo'}");
    client("{'op':'subscribe','ref':2,'resume':{'sub':'s-7Qf','after':4}}");
    client("{'op':'unsubscribe','ref':true,'sub':'s-7Qf'}");
    client("{'op':'status','ref':1.5,'job':'j-91c'}");
    client("{'op':'ping'}");
    client("{'op':'ping','ref':null,'sent_at':1700000000000}");
  }

  @Test
  void every_server_op_written_by_hand_is_valid() throws Exception {
    server("{'op':'welcome','conn':'c-1','user':null,'protocol':'jobwire.v1'}");
    server("{'op':'authenticated','ref':'a','user':'alice'}");
    server(
        "{'op':'failed','sub':'s-7Qf','job':'j-91c','seq':5,"
            + "'error':{'code':'retries_exhausted','message':'failed 3 times'}}");
    server("{'op':'event','sub':'s-7Qf','seq':6,'data':'deploy done'}");
    server("{'op':'unsubscribed','ref':true,'sub':'s-7Qf'}");
    server(
        "{'op':'status','ref':1.5,'job':'j-91c','state':'succeeded',"
            + "'attempts':1,'progress':{'tick':3},'error':null}");
    server("{'op':'gap','sub':'s-7Qf','from':1,'to':3}");
    server("{'op':'error','ref':7,'code':'unauthorized','message':'send auth first'}");
    server("{'op':'pong','ref':null}");
    server(
        "{'op':'notice','sub':'s-7Qf','topic':'pnig','code':'no_worker',"
            + "'message':'no live worker serves topic pnig now'}");
  }

  @Test
  void a_worker_lifecycle_written_by_hand_is_valid() throws Exception {
    worker("{'type':'ready','worker':'py-1','topics':['ping'],'capacity':2}");
    broker(
        "{'type':'job','job':{'id':'j-91c','topic':'ping','params':{'count':3},"
            + "'user':'alice','reply_to':'tcp://127.0.0.1:5555',"
            + "'route':{'sub':'s-7Qf','fe':'fe-1'},'attempt':1,'max_attempts':3,"
            + "'deadline':1700000060000}}");
    broker("{'type':'heartbeat'}");
    worker("{'type':'heartbeat','worker':'py-1','running':['j-91c']}");
    ingress(
        "{'type':'progress','job':'j-91c','route':{'sub':'s-7Qf','fe':'fe-1'},"
            + "'seq':1,'data':{'tick':1}}");
    ingress(
        "{'type':'result','job':'j-91c','route':{'sub':'s-7Qf','fe':'fe-1'},"
            + "'seq':2,'data':{'ticks':1}}");
    worker("{'type':'done','job':'j-91c'}");
    worker(
        "{'type':'fail','job':'j-92','error':{'code':'bad_host','message':'x'},"
            + "'retry':false}");
    broker("{'type':'cancel','job':'j-93'}");
    ingress(
        "{'type':'failed','job':'j-92','route':{'sub':'s-7Qf'},"
            + "'error':{'code':'dead','message':'retry:false'}}");
    worker("{'type':'bye','worker':'py-1'}");
  }

  @Test
  void a_background_job_without_subscriber_is_valid() throws Exception {
    broker(
        "{'type':'job','job':{'id':'j-1','topic':'sysinfo','params':{},"
            + "'user':null,'reply_to':null,'route':null,'attempt':2,'max_attempts':3,"
            + "'deadline':null}}");
  }

  @Test
  void messages_pushed_by_hand_from_a_terminal_are_valid() throws Exception {
    var result = ingress("{'type':'result','route':{'sub':'s-7Qf'},'data':{'answer':42}}");
    assertEquals("s-7Qf", assertInstanceOf(IngressMessage.Result.class, result).sub());
    ingress("{'type':'progress','route':{'sub':'s-7Qf'},'data':50}");
    ingress("{'type':'publish','topic':'news','data':{'headline':'hi'}}");
  }

  private static ClientMessage client(String singleQuoted) throws ProtocolException {
    String json = doubleQuoted(singleQuoted);
    Schemas.assertValid("client", json);
    return Codec.decodeClient(json);
  }

  private static ServerMessage server(String singleQuoted) throws ProtocolException {
    String json = doubleQuoted(singleQuoted);
    Schemas.assertValid("server", json);
    return Codec.decodeServer(json);
  }

  private static WorkerMessage worker(String singleQuoted) throws ProtocolException {
    String json = doubleQuoted(singleQuoted);
    Schemas.assertValid("worker", json);
    return Codec.decodeWorker(json.getBytes(StandardCharsets.UTF_8));
  }

  private static BrokerMessage broker(String singleQuoted) throws ProtocolException {
    String json = doubleQuoted(singleQuoted);
    Schemas.assertValid("broker", json);
    return Codec.decodeBroker(json.getBytes(StandardCharsets.UTF_8));
  }

  private static IngressMessage ingress(String singleQuoted) throws ProtocolException {
    String json = doubleQuoted(singleQuoted);
    Schemas.assertValid("ingress", json);
    return Codec.decodeIngress(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Lets the examples above use ' for " so that they read like the docs. */
  private static String doubleQuoted(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }
}
