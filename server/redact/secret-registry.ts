/**
 * The one registry of secrets and the one redactor applied to every byte that leaves the server
 * (security.md §4.2). `add()` registers a secret the moment it arrives, in every form it can take
 * in output (raw, URL-encoded with upper- and lower-case escapes, form-encoded, Base64,
 * JSON-escaped, and combinations); `redact()` replaces those known values first (longest first,
 * overlapping hits merged) and then applies scanner-style patterns (secret after a secret-like
 * name, session-token-like runs, SigninToken, otpauth URIs, Base32StringSeed). `stream()` does the
 * same for text arriving in chunks, holding back a tail that could still become a match
 * (§4.3). It does not decide what is secret (callers register values), does not redact access
 * key ids (they are identifiers the lessons show), and cannot take back text it already emitted
 * when a secret is registered later.
 */

const MIN_SECRET_LENGTH = 8;

/** AWS documentation examples: shown in lessons, never redacted by pattern. */
const ALLOWLIST = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);

/** `=`, `:`, `=>`, `":"`, `" : '` or an XML `>` between a name and its value. */
const SEPARATOR = `["']?[ \\t]{0,4}(?:=>|:|=|>)[ \\t]{0,4}["']?`;
const SECRET_NAME = `(?:aws_?)?secret_?(?:access_?)?key|session_?key`;

/**
 * All patterns in one alternation, applied in a single pass. Each match is only the value (names
 * are lookbehinds), and no match can contain whitespace, a quote, `<`, `>` or a backtick: the
 * stream relies on both facts to find safe cut points.
 */
const PATTERNS = new RegExp(
  [
    `(?<=(?:${SECRET_NAME})${SEPARATOR})[A-Za-z0-9/+=]{40}`,
    `(?<=Base32StringSeed${SEPARATOR})[A-Za-z0-9+/=]+`,
    `(?<=SigninToken${SEPARATOR})[^\\s"'<>\`&]+`,
    `otpauth://[^\\s"'<>\`]+`,
    `[A-Za-z0-9+/]{100,}={0,3}`,
  ].join('|'),
  'gi',
);

/** A character that can be part of a pattern match (see PATTERNS). */
const PATTERN_CHAR = /[^\s"'<>`]/;

/** Longer than any lookbehind in PATTERNS; the stream keeps this much emitted text as context. */
const PATTERN_CONTEXT = 64;

export interface StreamRedactor {
  /** Takes the next chunk; returns the redacted text that can no longer be part of a match. */
  push(chunk: string): string;
  /** Redacts and returns everything still held back; the stream starts afresh afterwards. */
  flush(): string;
}

interface Hit {
  start: number;
  end: number;
  label: string | undefined;
}

export class SecretRegistry {
  /** Every registered form, with the label its replacement shows. */
  private readonly forms = new Map<string, string | undefined>();
  /** The same forms by their first three characters (see findHits), built once there are many. */
  private byPrefix: Map<number, string[]> | undefined;
  private longest = 0;
  private readonly indexFrom: number;

  /** `indexFrom`: how many forms before searching through an index (tests set 0 to compare both ways). */
  constructor(options: { indexFrom?: number } = {}) {
    this.indexFrom = options.indexFrom ?? INDEX_FROM;
  }

  /** Registers a secret; empty values and values shorter than 8 characters are ignored. */
  add(value: string | Uint8Array | undefined | null, label?: string): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') {
      const text = utf8Text(value);
      if (text !== undefined) this.add(text, label);
      this.add(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'), label);
      return;
    }
    if (value.length < MIN_SECRET_LENGTH) return;
    for (const form of encodedForms(value)) {
      if (form.length < MIN_SECRET_LENGTH) continue;
      if (!this.forms.has(form)) {
        this.forms.set(form, label || undefined);
        if (this.byPrefix) index(this.byPrefix, form);
        else if (this.forms.size > this.indexFrom) this.byPrefix = indexOf(this.forms.keys());
      } else if (this.forms.get(form) === undefined && label) {
        this.forms.set(form, label);
      }
      this.longest = Math.max(this.longest, form.length);
    }
  }

  /** Length of the longest registered form (0 when nothing is registered). */
  get maxFormLength(): number {
    return this.longest;
  }

  /** Replaces every registered form, then every pattern match, by `[REDACTED]`-style text. */
  redact(text: string): string {
    return applyPatterns(this.redactKnown(text), '');
  }

  /** A redactor for chunked text; see StreamRedactor. */
  stream(): StreamRedactor {
    return new ChunkRedactor(this);
  }

  /**
   * Known values only (used by `redact()` and the stream). Overlapping hits are merged and shown
   * with the label of the earliest (and at the same start, longest) hit.
   */
  redactKnown(text: string): string {
    let out = '';
    let pos = 0;
    for (const hit of this.findHits(text)) {
      out += text.slice(pos, hit.start) + replacement(hit.label);
      pos = hit.end;
    }
    return out + text.slice(pos);
  }

  /**
   * The largest cut at or before `limit` that no known-value hit in `text` crosses, and that
   * does not split a surrogate pair.
   */
  safeKnownCut(text: string, limit: number): number {
    let cut = Math.max(0, Math.min(limit, text.length));
    if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
    for (const hit of this.findHits(text)) {
      if (hit.start < cut && cut < hit.end) return hit.start;
    }
    return cut;
  }

  /**
   * All occurrences of all forms, merged where they overlap, in order. With few forms, a search
   * per form; with many (a learner calling GetSessionToken in a loop adds about twenty a call),
   * one pass over the text looking each position's first three characters up in the index, so
   * the cost stays that of the text, not of how many secrets the server has seen.
   */
  private findHits(text: string): Hit[] {
    const hits: Hit[] = [];
    if (this.byPrefix) {
      for (let i = 0; i + MIN_SECRET_LENGTH <= text.length; i++) {
        const candidates = this.byPrefix.get(prefixKey(text, i));
        if (candidates === undefined) continue;
        for (const form of candidates) if (text.startsWith(form, i)) hits.push({ start: i, end: i + form.length, label: this.forms.get(form) });
      }
    } else {
      for (const [form, label] of this.forms) {
        for (let i = text.indexOf(form); i !== -1; i = text.indexOf(form, i + 1)) {
          hits.push({ start: i, end: i + form.length, label });
        }
      }
    }
    // Earliest first; at the same start the longest first, so its label wins.
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    const merged: Hit[] = [];
    for (const hit of hits) {
      const last = merged[merged.length - 1];
      if (last !== undefined && hit.start < last.end) last.end = Math.max(last.end, hit.end);
      else merged.push({ ...hit });
    }
    return merged;
  }
}

