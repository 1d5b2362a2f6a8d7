/**
 * A step's Copy button: puts the text of the step's code block on the clipboard and says so on
 * the button for a moment; without clipboard permission it selects the code instead, so the
 * learner can press Ctrl+C / ⌘C. Text only; it knows nothing else about the step.
 */
const LABEL_MS = 1600;

/** Copies `pre`'s text; `button`'s `[data-part="copy-label"]` (or the button) shows the outcome. */
export async function copyCode(button: HTMLButtonElement, pre: HTMLElement | null): Promise<void> {
  const text = pre?.textContent ?? '';
  const label = button.querySelector<HTMLElement>('[data-part="copy-label"]') ?? button;
  let done = 'Copied';
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    if (pre) {
      const range = document.createRange();
      range.selectNodeContents(pre);
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    }
    done = 'Press Ctrl+C';
  }
  label.textContent = done;
  setTimeout(() => {
    label.textContent = 'Copy';
  }, LABEL_MS);
}
