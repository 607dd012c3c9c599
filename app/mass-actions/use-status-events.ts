'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { massActionKeys } from './queries';

const STREAM_LOCK = 'mass-action-console.status-stream';
const CHANNEL = 'mass-action-console.status';

/**
 * Refetches the mass actions on screen as soon as the server says a status changed (server-sent
 * events, lib/mass-actions/status-events.ts), instead of at the next poll. One tab of the browser
 * holds the stream and passes its events to the others: a browser allows six connections to one
 * host over HTTP/1.1, and a stream per tab would leave a seventh tab waiting for ever. While refresh
 * is paused, nothing is refetched.
 */
export function useStatusEvents(isPaused: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (isPaused) return;
    const refetch = () => void queryClient.invalidateQueries({ queryKey: massActionKeys.all });
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
    if (channel) channel.onmessage = refetch;
    const stop = new AbortController();
    const holdStream = () => new Promise<void>((release) => {
      const source = new EventSource('/api/mass-actions/events');
      source.addEventListener('status', (event) => {
        refetch();
        channel?.postMessage(event.data);
      });
      stop.signal.addEventListener('abort', () => {
        source.close();
        release();
      });
    });
    if (navigator.locks) navigator.locks.request(STREAM_LOCK, { signal: stop.signal }, holdStream).catch(() => undefined);
    else void holdStream();
    return () => {
      stop.abort();
      channel?.close();
    };
  }, [queryClient, isPaused]);
}
