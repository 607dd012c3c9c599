'use client';

import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

type Announce = (message: string) => void;

const AnnouncerContext = createContext<Announce>(() => {});

/**
 * One polite live region for the whole page, present from the first render (a region added with its
 * message is often not read). Outcomes go here whatever happened to the control that caused them: a
 * Stop button is gone once its row is Stopping. Each message is a new node, so a repeat is read too.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [latest, setLatest] = useState<{ id: number; message: string } | null>(null);
  const announce = useCallback<Announce>((message) => setLatest((previous) => ({ id: (previous?.id ?? 0) + 1, message })), []);
  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      <div role="log" aria-live="polite" aria-label="Announcements" className="sr-only">
        {latest && <p key={latest.id}>{latest.message}</p>}
      </div>
    </AnnouncerContext.Provider>
  );
}

/** Says `message` to screen readers through the page's live region. */
export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}
