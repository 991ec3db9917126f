import type { JsonReply } from '../http/json-reply';

/** An analyte as stored (the admin-editable table) and served by `GET /api/analytes`. */
export interface StoredAnalyte {
  code: string;
  /** English name (the same as `nameEn`, kept for older clients). */
  name: string;
  nameEn: string;
  nameZh: string;
  aliases: string[];
  residue: string;
  parentDrug: string | null;
  molarMassDrugGPerMol: number | null;
  molarMassResidueGPerMol: number | null;
  excretedFraction: number | null;
  correctionFactor: number | null;
  provisional: boolean;
  /** A priority substance: its first quantified result at a site is a high alert. */
  priority: boolean;
  source: string | null;
  updatedAt: Date;
}

/** `PATCH /api/analytes/:code`: the analyte after the change, and its revision's id. */
export interface AnalyteEditReply extends StoredAnalyte {
  revisionId: number;
}

/** One change of an analyte (`GET /api/analytes/:code/history`): the rows before and after, as JSON. */
export interface AnalyteRevision {
  id: number;
  before: JsonReply<StoredAnalyte> | null;
  after: JsonReply<StoredAnalyte> | null;
  reason: string;
  actorName: string | null;
  at: Date;
}
