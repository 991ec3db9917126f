import type { Role } from '@skywater/core/auth/roles';

/**
 * Who may read each kind of survey data, whichever way it is served: the JSON routes and the
 * vector-tile layers of the same data take their rule from here, so a map tile never shows a
 * role what the route refuses it (role-matrix.test.ts checks both against this table).
 */
export const DATA_READERS = {
  /** Flights: pilots' names, teams and tracks. */
  flights: ['pilot', 'analyst'],
  /** Photos: ids, footprints, capture times, QC flags. */
  images: ['pilot', 'analyst'],
  /** Suspected plots (pilots: those they recorded). */
  findings: ['analyst', 'pilot'],
  /** Gi* hot spots and emerging patterns of a round (the bulletin, the hotspots tiles). */
  hotspots: ['analyst'],
} as const satisfies Record<string, readonly Role[]>;
