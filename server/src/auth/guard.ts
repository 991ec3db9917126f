import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthenticatedError } from '@skywater/core/errors/app-error';
import type { Db } from '@skywater/core/db/db';
import type { Role } from '@skywater/core/auth/roles';
import type { Access } from '../http/route-table';
import { sessionCacheOf } from './session-cache';
import { findSession, SESSION_COOKIE } from './sessions';

/**
 * Reads the session cookie (if any) into `req.user` and `req.csrfToken` (checked against the
 * sessions table, or this process's few-seconds cache of it). If the database cannot
 * be asked, public routes (health, readiness) still answer; the others fail in the guard.
 */
export function loadSession(db: Db): RequestHandler {
  const sessions = sessionCacheOf(db);
  return async (req, _res, next) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) {
      try {
        const session = await sessions.lookup(token, () => findSession(db, token));
        if (session) {
          req.user = session.user;
          req.csrfToken = session.csrfToken;
        }
      } catch (error) {
        req.sessionError = error;
      }
    }
    next();
  };
}

export function hasAccess(roles: readonly Role[] | undefined, access: Access): boolean {
  if (access === 'public') return true;
  if (!roles) return false;
  if (access === 'authenticated') return true;
  return roles.includes('admin') || access.some((role) => roles.includes(role));
}

/** Enforces a route's rule, and the CSRF token on every state-changing request of a session. */
export function guard(access: Access, stateChanging: boolean): RequestHandler {
  return (req, _res, next) => {
    if (access !== 'public' && req.sessionError) throw req.sessionError;
    if (access !== 'public' && !req.user) throw new UnauthenticatedError();
    if (!hasAccess(req.user?.roles, access)) throw new ForbiddenError();
    if (stateChanging && req.user && req.get('x-csrf-token') !== req.csrfToken) {
      throw new ForbiddenError('Missing or wrong X-CSRF-Token header');
    }
    next();
  };
}

/** A cookie's value; one that cannot be percent-decoded (`sw_session=%`) counts as absent. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
