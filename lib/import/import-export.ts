/**
 * Import a JSON export (a move to a new browser, a restored backup). Everything is checked before
 * anything is written, and the write is one transaction: a file either imports whole or changes
 * nothing. A capture already here (same id) is merged by revision, never duplicated.
 *
 * A file is not trusted to deliver or to re-attribute (issue 17, finding 7): captures that were
 * waiting to be sent (queued, delivering) come in as drafts, so nothing leaves the
 * browser until the user submits it here; and a capture already here is never given another
 * employee by a file: that capture is refused and named in the summary, the rest imports.
 */
import type { Capture, Employee } from '../capture';
import type { SourcedDatabase } from '../db/database';
import { plainError } from '../errors';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  ExportEnvelopeSchema,
  type ParsedExport,
} from '../export/records';
import { fail, ok, type Result } from '../result';
import type { SyncLogEntry } from '../sync-log';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface ImportSummary {
  /** Captures that were not here. */
  added: number;
  /** Captures replaced by a newer copy from the file. */
  updated: number;
  /** Captures whose copy here is as new or newer. */
  unchanged: number;
  syncLogAdded: number;
  /** Sync log entries already here. */
  syncLogSkipped: number;
  /** Captures the file had waiting to be sent, imported as drafts to submit by hand. */
  asDrafts: number;
  /** Captures not imported, each with the reason in words. */
  refused: { id: string; reason: string }[];
}

