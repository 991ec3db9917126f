/** One line of the append-only audit log as `GET /api/audit` answers it (newest first). */
export interface AuditEntryView {
  id: number;
  at: Date;
  /** The office of the entry's actor. */
  officeId: number;
  actor: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  /** The object before and after the change, as recorded (JSON). */
  before: unknown;
  after: unknown;
  requestId: string | null;
}
