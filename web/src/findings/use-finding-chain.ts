import { useEffect, useState } from 'react';
import { fetchFinding, type FindingWithEvents } from '../api/findings-api';

/**
 * The chain of events of the finding `selectedId`, read again whenever `version` changes (the
 * list re-read after a step). Another finding: the old chain is dropped at once; the same one
 * re-read: it stays until the new one comes, so the detail does not flash.
 */
export function useFindingChain(selectedId: string | null, version: unknown): FindingWithEvents | null {
  const [chain, setChain] = useState<FindingWithEvents | null>(null);
  useEffect(() => {
    setChain((current) => (current && String(current.id) === selectedId ? current : null));
    if (!selectedId) return;
    const controller = new AbortController();
    fetchFinding(Number(selectedId), controller.signal).then(setChain, () => undefined);
    return () => controller.abort();
  }, [selectedId, version]);
  return chain && String(chain.id) === selectedId ? chain : null;
}
