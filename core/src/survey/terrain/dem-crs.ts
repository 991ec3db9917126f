/**
 * Coordinate reference systems a DEM may come in, by EPSG code, as proj4 definitions. The
 * parameters are those of the EPSG registry (epsg.io): WGS 84 (4326), CGCS2000 (4490, GRS80
 * ellipsoid, which differs from WGS 84 by well under a millimetre in position), WGS 84 / UTM
 * zones (326zz north, 327zz south), Web Mercator (3857), and CGCS2000 Gauss-Krüger zones:
 * 6° zones 13-23 with the zone number in the false easting (4491-4501) and without it, named by
 * central meridian 75-135° E (4502-4512); 3° zones 25-45 with the zone number (4513-4533) and
 * by central meridian 75-135° E (4534-4554).
 */
export interface DemCrs {
  epsg: number;
  name: string;
  proj4: string;
  /** True when coordinates are degrees of longitude and latitude. */
  geographic: boolean;
}

const GRS80_GK = (centralMeridianDeg: number, falseEastingM: number) =>
  `+proj=tmerc +lat_0=0 +lon_0=${centralMeridianDeg} +k=1 +x_0=${falseEastingM} +y_0=0 +ellps=GRS80 +units=m +no_defs`;

/** The CRS of an EPSG code, or null when it is not one a DEM is expected in. */
export function crsForEpsg(epsg: number): DemCrs | null {
  if (epsg === 4326)
    return { epsg, name: 'WGS 84', proj4: '+proj=longlat +datum=WGS84 +no_defs', geographic: true };
  if (epsg === 4490)
    return { epsg, name: 'CGCS2000', proj4: '+proj=longlat +ellps=GRS80 +no_defs', geographic: true };
  if (epsg === 3857)
    return {
      epsg,
      name: 'WGS 84 / Pseudo-Mercator',
      proj4:
        '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
      geographic: false,
    };
  if ((epsg >= 32601 && epsg <= 32660) || (epsg >= 32701 && epsg <= 32760)) {
    const south = epsg >= 32701;
    const zone = epsg - (south ? 32700 : 32600);
    return {
      epsg,
      name: `WGS 84 / UTM zone ${zone}${south ? 'S' : 'N'}`,
      proj4: `+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`,
      geographic: false,
    };
  }
  if (epsg >= 4491 && epsg <= 4501) {
    const zone = 13 + (epsg - 4491);
    const cm = zone * 6 - 3;
    return {
      epsg,
      name: `CGCS2000 / Gauss-Kruger zone ${zone}`,
      proj4: GRS80_GK(cm, zone * 1_000_000 + 500_000),
      geographic: false,
    };
  }
  if (epsg >= 4502 && epsg <= 4512) {
    const cm = 75 + 6 * (epsg - 4502);
    return {
      epsg,
      name: `CGCS2000 / Gauss-Kruger CM ${cm}E`,
      proj4: GRS80_GK(cm, 500_000),
      geographic: false,
    };
  }
  if (epsg >= 4513 && epsg <= 4533) {
    const zone = 25 + (epsg - 4513);
    return {
      epsg,
      name: `CGCS2000 / 3-degree Gauss-Kruger zone ${zone}`,
      proj4: GRS80_GK(zone * 3, zone * 1_000_000 + 500_000),
      geographic: false,
    };
  }
  if (epsg >= 4534 && epsg <= 4554) {
    const cm = 75 + 3 * (epsg - 4534);
    return {
      epsg,
      name: `CGCS2000 / 3-degree Gauss-Kruger CM ${cm}E`,
      proj4: GRS80_GK(cm, 500_000),
      geographic: false,
    };
  }
  return null;
}

/**
 * GeoTIFF GeoKeys (OGC GeoTIFF 1.1, §7) that name the CRS. A user-defined projected CRS
 * (32767) is accepted when its ProjectionGeoKey names a UTM zone on WGS 84 (16001-16060 north,
 * 16101-16160 south).
 */
export interface CrsGeoKeys {
  GTModelTypeGeoKey?: number;
  GeographicTypeGeoKey?: number;
  ProjectedCSTypeGeoKey?: number;
  ProjectionGeoKey?: number;
}

const USER_DEFINED = 32767;

/** The EPSG code the GeoKeys name, or null when they name none this application knows. */
export function epsgFromGeoKeys(keys: CrsGeoKeys): number | null {
  const projected = keys.ProjectedCSTypeGeoKey;
  if (projected !== undefined && projected !== USER_DEFINED) return projected;
  if (projected === USER_DEFINED || keys.GTModelTypeGeoKey === 1) {
    const projection = keys.ProjectionGeoKey;
    if (projection !== undefined && projection >= 16001 && projection <= 16060)
      return 32600 + projection - 16000;
    if (projection !== undefined && projection >= 16101 && projection <= 16160)
      return 32700 + projection - 16100;
    return null;
  }
  const geographic = keys.GeographicTypeGeoKey;
  if (geographic !== undefined && geographic !== USER_DEFINED) return geographic;
  return null;
}
