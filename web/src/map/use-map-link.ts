import { useEffect, useEffectEvent, useState } from 'react';
import type { Round } from '../api/rounds-api';
import type { SiteCollection, SiteProperties } from '../api/sites-api';
import type { Loadable } from '../survey/use-survey-areas';
import { type MapLink, mapLinkFromHash } from './map-link';

export interface MapLinkTarget {
  site: SiteProperties;
  /** The round's index in the map's round list, when the link names a round the map has. */
  roundIndex: number | null;
  analyte?: string;
}

/**
 * Follows a link into the map (`#/map?site=&round=&analyte=`, as an alert's "on the map" link):
 * once the sites and rounds are in, calls `open` with the site, the round's index and the
 * analyte, so the drawer opens on the site at that round. Each link is followed once.
 */
export function useMapLink(
  sites: Loadable<SiteCollection>,
  rounds: readonly Round[],
  roundsSettled: boolean,
  open: (target: MapLinkTarget) => void,
): void {
  const [link, setLink] = useState<MapLink | null>(() => mapLinkFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setLink(mapLinkFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const follow = useEffectEvent((target: MapLinkTarget) => open(target));
  useEffect(() => {
    if (!link || sites.status !== 'loaded' || !roundsSettled) return;
    const feature = sites.value.features.find((candidate) => String(candidate.properties.id) === link.siteId);
    setLink(null);
    if (!feature) return;
    const index = link.roundId ? rounds.findIndex((round) => String(round.id) === link.roundId) : -1;
    follow({ site: feature.properties, roundIndex: index >= 0 ? index : null, analyte: link.analyte });
  }, [link, sites, rounds, roundsSettled]);
}
