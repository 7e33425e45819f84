// @vitest-environment happy-dom
/**
 * The popup under an organisation's policy: the first-run hint asks only for what the policy
 * did not set, and while the organisation's endpoint lacks its host permission, one button
 * grants it and the popup says why captures wait.
 */
import { fakeBrowser } from 'wxt/testing';
import { afterEach, expect, test, vi } from 'vitest';
import { capture } from './capture-fixtures';
import { openPopup, type Popup } from './popup-render';

let popup: Popup | undefined;
afterEach(async () => {
  await popup?.close();
  popup = undefined;
});

test('the hint skips the endpoint the policy set; endpoint-allow grants its origin on the click', async () => {
  let granted = false;
  const origins = {
    has: vi.fn(async () => granted),
    request: vi.fn(async () => (granted = true)),
  };
  popup = await openPopup([capture({}, true)], { origins });
  const { byTestId } = popup;
  const hint = await vi.waitFor(() => {
    const found = byTestId('first-run-hint');
    expect(found?.textContent).toContain('captures stay in this browser');
    return found!;
  });
  expect(hint.textContent).toContain('credits your wins to you');

  // The policy arrives while the popup is open.
  await fakeBrowser.storage.managed.set({
    endpointUrl: 'https://recognition.example.com/v1/captures',
    endpointToken: 'org_token_7d1c9a44e0b2',
  });
  const allow = await vi.waitFor(() => {
    const found = byTestId('endpoint-allow');
    expect(found).not.toBeNull();
    return found!;
  });
  // Only the identity is left to the employee.
  expect(byTestId('first-run-hint')?.textContent).not.toContain('captures stay in this browser');
  expect(byTestId('first-run-hint')?.textContent).toContain('credits your wins to you');
  expect(allow.textContent).toBe('Allow delivery to recognition.example.com');
  expect(allow.closest('[role="region"]')?.textContent).toContain(
    'until then, submitted captures wait in this browser',
  );
  expect(popup.root.innerHTML).not.toContain('org_token_7d1c9a44e0b2');

  allow.click();
  expect(origins.request).toHaveBeenCalledWith('https://recognition.example.com/*');
  await vi.waitFor(() => expect(byTestId('endpoint-allow')).toBeNull());
  // What waited is delivered at once.
  expect(popup.background.sent).toContain('syncNow');
  expect(popup.background.deps.deliverNow).toHaveBeenCalledWith(true);
});

test('no button when the organisation’s endpoint is already allowed, nor without a policy', async () => {
  const origins = { has: vi.fn(async () => true), request: vi.fn(async () => true) };
  popup = await openPopup([], { origins });
  await fakeBrowser.storage.managed.set({ endpointUrl: 'https://recognition.example.com/v1' });
  await vi.waitFor(() => expect(origins.has).toHaveBeenCalled());
  await vi.waitFor(() =>
    expect(popup!.byTestId('first-run-hint')?.textContent).not.toContain('stay in this browser'),
  );
  expect(popup.byTestId('endpoint-allow')).toBeNull();
});
