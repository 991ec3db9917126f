import type { LabelLanguage } from '../alerts/alert-labels';
import type { FindingStatus } from './finding-status';

/**
 * The words a reader sees for a finding's status, in each interface language: the web app's
 * dictionaries (`map.findingStatus`) say the same, and the province bulletin prints these.
 */
export const FINDING_STATUS_LABELS: Record<LabelLanguage, Record<FindingStatus, string>> = {
  'zh-CN': {
    suspected: '疑似',
    verified: '已核实',
    rejected: '已排除',
    eradicated: '已铲除',
    resurveyed: '已复查',
  },
  en: {
    suspected: 'Suspected',
    verified: 'Verified',
    rejected: 'Rejected',
    eradicated: 'Eradicated',
    resurveyed: 'Re-surveyed',
  },
};
