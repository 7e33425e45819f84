/**
 * The example policies of deploy/ (docs/deploy.md) are what an administrator copies: each must
 * pass the managed schema Chrome and Edge validate against (public/managed_schema.json), and
 * Sourced's own checks (lib/settings/managed.ts) with no notice, every key applied. The schema
 * and the checks must list the same keys.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { MANAGED_KEYS, parseManagedPolicy } from '../../lib/settings/managed';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const json = (file: string) => JSON.parse(read(file)) as Record<string, unknown>;

interface Schema {
  type: 'object' | 'array' | 'string' | 'integer' | 'boolean' | 'number';
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  items?: Schema;
  title?: string;
  description?: string;
}
const SCHEMA = json('public/managed_schema.json') as unknown as Schema;
/** The keywords this schema uses; a keyword the validator below does not know fails the test. */
const KNOWN = new Set([
  'type',
  'properties',
  'additionalProperties',
  'items',
  'title',
  'description',
]);

/**
 * Chrome's policy schema is a subset of JSON Schema; Chrome drops a value that does not match
 * (chrome://policy shows the error). This checks the same subset, and nothing more.
 */
function validate(value: unknown, schema: Schema, at = '$'): string[] {
  const unknown = Object.keys(schema).filter((k) => !KNOWN.has(k));
  if (unknown.length) return [`${at}: schema keyword ${unknown.join(', ')} not checked here`];
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: not a string`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: not an integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: not a number`];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, i) => validate(item, schema.items!, `${at}[${i}]`))
        : [`${at}: not an array`];
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return [`${at}: not an object`];
      }
      return Object.entries(value).flatMap(([key, item]) => {
        const property = schema.properties?.[key] ?? schema.additionalProperties;
        return property ? validate(item, property, `${at}.${key}`) : [`${at}.${key}: unknown key`];
      });
    }
  }
}

function expectValidSourcedPolicy(policy: unknown) {
  expect(validate(policy, SCHEMA)).toEqual([]);
  const parsed = parseManagedPolicy(policy);
  expect(parsed.notices).toEqual([]);
  expect(parsed.applied).toEqual([...MANAGED_KEYS]);
}

/** The id the Firefox build declares (wxt.config.ts, browser_specific_settings.gecko.id). */
const GECKO_ID = /gecko:\s*{\s*id:\s*'([^']+)'/.exec(read('wxt.config.ts'))?.[1];
const CHROME_ID = /^[a-p]{32}$/;

test('the schema lists exactly the keys Sourced checks, each with a type', () => {
  expect(Object.keys(SCHEMA.properties!).sort()).toEqual([...MANAGED_KEYS].sort());
  expect(validate({}, SCHEMA)).toEqual([]);
  // The validator refuses what Chrome would drop.
  expect(validate({ privacyExcerptLength: '120', teams: 'Sales', extra: 1 }, SCHEMA)).toEqual([
    '$.privacyExcerptLength: not an integer',
    '$.teams: not an array',
    '$.extra: unknown key',
  ]);
});

