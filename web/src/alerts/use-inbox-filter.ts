import { useCallback, useEffect, useState } from 'react';
import {
  type InboxFilter,
  inboxFilterFromParams,
  inboxFilterParams,
  inboxFilterStorageKey,
  initialInboxFilter,
} from './inbox-filter';

/**
 * The inbox's filter, kept across visits: in the address (`#/alerts?status=open&kind=spike`, so
 * it can be bookmarked or sent) and in this browser's storage (so the menu link reopens it).
 */
export function useInboxFilter(): [InboxFilter, (change: Partial<InboxFilter>) => void] {
  const [filter, setFilter] = useState<InboxFilter>(() =>
    initialInboxFilter(window.location.hash, globalThis.localStorage),
  );
  // A link followed while the inbox is open (`#/alerts?kind=spike`) changes what it shows.
  useEffect(() => {
    const onHash = () => {
      const hash = window.location.hash;
      if (!hash.startsWith('#/alerts?')) return;
      setFilter(inboxFilterFromParams(new URLSearchParams(hash.slice(hash.indexOf('?') + 1))));
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const change = useCallback((next: Partial<InboxFilter>) => {
    setFilter((current) => {
      const updated = { ...current, ...next };
      const params = inboxFilterParams(updated).toString();
      // replaceState: a filter change is not a new page for the Back button, and fires no hashchange.
      window.history.replaceState(window.history.state, '', `#/alerts?${params}`);
      try {
        globalThis.localStorage?.setItem(inboxFilterStorageKey, params);
      } catch {
        // Storage refused: the address still holds the filter.
      }
      return updated;
    });
  }, []);
  return [filter, change];
}
