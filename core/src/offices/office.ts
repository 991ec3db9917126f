/** The kinds of office, from the province down (README "Offices"). */
export const OFFICE_KINDS = ['province', 'city', 'county', 'district'] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];

/** The kinds an office created through the API may have: every kind below the province. */
export const CHILD_OFFICE_KINDS = ['city', 'county', 'district'] as const satisfies readonly OfficeKind[];

/** One office as the API returns it; `parentId` null for the province. */
export interface OfficeView {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  kind: OfficeKind;
  parentId: number | null;
  hasTerritory: boolean;
}

/**
 * The offices a session may see: its own and every one below it. Lists and objects outside it
 * answer as if absent (404), so a sibling office's data is never confirmed to exist.
 */
export interface OfficeScope {
  officeId: number;
  visibleOfficeIds: number[];
}
