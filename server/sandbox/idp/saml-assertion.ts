/**
 * Verifies a SAMLResponse for AssumeRoleWithSAML as AWS does: base64 XML (@xmldom/xmldom), an
 * Issuer equal to the provider's entityID, an XML signature (xml-crypto: exclusive C14N, the
 * reference digests, the provider's metadata certificate) over the Assertion or the Response,
 * and only what that signature covers is read afterwards (no signature wrapping): the audience
 * (https://signin.aws.amazon.com/saml or urn:amazon:webservices), NotBefore/NotOnOrAfter and the
 * five-minute redemption window by the sandbox clock, the Role attribute's role/provider pairs
 * (either order), RoleSessionName, the subject and its format, SessionNotOnOrAfter. It returns
 * the claims and the `saml:*` condition keys; it authorizes nothing.
 */
import { createHash } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { AwsError } from '../errors.ts';
import type { ContextKeys } from '../policy/types.ts';
import type { SandboxState } from '../state.ts';
import type { SamlProvider } from '../store.ts';
import { xmlCrypto, xmldom } from './libraries.ts';
import { invalidIdentityToken } from './web-identity-token.ts';
import { parseSamlMetadata } from './saml-metadata.ts';
import { ROLE_ATTRIBUTE, ROLE_SESSION_NAME_ATTRIBUTE, SESSION_DURATION_ATTRIBUTE } from './saml-idp.ts';

const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const AUDIENCES = ['https://signin.aws.amazon.com/saml', 'urn:amazon:webservices'];
const REDEEM_WITHIN_MS = 5 * 60 * 1000;

export interface VerifiedAssertion {
  issuer: string;
  subject: string;
  subjectType: string;
  recipient: string;
  roles: Array<{ role: string; provider: string }>;
  sessionName: string;
  sessionDuration?: string;
  sessionNotOnOrAfter?: number;
  nameQualifier: string;
  keys: ContextKeys;
}

function parse(xml: string): Element {
  const { DOMParser } = xmldom();
  const root = new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } }).parseFromString(xml, 'text/xml').documentElement;
  if (!root) throw new Error('empty document');
  return root;
}

