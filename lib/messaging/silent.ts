/** The messaging library logs every message by default; post texts have no place in a console. */
export const SILENT = { debug() {}, log() {}, warn() {}, error() {} };
