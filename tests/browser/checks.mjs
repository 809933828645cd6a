// Checks shared by the demo's tests and the generated corpus's
// (corpus/pages.mjs): what overflows the screen, the chart texts' sizes, and
// whether the report year of every KPI and schedule table is in view.

/** What overflows the viewport or its own box, as "TAG.class: why" lines. */
export function overflows() {
  // Whether an ancestor cuts `e` off within the screen (Paged.js lays pages
  // out in clipped columns). One that scrolls does not count: what is beyond
  // its edge is still out of view.
  const clipped = (e, vw) => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      if (!/hidden|clip/.test(getComputedStyle(a).overflowX)) continue;
      const b = a.getBoundingClientRect();
      if (b.left >= -1 && b.right <= vw + 1) return true;
    }
    return false;
  };
  // Text for screen readers only: inside an element clipped to a pixel.
  const hiddenForSight = (e) => {
    for (let a = e; a; a = a.parentElement) {
      if (a.getBoundingClientRect().width <= 1 && getComputedStyle(a).clipPath !== "none") return true;
    }
    return false;
  };
  const vw = document.documentElement.clientWidth;
  const out = [];
  const name = (e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${typeof e.className === "string" && e.className ? "." + e.className.split(" ").join(".") : ""}`;
  for (const e of document.body.querySelectorAll("*")) {
    // The skip link waits off-screen on purpose until it has the focus.
    if (e.closest(".skip-link")) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (hiddenForSight(e)) continue;
    if ((r.left < -1 || r.right > vw + 1) && !clipped(e, vw)) out.push(`${name(e)}: from ${Math.round(r.left)} to ${Math.round(r.right)} px`);
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(e);
    // SVG text has no box of its own to overflow (its place is checked above).
    if (own && !(e instanceof SVGElement) && style.display !== "inline" && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) {
      out.push(`${name(e)}: text ${e.scrollWidth} px wide in a box of ${e.clientWidth} px`);
    }
  }
  // Text that runs out of its box without the box growing.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim() || n.parentElement.closest(".skip-link, script, style")) continue;
    // Text for screen readers only is clipped to a pixel on purpose.
    if (hiddenForSight(n.parentElement)) continue;
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && (r.left < -1 || r.right > vw + 1)) {
        out.push(`text "${n.textContent.trim().slice(0, 30)}": from ${Math.round(r.left)} to ${Math.round(r.right)} px`);
        break;
      }
    }
  }
  return out.slice(0, 12);
}

/** Every chart text of the open page: its rendered font size and whether it sits inside its SVG's box. */
export function chartTexts(page) {
  return page.$$eval("svg.chart", (svgs) => svgs.flatMap((svg) => {
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll("text")].map((t) => {
      const r = t.getBoundingClientRect();
      return {
        chart: svg.getAttribute("aria-labelledby"),
        text: t.textContent,
        // The font size in user units times the SVG's scale: CSS px on screen.
        px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
        inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5,
        box: [Math.round(r.left), Math.round(r.right), Math.round(box.left), Math.round(box.right)],
      };
    });
  }));
}

/**
 * The shown KPI and schedule tables of the open page: whether the report
 * year's header is there and in view, whether the table scrolls sideways,
 * and how many lines each row label takes.
 */
export function yearTables(page, year) {
  return page.$$eval(".kpi-table, table.schedule", (ts, year) => ts.filter((t) => t.offsetParent).map((t) => {
    const vw = document.documentElement.clientWidth;
    const cell = [...t.querySelectorAll("th")].find((th) => th.textContent.trim() === year);
    const r = cell && cell.getBoundingClientRect();
    const scroller = t.closest(".table-scroll");
    const labels = [...t.querySelectorAll("tbody th[scope=row]")].map((th) => {
      // One line: a label broken as 目/標 is twice as tall as its line height.
      const range = document.createRange();
      range.selectNodeContents(th.firstChild || th);
      return { text: th.textContent, lines: range.getClientRects().length };
    });
    return { cls: t.className, has: !!cell, inView: !!r && r.left >= 0 && r.right <= vw, scrolls: scroller.scrollWidth > scroller.clientWidth + 1, labels };
  }), year);
}
