/**
 * IAM SAML providers, the entities SAML federation trusts: Create (a name and the IdP's metadata
 * document, which must be SAML metadata with a signing certificate; the ARN is
 * `arn:aws:iam::ACCT:saml-provider/<Name>`), Get (the document, CreateDate, ValidUntil), List,
 * Update (a new document), Delete, and the tag operations, each authorized on the provider's
 * ARN. AssumeRoleWithSAML verifies assertions with the certificate of the provider it names.
 */
import { entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity } from '../../errors.ts';
import { parseSamlMetadata } from '../../idp/saml-metadata.ts';
import type { QueryParams } from '../../protocol/query-params.ts';
import { check, length, pattern, required, type Clause } from '../../protocol/validate.ts';
import type { Account, SamlProvider } from '../../store.ts';
import { queryOperation, type Access, type Call } from '../operation.ts';
import { arnClauses } from './names.ts';
import { tagOperations } from './tag-operations.ts';
import { readTags, rejectDuplicateKeys, tagContext, tagOnCreate, tagsOutput } from './tags.ts';

export const EXAMPLE_SAML_PROVIDER = 'arn:aws:iam::123456789012:saml-provider/example-idp';
const MAX_PROVIDERS = 100;
const HUNDRED_YEARS_MS = 100 * 365 * 86_400_000;

const samlProviderArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:saml-provider/${name}`;

function existingProvider(account: Account, arn: string): SamlProvider {
  const provider = account.samlProviders.get(arn);
  // AWS's exact NoSuchEntity wording for a missing SAML provider could not be confirmed.
  if (!provider) throw noSuchEntity(`Manifest not found for arn ${arn}`);
  return provider;
}

const documentClauses = (document: string | undefined): Clause[] => [required(document, 'sAMLMetadataDocument'), length(document, 'sAMLMetadataDocument', 1000, 10000000)];

/** The document's validUntil, else a hundred years on (unconfirmed default); InvalidInput when it is no metadata. */
function validUntilOf(document: string, now: number): Date {
  const metadata = parseSamlMetadata(document);
  if (!metadata) throw invalidInput('Could not parse metadata'); // AWS's text unconfirmed
  return metadata.validUntil ?? new Date(now + HUNDRED_YEARS_MS);
}

function byArn(params: QueryParams, more: Clause[] = []): { arn: string } {
  const arn = params.get('SAMLProviderArn');
  check(...arnClauses(arn, 'sAMLProviderArn'), ...more);
  return { arn: arn! };
}
const onProvider = (action: string): Access<{ arn: string }> => ({ action, resource: ({ arn }) => arn });

export const createSamlProvider = queryOperation({
  input(params) {
    const name = params.get('Name');
    const document = params.get('SAMLMetadataDocument');
    const { tags, clauses } = readTags(params);
    check(...documentClauses(document), required(name, 'name'), length(name, 'name', 1, 128), pattern(name, 'name', '[\\w._-]+'), ...clauses);
    return { name: name!, document: document!, tags };
  },
  access: {
    action: 'iam:CreateSAMLProvider',
    resource: ({ name }, { principal }) => samlProviderArn(principal.account.id, name),
    context: ({ tags }) => tagContext(tags),
    alsoRequires: tagOnCreate('iam:TagSAMLProvider'),
  },
  invoke({ name, document, tags }, { state, principal }) {
    const account = principal.account;
    const now = state.clock.now();
    const validUntil = validUntilOf(document, now);
    rejectDuplicateKeys(tags);
    const arn = samlProviderArn(account.id, name);
    // AWS's wording, seen in public reports (org-formation/aws-resource-providers #59).
    if (account.samlProviders.has(arn)) throw entityAlreadyExists(`Provider with name ${name} already exists.`);
    if (account.samlProviders.size >= MAX_PROVIDERS) throw limitExceeded('Cannot exceed quota for SamlProvidersPerAccount: 100'); // unconfirmed wording
    account.samlProviders.set(arn, { arn, name, metadata: document, createDate: new Date(now), validUntil, tags });
    return { SAMLProviderArn: arn, Tags: tagsOutput(tags) };
  },
  example: { Name: 'new-idp', SAMLMetadataDocument: `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">${' '.repeat(1000)}</EntityDescriptor>` },
});

export const getSamlProvider = queryOperation({
  input: (params) => byArn(params),
  access: onProvider('iam:GetSAMLProvider'),
  invoke({ arn }, { principal }) {
    const p = existingProvider(principal.account, arn);
    return { SAMLMetadataDocument: p.metadata, CreateDate: p.createDate, ValidUntil: p.validUntil, Tags: tagsOutput(p.tags) };
  },
  example: { SAMLProviderArn: EXAMPLE_SAML_PROVIDER },
});

export const listSamlProviders = queryOperation({
  input: () => ({}),
  access: { action: 'iam:ListSAMLProviders', resource: () => '*' },
  invoke: (_input, { principal }) => ({
    SAMLProviderList: [...principal.account.samlProviders.values()]
      .sort((a, b) => a.arn.localeCompare(b.arn))
      .map((p) => ({ Arn: p.arn, ValidUntil: p.validUntil, CreateDate: p.createDate })),
  }),
  example: {},
});

export const updateSamlProvider = queryOperation({
  input(params) {
    const document = params.get('SAMLMetadataDocument');
    return { ...byArn(params, documentClauses(document)), document: document! };
  },
  access: onProvider('iam:UpdateSAMLProvider'),
  invoke({ arn, document }, { state, principal }) {
    const provider = existingProvider(principal.account, arn);
    provider.validUntil = validUntilOf(document, state.clock.now());
    provider.metadata = document;
    return { SAMLProviderArn: arn };
  },
  example: { SAMLProviderArn: EXAMPLE_SAML_PROVIDER, SAMLMetadataDocument: `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">${' '.repeat(1000)}</EntityDescriptor>` },
});

export const deleteSamlProvider = queryOperation({
  input: (params) => byArn(params),
  access: onProvider('iam:DeleteSAMLProvider'),
  invoke({ arn }, { principal }) {
    existingProvider(principal.account, arn);
    principal.account.samlProviders.delete(arn);
    return undefined;
  },
  example: { SAMLProviderArn: EXAMPLE_SAML_PROVIDER },
});

const tagOps = tagOperations({
  verb: 'SAMLProvider',
  idParam: 'SAMLProviderArn',
  idClauses: (arn) => arnClauses(arn, 'sAMLProviderArn'),
  resource: (arn) => arn,
  find: (arn, call: Call) => existingProvider(call.principal.account, arn),
  example: EXAMPLE_SAML_PROVIDER,
});

/** The table entries, for services/iam/index.ts. */
export const SAML_PROVIDER_OPERATIONS = {
  CreateSAMLProvider: createSamlProvider,
  GetSAMLProvider: getSamlProvider,
  ListSAMLProviders: listSamlProviders,
  UpdateSAMLProvider: updateSamlProvider,
  DeleteSAMLProvider: deleteSamlProvider,
  TagSAMLProvider: tagOps.tag,
  UntagSAMLProvider: tagOps.untag,
  ListSAMLProviderTags: tagOps.listTags,
};
