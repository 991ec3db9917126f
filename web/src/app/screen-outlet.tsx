import { type ComponentType, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenId } from '../navigation/screens';

// Each screen is its own chunk: the login screen ships without MapLibre, and the map's
// ~280 kB (gzipped) load only once someone opens it.
const screenComponents: Record<ScreenId, ComponentType> = {
  map: lazy(() => import('../map/map-screen')),
  coverage: lazy(() => import('../survey/coverage-screen')),
};

/** The screen for `screenId`, loaded on first use. */
export function ScreenOutlet({ screenId }: { screenId: ScreenId }) {
  const { t } = useTranslation();
  const Screen = screenComponents[screenId];
  return (
    <Suspense fallback={<p className="screen-loading" role="status">{t('common.loading')}</p>}>
      <Screen />
    </Suspense>
  );
}
