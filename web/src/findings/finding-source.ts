import type { Role } from '@skywater/core/auth/roles';
import type { FindingSource } from '@skywater/core/survey/finding-view';

/**
 * The source a new finding starts with: an analyst (or admin) reads the survey photos; a pilot
 * without those roles is the ground team recording what it finds where it stands. The form
 * offers every source; this is only where it starts.
 * @example defaultFindingSource(['pilot']) // 'ground'
 */
export function defaultFindingSource(roles: readonly Role[]): FindingSource {
  return roles.includes('analyst') || roles.includes('admin') ? 'analyst' : 'ground';
}
