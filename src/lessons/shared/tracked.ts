/**
 * Leave nothing behind, step by step: `tracked` writes the intent to the ledger (fsynced)
 * before the create call and the result after it, so a crash between the two still leaves a
 * record that recovery can follow. It does not retry or delete anything (teardown.ts does).
 */
import type { LedgerResource, StepContext } from '../lesson.ts';

export async function tracked<T>(ctx: Pick<StepContext, 'ledger'>, resource: LedgerResource, create: () => Promise<T>, arnOf?: (result: T) => string | undefined): Promise<T> {
  await ctx.ledger.intend(resource);
  const result = await create();
  await ctx.ledger.created({ ...resource, arn: arnOf?.(result) ?? resource.arn });
  return result;
}
