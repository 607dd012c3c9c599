'use client';

import { useState } from 'react';

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [isCopied, setIsCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={async () => {
        await navigator.clipboard.writeText(value);
        setIsCopied(true);
        setTimeout(() => setIsCopied(false), 1500);
      }}
      className="rounded border border-slate-300 px-1 text-xs text-slate-600 hover:bg-slate-100"
    >
      {isCopied ? 'Copied' : 'Copy'}
    </button>
  );
}
