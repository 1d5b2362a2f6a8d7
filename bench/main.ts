/**
 * `npm run bench`: the sandbox's CPU cost and memory, then the UI. The sandbox and a bare
 * `node:http` floor each run in their own process, measured over loopback by the same client
 * (throughput.ts: requests per second, per CPU-second of the server, CPU per request and its
 * ratio to the floor, before and after 10,000 users and sessions); memory.ts measures resident
 * memory after 10,000 users and 100,000 sessions and under sustained AssumeRole load with
 * expiring sessions. Then the UI in Chromium (ui.ts). The machine's load and core count are
 * printed beside the figures. `npm run bench -- sandbox` runs throughput and memory,
 * `-- throughput`, `-- memory [--hour]` or `-- ui` one part. A report, not a test.
 */
import { memoryBench } from './memory.ts';
import { throughputBench } from './throughput.ts';
import { uiBench } from './ui.ts';

const [part, ...flags] = process.argv.slice(2);
const hour = flags.includes('--hour');

if (part === undefined || part === 'sandbox' || part === 'throughput') await throughputBench();
if (part === undefined || part === 'sandbox' || part === 'memory') await memoryBench(hour);
if (part === undefined || part === 'ui') await uiBench();
