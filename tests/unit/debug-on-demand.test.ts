/**
 * The content script reads the debug switch only when it first has something to log
 * (lib/debug-log.ts `readSwitchOnDemand`): a page where nothing fails never touches extension
 * storage, and what is logged while the switch is being read is printed once it turns out on.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { debugLog, HeldLines, readSwitchOnDemand, setDebugLogging } from '../../lib/debug-log';
import { DEBUG_LOG_KEY } from '../../lib/debug-setting';
import { logSelectorFailure, onDemand, setDebug } from '../../lib/sites/debug-log';

let stop: () => void;
let get: ReturnType<typeof vi.spyOn>;
let printed: string[];

beforeEach(() => {
  fakeBrowser.reset();
  get = vi.spyOn(fakeBrowser.storage.local, 'get');
  printed = [];
  vi.spyOn(console, 'debug').mockImplementation((line: string) => void printed.push(line));
  stop = readSwitchOnDemand({ onDemand, apply: setDebug });
});

afterEach(() => {
  stop();
  setDebugLogging(false);
  setDebug(false);
});

const failure = { platform: 'x', field: 'author', tried: ['a[href]'] } as const;

test('a page where nothing is logged never reads extension storage', async () => {
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(get).not.toHaveBeenCalled();
});

test('the first line logged reads the switch once; lines logged meanwhile print when it is on', async () => {
  await fakeBrowser.storage.local.set({ [DEBUG_LOG_KEY]: true });
  get.mockClear();
  logSelectorFailure(failure);
  debugLog('a post could not be flagged', new TypeError('x'));
  logSelectorFailure({ ...failure, field: 'text' });
  expect(printed).toEqual([]);
  await vi.waitFor(() => expect(printed).toHaveLength(3));
  expect(get).toHaveBeenCalledTimes(1);
  expect(printed).toContain('[sourced] a post could not be flagged (TypeError)');
  expect(printed).toContain('[sourced] x: could not read author — tried a[href]');
  // From now on the switch is known and followed: lines print at once.
  debugLog('later');
  expect(printed.at(-1)).toBe('[sourced] later');
});

test('with the switch off nothing is printed, and later lines are neither held nor read again', async () => {
  logSelectorFailure(failure);
  await new Promise((resolve) => setTimeout(resolve, 20));
  debugLog('again');
  logSelectorFailure(failure);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(printed).toEqual([]);
  expect(get).toHaveBeenCalledTimes(1);
  // Turned on in the options page: followed from then on.
  await fakeBrowser.storage.local.set({ [DEBUG_LOG_KEY]: true });
  await vi.waitFor(() => {
    debugLog('now on');
    expect(printed).toContain('[sourced] now on');
  });
});

test('at most a few lines wait for the switch', async () => {
  await fakeBrowser.storage.local.set({ [DEBUG_LOG_KEY]: true });
  for (let i = 0; i < 100; i++) debugLog(`line ${i}`);
  await vi.waitFor(() => expect(printed.length).toBeGreaterThan(0));
  expect(printed).toHaveLength(HeldLines.MAX);
  expect(printed[0]).toBe('[sourced] line 0');
});
