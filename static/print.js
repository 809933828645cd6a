// Configuration for Paged.js (loaded after this file) and one addition to it:
// a table continued on the next page gets its header row again.
window.PagedConfig = {
  auto: true,
  after: function () {
    // Lets tests and readers know the pages are laid out.
    document.documentElement.setAttribute("data-paged", "done");
  }
};
document.addEventListener("DOMContentLoaded", function () {
  if (!window.Paged) return;
  class RepeatTableHeaders extends window.Paged.Handler {
    renderNode(clone, node) {
      // `data-split-from` marks the part of a table that continues from a
      // previous page; adding the header before layout lets its height count.
      if (clone.nodeName === "TABLE" && clone.hasAttribute("data-split-from") && node.tHead && !clone.tHead) {
        clone.insertBefore(node.tHead.cloneNode(true), clone.firstChild);
      }
    }
  }
  window.Paged.registerHandlers(RepeatTableHeaders);
});
