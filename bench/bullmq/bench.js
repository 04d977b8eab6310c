#!/usr/bin/env node
// The BullMQ side of `jobwire bench bullmq`: the same queue-only workload as jobwire's, against
// the same Redis. Prints one JSON object on stdout.
//
//   node bench.js throughput --redis redis://127.0.0.1:6379 --jobs 200000 --batch 1000
//   node bench.js latency    --redis redis://127.0.0.1:6379 --rate 1000 --duration 10 --warmup 5
//
// throughput: addBulk in batches while a Worker (concurrency 50, no-op processor,
// removeOnComplete) drains; jobs/s from the first add until the last 'completed'.
// latency: one add every 1/rate s; add -> 'completed' timed from each intended add time.
import { Queue, Worker } from "bullmq";

function args(argv) {
  const out = { mode: argv[0] };
  for (let i = 1; i < argv.length; i += 2) out[argv[i].replace(/^--/, "")] = argv[i + 1];
  return out;
}

const opts = args(process.argv.slice(2));
const url = new URL(opts.redis ?? "redis://127.0.0.1:6379");
const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
const concurrency = Number(opts.concurrency ?? 50);
const name = `bench-${process.pid}-${Date.now()}`;
const now = () => Number(process.hrtime.bigint());

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function throughput(queue) {
  const jobs = Number(opts.jobs ?? 200000);
  const batch = Number(opts.batch ?? 1000);
  let completed = 0;
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  const worker = new Worker(name, async () => null, { connection, concurrency, autorun: false });
  worker.on("completed", () => {
    if (++completed === jobs) resolveDone();
  });
  await worker.waitUntilReady();
  worker.run();
  const start = now();
  for (let sent = 0; sent < jobs; sent += batch) {
    const n = Math.min(batch, jobs - sent);
    await queue.addBulk(
      Array.from({ length: n }, () => ({ name: "noop", data: {}, opts: { removeOnComplete: true } })),
    );
  }
  await done;
  const seconds = (now() - start) / 1e9;
  await worker.close();
  return { jobs, batch, concurrency, jobs_per_s: jobs / seconds };
}

async function latency(queue) {
  const rate = Number(opts.rate ?? 1000);
  const warmup = rate * Number(opts.warmup ?? 5);
  const total = warmup + rate * Number(opts.duration ?? 10);
  const period = 1e9 / rate;
  const samples = [];
  let completed = 0;
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  const worker = new Worker(name, async () => null, { connection, concurrency, autorun: false });
  worker.on("completed", (job) => {
    if (job.data.i >= warmup) samples.push(now() - job.data.t);
    if (++completed === total) resolveDone();
  });
  await worker.waitUntilReady();
  worker.run();
  const start = now() + 50e6;
  for (let i = 0; i < total; i++) {
    const intended = start + i * period;
    const wait = (intended - now()) / 1e6;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Not awaited: a slow add must not delay the next one (its latency counts from `intended`).
    queue.add("noop", { t: intended, i }, { removeOnComplete: true });
  }
  await done;
  await worker.close();
  samples.sort((a, b) => a - b);
  const ms = (p) => percentile(samples, p) / 1e6;
  return { rate, count: samples.length, p50_ms: ms(50), p90_ms: ms(90), p99_ms: ms(99), p999_ms: ms(99.9), max_ms: samples[samples.length - 1] / 1e6 };
}

const queue = new Queue(name, { connection });
await queue.waitUntilReady();
let result;
if (opts.mode === "throughput") result = await throughput(queue);
else if (opts.mode === "latency") result = await latency(queue);
else {
  console.error("usage: node bench.js throughput|latency --redis URI [--jobs N --batch N | --rate R --duration S --warmup S]");
  process.exit(2);
}
await queue.obliterate({ force: true });
await queue.close();
console.log(JSON.stringify({ bullmq: (await import("bullmq/package.json", { with: { type: "json" } })).default.version, mode: opts.mode, ...result }));
process.exit(0);
