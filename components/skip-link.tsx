'use client';

/**
 * The first thing a keyboard reaches on every page. Every page has one <main>; focusing it (rather
 * than only scrolling to an anchor) makes the next Tab start inside the content.
 */
export function SkipLink() {
  return (
    <a
      href="#main"
      onClick={(event) => {
        const main = document.querySelector('main');
        if (!main) return;
        event.preventDefault();
        main.tabIndex = -1;
        main.focus();
        main.scrollIntoView();
      }}
      className="sr-only rounded bg-white px-3 py-2 text-sm font-medium text-blue-800 shadow focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:outline-2 focus:outline-blue-700"
    >
      Skip to main content
    </a>
  );
}
