import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CaptureSchema,
  toCaptureData,
  type CaptureData,
  type CaptureInput,
} from '../../lib/capture';
import { CaptureEventSchema, TestEventSchema } from '../../lib/delivery/event';
import {
  SLACK_LIMITS,
  slackMessage,
  slackTestMessage,
  type SlackMessage,
} from '../../lib/delivery/formats/slack';
import {
  teamsMessage,
  teamsTestMessage,
  type TeamsMessage,
} from '../../lib/delivery/formats/teams';
import {
  EndpointSettingsError,
  MAX_BODY_BYTES,
  PayloadTooLargeError,
  buildRequest,
  buildTestRequest,
} from '../../lib/delivery/request';

const NOW = new Date('2026-05-20T12:00:00.000Z');
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = '0b9c0a1e-6f1d-4f57-9a36-3f0f4f2b7c11';

/** A synthetic capture: invented people and text. */
function capture(overrides: Partial<CaptureInput> = {}) {
  const input: CaptureInput = {
    id: ID,
    revision: 1,
    platform: 'linkedin',
    post: {
      id: 'urn:li:activity:7000000000000000001',
      url: 'https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000001/',
      kind: 'post',
      author: {
        name: 'Grace Sample',
        handle: 'in/grace-sample',
        url: 'https://www.linkedin.com/in/grace-sample/',
      },
      postedAt: '2026-03-10T09:14:05.123Z',
      excerpt: 'We are hiring a fictional platform team in Lyon.',
      textSha256: 'a'.repeat(64),
    },
    outcome: {
      type: 'deal',
      stage: 'won',
      value: { amount: 12000, currency: 'EUR' },
      note: 'Met at the conference after her post; signed last week.',
      occurredAt: '2026-05-18',
    },
    employee: { name: 'Ada Example', email: 'ada@example.com', team: 'Sales' },
    capturedAt: '2026-05-19T08:00:00.000Z',
    submittedAt: '2026-05-19T08:01:00.000Z',
    client: { name: 'sourced', version: '0.1.0' },
    status: 'queued',
    intent: 'submit',
    attempts: 0,
    updatedAt: '2026-05-19T08:01:00.000Z',
    postKey: 'urn:li:activity:7000000000000000001',
    ...overrides,
  };
  return CaptureSchema.parse(input);
}

function nodeSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

