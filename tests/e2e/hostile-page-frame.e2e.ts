/**
 * The page is the adversary, round two (issue 17, findings 1, 2, 6 and 11). The site's own
 * scripts try to read captures they did not make, to see what is typed in the form, to make the
 * user submit without meaning to, and to use the content script's messages as a compromised
 * renderer would. The form lives in an extension-origin frame; Submit counts only when the frame
 * has been plainly visible for a while; the content protocol never answers with an outcome.
 *
 * The test build opens our shadow roots (so the page scripts below reach even more than they
 * would in production, where they are closed).
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import shared from '../fixtures/EXPECTED.json';
import { createCapture } from '../../lib/capture-lifecycle';
import { fixture, formIn, launch, putRecords, storedCaptures, type Session } from './harness';
import { inExtensionDb, type StoreOperation } from './extension-db';

const feed = shared.fixtures['linkedin-feed.html'];
const [A, , , B] = feed.posts as [(typeof feed.posts)[0], unknown, unknown, (typeof feed.posts)[0]];
const SECRET = {
  note: 'Secret-note-7319 about the deal',
  crmRef: 'CRM-SECRET-5521',
  amount: '987654',
};

let session: Session;
let extensionPage: Page;

beforeAll(async () => {
  session = await launch();
  extensionPage = await session.options();
});
afterAll(async () => {
  await session?.close();
});

/**
 * The page's recorder, installed before any other script: every window message it is sent and
 * every key event it can see, in the capture phase, on window and document.
 */
const RECORDER = `<script>
window.seen = { messages: [], keys: [] };
addEventListener('message', (e) => { try { window.seen.messages.push(JSON.stringify(e.data)); } catch { window.seen.messages.push(String(e.data)); } }, true);
for (const type of ['keydown', 'keyup', 'keypress', 'input', 'beforeinput']) {
  addEventListener(type, (e) => window.seen.keys.push(type + ':' + (e.key ?? e.data ?? '')), true);
  document.addEventListener(type, (e) => window.seen.keys.push('doc-' + type + ':' + (e.key ?? e.data ?? '')), true);
}
</script>`;

async function openFeed(): Promise<Page> {
  session.serve(
    feed.page_url,
    fixture('linkedin-feed.html').replace('<head>', `<head>${RECORDER}`),
  );
  const page = await session.context.newPage();
  await page.goto(feed.page_url);
  await expect.poll(() => page.locator('[data-sourced-post-id]').count()).toBe(feed.posts.length);
  return page;
}

/**
 * The open form, wherever the build puts it: inside its frame, or (builds before issue 17) in the
 * page's shadow DOM. So each test here runs, and fails for its real reason, on the old build too.
 */
async function theForm(page: Page): Promise<Locator> {
  await page
    .locator('[data-testid="sourced-form-frame"], [data-testid="sourced-form"]')
    .first()
    .waitFor();
  return (await page.locator('[data-testid="sourced-form-frame"]').count()) > 0
    ? formIn(page)
    : page.getByTestId('sourced-form');
}

const flagOf = (page: Page, id: string) =>
  page.locator(`[data-sourced-post-id="${id}"]`).getByTestId('sourced-flag');

/**
 * Everything a page script can read of our UI: the DOM with every open shadow root, the values
 * of every field it can reach, the frame's document if the browser lets it, and the messages the
 * window received.
 */
function readEverything(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [document.documentElement.outerHTML];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) {
          out.push(el.shadowRoot.innerHTML);
          visit(el.shadowRoot);
        }
        if ('value' in el) out.push(String((el as HTMLInputElement).value));
        if (el instanceof HTMLIFrameElement) {
          try {
            const doc = el.contentDocument ?? el.contentWindow?.document;
            if (doc) {
              out.push(doc.documentElement.outerHTML);
              visit(doc);
            }
          } catch {
            // Cross-origin: the browser refuses, as it should.
          }
        }
      }
    };
    visit(document);
    const seen = (window as unknown as { seen: { messages: string[] } }).seen;
    out.push(...seen.messages);
    return out.join('\n');
  });
}

async function clearCaptures(): Promise<void> {
  await extensionPage.evaluate(inExtensionDb, { store: 'captures', op: 'clear' } as StoreOperation);
}