describe('example policies', () => {
  test('Chrome JSON policy (Linux /etc/opt/chrome/policies/managed, macOS profile): force-install and 3rdparty', () => {
    const policy = json('deploy/chrome-policy.json') as {
      ExtensionSettings: Record<string, { installation_mode: string; update_url: string }>;
      '3rdparty': { extensions: Record<string, unknown> };
    };
    const [id, settings] = Object.entries(policy.ExtensionSettings)[0]!;
    expect(id).toMatch(CHROME_ID);
    expect(settings.installation_mode).toBe('force_installed');
    expect(new URL(settings.update_url).protocol).toBe('https:');
    expect(Object.keys(policy['3rdparty'].extensions)).toEqual([id]);
    expectValidSourcedPolicy(policy['3rdparty'].extensions[id]);
  });

  test('Google Admin console "Policy for extensions" (values wrapped in {"Value": …})', () => {
    const wrapped = json('deploy/google-admin-policy.json') as Record<string, { Value: unknown }>;
    for (const entry of Object.values(wrapped)) expect(Object.keys(entry)).toEqual(['Value']);
    expectValidSourcedPolicy(
      Object.fromEntries(Object.entries(wrapped).map(([key, entry]) => [key, entry.Value])),
    );
  });

  test('Firefox policies.json: ExtensionSettings install_url and 3rdparty for the build’s add-on id', () => {
    expect(GECKO_ID).toBeTruthy();
    const { policies } = json('deploy/firefox-policies.json') as {
      policies: {
        ExtensionSettings: Record<string, { installation_mode: string; install_url: string }>;
        '3rdparty': { Extensions: Record<string, unknown> };
      };
    };
    expect(policies.ExtensionSettings[GECKO_ID!]).toMatchObject({
      installation_mode: 'force_installed',
      install_url: expect.stringMatching(/^https:\/\/.+\.xpi$/),
    });
    expect(Object.keys(policies['3rdparty'].Extensions)).toEqual([GECKO_ID]);
    // Firefox checks no schema: Sourced's own checks are all there is.
    expectValidSourcedPolicy(policies['3rdparty'].Extensions[GECKO_ID!]);
  });

  test('Edge registry file (Group Policy / Intune script): force-install list and 3rdparty values', () => {
    const text = read('deploy/edge-policy.reg');
    expect(text.startsWith('Windows Registry Editor Version 5.00\r\n')).toBe(true);
    const keys = parseReg(text);
    const forcelist =
      keys['HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge\\ExtensionInstallForcelist'];
    const [id, updateUrl] = String(forcelist?.['1']).split(';');
    expect(id).toMatch(CHROME_ID);
    expect(updateUrl).toBe('https://edge.microsoft.com/extensionwebstorebase/v1/crx');
    const base = `HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge\\3rdparty\\extensions\\${id}\\policy`;
    expectValidSourcedPolicy(registryToPolicy(keys, base, SCHEMA));
  });
});

type RegValues = Record<string, string | number>;

/** A .reg file as key path → values: `"name"="text"` and `"name"=dword:hex` only. */
function parseReg(text: string): Record<string, RegValues> {
  const keys: Record<string, RegValues> = {};
  let current: RegValues | undefined;
  for (const raw of text.split('\r\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('Windows Registry')) continue;
    const key = /^\[(.+)\]$/.exec(line);
    if (key) {
      current = keys[key[1]!] = {};
      continue;
    }
    const value = /^"((?:[^"\\]|\\.)*)"=(?:"((?:[^"\\]|\\.)*)"|dword:([0-9a-f]{8}))$/i.exec(line);
    if (!value || !current) throw new Error(`Unexpected line in the .reg file: ${line}`);
    const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
    current[unescape(value[1]!)] =
      value[2] !== undefined ? unescape(value[2]) : parseInt(value[3]!, 16);
  }
  return keys;
}

/**
 * How Chrome and Edge read a 3rdparty policy from the registry, by the schema: a DWORD is a
 * boolean or an integer, a subkey an object, or a list when numbered 1, 2, ….
 */
function registryToPolicy(
  keys: Record<string, RegValues>,
  base: string,
  schema: Schema,
): Record<string, unknown> {
  const policy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(keys[base] ?? {})) {
    const type = schema.properties?.[name]?.type;
    policy[name] = type === 'boolean' ? value !== 0 : value;
  }
  for (const [key, values] of Object.entries(keys)) {
    if (!key.startsWith(`${base}\\`)) continue;
    const name = key.slice(base.length + 1);
    policy[name] =
      schema.properties?.[name]?.type === 'array'
        ? Object.entries(values)
            .sort(([a], [b]) => Number(a) - Number(b))
            .map(([, v]) => v)
        : values;
  }
  return policy;
}
