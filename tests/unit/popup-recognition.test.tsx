// @vitest-environment happy-dom
/** The popup's recognition line (protocol v1.1) and its "Any news?" list, rendered for real. */
import { afterEach, expect, test, vi } from 'vitest';
import { eventType, type Capture } from '../../lib/capture';
import { DAY_MS } from '../../lib/followup/select';
import { saveFollowupSettings } from '../../lib/followup/settings';
import { NOW, OUTCOME } from './capture-fixtures';
import { at, click, openPopup, type Popup } from './popup-render';

let popup: Popup | undefined;
afterEach(async () => {
  await popup?.close();
  popup = undefined;
});

const STATUS = 'https://wins.example.com/v1/captures/';

function delivered(author: string, extra: Partial<Capture> = {}): Capture {
  const base = at(5, {}, author);
  return {
    ...base,
    status: 'delivered',
    deliveredRevision: 1,
    deliveredAt: NOW.toISOString(),
    receipt: { id: base.id, status: `${STATUS}${base.id}` },
    ...extra,
  };
}

async function recognition(id: string) {
  return vi.waitFor(() => {
    const line = popup!.item(id)?.querySelector<HTMLElement>('[data-testid="capture-recognition"]');
    if (!line) throw new Error('no recognition line yet');
    return line;
  });
}

test('pending, confirmed by the reviewer with the co-credited, declined with the comment as text', async () => {
  const pending = delivered('Priya Lorem');
  const confirmed = delivered('Zoë Lorem');
  const declined = delivered('Ines Lorem');
  popup = await openPopup([pending, confirmed, declined]);
  const doc = (c: Capture, state: string, extra: object) => ({
    captureId: c.id,
    askedRevision: 1,
    checkedAt: NOW.toISOString(),
    stopped: 'final' as const,
    document: { captureId: c.id, revision: 1, state, ...extra } as never,
  });
  await popup.db.recognition.bulkPut([
    doc(confirmed, 'confirmed', {
      by: 'Dana Reviewer',
      credits: [{ name: 'Ada Example' }, { name: 'Bo Martin' }],
    }),
    doc(declined, 'declined', {
      by: 'Dana Reviewer',
      comment: '<img src=x onerror="globalThis.pwned=1">Not from <b>this</b> post',
    }),
  ]);

  const first = await recognition(pending.id);
  expect(first.dataset.state).toBe('pending');
  expect(first.textContent).toBe('Awaiting confirmation');

  await vi.waitFor(async () =>
    expect((await recognition(confirmed.id)).dataset.state).toBe('confirmed'),
  );
  // The employee's own name (Ada Example, the fixture's identity) is not repeated.
  expect((await recognition(confirmed.id)).textContent).toBe(
    'Confirmed by Dana Reviewer · shared with Bo Martin',
  );

  const no = await recognition(declined.id);
  await vi.waitFor(() => expect(no.dataset.state).toBe('declined'));
  expect(no.textContent).toBe(
    'Declined by Dana Reviewer: <img src=x onerror="globalThis.pwned=1">Not from <b>this</b> post',
  );
  expect(no.querySelector('img, b')).toBeNull();
  expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  // The line describes its row for screen readers.
  expect(popup.item(declined.id)!.getAttribute('aria-describedby')).toBe(no.id);
  // The popup asked the background to check what is due.
  expect(popup.background.sent.filter((type) => type === 'popupOpened')).toHaveLength(1);
  expect(popup.background.deps.checkRecognition).toHaveBeenCalledWith('popup');
});

test('an endpoint without v1.1 shows no status and no error', async () => {
  const v1 = delivered('Priya Lorem', {
    receipt: { id: 'rcpt-1', url: 'https://wins.example.com/r' },
  });
  popup = await openPopup([v1]);
  await vi.waitFor(() => expect(popup!.item(v1.id)).not.toBeNull());
  expect(popup.item(v1.id)!.querySelector('[data-testid="capture-recognition"]')).toBeNull();
  expect(popup.root.querySelector('.error, [role="alert"]:not(:empty)')).toBeNull();
});

test('Any news?: a stage in one step, a snooze, and no longer relevant', async () => {
  const old = new Date(NOW.getTime() - 40 * DAY_MS).toISOString();
  const stale = (author: string) =>
    delivered(author, {
      updatedAt: old,
      deliveredAt: old,
      outcome: { ...OUTCOME, type: 'lead', stage: 'in_progress' },
    });
  const lead = stale('Priya Lorem');
  const later = stale('Zoë Lorem');
  const gone = stale('Ines Lorem');
  popup = await openPopup([lead, later, gone]);
  const { db, allByTestId, byTestId, background } = popup;
  const item = async (id: string) =>
    vi.waitFor(() => {
      const found = allByTestId('followup-item').find((el) => el.dataset.captureId === id);
      if (!found) throw new Error('not listed');
      return found;
    });
  const first = await item(lead.id);
  expect(byTestId('followup-list')!.textContent).toContain('Any news?');
  expect(allByTestId('followup-item')).toHaveLength(3);

  // One step: "Won" is a new revision, queued, delivered as capture.updated.
  click(first.querySelector('[data-testid="followup-stage"][data-stage="won"]'));
  await vi.waitFor(async () => expect((await db.captures.get(lead.id))?.status).toBe('queued'));
  const moved = (await db.captures.get(lead.id))!;
  expect(moved).toMatchObject({ revision: 2, outcome: { stage: 'won' } });
  expect(eventType(moved)).toBe('capture.updated');
  expect(background.sent).toContain('setFollowupStage');
  expect(background.deps.capturesWritten).toHaveBeenCalled();

  click((await item(later.id)).querySelector('[data-testid="followup-snooze"]'));
  await vi.waitFor(async () => expect(await db.followupSnoozes.get(later.id)).toBeDefined());

  const relevant = (await item(gone.id)).querySelector<HTMLButtonElement>(
    '[data-testid="followup-withdraw"]',
  )!;
  click(relevant);
  await vi.waitFor(() => expect(relevant.textContent).toBe('Really withdraw?'));
  expect(await db.captures.get(gone.id)).toMatchObject({ status: 'delivered' });
  click(relevant);
  await vi.waitFor(async () =>
    expect(await db.captures.get(gone.id)).toMatchObject({ intent: 'withdraw', status: 'queued' }),
  );
  await vi.waitFor(() => expect(byTestId('followup-list')).toBeNull());
});

test('the number of days comes from the setting', async () => {
  const recent = delivered('Priya Lorem', {
    updatedAt: new Date(NOW.getTime() - 10 * DAY_MS).toISOString(),
    outcome: { ...OUTCOME, stage: 'identified' },
  });
  popup = await openPopup([recent]);
  await vi.waitFor(() => expect(popup!.item(recent.id)).not.toBeNull());
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(popup.byTestId('followup-list')).toBeNull();
  await saveFollowupSettings(popup.db, { days: 7, badge: false });
  await vi.waitFor(() => expect(popup!.allByTestId('followup-item')).toHaveLength(1));
});
