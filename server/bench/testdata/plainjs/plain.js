// The floor for charge latency: a page that does what lanepay's charge does
// on the wire and nothing else. It opens a WebSocket to the terminal named
// by ?ws=, sends a sale as one JSON text frame, and shows the outcome that
// answers it. No framework, no journal, no wasm.
//
// With ?journal=1 it also takes lanepay's safety steps, by hand, and
// nothing more: the floor for a till that never charges twice and never
// loses an outcome. A Web Lock (ifAvailable) guards the terminal across
// tabs; the sale is written to IndexedDB as pending with strict durability
// before the send, as sent after it, and the outcome is written before it
// is shown; the lock is held until then.
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
  const journal = params.get("journal") === "1";
  let db = null;
  let answered = null; // the waiting charge's continuation, in journal mode

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

  // put writes one record in its own strict transaction.
  function put(rec) {
    return new Promise((resolve, reject) => {
      const tx = db.transaction("transactions", "readwrite", { durability: "strict" });
      tx.objectStore("transactions").put(rec);
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }

  let wsOpen = false;
  const ready = () => {
    if (wsOpen && (!journal || db)) {
      status.textContent = "Ready";
      charge.disabled = false;
    }
  };
  if (journal) {
    const open = indexedDB.open("plain-journal", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("transactions", { keyPath: "ref" });
    open.onsuccess = () => {
      db = open.result;
      ready();
    };
  }

  const ws = new WebSocket(url);
  ws.onopen = () => {
    wsOpen = true;
    ready();
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
    const show = () => {
      verdict.textContent = msg.RESP_CODE === "00" ? "Approved" : "Declined";
      refOut.textContent = msg.REF_NO;
      charge.disabled = false;
    };
    inFlight = "";
    if (answered) {
      answered(msg, show);
    } else {
      show();
    }
  };

  document.getElementById("sale").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const minor = minorUnits(amount.value);
    if (!minor || inFlight) return;
    const ref = newReference();
    const frame = JSON.stringify({ TRAN_MODE: "1", TRAN_CODE: "1", AMOUNT: minor, REF_NO: ref });
    inFlight = ref;
    charge.disabled = true;
    if (!journal) {
      ws.send(frame);
      return;
    }
    navigator.locks.request("plain-terminal", { ifAvailable: true }, async (lock) => {
      if (!lock) {
        inFlight = "";
        charge.disabled = false;
        return;
      }
      const rec = { ref, amount: minor, state: "pending", events: [] };
      await put(rec);
      ws.send(frame);
      const sent = put({ ...rec, state: "sent" });
      await new Promise((done) => {
        answered = async (msg, show) => {
          answered = null;
          await sent;
          await put({ ...rec, state: msg.RESP_CODE === "00" ? "approved" : "declined", fields: msg });
          show();
          done();
        };
      });
    });
  });

  document.getElementById("new-sale").addEventListener("click", () => {
    verdict.textContent = "";
    amount.value = "";
    amount.focus();
  });
})();
