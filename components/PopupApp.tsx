/**
 * The popup: the captures of this browser, live, with what can be done to each, where delivery
 * stands, and what a new user should do first.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Capture, Outcome } from '../lib/capture';
import { ok, type Result } from '../lib/result';
import { CaptureList, listShown, type CaptureActions } from './CaptureList';
import {
  deliveryCounts,
  isFiltered,
  type CaptureFilter,
  type CaptureWindow,
} from '../lib/db/capture-query';
import { DeliverySummary } from './popup/DeliverySummary';
import { useEditDialog } from './popup/lazy-edit-dialog';
import { Filters } from './popup/Filters';
import { FollowupList, type FollowupActions } from './popup/FollowupList';
import { useOperations } from './popup/load-operations';
import type { PopupServices, SettingsSection } from './popup/services';
import { LayoutWarning } from './popup/LayoutWarning';
import { SetupHint } from './popup/SetupHint';
import { identitySet } from './popup/use-identity';
import { EndpointAllow } from './EndpointAllow';
import { useLiveQuery } from './use-live-query';

/** Relative times ("3 minutes ago") move on while the popup stays open. */
function useNow(now: () => Date, everyMs = 30_000): number {
  const [value, setValue] = useState(() => now().getTime());
  useEffect(() => {
    const timer = setInterval(() => setValue(now().getTime()), everyMs);
    return () => clearInterval(timer);
  }, []);
  return value;
}

/** How long a confirmation stays: long enough to read twice. */
const NOTICE_MS = 8_000;

interface Notice {
  kind: 'info' | 'error';
  text: string;
  /** A link to the setting that the notice is about. */
  settings?: SettingsSection;
}

/** Said after a submission when there is nowhere to deliver to yet (instead of "queued"). */
export const NO_ENDPOINT_YET = 'Will be sent once your company’s endpoint is set —';

function authorOf(capture: Capture): string {
  return capture.post.author.name ?? capture.post.author.handle ?? 'an unknown author';
}

export interface PopupAppProps {
  services: PopupServices;
  /** The newest captures, read before the popup's code loaded (components/popup/first-page.ts). */
  firstPage?: CaptureWindow;
}

