/**
 * Zod compiles object parsers with `new Function` unless told not to, and probes for it with
 * `new Function('')` when the first object schema is built. The extension CSP forbids eval, so
 * Firefox logs that probe as a CSP error from every extension page that bundles Zod. Jitless
 * parsing skips the probe. Imported first by each entrypoint that bundles Zod (background, popup,
 * options), before any module that builds a schema.
 */
import { z } from 'zod';

z.config({ jitless: true });
