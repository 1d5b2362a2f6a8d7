/**
 * The file name a downloaded lab report is saved as: the `filename` of the answer's
 * Content-Disposition (`attachment; filename="sts-workshop-report-2030-01-02.md"`), kept only
 * when it is a plain `.md` name (no path, no quotes or control characters), else a fixed one.
 * Pure, for report-download.ts.
 */
export const FALLBACK_REPORT_NAME = 'sts-workshop-report.md';

export function reportFilename(contentDisposition: string | null | undefined): string {
  const match = /filename="([^"]*)"|filename=([^;\s]+)/i.exec(contentDisposition ?? '');
  const name = match?.[1] ?? match?.[2] ?? '';
  return /^[\w.-]{1,100}\.md$/.test(name) && !name.startsWith('.') ? name : FALLBACK_REPORT_NAME;
}
