import type { Request } from 'express';
import type { OfficeScope } from '@skywater/core/offices/office';
import { NotFoundError, UnauthenticatedError } from '@skywater/core/errors/app-error';

/**
 * The one answer to "which offices may this session see": its account's office and every office
 * below it (the province's accounts see all). Every list, object, tile, export, stream and report
 * reads it from here; the SQL filters with `office_id = any($n)`.
 */
export function officeScopeOf(req: Request): OfficeScope {
  const user = req.user;
  if (!user) throw new UnauthenticatedError();
  return { officeId: user.officeId, visibleOfficeIds: user.visibleOfficeIds };
}

/** The visible offices, narrowed to one subtree when a list is filtered by `officeId`. */
export function visibleOfficesOf(req: Request, officeId?: number | null): number[] {
  const { visibleOfficeIds } = officeScopeOf(req);
  if (officeId == null) return visibleOfficeIds;
  return visibleOfficeIds.includes(officeId) ? [officeId] : [];
}

/**
 * The office a new object goes to: the one asked for if the session may see it (404 as if absent
 * otherwise), else the account's own office.
 */
export function officeForNew(req: Request, requested?: number | null): number {
  const scope = officeScopeOf(req);
  if (requested == null) return scope.officeId;
  if (!scope.visibleOfficeIds.includes(requested)) throw new NotFoundError('Office');
  return requested;
}
