/**
 * Saving the settings form while the browser's permission prompt is open: identity and privacy go
 * to the background at once; the endpoint waits for the answer, and only so long.
 */
import { describe, expect, it, vi } from 'vitest';
import type { SaveSettingsReply } from '../../lib/messages';
import { ok } from '../../lib/result';
import {
  askForOrigin,
  permissionMessage,
  retryEndpoint,
  saveSettings,
  type SaveDeps,
  type SaveSettingsRequest,
} from '../../lib/save-settings';
import { endpointDraft, identityDraft, privacyDraft } from '../../lib/settings-draft';

const URL_ = 'https://recognition.example.com/sourced';

function draft() {
  return {
    identity: identityDraft({ name: 'Ada Example' }),
    privacy: privacyDraft({ excerptLength: 100, keepAuthorNames: true }),
    endpoint: { ...endpointDraft(undefined), url: URL_ },
  };
}

/** A background that saves whatever it is sent, and records the order of the requests. */
function background() {
  const requests: SaveSettingsRequest[] = [];
  const save = vi.fn(async (request: SaveSettingsRequest) => {
    requests.push(request);
    const reply: SaveSettingsReply = { saved: [] };
    if (request.identity) reply.saved.push('identity');
    if (request.endpoint) reply.saved.push('endpoint');
    if (request.privacy) reply.saved.push('privacy');
    return ok(reply);
  });
  return { requests, save };
}

describe('saveSettings', () => {
  it('saves identity and privacy before the prompt is answered; the endpoint after it', async () => {
    const { requests, save } = background();
    let answer: (granted: boolean) => void = () => {};
    const deps: SaveDeps = {
      ensureOrigin: vi.fn(() => new Promise<boolean>((resolve) => (answer = resolve))),
      save,
    };
    const saving = saveSettings(draft(), undefined, deps);
    expect(deps.ensureOrigin).toHaveBeenCalledWith('https://recognition.example.com/*');
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toMatchObject({ identity: { name: 'Ada Example' }, privacy: {} });
    expect(requests[0]!.endpoint).toBeUndefined();
    answer(true);
    const report = await saving;
    expect(requests[1]).toMatchObject({ endpoint: { url: URL_ } });
    expect(report.saved).toEqual(['identity', 'endpoint', 'privacy']);
    expect(report.permission).toBeUndefined();
  });

  it('stops waiting for an unanswered prompt and keeps the endpoint back, with its reason', async () => {
    const { requests, save } = background();
    const report = await saveSettings(draft(), undefined, {
      ensureOrigin: () => new Promise(() => {}),
      save,
      permissionTimeoutMs: 20,
    });
    expect(requests).toHaveLength(1);
    expect(report.saved).toEqual(['identity', 'privacy']);
    expect(report.refused).toEqual(['endpoint']);
    expect(report.permission).toEqual({
      kind: 'timeout',
      origin: 'https://recognition.example.com',
    });
    expect(report.errors['endpoint-url']).toContain('No answer from your browser');
  });

  it('says a refusal and a failed request in plain words', async () => {
    const refused = await askForOrigin(URL_, { ensureOrigin: async () => false });
    expect(refused).toEqual({ kind: 'refused', origin: 'https://recognition.example.com' });
    expect(permissionMessage(refused!)).toMatch(/^Permission refused: .* The URL is kept/);
    const thrown = await askForOrigin(URL_, {
      ensureOrigin: () => {
        throw new Error('not in a user gesture');
      },
    });
    expect(thrown?.kind).toBe('error');
    const rejected = await askForOrigin(URL_, {
      ensureOrigin: () => Promise.reject(new Error('no')),
    });
    expect(rejected?.kind).toBe('error');
    expect(await askForOrigin(URL_, { ensureOrigin: async () => true })).toBeUndefined();
  });

  it('"ask again" saves the endpoint alone once allowed', async () => {
    const { requests, save } = background();
    const report = await retryEndpoint(draft().endpoint, { ensureOrigin: async () => true, save });
    expect(requests).toEqual([expect.objectContaining({ endpoint: expect.anything() })]);
    expect(requests[0]!.identity).toBeUndefined();
    expect(report.saved).toEqual(['endpoint']);
  });
});