/** The user records a capture with a note, a CRM reference and a value, through the form. */
async function recordSecretCapture(page: Page, id: string): Promise<void> {
  await flagOf(page, id).click();
  const form = await theForm(page);
  await form.getByTestId('sourced-note').fill(SECRET.note);
  await form.getByTestId('sourced-crm-ref').fill(SECRET.crmRef);
  await form.getByTestId('sourced-value-amount').fill(SECRET.amount);
  await form.getByTestId('sourced-save-draft').click();
  await expect.poll(() => page.getByTestId('sourced-toast').textContent()).toContain('draft');
}

beforeEach(async () => {
  await clearCaptures();
});

test('finding 1: an id swapped at pointerdown opens the other capture in the frame, where the page cannot read it', async () => {
  const page = await openFeed();
  await recordSecretCapture(page, B.id!);
  // The page makes post A claim B's id the moment the user presses on A's flag.
  await page.evaluate(
    ({ a, b }) => {
      const row = (id: string) =>
        document.querySelector(`[data-sourced-post-id="${id}"]`)!.closest('[role="listitem"]')!;
      const rowA = row(a);
      const rowB = row(b);
      document.addEventListener(
        'pointerdown',
        () => {
          const from = rowB.querySelector('[data-view-tracking-scope]')!;
          rowA
            .querySelector('[data-view-tracking-scope]')!
            .setAttribute(
              'data-view-tracking-scope',
              from.getAttribute('data-view-tracking-scope')!,
            );
        },
        { capture: true, once: true },
      );
    },
    { a: A.id!, b: B.id! },
  );
  await flagOf(page, A.id!).click();
  // The swap worked: the user's frame shows B's capture for editing...
  const form = await theForm(page);
  await expect.poll(() => form.locator('h2').textContent()).toContain('Edit');
  expect(await form.getByTestId('sourced-note').inputValue()).toBe(SECRET.note);
  // ...and nothing of it reaches the page.
  const everything = await readEverything(page);
  for (const secret of Object.values(SECRET)) expect(everything).not.toContain(secret);
});

test('the page can neither read the frame’s document nor the values typed in the form', async () => {
  const page = await openFeed();
  await flagOf(page, A.id!).click();
  await (await theForm(page)).getByTestId('sourced-note').fill('Typed-by-the-user-4410');
  const access = await page.evaluate(() => {
    const host = document.querySelector('[data-sourced-dialog-host]')!;
    const frame = host.shadowRoot!.querySelector('iframe')!;
    let windowDocument = 'readable';
    try {
      void frame.contentWindow!.document.body;
    } catch (error) {
      windowDocument = (error as Error).name;
    }
    return { contentDocument: frame.contentDocument === null, windowDocument, src: frame.src };
  });
  expect(access.contentDocument).toBe(true);
  expect(access.windowDocument).toBe('SecurityError');
  expect(access.src).toMatch(/^chrome-extension:\/\/[a-z0-9-]+\/capture-frame\.html$/);
  expect(await readEverything(page)).not.toContain('Typed-by-the-user-4410');
});

test('a capture-phase key listener on window sees no keystroke typed in the form', async () => {
  const page = await openFeed();
  await flagOf(page, A.id!).click();
  await (await theForm(page)).getByTestId('sourced-note').click();
  await page.keyboard.type('jk secret');
  await (await theForm(page)).getByTestId('sourced-crm-ref').pressSequentially('CRM-1');
  expect(await (await theForm(page)).getByTestId('sourced-note').inputValue()).toBe('jk secret');
  expect(
    await page.evaluate(() => (window as unknown as { seen: { keys: string[] } }).seen.keys),
  ).toEqual([]);
});

/** Wait until the user could legitimately submit: the frame visible for well over 500 ms. */
async function openedAndSettled(page: Page, id: string): Promise<void> {
  await flagOf(page, id).click();
  await (await theForm(page)).getByTestId('sourced-note').fill('What the page wants submitted');
  await page.waitForTimeout(1200);
}

const queuedOf = async (id: string) =>
  (await storedCaptures(extensionPage)).filter((c) => c.postKey === id && c.status !== 'draft');

