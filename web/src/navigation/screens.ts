import type { Role } from '../api/auth-api';

/** The screens of the app; each lists the roles that may open it. */
export type ScreenId =
  'map' | 'alerts' | 'reports' | 'labUpload' | 'flights' | 'coverage' | 'findings' | 'surveyMap';

export interface ScreenDefinition {
  id: ScreenId;
  /** Hash path, e.g. `#/map`. */
  path: `/${string}`;
  roles: readonly Role[];
}

// Roles from the brief (DESIGN.md §1): lab technicians upload results; analysts read the map,
// act on alerts and print the bulletin; drone teams upload flights, watch coverage and record
// findings, which analysts also follow. Admins see everything (every list names them).
export const screens: readonly ScreenDefinition[] = [
  { id: 'map', path: '/map', roles: ['analyst', 'admin'] },
  { id: 'alerts', path: '/alerts', roles: ['analyst', 'admin'] },
  { id: 'reports', path: '/reports', roles: ['analyst', 'admin'] },
  { id: 'labUpload', path: '/lab', roles: ['lab', 'admin'] },
  { id: 'flights', path: '/flights', roles: ['pilot', 'admin'] },
  { id: 'coverage', path: '/coverage', roles: ['pilot', 'analyst', 'admin'] },
  { id: 'findings', path: '/findings', roles: ['pilot', 'analyst', 'admin'] },
  // Pilots' and ground teams' map: flights, photos, coverage and gaps (no wastewater layers;
  // analysts have these layers on their own map).
  { id: 'surveyMap', path: '/survey-map', roles: ['pilot', 'admin'] },
];

/** The screens a user holding `roles` may open, in menu order. */
export function screensForRoles(roles: readonly Role[]): ScreenDefinition[] {
  return screens.filter((screen) => screen.roles.some((role) => roles.includes(role)));
}

/**
 * The screen to show for a hash path: the one it names when the user may open it, else the
 * first the user may open, else null (a user without a known role).
 */
export function resolveScreen(path: string, roles: readonly Role[]): ScreenDefinition | null {
  const allowed = screensForRoles(roles);
  return allowed.find((screen) => screen.path === path) ?? allowed[0] ?? null;
}
