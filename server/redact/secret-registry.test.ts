/**
 * Unit tests for SecretRegistry: every registered form is redacted, labels, the longest-first
 * rule, the patterns and their allowlist, access key ids kept, Uint8Array seeds, and the stream's
 * carry-over across chunk boundaries. The randomized checks live in secret-registry.property.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecretRegistry } from './secret-registry.ts';

const SECRET = 'Zb9x/Q+3kLm=Yt7uW2vR8sP1oN4aC6dE0fG5hJ/K'; // 40 chars with `/`, `+` and `=`
const PASSPHRASE = 'my "quoted" pass phrase\\with/slash';

function registry(...values: [string, string?][]): SecretRegistry {
  const r = new SecretRegistry();
  for (const [value, label] of values) r.add(value, label);
  return r;
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Feeds `chunks` through a fresh stream and returns every piece, flush last. */
function streamPieces(r: SecretRegistry, chunks: string[]): string[] {
  const s = r.stream();
  return [...chunks.map((c) => s.push(c)), s.flush()];
}

test('redacts the raw value', () => {
  assert.equal(registry([SECRET]).redact(`key ${SECRET} end`), 'key [REDACTED] end');
});

test('redacts the URL-encoded value, upper- and lower-case escapes', () => {
  const r = registry([SECRET]);
  const upper = encodeURIComponent(SECRET);
  assert.match(upper, /%2F.*%2B.*%3D/);
  assert.equal(r.redact(`?k=${upper}&x=1`), '?k=[REDACTED]&x=1');
  const lower = upper.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  assert.equal(r.redact(`?k=${lower}&x=1`), '?k=[REDACTED]&x=1');
});

test('redacts the form-urlencoded value with + for spaces', () => {
  const r = registry([PASSPHRASE]);
  const form = encodeURIComponent(PASSPHRASE).replace(/%20/g, '+');
  assert.ok(form.includes('+'));
  assert.equal(r.redact(`a=1&p=${form}`), 'a=1&p=[REDACTED]');
  assert.equal(r.redact(`a=1&p=${encodeURIComponent(PASSPHRASE)}`), 'a=1&p=[REDACTED]');
  const strict = new URLSearchParams({ p: PASSPHRASE }).toString();
  assert.equal(r.redact(strict), 'p=[REDACTED]');
});

test('redacts the Base64 of the value, padded or not', () => {
  const r = registry([SECRET]);
  assert.equal(r.redact(`b64: ${b64(SECRET)}.`), 'b64: [REDACTED].');
  const passphrase = registry([PASSPHRASE]);
  const encoded = b64(PASSPHRASE);
  assert.ok(encoded.endsWith('='));
  assert.equal(passphrase.redact(`x ${encoded} y`), 'x [REDACTED] y');
});

