// The floor for charge latency: a page that does what lanepay's charge does
// on the wire and nothing else. It opens a WebSocket to the terminal named
// by ?ws=, sends a sale as one JSON text frame, and shows the outcome that
// answers it. No framework, no journal, no wasm.
"use strict";

(() => {
  const params = new URLSearchParams(location.search);
  const url = params.get("ws") || "ws://127.0.0.1:5000/";
  const status = document.querySelector("#status .status-text");
  const amount = document.getElementById("amount");
  const charge = document.getElementById("charge");
  const verdict = document.getElementById("result-verdict");
  const refOut = document.getElementById("result-ref");
  const base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let inFlight = "";

  function digits(v, width) {
    let s = "";
    for (let i = 0; i < width; i++) {
      s = base36[v % 36] + s;
      v = Math.floor(v / 36);
    }
    return s;
  }

  // The same shape as lanepay's references: 9 base-36 digits of Unix
  // milliseconds, then 7 of a random 32-bit number.
  function newReference() {
    const r = new Uint32Array(1);
    crypto.getRandomValues(r);
    return digits(Date.now(), 9) + digits(r[0], 7);
  }

  // "12.34" -> "1234": the default profile's minor units.
  function minorUnits(s) {
    const m = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(s);
    if (!m) return "";
    return String(Number(m[1]) * 100 + Number(((m[2] || "") + "00").slice(0, 2)));
  }

  const ws = new WebSocket(url);
  ws.onopen = () => {
    status.textContent = "Ready";
    charge.disabled = false;
  };
  ws.onclose = () => {
    status.textContent = "Disconnected";
    charge.disabled = true;
  };
  ws.onmessage = (ev) => {
    let msg;
    try {
      msg = JSON.parse(ev.data);
    } catch {
      return; // plain-text acknowledgements
    }
    if (!msg || typeof msg !== "object" || !("RESP_CODE" in msg) || msg.REF_NO !== inFlight) {
      return; // greetings, echoes, answers to something else
    }
    inFlight = "";
    verdict.textContent = msg.RESP_CODE === "00" ? "Approved" : "Declined";
    refOut.textContent = msg.REF_NO;
    charge.disabled = false;
  };

  document.getElementById("sale").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const minor = minorUnits(amount.value);
    if (!minor || inFlight) return;
    inFlight = newReference();
    charge.disabled = true;
    ws.send(JSON.stringify({ TRAN_MODE: "1", TRAN_CODE: "1", AMOUNT: minor, REF_NO: inFlight }));
  });

  document.getElementById("new-sale").addEventListener("click", () => {
    verdict.textContent = "";
    amount.value = "";
    amount.focus();
  });
})();
