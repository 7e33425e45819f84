// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseEvent } from './events';
import { eventFor, sampleCapture, testEvent } from './testing/deliveries';

describe('parseEvent', () => {
  it('hashes the same event alike whatever its key order or envelope timestamp', () => {
    const data = sampleCapture();
    const a = parseEvent(
      JSON.stringify({ type: 'capture.submitted', timestamp: '2026-05-20T12:00:00Z', data }),
    );
    const reversed = (value: object) => Object.fromEntries(Object.entries(value).reverse());
    const reordered = {
      ...reversed(data),
      post: reversed(data.post),
      outcome: reversed(data.outcome),
    };
    const b = parseEvent(
      JSON.stringify({
        data: reordered,
        timestamp: '2026-05-21T08:00:00Z',
        type: 'capture.submitted',
      }),
    );
    expect(a.ok && b.ok).toBe(true);
    expect(a.ok && a.bodySha256).toBe(b.ok && b.bodySha256);
    const changed = parseEvent(
      JSON.stringify(eventFor({ ...data, revision: 2 }, 'capture.submitted')),
    );
    expect(changed.ok && changed.bodySha256).not.toBe(a.ok && a.bodySha256);
  });

  it('accepts the extension’s test event, and checks the data of every type', () => {
    expect(parseEvent(JSON.stringify(testEvent()))).toMatchObject({
      ok: true,
      event: { type: 'capture.test' },
    });
    expect(parseEvent('{"type":"capture.test","timestamp":"2026-05-20T12:00:00Z"}')).toMatchObject({
      ok: false,
      issues: [{ path: 'data' }],
    });
    const result = parseEvent('{"type":"capture.withdrawn","timestamp":"2026-05-20T12:00:00Z"}');
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'data' }] });
  });

  it('summarises at most three issues in the error', () => {
    const result = parseEvent(
      JSON.stringify({ type: 'capture.submitted', timestamp: 'soon', data: { revision: 0 } }),
    );
    if (result.ok) throw new Error('expected invalid');
    expect(result.issues.length).toBeGreaterThan(3);
    expect(result.error).toMatch(/^The capture is not valid: .*\(and \d+ more\)\.$/);
  });
});
