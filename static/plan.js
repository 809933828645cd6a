// Instant, combinable filters and sorting for a plan's item table.
// The page works without this script: every status has its own page.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("items-table");
  if (!form || !table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var count = document.getElementById("shown-count");
  var order = (table.getAttribute("data-scale-order") || "").split(" ");
  // A filter whose column is empty for the whole plan is not on the form.
  var fields = ["status", "department", "category", "q"].filter(function (f) { return form.elements[f]; });
  var sort = { key: "", dir: "ascending" };

  function norm(s) {
    return (s || "").normalize("NFKC").toLowerCase().trim();
  }

  // Compares "1-2" and "1-10" as people number things.
  function natural(a, b) {
    var re = /(\d+)|(\D+)/g;
    var x = a.match(re) || [], y = b.match(re) || [];
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var p = x[i], q = y[i];
      var np = /^\d/.test(p), nq = /^\d/.test(q);
      if (np && nq && Number(p) !== Number(q)) return Number(p) - Number(q);
      if (np !== nq) return np ? -1 : 1;
      if (p !== q) return p < q ? -1 : 1;
    }
    return x.length - y.length;
  }

  function key(row, k) {
    switch (k) {
      case "number": return row.getAttribute("data-number");
      case "status": return order.indexOf(row.getAttribute("data-status"));
      // By class: a column empty for the whole plan is not in the table.
      case "title": return row.querySelector(".col-title").textContent;
      case "category": return row.querySelector(".col-category").textContent;
      case "department": return row.querySelector(".col-department").textContent;
    }
    return "";
  }

  function compare(a, b) {
    var k = sort.key, x = key(a, k), y = key(b, k), r;
    if (k === "number") r = natural(x, y);
    else if (k === "status") r = x - y;
    else r = x.localeCompare(y, document.documentElement.lang);
    if (r === 0) r = natural(a.getAttribute("data-number"), b.getAttribute("data-number"));
    return sort.dir === "ascending" ? r : -r;
  }

  function values() {
    var v = {};
    fields.forEach(function (f) { v[f] = form.elements[f].value; });
    return v;
  }

  function apply() {
    var v = values(), q = norm(v.q), shown = 0;
    rows.forEach(function (row) {
      var ok = (!v.status || row.getAttribute("data-status") === v.status) &&
        (!v.department || row.getAttribute("data-department").split("|").indexOf(v.department) >= 0) &&
        (!v.category || row.getAttribute("data-category").split(" ").indexOf(v.category) >= 0) &&
        (!q || norm(row.textContent).indexOf(q) >= 0);
      row.hidden = !ok;
      if (ok) shown++;
    });
    if (sort.key) rows.slice().sort(compare).forEach(function (r) { tbody.appendChild(r); });
    count.textContent = count.getAttribute("data-template")
      .replace("{shown}", shown).replace("{total}", rows.length);
    var params = new URLSearchParams();
    fields.forEach(function (f) { if (v[f]) params.set(f, v[f]); });
    if (sort.key) { params.set("sort", sort.key); params.set("dir", sort.dir); }
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    fields.forEach(function (f) {
      var el = form.elements[f], value = params.get(f);
      if (value === null) return;
      // Only values the select offers, so a stale link cannot hide everything silently.
      if (el.tagName === "SELECT" && !Array.prototype.some.call(el.options, function (o) { return o.value === value; })) return;
      el.value = value;
    });
    var k = params.get("sort");
    if (table.querySelector('th[data-sort="' + k + '"]')) {
      sort.key = k;
      sort.dir = params.get("dir") === "descending" ? "descending" : "ascending";
    }
  }

  function setupSorting() {
    Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort]"), function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var k = th.getAttribute("data-sort");
        sort.dir = sort.key === k && sort.dir === "ascending" ? "descending" : "ascending";
        sort.key = k;
        markSorted();
        apply();
      });
    });
  }

  function markSorted() {
    Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort]"), function (th) {
      if (th.getAttribute("data-sort") === sort.key) th.setAttribute("aria-sort", sort.dir);
      else th.removeAttribute("aria-sort");
    });
    if (sortSelect) sortSelect.value = sort.key ? sort.key + " " + sort.dir : "";
  }

  // On a phone the headers are hidden (stacked rows): the same order from a select.
  var sortSelect = document.getElementById("f-sort");
  function setupSortSelect() {
    if (!sortSelect) return;
    sortSelect.addEventListener("change", function () {
      var v = sortSelect.value.split(" ");
      sort.key = v[0] || "";
      sort.dir = v[1] === "descending" ? "descending" : "ascending";
      markSorted();
    });
  }

  // Text that a spreadsheet would run as a formula (=, +, -, @ first) gets
  // a leading apostrophe, as data.csv does; numbers stay numbers.
  function csvField(s) {
    s = s.replace(/\s+/g, " ").trim();
    if (/^[=+\-@]/.test(s) && !/^[+\-]?[\d,]*\.?\d+%?$/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  // A cell's text as the reader sees it: innerText, not textContent, so that
  // a line break (the headline KPI's name, <br>, its figures) separates words.
  function cellField(c) {
    return csvField(c.innerText);
  }

  function download() {
    var lines = [];
    var head = Array.prototype.map.call(table.tHead.rows[0].cells, cellField);
    lines.push(head.join(","));
    Array.prototype.forEach.call(tbody.rows, function (row) {
      if (row.hidden) return;
      lines.push(Array.prototype.map.call(row.cells, cellField).join(","));
    });
    // A byte-order mark so that Excel reads the Japanese text as UTF-8.
    var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "items.csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  form.hidden = false;
  setupSorting();
  setupSortSelect();
  restore();
  markSorted();
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { sort.key = ""; markSorted(); setTimeout(apply, 0); });
  document.getElementById("download-shown").addEventListener("click", download);
  apply();
})();
