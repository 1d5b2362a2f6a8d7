/**
 * What the bench puts into a sandbox through its own API (signed requests, as any client would):
 * a role the admin may assume, many IAM users, many role sessions, and the sandbox's simulated
 * clock moved forward; and what it reads back (the session count from the sandbox service's
 * GetStats). Users and sessions are created 16 or 32 requests at a time over keep-alive
 * connections.
 */
import { Agent } from 'node:http';
import { call, send, signed } from './load.ts';
import type { Server } from './sandbox-process.ts';

export async function createBenchRole(server: Server): Promise<string> {
  const me = /<Arn>([^<]+)<\/Arn>/.exec(await call(server, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15'))![1];
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: me }, Action: 'sts:AssumeRole' }] });
  const xml = await call(server, 'iam', `Action=CreateRole&Version=2010-05-08&RoleName=bench-role&AssumeRolePolicyDocument=${encodeURIComponent(trust)}`);
  return /<Arn>([^<]+)<\/Arn>/.exec(xml)![1];
}

/** An AssumeRole for the shortest session AWS allows (15 minutes). */
export function assumeRoleBody(roleArn: string, sessionName = 'bench'): string {
  return `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(roleArn)}&RoleSessionName=${sessionName}&DurationSeconds=900`;
}

export async function createUsers(server: Server, count: number): Promise<void> {
  await inParallel(16, count, async (agent, i) => {
    const answer = await send(agent, await signed(server, 'iam', `Action=CreateUser&Version=2010-05-08&UserName=mem-user-${i}&Path=%2Fbench%2F&Tags.member.1.Key=team&Tags.member.1.Value=bench`));
    if (answer.status !== 200) throw new Error(`CreateUser ${i}: HTTP ${answer.status} ${answer.body}`);
  });
}

export async function createSessions(server: Server, roleArn: string, count: number): Promise<void> {
  let request = await signed(server, 'sts', assumeRoleBody(roleArn));
  let signedAt = Date.now();
  await inParallel(32, count, async (agent) => {
    if (Date.now() - signedAt > 60_000) [request, signedAt] = [await signed(server, 'sts', assumeRoleBody(roleArn)), Date.now()];
    const answer = await send(agent, request);
    if (answer.status !== 200) throw new Error(`AssumeRole: HTTP ${answer.status} ${answer.body}`);
  });
}

export async function advanceClock(server: Server, seconds: number): Promise<void> {
  await call(server, 'sandbox', `Action=AdvanceClock&Version=2026-11-01&Seconds=${seconds}`);
}

/** The sandbox's GetStats: how many temporary credentials (and other expiring things) it holds. */
export async function stats(server: Server): Promise<Record<string, number>> {
  const xml = await call(server, 'sandbox', 'Action=GetStats&Version=2026-11-01');
  const result = /<GetStatsResult>(.*)<\/GetStatsResult>/s.exec(xml)?.[1] ?? '';
  return Object.fromEntries([...result.matchAll(/<(\w+)>(\d+)<\/\1>/g)].map((m) => [m[1], Number(m[2])]));
}

async function inParallel(width: number, count: number, one: (agent: Agent, i: number) => Promise<void>): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: width });
  let next = 0;
  const worker = async () => {
    while (next < count) await one(agent, next++);
  };
  try {
    await Promise.all(Array.from({ length: width }, worker));
  } finally {
    agent.destroy();
  }
}
