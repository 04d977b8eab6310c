// jobwire demo page, on the JavaScript client (clients/js, served as /jobwire.js): the client
// reconnects, re-authenticates and resumes; this file only draws.
import { Client } from "/jobwire.js";

const $ = (id) => document.getElementById(id);
const cards = []; // { n, topic, params, run, pct, state, el }
let client = null;
let nextCard = 1;

$("url").value = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";

function setStatus(text, kind) {
  $("status").textContent = text;
  $("status").className = "pill " + (kind || "");
}

function log(direction, message) {
  const el = $("log");
  el.textContent = (el.textContent + direction + " " + JSON.stringify(message) + "\n").split("\n").slice(-60).join("\n");
  el.scrollTop = el.scrollHeight;
}

// ---- connection ----
function connect() {
  const token = $("token").value.trim();
  client = new Client($("url").value.trim(), token ? { token } : {});
  client.on("message", (m) => log("←", m));
  client.on("send", (m) => log("→", m));
  client.on("error", (e) => ($("form-error").textContent = "error " + e.code + ": " + e.message));
  client.on("welcome", (m) => ($("conn-info").textContent = "conn " + m.conn + " · user " + (m.user ?? "anonymous")));
  client.on("state", onState);
  client.connect().catch(() => {});
  // Cards left by a Disconnect: take their subscriptions back where they were.
  for (const card of cards) {
    if (card.run && card.run.ended && card.run.sub && (card.state === "active" || card.state === "waiting")) {
      card.resuming = true;
      attach(card, client.resume(card.run.sub, card.run.lastSeq, handlers(card)));
    }
  }
  $("connect").disabled = true;
  $("disconnect").disabled = false;
}

function onState({ state, delayMs, code, reason }) {
  $("subscribe").disabled = state !== "connected";
  if (state === "connected") setStatus("connected", "ok");
  else if (state === "reconnecting" && delayMs) {
    setStatus("reconnecting in " + (delayMs / 1000).toFixed(1) + " s", "bad");
    $("conn-info").textContent = "closed (" + code + (reason ? " " + reason : "") + ")";
    for (const card of cards) {
      if (!card.run || card.run.ended || !card.run.sub) continue;
      card.resuming = true;
      notice(card, "connection lost: will resume after seq " + card.run.lastSeq + "…");
    }
  } else if (state === "reconnecting") setStatus("reconnecting…", "warn");
  else if (state === "connecting") setStatus("connecting…", "warn");
  else if (state === "closed") setStatus("disconnected", "");
}

function disconnect() {
  client.close();
  $("connect").disabled = false;
  $("disconnect").disabled = true;
}

// ---- subscriptions ----
function subscribe() {
  $("form-error").textContent = "";
  const topic = $("topic").value.trim();
  let params;
  try {
    const text = $("params").value.trim();
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
  const card = { n: nextCard++, topic, params, run: null, pct: 0, state: "waiting" };
  cards.push(card);
  draw(card);
  start(card);
}

/** Runs stay subscribed after a result (keep), so a recurring topic goes on showing runs. */
function start(card) {
  attach(card, client.subscribe(card.topic, card.params, handlers(card)));
}

function attach(card, run) {
  card.run = run;
  render(card);
}

function handlers(card) {
  return {
    keep: true,
    onSubscribed: () => {
      if (card.state === "waiting") card.state = "active";
      if (card.resuming) notice(card, "resumed after seq " + card.run.lastSeq);
      card.resuming = false;
      render(card);
    },
    onProgress: (data) => progress(card, data),
    onEvent: (data) => addResult(card, "event", data),
    onGap: (m) => notice(card, "missed messages " + m.from + "–" + m.to),
    onResult: (data) => {
      card.state = "done";
      setProgress(card, 100, card.el.querySelector(".latest").textContent);
      addResult(card, "result", data);
    },
    onFailed: (error) => {
      card.state = "failed";
      addResult(card, "failed", { code: error.code, message: error.message });
    },
    onEnd: (error) => ended(card, error),
  };
}

function ended(card, error) {
  if (!error || error.kind === "closed") return render(card); // Disconnect: Connect resumes it
  if (error.kind === "cancelled") return remove(card);
  if (error.code === "not_found" && card.run.sub) {
    // The server no longer knows the subscription (a front end restarted without Redis history).
    notice(card, "resume failed (not_found): subscribing again");
    card.resuming = false;
    card.state = "waiting";
    setProgress(card, 0, "");
    return start(card);
  }
  card.state = "failed";
  notice(card, "error " + error.code + ": " + error.message);
  render(card);
}

function unsubscribe(card) {
  if (card.run && !card.run.ended) {
    card.state = "closing";
    render(card);
    card.run.cancel(); // its onEnd removes the card
  } else remove(card);
}

function remove(card) {
  card.state = "gone";
  cards.splice(cards.indexOf(card), 1);
  card.el.remove();
  $("no-subs").hidden = cards.length > 0;
}

// ---- drawing ----
function progress(card, d) {
  const count = Number(card.params && card.params.count);
  let pct = null;
  if (d && typeof d.tick === "number" && count > 0) pct = (100 * d.tick) / count;
  else if (d && typeof d.done === "number" && typeof d.total === "number" && d.total > 0) pct = (100 * d.done) / d.total;
  else if (d && typeof d.percent === "number") pct = d.percent;
  if (pct == null) pct = Math.min(95, card.pct + (100 - card.pct) / 5); // creep: no scale known
  setProgress(card, pct, JSON.stringify(d));
}

function draw(card) {
  const el = document.createElement("div");
  el.className = "sub";
  el.id = "sub-" + card.n;
  el.innerHTML =
    '<div class="top"><strong class="topic"></strong><span class="pill state"></span>' +
    '<button class="secondary unsub">Unsubscribe</button></div>' +
    '<div class="mono muted ids"></div>' +
    '<div class="bar"><div class="fill"></div></div>' +
    '<div class="mono latest"></div><div class="notice"></div><ul class="results mono"></ul>';
  el.querySelector(".topic").textContent = card.topic;
  el.querySelector(".unsub").onclick = () => unsubscribe(card);
  $("subs").prepend(el);
  $("no-subs").hidden = true;
  card.el = el;
  render(card);
}

function render(card) {
  const el = card.el;
  const run = card.run || {};
  el.dataset.state = card.state;
  el.classList.toggle("done", card.state === "done");
  el.classList.toggle("failed", card.state === "failed");
  const pill = el.querySelector(".state");
  pill.textContent = card.state;
  pill.className = "pill state " + ({ done: "ok", failed: "bad", waiting: "warn" }[card.state] || "");
  el.querySelector(".ids").textContent =
    "sub " + (run.sub || "…") + " · job " + (run.job || "…") + " · seq " + (run.lastSeq || 0);
}

function setProgress(card, pct, latest) {
  card.pct = Math.max(0, Math.min(100, pct));
  card.el.querySelector(".fill").style.width = card.pct + "%";
  card.el.dataset.pct = String(Math.round(card.pct));
  card.el.querySelector(".latest").textContent = latest;
  if (card.state === "waiting") card.state = "active";
  render(card);
}

function addResult(card, kind, data) {
  const li = document.createElement("li");
  li.className = kind;
  li.textContent = kind + " " + JSON.stringify(data);
  card.el.querySelector(".results").prepend(li);
  render(card);
}

function notice(card, text) {
  card.el.querySelector(".notice").textContent = text;
}

$("connect").onclick = connect;
$("disconnect").onclick = disconnect;
$("subscribe").onclick = subscribe;
connect();
