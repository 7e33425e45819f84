/** Picks the database: PostgreSQL when a URL is given, else an SQLite file. */
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { CaptureStore } from './types';

export type StoreConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; schema?: string; maxConnections?: number };

export async function openStore(config: StoreConfig): Promise<CaptureStore> {
  if (config.kind === 'postgres') {
    return openPostgresStore({
      connectionString: config.url,
      schema: config.schema,
      maxConnections: config.maxConnections,
    });
  }
  return openSqliteStore(config.path);
}
