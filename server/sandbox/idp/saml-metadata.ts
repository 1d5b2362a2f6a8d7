/**
 * Reads a SAML identity provider's metadata document as IAM's CreateSAMLProvider and
 * UpdateSAMLProvider take it: the EntityDescriptor's entityID (an assertion's Issuer must equal
 * it), the IdP's signing certificates (KeyDescriptor use="signing" or unspecified, base64 DER)
 * and validUntil. Parsed with @xmldom/xmldom; a document that is not such metadata is null.
 */
import type { Element } from '@xmldom/xmldom';
import { xmldom } from './libraries.ts';

export interface SamlMetadata {
  entityId: string;
  certificates: string[];
  validUntil?: Date;
}

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

export function parseSamlMetadata(text: string): SamlMetadata | null {
  const { DOMParser } = xmldom();
  let root: Element | null;
  try {
    root = new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } })
      .parseFromString(text, 'text/xml').documentElement;
  } catch {
    return null;
  }
  if (!root || root.namespaceURI !== MD || root.localName !== 'EntityDescriptor') return null;
  const entityId = root.getAttribute('entityID');
  const idp = Array.from(root.getElementsByTagNameNS(MD, 'IDPSSODescriptor'))[0];
  if (!entityId || !idp) return null;
  const certificates: string[] = [];
  for (const descriptor of Array.from(idp.getElementsByTagNameNS(MD, 'KeyDescriptor'))) {
    const use = descriptor.getAttribute('use');
    if (use && use !== 'signing') continue;
    for (const cert of Array.from(descriptor.getElementsByTagNameNS(DS, 'X509Certificate'))) {
      const value = (cert.textContent ?? '').replace(/\s/g, '');
      if (value) certificates.push(value);
    }
  }
  if (certificates.length === 0) return null;
  const until = root.getAttribute('validUntil');
  const validUntil = until ? new Date(until) : undefined;
  return { entityId, certificates, validUntil: validUntil && !Number.isNaN(validUntil.getTime()) ? validUntil : undefined };
}
