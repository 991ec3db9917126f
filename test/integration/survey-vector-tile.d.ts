// Minimal types for decoding tiles in the integration tests (@mapbox/vector-tile 1 and pbf 3 ship none).
declare module '@mapbox/vector-tile' {
  export class VectorTile {
    constructor(pbf: unknown);
    layers: Record<
      string,
      | {
          length: number;
          feature(i: number): {
            type: number;
            /** The MVT feature id (undefined when the tile carries none). */
            id?: number;
            properties: Record<string, unknown>;
            loadGeometry(): { x: number; y: number }[][];
          };
        }
      | undefined
    >;
  }
}
declare module 'pbf' {
  export default class Protobuf {
    constructor(buffer: Uint8Array);
  }
}