test('finding 2: an invisible frame (opacity 0) with Submit under the cursor does not submit', async () => {
  const page = await openFeed();
  await openedAndSettled(page, A.id!);
  await page.evaluate(() => {
    (document.querySelector('[data-sourced-dialog-host]') as HTMLElement).style.opacity = '0';
  });
  await page.waitForTimeout(800);
  // A real mouse click where Submit is (force: no waiting for it to be enabled or visible).
  await (await theForm(page)).getByTestId('sourced-submit').click({ force: true });
  await page.waitForTimeout(1200);
  expect(await queuedOf(A.id!)).toEqual([]);

  // Made invisible the moment before the click: the look after the click catches it.
  await page.evaluate(() => {
    (document.querySelector('[data-sourced-dialog-host]') as HTMLElement).style.opacity = '1';
  });
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    (document.querySelector('[data-sourced-dialog-host]') as HTMLElement).style.opacity = '0.01';
  });
  await (await theForm(page)).getByTestId('sourced-submit').click({ force: true });
  await page.waitForTimeout(1200);
  expect(await queuedOf(A.id!)).toEqual([]);
  // The form stays for the user, who decides.
  expect(await (await theForm(page)).count()).toBe(1);
});

test('finding 2: a frame moved under the cursor just before the click does not submit; a settled one does', async () => {
  const page = await openFeed();
  await openedAndSettled(page, A.id!);
  const submit = (await theForm(page)).getByTestId('sourced-submit');
  const before = (await submit.boundingBox())!;
  // The user's cursor rests on something of the site; the page slides Submit under it.
  const cursor = { x: before.x + before.width / 2 - 150, y: before.y + before.height / 2 - 120 };
  await page.mouse.move(cursor.x, cursor.y);
  await page.evaluate(() => {
    const host = document.querySelector('[data-sourced-dialog-host]')!;
    (host.shadowRoot!.querySelector('.backdrop') as HTMLElement).style.transform =
      'translate(-150px, -120px)';
  });
  await page.mouse.down();
  await page.mouse.up();
  await page.waitForTimeout(1200);
  expect(await queuedOf(A.id!)).toEqual([]);
  // The click did land on Submit.
  const after = (await submit.boundingBox())!;
  expect(Math.abs(after.x + after.width / 2 - cursor.x)).toBeLessThan(2);
  expect(Math.abs(after.y + after.height / 2 - cursor.y)).toBeLessThan(2);

  // Control: the same frame, left where it is long enough, submits on the user's click.
  await page.waitForTimeout(800);
  await submit.click();
  await expect.poll(() => queuedOf(A.id!), { timeout: 5000 }).toHaveLength(1);
});

test('finding 2: the flag restyled over "Like" opens the form, and the second "Like" click submits nothing', async () => {
  const page = await openFeed();
  const like = page.getByRole('button', { name: 'Like' }).first();
  const box = (await like.boundingBox())!;
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.evaluate(
    ({ id, at }) => {
      const host = document.querySelector(`[data-sourced-post-id="${id}"]`) as HTMLElement;
      host.style.cssText = `position:fixed;left:${at.x - 14}px;top:${at.y - 14}px;opacity:0;z-index:2147483647`;
      // When the form appears, hide it and put its Submit button where the cursor is.
      new MutationObserver(() => {
        const dialog = document.querySelector('[data-sourced-dialog-host]') as HTMLElement | null;
        if (!dialog || dialog.dataset.hijacked) return;
        dialog.dataset.hijacked = '1';
        dialog.style.opacity = '0';
        // The flag has done its job: let the next click through to the form.
        host.style.pointerEvents = 'none';
      }).observe(document.documentElement, { childList: true });
    },
    { id: A.id!, at },
  );
  await page.mouse.click(at.x, at.y);
  await (await theForm(page)).waitFor();
  const submit = (await (await theForm(page)).getByTestId('sourced-submit').boundingBox())!;
  await page.evaluate(
    ({ dx, dy }) => {
      const host = document.querySelector('[data-sourced-dialog-host]')!;
      (host.shadowRoot!.querySelector('.backdrop') as HTMLElement).style.transform =
        `translate(${dx}px, ${dy}px)`;
    },
    { dx: at.x - (submit.x + submit.width / 2), dy: at.y - (submit.y + submit.height / 2) },
  );
  await page.waitForTimeout(700);
  // Submit is under the cursor, invisible.
  const moved = (await (await theForm(page)).getByTestId('sourced-submit').boundingBox())!;
  expect(Math.abs(moved.x + moved.width / 2 - at.x)).toBeLessThan(2);
  expect(Math.abs(moved.y + moved.height / 2 - at.y)).toBeLessThan(2);
  // What the user's click will hit is the (invisible) form.
  expect(
    await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.hasAttribute('data-sourced-dialog-host'),
      at,
    ),
  ).toBe(true);
  await page.mouse.click(at.x, at.y);
  await page.waitForTimeout(1200);
  expect(await queuedOf(A.id!)).toEqual([]);
});

