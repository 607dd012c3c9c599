'use client';

import { useState } from 'react';

/** Copies the page's address, view state included (it lives in the URL). */
export function CopyLinkButton() {
  const [isCopied, setIsCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        await navigator.clipboard.writeText(window.location.href);
        setIsCopied(true);
        setTimeout(() => setIsCopied(false), 1500);
      }}
      className="rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-100"
    >
      {isCopied ? 'Link copied' : 'Copy link'}
    </button>
  );
}
