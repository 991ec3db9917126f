import { type InputHTMLAttributes, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isCalendarDay } from './calendar-day';

type NativeProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange' | 'min' | 'max'>;

export interface DateInputProps extends NativeProps {
  /** `YYYY-MM-DD`, or '' for none. */
  value: string;
  /** Called with a whole valid day, or '' while the field is empty or half-typed (so a form sees no date). */
  onChange: (isoDate: string) => void;
  min?: string;
  max?: string;
}

/**
 * A date field written the same way in every screen and language, `2026-03-10`, as the tables
 * write days: a native `<input type="date">` shows the browser's locale instead (03/10/2026
 * in an English browser reading the Chinese interface). The calendar button opens the
 * browser's picker for a mouse user; typing works everywhere.
 */
export function DateInput({ value, onChange, min, max, className, ...rest }: DateInputProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const picker = useRef<HTMLInputElement>(null);
  const emitted = useRef(value);
  // A value set from outside (a preset, a reset) replaces what is typed; our own echo does not.
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value;
      setText(value);
    }
  }, [value]);

  const take = (typed: string) => {
    setText(typed);
    const trimmed = typed.trim();
    const day = isCalendarDay(trimmed) ? trimmed : '';
    if (day !== emitted.current) {
      emitted.current = day;
      onChange(day);
    }
  };

  return (
    <span className="date-input">
      <input
        {...rest}
        className={className}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        pattern="\d{4}-\d{2}-\d{2}"
        maxLength={10}
        placeholder={t('forms.datePlaceholder')}
        value={text}
        onChange={(event) => take(event.target.value)}
      />
      <button
        type="button"
        className="date-input__calendar"
        aria-label={t('forms.openCalendar')}
        title={t('forms.openCalendar')}
        onClick={() => picker.current?.showPicker?.()}
      >
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
          <rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" />
          <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" />
        </svg>
      </button>
      <input
        ref={picker}
        className="date-input__picker"
        type="date"
        tabIndex={-1}
        aria-hidden="true"
        value={isCalendarDay(text) ? text : ''}
        min={min}
        max={max}
        onChange={(event) => take(event.target.value)}
      />
    </span>
  );
}
