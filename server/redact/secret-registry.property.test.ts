/**
 * Property tests for SecretRegistry (security.md §6.3): random text with several registered
 * secrets inserted at random positions in random encodings, cut into random chunk splits and fed
 * through `stream()`. No registered form may survive, and the joined stream output must equal
 * `redact()` of the whole text. The filler mixes in pattern fragments (secret-like names,
 * SigninToken, otpauth, long base64 runs) so that pattern matches also cross chunk boundaries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SecretRegistry } from './secret-registry.ts';

const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='.split('');

const ENCODINGS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  url: (s) => encodeURIComponent(s),
  urlLower: (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
  form: (s) => new URLSearchParams({ k: s }).toString().slice(2),
  base64: (s) => Buffer.from(s, 'utf8').toString('base64'),
  json: (s) => JSON.stringify(s).slice(1, -1),
  jsonSlash: (s) => JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/'),
};

const secretArb = fc.string({ unit: fc.constantFrom(...BASE64_CHARS), minLength: 20, maxLength: 200 });

/** Filler: plain characters, separators, and fragments of the pattern contexts. */
const fillerArb = fc.array(
  fc.oneof(
    fc.string({ unit: fc.constantFrom(...'ab XY09:=+/%"\'<>\n\t{},&[]'.split('')), maxLength: 20 }),
    fc.constantFrom(
      'aws_secret_access_key = ',
      '"SecretAccessKey":"',
      'sessionKey=>',
      'SigninToken=',
      '"SigninToken":"',
      'otpauth://totp/x?secret=',
      '<Base32StringSeed>',
      'AKIAIOSFODNN7EXAMPLE',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'Q'.repeat(60),
    ),
  ),
  { maxLength: 8 },
);

const caseArb = fc.record({
  secrets: fc.array(secretArb, { minLength: 1, maxLength: 4 }),
  // Which secret, in which encoding, with what filler before it.
  insertions: fc.array(
    fc.record({
      secret: fc.nat(),
      encoding: fc.constantFrom(...Object.keys(ENCODINGS)),
      before: fillerArb,
    }),
    { minLength: 1, maxLength: 6 },
  ),
  tail: fillerArb,
  cuts: fc.array(fc.nat(), { maxLength: 12 }),
  labelled: fc.boolean(),
});

type Case = {
  secrets: string[];
  insertions: { secret: number; encoding: string; before: string[] }[];
  tail: string[];
  cuts: number[];
  labelled: boolean;
};

function build(c: Case, options: { indexFrom?: number } = {}): { registry: SecretRegistry; text: string; chunks: string[] } {
  const registry = new SecretRegistry(options);
  c.secrets.forEach((s, i) => registry.add(s, c.labelled ? `S${i}` : undefined));
  let text = '';
  for (const ins of c.insertions) {
    const secret = c.secrets[ins.secret % c.secrets.length] as string;
    text += ins.before.join('') + (ENCODINGS[ins.encoding] as (s: string) => string)(secret);
  }
  text += c.tail.join('');
  const positions = [...new Set(c.cuts.map((n) => n % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const p of positions) {
    chunks.push(text.slice(from, p));
    from = p;
  }
  chunks.push(text.slice(from));
  return { registry, text, chunks };
}

function runStream(registry: SecretRegistry, chunks: string[]): string {
  const s = registry.stream();
  return chunks.map((c) => s.push(c)).join('') + s.flush();
}

test('no registered form survives a chunked stream', () => {
  fc.assert(
    fc.property(caseArb, (c) => {
      const { registry, chunks } = build(c);
      const out = runStream(registry, chunks);
      for (const secret of c.secrets) {
        for (const [name, encode] of Object.entries(ENCODINGS)) {
          assert.ok(!out.includes(encode(secret)), `${name} form of ${secret} leaked`);
        }
      }
    }),
    { numRuns: 200 },
  );
});

test('the joined stream output equals redact() of the whole text', () => {
  fc.assert(
    fc.property(caseArb, (c) => {
      const { registry, text, chunks } = build(c);
      assert.equal(runStream(registry, chunks), registry.redact(text));
    }),
    { numRuns: 200 },
  );
});

test('stream equals redact() on arbitrary unicode text, one character per chunk', () => {
  fc.assert(
    fc.property(
      fc.array(secretArb, { minLength: 1, maxLength: 2 }),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.nat(),
      (secrets, filler, at) => {
        const registry = new SecretRegistry();
        for (const s of secrets) registry.add(s);
        const pos = at % (filler.length + 1);
        const text = filler.slice(0, pos) + secrets.join(' ') + filler.slice(pos);
        assert.equal(runStream(registry, [...text]), registry.redact(text));
      },
    ),
    { numRuns: 100 },
  );
});

test('the indexed search (a registry with many forms) finds exactly what the search per form finds', () => {
  fc.assert(
    fc.property(caseArb, fc.array(secretArb, { maxLength: 30 }), (c, others) => {
      const plain = build(c);
      const indexed = build(c, { indexFrom: 0 });
      for (const other of others) {
        plain.registry.add(other);
        indexed.registry.add(other);
      }
      assert.equal(indexed.registry.redact(plain.text), plain.registry.redact(plain.text));
      assert.equal(runStream(indexed.registry, plain.chunks), plain.registry.redact(plain.text));
    }),
    { numRuns: 200 },
  );
});
