import type { TFunction } from 'i18next';

/**
 * The first field of `form` the browser finds invalid, said in the interface language (forms
 * carry `noValidate`: the browser's own bubbles speak the browser's language, not the app's).
 * Focuses that field and returns "label: problem", or null when every field is valid.
 */
export function firstInvalidField(form: HTMLFormElement, t: TFunction): string | null {
  for (const element of Array.from(form.elements)) {
    if (!(
      element instanceof HTMLInputElement ||
      element instanceof HTMLSelectElement ||
      element instanceof HTMLTextAreaElement
    ))
      continue;
    if (element.validity.valid || element.disabled) continue;
    const validity = element.validity;
    const problem = validity.valueMissing
      ? t('forms.required')
      : validity.badInput || validity.typeMismatch
        ? t('forms.badInput')
        : validity.rangeUnderflow
          ? t('forms.tooSmall', { min: (element as HTMLInputElement).min })
          : validity.rangeOverflow
            ? t('forms.tooLarge', { max: (element as HTMLInputElement).max })
            : validity.tooLong
              ? t('forms.tooLong')
              : t('forms.badInput');
    element.focus();
    // The label's own words, not the option texts of a select it wraps.
    const label =
      Array.from(element.labels?.[0]?.childNodes ?? [])
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent ?? '')
        .join('')
        .trim() ||
      element.getAttribute('aria-label') ||
      element.name;
    return label ? t('forms.fieldProblem', { label, problem }) : problem;
  }
  return null;
}
