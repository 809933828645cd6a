// `plansite serve` in a real browser: an open page follows the edits of its
// item file without a manual reload, a broken save shows the overlay naming
// the file and line, the fix removes it, and no request made meanwhile gets
// a 404 or half a page. The preview runs on a copy of the demo site.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createRequire } from "node:module";
import { browser, eventually } from "./support.mjs";

const BIN = process.env.PLANSITE_BIN;
const REPO = process.env.PLANSITE_REPO;
if (!BIN || !existsSync(BIN) || !REPO) {
  throw new Error(`PLANSITE_BIN and PLANSITE_REPO must name the plansite binary and the repository (got ${BIN}, ${REPO}); run the tests through cargo test`);
}

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const ITEM = "content/mine/reform/10.md";
const OLD_TITLE = 'title = "マイナンバーカードの推進"';
const NEW_TITLE = 'title = "マイナンバーカードの普及"';
const s = {};

before(async () => {
  s.dir = await mkdtemp(join(tmpdir(), "plansite-serve-test-"));
  s.site = join(s.dir, "site");
  s.tmp = join(s.dir, "tmp");
  await mkdir(s.tmp);
  for (const part of ["site.toml", "content", "templates", "static"]) {
    await cp(join(REPO, part), join(s.site, part), { recursive: true });
  }
  s.stderr = "";
  s.proc = spawn(BIN, ["serve", "--port", "0", "--root", s.site], {
    env: { ...process.env, PLANSITE_LANG: "ja", NO_COLOR: "1", TMPDIR: s.tmp },
    stdio: ["ignore", "pipe", "pipe"],
  });
  s.proc.stderr.on("data", (d) => { s.stderr += d; });
  s.exited = new Promise((resolve) => s.proc.on("exit", (code, signal) => resolve({ code, signal })));
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: s.proc.stdout }).once("line", resolve);
    s.proc.once("exit", () => reject(new Error(`serve exited before printing its address:\n${s.stderr}`)));
  });
  const url = /http:\/\/[^ ]+\//.exec(line);
  assert.ok(url && line.startsWith("プレビュー: ") && line.includes("Ctrl+C で終了"), line);
  s.base = url[0];
  s.chrome = await browser();
});

after(async () => {
  await s.chrome?.close();
  if (s.proc && s.proc.exitCode === null) s.proc.kill("SIGKILL");
  await rm(s.dir, { recursive: true, force: true });
});

/** What `read` gives, or null while the page is between two documents. */
function settled(read) {
  return async () => { try { return await read(); } catch { return null; } };
}

/** The WCAG 2.1 A/AA violations axe finds on `page`, as readable lines. */
async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  assert.ok(result.passes.length > 3, `axe ran its rules (${result.passes.length} passed)`);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
}

/**
 * Requests pages in a tight loop until stopped: each must answer 200 with a
 * whole document, however the rebuilds fall.
 */
function hammer(paths) {
  const state = { stop: false, count: 0, bad: [] };
  state.done = (async () => {
    while (!state.stop) {
      for (const path of paths) {
        const res = await fetch(s.base + path);
        const body = await res.text();
        state.count += 1;
        if (res.status !== 200 || !body.trimEnd().endsWith("</html>") || !body.includes("/__plansite/live.js")) {
          state.bad.push(`${path}: ${res.status}, ${body.length} bytes, ends ${JSON.stringify(body.slice(-40))}`);
        }
      }
    }
  })();
  return state;
}

