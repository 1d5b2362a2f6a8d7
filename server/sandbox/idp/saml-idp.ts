/**
 * The sandbox's own SAML 2.0 identity provider, for lessons and tests of AssumeRoleWithSAML: an
 * RSA key and a self-signed certificate (the `selfsigned` package) made the first time a sandbox
 * needs them, so one per sandbox start; its metadata document (served at `/saml/metadata`, what
 * an administrator uploads with CreateSAMLProvider); and signed SAML responses, minted only
 * through the signed `sandbox` control action MintSAMLAssertion. The assertion is signed
 * (enveloped, exclusive C14N, RSA-SHA256) by xml-crypto and written by the sandbox's one XML
 * builder; nothing is hand-canonicalized. The libraries load on first use (libraries.ts).
 */
import { writeXml } from '../protocol/xml.ts';
import type { SandboxState } from '../state.ts';
import { selfsigned, xmlCrypto } from './libraries.ts';

export const SANDBOX_SAML_ENTITY_ID = 'https://sts-workshop.invalid/saml';
export const AWS_SAML_AUDIENCE = 'https://signin.aws.amazon.com/saml';
export const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
export const ROLE_SESSION_NAME_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
export const SESSION_DURATION_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';

const NS = {
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
};

interface IdpKeys {
  privateKey: string;
  /** The certificate's base64 DER, as metadata carries it. */
  certificate: string;
}

const idps = new WeakMap<SandboxState, Promise<IdpKeys>>();

function keysOf(state: SandboxState): Promise<IdpKeys> {
  let keys = idps.get(state);
  if (!keys) {
    keys = selfsigned().then(({ generate }) => generate([{ name: 'commonName', value: 'STS Workshop sandbox IdP' }], { keySize: 2048, algorithm: 'sha256', notAfterDate: new Date(Date.now() + 10 * 365 * 86_400_000) })).then((pems) => ({
      privateKey: pems.private,
      certificate: pems.cert.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''),
    }));
    idps.set(state, keys);
  }
  return keys;
}

export async function samlIdpMetadata(state: SandboxState): Promise<string> {
  const { certificate } = await keysOf(state);
  return writeXml({
    'md:EntityDescriptor': {
      '@_xmlns:md': NS.md,
      '@_entityID': SANDBOX_SAML_ENTITY_ID,
      'md:IDPSSODescriptor': {
        '@_protocolSupportEnumeration': 'urn:oasis:names:tc:SAML:2.0:protocol',
        '@_WantAuthnRequestsSigned': 'false',
        'md:KeyDescriptor': {
          '@_use': 'signing',
          'ds:KeyInfo': { '@_xmlns:ds': NS.ds, 'ds:X509Data': { 'ds:X509Certificate': certificate } },
        },
        'md:NameIDFormat': ['urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient'],
        'md:SingleSignOnService': { '@_Binding': 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', '@_Location': `${state.options.baseUrl}/saml/sso` },
      },
    },
  });
}

export interface AssertionRequest {
  subject: string;
  /** `persistent`, `transient`, or a full NameID format URI. */
  subjectType: string;
  /** `roleArn,providerArn` pairs (either order), the Role attribute's values. */
  roles: string[];
  roleSessionName?: string;
  sessionDuration?: string;
  expiresInSeconds: number;
  recipient: string;
  audience: string;
  /** Shifts IssueInstant and NotBefore (seconds; tests of not-yet-valid or stale assertions). */
  issuedOffsetSeconds?: number;
}

const FORMAT = (type: string) => (type.includes(':') ? type : `urn:oasis:names:tc:SAML:2.0:nameid-format:${type}`);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A base64 SAMLResponse whose assertion is signed by the sandbox IdP. */
export async function mintSamlResponse(state: SandboxState, request: AssertionRequest): Promise<string> {
  const { privateKey, certificate } = await keysOf(state);
  const issued = state.clock.now() + (request.issuedOffsetSeconds ?? 0) * 1000;
  const until = iso(issued + request.expiresInSeconds * 1000);
  const assertionId = `_${state.ids.hex(16)}`;
  const attribute = (name: string, values: string[]) => ({
    '@_Name': name,
    'saml:AttributeValue': values,
  });
  const attributes = [attribute(ROLE_ATTRIBUTE, request.roles)];
  if (request.roleSessionName !== undefined) attributes.push(attribute(ROLE_SESSION_NAME_ATTRIBUTE, [request.roleSessionName]));
  if (request.sessionDuration !== undefined) attributes.push(attribute(SESSION_DURATION_ATTRIBUTE, [request.sessionDuration]));
  const assertion = writeXml({
    'saml:Assertion': {
      '@_xmlns:saml': NS.saml,
      '@_ID': assertionId,
      '@_Version': '2.0',
      '@_IssueInstant': iso(issued),
      'saml:Issuer': SANDBOX_SAML_ENTITY_ID,
      'saml:Subject': {
        'saml:NameID': { '@_Format': FORMAT(request.subjectType), '#text': request.subject },
        'saml:SubjectConfirmation': {
          '@_Method': 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
          'saml:SubjectConfirmationData': { '@_NotOnOrAfter': until, '@_Recipient': request.recipient },
        },
      },
      'saml:Conditions': {
        '@_NotBefore': iso(issued),
        '@_NotOnOrAfter': until,
        'saml:AudienceRestriction': { 'saml:Audience': request.audience },
      },
      'saml:AuthnStatement': {
        '@_AuthnInstant': iso(issued),
        '@_SessionIndex': assertionId,
        'saml:AuthnContext': { 'saml:AuthnContextClassRef': 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' },
      },
      'saml:AttributeStatement': { 'saml:Attribute': attributes },
    },
  });
  const { SignedXml } = xmlCrypto();
  const signer = new SignedXml({
    privateKey,
    publicCert: `-----BEGIN CERTIFICATE-----\n${certificate}\n-----END CERTIFICATE-----`,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signer.addReference({
    xpath: "/*[local-name(.)='Assertion']",
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signer.computeSignature(assertion, { prefix: 'ds', location: { reference: "/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
  const response = writeXml({
    'samlp:Response': {
      '@_xmlns:samlp': NS.samlp,
      '@_ID': `_${state.ids.hex(16)}`,
      '@_Version': '2.0',
      '@_IssueInstant': iso(issued),
      '@_Destination': request.recipient,
      'saml:Issuer': { '@_xmlns:saml': NS.saml, '#text': SANDBOX_SAML_ENTITY_ID },
      'samlp:Status': { 'samlp:StatusCode': { '@_Value': 'urn:oasis:names:tc:SAML:2.0:status:Success' } },
    },
  });
  // The signed assertion goes in as signed: re-serializing it would break its digest.
  const closing = '</samlp:Response>';
  return Buffer.from(response.slice(0, response.lastIndexOf(closing)) + signer.getSignedXml() + closing).toString('base64');
}
