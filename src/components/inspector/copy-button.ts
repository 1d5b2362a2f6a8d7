/**
 * A small Copy button for a block of the step output (a result, a call's input, output or AWS CLI
 * command): the same look and behaviour as the Copy button of a step's code (copy-code.ts puts the
 * block's text on the clipboard, or selects it when the clipboard is refused, and says so on the
 * button). Built with DOM calls only; it knows nothing of what the block holds.
 */
import { copyCode } from '../step/copy-code.ts';

const SVG = 'http://www.w3.org/2000/svg';
const ICON =
  'M5 1.75C5 .784 5.784 0 6.75 0h7.5C15.216 0 16 .784 16 1.75v7.5A1.75 1.75 0 0 1 14.25 11h-7.5A1.75 1.75 0 0 1 5 9.25Zm1.75-.25a.25.25 0 0 0-.25.25v7.5c0 .138.112.25.25.25h7.5a.25.25 0 0 0 .25-.25v-7.5a.25.25 0 0 0-.25-.25ZM0 6.75C0 5.784.784 5 1.75 5H3.5v1.5H1.75a.25.25 0 0 0-.25.25v7.5c0 .138.112.25.25.25h7.5a.25.25 0 0 0 .25-.25V12.5H11v1.75A1.75 1.75 0 0 1 9.25 16h-7.5A1.75 1.75 0 0 1 0 14.25Z';

/** A button labelled for assistive technology as "Copy <what>" that copies `source()`'s text. */
export function copyButton(what: string, source: () => HTMLElement | null): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'btn btn-ghost btn-small copy-button';
  button.dataset.testid = 'copy-block';
  button.setAttribute('aria-label', `Copy ${what}`);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '13');
  svg.setAttribute('height', '13');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', ICON);
  svg.append(path);
  const label = document.createElement('span');
  label.dataset.part = 'copy-label';
  label.setAttribute('aria-live', 'polite');
  label.textContent = 'Copy';
  button.append(svg, label);
  button.addEventListener('click', () => void copyCode(button, source()));
  return button;
}

/** A block's heading row: its small label ("Result", "Input"…) and a Copy button for `source()`. */
export function copyableLabel(label: string, what: string, source: () => HTMLElement | null): HTMLElement {
  const head = document.createElement('div');
  head.className = 'ev-block-head';
  const text = document.createElement('div');
  text.className = 'ev-label';
  text.textContent = label;
  head.append(text, copyButton(what, source));
  return head;
}
