import type { RouteModule } from '../http/route-table';
import { cameraRoutes } from './camera-routes';
import { coverageRoutes } from './coverage-routes';
import { findingRoutes } from './finding-routes';
import { flightRoutes } from './flight-routes';
import { imageRoutes } from './image-routes';

/** The drone survey's routes: cameras, flights, images, coverage and gaps, findings. */
export const surveyRoutes: RouteModule = (ctx) => [
  ...cameraRoutes(ctx),
  ...flightRoutes(ctx),
  ...imageRoutes(ctx),
  ...coverageRoutes(ctx),
  ...findingRoutes(ctx),
];
