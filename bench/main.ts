/**
 * `npm run bench`: the sandbox's CPU cost and memory, then the UI. The sandbox and a bare
 * `node:http` floor each run in their own process, measured over loopback by the same client
 * (throughput.ts: requests per second, per CPU-second of the server, CPU per request and its
 * ratio to the floor, before and after 10,000 users and sessions); memory.ts measures resident
 * memory after 10,000 users and 100,000 sessions and under sustained AssumeRole load with
 * expiring sessions. Then the UI in Chromium (ui.ts), and a workshop room (room.ts: N learners,
 * default 50, joining and running every lesson at once against one notebook). The machine's load
 * and core count are printed beside the figures. `npm run bench -- sandbox` runs throughput and
 * memory, `-- throughput`, `-- memory [--hour]`, `-- ui` or `-- room [--learners N]` one part.
 * A report, not a test.
 */
import { memoryBench } from './memory.ts';
import { roomBench } from './room.ts';
import { throughputBench } from './throughput.ts';
import { uiBench } from './ui.ts';

const PARTS = ['sandbox', 'throughput', 'memory', 'ui', 'room'];
const USAGE = 'usage: npm run bench [-- sandbox | throughput | memory [--hour] | ui | room [--learners N]]';

const [part, ...flags] = process.argv.slice(2);
const hour = flags.includes('--hour');
const learnersFlag = flags.indexOf('--learners');
const learners = learnersFlag >= 0 ? Number(flags[learnersFlag + 1]) : 50;
const known = new Set(['--hour', '--learners', ...(learnersFlag >= 0 ? [flags[learnersFlag + 1]] : [])]);
const problem =
  part !== undefined && !PARTS.includes(part) ? `there is no bench part "${part}"`
  : !Number.isInteger(learners) || learners < 1 ? '--learners takes a whole number of learners, 1 or more'
  : flags.find((f) => !known.has(f)) !== undefined ? `unknown option "${flags.find((f) => !known.has(f))}"`
  : undefined;
if (problem) {
  console.error(`npm run bench: ${problem}\n${USAGE}`);
  process.exit(2);
}

if (part === undefined || part === 'sandbox' || part === 'throughput') await throughputBench();
if (part === undefined || part === 'sandbox' || part === 'memory') await memoryBench(hour);
if (part === undefined || part === 'ui') await uiBench();
if (part === undefined || part === 'room') await roomBench(learners);
