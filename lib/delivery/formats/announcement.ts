/**
 * The human-readable announcement of a win, independent of where it is posted: Slack and Teams
 * render this model in their own markup. Every text taken from a capture is clipped here, so a
 * renderer never sees an unbounded string even if it is handed unvalidated data.
 */
import type { CaptureData } from '../../capture';
import { OUTCOME_LABELS, STAGE_LABELS } from '../../capture-constants';
import { clip, formatMoney, platformLabel } from '../../format';
import { httpUrl } from '../../url';
import type { CaptureEventType } from '../event';

export interface FormatOptions {
  /** Locale of numbers and dates in the message; the channel's readers share one. */
  locale?: string;
}
export const DEFAULT_LOCALE = 'en-US';

/** A run of sentence text: plain, bold, or a link (already checked to be http(s)). */
export interface Segment {
  text: string;
  strong?: boolean;
  link?: string;
}

export interface Fact {
  title: string;
  value: string;
  /** Typed by a person rather than produced here (Teams keeps such text out of Markdown). */
  userText?: true;
}

export interface Announcement {
  event: CaptureEventType;
  /** "New win", "Updated win", "Withdrawn win". */
  title: string;
  /** One sentence: who recorded which outcome, its value, and the post it came from. */
  sentence: Segment[];
  facts: Fact[];
  excerpt?: string;
  note?: string;
  /** A CRM reference that is not a URL (a URL becomes a link in `links`). */
  crmRef?: string;
  links: { label: string; url: string }[];
}

const OUTCOME_NOUNS: Record<CaptureData['outcome']['type'], string> = {
  customer: 'a new customer',
  deal: 'a deal',
  lead: 'a lead',
  opportunity: 'an opportunity',
  partnership: 'a partnership',
  hire: 'a hire',
  other: 'an outcome',
};
/** Stages read mid-sentence here ("Deal, won"): the shared words in lower case. */
const STAGE_WORDS = Object.fromEntries(
  Object.entries(STAGE_LABELS).map(([stage, label]) => [stage, label.toLowerCase()]),
) as Record<CaptureData['outcome']['stage'], string>;

const TITLES: Record<CaptureEventType, string> = {
  'capture.submitted': 'New win',
  'capture.updated': 'Updated win',
  'capture.withdrawn': 'Withdrawn win',
};
const VERBS: Record<CaptureEventType, string> = {
  'capture.submitted': 'recorded',
  'capture.updated': 'updated',
  'capture.withdrawn': 'withdrew',
};

/** A date (`2026-05-18`) or date-time, as a calendar date in UTC: the same for every reader. */
export function formatDate(value: string | undefined, locale = DEFAULT_LOCALE): string | undefined {
  if (!value) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function announcement(
  data: CaptureData,
  event: CaptureEventType,
  { locale = DEFAULT_LOCALE }: FormatOptions = {},
): Announcement {
  const { outcome, post, employee } = data;
  const who = clip(employee.name || employee.email || 'Someone', 200);
  // Whole amounts without decimals (€12,000); others with the currency's own (€1,234.50).
  const value = outcome.value
    ? formatMoney(outcome.value, { locale, wholeWithoutDecimals: true })
    : undefined;
  const platform = platformLabel(data.platform);
  const authorName = post.author.name || post.author.handle;

  const sentence: Segment[] = [
    { text: who, strong: true },
    { text: ` ${VERBS[event]} ` },
    { text: OUTCOME_NOUNS[outcome.type] ?? 'an outcome', strong: true },
    { text: ` (${STAGE_WORDS[outcome.stage] ?? 'unknown stage'})` },
  ];
  if (value) sentence.push({ text: ' worth ' }, { text: value, strong: true });
  sentence.push({ text: `, sourced from a ${platform} post` });
  if (authorName) {
    sentence.push(
      { text: ' by ' },
      { text: clip(authorName, 200), link: httpUrl(post.author.url)?.href },
    );
  }
  sentence.push({ text: '.' });

  const facts: Fact[] = [
    { title: 'Outcome', value: OUTCOME_LABELS[outcome.type] ?? 'Other' },
    { title: 'Stage', value: STAGE_WORDS[outcome.stage] ?? 'unknown' },
  ];
  if (value) facts.push({ title: 'Value', value });
  const occurredAt = formatDate(outcome.occurredAt, locale);
  if (occurredAt) facts.push({ title: 'Happened on', value: occurredAt });
  const postedAt = formatDate(post.postedAt, locale);
  if (postedAt) facts.push({ title: 'Posted on', value: postedAt });
  if (employee.team) facts.push({ title: 'Team', value: clip(employee.team, 200), userText: true });

  const links: Announcement['links'] = [];
  // Only http(s) links are ever rendered: a `javascript:` URL from a page stays text, or nothing.
  const postUrl = httpUrl(post.url)?.href;
  if (postUrl) links.push({ label: `Open the ${platform} post`, url: postUrl });
  const crmUrl = httpUrl(outcome.crmRef)?.href;
  if (crmUrl) links.push({ label: 'Open the CRM record', url: crmUrl });

  return {
    event,
    title: TITLES[event],
    sentence,
    facts,
    excerpt: post.excerpt ? clip(post.excerpt, 500) : undefined,
    note: outcome.note ? clip(outcome.note, 4000) : undefined,
    crmRef: outcome.crmRef && !crmUrl ? clip(outcome.crmRef, 500) : undefined,
    links,
  };
}

/** The sentence as plain text (notifications, fallbacks). */
export function plainSentence(segments: readonly Segment[]): string {
  return segments.map((s) => s.text).join('');
}

export const TEST_MESSAGE =
  'Test delivery from Sourced: this channel will receive announcements of the wins your colleagues flag.';
