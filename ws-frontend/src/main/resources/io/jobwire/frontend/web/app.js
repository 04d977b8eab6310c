// jobwire demo page: one WebSocket, many subscriptions, reconnect with backoff and resume.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const MAX_BACKOFF_MS = 10000;
  const conn = { ws: null, wanted: false, attempt: 0, timer: null, nextRef: 1 };
  const pending = new Map(); // ref -> { kind: "subscribe" | "resume" | "unsubscribe", local }
  const bySub = new Map(); // server sub id -> local subscription
  const locals = []; // { n, topic, params, sub, job, lastSeq, state, el }
  let nextLocal = 1;

  $("url").value = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";

  function setStatus(text, kind) {
    $("status").textContent = text;
    $("status").className = "pill " + (kind || "");
  }

  function log(direction, text) {
    const line = direction + " " + text + "\n";
    const el = $("log");
    el.textContent = (el.textContent + line).split("\n").slice(-60).join("\n");
    el.scrollTop = el.scrollHeight;
  }

  function send(message) {
    if (!conn.ws || conn.ws.readyState !== WebSocket.OPEN) return false;
    const text = JSON.stringify(message);
    conn.ws.send(text);
    log("→", text);
    return true;
  }

  function request(message, kind, local) {
    const ref = conn.nextRef++;
    pending.set(ref, { kind, local });
    send(Object.assign({ ref }, message));
  }

  // ---- connection ----
  function connect() {
    conn.wanted = true;
    clearTimeout(conn.timer);
    let url = $("url").value.trim();
    const token = $("token").value.trim();
    if (token) url += (url.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token);
    setStatus(conn.attempt ? "reconnecting…" : "connecting…", "warn");
    let ws;
    try {
      ws = new WebSocket(url, "jobwire.v1");
    } catch (e) {
      $("conn-info").textContent = "bad URL: " + e.message;
      return scheduleReconnect();
    }
    conn.ws = ws;
    ws.onmessage = (e) => {
      log("←", e.data);
      onMessage(JSON.parse(e.data));
    };
    ws.onclose = (e) => {
      if (conn.ws !== ws) return;
      conn.ws = null;
      pending.clear();
      $("subscribe").disabled = true;
      $("conn-info").textContent = "closed (" + e.code + (e.reason ? " " + e.reason : "") + ")";
      if (conn.wanted) scheduleReconnect();
      else setStatus("disconnected", "");
      $("connect").disabled = conn.wanted;
      $("disconnect").disabled = !conn.wanted;
    };
    $("connect").disabled = true;
    $("disconnect").disabled = false;
  }

  function scheduleReconnect() {
    const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** conn.attempt++);
    const delay = Math.round(base * (0.5 + Math.random() / 2));
    setStatus("reconnecting in " + (delay / 1000).toFixed(1) + " s", "bad");
    conn.timer = setTimeout(connect, delay);
  }

  function disconnect() {
    conn.wanted = false;
    clearTimeout(conn.timer);
    if (conn.ws) conn.ws.close(1000, "bye");
    else setStatus("disconnected", "");
    $("connect").disabled = false;
    $("disconnect").disabled = true;
  }

  function onWelcome(m) {
    const again = conn.attempt > 0;
    conn.attempt = 0;
    setStatus("connected", "ok");
    $("conn-info").textContent = "conn " + m.conn + " · user " + (m.user ?? "anonymous");
    $("subscribe").disabled = false;
    // Subscriptions that were live before the connection dropped: resume them where they were.
    for (const local of locals) {
      if (local.state !== "active" && local.state !== "waiting") continue;
      if (local.sub) {
        notice(local, "reconnected: resuming after seq " + local.lastSeq + "…");
        request({ op: "subscribe", resume: { sub: local.sub, after: local.lastSeq } }, "resume", local);
      } else {
        request({ op: "subscribe", topic: local.topic, params: local.params }, "subscribe", local);
      }
    }
    if (again) log("·", "reconnected");
  }

  // ---- messages ----
  function onMessage(m) {
    const asked = m.ref != null ? pending.get(m.ref) : undefined;
    if (asked) pending.delete(m.ref);
    switch (m.op) {
      case "welcome": return onWelcome(m);
      case "subscribed": return onSubscribed(m, asked);
      case "progress": return withSub(m, (l) => onProgress(l, m));
      case "result": return withSub(m, (l) => onResult(l, m));
      case "failed": return withSub(m, (l) => onFailed(l, m));
      case "event": return withSub(m, (l) => addResult(l, "event", m.data));
      case "gap": return withSub(m, (l) => notice(l, "missed messages " + m.from + "–" + m.to));
      case "unsubscribed": return withSub(m, (l) => remove(l));
      case "error": return onError(m, asked);
      default: return undefined;
    }
  }

  function withSub(m, f) {
    const local = bySub.get(m.sub);
    if (!local) return;
    if (m.seq != null) {
      if (m.seq > local.lastSeq + 1 && local.lastSeq > 0) notice(local, "seq gap before " + m.seq);
      local.lastSeq = Math.max(local.lastSeq, m.seq);
    }
    f(local);
  }

  function onSubscribed(m, asked) {
    const local = asked && asked.local;
    if (!local) return;
    if (local.sub && local.sub !== m.sub) bySub.delete(local.sub);
    local.sub = m.sub;
    if (m.job) local.job = m.job;
    bySub.set(m.sub, local);
    if (asked.kind === "resume") notice(local, "resumed");
    if (local.state === "waiting") local.state = "active";
    render(local);
  }

  function onError(m, asked) {
    if (asked && asked.kind === "resume") {
      const local = asked.local;
      notice(local, "resume failed (" + m.code + "): subscribing again");
      bySub.delete(local.sub);
      local.sub = null;
      local.job = null;
      local.lastSeq = 0;
      local.state = "waiting";
      setProgress(local, 0, "");
      request({ op: "subscribe", topic: local.topic, params: local.params }, "subscribe", local);
      return;
    }
    if (asked && asked.local) {
      asked.local.state = "failed";
      notice(asked.local, "error " + m.code + ": " + m.message);
      render(asked.local);
      return;
    }
    $("form-error").textContent = "error " + m.code + ": " + m.message;
  }

  function onProgress(local, m) {
    const d = m.data || {};
    const count = Number(local.params && local.params.count);
    let pct = null;
    if (typeof d.tick === "number" && count > 0) pct = (100 * d.tick) / count;
    else if (typeof d.done === "number" && typeof d.total === "number" && d.total > 0) pct = (100 * d.done) / d.total;
    else if (typeof d.percent === "number") pct = d.percent;
    if (pct == null) pct = Math.min(95, local.pct + (100 - local.pct) / 5); // creep: no scale known
    setProgress(local, pct, JSON.stringify(d));
  }

  function onResult(local, m) {
    local.state = "done";
    setProgress(local, 100, local.el.querySelector(".latest").textContent);
    addResult(local, "result", m.data);
    render(local);
  }

  function onFailed(local, m) {
    local.state = "failed";
    addResult(local, "failed", m.error);
    render(local);
  }

  // ---- subscriptions ----
  function subscribe() {
    $("form-error").textContent = "";
    const topic = $("topic").value.trim();
    let params = {};
    const text = $("params").value.trim();
    try {
      params = text ? JSON.parse(text) : {};
      if (params === null || typeof params !== "object" || Array.isArray(params)) throw new Error("params must be a JSON object");
    } catch (e) {
      $("form-error").textContent = "params: " + e.message;
      return;
    }
    if (!topic) {
      $("form-error").textContent = "pick a topic";
      return;
    }
    const local = { n: nextLocal++, topic, params, sub: null, job: null, lastSeq: 0, pct: 0, state: "waiting" };
    local.el = card(local);
    locals.push(local);
    request({ op: "subscribe", topic, params }, "subscribe", local);
  }

  function unsubscribe(local) {
    if (local.sub && local.state !== "done" && send({ op: "unsubscribe", ref: conn.nextRef++, sub: local.sub })) {
      local.state = "closing";
      render(local);
      return;
    }
    if (local.sub && local.state === "done") send({ op: "unsubscribe", ref: conn.nextRef++, sub: local.sub });
    remove(local);
  }

  function remove(local) {
    local.state = "gone";
    bySub.delete(local.sub);
    locals.splice(locals.indexOf(local), 1);
    local.el.remove();
    $("no-subs").hidden = locals.length > 0;
  }

  // ---- rendering ----
  function card(local) {
    const el = document.createElement("div");
    el.className = "sub";
    el.id = "sub-" + local.n;
    el.innerHTML =
      '<div class="top"><strong class="topic"></strong><span class="pill state"></span>' +
      '<button class="secondary unsub">Unsubscribe</button></div>' +
      '<div class="mono muted ids"></div>' +
      '<div class="bar"><div class="fill"></div></div>' +
      '<div class="mono latest"></div><div class="notice"></div><ul class="results mono"></ul>';
    el.querySelector(".topic").textContent = local.topic;
    el.querySelector(".unsub").onclick = () => unsubscribe(local);
    $("subs").prepend(el);
    $("no-subs").hidden = true;
    local.el = el;
    render(local);
    return el;
  }

  function render(local) {
    const el = local.el;
    el.dataset.state = local.state;
    el.classList.toggle("done", local.state === "done");
    el.classList.toggle("failed", local.state === "failed");
    const pill = el.querySelector(".state");
    pill.textContent = local.state;
    pill.className = "pill state " + ({ done: "ok", failed: "bad", waiting: "warn" }[local.state] || "");
    el.querySelector(".ids").textContent =
      "sub " + (local.sub || "…") + " · job " + (local.job || "…") + " · seq " + local.lastSeq;
  }

  function setProgress(local, pct, latest) {
    local.pct = Math.max(0, Math.min(100, pct));
    const fill = local.el.querySelector(".fill");
    fill.style.width = local.pct + "%";
    local.el.dataset.pct = String(Math.round(local.pct));
    local.el.querySelector(".latest").textContent = latest;
    if (local.state === "waiting") local.state = "active";
    render(local);
  }

  function addResult(local, kind, data) {
    const li = document.createElement("li");
    li.className = kind;
    li.textContent = kind + " " + JSON.stringify(data);
    local.el.querySelector(".results").prepend(li);
    render(local);
  }

  function notice(local, text) {
    local.el.querySelector(".notice").textContent = text;
  }

  $("connect").onclick = connect;
  $("disconnect").onclick = disconnect;
  $("subscribe").onclick = subscribe;
  connect();
})();
