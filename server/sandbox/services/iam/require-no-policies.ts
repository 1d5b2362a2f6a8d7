/**
 * DeleteUser and DeleteRole are refused while the entity still has policies, with AWS's
 * DeleteConflict texts and in AWS's order: inline policies first, then attached managed
 * policies. DeleteUser checks the user's access keys and MFA devices before this. It changes
 * nothing in the store.
 */
import { deleteConflict } from '../../errors.ts';
import type { Role, User } from '../../store.ts';

export function requireNoPolicies(entity: User | Role): void {
  if (entity.inlinePolicies.size) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (entity.attachedPolicies.size) throw deleteConflict('Cannot delete entity, must detach all policies first.');
}
