/**
 * IAM, on the query protocol: its operation table, keyed by AWS action name. Each operation
 * declares its input, the action and entity ARN it is authorized on, and acts on the caller's
 * own account; the modules hold one concern each (users, access keys, roles, managed policies
 * and their versions, attachments, inline policies, virtual MFA devices and their assignment,
 * the policy simulator). Actions not listed here get the protocol's InvalidAction. GetSessionToken
 * credentials made without MFA may not call it at all.
 */
import { queryService } from '../query-service.ts';
import { OIDC_PROVIDER_OPERATIONS } from './oidc-providers.ts';
import { SAML_PROVIDER_OPERATIONS } from './saml-providers.ts';
import { globalRegionOnly } from '../signing-regions.ts';
import {
  createAccessKey, deleteAccessKey, getAccessKeyLastUsed, listAccessKeys, updateAccessKey,
} from './access-keys.ts';
import {
  attachRolePolicy, attachUserPolicy, detachRolePolicy, detachUserPolicy, listAttachedRolePolicies, listAttachedUserPolicies,
} from './attachments.ts';
import {
  deleteRolePolicy, deleteUserPolicy, getRolePolicy, getUserPolicy, listRolePolicies, listUserPolicies, putRolePolicy, putUserPolicy,
} from './inline-policies.ts';
import {
  createPolicy, deletePolicy, getPolicy, listPolicies, listPolicyTags, tagPolicy, untagPolicy,
} from './managed-policies.ts';
import { deactivateMfaDevice, enableMfaDevice, listMfaDevices, resyncMfaDevice } from './mfa-devices.ts';
import {
  createPolicyVersion, deletePolicyVersion, getPolicyVersion, listPolicyVersions, setDefaultPolicyVersion,
} from './policy-versions.ts';
import {
  deleteRolePermissionsBoundary, deleteUserPermissionsBoundary, putRolePermissionsBoundary, putUserPermissionsBoundary,
} from './permissions-boundaries.ts';
import {
  createRole, deleteRole, getRole, listRoles, listRoleTags, tagRole, untagRole, updateAssumeRolePolicy, updateRole,
} from './roles.ts';
import { simulateCustomPolicy, simulatePrincipalPolicy } from './simulate.ts';
import { createUser, deleteUser, getUser, listUsers, listUserTags, tagUser, untagUser, updateUser } from './users.ts';
import {
  createVirtualMfaDevice, deleteVirtualMfaDevice, listMfaDeviceTags, listVirtualMfaDevices, tagMfaDevice, untagMfaDevice,
} from './virtual-mfa.ts';

export const iam = queryService('iam', 'https://iam.amazonaws.com/doc/2010-05-08/', {
  // Users
  CreateUser: createUser,
  GetUser: getUser,
  DeleteUser: deleteUser,
  ListUsers: listUsers,
  UpdateUser: updateUser,
  TagUser: tagUser,
  UntagUser: untagUser,
  ListUserTags: listUserTags,
  // Access keys
  CreateAccessKey: createAccessKey,
  DeleteAccessKey: deleteAccessKey,
  ListAccessKeys: listAccessKeys,
  UpdateAccessKey: updateAccessKey,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
  // Roles
  CreateRole: createRole,
  GetRole: getRole,
  DeleteRole: deleteRole,
  ListRoles: listRoles,
  UpdateRole: updateRole,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  TagRole: tagRole,
  UntagRole: untagRole,
  ListRoleTags: listRoleTags,
  // Managed policies and versions
  CreatePolicy: createPolicy,
  GetPolicy: getPolicy,
  DeletePolicy: deletePolicy,
  ListPolicies: listPolicies,
  TagPolicy: tagPolicy,
  UntagPolicy: untagPolicy,
  ListPolicyTags: listPolicyTags,
  CreatePolicyVersion: createPolicyVersion,
  GetPolicyVersion: getPolicyVersion,
  ListPolicyVersions: listPolicyVersions,
  DeletePolicyVersion: deletePolicyVersion,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,
  // Attached managed policies
  AttachUserPolicy: attachUserPolicy,
  DetachUserPolicy: detachUserPolicy,
  ListAttachedUserPolicies: listAttachedUserPolicies,
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  // Inline policies
  PutUserPolicy: putUserPolicy,
  GetUserPolicy: getUserPolicy,
  DeleteUserPolicy: deleteUserPolicy,
  ListUserPolicies: listUserPolicies,
  PutRolePolicy: putRolePolicy,
  GetRolePolicy: getRolePolicy,
  DeleteRolePolicy: deleteRolePolicy,
  ListRolePolicies: listRolePolicies,
  // Virtual MFA devices
  CreateVirtualMFADevice: createVirtualMfaDevice,
  DeleteVirtualMFADevice: deleteVirtualMfaDevice,
  ListVirtualMFADevices: listVirtualMfaDevices,
  TagMFADevice: tagMfaDevice,
  UntagMFADevice: untagMfaDevice,
  ListMFADeviceTags: listMfaDeviceTags,
  EnableMFADevice: enableMfaDevice,
  ResyncMFADevice: resyncMfaDevice,
  DeactivateMFADevice: deactivateMfaDevice,
  ListMFADevices: listMfaDevices,
  // Permissions boundaries
  PutUserPermissionsBoundary: putUserPermissionsBoundary,
  DeleteUserPermissionsBoundary: deleteUserPermissionsBoundary,
  PutRolePermissionsBoundary: putRolePermissionsBoundary,
  DeleteRolePermissionsBoundary: deleteRolePermissionsBoundary,
  // Policy simulator
  SimulatePrincipalPolicy: simulatePrincipalPolicy,
  SimulateCustomPolicy: simulateCustomPolicy,
  // Identity providers (web identity and SAML federation)
  ...OIDC_PROVIDER_OPERATIONS,
  ...SAML_PROVIDER_OPERATIONS,
}, { mfaSessionTokensOnly: true, checkRegion: globalRegionOnly });