const NOTHING = 'Nothing was imported.';

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `captures[3].outcome.type`: where a problem is, in the file's own terms. */
function where(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

function looksLikeNdjson(text: string): boolean {
  const end = text.indexOf('\n');
  const firstLine = end === -1 ? text : text.slice(0, end);
  try {
    const first = JSON.parse(firstLine) as { kind?: unknown };
    return first?.kind === 'capture' || first?.kind === 'syncLog';
  } catch {
    // Only a guess to word the error better: a first line that is not JSON is not NDJSON.
    return false;
  }
}

/** Parse and validate the text of a file; no database is touched. */
export function parseExport(text: string): Result<ParsedExport> {
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit: encode only when the length alone cannot tell.
  const bytes =
    text.length * 3 <= MAX_IMPORT_BYTES ? text.length : new TextEncoder().encode(text).length;
  if (bytes > MAX_IMPORT_BYTES) {
    return fail(
      `This file is ${megabytes(bytes)}; Sourced imports exports up to ${megabytes(MAX_IMPORT_BYTES)}. ${NOTHING}`,
    );
  }
  // Editors add a byte order mark when they save JSON; it is not part of the value.
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return fail(`The file is empty. ${NOTHING}`);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    if (looksLikeNdjson(body)) {
      return fail(`This is an NDJSON export; import the JSON export instead. ${NOTHING}`);
    }
    if (body.includes(`"format":"${EXPORT_FORMAT}"`)) {
      return fail(
        `The file is incomplete or damaged: it is not valid JSON (was the download cut short?). ${NOTHING}`,
      );
    }
    return fail(`This is not a Sourced export: the file is not JSON. ${NOTHING}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return fail(`This is not a Sourced export: it holds no export envelope. ${NOTHING}`);
  }
  const { format, version } = value as { format?: unknown; version?: unknown };
  if (format !== EXPORT_FORMAT) {
    return fail(`This is not a Sourced export: "format" is not "${EXPORT_FORMAT}". ${NOTHING}`);
  }
  if (typeof version === 'number' && version > EXPORT_VERSION) {
    return fail(
      `This export was made by a newer Sourced (format version ${version}); update Sourced, then import it. ${NOTHING}`,
    );
  }
  if (version !== EXPORT_VERSION) {
    return fail(`This export has an unknown format version. ${NOTHING}`);
  }
  const parsed = ExportEnvelopeSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const shown = issues
      .slice(0, 3)
      .map((issue) => `${where(issue.path) || 'the file'}: ${issue.message}`);
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more problems)` : '';
    return fail(`The export does not pass validation — ${shown.join('; ')}${more}. ${NOTHING}`);
  }
  const seen = new Set<string>();
  for (const capture of parsed.data.captures) {
    if (seen.has(capture.id)) {
      return fail(`The export lists capture ${capture.id} twice; the file was altered. ${NOTHING}`);
    }
    seen.add(capture.id);
  }
  return ok(parsed.data);
}

/**
 * Which copy of a capture to keep: the higher revision (edits after a delivery raise it); for
 * one revision, the copy changed last (a delivery or a retry moves `updatedAt`); a tie keeps the
 * copy already here.
 */
function newer(incoming: Capture, existing: Capture): boolean {
  if (incoming.revision !== existing.revision) return incoming.revision > existing.revision;
  return Date.parse(incoming.updatedAt) > Date.parse(existing.updatedAt);
}

/** Who a capture is attributed to, as the receiver binds it: the email, else the id, else the name. */
function identityOf(employee: Employee): string {
  if (employee.email) return `email:${employee.email.toLowerCase()}`;
  if (employee.employeeId) return `id:${employee.employeeId}`;
  return `name:${employee.name ?? ''}`;
}

/**
 * Statuses that would make the outbox send the capture on its own. A failed capture is not one:
 * it waits for a retry by hand, and keeps the endpoint's reason that the user must read first.
 */
const WAITING = new Set<Capture['status']>(['queued', 'delivering']);

/**
 * An imported capture as it is stored: one that was waiting to be sent becomes a draft (the
 * revision it carries stays, so a later submit is still an update of what the endpoint has).
 */
function asImported(incoming: Capture): { capture: Capture; drafted: boolean } {
  if (!WAITING.has(incoming.status)) return { capture: incoming, drafted: false };
  return {
    capture: {
      ...incoming,
      status: 'draft',
      intent: 'submit',
      nextAttemptAt: undefined,
      lastError: undefined,
    },
    drafted: true,
  };
}

/** Sync log entries are the same attempt when everything they record is the same. */
function entryKey(entry: Omit<SyncLogEntry, 'seq'>): string {
  return JSON.stringify([
    entry.at,
    entry.eventId,
    entry.captureId ?? null,
    entry.url,
    entry.status,
    entry.result,
    entry.durationMs,
    entry.error ?? null,
  ]);
}

/** Write a validated export: one transaction, all or nothing. */
export async function mergeExport(db: SourcedDatabase, data: ParsedExport): Promise<ImportSummary> {
  return db.transaction('rw', db.captures, db.syncLog, async () => {
    const summary: ImportSummary = {
      added: 0,
      updated: 0,
      unchanged: 0,
      syncLogAdded: 0,
      syncLogSkipped: 0,
      asDrafts: 0,
      refused: [],
    };
    const existing = await db.captures.bulkGet(data.captures.map((c) => c.id));
    const writes: Capture[] = [];
    data.captures.forEach((incoming, index) => {
      const here = existing[index];
      if (here && identityOf(here.employee) !== identityOf(incoming.employee)) {
        // Refused whatever its revision: a file must not re-attribute someone's capture.
        summary.refused.push({
          id: incoming.id,
          reason: `Capture ${incoming.id} is already here under another employee; the file may not change who it belongs to.`,
        });
        return;
      }
      if (!here) summary.added++;
      else if (newer(incoming, here)) summary.updated++;
      else {
        summary.unchanged++;
        return;
      }
      const { capture, drafted } = asImported(incoming);
      if (drafted) summary.asDrafts++;
      writes.push(capture);
    });
    if (writes.length > 0) await db.captures.bulkPut(writes);

    if (data.syncLog.length > 0) {
      const times = data.syncLog.map((e) => e.at).sort();
      const present = new Set(
        (
          await db.syncLog
            .where('at')
            .between(times[0]!, times[times.length - 1]!, true, true)
            .toArray()
        ).map(entryKey),
      );
      const fresh = data.syncLog.filter((entry) => {
        const key = entryKey(entry);
        if (present.has(key)) return false;
        present.add(key);
        return true;
      });
      summary.syncLogSkipped = data.syncLog.length - fresh.length;
      summary.syncLogAdded = fresh.length;
      if (fresh.length > 0) await db.syncLog.bulkAdd(fresh);
    }
    return summary;
  });
}

/** The text of a chosen file, or why it cannot be imported (too big, unreadable). */
export async function readImportFile(file: Blob): Promise<Result<string>> {
  // Refuse an oversized file before reading it: reading would already cost its size in memory.
  if (file.size > MAX_IMPORT_BYTES) {
    return fail(
      `This file is ${megabytes(file.size)}; Sourced imports exports up to ${megabytes(MAX_IMPORT_BYTES)}. ${NOTHING}`,
    );
  }
  try {
    return ok(await file.text());
  } catch {
    // The browser could not read the file (moved, permissions): said in words, nothing changed.
    return fail(`The file could not be read. ${NOTHING}`);
  }
}

/** Check and import a file; on any problem, say why and change nothing. */
export async function importExport(
  db: SourcedDatabase,
  file: Blob,
): Promise<Result<ImportSummary>> {
  const text = await readImportFile(file);
  if (!text.ok) return text;
  const parsed = parseExport(text.value);
  if (!parsed.ok) return parsed;
  try {
    return ok(await mergeExport(db, parsed.value));
  } catch (error) {
    return fail(plainError(error));
  }
}

/** The summary in words, for the options page. */
export function describeImport(summary: ImportSummary): string {
  const parts = [
    `${summary.added} new capture${summary.added === 1 ? '' : 's'}`,
    `${summary.updated} updated`,
    `${summary.unchanged} already up to date`,
  ];
  const log = `${summary.syncLogAdded} sync log entr${summary.syncLogAdded === 1 ? 'y' : 'ies'} added`;
  let text = `Imported: ${parts.join(', ')}; ${log}.`;
  if (summary.asDrafts > 0) {
    text += ` ${summary.asDrafts} capture${summary.asDrafts === 1 ? ' was' : 's were'} waiting to be sent in the file and came in as draft${summary.asDrafts === 1 ? '' : 's'}: submit ${summary.asDrafts === 1 ? 'it' : 'them'} from the popup.`;
  }
  if (summary.refused.length > 0) {
    const n = summary.refused.length;
    text += ` Not imported (${n}): ${summary.refused
      .slice(0, 3)
      .map((r) => r.reason)
      .join(' ')}${n > 3 ? ` (and ${n - 3} more)` : ''}`;
  }
  return text;
}
