/**
 * A win as a Teams Workflows webhook message: one Adaptive Card 1.2 attachment (Workflows rejects
 * a bare `{"text"}` body).
 *
 * Teams reads Markdown (links included) in TextBlock and FactSet text, so those carry only text
 * written here. Site and user text (names, excerpt, note) goes into RichTextBlock TextRuns, which
 * Adaptive Cards never parse as Markdown: a post saying `[Click](https://evil)` stays text.
 */
import type { CaptureData } from '../../capture';
import type { CaptureEventType } from '../event';
import { TEST_MESSAGE, announcement, type FormatOptions, type Segment } from './announcement';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

interface OpenUrl {
  type: 'Action.OpenUrl';
  title?: string;
  url: string;
}
interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  italic?: boolean;
  color?: 'Accent';
  selectAction?: OpenUrl;
}
export type CardElement =
  | {
      type: 'TextBlock';
      text: string;
      wrap: true;
      weight?: 'Bolder';
      size?: 'Medium';
      color?: 'Attention';
      isSubtle?: boolean;
    }
  | { type: 'RichTextBlock'; inlines: TextRun[] }
  | { type: 'FactSet'; facts: { title: string; value: string }[] };
export interface AdaptiveCard {
  $schema: string;
  type: 'AdaptiveCard';
  version: '1.2';
  body: CardElement[];
  actions?: OpenUrl[];
}
export interface TeamsMessage {
  type: 'message';
  attachments: [{ contentType: string; contentUrl: null; content: AdaptiveCard }];
}

function runs(segments: readonly Segment[]): TextRun[] {
  return segments.map((segment) => {
    const run: TextRun = { type: 'TextRun', text: segment.text };
    if (segment.strong) run.weight = 'Bolder';
    if (segment.link) {
      run.color = 'Accent';
      run.selectAction = { type: 'Action.OpenUrl', url: segment.link };
    }
    return run;
  });
}

/** `Title: text`, the title bold; the text stays a TextRun, never Markdown. */
function labelled(title: string, text: string): CardElement {
  return {
    type: 'RichTextBlock',
    inlines: [
      { type: 'TextRun', text: `${title}: `, weight: 'Bolder' },
      { type: 'TextRun', text },
    ],
  };
}

function message(card: Omit<AdaptiveCard, '$schema' | 'type' | 'version'>): TeamsMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        contentUrl: null,
        content: { $schema: ADAPTIVE_CARD_SCHEMA, type: 'AdaptiveCard', version: '1.2', ...card },
      },
    ],
  };
}

export function teamsMessage(
  data: CaptureData,
  event: CaptureEventType,
  options: FormatOptions = {},
): TeamsMessage {
  const a = announcement(data, event, options);
  const body: CardElement[] = [
    { type: 'TextBlock', text: a.title, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'RichTextBlock', inlines: runs(a.sentence) },
  ];
  if (event === 'capture.withdrawn') {
    body.push({
      type: 'TextBlock',
      text: 'This win was withdrawn by the person who recorded it.',
      color: 'Attention',
      wrap: true,
    });
  }
  // FactSet text is Markdown: it holds labels, Intl-formatted amounts and dates only.
  const facts = a.facts.filter((fact) => !fact.userText);
  body.push({ type: 'FactSet', facts: facts.map(({ title, value }) => ({ title, value })) });
  for (const fact of a.facts.filter((f) => f.userText)) body.push(labelled(fact.title, fact.value));
  if (a.excerpt) {
    body.push({
      type: 'RichTextBlock',
      inlines: [{ type: 'TextRun', text: `“${a.excerpt}”`, italic: true }],
    });
  }
  if (a.note) body.push(labelled('Note', a.note));
  if (a.crmRef) body.push(labelled('CRM', a.crmRef));
  body.push({ type: 'TextBlock', text: 'Recorded with Sourced', isSubtle: true, wrap: true });

  const actions: OpenUrl[] = a.links.map((link) => ({
    type: 'Action.OpenUrl',
    title: link.label,
    url: link.url,
  }));
  return message(actions.length > 0 ? { body, actions } : { body });
}

/** The options page's test delivery. */
export function teamsTestMessage(): TeamsMessage {
  return message({
    body: [
      { type: 'TextBlock', text: 'Sourced test delivery', weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: TEST_MESSAGE, wrap: true },
    ],
  });
}
