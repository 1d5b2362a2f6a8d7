/**
 * How the bench prints: one line per scenario with requests per second, requests per CPU-second
 * of the server, CPU milliseconds per request and its ratio to the bare `node:http` floor
 * measured in the same run, plus the machine's load average and core count, so figures taken on
 * a busy machine can still be compared with each other.
 */
import { cpus, loadavg } from 'node:os';
import type { Measured } from './load.ts';

export function load(): string {
  return `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ')} on ${cpus().length} CPUs`;
}

export function header(): void {
  console.log(`  ${'scenario'.padEnd(52)} ${'req/s'.padStart(7)} ${'req/CPU-s'.padStart(9)} ${'CPU ms/req'.padStart(10)} ${'× floor'.padStart(7)}  aim`);
}

export function line(label: string, m: Measured, floor?: Measured, aimMs?: number): void {
  const ratio = floor ? (m.cpuMsPerRequest / floor.cpuMsPerRequest).toFixed(2) : '';
  const aim = aimMs === undefined ? '' : `≤ ${aimMs} ms ${m.cpuMsPerRequest <= aimMs ? '(met)' : '(not met)'}`;
  const failed = m.failed ? `  ${m.failed} failed!` : '';
  console.log(`  ${label.padEnd(52)} ${m.perSecond.toFixed(0).padStart(7)} ${m.perCpuSecond.toFixed(0).padStart(9)} ${m.cpuMsPerRequest.toFixed(3).padStart(10)} ${ratio.padStart(7)}  ${aim}${failed}`);
}
