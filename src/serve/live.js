// plansite preview: reloads the page when the site has been rebuilt, and
// lets the reader dismiss the warning banner. Served by `plansite serve` only;
// never part of a built site.
(() => {
  "use strict";
  const me = document.currentScript;
  const generation = me ? me.dataset.generation : "";
  // Built from the page's own address, so it works behind any host and port.
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__plansite/live";
  let delay = 250;
  let reloading = false;
  function connect() {
    let socket;
    try {
      socket = new WebSocket(url);
    } catch {
      retry();
      return;
    }
    socket.onopen = () => { delay = 250; };
    // The server sends its generation on connect and after every rebuild whose
    // files are in place; any other than the page's means the page is stale
    // (a change was missed while connecting, or the server restarted).
    socket.onmessage = (event) => {
      if (!reloading && String(event.data).trim() !== generation) {
        reloading = true;
        location.reload();
      }
    };
    socket.onclose = () => { if (!reloading) retry(); };
  }
  function retry() {
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 5000);
  }
  connect();

  const banner = document.getElementById("plansite-warnings");
  if (banner) {
    const key = "plansite-dismissed-warnings";
    const store = (() => { try { return window.sessionStorage; } catch { return null; } })();
    if (store && store.getItem(key) === banner.dataset.key) banner.hidden = true;
    const close = banner.querySelector("button");
    close.hidden = false;
    close.addEventListener("click", () => {
      if (store) store.setItem(key, banner.dataset.key);
      banner.hidden = true;
    });
  }
})();
