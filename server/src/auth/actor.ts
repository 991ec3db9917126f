import type { Request } from 'express';
import type { AuditActor } from '@skywater/core/audit/audit-log';
import type { FindingScope } from '../survey/findings';

/** The logged-in user as the audit log records them. */
export function actorOf(req: Request): AuditActor | null {
  return req.user ? { id: req.user.id, username: req.user.username } : null;
}

/** Analysts and admins see venue- and hotel-level sites; others see area aggregates. */
export function seesRestrictedSites(req: Request): boolean {
  const roles = req.user?.roles ?? [];
  return roles.includes('analyst') || roles.includes('admin');
}

/**
 * Analysts and admins read every finding of the offices they may see; others (pilots) only
 * those they recorded.
 */
export function findingScopeOf(req: Request): FindingScope {
  return {
    recordedBy: seesRestrictedSites(req) ? null : (req.user?.id ?? -1),
    officeIds: req.user?.visibleOfficeIds ?? [],
  };
}
