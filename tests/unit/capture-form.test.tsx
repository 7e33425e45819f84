// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { CaptureForm, parseOutcome } from '../../components/CaptureForm';
import { ok, fail } from '../../lib/result';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const byId = <T extends HTMLElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`)!;
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
function type(id: string, value: string) {
  const input = byId<HTMLInputElement>(id);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
function choose(id: string, value: string) {
  const select = byId<HTMLSelectElement>(id);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

test('shows the post as text, and saves what the user entered as a draft', async () => {
  const onSave = vi.fn().mockResolvedValue(ok('saved'));
  render(
    <CaptureForm
      post={{
        platform: 'x',
        author: '<img src=x onerror=alert(1)>',
        excerpt: '<script>alert(1)</script>',
      }}
      onSave={onSave}
      onCancel={() => {}}
    />,
    root,
  );
  expect(root.querySelector('script, img')).toBeNull();
  expect(root.textContent).toContain('<script>alert(1)</script>');
  expect(byId('sourced-outcome-type').closest('label')?.textContent).toContain('Outcome');

  choose('sourced-outcome-type', 'partnership');
  choose('sourced-stage', 'in_progress');
  type('sourced-value-amount', '1 250,50');
  type('sourced-value-currency', 'usd');
  type('sourced-crm-ref', 'https://crm.example.com/deals/42');
  type('sourced-note', '  Intro through the post  ');
  byId('sourced-save-draft').click();
  await flush();
  expect(onSave).toHaveBeenCalledWith(
    {
      type: 'partnership',
      stage: 'in_progress',
      value: { amount: 1250.5, currency: 'USD' },
      crmRef: 'https://crm.example.com/deals/42',
      note: 'Intro through the post',
    },
    false,
  );
});

test('an invalid value is refused under its field, which gets the focus, and nothing is saved', async () => {
  const onSave = vi.fn();
  render(
    <CaptureForm
      post={{ platform: 'linkedin' }}
      locale="en-US"
      onSave={onSave}
      onCancel={() => {}}
    />,
    root,
  );
  type('sourced-value-amount', 'twelve');
  byId('sourced-submit').click();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(onSave).not.toHaveBeenCalled();
  const amount = byId('sourced-value-amount');
  expect(amount.getAttribute('aria-invalid')).toBe('true');
  const describedBy = amount.getAttribute('aria-describedby')!.split(' ');
  const error = root.querySelector(`#${describedBy[0]}`)!;
  expect(error.textContent).toMatch(/not a number Sourced can read.*12,000\.50/);
  expect(document.activeElement).toBe(amount);
  // Editing the field clears its error.
  type('sourced-value-amount', '12');
  await flush();
  expect(amount.hasAttribute('aria-invalid')).toBe(false);
  expect(root.querySelector('.sourced-field-error')).toBeNull();
});

test('the value is read with the locale and shown as understood before saving', async () => {
  const onSave = vi.fn().mockResolvedValue(ok('saved'));
  render(
    <CaptureForm
      post={{ platform: 'linkedin' }}
      locale="en-US"
      defaultCurrency="USD"
      onSave={onSave}
      onCancel={() => {}}
    />,
    root,
  );
  type('sourced-value-amount', '12,000');
  await flush();
  const understood = byId('sourced-value-understood');
  expect(understood.getAttribute('aria-live')).toBe('polite');
  expect(understood.textContent).toBe('= $12,000.00');
  byId('sourced-save-draft').click();
  await flush();
  expect(onSave).toHaveBeenCalledWith(
    expect.objectContaining({ value: { amount: 12000, currency: 'USD' } }),
    false,
  );
});

test('an edited capture shows its value in the locale and keeps it when untouched', async () => {
  const onSave = vi.fn().mockResolvedValue(ok('saved'));
  render(
    <CaptureForm
      post={{ platform: 'linkedin' }}
      locale="de-DE"
      initial={{ type: 'deal', stage: 'won', value: { amount: 12.125, currency: 'KWD' } }}
      editing
      onSave={onSave}
      onCancel={() => {}}
    />,
    root,
  );
  expect(byId<HTMLInputElement>('sourced-value-amount').value).toBe('12,125');
  byId('sourced-save-draft').click();
  await flush();
  expect(onSave).toHaveBeenCalledWith(
    expect.objectContaining({ value: { amount: 12.125, currency: 'KWD' } }),
    false,
  );
});

