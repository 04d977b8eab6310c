package io.jobwire.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.library.modules.syntax.ModuleRuleDefinition.modules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.Set;
import java.util.TreeSet;

/**
 * The boundaries of jobwire's modules and packages, checked on the main classes of every module
 * (tests are free to reach anywhere). A module is the package {@code io.jobwire.NAME} and
 * everything under it: protocol, runtime, security, queue (job-queue), broker (job-broker),
 * frontend (ws-frontend), worker (worker-sdk), workers, client, launcher, microbench. The map of
 * what each one owns is in docs/architecture.md.
 *
 * <p>A failing rule names the offending class and line. Fix the code, not the rule: a rule that no
 * longer fits the design is changed here and in docs/architecture.md, in one commit.
 */
@AnalyzeClasses(packages = "io.jobwire", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  // Why: a module's root package is its API and `.internal` is free to change. A class that
  // reaches into another module's internals couples the two modules' releases and lets one
  // module break the other's invariants (this is how ws-frontend came to build broker Redis keys).
  @ArchTest
  static void no_module_uses_the_internals_of_another_module(JavaClasses classes) {
    modules()
        .definedByPackages("io.jobwire.(*)..")
        .should()
        .onlyDependOnEachOtherThroughClassesThat()
        .resideOutsideOfPackage("..internal..")
        .check(classes);
  }

  // Why: the modules point one way, so each can be understood, tested and released with only
  // what is below it. protocol is the wire contract every process and language shares; the queue
  // library is what any JVM app embeds; the broker and the front end are peers that talk only
  // through Redis and ZeroMQ, never through each other's classes; a worker needs no Redis; the
  // launcher is the top, and nothing may depend on it (or on the benchmarks).
  @ArchTest
  static void modules_depend_only_on_the_modules_below_them(JavaClasses classes) {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("protocol")
        .definedBy("io.jobwire.protocol..")
        .layer("runtime")
        .definedBy("io.jobwire.runtime..")
        .layer("security")
        .definedBy("io.jobwire.security..")
        .layer("queue")
        .definedBy("io.jobwire.queue..")
        .layer("broker")
        .definedBy("io.jobwire.broker..")
        .layer("frontend")
        .definedBy("io.jobwire.frontend..")
        .layer("worker")
        .definedBy("io.jobwire.worker..")
        .layer("workers")
        .definedBy("io.jobwire.workers..")
        .layer("client")
        .definedBy("io.jobwire.client..")
        .layer("launcher")
        .definedBy("io.jobwire.launcher..")
        .layer("microbench")
        .definedBy("io.jobwire.microbench..")
        .whereLayer("protocol")
        .mayNotAccessAnyLayer()
        .whereLayer("runtime")
        .mayOnlyAccessLayers("protocol")
        .whereLayer("security")
        .mayOnlyAccessLayers("protocol", "runtime")
        .whereLayer("queue")
        .mayOnlyAccessLayers("protocol", "runtime", "security")
        .whereLayer("broker")
        .mayOnlyAccessLayers("queue", "protocol", "runtime", "security")
        .whereLayer("frontend")
        .mayOnlyAccessLayers("queue", "protocol", "runtime", "security")
        .whereLayer("worker")
        .mayOnlyAccessLayers("protocol", "runtime", "security")
        .whereLayer("workers")
        .mayOnlyAccessLayers("worker")
        .whereLayer("client")
        .mayOnlyAccessLayers("protocol")
        .whereLayer("launcher")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("microbench")
        .mayNotBeAccessedByAnyLayer()
        // a new module fails here until it is given its place above
        .ensureAllClassesAreContainedInArchitecture()
        .check(classes);
  }

  // Why: io.jobwire.queue.redis spells jobwire's Redis layout (key names, scripts, the gateway)
  // once, for the processes that own that layout. A worker, a client or the wire contract that
  // used it would tie jobwire's storage to code that must stay free of Redis.
  @ArchTest
  static void only_the_queue_the_broker_and_the_front_end_use_the_redis_layout(
      JavaClasses classes) {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.jobwire.queue..",
            "io.jobwire.broker..",
            "io.jobwire.frontend..",
            "io.jobwire.launcher..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.jobwire.queue.redis..")
        .check(classes);
  }

  // Why: a cycle between packages means neither can be read, tested or moved without the other;
  // each package is meant to be one concept that the ones above it use. The one edge not counted
  // is a module's API naming its own implementation (the static factories `JobQueue.redis`,
  // `Frontend.start`, `Broker.start`, `Worker.builder`, as in resilience4j): the API root may
  // reach into its `internal`, whose packages then use the API's types and each other without
  // cycles.
  @ArchTest
  static void no_cycles_between_packages(JavaClasses classes) {
    SliceRule rule = slices().matching("io.jobwire.(**)").should().beFreeOfCycles();
    Set<String> apiRoots = new TreeSet<>();
    classes.forEach(
        c -> {
          if (c.getPackageName().matches("io\\.jobwire\\.\\w+")) {
            apiRoots.add(c.getPackageName());
          }
        });
    for (String api : apiRoots) {
      rule = rule.ignoreDependency(resideInAPackage(api), resideInAPackage(api + ".internal.."));
    }
    rule.check(classes);
  }

  // Why: the wire contract is shared by workers in any language and must build with Jackson
  // alone; a transport or a store in it would leak into every process and every client.
  @ArchTest
  static void protocol_uses_no_zeromq_redis_or_undertow(JavaClasses classes) {
    usesNoneOf("io.jobwire.protocol..", "org.zeromq..", "zmq..", "redis.clients..", "io.undertow..")
        .check(classes);
  }

  // Why: job-queue is the library any JVM app embeds to enqueue and watch jobs; it speaks Redis
  // only. An HTTP server or a ZeroMQ socket in it would belong to one of the services instead.
  @ArchTest
  static void queue_library_uses_no_undertow_or_zeromq(JavaClasses classes) {
    usesNoneOf("io.jobwire.queue..", "io.undertow..", "org.xnio..", "org.zeromq..", "zmq..")
        .check(classes);
  }

  // Why: the connection package runs on Undertow's IO threads, which must never block; a Redis
  // call there would stall every connection that thread serves. Redis work is handed to the
  // enqueue, auth, ingress and cluster threads.
  @ArchTest
  static void front_end_connections_never_call_redis(JavaClasses classes) {
    usesNoneOf(
            "io.jobwire.frontend.internal.connection..",
            "redis.clients..",
            "io.jobwire.queue.redis..")
        .check(classes);
  }

  /** No class in {@code packages} depends on a class in any of {@code forbidden}. */
  private static ArchRule usesNoneOf(String packages, String... forbidden) {
    return noClasses()
        .that()
        .resideInAPackage(packages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden);
  }
}
