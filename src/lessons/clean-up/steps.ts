/**
 * Lesson "Clean up": what the course created and what is left, from the ledger and from
 * IAM's own list calls (path AND run tag), and one teardown step that removes all of it
 * in IAM's order and then checks that nothing remains. The search and removal live in
 * shared/leftovers.ts and shared/teardown.ts (the server's sweeper uses them too); the steps
 * show how they are called.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { defineLesson } from '../lesson.ts';
import {
  describeLeftover,
  findLeftovers,
  groupUnderParents,
} from '../shared/leftovers.ts';
import { iamInOtherAccounts } from '../shared/other-accounts.ts';
import { removeResources } from '../shared/teardown.ts';

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
      async run({ aws, ledger, state, log, secret }) {
        const iam = new IAMClient(aws.config());
        // What a lesson made in a second account (on the sandbox, its partner
        // account) is checked there, through OrganizationAccountAccessRole.
        const iamIn = iamInOtherAccounts(aws.config, {
          partner: aws.sandbox?.partnerAccount,
          secret,
        });
        // The ledger's open records, plus the IAM users, roles, policies and MFA
        // devices under /sts-workshop/ that carry our sts-workshop:run tag, and
        // the OIDC and SAML providers (no path) that carry it; and the files a
        // lesson wrote on this machine, which only the ledger knows.
        const leftovers = await findLeftovers(iam, ledger, { iamIn });
        state.found = leftovers.length;

        // An access key, inline policy or attachment is shown under its user or
        // role when that is listed too: it goes when its parent goes.
        const groups = groupUnderParents(leftovers);
        if (groups.length === 0) log('Nothing left behind by this course.');
        else if (groups.length === 1) log('1 resource left behind.');
        else log(`${groups.length} resources left behind.`);
        const where = {
          ledger: 'ledger only',
          iam: 'IAM only',
          both: 'ledger + IAM',
        };
        return groups.map(({ leftover: l, children }) => ({
          kind: l.kind, // user, role, policy, mfa-device, *-provider, file, a child
          name: l.name,
          ...(l.parent ? { of: l.parent } : {}),
          ...(l.inAccount ? { inAccount: l.inAccount } : {}),
          run: l.runId ?? 'unknown', // from the ledger or the run tag
          foundIn: where[l.source],
          ...(children.length
            ? { with: children.map((c) => `${c.kind} ${c.name}`) }
            : {}),
        }));
      },
      // #endregion
    },
    {
      id: 'remove-everything',
      title: 'Remove everything',
      phase: 'teardown',
      // #region remove-everything
      async run({ aws, ledger, state, log, secret }) {
        const iam = new IAMClient(aws.config());
        const iamIn = iamInOtherAccounts(aws.config, {
          partner: aws.sandbox?.partnerAccount,
          secret,
        });
        // Search again: something may have been created since the list was
        // shown (or the list was never shown). Nothing found is fine too.
        const leftovers = await findLeftovers(iam, ledger, { iamIn });
        if (state.found !== undefined && leftovers.length !== state.found) {
          log(`The list changed: ${state.found} before, ${leftovers.length} now.`);
        }
        if (leftovers.length === 0) {
          log('Nothing to remove: the course left nothing behind.');
          return { deleted: [] };
        }
        // IAM's order (an access key, inline policy or attachment goes with its
        // user or role), already-gone is fine, each delete is recorded, and one
        // that fails is reported after all the others were tried.
        await removeResources(iam, ledger, leftovers, log, { iamIn });

        // Prove it: the same search must now find nothing.
        const remaining = await findLeftovers(iam, ledger, { iamIn });
        if (remaining.length > 0) {
          const names = remaining.map(describeLeftover).join(', ');
          throw new Error(`Still there: ${names}. Run this step again.`);
        }
        log(
          'Temporary credentials that STS already issued cannot be revoked ' +
            'one by one: they expire on their own. Each request they make is ' +
            'checked against the policies of their role or user, and those ' +
            'are gone.',
        );
        const groups = groupUnderParents(leftovers);
        const children = groups.flatMap((g) => g.children);
        return {
          deleted: groups.map((g) => describeLeftover(g.leftover)),
          ...(children.length
            ? { note: `With them: ${children.map(describeLeftover).join(', ')}.` }
            : {}),
        };
      },
      // #endregion
    },
  ],
});
