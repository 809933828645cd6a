// Charts that can be read on a phone: every text of every chart is at least
// 12 CSS px when the page is 360 px wide (and still at 1280), and no text
// sticks out of its chart's box. Checked on demo item pages, and on a copy
// of the demo with a KPI of 10-digit values and one with an estimate (見込),
// built here with the plansite binary and opened from disk.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { SITE, browser } from "./support.mjs";
import { chartTexts } from "./checks.mjs";

const BIN = process.env.PLANSITE_BIN;
const REPO = process.env.PLANSITE_REPO;
if (!BIN || !existsSync(BIN) || !REPO) {
  throw new Error(`PLANSITE_BIN and PLANSITE_REPO must name the plansite binary and the repository (got ${BIN}, ${REPO}); run the tests through cargo test`);
}

const BIG_ITEM = "content/mine/reform/10.md";
const BIG_KPI = `
[[kpis]]
name = "市債残高"
unit = "円"
targets = { 2019 = 9800000000, 2023 = 10000000000 }
actuals = { 2019 = 9500000000, 2021 = 9900000000, 2022 = 10000000000, 2023 = { value = 10000000000, note = "見込" } }
`;

const s = {};
before(async () => {
  s.dir = await mkdtemp(join(tmpdir(), "plansite-charts-test-"));
  const root = join(s.dir, "root");
  for (const part of ["site.toml", "content", "templates", "static"]) {
    await cp(join(REPO, part), join(root, part), { recursive: true });
  }
  // The new KPI goes at the end of the item's front matter.
  const file = join(root, BIG_ITEM);
  const text = await readFile(file, "utf8");
  const end = text.indexOf("\n+++", 4);
  await writeFile(file, text.slice(0, end) + BIG_KPI + text.slice(end));
  s.big = join(s.dir, "site");
  await promisify(execFile)(BIN, ["build", "--quiet", "--root", root, "--output", s.big]);
  s.chrome = await browser();
});
after(async () => {
  await s.chrome?.close();
  await rm(s.dir, { recursive: true, force: true });
});

/** Up to `n` item pages of each plan of the demo that show a chart. */
async function itemPagesWithCharts(n) {
  const out = [];
  for (const city of (await readdir(SITE, { withFileTypes: true })).filter((d) => d.isDirectory())) {
    for (const plan of (await readdir(join(SITE, city.name), { withFileTypes: true })).filter((d) => d.isDirectory())) {
      const dir = join(SITE, city.name, plan.name);
      let found = 0;
      for (const item of (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
        const file = join(dir, item, "index.html");
        if (found < n && existsSync(file) && (await readFile(file, "utf8")).includes('<svg class="chart"')) {
          out.push(`${city.name}/${plan.name}/${item}`);
          found += 1;
        }
      }
    }
  }
  return out;
}

async function check(urls, width) {
  const page = await s.chrome.newPage({ viewport: { width, height: 900 } });
  let texts = 0;
  for (const url of urls) {
    await page.goto(url);
    const all = await chartTexts(page);
    assert.ok(all.length > 0, `${url} shows a chart with text`);
    for (const t of all) {
      assert.ok(t.px >= 12, `${url} at ${width}px: "${t.text}" in ${t.chart} is ${t.px.toFixed(2)}px`);
      assert.ok(t.inside, `${url} at ${width}px: "${t.text}" in ${t.chart} sticks out of its chart (${t.box})`);
    }
    texts += all.length;
  }
  await page.close();
  return texts;
}

const demoUrls = async () => {
  const pages = await itemPagesWithCharts(3);
  assert.ok(pages.includes("mine/comprehensive/1-1-01") && pages.includes("mine/reform/10"), pages.join(" "));
  return pages.map((p) => pathToFileURL(join(SITE, p, "index.html")).href);
};

for (const width of [360, 1280]) {
  test(`chart text is at least 12px and inside its chart at ${width}px on demo item pages`, async () => {
    assert.ok(await check(await demoUrls(), width) > 20);
  });

  test(`10-digit values are neither shrunk nor clipped at ${width}px`, async () => {
    const url = pathToFileURL(join(s.big, "mine/reform/10/index.html")).href;
    await check([url], width);
    const page = await s.chrome.newPage({ viewport: { width, height: 900 } });
    await page.goto(url);
    const labels = await page.$$eval("svg.chart text", (ts) => ts.map((t) => t.textContent));
    assert.ok(labels.includes("10,000,000,000"), labels.join(" "));
    await page.close();
  });
}

test("the legend lists only what is drawn, and the text names the estimate and the verdict", async () => {
  const page = await s.chrome.newPage({ viewport: { width: 360, height: 900 } });
  await page.goto(pathToFileURL(join(s.big, "mine/reform/10/index.html")).href);
  const figures = await page.$$eval("figure.chart-figure", (fs) => fs.map((f) => ({
    legend: [...f.querySelectorAll(".legend .key")].map((k) => k.textContent),
    desc: f.querySelector("svg.chart desc").textContent,
  })));
  assert.equal(figures.length, 2);
  const [cards, debt] = figures;
  // The demo KPI: targets, actuals and a baseline, no estimate.
  assert.deepEqual(cards.legend, ["目標値(破線・白丸)", "実績値(実線・塗りの四角)", "基準値(点線)"]);
  assert.match(cards.desc, /令和5年度は目標値20,000枚に対して実績値18,248枚で、目標を達成していません。/);
  // The added KPI: no baseline, an estimate drawn hollow and named.
  assert.deepEqual(debt.legend, ["目標値(破線・白丸)", "実績値(実線・塗りの四角)", "注記のある実績値(見込など・白抜きの四角)"]);
  assert.match(debt.desc, /令和5年度 10,000,000,000円\(見込\)/);
  assert.match(debt.desc, /目標を達成しています。/);
  await page.close();
});
