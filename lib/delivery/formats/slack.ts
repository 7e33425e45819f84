/**
 * A win as a Slack incoming-webhook message: `{text, blocks}` in Block Kit.
 *
 * Slack parses `&`, `<` and `>` in mrkdwn (and in the top-level `text`) as control characters:
 * `<!channel>` pings everyone and `<https://evil|Click>` is a disguised link. Every piece of site
 * or user text is escaped, so only the links built here are links.
 */
import type { CaptureData } from '../../capture';
import type { CaptureEventType } from '../event';
import { clip } from '../../format';
import {
  TEST_MESSAGE,
  announcement,
  plainSentence,
  type FormatOptions,
  type Segment,
} from './announcement';

/** Block Kit limits (api.slack.com/reference/block-kit). */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  headerText: 150,
  buttonText: 75,
  buttonUrl: 3000,
  actions: 25,
  contextElements: 10,
  fallbackText: 3000,
} as const;

interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
  emoji?: boolean;
}
export type SlackBlock =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | {
      type: 'actions';
      elements: {
        type: 'button';
        text: TextObject;
        url: string;
        action_id: string;
      }[];
    };
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** Slack's required escaping of text: `&`, `<`, `>` and nothing else. */
export function escapeSlack(text: string): string {
  return text.replace(/[&<>]/g, (c) => ESCAPES[c]!);
}

/** Escaped and clipped to `max` characters of output, never cutting an `&amp;` in half. */
function mrkdwnText(text: string, max: number): string {
  return clip(text, max, { render: escapeSlack });
}

/** A URL inside `<url|label>`: `|` would end it, and `&` must be escaped like any text. */
function slackUrl(url: string): string {
  return escapeSlack(url.replace(/\|/g, '%7C'));
}

function renderSegments(segments: readonly Segment[]): string {
  return segments
    .map((segment) => {
      const text = escapeSlack(segment.text);
      if (segment.link) return `<${slackUrl(segment.link)}|${text}>`;
      return segment.strong ? `*${text}*` : text;
    })
    .join('');
}

/** A quoted block: every line marked with `>` (the only unescaped `>` in the text). */
function quote(text: string, max: number): string {
  return `>${clip(text, max - 1, { render: (g) => (g.includes('\n') ? '\n>' : escapeSlack(g)) })}`;
}

const mrkdwn = (text: string): TextObject => ({ type: 'mrkdwn', text });
const plain = (text: string, max: number): TextObject => ({
  type: 'plain_text',
  text: clip(text, max),
  emoji: true,
});

export function slackMessage(
  data: CaptureData,
  event: CaptureEventType,
  options: FormatOptions = {},
): SlackMessage {
  const a = announcement(data, event, options);
  const won = data.outcome.stage === 'won' && event !== 'capture.withdrawn';
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(`${won ? ':tada: ' : ''}${a.title}`, SLACK_LIMITS.headerText) },
  ];

  let sentence = renderSegments(a.sentence);
  if (sentence.length > SLACK_LIMITS.sectionText) {
    // Only reachable with unvalidated input (names are at most 200 characters): drop the markup.
    sentence = mrkdwnText(plainSentence(a.sentence), SLACK_LIMITS.sectionText);
  }
  blocks.push({ type: 'section', text: mrkdwn(sentence) });

  blocks.push({
    type: 'section',
    fields: a.facts
      .slice(0, SLACK_LIMITS.fields)
      .map((fact) => mrkdwn(`*${escapeSlack(fact.title)}*\n${mrkdwnText(fact.value, 1000)}`)),
  });
  if (a.excerpt) {
    blocks.push({ type: 'section', text: mrkdwn(quote(a.excerpt, SLACK_LIMITS.sectionText)) });
  }
  if (a.note) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`*Note*\n${mrkdwnText(a.note, SLACK_LIMITS.sectionText - 20)}`),
    });
  }
  if (a.crmRef) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`CRM: ${mrkdwnText(a.crmRef, SLACK_LIMITS.sectionText - 20)}`)],
    });
  }
  if (event === 'capture.withdrawn') {
    blocks.push({
      type: 'context',
      elements: [mrkdwn('This win was withdrawn by the person who recorded it.')],
    });
  }
  const buttons = a.links
    .filter((link) => link.url.length <= SLACK_LIMITS.buttonUrl)
    .slice(0, SLACK_LIMITS.actions)
    .map((link, index) => ({
      type: 'button' as const,
      text: plain(link.label, SLACK_LIMITS.buttonText),
      url: link.url,
      action_id: `sourced_link_${index}`,
    }));
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  blocks.push({ type: 'context', elements: [mrkdwn('Recorded with Sourced')] });

  const fallback = `${a.title}: ${plainSentence(a.sentence)}`;
  return {
    text: mrkdwnText(fallback, SLACK_LIMITS.fallbackText),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}

/** The options page's test delivery. */
export function slackTestMessage(): SlackMessage {
  return {
    text: escapeSlack(TEST_MESSAGE),
    blocks: [
      { type: 'section', text: mrkdwn(`:white_check_mark: ${escapeSlack(TEST_MESSAGE)}`) },
      { type: 'context', elements: [mrkdwn('Sent from the Sourced options page')] },
    ],
  };
}
