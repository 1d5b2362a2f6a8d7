/**
 * Lesson "Clean up": what the course created and what is left, from the ledger and from
 * IAM's own list calls (path AND run tag), and one teardown step that removes all of it
 * in IAM's order and then checks that nothing remains. The search and removal live in
 * shared/leftovers.ts (the server uses them too); the steps show how they are called.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { defineLesson } from '../lesson.ts';
import { findLeftovers, removeLeftovers } from '../shared/leftovers.ts';

interface CleanUpState {
  /** How many leftovers the last look found (for the log of the removal). */
  found?: number;
}

export default defineLesson<CleanUpState>({
  slug: 'clean-up',
  title: 'Clean up',
  summary: 'What this course created, what is left, and one button to remove it all.',
  steps: [
    {
      id: 'find-leftovers',
      title: 'Find what the course left behind',
      phase: 'usage',
      // #region find-leftovers
      async run({ aws, ledger, state, log }) {
        const iam = new IAMClient(aws.config());
        // The ledger's open records, plus the IAM users, roles, policies and MFA
        // devices under /sts-workshop/ that carry our sts-workshop:run tag.
        const leftovers = await findLeftovers(iam, ledger);
        state.found = leftovers.length;

        if (leftovers.length === 0) log('Nothing left behind by this course.');
        else log(`${leftovers.length} resource(s) left behind.`);
        const where = { ledger: 'ledger only', iam: 'IAM only', both: 'ledger + IAM' };
        return leftovers.map((l) => ({
          kind: l.kind, // user, role, policy, mfa-device, or a child (access-key…)
          name: l.name,
          ...(l.parent ? { of: l.parent } : {}),
          run: l.runId ?? 'unknown', // from the ledger, or the sts-workshop:run tag
          foundIn: where[l.source],
        }));
      },
      // #endregion
    },
    {
      id: 'remove-everything',
      title: 'Remove everything',
      phase: 'teardown',
      requires: ['find-leftovers'],
      // #region remove-everything
      async run({ aws, ledger, state, log }) {
        const iam = new IAMClient(aws.config());
        // Look again: something may have been created since the list was shown.
        const leftovers = await findLeftovers(iam, ledger);
        if (leftovers.length !== state.found) {
          log(`The list changed: ${state.found} before, ${leftovers.length} now.`);
        }
        // Children before parents, already-gone is fine, each delete is recorded.
        await removeLeftovers(iam, ledger, leftovers, log);

        // Prove it: the same search must now find nothing.
        const remaining = await findLeftovers(iam, ledger);
        if (remaining.length > 0) {
          const names = remaining.map((r) => `${r.kind} ${r.name}`).join(', ');
          throw new Error(`Still there: ${names}. Run this step again.`);
        }
        log('Issued temporary credentials cannot be revoked one by one; they expire.');
        return { removed: leftovers.map((l) => `${l.kind} ${l.name}`), remaining: 0 };
      },
      // #endregion
    },
  ],
});
