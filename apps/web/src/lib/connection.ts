import { useSyncExternalStore } from 'react';

/** Whether the API answered lately: the browser's online flag and the last request's fate. */
let online = typeof navigator === 'undefined' ? true : navigator.onLine;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

export function reportNetwork(reachable: boolean): void {
  if (online === reachable) return;
  online = reachable;
  emit();
}

export function isOnline(): boolean {
  return online;
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => reportNetwork(true));
  window.addEventListener('offline', () => reportNetwork(false));
}

export function subscribeConnection(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribeConnection, () => online);
}
