/**
 * The capture form: what came of a post (outcome, stage, value, CRM reference, note). Shared by
 * the in-page dialog on LinkedIn/X and the popup's edit view. All text is rendered as text by
 * Preact; nothing here parses markup.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Outcome } from '../lib/capture';
import {
  LIMITS,
  OUTCOME_LABELS,
  OUTCOME_STAGES,
  OUTCOME_TYPES,
  STAGE_LABELS,
} from '../lib/capture-constants';
import { amountText, parseAmount } from '../lib/amount';
import { formatMoney, platformLabel } from '../lib/format';
import type { Result } from '../lib/result';

export { OUTCOME_LABELS, STAGE_LABELS };

export interface PostPreview {
  author?: string;
  postedAt?: string;
  excerpt?: string;
  platform: 'linkedin' | 'x';
}

/**
 * When Submit counts, for a form a site could make a person click unawares (the in-page form
 * frame; see components/capture-frame/submit-guard.ts). The popup's form has none.
 */
export interface SubmitGate {
  /**
   * `ready`: Submit counts (after `confirm`); `waiting`: the form has not been visible long
   * enough yet; `popup`: this browser cannot tell, so this form saves drafts only.
   */
  state: 'ready' | 'waiting' | 'popup';
  /** Asked on a click of Submit; false refuses it. */
  confirm: () => Promise<boolean>;
}

export const SUBMIT_IN_POPUP =
  'Submit from the Sourced popup: this browser cannot confirm that this form is visible, so here it saves drafts only.';
const NOT_CONFIRMED =
  'Sourced could not confirm that the form was in plain view when you clicked, so nothing was submitted. Check the form and click Submit again.';

export interface CaptureFormProps {
  post: PostPreview;
  initial?: Outcome;
  /** Editing an existing capture: the title and buttons say so. */
  editing?: boolean;
  defaultCurrency?: string;
  /** In a site's page: ignore synthetic clicks and submits that a page script could fire. */
  trustedOnly?: boolean;
  /** Whose thousands and decimal marks the value is read with: the browser's language by default. */
  locale?: string;
  submitGate?: SubmitGate;
  onSave: (outcome: Outcome, submit: boolean) => Promise<Result<unknown>>;
  onCancel: () => void;
}

interface Fields {
  type: Outcome['type'];
  stage: Outcome['stage'];
  amount: string;
  currency: string;
  crmRef: string;
  note: string;
}

function toFields(initial: Outcome | undefined, currency: string, locale?: string): Fields {
  return {
    type: initial?.type ?? 'customer',
    stage: initial?.stage ?? 'identified',
    // In the reader's own marks, so that it reads back to the same number.
    amount: initial?.value ? amountText(initial.value.amount, locale) : '',
    currency: initial?.value?.currency ?? currency,
    crmRef: initial?.crmRef ?? '',
    note: initial?.note ?? '',
  };
}

/** The amount the field holds: the saved one while its text is unchanged, else the text read. */
function readAmount(fields: Fields, locale?: string, initial?: Outcome['value']) {
  if (initial && fields.amount === amountText(initial.amount, locale)) {
    return { ok: true as const, amount: initial.amount };
  }
  return parseAmount(fields.amount, locale);
}

/** Parse the form into an outcome, or say which field is wrong. */
export function parseOutcome(
  fields: Fields,
  locale?: string,
  initial?: Outcome['value'],
): { ok: true; outcome: Outcome } | { ok: false; field: keyof Fields; error: string } {
  let value: Outcome['value'];
  if (fields.amount.trim() !== '') {
    const read = readAmount(fields, locale, initial);
    if (!read.ok) return { ok: false, field: 'amount', error: read.error };
    const { amount } = read;
    const currency = fields.currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) {
      return {
        ok: false,
        field: 'currency',
        error: 'The currency is a three-letter code such as EUR.',
      };
    }
    value = { amount, currency };
  }
  // The background validates again with the capture schema; this is for a quick answer in place.
  const crmRef = fields.crmRef.trim();
  const note = fields.note.trim();
  if (crmRef.length > LIMITS.crmRef) {
    return {
      ok: false,
      field: 'crmRef',
      error: `The CRM reference holds at most ${LIMITS.crmRef} characters.`,
    };
  }
  if (note.length > LIMITS.note) {
    return { ok: false, field: 'note', error: `The note holds at most ${LIMITS.note} characters.` };
  }
  if (!OUTCOME_TYPES.includes(fields.type) || !OUTCOME_STAGES.includes(fields.stage)) {
    return { ok: false, field: 'type', error: 'Choose an outcome and a stage.' };
  }
  const outcome: Outcome = { type: fields.type, stage: fields.stage };
  if (value) outcome.value = value;
  if (crmRef) outcome.crmRef = crmRef;
  if (note) outcome.note = note;
  return { ok: true, outcome };
}