describe('buildRequest: sourced.v1', () => {
  it('sends exactly the contract headers and a valid, signed event envelope', async () => {
    const request = await buildRequest(
      capture(),
      {
        url: 'https://hooks.example.com/sourced',
        format: 'sourced.v1',
        token: 'tok_abc123',
        signingSecret: SECRET,
        headers: [{ name: 'X-Proxy-Key', value: 'proxy-1' }],
      },
      NOW,
    );
    expect(request.url).toBe('https://hooks.example.com/sourced');
    expect(request.eventId).toBe(`${ID}.1`);
    expect(request.notices).toEqual([]);
    const { headers, body, method, redirect } = request.init;
    expect(method).toBe('POST');
    expect(redirect).toBe('manual');
    expect(Object.keys(headers).sort()).toEqual(
      [
        'Authorization',
        'Content-Type',
        'Idempotency-Key',
        'X-Proxy-Key',
        'webhook-id',
        'webhook-signature',
        'webhook-timestamp',
      ].sort(),
    );
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers['Idempotency-Key']).toBe(`"${ID}.1"`);
    expect(headers['webhook-id']).toBe(`${ID}.1`);
    expect(headers['webhook-timestamp']).toBe(String(NOW.getTime() / 1000));
    expect(headers.Authorization).toBe('Bearer tok_abc123');
    expect(headers['X-Proxy-Key']).toBe('proxy-1');
    expect(headers['webhook-signature']).toBe(
      nodeSignature(SECRET, `${ID}.1`, headers['webhook-timestamp']!, body),
    );

    const event = JSON.parse(body);
    expect(CaptureEventSchema.parse(event)).toEqual(event);
    expect(event.type).toBe('capture.submitted');
    expect(event.timestamp).toBe(NOW.toISOString());
    expect(event.data).toEqual(toCaptureData(capture()));
    // The store's own fields never leave.
    for (const local of ['status', 'intent', 'attempts', 'postKey', 'updatedAt']) {
      expect(event.data).not.toHaveProperty(local);
    }
    expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(MAX_BODY_BYTES);
  });

  it('omits signature and Authorization when no secret or token is set, and empty fields', async () => {
    const c = capture({
      outcome: { type: 'lead', stage: 'identified', note: '', crmRef: '   ' },
      employee: { name: 'Ada Example', team: '' },
    });
    const { init } = await buildRequest(
      c,
      { url: 'http://127.0.0.1:8787/hook', format: 'sourced.v1' },
      NOW,
    );
    expect(init.headers).not.toHaveProperty('webhook-signature');
    expect(init.headers).not.toHaveProperty('Authorization');
    expect(init.body).not.toMatch(/""/);
    const data = JSON.parse(init.body).data;
    expect(data.outcome).toEqual({ type: 'lead', stage: 'identified' });
    expect(data.employee).toEqual({ name: 'Ada Example' });
  });

  it('keeps the event id on a retry and renews the timestamp and signature', async () => {
    const config = {
      url: 'https://hooks.example.com/x',
      format: 'sourced.v1' as const,
      signingSecret: SECRET,
    };
    const first = await buildRequest(capture(), config, NOW);
    const later = new Date(NOW.getTime() + 90_000);
    const retry = await buildRequest(capture({ attempts: 1 }), config, later);
    expect(retry.init.headers['webhook-id']).toBe(first.init.headers['webhook-id']);
    expect(retry.init.headers['Idempotency-Key']).toBe(first.init.headers['Idempotency-Key']);
    expect(Number(retry.init.headers['webhook-timestamp'])).toBe(
      Number(first.init.headers['webhook-timestamp']) + 90,
    );
    expect(retry.init.headers['webhook-signature']).not.toBe(
      first.init.headers['webhook-signature'],
    );
  });

  it('names later revisions capture.updated and withdrawals capture.withdrawn, each a new event', async () => {
    const config = { url: 'https://hooks.example.com/x', format: 'sourced.v1' as const };
    const updated = await buildRequest(capture({ revision: 2 }), config, NOW);
    expect(updated.eventId).toBe(`${ID}.2`);
    expect(JSON.parse(updated.init.body).type).toBe('capture.updated');
    const withdrawn = await buildRequest(capture({ revision: 3, intent: 'withdraw' }), config, NOW);
    expect(withdrawn.eventId).toBe(`${ID}.3`);
    expect(JSON.parse(withdrawn.init.body).type).toBe('capture.withdrawn');
  });

  it('reports the delivering client version when given', async () => {
    const { init } = await buildRequest(
      capture(),
      { url: 'https://hooks.example.com/x', format: 'sourced.v1' },
      NOW,
      '1.4.2',
    );
    expect(JSON.parse(init.body).data.client).toEqual({ name: 'sourced', version: '1.4.2' });
  });

  it('shortens the note, and says so, only when the body would exceed 20 KB', async () => {
    const wide = '漢'; // 3 bytes in UTF-8
    const c = capture({
      post: {
        ...capture().post,
        url: `https://www.linkedin.com/feed/update/${wide.repeat(2000)}`,
        excerpt: wide.repeat(500),
      },
      outcome: { ...capture().outcome, note: wide.repeat(4000) },
    });
    const request = await buildRequest(
      c,
      { url: 'https://hooks.example.com/x', format: 'sourced.v1' },
      NOW,
    );
    const size = new TextEncoder().encode(request.init.body).length;
    expect(size).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(size).toBeGreaterThan(MAX_BODY_BYTES - 10); // cut no more than needed
    const data = JSON.parse(request.init.body).data;
    expect(data.outcome.note.endsWith('…')).toBe(true);
    expect(data.outcome.note.length).toBeLessThan(4000);
    expect(data.post.excerpt).toBe(wide.repeat(500)); // the excerpt was not touched
    expect(request.notices).toEqual([
      `The note was shortened to ${data.outcome.note.length} characters to fit the 20.0 KB limit.`,
    ]);
  });

  it('refuses, in plain words, a capture that cannot fit even without note and excerpt', async () => {
    const wide = 'é'.repeat(2000);
    const url = (p: string) => `https://www.linkedin.com/${p}/${wide}`;
    const person = (p: string) => ({ name: 'Someone', url: url(p) });
    const c = capture({
      post: {
        ...capture().post,
        url: url('post'),
        author: person('author'),
        repostedBy: person('reposter'),
        quoted: { url: url('quoted'), author: person('quoted-author') },
      },
    });
    const attempt = buildRequest(
      c,
      { url: 'https://hooks.example.com/x', format: 'sourced.v1' },
      NOW,
    );
    await expect(attempt).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(attempt).rejects.toThrow(/over the 20\.0 KB limit/);
  });

  it('refuses invalid settings without repeating any secret', async () => {
    const attempt = buildRequest(
      capture(),
      {
        url: 'http://hooks.example.com/x',
        format: 'sourced.v1',
        token: 'tok_TOPSECRET\n',
        headers: [{ name: 'Cookie', value: 'session=SECRETCOOKIE' }],
      },
      NOW,
    );
    await expect(attempt).rejects.toBeInstanceOf(EndpointSettingsError);
    const message = await attempt.catch((e: Error) => e.message);
    expect(message).toMatch(/https/);
    expect(message).not.toMatch(/TOPSECRET|SECRETCOOKIE/);
  });
});

