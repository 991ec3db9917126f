import { type ComponentType, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/auth-api';
import { preloadMapData } from '../map/map-data';
import { resolveScreen, type ScreenId } from '../navigation/screens';

// Each screen is its own chunk: the login screen ships without MapLibre, and the map's
// ~300 kB (gzipped) load only once someone opens it.
const screenLoaders: Record<ScreenId, () => Promise<{ default: ComponentType }>> = {
  map: () => import('../map/map-screen'),
  alerts: () => import('../alerts/alerts-screen'),
  reports: () => import('../reports/reports-screen'),
  province: () => import('../province/province-screen'),
  labUpload: () => import('../wastewater/lab-upload-screen'),
  flights: () => import('../drone/flight-upload-screen'),
  coverage: () => import('../survey/coverage-screen'),
  findings: () => import('../findings/findings-screen'),
  surveyMap: () => import('../survey/survey-map-screen'),
  labImports: () => import('../lab/lab-imports-screen'),
  labResults: () => import('../lab/lab-results-screen'),
  rounds: () => import('../lab/rounds-screen'),
  users: () => import('../admin/users-screen'),
  analytes: () => import('../admin/analytes-screen'),
  areas: () => import('../admin/areas-screen'),
  plausibility: () => import('../admin/plausibility-screen'),
  terrain: () => import('../admin/terrain-screen'),
  audit: () => import('../admin/audit-screen'),
  uncertainty: () => import('../admin/uncertainty-screen'),
  basemaps: () => import('../basemap/basemaps-screen'),
};

const screenComponents = {} as Record<ScreenId, ComponentType>;
for (const id of Object.keys(screenLoaders) as ScreenId[]) screenComponents[id] = lazy(screenLoaders[id]);

/**
 * Starts loading what the screen at `path` needs as soon as the session is known, before React
 * gets there: its chunk (for the map, MapLibre) and, for the map, its first data, all in parallel
 * rather than one after the other (session → chunk → data → tiles).
 */
export function preloadScreen(path: string, roles: readonly Role[]): void {
  const screen = resolveScreen(path, roles);
  if (!screen) return;
  // A failed chunk is reported by the screen outlet when it asks again.
  screenLoaders[screen.id]().catch(() => undefined);
  if (screen.id === 'map') preloadMapData();
}

/** The screen for `screenId`, loaded on first use. */
export function ScreenOutlet({ screenId }: { screenId: ScreenId }) {
  const { t } = useTranslation();
  const Screen = screenComponents[screenId];
  return (
    <Suspense
      fallback={
        <p className="screen-loading" role="status">
          {t('common.loading')}
        </p>
      }
    >
      <Screen />
    </Suspense>
  );
}