const FOCUSABLE = 'button, select, input, textarea, a[href], [tabindex]:not([tabindex="-1"])';

/** The test id of each field, which also finds it for focus. */
const FIELD_TEST_IDS: Record<keyof Fields, string> = {
  type: 'sourced-outcome-type',
  stage: 'sourced-stage',
  amount: 'sourced-value-amount',
  currency: 'sourced-value-currency',
  crmRef: 'sourced-crm-ref',
  note: 'sourced-note',
};

/** "= $12,000.00": the value as it will be saved, shown before saving. */
export function understoodValue(fields: Fields, locale?: string, initial?: Outcome['value']) {
  if (fields.amount.trim() === '') return '';
  const read = readAmount(fields, locale, initial);
  if (!read.ok) return '';
  const currency = fields.currency.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(currency)
    ? `= ${formatMoney({ amount: read.amount, currency }, { locale })}`
    : `= ${read.amount.toLocaleString(locale)}`;
}

export function CaptureForm(props: CaptureFormProps) {
  const { locale } = props;
  const initialValue = props.initial?.value;
  const [fields, setFields] = useState(() =>
    toFields(props.initial, props.defaultCurrency ?? 'EUR', locale),
  );
  // What the user typed, current even before Preact re-renders (a fast Enter after typing).
  const latest = useRef(fields);
  const [error, setError] = useState<{ field?: keyof Fields; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('select')?.focus();
  }, []);

  // To the invalid field once its error is in the page, so that the focus reads the error with it.
  const focusPending = useRef<keyof Fields | null>(null);
  useEffect(() => {
    const field = focusPending.current;
    if (!field) return;
    focusPending.current = null;
    formRef.current
      ?.querySelector<HTMLElement>(`[data-testid="${FIELD_TEST_IDS[field]}"]`)
      ?.focus();
  }, [error]);

  const set = (name: keyof Fields) => (event: Event) => {
    const value = (
      event.currentTarget as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
    ).value;
    latest.current = { ...latest.current, [name]: value };
    setFields(latest.current);
    // An error is about what was typed before: editing that field clears it.
    if (error?.field === name) setError(null);
  };

  async function save(submit: boolean, event: Event) {
    if (props.trustedOnly && !event.isTrusted) return;
    if (busy) return;
    const gate = props.submitGate;
    if (submit && gate && gate.state !== 'ready') return;
    const parsed = parseOutcome(latest.current, locale, initialValue);
    if (!parsed.ok) {
      setError({ field: parsed.field, message: parsed.error });
      focusPending.current = parsed.field;
      return;
    }
    setBusy(true);
    setError(null);
    if (submit && gate && !(await gate.confirm())) {
      setBusy(false);
      setError({ message: NOT_CONFIRMED });
      return;
    }
    const result = await props.onSave(parsed.outcome, submit);
    setBusy(false);
    if (!result.ok) setError({ message: result.error });
  }

  /**
   * Keep Tab inside the dialog and let Escape close it, as a modal dialog should. Enter in a
   * field saves a draft, never more: submitting (delivering) is always an explicit click, even
   * when editing a delivered capture. Shift+Enter makes a new line in the note.
   */
  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onCancel();
      return;
    }
    if (event.key === 'Enter' && !event.isComposing) {
      const target = event.target as HTMLElement;
      const tag = target.tagName;
      if (tag === 'INPUT' || (tag === 'TEXTAREA' && !event.shiftKey)) {
        event.preventDefault();
        void save(false, event);
      }
      return;
    }
    if (event.key !== 'Tab' || !formRef.current) return;
    const items = [...formRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => !el.hasAttribute('disabled'),
    );
    const first = items[0];
    const last = items[items.length - 1];
    const active = (formRef.current.getRootNode() as Document | ShadowRoot).activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first?.focus();
    }
  }

  const invalid = (name: keyof Fields) => (error?.field === name ? true : undefined);
  const errorId = (name: keyof Fields) => `sourced-error-${name}`;
  /** The error of one field, under it; the field points to it with aria-describedby. */
  const fieldError = (name: keyof Fields) =>
    error?.field === name ? (
      <p class="sourced-error sourced-field-error" id={errorId(name)}>
        {error.message}
      </p>
    ) : null;
  const describedBy = (name: keyof Fields, ...more: string[]) =>
    [...(error?.field === name ? [errorId(name)] : []), ...more].join(' ') || undefined;
  const understood = understoodValue(fields, locale, initialValue);
  const { post } = props;
  const when = post.postedAt ? new Date(post.postedAt) : undefined;

  return (
    <form
      ref={formRef}
      class="sourced-form"
      data-testid="sourced-form"
      aria-labelledby="sourced-form-title"
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        // Saving happens in the buttons' clicks and in Enter (a draft): a page script's
        // form.requestSubmit() fires a submit event the browser marks as trusted.
        event.preventDefault();
      }}
    >
      <h2 id="sourced-form-title">{props.editing ? 'Edit this win' : 'What came of this post?'}</h2>
      <figure class="sourced-post">
        <figcaption>
          <strong>{post.author ?? 'Unknown author'}</strong>
          {when && !Number.isNaN(when.getTime()) ? (
            <time dateTime={post.postedAt}> · {when.toLocaleDateString()}</time>
          ) : null}
          <span class="sourced-platform"> · {platformLabel(post.platform)}</span>
        </figcaption>
        {post.excerpt ? <blockquote>{post.excerpt}</blockquote> : null}
      </figure>
      <div class="sourced-row">
        <label>
          Outcome
          <select
            data-testid="sourced-outcome-type"
            value={fields.type}
            aria-invalid={invalid('type')}
            aria-describedby={describedBy('type')}
            onChange={set('type')}
          >
            {OUTCOME_TYPES.map((type) => (
              <option value={type} key={type}>
                {OUTCOME_LABELS[type]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Stage
          <select data-testid="sourced-stage" value={fields.stage} onChange={set('stage')}>
            {OUTCOME_STAGES.map((stage) => (
              <option value={stage} key={stage}>
                {STAGE_LABELS[stage]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {fieldError('type')}
      <div class="sourced-row">
        <label>
          Value (optional)
          <input
            data-testid="sourced-value-amount"
            inputMode="decimal"
            autoComplete="off"
            value={fields.amount}
            aria-invalid={invalid('amount')}
            aria-describedby={describedBy('amount', 'sourced-amount-understood')}
            onInput={set('amount')}
          />
        </label>
        <label class="sourced-currency">
          Currency
          <input
            data-testid="sourced-value-currency"
            maxLength={3}
            autoComplete="off"
            value={fields.currency}
            aria-invalid={invalid('currency')}
            aria-describedby={describedBy('currency')}
            onInput={set('currency')}
          />
        </label>
      </div>
      {/* Always in the page, so that screen readers announce the value as it is understood. */}
      <p
        class="sourced-understood"
        id="sourced-amount-understood"
        data-testid="sourced-value-understood"
        aria-live="polite"
      >
        {understood}
      </p>
      {fieldError('amount')}
      {fieldError('currency')}
      <label>
        CRM reference
        <input
          data-testid="sourced-crm-ref"
          autoComplete="off"
          value={fields.crmRef}
          aria-invalid={invalid('crmRef')}
          aria-describedby={describedBy('crmRef')}
          onInput={set('crmRef')}
        />
      </label>
      {fieldError('crmRef')}
      <label>
        Note
        <textarea
          data-testid="sourced-note"
          rows={3}
          value={fields.note}
          aria-invalid={invalid('note')}
          aria-describedby={describedBy('note', 'sourced-note-hint')}
          onInput={set('note')}
        />
      </label>
      <p class="sourced-hint" id="sourced-note-hint">
        Enter saves a draft; Shift+Enter starts a new line.
      </p>
      {fieldError('note')}
      {props.submitGate?.state === 'popup' ? <p class="sourced-hint">{SUBMIT_IN_POPUP}</p> : null}
      {error && !error.field ? (
        <p class="sourced-error" role="alert">
          {error.message}
        </p>
      ) : null}
      <div class="sourced-actions">
        <button type="button" data-testid="sourced-cancel" onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type="button"
          data-testid="sourced-save-draft"
          disabled={busy}
          onClick={(event) => void save(false, event)}
        >
          Save draft
        </button>
        {/* type="button": no key press in a field can reach it (see onKeyDown). */}
        <button
          type="button"
          class="sourced-primary"
          data-testid="sourced-submit"
          disabled={busy || (props.submitGate !== undefined && props.submitGate.state !== 'ready')}
          title={props.submitGate?.state === 'popup' ? SUBMIT_IN_POPUP : undefined}
          onClick={(event) => void save(true, event)}
        >
          Submit
        </button>
      </div>
    </form>
  );
}
