import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { AppContext } from '../app-context';
import { ROLES, type Role } from '@skywater/core/auth/roles';
import type { RateLimitName } from './rate-limits';

/** Declared in core (one list for the server, the workers and the web); here for the route declarations' readers. */
export { ROLES, type Role };

/**
 * Who may call a route. Every route states it: a route without a rule cannot be declared.
 * - `public`: anyone, logged in or not;
 * - `authenticated`: any logged-in user;
 * - a list of roles: a user holding one of them (admins pass every role rule).
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteDef {
  method: Method;
  /** Express path, e.g. `/api/areas/:id`. */
  path: string;
  access: Access;
  /** One line for the OpenAPI document and the README's role matrix. */
  summary: string;
  handler: (req: Request, res: Response) => Promise<void> | void;
  /** Routes that cost (logins, uploads, rendering) name their limit. */
  rateLimit?: RateLimitName;
  /** The schemas the handler parses its JSON body and query with, for the OpenAPI document. */
  request?: { body?: z.ZodType; query?: z.ZodType };
}

/** A feature's routes, built from the application context. */
export type RouteModule = (ctx: AppContext) => RouteDef[];

export function isStateChanging(method: Method): boolean {
  return method !== 'get';
}
