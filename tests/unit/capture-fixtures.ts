/** Builders of valid captures and posts for unit tests (synthetic people and text). */
import { createCapture } from '../../lib/capture-lifecycle';
import type { Capture, Outcome } from '../../lib/capture';
import type { ExtractedPost } from '../../lib/sites/types';

export const NOW = new Date('2026-05-20T12:00:00.000Z');

export function extractedPost(overrides: Partial<ExtractedPost> = {}): ExtractedPost {
  const id = overrides.id ?? 'urn:li:activity:7462783475389644905';
  return {
    platform: 'linkedin',
    id,
    url: `https://www.linkedin.com/feed/update/${id}/`,
    kind: 'post',
    author: {
      name: 'Priya Lorem',
      handle: 'in/priya-lorem',
      url: 'https://www.linkedin.com/in/priya-lorem/',
    },
    postedAt: '2026-05-20T08:37:12.345Z',
    text: 'Our on-call rotation finally has a runbook that new joiners can follow.',
    key: id,
    ...overrides,
  };
}

export const OUTCOME: Outcome = {
  type: 'deal',
  stage: 'won',
  value: { amount: 12000, currency: 'EUR' },
  crmRef: 'CRM-4821',
  note: 'Met the buyer through this post.',
};

let counter = 0;
export function capture(overrides: Partial<Capture> = {}, submit = false): Capture {
  counter++;
  const base = createCapture({
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    platform: 'linkedin',
    post: {
      id: `urn:li:activity:${7462783475389644905n + BigInt(counter)}`,
      url: `https://www.linkedin.com/feed/update/urn:li:activity:${7462783475389644905n + BigInt(counter)}/`,
      kind: 'post',
      author: { name: 'Priya Lorem' },
      excerpt: 'A post',
    },
    postKey: `urn:li:activity:${7462783475389644905n + BigInt(counter)}`,
    outcome: OUTCOME,
    employee: { name: 'Ada Example', email: 'ada@example.com' },
    clientVersion: '0.1.0',
    submit,
    now: NOW,
  });
  return { ...base, ...overrides };
}
