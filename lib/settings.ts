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

export const identityItem = storage.defineItem<Identity>('local:identity', {
  fallback: {},
  version: 1,
});

export const DEFAULT_EXCERPT_LENGTH = 280;
export const PrivacySchema = z.object({
  /** Characters of a post's text a capture keeps; 0 keeps none (a hash still identifies it). */
  excerptLength: z.number().int().min(0).max(500),
  /** Whether a capture keeps the post author's name (the profile URL identifies them otherwise). */
  keepAuthorNames: z.boolean(),
});
export type Privacy = z.infer<typeof PrivacySchema>;

export const privacyItem = storage.defineItem<Privacy>('local:privacy', {
  fallback: { excerptLength: DEFAULT_EXCERPT_LENGTH, keepAuthorNames: true },
  version: 1,
});

/** Read an item and re-validate it: storage can hold anything an older build or a bug wrote. */
export async function readIdentity(): Promise<Identity> {
  const parsed = IdentitySchema.safeParse(await identityItem.getValue());
  return parsed.success ? parsed.data : {};
}

export async function readPrivacy(): Promise<Privacy> {
  const parsed = PrivacySchema.safeParse(await privacyItem.getValue());
  return parsed.success ? parsed.data : privacyItem.fallback;
}
