// The front end is killed (SIGKILL) in the middle of a job and started again on the same Redis:
// the client reconnects, authenticates again with a fresh JWT from its callback, resumes after
// the last seq it saw, and the application gets every tick exactly once.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { Client } from "../src/index.js";
import { missing, separate } from "./stack.js";

const SECRET = "a-test-secret-of-at-least-32-bytes-long";

function jwt(user) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const body = part({ alg: "HS256", typ: "JWT" }) + "." + part({ sub: user, exp: Math.floor(Date.now() / 1000) + 60 });
  return body + "." + createHmac("sha256", SECRET).update(body).digest("base64url");
}

describe("client across a front end restart", { skip: missing() ?? false }, () => {
  let stack;

  before(async () => {
    stack = await separate(["--auth", "jwt", "--jwt-secret", SECRET]);
  });

  after(async () => {
    await stack?.stop();
  });

  test("resumes after a kill -9 of the front end with no tick lost or repeated", async () => {
    let tokens = 0;
    const client = new Client(stack.url, { token: () => (tokens++, jwt("alice")), initialBackoffMs: 100, maxBackoffMs: 1000 });
    const states = [];
    client.on("state", (s) => states.push(s.state));
    try {
      const ticks = [];
      const seqs = [];
      let killed;
      const halfway = new Promise((resolve) => (killed = resolve));
      const run = client.subscribe("ping", { count: 20, interval_ms: 200 }, {
        onProgress: (data, m) => {
          ticks.push(data.tick);
          seqs.push(m.seq);
          if (data.tick === 5) killed();
        },
        onGap: (m) => assert.fail("gap " + JSON.stringify(m)),
      });
      await halfway;
      await stack.killFrontend();
      await stack.startFrontend();

      assert.deepEqual(await run.result, { ticks: 20 });
      assert.deepEqual(ticks, Array.from({ length: 20 }, (_, i) => i + 1), stack.output());
      assert.deepEqual(seqs, Array.from({ length: 20 }, (_, i) => i + 1));
      assert.equal(run.lastSeq, 21);
      assert.ok(states.includes("reconnecting"), states.join());
      assert.equal(client.user, "alice");
      assert.ok(tokens >= 2, "a fresh token for each connection: " + tokens);
    } finally {
      client.close();
    }
  });
});
