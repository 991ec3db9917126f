import type { JsonReply } from '@skywater/core/http/json-reply';
import type {
  UncertaintyComponentName,
  UncertaintyScope,
  UncertaintySetting as UncertaintySettingView,
} from '@skywater/core/wastewater/uncertainty-components';
import type { UncertaintyCatalogueView, UncertaintyRevisionView } from '@skywater/core/wastewater/uncertainty-view';
import { apiRequest } from './http-client';

/** The components behind every 95 % interval and where each may be set, as core declares them. */
export type { UncertaintyComponentName, UncertaintyScope };

/** One component's relative standard deviation at one scope, with its source; a stored one says when it changed. */
export type UncertaintySetting = UncertaintySettingView & { updatedAt?: string };

/** `GET /api/uncertainty-components`, as the server declares it. */
export type UncertaintyCatalogue = JsonReply<UncertaintyCatalogueView>;

/** One change of a component setting (`GET /api/uncertainty-components/history`). */
export type UncertaintyRevision = JsonReply<UncertaintyRevisionView>;

export type SettingScope = Pick<UncertaintySetting, 'component' | 'scope' | 'key'>;

export function fetchUncertaintyCatalogue(signal?: AbortSignal): Promise<UncertaintyCatalogue> {
  return apiRequest<UncertaintyCatalogue>('/api/uncertainty-components', { signal });
}

export function saveUncertaintySetting(
  setting: SettingScope & { rsd: number; source: string; reason: string },
): Promise<UncertaintySetting> {
  return apiRequest<UncertaintySetting>('/api/uncertainty-components', { method: 'PUT', body: setting });
}

export function removeUncertaintySetting(scope: SettingScope & { reason: string }): Promise<void> {
  return apiRequest<void>('/api/uncertainty-components', { method: 'DELETE', body: scope });
}

export function fetchUncertaintyHistory(
  scope: Partial<SettingScope>,
  signal?: AbortSignal,
): Promise<UncertaintyRevision[]> {
  const query = new URLSearchParams(
    Object.entries(scope).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  return apiRequest<UncertaintyRevision[]>(`/api/uncertainty-components/history?${query.toString()}`, {
    signal,
  });
}

/**
 * The setting that applies to a component at a scope: the stored one at that scope, else the
 * shipped default at that scope, else (for a site or an analyte) the component's general
 * setting, stored over shipped; as the server resolves it (core/src/wastewater/uncertainty-components.ts).
 */
export function effectiveSetting(
  catalogue: UncertaintyCatalogue,
  scope: SettingScope,
  provisional = false,
): { setting: UncertaintySetting | null; stored: boolean; inherited: boolean } {
  const same = (s: UncertaintySetting, at: SettingScope) =>
    s.component === at.component && s.scope === at.scope && s.key === at.key;
  const stored = catalogue.stored.find((s) => same(s, scope));
  if (stored) return { setting: stored, stored: true, inherited: false };
  const shipped = catalogue.defaults.find((s) => same(s, scope));
  if (shipped) return { setting: shipped, stored: false, inherited: false };
  const general: SettingScope =
    scope.component === 'excretion'
      ? { component: 'excretion', scope: 'factor', key: provisional ? 'provisional' : 'established' }
      : { component: scope.component, scope: 'default', key: '' };
  const storedGeneral = catalogue.stored.find((s) => same(s, general));
  const shippedGeneral = catalogue.defaults.find((s) => same(s, general));
  return { setting: storedGeneral ?? shippedGeneral ?? null, stored: false, inherited: true };
}