describe('buildRequest: Slack and Teams', () => {
  it.each(['slack', 'teams'] as const)(
    '%s: an announcement without signature headers',
    async (format) => {
      const { init, eventId } = await buildRequest(
        capture(),
        {
          url: 'https://hooks.example.com/x',
          format,
          signingSecret: SECRET,
          headers: [{ name: 'X-A', value: '1' }],
        },
        NOW,
      );
      expect(eventId).toBe(`${ID}.1`);
      expect(Object.keys(init.headers).sort()).toEqual(['Content-Type', 'X-A']);
      const body = JSON.parse(init.body);
      if (format === 'slack') expectSlackShape(body);
      else expectTeamsShape(body);
    },
  );
});

describe('buildTestRequest', () => {
  it('sourced.v1: a signed capture.test event', async () => {
    const request = await buildTestRequest(
      {
        url: 'https://hooks.example.com/x',
        format: 'sourced.v1',
        signingSecret: SECRET,
        token: 't0ken',
      },
      NOW,
      { id: 'test_1', clientVersion: '0.1.0' },
    );
    const event = TestEventSchema.parse(JSON.parse(request.init.body));
    expect(event.type).toBe('capture.test');
    expect(event.data.client).toEqual({ name: 'sourced', version: '0.1.0' });
    expect(request.init.headers['webhook-id']).toBe('test_1');
    expect(request.init.headers.Authorization).toBe('Bearer t0ken');
    expect(request.init.headers['webhook-signature']).toBe(
      nodeSignature(
        SECRET,
        'test_1',
        request.init.headers['webhook-timestamp']!,
        request.init.body,
      ),
    );
  });

  it('gives each test a fresh id by default', async () => {
    const config = { url: 'https://hooks.example.com/x', format: 'sourced.v1' as const };
    const a = await buildTestRequest(config, NOW);
    const b = await buildTestRequest(config, NOW);
    expect(a.eventId).toMatch(/^test_[0-9a-f-]{36}$/);
    expect(a.eventId).not.toBe(b.eventId);
  });

  it('Slack and Teams: a test announcement in their own shapes', async () => {
    const slack = await buildTestRequest(
      { url: 'https://hooks.example.com/s', format: 'slack' },
      NOW,
    );
    expectSlackShape(JSON.parse(slack.init.body));
    expect(slack.init.headers).not.toHaveProperty('webhook-id');
    const teams = await buildTestRequest(
      { url: 'https://hooks.example.com/t', format: 'teams' },
      NOW,
    );
    expectTeamsShape(JSON.parse(teams.init.body));
    expect(slackTestMessage().text).toMatch(/Test delivery/);
    expect(JSON.stringify(teamsTestMessage())).toMatch(/test delivery/i);
  });
});