export function PopupApp({ services, firstPage }: PopupAppProps) {
  const { db } = services;
  const now = useNow(services.now);
  const ops = useOperations(listShown);
  // storage.managed is outside the database: a policy change re-runs the query below.
  const [policyChanges, setPolicyChanges] = useState(0);
  useEffect(
    () => (ops ? ops.onManagedPolicyChange(() => setPolicyChanges((n) => n + 1)) : undefined),
    [ops],
  );
  const [filter, setFilter] = useState<CaptureFilter>({});
  const [editing, setEditing] = useState<Capture | null>(null);
  const [deleted, setDeleted] = useState<Capture | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const listArea = useRef<HTMLDivElement>(null);
  // The form is code the first screen does not need: it loads when an edit starts.
  const EditDialog = useEditDialog(editing !== null);

  // Read once the operations are loaded, so that the list has the database to itself first.
  const delivery = useLiveQuery(
    async () =>
      ops
        ? Promise.all([
            deliveryCounts(db),
            ops.readDeliveryState(db),
            ops.readEffectiveSettings(db),
          ]).then(([counts, state, settings]) => ({
            counts,
            state,
            identity: settings.identity,
            // The organisation's endpoint counts: the hint does not ask for what policy set.
            hasEndpoint: settings.endpoint !== undefined,
            policyEndpoint:
              settings.endpoint?.source === 'policy'
                ? {
                    url: settings.endpoint.config.url,
                    pattern: ops.originPattern(settings.endpoint.config.url),
                  }
                : undefined,
          }))
        : undefined,
    [db, ops, policyChanges],
  );
  const identity = delivery.value?.identity;
  const origins = services.origins ?? ops?.origins;

  // Opening the popup is when the user wants to know what became of their wins (protocol v1.1).
  // Asked once the first rows are shown (or after the same fallback as the operations chunk), so
  // the messenger stays off the first screen's path — but not after that chunk has loaded: a
  // popup glanced at and closed again must still have asked.
  useEffect(() => {
    const later = new Promise<void>((resolve) => setTimeout(resolve, 300));
    void Promise.race([listShown, later]).then(() => services.send('popupOpened', undefined));
  }, []);

  useEffect(() => {
    if (deleted) undoButton.current?.focus();
  }, [deleted]);

  // A confirmation fades after a while; an error stays until the next action.
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  // Back to where the user was once the dialog is gone (and the page no longer inert): the
  // control that opened it, else the list's current row.
  useEffect(() => {
    if (editing || !returnFocus.current) return;
    const target = returnFocus.current;
    returnFocus.current = null;
    if (target.isConnected) target.focus();
    else
      listArea.current
        ?.querySelector<HTMLElement>('[data-testid="capture-item"][tabindex="0"]')
        ?.focus();
  }, [editing]);

  /** A submission's confirmation, true to where it goes: nowhere yet without an endpoint. */
  const submitted = (text: string): Notice =>
    delivery.value?.hasEndpoint === false
      ? { kind: 'info', text: `${text} ${NO_ENDPOINT_YET}`, settings: 'endpoint' }
      : { kind: 'info', text };

  /**
   * Ask the background for a change and say what happened, or why not. The list follows by
   * itself: it is a live query of what the background wrote.
   */
  async function change<T>(
    reply: Promise<Result<T>>,
    done: (value: T) => string | Notice,
  ): Promise<Result<T>> {
    const result = await reply;
    if (result.ok) {
      const said = done(result.value);
      setNotice(typeof said === 'string' ? { kind: 'info', text: said } : said);
    } else {
      setNotice({ kind: 'error', text: result.error });
    }
    return result;
  }

  const { send } = services;
  const actions: CaptureActions = {
    edit: (capture) => {
      returnFocus.current = document.activeElement as HTMLElement | null;
      setEditing(capture);
    },
    submit: (capture) =>
      void change(send('submitCapture', { id: capture.id }), () =>
        submitted(`Submitted the capture of ${authorOf(capture)}’s post.`),
      ),
    retry: (capture) =>
      void change(send('submitCapture', { id: capture.id }), () =>
        submitted(`Queued the capture of ${authorOf(capture)}’s post again.`),
      ),
    withdraw: (capture) =>
      void change(send('withdrawCapture', { id: capture.id }), (next) =>
        next.status === 'withdrawn' ? 'Withdrawn.' : 'Withdrawn here; the endpoint will be told.',
      ),
    remove: (capture) =>
      void change(send('deleteCapture', { id: capture.id }), (removed) => {
        setDeleted(removed);
        return '';
      }),
  };

  const followup: FollowupActions = {
    setStage: (capture, stage) =>
      void change(
        send('setFollowupStage', { id: capture.id, stage }),
        () => `Moved the capture of ${authorOf(capture)}’s post on; the endpoint will be told.`,
      ),
    snooze: (capture) =>
      void change(
        send('snoozeFollowup', { id: capture.id }),
        () => `We will ask about ${authorOf(capture)}’s post again in two weeks.`,
      ),
    withdraw: actions.withdraw,
  };

  async function undoDelete() {
    const capture = deleted;
    if (!capture) return;
    const result = await change(
      send('restoreCapture', { capture }),
      () => `Restored the capture of ${authorOf(capture)}’s post.`,
    );
    if (!result.ok) return;
    setDeleted(null);
    focusRestored(capture.id);
  }

  /**
   * The Undo button goes away with the bar: focus moves to the restored capture once the list
   * shows it (its live query answers a moment later), else to the list's current row, never to
   * the body.
   */
  function focusRestored(id: string) {
    const row = () =>
      listArea.current?.querySelector<HTMLElement>(
        `[data-testid="capture-item"][data-capture-id="${CSS.escape(id)}"]`,
      );
    const fallback = () =>
      listArea.current?.querySelector<HTMLElement>('[data-testid="capture-item"][tabindex="0"]') ??
      listArea.current?.querySelector<HTMLElement>('[data-testid="capture-list"]');
    const started = Date.now();
    const attempt = () => {
      const found = row();
      if (found) return found.focus();
      if (Date.now() - started > 2_000) return fallback()?.focus();
      requestAnimationFrame(attempt);
    };
    // Meanwhile, somewhere sensible rather than the body.
    fallback()?.focus();
    attempt();
  }

  async function saveEdit(capture: Capture, outcome: Outcome, submitIt: boolean) {
    const result = await send('editCapture', { id: capture.id, outcome, submit: submitIt });
    if (!result.ok) return result;
    setEditing(null);
    setNotice(
      submitIt ? submitted('Saved and submitted.') : { kind: 'info', text: 'Saved as a draft.' },
    );
    return ok(null);
  }

  const filtered = isFiltered(filter);
  const counts = delivery.value?.counts;
  const empty = filtered ? (
    <section class="empty" data-testid="capture-list">
      <h2>No capture matches</h2>
      <p>Nothing matches this search and these filters.</p>
      <button type="button" onClick={() => setFilter({})}>
        Show all captures
      </button>
    </section>
  ) : (
    <section class="empty" data-testid="capture-list">
      <h2>No wins recorded yet</h2>
      <p>
        Open LinkedIn or X, find the post that led to a customer, a deal or a partner, and press the
        flag <span aria-hidden="true">⚑</span> on it. What you record appears here.
      </p>
    </section>
  );

  return (
    <>
      <main class="popup" inert={editing && EditDialog ? true : undefined}>
        <header>
          <h1>Sourced</h1>
          <button type="button" class="link" onClick={() => services.openSettings('identity')}>
            Settings
          </button>
        </header>
        <SetupHint
          needsIdentity={identity !== undefined && !identitySet(identity)}
          needsEndpoint={delivery.value?.hasEndpoint === false}
          openSettings={services.openSettings}
        />
        <LayoutWarning send={send} />
        {delivery.value?.policyEndpoint && origins ? (
          <EndpointAllow
            compact
            url={delivery.value.policyEndpoint.url}
            pattern={delivery.value.policyEndpoint.pattern}
            access={origins}
            onGranted={() => void send('syncNow', undefined)}
          />
        ) : null}
        <DeliverySummary
          counts={counts}
          policyEndpoint={delivery.value?.policyEndpoint !== undefined}
          state={delivery.value?.state}
          hasEndpoint={delivery.value?.hasEndpoint}
          now={now}
          syncNow={() => send('syncNow', undefined)}
          openSettings={services.openSettings}
          submitAll={() =>
            void change(send('submitAllDrafts', undefined), (queued) =>
              submitted(queued === 1 ? 'Submitted 1 draft.' : `Submitted ${queued} drafts.`),
            )
          }
          showFailed={() => setFilter({ status: 'failed' })}
        />
        {ops ? <FollowupList db={db} now={now} actions={followup} /> : null}
        <Filters filter={filter} onChange={setFilter} />
        <div class="list-area" ref={listArea}>
          <CaptureList
            db={db}
            filter={filter}
            actions={actions}
            now={now}
            empty={empty}
            firstPage={firstPage}
          />
        </div>
        <div class="popup-messages">
          {deleted ? (
            <div class="undo" data-testid="capture-deleted">
              <span>
                Deleted the capture of {authorOf(deleted)}&rsquo;s post
                {deleted.deliveredRevision !== undefined
                  ? ' from this browser; the company keeps what was delivered.'
                  : '.'}
              </span>
              <button
                type="button"
                ref={undoButton}
                data-testid="capture-undo"
                onClick={() => void undoDelete()}
              >
                Undo
              </button>
              <button
                type="button"
                class="link"
                aria-label="Dismiss"
                onClick={() => setDeleted(null)}
              >
                ✕
              </button>
            </div>
          ) : null}
          <p
            class={`notice${notice?.kind === 'error' ? ' error' : ''}`}
            role={notice?.kind === 'error' ? 'alert' : 'status'}
          >
            {notice?.text}
            {notice?.settings ? (
              <>
                {' '}
                <button
                  type="button"
                  class="link"
                  onClick={() => services.openSettings(notice.settings!)}
                >
                  Settings
                </button>
              </>
            ) : null}
          </p>
        </div>
      </main>
      {editing && EditDialog ? (
        <EditDialog
          capture={editing}
          onSave={(outcome, submitIt) => saveEdit(editing, outcome, submitIt)}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
