// Injected by the bench before any script of the page runs (DevTools'
// Page.addScriptToEvaluateOnNewDocument), in every document of the tab. It
// only watches: it stamps, with performance.now(), the moments the bench
// reports, and keeps the wasm instance so that its memory can be read.
// The bench prepends `const benchConfig = {...}` (mode, seed).
(() => {
  "use strict";
  const B = (window.__bench = {
    mode: benchConfig.mode,
    marks: {},
    longTasks: [],
    press: null,
    tap: null,
    approved: null,
    verdict: "",
    armed: false,
    inProgress: null,
    instance: null,
    go: null,
  });
  // until resolves once test() holds. It is tried whenever page.js records
  // something and whenever the document changes, so the bench waits
  // without a timer of its own running in the page it measures (and
  // leaves none behind: chromedp's polls each hold a timeout for as long
  // as the poll may last, in the JS heap the memory figures read).
  const waiters = [];
  B.until = (test) =>
    new Promise((resolve) => {
      if (test()) resolve(true);
      else waiters.push({ test, resolve });
    });
  const wake = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].test()) waiters.splice(i, 1)[0].resolve(true);
    }
  };
  const mark = (k) => {
    if (!(k in B.marks)) B.marks[k] = performance.now();
    wake();
  };

  // A configured tablet: the terminal settings are in local storage before
  // the app starts (a fresh profile has none).
  for (const item of benchConfig.seed || []) {
    if (localStorage.getItem(item.key) === null) localStorage.setItem(item.key, item.value);
  }

  // The wasm's compile and instantiation, stamped, and its instance kept
  // so that its memory can be read. lanepay compiles from the page's head
  // (compileStreaming, compile-early.js) and its loader instantiates that
  // module; go-app's loader (the hello world) calls instantiateStreaming,
  // done here in the same two steps so that both are stamped alike.
  const compileStreaming = WebAssembly.compileStreaming;
  const instantiate = WebAssembly.instantiate;
  if (compileStreaming) {
    WebAssembly.compileStreaming = async function (source) {
      mark("wasmStart");
      const module = await compileStreaming.call(WebAssembly, source);
      mark("wasmCompiled");
      return module;
    };
    WebAssembly.instantiate = async function (source, imports) {
      const result = await instantiate.call(WebAssembly, source, imports);
      const instance = result instanceof WebAssembly.Instance ? result : result.instance;
      mark("wasmInstantiated");
      B.instance = instance;
      return result;
    };
    WebAssembly.instantiateStreaming = async function (source, imports) {
      const module = await WebAssembly.compileStreaming(source);
      const instance = await WebAssembly.instantiate(module, imports);
      return { module, instance };
    };
  }

  // wasm_exec.js defines the Go class; keep the instance that runs, so
  // that the JavaScript values Go holds can be counted (its _ids map).
  let GoClass;
  Object.defineProperty(globalThis, "Go", {
    configurable: true,
    get: () => GoClass,
    set: (cls) => {
      GoClass = cls;
      const run = cls.prototype.run;
      cls.prototype.run = function (...args) {
        B.go = this;
        mark("goRun");
        return run.apply(this, args);
      };
    },
  });

  // Start-up on the way to Ready: the journal's database opening, and the
  // terminal's WebSocket.
  if (window.indexedDB) {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (...args) {
      mark("idbOpenStart");
      const req = open.apply(this, args);
      req.addEventListener("success", () => mark("idbOpened"));
      return req;
    };
  }

  // The charge path inside the page: every WebSocket frame sent and
  // received, and every IndexedDB transaction (the journal), stamped. The
  // listener added here runs before the page's own.
  B.wire = [];
  B.idb = [];
  const keep = (list, item) => {
    list.push(item);
    if (list.length > 64) list.shift();
  };
  const NativeWebSocket = window.WebSocket;
  if (NativeWebSocket) {
    window.WebSocket = class extends NativeWebSocket {
      constructor(...args) {
        super(...args);
        mark("wsCreated");
        this.addEventListener("open", () => mark("wsOpen"));
        this.addEventListener("message", (e) => {
          mark("wsFirstMessage");
          keep(B.wire, { t: performance.now(), out: false, data: typeof e.data === "string" ? e.data : "" });
        });
      }
      send(data) {
        const text = typeof data === "string" ? data : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? new TextDecoder().decode(data) : "";
        keep(B.wire, { t: performance.now(), out: true, data: text });
        return super.send(data);
      }
    };
  }
  if (window.IDBDatabase) {
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (...args) {
      const tx = transaction.apply(this, args);
      if (B.armed || B.approved !== null) {
        const rec = { start: performance.now(), mode: tx.mode, stores: Array.from(tx.objectStoreNames).join(","), end: null };
        keep(B.idb, rec);
        const done = () => (rec.end = performance.now());
        tx.addEventListener("complete", done);
        tx.addEventListener("abort", done);
        tx.addEventListener("error", done);
      }
      return tx;
    };
  }

  // The Web Locks the page takes (lanepay's guard across tabs), stamped
  // while a charge is armed: requested, and granted.
  B.locks = [];
  if (window.LockManager && navigator.locks) {
    const request = LockManager.prototype.request;
    LockManager.prototype.request = function (name, ...rest) {
      if (!B.armed) return request.call(this, name, ...rest);
      const rec = { name: String(name), requested: performance.now(), granted: null };
      keep(B.locks, rec);
      const cb = rest[rest.length - 1];
      if (typeof cb === "function") {
        rest[rest.length - 1] = function (...a) {
          rec.granted = performance.now();
          return cb.apply(this, a);
        };
      }
      return request.call(this, name, ...rest);
    };
  }

  // The moments the DOM shows: the loader gone (go.run returned: the Go
  // program's main ran until it first waited), the component mounted, the
  // terminal ready, the button usable; and, while armed, the verdict.
  const text = (sel) => {
    const e = document.querySelector(sel);
    return e ? e.textContent.trim() : "";
  };
  const enabled = (id) => {
    const e = document.getElementById(id);
    return !!e && !e.disabled;
  };
  const conditions = {
    lanepay: {
      mounted: () => !!document.querySelector('.shell[data-mounted="true"]'),
      ready: () => text("#status .status-text") === "Ready",
      usable: () => enabled("charge"),
    },
    hello: {
      mounted: () => !!document.querySelector('.hello[data-mounted="true"]'),
      ready: () => true,
      usable: () => enabled("greet"),
    },
    plain: {
      mounted: () => true,
      ready: () => text("#status .status-text") === "Ready",
      usable: () => enabled("charge"),
    },
  }[B.mode];
  let sawLoader = false;
  const check = () => {
    if (document.getElementById("app-wasm-loader")) sawLoader = true;
    else if (sawLoader) mark("loaderGone");
    if (!("mounted" in B.marks) && conditions.mounted()) mark("mounted");
    if ("mounted" in B.marks && !("ready" in B.marks) && conditions.ready()) mark("ready");
    if ("ready" in B.marks && !("interactive" in B.marks) && conditions.usable()) mark("interactive");
    if (B.armed && B.inProgress === null && document.getElementById("in-progress")) B.inProgress = performance.now();
    if (B.armed && B.approved === null) {
      const v = B.mode === "hello" ? (text("#greeting") !== B.before ? "Approved" : "") : text("#result-verdict");
      if (v !== "") {
        B.approved = performance.now();
        B.verdict = v;
        B.armed = false;
      }
    }
    if (waiters.length > 0) wake();
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
  document.addEventListener("DOMContentLoaded", () => {
    mark("domContentLoaded");
    check();
  });

  // The press that comes before the tap (lanepay starts the charge on it).
  window.addEventListener(
    "pointerdown",
    (e) => {
      if (B.armed && B.press === null && e.target instanceof Element && e.target.closest("#charge, #greet")) {
        B.press = e.timeStamp;
      }
    },
    true,
  );

  // The tap: the click on Charge, seen first (window, capturing). Its
  // timeStamp is when the browser took the input, before any handler.
  window.addEventListener(
    "click",
    (e) => {
      if (B.armed && B.tap === null && e.target instanceof Element && e.target.closest("#charge, #greet")) {
        B.tap = e.timeStamp;
        B.tapHandled = performance.now();
        // When the browser next runs a task of this page, and its next
        // frame: what a reply to the click's own work waits behind.
        const ch = new MessageChannel();
        ch.port1.onmessage = () => (B.nextTask = performance.now());
        ch.port2.postMessage(0);
        requestAnimationFrame(() => (B.nextFrame = performance.now()));
      }
    },
    true,
  );

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch {}

  // arm prepares for one charge: the next tap and verdict are its own.
  B.arm = () => {
    B.before = text("#greeting");
    B.locks = [];
    B.inProgress = null;
    B.wire = [];
    B.idb = [];
    B.press = null;
    B.tap = null;
    B.tapHandled = null;
    B.nextTask = null;
    B.nextFrame = null;
    B.approved = null;
    B.verdict = "";
    B.armed = true;
  };

  // report is what the bench reads after a load.
  B.report = () => {
    const nav = performance.getEntriesByType("navigation")[0] || {};
    const res = performance.getEntriesByType("resource").map((r) => ({
      name: new URL(r.name).pathname,
      start: r.startTime,
      requestStart: r.requestStart,
      responseStart: r.responseStart,
      end: r.responseEnd,
      transfer: r.transferSize,
      encoded: r.encodedBodySize,
      decoded: r.decodedBodySize,
      worker: r.workerStart > 0,
    }));
    let paint = {};
    for (const p of performance.getEntriesByType("paint")) paint[p.name] = p.startTime;
    return {
      marks: B.marks,
      html: { responseStart: nav.responseStart || 0, end: nav.responseEnd || 0, transfer: nav.transferSize || 0, worker: (nav.workerStart || 0) > 0 },
      resources: res,
      paint,
      longTasks: B.longTasks,
      wasmMemory: B.instance ? B.instance.exports.mem.buffer.byteLength : 0,
      goRefs: B.go && B.go._ids ? B.go._ids.size : 0,
      controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
    };
  };
})();
