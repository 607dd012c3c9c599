'use client';

import { useEffect, useState } from 'react';

/** The browser's clock, ticking every second, for ages that grow while the page sits still. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
