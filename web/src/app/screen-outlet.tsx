import { type ComponentType, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenId } from '../navigation/screens';

// Each screen is its own chunk: the login screen ships without MapLibre, and the map's
// ~280 kB (gzipped) load only once someone opens it.
const screenComponents: Record<ScreenId, ComponentType> = {
  map: lazy(() => import('../map/map-screen')),
  alerts: lazy(() => import('../alerts/alerts-screen')),
  reports: lazy(() => import('../reports/reports-screen')),
  labUpload: lazy(() => import('../wastewater/lab-upload-screen')),
  flights: lazy(() => import('../drone/flight-upload-screen')),
  coverage: lazy(() => import('../survey/coverage-screen')),
  findings: lazy(() => import('../findings/findings-screen')),
};

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
