import { z } from 'zod';

/** An office id in a body or a query (`?officeId=`): lists narrow to that office, new objects go to it. */
export const officeIdField = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
