/**
 * The identity providers' libraries, loaded the first time a sandbox needs one rather than when
 * it starts: most sandboxes never mint or verify a SAML assertion or a web identity token, and
 * these libraries (xml-crypto with @xmldom/xmldom, selfsigned, jose) cost over 10 MB of resident
 * memory once loaded. The XML ones are required synchronously (CommonJS, and their callers are
 * synchronous); the rest are imported. Node caches each, so a second call costs a lookup.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const xmldom = (): typeof import('@xmldom/xmldom') => require('@xmldom/xmldom');
export const xmlCrypto = (): typeof import('xml-crypto') => require('xml-crypto');
export const selfsigned = (): Promise<typeof import('selfsigned')> => import('selfsigned');
export const jose = (): Promise<typeof import('jose')> => import('jose');
