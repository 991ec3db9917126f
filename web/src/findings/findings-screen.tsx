import type { Position } from 'geojson';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchFlights } from '../api/flights-api';
import {
  actOnFinding,
  fetchFindings,
  fetchFindingTotals,
  type Finding,
  findingActionsFor,
  type FindingTotal,
} from '../api/findings-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useSessionUser } from '../auth/session-context';
import { BaseLayerPicker } from '../basemap/base-layer-picker';
import { distanceKm } from '../map/distance-km';
import { pointInArea } from '../map/point-in-area';
import { useLocateMe } from '../map/use-locate-me';
import { keepFieldPhoto } from './field-photo';
import { FindingDetail } from './finding-detail';
import { FindingForm } from './finding-form';
import { findingPoint } from './finding-point';
import { FindingStepDialog, type StepId } from './finding-step-dialog';
import { FindingsList } from './findings-list';
import { findingCount, FindingsTotals } from './findings-totals';
import { LocateBar } from './locate-bar';
import { useFindingChain } from './use-finding-chain';
import { useFindingsMap } from './use-findings-map';

/**
 * Findings, on a desk and on a phone: suspected plots on a map and in a list (nearest first once
 * the phone is located); a click on the map (or "use my position") places a new one, with
 * evidence picked from the survey photos or taken on the spot; each finding shows its chain
 * and the steps the user's roles allow; the list exports as CSV, GeoJSON and KML; the totals
 * by survey area close the page.
 */
export default function FindingsScreen() {
  const { t } = useTranslation();
  const user = useSessionUser();
  // Analysts and admins read every finding; a pilot reads (and counts) those they recorded.
  const readsAll = user.roles.includes('analyst') || user.roles.includes('admin');
  const mayReject = readsAll;
  const ownOnly = !readsAll;
  const findings = useLoadable(fetchFindings);
  const totals = useLoadable((signal) => fetchFindingTotals(signal, ownOnly));
  const officeTotals = useLoadable((signal) =>
    ownOnly ? fetchFindingTotals(signal) : Promise.resolve<FindingTotal[]>([]),
  );
  const flights = useLoadable((signal) => fetchFlights(undefined, signal));
  const containerRef = useRef<HTMLDivElement>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [step, setStep] = useState<StepId | null>(null);
  const locator = useLocateMe();
  const here = locator.position?.lonLat ?? null;

  const list = loadedOr(findings.state, []);
  const select = useCallback((id: string) => setSelectedId(id), []);
  const { map, failed, baseLayer, areaShapes, clicked } = useFindingsMap(containerRef, list, here, select);
  const areaList = loadedOr(areaShapes, []);
  const rows = useMemo(() => {
    const withDistance = list.map((finding) => {
      const point = findingPoint(finding.geometry);
      return { finding, distanceKm: here && point ? distanceKm(here, point) : null };
    });
    // Standing in the field, the plot to walk to is the nearest one.
    if (here) withDistance.sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity));
    return withDistance;
  }, [list, here]);
  const chain = useFindingChain(selectedId, findings.state);
  const shown = chain ?? list.find((finding) => String(finding.id) === selectedId) ?? null;
  const areaNameOf = (finding: Finding) =>
    areaList.find((area) => String(area.id) === String(finding.areaId))?.name ?? null;
  const areaIdAt = (point: Position): string =>
    String(areaList.find((area) => pointInArea(point as [number, number], area.geometry))?.id ?? '');
  const reload = () => {
    findings.reload();
    totals.reload();
    officeTotals.reload();
  };

  const locate = async () => {
    const lonLat = await locator.locate();
    if (lonLat && map)
      map.flyTo({ center: lonLat as [number, number], zoom: Math.max(map.getZoom(), 14), duration: 0 });
  };

  const stepsFor = (finding: Finding): StepId[] =>
    findingActionsFor(finding.status)
      .filter((action) => action !== 'reject' || mayReject)
      .flatMap((action) =>
        action === 'verify' ? (['verifyConfirmed', 'verifyNotFound'] as StepId[]) : [action as StepId],
      );

  return (
    <div className="page findings-screen">
      <h1>{t('findings.title')}</h1>
      <LocateBar locator={locator} onLocate={() => void locate()} />
      <div className="findings-screen__layout">
        <div className="findings-screen__map">
          {failed ? (
            <p className="page-problem">{t('map.webglMissing')}</p>
          ) : (
            <div ref={containerRef} className="map-canvas" aria-label={t('findings.mapLabel')} />
          )}
          <p className="page-note">{t('findings.mapHint')}</p>
          <BaseLayerPicker packs={baseLayer.packs} shown={baseLayer.shown} onChoose={baseLayer.choose} />
        </div>
        <div className="findings-screen__side">
          {shown && (
            <FindingDetail
              finding={shown}
              areaName={areaNameOf(shown)}
              steps={stepsFor(shown)}
              here={here}
              onStep={setStep}
            />
          )}
          <FindingsList
            state={findings.state}
            rows={rows}
            selectedId={selectedId}
            located={here !== null}
            ownOnly={ownOnly}
            onSelect={select}
          />
          <FindingForm
            roles={user.roles}
            areas={areaList}
            flights={loadedOr(flights.state, [])}
            clicked={clicked}
            here={here}
            areaIdAt={areaIdAt}
            onSaved={(created) => {
              setSelectedId(String(created.id));
              reload();
            }}
          />
        </div>
      </div>
      <FindingsTotals
        totals={totals.state}
        ownOnly={ownOnly}
        officeCount={officeTotals.state.status === 'loaded' ? findingCount(officeTotals.state.value) : null}
      />
      <FindingStepDialog
        step={shown ? step : null}
        onConfirm={async (body) => {
          if (!shown) return;
          await actOnFinding(shown.id, body);
          reload();
        }}
        onClose={() => setStep(null)}
        onPhoto={async (file) => {
          const point = shown ? findingPoint(shown.geometry) : null;
          const areaId = shown?.areaId ? String(shown.areaId) : point ? areaIdAt(point) : '';
          return keepFieldPhoto(file, areaId);
        }}
      />
    </div>
  );
}
