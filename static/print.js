// Loaded after Paged.js, which starts laying out pages once the document is
// "interactive": a handler registered here is in place by then.
if (window.Paged) {
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
