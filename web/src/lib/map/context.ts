import { createContext } from 'svelte';
import type { Map as MapLibreMap } from 'maplibre-gl';

interface MapHolder {
  readonly map: MapLibreMap | null;
}

const [getMapHolder, setMapHolder] = createContext<MapHolder>();

/** Called by MapView during its setup; the map itself is created later, on mount. */
export { setMapHolder };

/**
 * The map, for a layer component. MapView renders its children only after the
 * map's 'load' event, so a layer can add its sources and layers straight away.
 */
export function useMap(): MapLibreMap {
  const map = getMapHolder().map;
  if (!map) throw new Error('useMap() outside a loaded MapView');
  return map;
}

/**
 * Removes a layer's sources and layers unless the whole map is already gone:
 * on unmount MapView's own cleanup may run before its children's.
 */
export function removeFromMap(map: MapLibreMap, layerIds: string[], sourceIds: string[]): void {
  if (map._removed) return;
  for (const id of layerIds) if (map.getLayer(id)) map.removeLayer(id);
  for (const id of sourceIds) if (map.getSource(id)) map.removeSource(id);
}
