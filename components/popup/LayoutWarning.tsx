/**
 * The popup's word on the page in its window's active tab: when that page's content script found
 * that Sourced may not recognise the layout (lib/sites/layout-health.ts, reported to the
 * background), say so, and offer the diagnostic (counts and our selectors, nothing from the posts)
 * to copy into a report. Nothing at all otherwise.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LayoutStatus } from '../../lib/messages';
import type { PageSend } from '../../lib/messaging/page';

/**
 * The tab the popup speaks about. The test build's popup, opened as a page, is its own window's
 * active tab: there the tab is named in the address (`popup.html?tab=<id>`); real builds ignore
 * that parameter.
 */
export async function activeTabId(): Promise<number | undefined> {
  if (import.meta.env.SOURCED_E2E) {
    const named = Number(new URLSearchParams(location.search).get('tab') ?? NaN);
    if (Number.isInteger(named)) return named;
  }
  // Loaded on use: the browser API stays off the path to the popup's first screen.
  const { browser } = await import('wxt/browser');
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export const LAYOUT_WARNING =
  "Sourced may not recognise this page's layout — posts here may get no flag or incomplete details.";

export interface LayoutWarningProps {
  send: PageSend;
  tabId?: () => Promise<number | undefined>;
  /** Where the Copy button writes (the system clipboard in the popup). */
  copy?: (text: string) => Promise<void>;
}

export function LayoutWarning({
  send,
  tabId = activeTabId,
  copy = (text) => navigator.clipboard.writeText(text),
}: LayoutWarningProps) {
  const [status, setStatus] = useState<LayoutStatus | null>(null);
  const [copied, setCopied] = useState('');
  const text = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    let open = true;
    void (async () => {
      const id = await tabId();
      if (id === undefined) return;
      const reply = await send('layoutStatus', { tabId: id });
      if (open && reply.ok) setStatus(reply.value);
    })().catch(() => {
      // A hint, not a feature the popup depends on: without an answer it stays silent.
    });
    return () => {
      open = false;
    };
  }, [send, tabId]);

  if (!status) return null;

  async function copyDiagnostic(diagnostic: string) {
    try {
      await copy(diagnostic);
      setCopied('Copied.');
    } catch {
      // Clipboard refused (no focus, a policy): the text is selected for the user to copy.
      text.current?.select();
      setCopied('Copy the selected text with Ctrl+C (⌘C on a Mac).');
    }
  }

  return (
    <section class="layout-warning" data-testid="layout-warning">
      <p>{LAYOUT_WARNING}</p>
      <details>
        <summary>Report it: a diagnostic to copy (counts only, nothing from the posts)</summary>
        <textarea
          ref={text}
          data-testid="layout-diagnostic"
          aria-label="Layout diagnostic"
          readOnly
          rows={6}
          value={status.text}
        />
        <div class="layout-copy">
          <button type="button" onClick={() => void copyDiagnostic(status.text)}>
            Copy
          </button>
          <span role="status">{copied}</span>
        </div>
      </details>
    </section>
  );
}
