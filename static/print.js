// Loaded before Paged.js, which reads window.PagedConfig when it loads.
//
// On a screen narrower than a sheet of A4 the pages are not laid out: the
// document flows as it is, readable on a phone, instead of A4 sheets wider
// than the screen. Printing from there uses the same CSS (@page) through the
// browser's own printing.
(function () {
  "use strict";
  var narrow = window.matchMedia("screen and (max-width: 50em)").matches;

  function register() {
    class PlansitePrint extends window.Paged.Handler {
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

      // Lets tests and readers know the pages are laid out.
      afterRendered() {
        document.documentElement.setAttribute("data-paged", "done");
      }
    }
    window.Paged.registerHandlers(PlansitePrint);
  }

  window.PagedConfig = {
    auto: !narrow,
    // Runs once the document is ready, Paged.js loaded, before the layout.
    before: function () {
      if (narrow) document.documentElement.setAttribute("data-paged", "narrow");
      else if (window.Paged) register();
    },
  };
})();
