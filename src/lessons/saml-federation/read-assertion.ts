/**
 * What a SAMLResponse says, for the page: decodes the base64 and reads the assertion's issuer,
 * subject (NameID and its format), audience, validity window and attributes with a DOM parser
 * (@xmldom/xmldom). A reader only: it checks no signature (STS does), and never returns the
 * assertion or its signature, which together are a credential.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';

const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';

export interface AssertionSummary {
  Issuer: string;
  Subject: string;
  SubjectFormat: string;
  Audience: string;
  NotBefore: string;
  NotOnOrAfter: string;
  /** Attribute name → its values: the Role pairs, RoleSessionName, SessionDuration. */
  Attributes: Record<string, string[]>;
}

export function readAssertion(samlResponse: string): AssertionSummary {
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const first = (name: string): Element | undefined => doc.getElementsByTagNameNS(SAML, name)[0] ?? undefined;
  const text = (name: string) => (first(name)?.textContent ?? '').trim();
  const conditions = first('Conditions');
  const Attributes: Record<string, string[]> = {};
  for (const attribute of Array.from(doc.getElementsByTagNameNS(SAML, 'Attribute'))) {
    const values = Array.from(attribute.getElementsByTagNameNS(SAML, 'AttributeValue')).map((v) => (v.textContent ?? '').trim());
    Attributes[attribute.getAttribute('Name') ?? ''] = values;
  }
  return {
    Issuer: text('Issuer'),
    Subject: text('NameID'),
    SubjectFormat: first('NameID')?.getAttribute('Format') ?? '',
    Audience: text('Audience'),
    NotBefore: conditions?.getAttribute('NotBefore') ?? '',
    NotOnOrAfter: conditions?.getAttribute('NotOnOrAfter') ?? '',
    Attributes,
  };
}
