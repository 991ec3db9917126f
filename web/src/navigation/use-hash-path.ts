import { useSyncExternalStore } from 'react';

/** The path in `location.hash` (`#/coverage` → `/coverage`); `/` when there is none. */
export function currentHashPath(): string {
  const path = window.location.hash.replace(/^#/, '').split('?')[0];
  return path.startsWith('/') ? path : '/';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/**
 * Hash routing: the server only has to serve index.html at `/`, and a bookmarked screen
 * (`/#/coverage`) survives a reload.
 */
export function useHashPath(): string {
  return useSyncExternalStore(subscribe, currentHashPath);
}

export function hrefForPath(path: string): string {
  return `#${path}`;
}
