/** The name of the extension's IndexedDB database, apart from Dexie, for readers that go without it. */
export const DATABASE_NAME = 'sourced';
