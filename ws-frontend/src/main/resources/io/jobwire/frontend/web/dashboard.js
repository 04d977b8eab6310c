// jobwire dashboard: renders the snapshots /dashboard/events pushes (server-sent events).
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);

  function ago(ms) {
    const s = Math.max(0, (Date.now() - ms) / 1000);
    return s < 60 ? s.toFixed(1) + " s ago" : Math.round(s / 60) + " min ago";
  }

  function cell(text, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }

  function fill(tableId, rows, empty, columns) {
    const body = $(tableId).querySelector("tbody");
    body.replaceChildren();
    if (rows.length === 0) {
      const tr = document.createElement("tr");
      const td = cell(empty, "muted");
      td.colSpan = $(tableId).querySelectorAll("th").length;
      tr.append(td);
      body.append(tr);
      return;
    }
    for (const row of rows) {
      const tr = document.createElement("tr");
      columns(row).forEach((c) => tr.append(c instanceof Node ? c : cell(String(c[0]), c[1])));
      body.append(tr);
    }
  }

  function retryButton(job) {
    const td = document.createElement("td");
    const b = document.createElement("button");
    b.className = "secondary retry";
    b.textContent = "Retry";
    b.onclick = async () => {
      b.disabled = true;
      const r = await fetch("/dashboard/retry?job=" + encodeURIComponent(job), { method: "POST" });
      const body = await r.json().catch(() => ({}));
      b.textContent = r.status === 401 ? "Admin key needed" : body.retried ? "Queued" : "Not dead";
    };
    td.append(b);
    return td;
  }

  // POST /dashboard/ACTION?PARAM=VALUE (pause, resume, cancel, run); the answer's JSON, or
  // {error} when the admin key is missing or the call failed.
  async function control(action, param, value) {
    const r = await fetch("/dashboard/" + action + "?" + param + "=" + encodeURIComponent(value),
      { method: "POST" }).catch(() => null);
    if (!r) return { error: "unreachable" };
    if (r.status === 401) return { error: "admin key needed" };
    return r.json().catch(() => ({ error: "bad answer" }));
  }

  // A button whose label says what happened once clicked; the next snapshot redraws it.
  function actionButton(label, cls, action, param, value, doneText) {
    const td = document.createElement("td");
    const b = document.createElement("button");
    b.className = "secondary " + cls;
    b.textContent = label;
    b.onclick = async () => {
      b.disabled = true;
      const body = await control(action, param, value);
      b.textContent = body.error || (body.done ? doneText : "no change");
    };
    td.append(b);
    return td;
  }

  function when(ms) {
    return ms === null || ms === undefined ? "never" : new Date(ms).toLocaleString();
  }

  $("cancel-form").onsubmit = async (e) => {
    e.preventDefault();
    const job = $("cancel-job").value.trim();
    if (!job) return;
    const body = await control("cancel", "job", job);
    $("cancel-outcome").textContent = body.error ||
      (body.done ? "cancelled " + job : job + " is unknown or finished");
  };

  function sparkline(canvas, series, colors) {
    const w = (canvas.width = canvas.clientWidth * devicePixelRatio);
    const h = (canvas.height = 70 * devicePixelRatio);
    const g = canvas.getContext("2d");
    g.clearRect(0, 0, w, h);
    const max = Math.max(1, ...series.flat());
    g.strokeStyle = "#e4e7ec";
    g.strokeRect(0, 0, w, h);
    series.forEach((values, i) => {
      if (values.length < 2) return;
      g.beginPath();
      g.lineWidth = 2 * devicePixelRatio;
      g.strokeStyle = colors[i];
      values.forEach((v, x) => {
        const px = (x / (values.length - 1)) * (w - 4) + 2;
        const py = h - 3 - (v / max) * (h - 8);
        x === 0 ? g.moveTo(px, py) : g.lineTo(px, py);
      });
      g.stroke();
    });
    g.fillStyle = "#667085";
    g.font = 11 * devicePixelRatio + "px system-ui, sans-serif";
    g.fillText("max " + (max >= 10 ? Math.round(max) : max.toFixed(1)), 6, 14 * devicePixelRatio);
  }

  // The feed is open; what it says decides the pill: a snapshot is "live", an error is not.
  function pill(text, cls) {
    $("live").textContent = text;
    $("live").className = "pill " + cls;
  }

  function render(s) {
    if (s.error === "redis_unreachable") {
      pill("Redis unreachable", "bad");
      $("updated").textContent = s.message + " (tried " + new Date(s.taken_at).toLocaleTimeString() + ")";
      return;
    }
    if (s.error) {
      $("updated").textContent = s.error;
      return;
    }
    pill("live", "ok");
    const t = s.totals;
    $("t-workers").textContent = s.worker_counts.total;
    $("t-idle").textContent = s.worker_counts.idle;
    $("t-busy").textContent = s.worker_counts.busy;
    $("t-queued").textContent = t.queued;
    $("t-running").textContent = t.running;
    $("t-delayed").textContent = t.delayed;
    $("t-dead").textContent = t.dead;
    $("t-enqueued").textContent = s.enqueued;
    $("updated").textContent = "updated " + new Date(s.taken_at).toLocaleTimeString();
    const unserved = new Set(s.unserved_topics || []);
    $("unserved").hidden = unserved.size === 0;
    $("unserved").textContent = "Jobs queued that no live worker serves: " + [...unserved].join(", ") +
      ". They wait until a worker for that topic starts; check the topic's spelling.";
    const paused = new Set(s.paused || []);
    fill("queues", s.queues, "no topics yet", (q) => [
      paused.has(q.topic) ? [q.topic + " (paused)", "paused"]
        : unserved.has(q.topic) ? [q.topic + " (no worker)", "notice"] : [q.topic],
      [q.queued, "num"], [q.delayed, "num"], [q.running, "num"], [q.dead, "num"],
      paused.has(q.topic) ? actionButton("Resume", "resume", "resume", "topic", q.topic, "Resumed")
        : actionButton("Pause", "pause", "pause", "topic", q.topic, "Paused")]);
    fill("schedules", s.schedules || [], "no schedules", (c) => [
      [c.name, "mono"], [c.topic], [c.when + ", misfire " + c.misfire], [when(c.next_run)],
      [when(c.last_run)], [c.last_outcome || "–"], [c.runs, "num"], [c.skipped, "num"],
      actionButton("Run now", "run", "run", "schedule", c.name, "Queued")]);
    fill("limits", s.limits || [], "no topic has flow limits", (l) => [
      [l.topic], [l.running, "num"], [l.max_running || "–", "num"],
      [l.max_running_per_user || "–", "num"], [l.rate === "none" ? "–" : l.rate, "num"]]);
    fill("workers", s.workers, "no workers connected", (w) => [
      [w.id, "mono"], [w.topics.join(", ")], [w.capacity, "num"], [w.busy, "num"], [ago(w.last_seen)]]);
    fill("failures", s.failures, "no failures", (f) => [
      [f.job, "mono"], [f.topic], [f.state], [f.attempts, "num"], [f.code + ": " + f.message],
      [ago(f.at)], f.state === "dead" ? retryButton(f.job) : cell("")]);
    fill("frontends", s.frontends, "no front ends", (f) => [
      [f.id, "mono"], [f.connections, "num"], [f.subscriptions, "num"], [f.deliveries, "num"]]);
    fill("brokers", s.brokers, "no brokers", (b) => [
      [b.id, "mono"], [b.workers, "num"], [b.running, "num"], [b.assigned, "num"],
      [b.succeeded, "num"], [b.failed, "num"], [b.dead, "num"]]);
    const h = s.history;
    const rate = h.map((p) => p.done_per_sec + p.failed_per_sec);
    sparkline($("chart-rate"), [rate], ["#12805c"]);
    sparkline($("chart-latency"), [h.map((p) => p.run_ms), h.map((p) => p.wait_ms)], ["#2f6fed", "#98a2b3"]);
    const last = h[h.length - 1];
    $("c-rate").textContent = last ? "now " + rate[rate.length - 1].toFixed(1) : "";
    $("c-lat").textContent = last ? "run " + Math.round(last.run_ms) + ", wait " + Math.round(last.wait_ms) : "";
  }

  const source = new EventSource("/dashboard/events");
  source.onopen = () => pill("connected", "ok");
  source.onerror = async () => {
    $("live").className = "pill bad";
    $("live").textContent = "reconnecting…";
    // The admin-key cookie may be gone (a new browser session): say how to get it back.
    const r = await fetch("/dashboard/snapshot").catch(() => null);
    if (r && r.status === 401) {
      source.close();
      $("live").textContent = "admin key needed: open /dashboard?key=KEY";
    }
  };
  source.onmessage = (e) => render(JSON.parse(e.data));
})();