// --- The shapes Slack and Teams require -------------------------------------------------------

const httpUrl = (url: unknown) =>
  typeof url === 'string' && /^https?:\/\//.test(url) && URL.canParse(url);

/** Block Kit rules for an incoming-webhook message with the block types used here. */
function expectSlackShape(message: SlackMessage): void {
  expect(Object.keys(message).sort()).toEqual(['blocks', 'text']);
  expect(typeof message.text).toBe('string');
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  expect(message.blocks.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  const actionIds = new Set<string>();
  for (const block of message.blocks) {
    switch (block.type) {
      case 'header':
        expect(block.text.type).toBe('plain_text');
        expect(block.text.text.length).toBeLessThanOrEqual(150);
        break;
      case 'section':
        expect(block.text ?? block.fields).toBeDefined();
        if (block.text) {
          expect(block.text.type).toBe('mrkdwn');
          expect(block.text.text.length).toBeGreaterThan(0);
          expect(block.text.text.length).toBeLessThanOrEqual(3000);
        }
        if (block.fields) {
          expect(block.fields.length).toBeLessThanOrEqual(10);
          for (const field of block.fields) expect(field.text.length).toBeLessThanOrEqual(2000);
        }
        break;
      case 'context':
        expect(block.elements.length).toBeGreaterThan(0);
        expect(block.elements.length).toBeLessThanOrEqual(10);
        for (const el of block.elements) expect(el.text.length).toBeLessThanOrEqual(3000);
        break;
      case 'actions':
        expect(block.elements.length).toBeLessThanOrEqual(25);
        for (const button of block.elements) {
          expect(button.type).toBe('button');
          expect(button.text.type).toBe('plain_text');
          expect(button.text.text.length).toBeLessThanOrEqual(75);
          expect(httpUrl(button.url)).toBe(true);
          expect(button.url.length).toBeLessThanOrEqual(3000);
          expect(actionIds.has(button.action_id)).toBe(false);
          actionIds.add(button.action_id);
        }
        break;
      default:
        throw new Error(`unexpected block ${JSON.stringify(block)}`);
    }
  }
}

/** Every mrkdwn string of a Slack message. */
function slackTexts(message: SlackMessage): string[] {
  const texts = [message.text];
  for (const block of message.blocks) {
    if (block.type === 'section') {
      if (block.text) texts.push(block.text.text);
      for (const f of block.fields ?? []) texts.push(f.text);
    }
    if (block.type === 'context') texts.push(...block.elements.map((e) => e.text));
  }
  return texts;
}

/** A Teams Workflows message with an Adaptive Card 1.2 using only the elements used here. */
function expectTeamsShape(message: TeamsMessage): void {
  expect(message.type).toBe('message');
  expect(message.attachments).toHaveLength(1);
  const [attachment] = message.attachments;
  expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(attachment.contentUrl).toBeNull();
  const card = attachment.content;
  expect(card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.2');
  expect(card.body.length).toBeGreaterThan(0);
  for (const element of card.body) {
    if (element.type === 'TextBlock') expect(typeof element.text).toBe('string');
    else if (element.type === 'FactSet') {
      for (const fact of element.facts) {
        expect(typeof fact.title).toBe('string');
        expect(typeof fact.value).toBe('string');
      }
    } else if (element.type === 'RichTextBlock') {
      for (const run of element.inlines) {
        expect(run.type).toBe('TextRun');
        expect(typeof run.text).toBe('string');
        if (run.selectAction) expect(httpUrl(run.selectAction.url)).toBe(true);
      }
    } else throw new Error(`unexpected element ${JSON.stringify(element)}`);
  }
  for (const action of card.actions ?? []) {
    expect(action.type).toBe('Action.OpenUrl');
    expect(typeof action.title).toBe('string');
    expect(httpUrl(action.url)).toBe(true);
  }
}

/** The texts Teams reads as Markdown: TextBlocks and FactSets. */
function teamsMarkdownTexts(message: TeamsMessage): string[] {
  return message.attachments[0].content.body.flatMap((el) =>
    el.type === 'TextBlock'
      ? [el.text]
      : el.type === 'FactSet'
        ? el.facts.flatMap((f) => [f.title, f.value])
        : [],
  );
}

// --- Rendering ----------------------------------------------------------------------------------

const data = (overrides: Partial<CaptureInput> = {}): CaptureData =>
  toCaptureData(capture(overrides));

/** Site text at its worst: markup, Slack control sequences, Markdown links, a huge note, emoji. */
function hostile(): CaptureData {
  const base = data();
  return {
    ...base,
    post: {
      ...base.post,
      author: {
        name: '<!channel> <https://evil.example|Grace> & <@U123> [Click](https://evil.example)',
        url: 'javascript:alert(1)',
      },
      excerpt: '<script>alert(1)</script> <!here> **bold** [phish](https://evil.example)\n> quoted',
    },
    outcome: {
      ...base.outcome,
      crmRef: 'javascript:alert(document.cookie)',
      note: `🎉 ${'👩🏽‍💻'.repeat(100)} ${'x'.repeat(100_000)}`,
    },
    employee: { name: 'Ada <b>Example</b>', team: '[Sales](https://evil.example)' },
  };
}

describe('Slack announcement', () => {
  it('says who, which outcome and stage, the value, the author and links the post', () => {
    const message = slackMessage(data(), 'capture.submitted');
    expectSlackShape(message);
    const all = slackTexts(message).join('\n');
    expect(all).toContain('*Ada Example* recorded *a deal* (won) worth *€12,000*');
    expect(all).toContain('<https://www.linkedin.com/in/grace-sample/|Grace Sample>');
    expect(all).toContain('Met at the conference');
    expect(all).toContain('>We are hiring');
    expect(message.text).toBe(
      'New win: Ada Example recorded a deal (won) worth €12,000, sourced from a LinkedIn post by Grace Sample.',
    );
    const actions = message.blocks.find((b) => b.type === 'actions');
    expect(actions).toMatchObject({
      elements: [
        { url: 'https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000001/' },
      ],
    });
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: ':tada: New win' } });
  });

  it('escapes &, < and > in site text so it cannot mention, link or mark up', () => {
    const message = slackMessage(hostile(), 'capture.submitted');
    expectSlackShape(message);
    for (const text of slackTexts(message)) {
      // Only links built by the formatter remain; no other < or > (but line-start quote marks).
      const rest = text.replace(/<https?:\/\/[^|<>\s]+\|[^<>]*>/g, '').replace(/^>/gm, '');
      expect(rest).not.toMatch(/[<>]/);
      expect(text).not.toContain('<!');
      expect(text).not.toContain('<@');
      expect(text).not.toContain('javascript:alert(1)>');
    }
    const all = slackTexts(message).join('\n');
    expect(all).toContain(
      '&lt;!channel&gt; &lt;https://evil.example|Grace&gt; &amp; &lt;@U123&gt;',
    );
    expect(all).toContain('&lt;script&gt;');
    expect(all).toContain('Ada &lt;b&gt;Example&lt;/b&gt;');
    // The author's javascript: URL is not a link; the CRM javascript: ref is text, not a button.
    expect(all).not.toMatch(/<javascript:/);
    const buttons = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(buttons.map((b) => b.url)).toEqual([data().post.url]);
  });

  it('clips a 100,000-character note to the section limit without splitting an emoji', () => {
    const message = slackMessage(hostile(), 'capture.submitted');
    const note = message.blocks.find(
      (b) => b.type === 'section' && b.text?.text.startsWith('*Note*'),
    );
    expect(note).toBeDefined();
    const text = note!.type === 'section' ? note!.text!.text : '';
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.endsWith('…')).toBe(true);
    expect(text).toContain('🎉 ' + '👩🏽‍💻'.repeat(100));
    expect(text).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
    // The whole message stays far below the body limit.
    expect(new TextEncoder().encode(JSON.stringify(message)).length).toBeLessThan(MAX_BODY_BYTES);
  });

  it('never cuts an escape sequence in half', () => {
    const base = data();
    const message = slackMessage(
      { ...base, outcome: { ...base.outcome, note: '&'.repeat(5000) } },
      'capture.submitted',
    );
    const note = slackTexts(message).find((t) => t.startsWith('*Note*'))!;
    expect(note.length).toBeLessThanOrEqual(3000);
    expect(note).toMatch(/^\*Note\*\n(&amp;)+…$/);
  });

  it('says when a win was updated or withdrawn', () => {
    const updated = slackMessage(data({ revision: 2 }), 'capture.updated');
    expect(updated.text).toMatch(/^Updated win: Ada Example updated a deal/);
    const withdrawn = slackMessage(data({ revision: 3 }), 'capture.withdrawn');
    expectSlackShape(withdrawn);
    expect(withdrawn.text).toMatch(/^Withdrawn win: Ada Example withdrew a deal/);
    expect(withdrawn.blocks[0]).toMatchObject({ text: { text: 'Withdrawn win' } });
    expect(slackTexts(withdrawn).join('\n')).toContain('This win was withdrawn');
  });

  it('works without the optional parts (no value, author name, excerpt or note)', () => {
    const base = data();
    const message = slackMessage(
      {
        ...base,
        post: { url: base.post.url, kind: 'post', author: {} },
        outcome: { type: 'opportunity', stage: 'in_progress' },
        employee: {},
      },
      'capture.submitted',
    );
    expectSlackShape(message);
    expect(message.text).toBe(
      'New win: Someone recorded an opportunity (in progress), sourced from a LinkedIn post.',
    );
  });
});

