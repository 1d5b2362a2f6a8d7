/**
 * Finding a custom element's own markup by `data-part` (the parts its .astro component renders
 * on the server). A missing part is a bug in that markup, so it throws with the element's tag in
 * the message rather than failing later on `null`.
 */
export function dataPart<T extends HTMLElement = HTMLElement>(host: Element, name: string): T {
  const found = host.querySelector<T>(`[data-part="${name}"]`);
  if (!found) throw new Error(`<${host.localName}> is missing [data-part="${name}"]`);
  return found;
}
