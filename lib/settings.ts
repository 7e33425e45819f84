/**
 * User settings that are not secret, as versioned WXT storage items. Each item carries a version
 * and numbered migrations, so a settings shape can change without losing what the user typed.
 * Secrets (endpoint tokens, signing secrets) are not kept here: storage.local is readable by
 * content scripts, so they live in the extension-origin database instead.
 */
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { EmployeeSchema, type Employee } from './capture';

export const IdentitySchema = EmployeeSchema;
export type Identity = Employee;

export const DEFAULT_EXCERPT_LENGTH = 280;
export const MAX_EXCERPT_LENGTH = 500;
export const PrivacySchema = z.object({
  /** Characters of a post's text a capture keeps; 0 keeps none (a hash still identifies it). */
  excerptLength: z.number().int().min(0).max(MAX_EXCERPT_LENGTH),
  /** Whether a capture keeps the post author's name (the profile URL identifies them otherwise). */
  keepAuthorNames: z.boolean(),
});
export type Privacy = z.infer<typeof PrivacySchema>;
export const DEFAULT_PRIVACY: Privacy = {
  excerptLength: DEFAULT_EXCERPT_LENGTH,
  keepAuthorNames: true,
};

/**
 * Keep each field of `value` that passes its own schema and drop the others: one field that an
 * older build (or a newer rule) finds invalid must not cost the user every other field.
 */
function validFields<S extends z.ZodObject>(schema: S, value: unknown): Partial<z.output<S>> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const parsed = (field as z.ZodType).safeParse((value as Record<string, unknown>)[key]);
    if (parsed.success && parsed.data !== undefined) kept[key] = parsed.data;
  }
  return kept as Partial<z.output<S>>;
}

export function repairIdentity(value: unknown): Identity {
  return validFields(IdentitySchema, value);
}

export function repairPrivacy(value: unknown): Privacy {
  return { ...DEFAULT_PRIVACY, ...validFields(PrivacySchema, value) };
}

/**
 * v1: the walking skeleton's shape, read all or nothing (one invalid field lost the identity).
 * v2: the same shape, re-validated field by field on upgrade: a stored value that fails today's
 * rules (an email the stricter check refuses, an over-long team) loses that field only.
 */
export const identityItem = storage.defineItem<Identity>('local:identity', {
  fallback: {},
  version: 2,
  migrations: { 2: repairIdentity },
});

/**
 * v1: the walking skeleton's shape, read all or nothing. v2: both fields always present; a
 * missing or out-of-range field falls back to its own default and the other one is kept.
 */
export const privacyItem = storage.defineItem<Privacy>('local:privacy', {
  fallback: DEFAULT_PRIVACY,
  version: 2,
  migrations: { 2: repairPrivacy },
});

/** Read an item and re-validate it: storage can hold anything an older build or a bug wrote. */
export async function readIdentity(): Promise<Identity> {
  return repairIdentity(await identityItem.getValue());
}

export async function readPrivacy(): Promise<Privacy> {
  return repairPrivacy(await privacyItem.getValue());
}
