import type { Role } from '../api/auth-api';

/** The screens of the app; each lists the roles that may open it. */
export type ScreenId =
  | 'map'
  | 'alerts'
  | 'reports'
  | 'province'
  | 'labUpload'
  | 'labImports'
  | 'labResults'
  | 'rounds'
  | 'flights'
  | 'coverage'
  | 'findings'
  | 'surveyMap'
  | 'users'
  | 'analytes'
  | 'areas'
  | 'plausibility'
  | 'terrain'
  | 'audit'
  | 'uncertainty'
  | 'basemaps';

/** Menu groups: folded into one drop-down entry each when a user has many screens. */
export type MenuGroup = 'lab' | 'survey' | 'admin';

export interface ScreenDefinition {
  id: ScreenId;
  /** Hash path, e.g. `#/map`. */
  path: `/${string}`;
  roles: readonly Role[];
  group?: MenuGroup;
}

// Roles from the brief (docs/design.md §1): lab technicians upload results; analysts read the map,
// act on alerts and print the bulletin; drone teams upload flights, watch coverage and record
// findings, which analysts also follow. Admins see everything (every list names them).
export const screens: readonly ScreenDefinition[] = [
  { id: 'map', path: '/map', roles: ['analyst', 'admin'] },
  { id: 'alerts', path: '/alerts', roles: ['analyst', 'admin'] },
  { id: 'reports', path: '/reports', roles: ['analyst', 'admin'] },
  // The offices below the user's side by side (the province's cities; a city's districts).
  { id: 'province', path: '/province', roles: ['analyst', 'admin'] },
  { id: 'labUpload', path: '/lab', roles: ['lab', 'admin'], group: 'lab' },
  { id: 'labImports', path: '/lab/imports', roles: ['lab', 'admin'], group: 'lab' },
  { id: 'labResults', path: '/lab/results', roles: ['lab', 'admin'], group: 'lab' },
  // Rounds are created by the lab (before its results come) or by an analyst planning one.
  { id: 'rounds', path: '/rounds', roles: ['lab', 'analyst', 'admin'], group: 'lab' },
  { id: 'flights', path: '/flights', roles: ['pilot', 'admin'], group: 'survey' },
  { id: 'coverage', path: '/coverage', roles: ['pilot', 'analyst', 'admin'], group: 'survey' },
  { id: 'findings', path: '/findings', roles: ['pilot', 'analyst', 'admin'] },
  // Pilots' and ground teams' map: flights, photos, coverage and gaps (no wastewater layers;
  // analysts have these layers on their own map).
  { id: 'surveyMap', path: '/survey-map', roles: ['pilot', 'admin'], group: 'survey' },
  { id: 'users', path: '/users', roles: ['admin'], group: 'admin' },
  { id: 'analytes', path: '/analytes', roles: ['admin'], group: 'admin' },
  { id: 'areas', path: '/areas', roles: ['admin'], group: 'admin' },
  { id: 'plausibility', path: '/plausibility', roles: ['admin'], group: 'admin' },
  { id: 'terrain', path: '/terrain', roles: ['admin'], group: 'admin' },
  { id: 'audit', path: '/audit', roles: ['admin'], group: 'admin' },
  { id: 'uncertainty', path: '/uncertainty', roles: ['admin'], group: 'admin' },
  { id: 'basemaps', path: '/basemaps', roles: ['admin'], group: 'admin' },
];

/** Above this many screens, each menu group is folded into one drop-down entry. */
export const flatMenuLimit = 8;

/** One entry of the menu: a screen, or a group of screens shown as a drop-down. */
export type MenuEntry =
  | { kind: 'screen'; screen: ScreenDefinition }
  | { kind: 'group'; group: MenuGroup; screens: ScreenDefinition[] };

/**
 * The menu for the screens a user may open: flat when they are few (a lab user's four),
 * else each group folded where its first screen stands (an admin's seventeen in eight entries).
 */
export function menuEntries(allowed: readonly ScreenDefinition[]): MenuEntry[] {
  if (allowed.length <= flatMenuLimit) return allowed.map((screen) => ({ kind: 'screen', screen }));
  const entries: MenuEntry[] = [];
  for (const screen of allowed) {
    if (!screen.group) {
      entries.push({ kind: 'screen', screen });
      continue;
    }
    const existing = entries.find((entry) => entry.kind === 'group' && entry.group === screen.group);
    if (existing && existing.kind === 'group') existing.screens.push(screen);
    else entries.push({ kind: 'group', group: screen.group, screens: [screen] });
  }
  return entries;
}

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