/** How many forms a registry holds before it searches through an index (a few lessons' worth). */
const INDEX_FROM = 256;

/** Three UTF-16 code units as one number (48 bits: exact), with no string made. */
function prefixKey(text: string, at: number): number {
  return text.charCodeAt(at) * 2 ** 32 + text.charCodeAt(at + 1) * 2 ** 16 + text.charCodeAt(at + 2);
}

function index(byPrefix: Map<number, string[]>, form: string): void {
  const key = prefixKey(form, 0);
  const list = byPrefix.get(key);
  if (list) list.push(form);
  else byPrefix.set(key, [form]);
}

function indexOf(forms: Iterable<string>): Map<number, string[]> {
  const byPrefix = new Map<number, string[]>();
  for (const form of forms) index(byPrefix, form);
  return byPrefix;
}

/**
 * Two stages, each with its own carry-over, so that the joined output equals `redact()` of the
 * joined input (as long as the registry does not change meanwhile):
 * 1. known values: hold back (maxFormLength − 1) characters, and never cut inside a hit;
 * 2. patterns: hold back the trailing run of characters a pattern match could contain, and keep
 *    some emitted text as context for the patterns' lookbehinds.
 */
class ChunkRedactor implements StreamRedactor {
  private readonly registry: SecretRegistry;
  private knownTail = '';
  private patternTail = '';
  private context = '';

  constructor(registry: SecretRegistry) {
    this.registry = registry;
  }

  push(chunk: string): string {
    const text = this.knownTail + chunk;
    // The registry may have grown since the last push: use its current longest form.
    const limit = text.length - Math.max(0, this.registry.maxFormLength - 1);
    const cut = this.registry.safeKnownCut(text, limit);
    this.knownTail = text.slice(cut);
    return this.patterns(this.registry.redactKnown(text.slice(0, cut)), false);
  }

  flush(): string {
    const rest = this.registry.redactKnown(this.knownTail);
    const out = this.patterns(rest, true);
    this.knownTail = '';
    this.patternTail = '';
    this.context = '';
    return out;
  }

  private patterns(known: string, final: boolean): string {
    const text = this.patternTail + known;
    let cut = text.length;
    if (!final) {
      while (cut > 0 && PATTERN_CHAR.test(text[cut - 1] as string)) cut--;
    }
    const ready = text.slice(0, cut);
    this.patternTail = text.slice(cut);
    const out = applyPatterns(ready, this.context);
    this.context = (this.context + ready).slice(-PATTERN_CONTEXT);
    return out;
  }
}

/** Applies PATTERNS to `text`; `context` is the text just before it, seen only by lookbehinds. */
function applyPatterns(text: string, context: string): string {
  const whole = context + text;
  const re = new RegExp(PATTERNS);
  re.lastIndex = context.length;
  let out = '';
  let pos = context.length;
  for (let m = re.exec(whole); m !== null; m = re.exec(whole)) {
    if (ALLOWLIST.has(m[0])) continue;
    out += whole.slice(pos, m.index) + replacement(undefined);
    pos = m.index + m[0].length;
  }
  return out + whole.slice(pos);
}

/** Every form `value` can take in output. */
function encodedForms(value: string): Set<string> {
  const json = JSON.stringify(value).slice(1, -1);
  const jsonForms = [
    json,
    json.replace(/\//g, '\\/'), // encoders that escape `/`
    json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  ];
  const forms = new Set<string>([value, ...jsonForms]);
  // URL-encoded forms of the raw value and of its JSON-escaped forms (JSON inside a query string).
  for (const text of [value, ...jsonForms]) {
    for (const form of urlForms(text)) forms.add(form);
  }
  // JSON-escaped URL-encoded forms (a URL inside JSON); usually identical, kept for safety.
  for (const form of urlForms(value)) forms.add(JSON.stringify(form).slice(1, -1));
  const base64 = Buffer.from(value, 'utf8').toString('base64');
  forms.add(base64);
  forms.add(base64.replace(/=+$/, ''));
  // Lower-case percent-escapes (`%2f`) are as valid as upper-case ones.
  for (const form of [...forms]) {
    if (form.includes('%')) forms.add(form.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()));
  }
  return forms;
}

/** `encodeURIComponent`, form-urlencoded with `+` for spaces, and URLSearchParams' stricter form. */
function urlForms(text: string): string[] {
  let uri: string;
  try {
    uri = encodeURIComponent(text);
  } catch {
    return []; // lone surrogates cannot be URL-encoded, so they never appear that way
  }
  return [uri, uri.replace(/%20/g, '+'), new URLSearchParams([['', text]]).toString().slice(1)];
}

function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function replacement(label: string | undefined): string {
  return label ? `[REDACTED:${label}]` : '[REDACTED]';
}
