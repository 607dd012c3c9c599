'use client';

import { useState } from 'react';

/** Copies `value`, or what it returns at the moment of the click (e.g. the page's current URL). */
export function CopyButton({ value, label, text = 'Copy', copiedText = 'Copied' }: { value: string | (() => string); label: string; text?: string; copiedText?: string }) {
  const [isCopied, setIsCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={async () => {
        await navigator.clipboard.writeText(typeof value === 'function' ? value() : value);
        setIsCopied(true);
        setTimeout(() => setIsCopied(false), 1500);
      }}
      className="rounded border border-slate-300 px-1 text-xs text-slate-600 hover:bg-slate-100"
    >
      {isCopied ? copiedText : text}
    </button>
  );
}