describe('Teams announcement', () => {
  it('is an Adaptive Card 1.2 with who, outcome, stage, value, author, note and the post link', () => {
    const message = teamsMessage(data(), 'capture.submitted');
    expectTeamsShape(message);
    const card = message.attachments[0].content;
    const json = JSON.stringify(card);
    expect(json).toContain('Ada Example');
    expect(json).toContain('Grace Sample');
    expect(json).toContain('Met at the conference');
    const facts = card.body.find((e) => e.type === 'FactSet');
    expect(facts).toMatchObject({
      facts: expect.arrayContaining([
        { title: 'Outcome', value: 'Deal' },
        { title: 'Stage', value: 'won' },
        { title: 'Value', value: '€12,000' },
        { title: 'Happened on', value: 'May 18, 2026' },
      ]),
    });
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open the LinkedIn post', url: data().post.url },
    ]);
  });

  it('keeps site text out of Markdown and never links a javascript: URL', () => {
    const message = teamsMessage(hostile(), 'capture.submitted');
    expectTeamsShape(message);
    for (const text of teamsMarkdownTexts(message)) {
      expect(text).not.toContain('evil.example');
      expect(text).not.toContain('<');
      expect(text).not.toContain('Ada');
    }
    const json = JSON.stringify(message);
    expect(json).not.toContain('"url":"javascript:');
    expect(message.attachments[0].content.actions?.map((a) => a.url)).toEqual([data().post.url]);
    // The site text is still shown, verbatim, as TextRuns.
    expect(json).toContain('[phish](https://evil.example)');
    expect(new TextEncoder().encode(json).length).toBeLessThan(MAX_BODY_BYTES);
  });

  it('says when a win was updated or withdrawn', () => {
    const withdrawn = teamsMessage(data({ revision: 2 }), 'capture.withdrawn');
    expectTeamsShape(withdrawn);
    const texts = teamsMarkdownTexts(withdrawn);
    expect(texts[0]).toBe('Withdrawn win');
    expect(texts).toContain('This win was withdrawn by the person who recorded it.');
    expect(teamsMarkdownTexts(teamsMessage(data({ revision: 2 }), 'capture.updated'))[0]).toBe(
      'Updated win',
    );
  });
});
