/**
 * Search and filters of the list. The search waits for a pause in typing before it queries. The
 * status and platform filters fold away behind one button, so the list keeps the popup's height;
 * they stay open while one is set, so a filter in force is always in sight.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CaptureStatus } from '../../lib/capture';
import { CAPTURE_STATUSES, PLATFORMS } from '../../lib/capture-constants';
import { platformLabel } from '../../lib/format';
import { STATUS_LABELS } from './capture-text';
import type { CaptureFilter } from '../../lib/db/capture-query';

/** Long enough to skip the keystrokes of a word, short enough to feel immediate. */
export const SEARCH_DELAY_MS = 200;

export interface FiltersProps {
  filter: CaptureFilter;
  onChange: (filter: CaptureFilter) => void;
}

export function Filters({ filter, onChange }: FiltersProps) {
  const [text, setText] = useState(filter.search ?? '');
  const latest = useRef(filter);
  latest.current = filter;
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const [open, setOpen] = useState(false);
  const active = [filter.status, filter.platform].filter(Boolean).length;
  const shown = open || active > 0;
  // A filter set from elsewhere ("Show" refused) opens them, and they stay open once cleared, so
  // the select in use never vanishes under the keyboard.
  useEffect(() => {
    if (active > 0) setOpen(true);
  }, [active]);

  // A reset from outside (the "clear filters" button) empties the box too.
  useEffect(() => setText(filter.search ?? ''), [filter.search]);
  useEffect(() => () => clearTimeout(timer.current), []);

  // From the latest filter, not this render's: two changes can come before a re-render.
  const update = (change: CaptureFilter) => {
    latest.current = { ...latest.current, ...change };
    onChange(latest.current);
  };
  const apply = (search: string) => {
    clearTimeout(timer.current);
    if (search !== (latest.current.search ?? '')) update({ search });
  };

  return (
    <div class="filters" role="search" aria-label="Find captures">
      <label class="filter-search">
        <span class="sr-only">Search author, post text, note and CRM reference</span>
        <input
          type="search"
          data-testid="capture-search"
          placeholder="Search author, text, note, CRM ref"
          autoComplete="off"
          spellcheck={false}
          value={text}
          onInput={(event) => {
            const value = event.currentTarget.value;
            setText(value);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => apply(value), SEARCH_DELAY_MS);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') apply(event.currentTarget.value);
          }}
        />
      </label>
      <button
        type="button"
        class="filter-toggle"
        data-testid="filters-toggle"
        aria-expanded={shown ? 'true' : 'false'}
        aria-controls="capture-filter-row"
        disabled={active > 0}
        title={active > 0 ? 'Clear the filters to fold them away' : undefined}
        onClick={() => setOpen(!open)}
      >
        Filters{active > 0 ? ` (${active})` : ''}
      </button>
      <div class="filter-row" id="capture-filter-row" hidden={!shown}>
        <label>
          Status
          <select
            data-testid="status-filter"
            value={filter.status ?? ''}
            onChange={(event) =>
              update({
                status: (event.currentTarget.value || undefined) as CaptureStatus | undefined,
              })
            }
          >
            <option value="">All</option>
            {CAPTURE_STATUSES.map((status) => (
              <option value={status} key={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Platform
          <select
            data-testid="platform-filter"
            value={filter.platform ?? ''}
            onChange={(event) =>
              update({
                platform: (event.currentTarget.value || undefined) as CaptureFilter['platform'],
              })
            }
          >
            <option value="">All</option>
            {PLATFORMS.map((platform) => (
              <option value={platform} key={platform}>
                {platformLabel(platform)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
