import type { AppContext } from './app-context';
import { auditRoutes } from './admin/audit-routes';
import { basemapPackRoutes } from './basemap/basemap-pack-routes';
import { alertRoutes } from './alerts/alert-routes';
import { bulletinRoutes } from './reports/bulletin-routes';
import { userRoutes } from './admin/user-routes';
import { authRoutes } from './auth/auth-routes';
import { healthRoutes } from './health/health-routes';
import { openApiRoute } from './http/openapi-route';
import type { RouteDef, RouteModule } from './http/route-table';
import { officeRoutes } from './offices/office-routes';
import { provinceRoutes } from './province/province-routes';
import { areaRoutes } from './places/area-routes';
import { basemapRoutes } from './places/basemap-routes';
import { roundRoutes } from './places/round-routes';
import { siteRoutes } from './places/site-routes';
import { surveyRoutes } from './survey/survey-routes';
import { terrainRoutes } from './survey/terrain-routes';
import { tileRoutes } from './tiles/tile-routes';
import { siteAnalyteRoutes } from './wastewater/site-analytes';
import { uncertaintyRoutes } from './wastewater/uncertainty-routes';
import { wastewaterRoutes } from './wastewater/wastewater-routes';

/** Every route module. A feature adds its module here; each route carries its own access rule. */
export const routeModules: RouteModule[] = [
  healthRoutes,
  authRoutes,
  officeRoutes,
  userRoutes,
  auditRoutes,
  areaRoutes,
  siteRoutes,
  roundRoutes,
  basemapRoutes,
  basemapPackRoutes,
  wastewaterRoutes,
  siteAnalyteRoutes,
  uncertaintyRoutes,
  alertRoutes,
  bulletinRoutes,
  provinceRoutes,
  surveyRoutes,
  terrainRoutes,
  tileRoutes,
];

export function buildRoutes(ctx: AppContext): RouteDef[] {
  const routes = routeModules.flatMap((module) => module(ctx));
  return [...routes, openApiRoute(routes)];
}
