/**
 * The server's log: one line per event on stdout, every line passed through the redactor
 * first, so no secret the server knows reaches a terminal or a log file. Nothing else in the
 * server writes to the console (main.ts prints the launch URL once, on purpose).
 */
export interface Log {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export function createLog(redact: (text: string) => string, write: (line: string) => void = (l) => process.stdout.write(l + '\n')): Log {
  const line = (level: string, message: string) => write(redact(`${new Date().toISOString()} ${level} ${message}`));
  return {
    info: (message) => line('info ', message),
    error: (message, error) => line('error', error instanceof Error ? `${message}: ${error.stack ?? error.message}` : message),
  };
}
