/**
 * Where a test browser is: the override variable when set (and it must exist), else the first
 * candidate that exists. None at all fails loudly with how to install one: the suites never skip.
 */
import { existsSync } from 'node:fs';

export function findBrowser(
  envVar: string,
  candidates: readonly string[],
  howToInstall: string,
): string {
  const override = process.env[envVar];
  if (override) {
    if (!existsSync(override))
      throw new Error(`${envVar} points to ${override}, which does not exist.`);
    return override;
  }
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(howToInstall);
  return found;
}
