/**
 * The output shapes of IAM's entities as AWS returns them from each kind of operation: Create*
 * and Get* include tags and the permissions boundary, List* leave them out (AWS documents that
 * its list operations return a subset); GetRole adds MaxSessionDuration and RoleLastUsed;
 * documents are URL-encoded. Pure functions from store objects to result trees; secrets (keys,
 * MFA seeds) never pass through here.
 */
import type { Account, ManagedPolicy, Role, User } from '../../store.ts';
import { encodeDocument } from './documents.ts';
import { attachmentCount, boundaryUsageCount } from './lookup.ts';
import { tagsOutput } from './tags.ts';

type Detail = 'full' | 'list';

function boundary(arn: string | undefined) {
  return arn ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } : undefined;
}

export function userOutput(user: User, detail: Detail = 'full') {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: user.arn,
    CreateDate: user.createDate,
    PermissionsBoundary: detail === 'full' ? boundary(user.permissionsBoundary) : undefined,
    Tags: detail === 'full' ? tagsOutput(user.tags) : undefined,
  };
}

/** `create`: CreateRole's answer; `get`: GetRole's; `list`: a ListRoles member. */
export function roleOutput(role: Role, detail: 'create' | 'get' | 'list') {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeDocument(role.trustPolicy.text),
    Description: role.description,
    MaxSessionDuration: detail === 'create' ? undefined : role.maxSessionDuration,
    PermissionsBoundary: detail === 'list' ? undefined : boundary(role.permissionsBoundary),
    Tags: detail === 'list' ? undefined : tagsOutput(role.tags),
    RoleLastUsed: detail === 'get' ? {} : undefined,
  };
}

/** `full`: CreatePolicy / GetPolicy (with Description and Tags); `list`: a ListPolicies member. */
export function policyOutput(account: Account, policy: ManagedPolicy, detail: Detail) {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: attachmentCount(account, policy.arn),
    PermissionsBoundaryUsageCount: boundaryUsageCount(account, policy.arn),
    IsAttachable: true,
    Description: detail === 'full' ? policy.description : undefined,
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
    Tags: detail === 'full' ? tagsOutput(policy.tags) : undefined,
  };
}
