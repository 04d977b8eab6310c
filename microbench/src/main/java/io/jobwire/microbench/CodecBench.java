package io.jobwire.microbench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec work one no-op job costs on its way through jobwire, one benchmark per step: what the
 * front end, the worker and the broker each decode and encode. Run with {@code java -jar
 * microbench/target/benchmarks.jar CodecBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBench {
  private static final String SUBSCRIBE =
      "{\"op\":\"subscribe\",\"ref\":17,\"topic\":\"bench.echo\",\"params\":{\"t\":123456789012345}}";
  private static final byte[] INGRESS_RESULT =
      ("{\"type\":\"result\",\"job\":\"j-ETD0Oh3exBCg1waIxx5i\",\"route\":{\"sub\":\"s-0123456789abcdef\","
              + "\"fe\":\"fe-0123456789\"},\"seq\":1,\"data\":{\"t\":123456789012345}}")
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] DONE =
      "{\"type\":\"done\",\"job\":\"j-ETD0Oh3exBCg1waIxx5i\"}".getBytes(StandardCharsets.UTF_8);

  private JsonNode data;
  private JsonNode route;

  @Setup
  public void setUp() throws ProtocolException {
    data = Codec.parse("{\"t\":123456789012345}");
    route = Codec.parse("{\"sub\":\"s-0123456789abcdef\",\"fe\":\"fe-0123456789\"}");
  }

  /** Front end, IO thread: a client's subscribe. */
  @Benchmark
  public Object decodeSubscribe() throws ProtocolException {
    return Codec.decodeClient(SUBSCRIBE);
  }

  /** Worker: its result, pushed to the front end. */
  @Benchmark
  public byte[] encodeIngressResult() {
    return Codec.encodeBytes(new IngressMessage.Result("j-ETD0Oh3exBCg1waIxx5i", route, 1L, data));
  }

  /** Front end, ingress thread: a worker's result. */
  @Benchmark
  public Object decodeIngressResult() throws ProtocolException {
    return Codec.decodeIngress(INGRESS_RESULT);
  }

  /** Front end, ingress thread: the result frame for the client. */
  @Benchmark
  public String encodeClientResult() {
    return Codec.encode(
        new ServerMessage.Result("s-0123456789abcdef", "j-ETD0Oh3exBCg1waIxx5i", 1, data));
  }

  /** Broker: a worker's done. */
  @Benchmark
  public Object decodeDone() throws ProtocolException {
    return Codec.decodeWorker(DONE);
  }
}
