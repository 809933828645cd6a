/* plansite site search: finds records in the index the build wrote under
   search/ (src/search/), loading its files as classic scripts, which a
   browser allows to a page opened from disk as well as from any server;
   nothing is fetched from outside the site. The query is normalised and
   cut into runs and character bigrams exactly as src/search/text.rs does
   at build time; a record matches a run only where the run's bigrams
   stand one after another, that is where it contains the run as typed. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.Map || !window.Promise || !window.TextDecoder) return;
  var TITLE_SPAN = 1024;
  var PAGE = 20;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var said = form.dataset;
  var results = document.getElementById("search-results");
  var count = document.getElementById("search-count");
  var list = document.getElementById("search-list");
  var more = document.getElementById("search-more");
  // The theme select is there only when the site has themes.
  var fields = ["q", "city", "plan", "status", "year", "dept", "theme"];
  var filterKeys = { city: "c:", plan: "p:", status: "s:", year: "y:", dept: "d:", theme: "t:" };

  var loaded = {};
  // How the index is cut, as the build wrote it into the page.
  var meta = { shards: +said.shards, block: +said.block };
  var shards = {};
  var blocks = {};
  window.PLANSITE_SEARCH = {
    shard: function (n, text) {
      var bin = atob(text);
      var bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      var keys = new Map();
      var utf8 = new TextDecoder();
      var at = [0];
      while (at[0] < bytes.length) {
        var len = varint(bytes, at);
        var key = utf8.decode(bytes.subarray(at[0], at[0] + len));
        at[0] += len;
        var size = varint(bytes, at);
        keys.set(key, [at[0], size]);
        at[0] += size;
      }
      shards[n] = { bytes: bytes, keys: keys };
    },
    block: function (n, records) { blocks[n] = records; }
  };

  function load(src) {
    if (!loaded[src]) {
      loaded[src] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = resolve;
        s.onerror = function () { delete loaded[src]; reject(new Error(src)); };
        document.head.appendChild(s);
      });
    }
    return loaded[src];
  }

  function varint(bytes, at) {
    var n = 0, shift = 0, b;
    do {
      b = bytes[at[0]++];
      n += (b & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (b & 0x80);
    return n;
  }

  function fnv1a(key) {
    var bytes = new TextEncoder().encode(key);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  }

  /* The runs of a query: src/search/text.rs `query_runs`. */
  function runs(query) {
    var out = [], run = [];
    var chars = Array.from(query.normalize("NFKC").toLowerCase());
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (WORD.test(c)) run.push(c);
      else if (c === "\u30fb" && run.length) continue;
      else if (run.length) { out.push(run); run = []; }
    }
    if (run.length) out.push(run);
    return out;
  }

  function shardOf(key) { return fnv1a(key) % meta.shards; }

  /* A key's records: Map from record number to its positions. */
  function postings(key) {
    var shard = shards[shardOf(key)];
    var found = new Map();
    var where = shard && shard.keys.get(key);
    if (!where) return found;
    var bytes = shard.bytes, at = [where[0]];
    var records = varint(bytes, at);
    var record = 0;
    for (var r = 0; r < records; r++) {
      record += varint(bytes, at);
      var n = varint(bytes, at), positions = new Array(n), p = 0;
      for (var k = 0; k < n; k++) { p += varint(bytes, at); positions[k] = p; }
      found.set(record, positions);
    }
    return found;
  }

  /* Records containing `run` (characters), each with whether its title
     does and how often it occurs. */
  function matches(run) {
    var out = new Map();
    if (run.length === 1) {
      postings("\u0001" + run[0]).forEach(function (_, record) {
        out.set(record, { title: true, count: 1 });
      });
      return out;
    }
    var lists = [];
    for (var i = 0; i + 1 < run.length; i++) lists.push(postings(run[i] + run[i + 1]));
    var sets = lists.map(function () { return null; });
    lists[0].forEach(function (starts, record) {
      for (var i = 1; i < lists.length; i++) {
        if (!lists[i].has(record)) return;
      }
      for (var j = 1; j < lists.length; j++) sets[j] = new Set(lists[j].get(record));
      var hits = 0, title = false;
      starts.forEach(function (p) {
        for (var i = 1; i < lists.length; i++) {
          if (!sets[i].has(p + i)) return;
        }
        hits++;
        if (p < TITLE_SPAN) title = true;
      });
      if (hits) out.set(record, { title: title, count: hits });
    });
    return out;
  }

  function intersect(a, b) {
    if (a === null) return b;
    var out = new Map();
    a.forEach(function (score, record) {
      var other = b.get(record);
      if (other) out.set(record, { title: score.title || other.title, count: score.count + other.count });
    });
    return out;
  }

  function keysOf(query, filters) {
    var keys = [];
    runs(query).forEach(function (run) {
      if (run.length === 1) keys.push("\u0001" + run[0]);
      for (var i = 0; i + 1 < run.length; i++) keys.push(run[i] + run[i + 1]);
    });
    filters.forEach(function (f) { keys.push("\u0002" + f); });
    return keys;
  }

  /* Every record matching the query and the filters, best first: a match
     in the title, then more occurrences, then the site's order. */
  function find(query, filters) {
    var found = null;
    filters.forEach(function (f) {
      var m = new Map();
      postings("\u0002" + f).forEach(function (_, record) { m.set(record, { title: false, count: 0 }); });
      found = intersect(found, m);
    });
    runs(query).slice(0, 32).forEach(function (run) { found = intersect(found, matches(run)); });
    var ranked = [];
    (found || new Map()).forEach(function (score, record) { ranked.push([record, score]); });
    ranked.sort(function (a, b) {
      return (b[1].title - a[1].title) || (b[1].count - a[1].count) || (a[0] - b[0]);
    });
    return ranked.map(function (r) { return r[0]; });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function item(record) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.className = "result-title";
    a.href = said.root + record.url;
    a.textContent = record.title;
    li.appendChild(a);
    var where = document.createElement("span");
    where.className = "result-meta";
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = said["kind" + record.kind.charAt(0).toUpperCase() + record.kind.slice(1)] || record.kind;
    where.appendChild(kind);
    where.appendChild(document.createTextNode(record.place));
    li.appendChild(where);
    if (record.status) {
      var st = document.createElement("span");
      st.className = "result-meta";
      st.appendChild(document.createTextNode(said.status + ": "));
      var tag = document.createElement("span");
      tag.className = "tag";
      tag.style.borderColor = record.status.color;
      tag.textContent = record.status.label;
      st.appendChild(tag);
      st.appendChild(document.createTextNode(" " + record.status.year));
      li.appendChild(st);
    }
    return li;
  }

  // The results of the latest run and what the count line says of them.
  var current = { ranked: [], shown: 0, said: "", run: 0 };

  function show(upTo) {
    var wanted = current.ranked.slice(current.shown, upTo);
    more.disabled = true;
    var files = {};
    wanted.forEach(function (r) { files[Math.floor(r / meta.block)] = true; });
    var run = current.run;
    return Promise.all(Object.keys(files).map(function (b) { return load("d/" + b + ".js"); })).then(function () {
      if (run !== current.run) return;
      wanted.forEach(function (r) {
        list.appendChild(item(blocks[Math.floor(r / meta.block)][r % meta.block]));
      });
      current.shown += wanted.length;
      more.hidden = current.shown >= current.ranked.length;
      more.disabled = false;
      if (current.shown > PAGE) count.textContent = current.said + " " + fill(said.shown, { shown: current.shown });
    });
  }

  function values() {
    var v = {};
    fields.forEach(function (f) { v[f] = form.elements[f] ? (form.elements[f].value || "").trim() : ""; });
    return v;
  }

  function run(v) {
    var filters = [];
    Object.keys(filterKeys).forEach(function (f) { if (v[f]) filters.push(filterKeys[f] + v[f]); });
    var query = v.q;
    var id = ++current.run;
    results.hidden = false;
    list.textContent = "";
    current.ranked = [];
    current.shown = 0;
    more.hidden = true;
    if (!runs(query).length && !filters.length) {
      count.textContent = said.prompt;
      return Promise.resolve();
    }
    count.textContent = said.loading;
    // Marks for tests/browser/bench-search.mjs.
    if (performance.mark) performance.mark("plansite-search-start");
    var files = {};
    keysOf(query, filters).forEach(function (k) { files[shardOf(k)] = true; });
    return Promise.all(Object.keys(files).map(function (n) { return load("s/" + n + ".js"); })).then(function () {
      if (id !== current.run) return;
      current.ranked = find(query, filters);
      current.shown = 0;
      var n = current.ranked.length;
      var q = query.trim();
      if (!n) current.said = q ? fill(said.none, { q: q }) : said.noneFilters;
      else current.said = q ? fill(said.count, { q: q, n: n }) : fill(said.countFilters, { n: n });
      count.textContent = current.said;
      return show(PAGE);
    }).then(function () {
      if (id === current.run && performance.mark) performance.mark("plansite-search-done");
    }).catch(function () {
      if (id === current.run) count.textContent = said.failed;
    });
  }

  function fromAddress() {
    var params = new URLSearchParams(location.search);
    fields.forEach(function (f) {
      var el = form.elements[f];
      var value = params.get(f);
      if (value === null || !el) return;
      if (el.tagName === "SELECT" && !Array.prototype.some.call(el.options, function (o) { return o.value === value; })) return;
      el.value = value;
    });
    return params.toString() !== "";
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var v = values();
    var params = new URLSearchParams();
    fields.forEach(function (f) { if (v[f]) params.set(f, v[f]); });
    var address = location.pathname + (params.toString() ? "?" + params.toString() : "");
    // A new entry, so that Back returns to the previous search.
    if (address !== location.pathname + location.search) {
      try { history.pushState(null, "", address); } catch (err) { /* a page from disk may refuse */ }
    }
    run(v);
  });
  window.addEventListener("popstate", function () {
    form.reset();
    fromAddress();
    run(values());
  });
  Array.prototype.forEach.call(form.querySelectorAll("select"), function (s) {
    s.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : run(values()); });
  });
  more.addEventListener("click", function () {
    if (more.disabled) return;
    var first = current.shown;
    show(current.shown + PAGE).then(function () {
      // The first new result takes the focus, so a keyboard reader goes on from there.
      var next = list.children[first] && list.children[first].querySelector("a");
      if (next) next.focus();
    }).catch(function () {
      more.disabled = false;
      count.textContent = said.failed;
    });
  });
  form.hidden = false;
  if (fromAddress()) run(values());
})();
