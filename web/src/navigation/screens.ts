import type { Role } from '../api/auth-api';

/** The screens of the app that exist so far; each lists the roles that may open it. */
export type ScreenId = 'map' | 'coverage';

export interface ScreenDefinition {
  id: ScreenId;
  /** Hash path, e.g. `#/map`. */
  path: `/${string}`;
  roles: readonly Role[];
}

// Roles from the brief: analysts read the map (and later alerts, reports), pilots watch
// coverage (and later upload flights, record findings), admins see everything.
export const screens: readonly ScreenDefinition[] = [
  { id: 'map', path: '/map', roles: ['analyst', 'admin'] },
  { id: 'coverage', path: '/coverage', roles: ['pilot', 'admin'] },
];

/** The screens a user holding `roles` may open, in menu order. */
export function screensForRoles(roles: readonly Role[]): ScreenDefinition[] {
  return screens.filter((screen) => screen.roles.some((role) => roles.includes(role)));
}

/**
 * The screen to show for a hash path: the one it names when the user may open it, else the
 * first the user may open, else null (a role with no screen yet, e.g. `lab` today).
 */
export function resolveScreen(path: string, roles: readonly Role[]): ScreenDefinition | null {
  const allowed = screensForRoles(roles);
  return allowed.find((screen) => screen.path === path) ?? allowed[0] ?? null;
}
