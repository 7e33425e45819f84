/**
 * The content script's per-post work, phase by phase, timed inside Chromium on the content
 * benchmark's posts (1,000, already in the page): finding posts in each added row, keying them,
 * finding the flag's slot, making a flag, and the naive injector's whole work for comparison.
 * The code (bundled here with esbuild) runs in an isolated world of the page, as a content script
 * does; the first round meets every node for the first time, as a content script meets new posts.
 * Prints, asserts nothing.
 * Run: npx tsx bench/phases.ts [linkedin|x]
 */
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../tests/e2e/harness';
import { generateLinkedInFeed, generateXTimeline } from '../tests/fixtures/generate-feed';

const HERE = path.dirname(fileURLToPath(import.meta.url));

const PAGE_CODE = `
import { linkedinLocator as linkedinAdapter } from '../lib/sites/linkedin-locator';
import { xLocator as xAdapter } from '../lib/sites/x-locator';
import { postReader } from '../lib/sites/reader';
import { createFlag } from '../components/in-page/flag-button';
const adapter = location.hostname === 'x.com' ? xAdapter : linkedinAdapter;
const ROW = location.hostname === 'x.com' ? '[data-testid="cellInnerDiv"]' : '[data-id^="urn:li:"]';
function time(label, rows, fn) {
  const started = performance.now();
  for (const row of rows) fn(row);
  return [label, (performance.now() - started) * 1000 / rows.length];
}
const weak = new WeakMap();
window.runPhases = (repeat) => {
  const out = {};
  const add = ([label, us]) => (out[label] ??= []).push(us);
  for (let r = 0; r < repeat; r++) {
    const rows = [...document.querySelectorAll(ROW)];
    const page = new URL(location.href);
    const posts = [];
    add(time('findPosts(row)', rows, (row) => posts.push(...adapter.findPosts(row))));
    add(time('fastKey(post)', posts, (post) => adapter.fastKey(post, page)));
    add(time('flagSlot(post)', posts, (post) => adapter.flagSlot(post)));
    const hosts = [];
    add(time('createFlag', posts, (post) => hosts.push(createFlag(document, 'k', () => {}, 'open').host)));
    let i = 0;
    add(time('append flag to slot', posts, (post) => adapter.flagSlot(post).append(hosts[i++])));
    for (const host of hosts) host.remove();
    const naive = [];
    add(time('naive: whole work', rows, (post) => {
      const host = document.createElement('span');
      host.setAttribute('data-naive-flag', post.getAttribute('data-id') ?? '');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = '⚑';
      host.attachShadow({ mode: 'open' }).append(button);
      post.append(host);
      naive.push(host);
    }));
    for (const host of naive) host.remove();
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('button{color:red}');
    const tmpl = document.createElement('span');
    const tb = document.createElement('button');
    const variants = {
      'v: clone+shadow': (post) => { const h = tmpl.cloneNode(false); h.attachShadow({mode:'closed'}); return h; },
      'v: clone+shadow+adopt': (post) => { const h = tmpl.cloneNode(false); const r = h.attachShadow({mode:'closed'}); r.adoptedStyleSheets = [sheet]; return h; },
      'v: clone+shadow+adopt+button': (post) => { const h = tmpl.cloneNode(false); const r = h.attachShadow({mode:'closed'}); r.adoptedStyleSheets = [sheet]; r.append(tb.cloneNode(false)); return h; },
      'v: +listener': (post) => { const h = tmpl.cloneNode(false); const r = h.attachShadow({mode:'closed'}); r.adoptedStyleSheets = [sheet]; const b = tb.cloneNode(false); b.addEventListener('click', time); r.append(b); return h; },
      'v: +setAttribute': (post) => { const h = tmpl.cloneNode(false); h.setAttribute('data-x', 'urn:li:activity:1234567890'); const r = h.attachShadow({mode:'closed'}); r.adoptedStyleSheets = [sheet]; const b = tb.cloneNode(false); b.addEventListener('click', time); r.append(b); return h; },
    };
    for (const [label, make] of Object.entries(variants)) {
      const made = [];
      add(time(label, posts, (post) => made.push(make(post))));
      let k = 0;
      add(time(label + ' → append', posts, (post) => post.append(made[k++])));
      for (const h of made) h.remove();
    }
    // Single DOM calls, for scale: in an isolated world a call that hands back a node looks up
    // (or makes) this world's wrapper of it, and costs several times a call returning a value.
    if (r === 0) {
      add(time('call: getAttribute', posts, (post) => post.getAttribute('data-id')));
      add(time('call: childElementCount', posts, (post) => post.childElementCount));
      add(time('call: firstElementChild', posts, (post) => post.firstElementChild));
      add(time('call: querySelector', posts, (post) => post.querySelector('a[href], button')));
      add(time('call: WeakMap.set', posts, (post) => weak.set(post, r)));
    }
    add(time('extract(post) (click time)', posts.slice(0, 200), (post) => postReader.extract(adapter.platform, post, page)));
  }
  return out;
};
`;

