/**
 * The words the popup's search finds a capture by (post author, excerpt, note, CRM reference),
 * kept in the `*searchWords` multiEntry index of the captures table (migration 4).
 *
 * The field is derived, so no writer should have to keep it right: a DBCore middleware computes it
 * on every add/put of a capture, whoever writes (store, outbox, import, migration), and strips it
 * from every read, so the rest of the code, exports included, never sees it.
 */
import type { DBCore, DBCoreCursor, DBCoreTable, Middleware } from 'dexie';

export const SEARCH_WORDS_FIELD = 'searchWords';
const TABLE = 'captures';
/** Longer words are cut; a search term is cut the same way, so a prefix search still finds them. */
export const MAX_WORD_LENGTH = 32;
/** A 4000-character note has a few hundred distinct words; this only bounds hostile input. */
const MAX_WORDS = 1000;
const MAX_TERMS = 8;

/** Lower case without accents: "Zoë" and "zoe" find each other. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .map((word) => word.slice(0, MAX_WORD_LENGTH));
}

interface Searchable {
  post?: { author?: { name?: unknown; handle?: unknown }; excerpt?: unknown };
  outcome?: { note?: unknown; crmRef?: unknown };
}

/** The index entries of a capture. Defensive: a migration feeds it records of older shapes. */
export function searchWordsOf(capture: Searchable): string[] {
  const texts = [
    capture.post?.author?.name,
    capture.post?.author?.handle,
    capture.post?.excerpt,
    capture.outcome?.note,
    capture.outcome?.crmRef,
  ].filter((t): t is string => typeof t === 'string');
  const unique = new Set<string>();
  for (const text of texts) {
    for (const word of words(text)) {
      if (unique.size >= MAX_WORDS) break;
      unique.add(word);
    }
  }
  return [...unique];
}

/** The terms of what the user typed; each must prefix a word of a capture for it to match. */
export function searchTerms(query: string): string[] {
  const terms = [...new Set(words(query))];
  // A term that prefixes another term adds nothing the longer one does not already require.
  return terms
    .filter((term) => !terms.some((other) => other !== term && other.startsWith(term)))
    .slice(0, MAX_TERMS);
}

function withSearchWords(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  return { ...value, [SEARCH_WORDS_FIELD]: searchWordsOf(value as Searchable) };
}

/** A fresh copy each time: a reader may change what it got (Dexie's modify does). */
function strip(value: unknown): unknown {
  if (!value || typeof value !== 'object' || !(SEARCH_WORDS_FIELD in value)) return value;
  const { [SEARCH_WORDS_FIELD]: _words, ...rest } = value as Record<string, unknown>;
  return rest;
}

/**
 * A cursor that shows stripped values: the same copy while it stays on one record. The native
 * getters must be called on the real cursor.
 */
function strippingCursor(cursor: DBCoreCursor): DBCoreCursor {
  let raw: unknown;
  let copy: unknown;
  return Object.create(cursor, {
    key: { get: () => cursor.key },
    primaryKey: { get: () => cursor.primaryKey },
    value: {
      get: () => {
        if (cursor.value !== raw) {
          raw = cursor.value;
          copy = strip(raw);
        }
        return copy;
      },
    },
  }) as DBCoreCursor;
}

function searchWordsTable(table: DBCoreTable): DBCoreTable {
  return {
    ...table,
    mutate(req) {
      if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
      // Copies: the caller's objects must not grow a field it does not know about.
      return table.mutate({ ...req, values: req.values.map(withSearchWords) });
    },
    get: (req) => table.get(req).then(strip),
    getMany: (req) => table.getMany(req).then((values) => values.map(strip)),
    query: (req) =>
      table
        .query(req)
        .then((response) =>
          req.values ? { ...response, result: response.result.map(strip) } : response,
        ),
    openCursor: (req) =>
      table
        .openCursor(req)
        .then((cursor) => (cursor && req.values ? strippingCursor(cursor) : cursor)),
  };
}

export const searchWordsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'SearchWords',
  create: (down) => ({
    ...down,
    table: (name) => (name === TABLE ? searchWordsTable(down.table(name)) : down.table(name)),
  }),
};
