/**
 * Reading a listener's settings from flags and environment, shared by the notebook's config.ts
 * and the sandbox's: `ConfigError` (the one error a bad setting raises, its message meant for
 * the terminal), strict flag parsing with `node:util`'s parseArgs, and the value readers both
 * need (a port, a duration in milliseconds). Each caller decides which flags and variables it
 * reads; nothing here touches process.env or argv itself.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** parseArgs, strict, no positionals; an unknown or malformed flag is a ConfigError. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

/** A port number (0 picks a free one); `fallback` when unset or empty. */
export function portValue(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} must be a port number (0-65535), got "${text}".`);
  return n;
}

/** Whole milliseconds from 0 to `max`; `fallback` when unset or empty. */
export function millisecondsValue(text: string | undefined, fallback: number, what: string, max: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new ConfigError(`${what} must be 0-${max} ms, got "${text}".`);
  return n;
}
