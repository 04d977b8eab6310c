// Starts real jobwire processes for the tests: `jobwire demo` in one process, or Redis, broker,
// workers and front end as separate processes (so the front end can be killed and restarted
// while Redis keeps the jobs and subscriptions). Needs launcher/target/jobwire.jar (built by
// `./mvnw package`; JOBWIRE_JAR overrides) and, for `separate`, redis-server on the PATH.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const JAR = process.env.JOBWIRE_JAR || join(root, "launcher", "target", "jobwire.jar");
const JAVA = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
const READY_MS = 60000;

/** Why the tests cannot run here, or null. In CI a missing jar fails instead. */
export function missing() {
  if (existsSync(JAR)) return null;
  const why = "no " + JAR + ": build it with ./mvnw -B -DskipTests package -pl launcher -am";
  if (process.env.CI === "true") throw new Error(why);
  return why;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A child process whose output is kept (and shown when a test fails). */
class Child {
  constructor(name, command, args) {
    this.name = name;
    this.output = "";
    this.process = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const keep = (chunk) => (this.output = (this.output + chunk).slice(-20000));
    this.process.stdout.on("data", keep);
    this.process.stderr.on("data", keep);
    this.exited = new Promise((resolve) => this.process.once("exit", resolve));
  }

  async kill(signal = "SIGTERM") {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill(signal);
    await this.exited;
  }
}

function jobwire(name, ...args) {
  return new Child(name, JAVA, ["-XX:TieredStopAtLevel=1", "-jar", JAR, ...args, "--log-level", "warn"]);
}

/** Resolves once `check()` is true, trying every 100 ms; rejects after `ms` with `what`. */
export async function until(check, what, ms = READY_MS) {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error("timed out waiting for " + what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function ready(httpPort, child) {
  await until(async () => {
    if (child.process.exitCode !== null) throw new Error(child.name + " exited:\n" + child.output);
    return (await fetch("http://127.0.0.1:" + httpPort + "/health/ready")).ok;
  }, child.name + " to be ready:\n" + child.output).catch((e) => {
    throw new Error(e.message + "\n" + child.output);
  });
}

/** redis-server on a free port (never 6379), without persistence. */
async function redisServer(children) {
  const port = await freePort();
  const redis = new Child("redis", "redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
  children.push(redis);
  await until(async () => {
    if (redis.process.exitCode !== null) throw new Error("redis-server exited:\n" + redis.output);
    return redis.output.includes("Ready to accept connections");
  }, "redis-server");
  return "redis://127.0.0.1:" + port;
}

async function stopAll(children) {
  for (const child of children.reverse()) await child.kill();
}

/**
 * `jobwire demo` (front end, broker, example workers) on free ports, on its own redis-server;
 * `extra` flags are added to its command line.
 */
export async function demo(...extra) {
  const children = [];
  try {
    const redisUri = await redisServer(children);
    const [port, ingress, bind] = await Promise.all([freePort(), freePort(), freePort()]);
    const child = jobwire("demo", "demo", "--redis", redisUri, "--port", String(port),
      "--ingress", "tcp://127.0.0.1:" + ingress, "--bind", "tcp://127.0.0.1:" + bind, "--http-port", "0", ...extra);
    children.push(child);
    await ready(port, child);
    return { url: "ws://127.0.0.1:" + port + "/ws", httpPort: port, stop: () => stopAll(children) };
  } catch (e) {
    await stopAll(children);
    throw e;
  }
}

/**
 * Redis, broker, example workers and one front end as separate processes; `frontendArgs` are
 * added to the front end's flags. `killFrontend()` SIGKILLs it; `startFrontend()` starts it again
 * on the same ports.
 */
export async function separate(frontendArgs = []) {
  const children = [];
  const redisUri = await redisServer(children);
  const [bind, port, ingress] = await Promise.all([freePort(), freePort(), freePort()]);
  const endpoint = "tcp://127.0.0.1:" + bind;
  children.push(jobwire("broker", "broker", "--redis", redisUri, "--bind", endpoint, "--http-port", "0"));
  children.push(jobwire("workers", "workers", "--broker", endpoint, "--capacity", "4"));
  let frontend = null;
  const stack = {
    url: "ws://127.0.0.1:" + port + "/ws",
    async startFrontend() {
      frontend = jobwire("frontend", "frontend", "--redis", redisUri, "--id", "fe-test", "--port", String(port),
        "--ingress", "tcp://127.0.0.1:" + ingress, ...frontendArgs);
      children.push(frontend);
      await ready(port, frontend);
    },
    killFrontend: () => frontend.kill("SIGKILL"),
    output: () => children.map((c) => "---- " + c.name + "\n" + c.output).join("\n"),
    stop: () => stopAll(children),
  };
  try {
    await stack.startFrontend();
  } catch (e) {
    await stack.stop();
    throw e;
  }
  return stack;
}
