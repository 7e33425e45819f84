/** Fail the whole Firefox suite loudly, before any test, when Firefox or its build is missing. */
import { assertFirefoxBuild, firefoxPath } from './harness';

export default function setup(): void {
  firefoxPath();
  assertFirefoxBuild();
}