test("an open page follows edits, shows the overlay for a broken save and loses it when fixed", { timeout: 180_000 }, async () => {
  const page = await s.chrome.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(`${s.base}mine/reform/10/`);
  assert.equal(await page.textContent("h1"), "マイナンバーカードの推進");

  // The demo has warnings: a banner that can be closed and stays closed.
  const banner = page.locator("#plansite-warnings");
  assert.ok(await banner.isVisible(), "the warning banner shows");
  assert.match(await banner.locator("summary").textContent(), /警告が \d+ 件あります/);
  await banner.locator("summary").click();
  assert.deepEqual(await axe(page), [], "the page with the banner open");
  await banner.locator("button", { hasText: "閉じる" }).click();
  assert.equal(await banner.isVisible(), false);
  await page.reload();
  assert.equal(await page.locator("#plansite-warnings").isVisible(), false, "dismissed for the session");

  const loop = hammer(["mine/reform/10/", "mine/reform/", ""]);
  const file = join(s.site, ITEM);
  const original = await readFile(file, "utf8");
  assert.ok(original.includes(OLD_TITLE));

  await writeFile(file, original.replace(OLD_TITLE, NEW_TITLE));
  await eventually(settled(() => page.textContent("h1")), "マイナンバーカードの普及", "the new title, without a manual reload", 60_000);

  // A title without its closing quote: TOML fails at line 3.
  await writeFile(file, original.replace(OLD_TITLE, 'title = "マイナンバーカードの普及'));
  await eventually(settled(() => page.locator("#plansite-overlay").isVisible()), true, "the overlay", 60_000);
  const overlay = page.locator("#plansite-overlay");
  assert.equal(await overlay.getAttribute("role"), "alert");
  assert.match(await overlay.locator("summary").textContent(), /ビルドでエラーが見つかりました。前回成功した時点のページを表示しています。/);
  const pre = await overlay.locator("pre").textContent();
  assert.match(pre, /content\/mine\/reform\/10\.md:3:\d+/, pre);
  assert.match(pre, /title = "マイナンバーカードの普及/, "the source line");
  assert.match(pre, /\^/, "the caret");
  assert.equal(await page.textContent("h1"), "マイナンバーカードの普及", "the last good page stays");
  // At 360 px nothing scrolls sideways but the message's own box.
  assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth) <= 360);
  assert.deepEqual(await axe(page), [], "the page with the overlay");
  // Reachable by keyboard, and it can be folded away.
  await page.focus("#plansite-overlay summary");
  assert.equal(await page.evaluate(() => document.activeElement.tagName), "SUMMARY");
  await page.keyboard.press("Enter");
  assert.equal(await overlay.locator("details").evaluate((d) => d.open), false, "collapsed");
  await page.reload();
  assert.equal(await page.locator("#plansite-overlay details").evaluate((d) => d.open), true, "back while the error remains");

  await writeFile(file, original.replace(OLD_TITLE, NEW_TITLE));
  await eventually(settled(() => page.locator("#plansite-overlay").count()), 0, "the overlay gone after the fix", 60_000);
  assert.equal(await page.textContent("h1"), "マイナンバーカードの普及");

  loop.stop = true;
  await loop.done;
  assert.deepEqual(loop.bad, [], `of ${loop.count} requests during the rebuilds`);
  assert.ok(loop.count > 20, `only ${loop.count} requests were made`);
  await page.close();
});

test("search in the preview finds what was just saved, and no longer what was replaced", { timeout: 120_000 }, async () => {
  const page = await s.chrome.newPage();
  const file = join(s.site, ITEM);
  const original = await readFile(file, "utf8");
  const found = (q) => settled(async () => {
    await page.goto(`${s.base}search/index.html?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => /件|見つかりません/.test(document.getElementById("search-count").textContent));
    return page.$$eval("#search-list li a", (a) => a.map((x) => x.textContent).filter((t) => t.startsWith("マイナンバーカード")));
  });
  await writeFile(file, original.replace(/title = "[^"]*"/, 'title = "マイナンバーカードの利活用"'));
  await eventually(found("利活用"), ["マイナンバーカードの利活用"], "the saved title is found", 60_000);
  assert.deepEqual(await found("マイナンバーカードの普及")(), [], "the replaced title is not");
  await writeFile(file, original);
  await page.close();
});

test("stopping the preview removes its temporary folder and leaves public/ alone", async () => {
  s.proc.kill("SIGTERM");
  const exit = await s.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, s.stderr);
  assert.deepEqual(await readdir(s.tmp), [], "the temporary folder is removed");
  assert.equal(existsSync(join(s.site, "public")), false, "serve never writes public/");
  assert.match(s.stderr, /プレビューを終了しました。/);
});
