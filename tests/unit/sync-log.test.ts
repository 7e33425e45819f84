import { expect, test } from 'vitest';
import { redactUrl } from '../../lib/sync-log';

test.each([
  ['https://wins.example.com/v1/captures?token=abc', 'https://wins.example.com/v1/captures'],
  ['https://user:pass@wins.example.com/v1/captures#x', 'https://wins.example.com/v1/captures'],
  [
    'https://hooks.slack.com/services/T0001/B0002/XXXXXXXXXXXXXXXXXXXXXXXX',
    'https://hooks.slack.com/services/T0001/…',
  ],
  [
    'https://hooks.zapier.com/hooks/catch/123456/abcdef9876543210xyz/',
    'https://hooks.zapier.com/hooks/catch/123456/…/',
  ],
  ['not a url', '(invalid URL)'],
])('the sync log keeps %s as %s', (input, expected) => {
  expect(redactUrl(input)).toBe(expected);
});
