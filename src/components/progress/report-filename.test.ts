import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FALLBACK_REPORT_NAME, reportFilename } from './report-filename.ts';

test('the server’s file name is used when it is a plain Markdown name', () => {
  assert.equal(reportFilename('attachment; filename="sts-workshop-report-2030-01-02.md"'), 'sts-workshop-report-2030-01-02.md');
  assert.equal(reportFilename('attachment; filename=report.md'), 'report.md');
});

test('anything else falls back to a fixed name', () => {
  for (const header of [null, undefined, '', 'attachment', 'attachment; filename="../../etc/passwd.md"', 'attachment; filename="x.html"', 'attachment; filename=".md"', 'attachment; filename="a b.md"']) {
    assert.equal(reportFilename(header), FALLBACK_REPORT_NAME, String(header));
  }
});
