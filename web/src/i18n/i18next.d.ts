import 'i18next';
import type { InterfaceText } from './zh-CN';

// Typed keys: a `t('map.layer.sites')` with a typo fails the type check.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: InterfaceText };
  }
}