/**
 * Bundle `pageCode` (imports resolved from bench/), open a generated feed of `posts` posts in
 * Chromium, run the bundle in an isolated world of it, as a content script runs, then evaluate
 * `expression` there and return its value (JSON-serialisable).
 */
export async function inIsolatedWorld<T>(
  site: 'linkedin' | 'x',
  posts: number,
  pageCode: string,
  expression: string,
): Promise<T> {
  const bundle = await build({
    stdin: { contents: pageCode, resolveDir: HERE, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    define: { 'import.meta.env.SOURCED_E2E': 'false' },
    // Vite's `?inline` stylesheets, as text (unminified: the styles are not what is timed).
    plugins: [
      {
        name: 'inline-css',
        setup(b) {
          b.onResolve({ filter: /\.css\?inline$/ }, (args) => ({
            path: path.resolve(args.resolveDir, args.path.replace(/\?inline$/, '')),
            namespace: 'inline-css',
          }));
          b.onLoad({ filter: /.*/, namespace: 'inline-css' }, async (args) => ({
            contents: await readFile(args.path, 'utf8'),
            loader: 'text',
          }));
        },
      },
    ],
  });
  const script = new TextDecoder().decode(bundle.outputFiles[0]!.contents);
  const html =
    site === 'x' ? generateXTimeline(posts) : generateLinkedInFeed(posts, { layout: 'ember' });
  const url = site === 'x' ? 'https://x.com/home' : 'https://www.linkedin.com/feed/';
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) =>
      route.request().resourceType() === 'document'
        ? route.fulfill({ contentType: 'text/html', body: html })
        : route.abort(),
    );
    await page.goto(url);
    // A content script's world: an isolated world of the page (its own wrappers of every node,
    // as an extension's content script has), where the first touch of each node costs most.
    const cdp = await page.context().newCDPSession(page);
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
      frameId: frameTree.frame.id,
      worldName: 'bench-isolated',
    });
    await cdp.send('Runtime.evaluate', { expression: script, contextId: executionContextId });
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: executionContextId,
      returnByValue: true,
    });
    if (exceptionDetails)
      throw new Error(
        `in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
      );
    return result.value as T;
  } finally {
    await browser.close();
  }
}

/** Median of a list of numbers. */
export const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

export async function main(): Promise<void> {
  const site = process.argv[2] === 'x' ? 'x' : 'linkedin';
  const phases = JSON.parse(
    await inIsolatedWorld<string>(site, 1000, PAGE_CODE, 'JSON.stringify(runPhases(9))'),
  ) as Record<string, number[]>;
  console.log(
    `${site}: µs per post in an isolated world: first round (nodes new to it), median of 9`,
  );
  console.table(
    Object.entries(phases).map(([phase, v]) => ({
      phase,
      'first µs/post': +v[0]!.toFixed(2),
      'median µs/post': +median(v).toFixed(2),
    })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
