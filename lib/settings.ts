/**
 * The employee's identity and privacy choices, kept in the extension-origin database (the
 * `settings` table), like the endpoint. They were WXT storage items in storage.local until
 * database version 5: a compromised site renderer can read and rewrite storage.local (and so
 * credit every delivery to someone else), but it cannot open the extension's IndexedDB.
 */
import { z } from 'zod';
import { EmployeeSchema, type Employee } from './capture';
import type { SourcedDatabase } from './db/database';
import { IDENTITY_KEY, PRIVACY_KEY } from './db/settings-keys';

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

export { IDENTITY_KEY, PRIVACY_KEY };

/** The privacy fields the employee set; an absent one takes the organisation's or the default. */
export function localPrivacyFields(value: unknown): Partial<Privacy> {
  return validFields(PrivacySchema, value);
}

/**
 * The identity as the employee saved it, re-validated: the database can hold what an older build
 * or the storage.local migration (lib/db/migrations.ts, version 5) wrote. What the rest of the
 * code uses is the effective identity (lib/settings/effective.ts), with the policy's rules applied.
 */
export async function readLocalIdentity(db: SourcedDatabase): Promise<Identity> {
  return repairIdentity((await db.settings.get(IDENTITY_KEY))?.value);
}

export async function readLocalPrivacy(db: SourcedDatabase): Promise<Partial<Privacy>> {
  return localPrivacyFields((await db.settings.get(PRIVACY_KEY))?.value);
}

export async function saveIdentity(db: SourcedDatabase, identity: Identity): Promise<void> {
  await db.settings.put({ key: IDENTITY_KEY, value: IdentitySchema.parse(identity) });
}

/** Save the privacy fields the employee chose; a field left out follows the policy or default. */
export async function saveLocalPrivacy(
  db: SourcedDatabase,
  privacy: Partial<Privacy>,
): Promise<void> {
  await db.settings.put({ key: PRIVACY_KEY, value: PrivacySchema.partial().parse(privacy) });
}
