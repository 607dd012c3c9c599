'use client';

import { useEffect, useRef, useState } from 'react';
import { useAnnounce } from './announcer';
import { copyText } from './copy-text';

/**
 * Copies `value`, or what it returns at the moment of the click (e.g. the page's current URL), and
 * says so aloud. Where the browser lets nothing copy, the text is shown selected for Ctrl+C.
 */
export function CopyButton({ value, label, text = 'Copy', copiedText = 'Copied' }: { value: string | (() => string); label: string; text?: string; copiedText?: string }) {
  const [isCopied, setIsCopied] = useState(false);
  const [byHand, setByHand] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const announce = useAnnounce();
  // "Copy link" → "link", "Copy bulk key 8a8a…" → "bulk key 8a8a…"
  const what = label.replace(/^Copy /, '');

  useEffect(() => {
    if (byHand === null) return;
    field.current?.focus();
    field.current?.select();
  }, [byHand]);

  async function copy() {
    const toCopy = typeof value === 'function' ? value() : value;
    if (await copyText(toCopy)) {
      setByHand(null);
      setIsCopied(true);
      announce(`${what.charAt(0).toUpperCase()}${what.slice(1)} copied.`);
      setTimeout(() => setIsCopied(false), 1500);
    } else {
      setByHand(toCopy);
      announce(`Could not copy the ${what}: this browser does not allow it here. It is selected beside the button; press Ctrl+C (⌘C on a Mac) to copy it.`);
    }
  }

  function closeByHand() {
    setByHand(null);
    button.current?.focus();
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <button ref={button} type="button" aria-label={label} title={label} onClick={copy} className="rounded border border-slate-300 px-1 text-xs text-slate-600 hover:bg-slate-100">
        {isCopied ? copiedText : text}
      </button>
      {byHand !== null && (
        <>
          <input
            ref={field}
            readOnly
            value={byHand}
            aria-label={`The ${what}, selected: press Ctrl+C to copy it`}
            onBlur={() => setByHand(null)}
            onKeyDown={(event) => { if (event.key === 'Escape') closeByHand(); }}
            className="w-72 max-w-full rounded border border-amber-400 px-1 font-mono text-xs"
          />
          <span className="text-xs text-amber-800">Could not copy: press Ctrl+C</span>
        </>
      )}
    </span>
  );
}
