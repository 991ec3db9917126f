import type { ImageSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useEffect } from 'react';
import { fetchImage, imagePreviewUrl } from '../api/flights-api';
import { previewCorners } from './footprint-corners';

const sourceId = 'photo-preview';
const layerId = 'photo-preview-raster';

/**
 * A click on an image footprint places that photo's preview on the map, stretched over its
 * picture's four corners on the ground (a MapLibre image source); a click elsewhere on a footprint replaces it.
 * Each footprint feature's id is its photo's (the tile's feature id). A photo whose preview the workers
 * have not made yet says so instead.
 */
export function useFootprintPreview(
  map: MapLibreMap | null,
  onProblem: (message: string) => void,
  notReadyMessage: string,
): void {
  useEffect(() => {
    if (!map) return;
    let controller = new AbortController();
    const onClick = async (event: MapMouseEvent) => {
      if (!map.getLayer('footprints-fill')) return;
      const [hit] = map.queryRenderedFeatures(event.point, { layers: ['footprints-fill'] });
      const imageId = hit?.id;
      if (imageId === undefined || imageId === null) return;
      controller.abort();
      controller = new AbortController();
      try {
        const image = await fetchImage(String(imageId), controller.signal);
        const corners = previewCorners(image);
        if (!corners) return;
        if (image.previewReady === false) {
          onProblem(notReadyMessage);
          return;
        }
        const url = imagePreviewUrl(image.id);
        const existing = map.getSource<ImageSource>(sourceId);
        if (existing) existing.updateImage({ url, coordinates: corners });
        else {
          map.addSource(sourceId, { type: 'image', url, coordinates: corners });
          map.addLayer(
            { id: layerId, type: 'raster', source: sourceId, paint: { 'raster-opacity': 0.95 } },
            'footprints-line',
          );
        }
      } catch (error) {
        if (!(error instanceof DOMException && error.name === 'AbortError'))
          onProblem(error instanceof Error ? error.message : String(error));
      }
    };
    const listener = (event: MapMouseEvent) => void onClick(event);
    map.on('click', listener);
    return () => {
      controller.abort();
      map.off('click', listener);
    };
  }, [map, onProblem, notReadyMessage]);
}
