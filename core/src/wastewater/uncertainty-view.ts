import type { CollectionType } from './collection-type';
import type {
  FactorStatus,
  UncertaintyComponentName,
  UncertaintyScope,
  UncertaintySetting,
} from './uncertainty-components';

/** A setting an admin stored (table `uncertainty_components`), with when it last changed. */
export type StoredUncertaintySetting = UncertaintySetting & { updatedAt: Date };

/** `GET /api/uncertainty-components`: the components, where each may be set, the defaults and what is stored. */
export interface UncertaintyCatalogueView {
  components: readonly UncertaintyComponentName[];
  /** The scopes each component accepts, most specific first. */
  scopes: Readonly<Record<UncertaintyComponentName, readonly UncertaintyScope[]>>;
  collectionTypes: readonly CollectionType[];
  factorStatuses: readonly FactorStatus[];
  maxRsd: number;
  defaults: readonly UncertaintySetting[];
  stored: StoredUncertaintySetting[];
}

/** One change of a component setting (`GET /api/uncertainty-components/history`); null before a first setting or after a removal. */
export interface UncertaintyRevisionView {
  id: number;
  component: UncertaintyComponentName;
  scope: UncertaintyScope;
  key: string;
  before: UncertaintySetting | null;
  after: UncertaintySetting | null;
  reason: string;
  actorName: string | null;
  at: Date;
}
