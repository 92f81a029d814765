// Opens the terminal's WebSocket while the app itself downloads and
// compiles, so that the till is connected by the time it starts: the
// connection no longer waits for the wasm. The URL is the one the app last
// connected to (remembered by terminal.RememberURL). The app adopts the
// socket with terminal.TakeEarly if it is still the terminal it wants, and
// closes it otherwise; nothing is sent on it before that.
"use strict";
(() => {
  let url = null;
  try {
    url = localStorage.getItem("lanepay.terminal-url");
  } catch {
    return; // storage blocked: the app connects by itself
  }
  if (!url || !/^wss?:\/\//.test(url)) return;
  let ws;
  try {
    ws = new WebSocket(url);
  } catch {
    return;
  }
  ws.binaryType = "arraybuffer";
  // Until the app takes the socket, what arrives waits here, in order.
  const queued = [];
  let sink = null;
  let closed = null;
  ws.addEventListener("open", () => sink && sink.open());
  ws.addEventListener("message", (e) => (sink ? sink.message(e) : queued.push(e)));
  ws.addEventListener("close", (e) => {
    closed = e;
    if (sink) sink.close(e);
  });
  // A socket the app never takes (it failed to start, or its settings
  // cannot name a terminal) is closed rather than held: some terminals
  // serve one client at a time. The app then dials by itself.
  const unclaimedMs = 30000;
  const unclaimed = setTimeout(() => {
    delete self.lanepayEarlyTerminal;
    ws.close(1000);
  }, unclaimedMs);
  self.lanepayEarlyTerminal = {
    url,
    // take hands the socket to the app: its state so far (the message
    // events queued, the close event), then every later event through
    // the sink's open, message and close.
    take(s) {
      clearTimeout(unclaimed);
      delete self.lanepayEarlyTerminal;
      sink = s;
      return { ws, open: ws.readyState === WebSocket.OPEN, queued: queued.splice(0), closed };
    },
  };
})();
