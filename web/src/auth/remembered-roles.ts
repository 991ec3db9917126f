import { ROLES, type Role } from '@skywater/core/auth/roles';

const storageKey = 'skywater.lastRoles';

/**
 * The roles of the session this browser had last time: the page guesses its first screen from
 * them and starts loading that screen (for the map, MapLibre and its data) while the session
 * check is on its way. A wrong guess only costs a download; the screen shown follows the session.
 */
export function rememberedRoles(storage: Pick<Storage, 'getItem'> | undefined): Role[] {
  try {
    const stored: unknown = JSON.parse(storage?.getItem(storageKey) ?? '[]');
    return Array.isArray(stored) ? stored.filter((role): role is Role => ROLES.includes(role as Role)) : [];
  } catch {
    // Refused storage or a stray value: no guess, the page waits for the session as before.
    return [];
  }
}

/** Keeps the session's roles for the next visit, or forgets them when nobody is logged in. */
export function rememberRoles(
  storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined,
  roles: readonly Role[] | null,
): void {
  try {
    if (roles && roles.length > 0) storage?.setItem(storageKey, JSON.stringify(roles));
    else storage?.removeItem(storageKey);
  } catch {
    // Not remembered: the next visit waits for its session check before loading the screen.
  }
}
