// After a stop its button is gone (the row or page now shows Stopping), so focus cannot go back to
// it. It goes to the status nearest the button instead: the row's in the list, the job's on its
// page; failing that, to the page's <main>.

/** The status badge closest to `control`: the first one found walking up from it. Call while it is on screen. */
export function statusNear(control: HTMLElement | null): HTMLElement | null {
  for (let node = control?.parentElement; node; node = node.parentElement) {
    const badge = node.querySelector<HTMLElement>('[data-status-badge]');
    if (badge) return badge;
  }
  return null;
}

export function focusAfterStop(target: HTMLElement | null): void {
  const element = target?.isConnected ? target : document.querySelector('main');
  if (!element) return;
  // Focusable by script only: not a Tab stop.
  if (!element.hasAttribute('tabindex')) element.tabIndex = -1;
  element.focus();
}