test('redacts the JSON-escaped value, including \\/ and \\u escapes', () => {
  const r = registry([PASSPHRASE]);
  assert.equal(r.redact(JSON.stringify({ p: PASSPHRASE })), '{"p":"[REDACTED]"}');
  const slashEscaped = JSON.stringify(PASSPHRASE).slice(1, -1).replace(/\//g, '\\/');
  assert.equal(r.redact(`"${slashEscaped}"`), '"[REDACTED]"');
  const unicode = registry(['pässwörd-mit-umlaut']);
  assert.equal(unicode.redact('"p\\u00e4ssw\\u00f6rd-mit-umlaut"'), '"[REDACTED]"');
  // JSON-escaped, then URL-encoded (a JSON document inside a query string).
  const jsonInUrl = encodeURIComponent(JSON.stringify({ p: PASSPHRASE }));
  assert.equal(r.redact(jsonInUrl), `${encodeURIComponent('{"p":"')}[REDACTED]${encodeURIComponent('"}')}`);
});

test('labels show in the replacement', () => {
  const r = registry([SECRET, 'SecretAccessKey'], ['session-token-value-123', 'SessionToken']);
  assert.equal(
    r.redact(`${SECRET} / ${encodeURIComponent('session-token-value-123')}`),
    '[REDACTED:SecretAccessKey] / [REDACTED:SessionToken]',
  );
});

test('a longer secret containing a shorter one is fully covered by its own label', () => {
  const short = 'abcdefgh1234';
  const long = `PREFIX-${short}-SUFFIX`;
  const r = registry([short, 'Short'], [long, 'Long']);
  assert.equal(r.redact(`x ${long} y ${short} z`), 'x [REDACTED:Long] y [REDACTED:Short] z');
  // Same start: the longer one wins too.
  const r2 = registry(['abcdefgh', 'A'], ['abcdefghijkl', 'B']);
  assert.equal(r2.redact('<abcdefghijkl>'), '<[REDACTED:B]>');
});

test('overlapping secrets are merged, leaving no fragment', () => {
  const r = registry(['11112222', 'A'], ['22223333', 'B']);
  assert.equal(r.redact('x111122223333y'), 'x[REDACTED:A]y');
});

test('empty, missing and short values are ignored', () => {
  const r = new SecretRegistry();
  r.add(undefined);
  r.add(null);
  r.add('');
  r.add('1234567');
  r.add(new Uint8Array([1, 2, 3]));
  assert.equal(r.maxFormLength, 0);
  assert.equal(r.redact('1234567 is fine'), '1234567 is fine');
});

test('maxFormLength is the longest registered form', () => {
  const r = registry([PASSPHRASE]);
  const longest = encodeURIComponent(JSON.stringify(PASSPHRASE).slice(1, -1).replace(/\//g, '\\/'));
  assert.ok(r.maxFormLength >= longest.length);
  assert.ok(r.maxFormLength >= b64(PASSPHRASE).length);
});

test('pattern: 40-character secret after a secret-like name', () => {
  const r = new SecretRegistry();
  for (const prefix of [
    'aws_secret_access_key = ',
    'AWS_SECRET_ACCESS_KEY=',
    '"SecretAccessKey":"',
    '"SecretAccessKey": "',
    "secretAccessKey: '",
    'sessionKey => ',
    '<SecretAccessKey>',
  ]) {
    assert.equal(r.redact(`${prefix}${SECRET} tail`), `${prefix}[REDACTED] tail`, prefix);
  }
  assert.equal(r.redact(`note: ${SECRET}`), `note: ${SECRET}`);
});

test('pattern: session-token-like runs of 100 or more base64 characters', () => {
  const r = new SecretRegistry();
  const token = `IQoJb3JpZ2luX2Vj${'AbCd+/Xy09'.repeat(12)}==`;
  assert.equal(r.redact(`"SessionToken": "${token}"`), '"SessionToken": "[REDACTED]"');
  const short = 'A'.repeat(99);
  assert.equal(r.redact(short), short);
});

test('pattern: SigninToken, otpauth URIs and Base32StringSeed', () => {
  const r = new SecretRegistry();
  assert.equal(
    r.redact('https://signin.aws.amazon.com/federation?Action=login&SigninToken=abc-DEF_123&Destination=x'),
    'https://signin.aws.amazon.com/federation?Action=login&SigninToken=[REDACTED]&Destination=x',
  );
  assert.equal(r.redact('{"SigninToken":"abc-DEF_123"}'), '{"SigninToken":"[REDACTED]"}');
  assert.equal(
    r.redact('qr: otpauth://totp/AWS:alice?secret=JBSWY3DPEHPK3PXP&issuer=AWS "next"'),
    'qr: [REDACTED] "next"',
  );
  assert.equal(r.redact('{"Base32StringSeed":"SkJTV1kzRFBFSFBLM1BYUA=="}'), '{"Base32StringSeed":"[REDACTED]"}');
  assert.equal(
    r.redact('<Base32StringSeed>SkJTV1kzRFBFSFBLM1BYUA==</Base32StringSeed>'),
    '<Base32StringSeed>[REDACTED]</Base32StringSeed>',
  );
});

test('the AWS documentation examples are never redacted by pattern', () => {
  const r = new SecretRegistry();
  const text =
    'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
  assert.equal(r.redact(text), text);
});

test('access key ids are kept', () => {
  const r = registry([SECRET, 'SecretAccessKey']);
  const text = `{"AccessKeyId":"ASIAQWERTYUIOPASDFGH","Other":"AKIAZZZZZZZZZZZZZZZZ","SecretAccessKey":"${SECRET}"}`;
  assert.equal(
    r.redact(text),
    '{"AccessKeyId":"ASIAQWERTYUIOPASDFGH","Other":"AKIAZZZZZZZZZZZZZZZZ","SecretAccessKey":"[REDACTED:SecretAccessKey]"}',
  );
});

test('a Uint8Array seed is registered as its text and its Base64', () => {
  const base32 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const r = new SecretRegistry();
  r.add(new TextEncoder().encode(base32), 'Base32StringSeed');
  assert.equal(r.redact(`seed ${base32}.`), 'seed [REDACTED:Base32StringSeed].');
  assert.equal(r.redact(`wire ${b64(base32)}.`), 'wire [REDACTED:Base32StringSeed].');

  const binary = new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x10, 0x20, 0x30, 0x40, 0x50]);
  const binaryRegistry = new SecretRegistry();
  binaryRegistry.add(binary);
  const wire = Buffer.from(binary).toString('base64');
  assert.equal(binaryRegistry.redact(`x ${wire} y`), 'x [REDACTED] y');
});

test('stream: a secret split across two chunks', () => {
  const r = registry([SECRET, 'Key']);
  const pieces = streamPieces(r, [`before ${SECRET.slice(0, 15)}`, `${SECRET.slice(15)} after\n`]);
  assert.ok(pieces.every((p) => !p.includes(SECRET.slice(0, 15))));
  assert.equal(pieces.join(''), 'before [REDACTED:Key] after\n');
});

test('stream: a URL-encoded secret split across three chunks', () => {
  const r = registry([SECRET, 'Key']);
  const encoded = encodeURIComponent(SECRET);
  const text = `GET /?k=${encoded}&x=1 HTTP/1.1\n`;
  const chunks = [text.slice(0, 12), text.slice(12, 30), text.slice(30)];
  const pieces = streamPieces(r, chunks);
  assert.equal(pieces.join(''), r.redact(text));
  assert.equal(pieces.join(''), 'GET /?k=[REDACTED:Key]&x=1 HTTP/1.1\n');
  assert.ok(pieces.every((p) => !p.includes('%2F')));
});

test('stream: text that cannot be part of a match is emitted before flush', () => {
  const r = registry([SECRET]);
  const s = r.stream();
  const long = `${'plain words here. '.repeat(10)}`;
  const first = s.push(long);
  assert.ok(first.length > 0 && long.startsWith(first));
  // Held back: (maxFormLength - 1) characters, plus the word they end in.
  assert.ok(long.length - first.length < r.maxFormLength + 'words here. '.length);
  assert.equal(first + s.flush(), long);
});

test('stream: flush redacts and emits what was held back', () => {
  const r = registry([SECRET]);
  const s = r.stream();
  const lines = 'line\n'.repeat(30);
  const pushed = s.push(`${lines}${SECRET}`);
  assert.ok(pushed.length > 0 && lines.startsWith(pushed));
  const flushed = s.flush();
  assert.ok(flushed.endsWith('[REDACTED]'));
  assert.equal(pushed + flushed, `${lines}[REDACTED]`);
  // After flush the stream starts afresh.
  assert.equal(s.push('y\n') + s.flush(), 'y\n');
});

test('stream: a trailing base64 run is held back until it cannot grow into a pattern', () => {
  const r = new SecretRegistry();
  const s = r.stream();
  const token = 'Q'.repeat(120);
  const first = s.push(`token: ${token.slice(0, 60)}`);
  assert.equal(first, 'token: ');
  const second = s.push(`${token.slice(60)}\nnext`);
  assert.equal(second, '[REDACTED]\n');
  assert.equal(s.flush(), 'next');
});

test('stream: a name split from its value still triggers the pattern', () => {
  const r = new SecretRegistry();
  const text = `aws_secret_access_key = ${SECRET}\n`;
  for (let cut = 1; cut < text.length; cut++) {
    assert.equal(streamPieces(r, [text.slice(0, cut), text.slice(cut)]).join(''), r.redact(text), `cut ${cut}`);
  }
});

test('stream: a secret registered mid-stream is redacted from what is still held back', () => {
  const r = new SecretRegistry();
  const s = r.stream();
  const firstOut = s.push('start ');
  r.add(SECRET, 'Late');
  const rest = s.push(`${SECRET.slice(0, 20)}`) + s.push(`${SECRET.slice(20)} end`) + s.flush();
  assert.equal(firstOut + rest, 'start [REDACTED:Late] end');
});
