// How the server reports: one line when it starts, and errors. Passed in, so
// tests and the Vite dev server decide where lines go.

export interface CollabLogger {
  info(message: string): void;
  /** A client broke a rule (closed or refused); worth a line, not an alarm. */
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: CollabLogger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, error) => (error === undefined ? console.error(message) : console.error(message, error)),
};

export const silentLogger: CollabLogger = { info() {}, warn() {}, error() {} };
