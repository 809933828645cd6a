// Loaded before Paged.js, which reads window.PagedConfig when it loads.
//
// On a screen narrower than a sheet of A4 the pages are not laid out: the
// document flows as it is, readable on a phone, instead of A4 sheets wider
// than the screen. Printing from there uses the same CSS (@page) through the
// browser's own printing.
//
// The toolbar (link back, print button, progress) is kept out of the pages:
// Paged.js moves the whole body into its pages, and a button inside them
// would be printed and re-made with every layout.
(function () {
  "use strict";
  var narrow = window.matchMedia("screen and (max-width: 50em)").matches;
  var toolbar, button, status;

  function say(key, pages) {
    if (status) status.textContent = (status.getAttribute("data-" + key) || "").replace("{n}", String(pages));
  }

  // The button prints what is laid out: before that, printing would give the
  // unpaginated document (or a blank page), so it stays disabled until then.
  function ready(pages) {
    if (!button) return;
    button.disabled = false;
    say(narrow ? "flowing" : "ready", pages);
  }

  function setUp() {
    toolbar = document.getElementById("print-toolbar");
    button = document.getElementById("print-button");
    status = document.getElementById("print-status");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
    if (narrow) ready(0);
    else {
      // Out of the document Paged.js lays out; put back above the pages as
      // soon as Paged.js has emptied the body (beforeParsed, below), and
      // the progress said there, where a screen reader hears it.
      toolbar.remove();
    }
  }

  function register() {
    class PlansitePrint extends window.Paged.Handler {
      beforeParsed() {
        if (toolbar && !toolbar.isConnected) {
          document.body.insertBefore(toolbar, document.body.firstChild);
          say("laying-out", 0);
        }
      }

      // A table continued on the next page gets its header row again.
      renderNode(clone, node) {
        // A table continued from the previous page is rebuilt as an ancestor of
        // its first row here (`data-split-from`); adding the header when that row
        // is placed lets the page's overflow check count the header's height.
        if (clone.nodeType !== 1 || clone.nodeName !== "TR") return;
        const table = clone.closest("table");
        const source = node.closest("table");
        if (table && source && source.tHead && !table.tHead && table.hasAttribute("data-split-from")) {
          table.insertBefore(source.tHead.cloneNode(true), table.firstChild);
        }
      }

      // Lets tests, the PDF command and readers know the pages are laid out.
      afterRendered(pages) {
        document.documentElement.setAttribute("data-paged", "done");
        ready(pages.length);
      }
    }
    window.Paged.registerHandlers(PlansitePrint);
  }

  window.PagedConfig = {
    auto: !narrow,
    // Runs once the document is ready, Paged.js loaded, before the layout.
    before: function () {
      setUp();
      if (narrow) document.documentElement.setAttribute("data-paged", "narrow");
      else if (window.Paged) register();
    },
  };
})();