function pressEnter(id: string, shiftKey = false): KeyboardEvent {
  const event = new KeyboardEvent('keydown', {
    key: 'Enter',
    shiftKey,
    bubbles: true,
    cancelable: true,
  });
  byId(id).dispatchEvent(event);
  return event;
}

test('Enter in a field saves a draft, never a submission, even when editing a delivered capture', async () => {
  const onSave = vi.fn().mockResolvedValue(ok('saved'));
  render(
    <CaptureForm
      post={{ platform: 'linkedin' }}
      initial={{ type: 'deal', stage: 'won' }}
      editing
      onSave={onSave}
      onCancel={() => {}}
    />,
    root,
  );
  type('sourced-note', 'Signed');
  expect(pressEnter('sourced-note').defaultPrevented).toBe(true);
  await flush();
  expect(onSave).toHaveBeenCalledTimes(1);
  expect(onSave).toHaveBeenLastCalledWith(expect.objectContaining({ note: 'Signed' }), false);
  pressEnter('sourced-crm-ref');
  await flush();
  expect(onSave).toHaveBeenCalledTimes(2);
  expect(onSave).toHaveBeenLastCalledWith(expect.anything(), false);
  // Shift+Enter is a new line in the note, not a save.
  expect(pressEnter('sourced-note', true).defaultPrevented).toBe(false);
  await flush();
  expect(onSave).toHaveBeenCalledTimes(2);
  expect(byId('sourced-submit').getAttribute('type')).toBe('button');
});

test('a refused save shows the background error and keeps the form open', async () => {
  const onSave = vi.fn().mockResolvedValue(fail('The browser has no storage space left.'));
  render(<CaptureForm post={{ platform: 'linkedin' }} onSave={onSave} onCancel={() => {}} />, root);
  byId('sourced-submit').click();
  await flush();
  expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ type: 'customer' }), true);
  expect(root.querySelector('[role="alert"]')?.textContent).toContain('no storage space');
  expect(byId('sourced-form')).not.toBeNull();
});

test('in a page, synthetic clicks from page scripts do not save', async () => {
  const onSave = vi.fn().mockResolvedValue(ok('saved'));
  render(
    <CaptureForm post={{ platform: 'linkedin' }} trustedOnly onSave={onSave} onCancel={() => {}} />,
    root,
  );
  byId('sourced-save-draft').click();
  byId('sourced-submit').click();
  await flush();
  expect(onSave).not.toHaveBeenCalled();
});

test('Escape closes; Tab from the last control wraps to the first', async () => {
  const onCancel = vi.fn();
  render(
    <CaptureForm post={{ platform: 'linkedin' }} onSave={vi.fn()} onCancel={onCancel} />,
    root,
  );
  // Effects run after paint.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(document.activeElement).toBe(byId('sourced-outcome-type'));
  byId('sourced-submit').focus();
  const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
  byId('sourced-submit').dispatchEvent(tab);
  expect(tab.defaultPrevented).toBe(true);
  expect(document.activeElement).toBe(byId('sourced-outcome-type'));
  byId('sourced-note').dispatchEvent(
    new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
  );
  expect(onCancel).toHaveBeenCalledOnce();
});

test('parseOutcome: an empty amount means no value; a bad currency is named', () => {
  const fields = {
    type: 'lead',
    stage: 'identified',
    amount: '',
    currency: 'EUR',
    crmRef: '',
    note: '',
  } as const;
  expect(parseOutcome(fields)).toEqual({
    ok: true,
    outcome: { type: 'lead', stage: 'identified' },
  });
  expect(parseOutcome({ ...fields, amount: '5', currency: 'EU' })).toMatchObject({
    ok: false,
    field: 'currency',
  });
});
