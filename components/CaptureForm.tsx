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
import { platformLabel } from '../lib/format';
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

function toFields(initial: Outcome | undefined, currency: string): Fields {
  return {
    type: initial?.type ?? 'customer',
    stage: initial?.stage ?? 'identified',
    amount: initial?.value ? String(initial.value.amount) : '',
    currency: initial?.value?.currency ?? currency,
    crmRef: initial?.crmRef ?? '',
    note: initial?.note ?? '',
  };
}

/** Parse the form into an outcome, or say which field is wrong. */
export function parseOutcome(
  fields: Fields,
): { ok: true; outcome: Outcome } | { ok: false; field: keyof Fields; error: string } {
  const amountText = fields.amount.trim().replace(/\s/g, '').replace(',', '.');
  let value: Outcome['value'];
  if (amountText !== '') {
    const amount = Number(amountText);
    if (!Number.isFinite(amount) || amount < 0 || amount > 1e15) {
      return { ok: false, field: 'amount', error: 'The value must be a positive number.' };
    }
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

export function CaptureForm(props: CaptureFormProps) {
  const [fields, setFields] = useState(() =>
    toFields(props.initial, props.defaultCurrency ?? 'EUR'),
  );
  // What the user typed, current even before Preact re-renders (a fast Enter after typing).
  const latest = useRef(fields);
  const [error, setError] = useState<{ field?: keyof Fields; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('select')?.focus();
  }, []);

  const set = (name: keyof Fields) => (event: Event) => {
    const value = (
      event.currentTarget as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
    ).value;
    latest.current = { ...latest.current, [name]: value };
    setFields(latest.current);
  };

  async function save(submit: boolean, event: Event) {
    if (props.trustedOnly && !event.isTrusted) return;
    const gate = props.submitGate;
    if (submit && gate && gate.state !== 'ready') return;
    const parsed = parseOutcome(latest.current);
    if (!parsed.ok) {
      setError({ field: parsed.field, message: parsed.error });
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

  /** Keep Tab inside the dialog and let Escape close it, as a modal dialog should. */
  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onCancel();
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
        // Saving happens in the Submit button's click (Enter in a field clicks it too): a page
        // script's form.requestSubmit() fires a submit event the browser marks as trusted.
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
          <select data-testid="sourced-outcome-type" value={fields.type} onChange={set('type')}>
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
      <div class="sourced-row">
        <label>
          Value (optional)
          <input
            data-testid="sourced-value-amount"
            inputMode="decimal"
            autoComplete="off"
            value={fields.amount}
            aria-invalid={invalid('amount')}
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
            onInput={set('currency')}
          />
        </label>
      </div>
      <label>
        CRM reference
        <input
          data-testid="sourced-crm-ref"
          autoComplete="off"
          value={fields.crmRef}
          aria-invalid={invalid('crmRef')}
          onInput={set('crmRef')}
        />
      </label>
      <label>
        Note
        <textarea
          data-testid="sourced-note"
          rows={3}
          value={fields.note}
          aria-invalid={invalid('note')}
          onInput={set('note')}
        />
      </label>
      {props.submitGate?.state === 'popup' ? <p class="sourced-hint">{SUBMIT_IN_POPUP}</p> : null}
      {error ? (
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
        <button
          type="submit"
          class="sourced-primary"
          data-testid="sourced-submit"
          disabled={busy || (props.submitGate !== undefined && props.submitGate.state !== 'ready')}
          title={props.submitGate?.state === 'popup' ? SUBMIT_IN_POPUP : undefined}
          onClick={(event) => {
            event.preventDefault();
            void save(true, event);
          }}
        >
          Submit
        </button>
      </div>
    </form>
  );
}