const child = (parent: Element, ns: string, name: string): Element | undefined =>
  Array.from(parent.childNodes).find((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === name);
const all = (parent: Element, ns: string, name: string): Element[] => Array.from(parent.getElementsByTagNameNS(ns, name));
const text = (element: Element | undefined) => (element?.textContent ?? '').trim();

export function verifySamlAssertion(state: SandboxState, provider: SamlProvider, accountId: string, encoded: string): VerifiedAssertion {
  // AWS's text for an undecodable assertion is unconfirmed.
  const malformed = () => invalidIdentityToken('Invalid SAML response: the assertion could not be parsed');
  let root: Element;
  let xml: string;
  try {
    xml = Buffer.from(encoded, 'base64').toString('utf8');
    root = parse(xml);
  } catch {
    throw malformed();
  }
  const metadata = parseSamlMetadata(provider.metadata)!;
  const outerAssertion = root.localName === 'Assertion' ? root : child(root, SAML, 'Assertion');
  if (!outerAssertion) throw malformed();
  const issuer = text(child(outerAssertion, SAML, 'Issuer')) || text(child(root, SAML, 'Issuer'));
  // AWS's wording, seen in public reports (dbeaver/cloudbeaver #3112).
  if (issuer !== metadata.entityId) throw invalidIdentityToken('Issuer not present in specified provider');

  const assertion = signedAssertion(xml, root, outerAssertion, metadata.certificates);
  const now = state.clock.now();
  const conditions = child(assertion, SAML, 'Conditions');
  const audiences = conditions ? all(conditions, SAML, 'Audience').map(text) : [];
  // AWS's text for a wrong audience is unconfirmed.
  if (!audiences.some((a) => AUDIENCES.includes(a))) throw invalidIdentityToken('Audience restriction is not met: the assertion is not for https://signin.aws.amazon.com/saml');
  const notBefore = Date.parse(conditions?.getAttribute('NotBefore') ?? '');
  const subjectElement = child(assertion, SAML, 'Subject');
  const confirmation = subjectElement ? all(subjectElement, SAML, 'SubjectConfirmationData')[0] : undefined;
  const ends = [conditions?.getAttribute('NotOnOrAfter'), confirmation?.getAttribute('NotOnOrAfter')].map((v) => Date.parse(v ?? '')).filter((v) => !Number.isNaN(v));
  // AWS's wording, seen in public reports (saml2aws #759).
  if (ends.some((end) => now >= end)) throw new AwsError('ExpiredTokenException', 'Response has expired', 400);
  // Not yet valid: AWS's text unconfirmed.
  if (!Number.isNaN(notBefore) && now < notBefore) throw invalidIdentityToken('Response is not yet valid');
  const issued = Date.parse(assertion.getAttribute('IssueInstant') ?? '');
  // AWS's wording, seen in public reports (Nike-Inc/gimme-aws-creds #251).
  if (!Number.isNaN(issued) && now - issued > REDEEM_WITHIN_MS) throw new AwsError('ExpiredTokenException', 'Token must be redeemed within 5 minutes of issuance', 400);

  const nameId = subjectElement ? child(subjectElement, SAML, 'NameID') : undefined;
  const format = nameId?.getAttribute('Format') ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:unspecified';
  const subjectType = format.startsWith('urn:oasis:names:tc:SAML:2.0:nameid-format:') ? format.slice('urn:oasis:names:tc:SAML:2.0:nameid-format:'.length) : format;
  const attributes = new Map<string, string[]>();
  for (const attribute of all(assertion, SAML, 'Attribute')) {
    attributes.set(attribute.getAttribute('Name') ?? '', all(attribute, SAML, 'AttributeValue').map(text));
  }
  const roles = (attributes.get(ROLE_ATTRIBUTE) ?? []).map((value) => {
    const [a, b] = value.split(',').map((s) => s.trim());
    return /:saml-provider\//.test(a ?? '') ? { role: b ?? '', provider: a } : { role: a ?? '', provider: b ?? '' };
  });
  const sessionName = attributes.get(ROLE_SESSION_NAME_ATTRIBUTE)?.[0] ?? '';
  // AWS's wording, seen in public reports (MicrosoftDocs/azure-docs #45025).
  if (!/^[a-zA-Z_0-9+=,.@-]{2,64}$/.test(sessionName)) throw invalidIdentityToken('RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
  const authn = child(assertion, SAML, 'AuthnStatement');
  const sessionEnd = Date.parse(authn?.getAttribute('SessionNotOnOrAfter') ?? '');
  const subject = text(nameId);
  const recipient = confirmation?.getAttribute('Recipient') ?? '';
  const providerName = provider.name;
  // AWS documents NameQualifier as BASE64(SHA1(issuer + account id + "/" + provider name)).
  const nameQualifier = createHash('sha1').update(`${issuer}${accountId}/${providerName}`).digest('base64');
  const keys: ContextKeys = Object.create(null);
  keys['saml:aud'] = recipient;
  keys['saml:sub'] = subject;
  keys['saml:sub_type'] = subjectType;
  keys['saml:iss'] = issuer;
  keys['saml:namequalifier'] = nameQualifier;
  keys['saml:doc'] = `${accountId}/${providerName}`;
  return {
    issuer, subject, subjectType, recipient, roles, sessionName,
    sessionDuration: attributes.get(SESSION_DURATION_ATTRIBUTE)?.[0],
    sessionNotOnOrAfter: Number.isNaN(sessionEnd) ? undefined : sessionEnd,
    nameQualifier, keys,
  };
}

/**
 * The Assertion as its signature covers it: a signature on the Assertion, or on the Response
 * that contains it, checked against one of the provider's certificates; the claims are read
 * from the signed (canonical) copy only. AWS's wording (cevoaustralia/aws-google-auth #270).
 */
function signedAssertion(xml: string, root: Element, assertion: Element, certificates: string[]): Element {
  const invalid = () => invalidIdentityToken('Response signature invalid');
  const signature = child(assertion, DS, 'Signature') ?? (root === assertion ? undefined : child(root, DS, 'Signature'));
  if (!signature) throw invalid();
  const { SignedXml } = xmlCrypto();
  for (const certificate of certificates) {
    const verifier = new SignedXml({ publicCert: `-----BEGIN CERTIFICATE-----\n${certificate}\n-----END CERTIFICATE-----`, getCertFromKeyInfo: () => null });
    try {
      verifier.loadSignature(signature as never);
      if (!verifier.checkSignature(xml)) continue;
    } catch {
      continue;
    }
    const signed = verifier.getSignedReferences().map((reference) => parse(reference));
    for (const node of signed) {
      if (node.namespaceURI === SAML && node.localName === 'Assertion') return node;
      const inner = child(node, SAML, 'Assertion');
      if (inner) return inner;
    }
  }
  throw invalid();
}