/**
 * Run code in the content script's isolated world, as a compromised site renderer could: it has
 * the content script's messaging and nothing more. Found through the DevTools protocol.
 */
async function inContentScriptWorld<T>(page: Page, expression: string): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; name: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  await expect.poll(() => contexts.some((c) => c.name === 'Sourced')).toBe(true);
  const world = contexts.find((c) => c.name === 'Sourced')!;
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression,
    contextId: world.id,
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  if (exceptionDetails) throw new Error(exceptionDetails.text);
  return result.value as T;
}

test('finding 6: a compromised renderer’s content messages get no outcome and save nothing', async () => {
  const page = await openFeed();
  // Stored directly (not through the form), so that this test runs the same on any build.
  await putRecords(extensionPage, 'captures', [
    createCapture({
      id: crypto.randomUUID(),
      platform: 'linkedin',
      post: { id: B.id!, url: B.permalink!, kind: 'post', author: { name: B.author_name! } },
      postKey: B.id!,
      outcome: {
        type: 'deal',
        stage: 'won',
        value: { amount: Number(SECRET.amount), currency: 'EUR' },
        crmRef: SECRET.crmRef,
        note: SECRET.note,
      },
      employee: { name: 'Ada Example', email: 'ada@example.com' },
      clientVersion: '0.1.0',
      submit: false,
      now: new Date(),
    }),
  ]);
  const [before] = await storedCaptures(extensionPage);
  const post = {
    platform: 'linkedin',
    id: B.id,
    url: B.permalink,
    kind: 'post',
    author: { name: 'Mallory' },
    text: 'forged',
    key: B.id,
  };
  const asks = [
    ['captureForPost', { postKey: B.id }],
    [
      'saveCapture',
      { post, outcome: { type: 'deal', stage: 'won', note: 'forged' }, submit: true },
    ],
    ['flagStates', { postKeys: [B.id] }],
    ['openForm', { post, theme: 'light' }],
    ['formOpen', undefined],
    [
      'formSave',
      { session: crypto.randomUUID(), outcome: { type: 'deal', stage: 'won' }, submit: true },
    ],
    ['syncNow', undefined],
  ];
  const replies = await inContentScriptWorld<string[]>(
    page,
    `Promise.all(${JSON.stringify(asks)}.map(([type, data]) =>
      chrome.runtime.sendMessage({ id: Math.floor(Math.random() * 1e6), type, data, timestamp: Date.now() })
        .then((reply) => JSON.stringify(reply) ?? 'no reply', (error) => 'error: ' + error.message)))`,
  );
  expect(replies).toHaveLength(asks.length);
  // The world is the content script's: flagStates answers it.
  expect(replies[2]).toContain(B.id!);
  for (const reply of replies) {
    for (const secret of Object.values(SECRET)) expect(reply).not.toContain(secret);
  }
  await page.waitForTimeout(500);
  const after = await storedCaptures(extensionPage);
  expect(after).toHaveLength(1);
  expect(after[0]).toMatchObject({
    status: 'draft',
    revision: before!.revision,
    outcome: before!.outcome,
  });
});

test('finding 11: the page hears nothing of the content script starting, and cannot switch it off', async () => {
  const page = await openFeed();
  const messages = await page.evaluate(
    () => (window as unknown as { seen: { messages: string[] } }).seen.messages,
  );
  expect(messages.join('\n')).not.toContain('content-script-started');
  expect(messages.join('\n')).not.toContain(session.extensionId);

  // Even a page that knows the extension id (Chrome's ids are public) cannot stop the script.
  await page.evaluate((id) => {
    const detail = { contentScriptName: 'content', messageId: 'forged' };
    const type = `${id}:content:wxt:content-script-started`;
    document.dispatchEvent(new CustomEvent(type, { detail }));
    window.postMessage({ type, ...detail }, '*');
  }, session.extensionId);
  await page.waitForTimeout(300);
  await page.evaluate(() =>
    document.querySelectorAll('[data-sourced-post-id]').forEach((h) => h.remove()),
  );
  await expect.poll(() => page.locator('[data-sourced-post-id]').count()).toBe(feed.posts.length);
  await flagOf(page, A.id!).click();
  await (await theForm(page)).getByTestId('sourced-save-draft').click();
  await expect.poll(() => page.getByTestId('sourced-toast').textContent()).toContain('draft');
});
