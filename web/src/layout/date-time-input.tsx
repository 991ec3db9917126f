import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLOCK_TIME_PATTERN, isClockTime, localDateTime } from './calendar-day';
import { DateInput } from './date-input';

export interface DateTimeInputProps {
  /** Local `YYYY-MM-DDTHH:MM`, or '' for none. */
  value: string;
  /** Called with a whole local date-time, or '' while either part is empty or half-typed. */
  onChange: (localDateTime: string) => void;
  required?: boolean;
  /** The day field's name; the time field's is this with `Time` added. */
  name?: string;
}

/**
 * A date and a time of day written the same way in every language, `2026-03-10` and `14:30`
 * (24-hour clock), as the tables write them (formatDateTime): a native `datetime-local` field
 * speaks the browser's locale instead ("03/10/2026, 02:30 PM" in an English browser reading
 * the Chinese interface). The day is the app's DateInput, with its calendar button.
 */
export function DateTimeInput({ value, onChange, required, name }: DateTimeInputProps) {
  const { t } = useTranslation();
  const [day, setDay] = useState(value.slice(0, 10));
  const [time, setTime] = useState(value.slice(11, 16));
  const emitted = useRef(value);
  // A value set from outside (the dialog reopened at "now") replaces both parts.
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value;
      setDay(value.slice(0, 10));
      setTime(value.slice(11, 16));
    }
  }, [value]);

  const take = (nextDay: string, nextTime: string) => {
    setDay(nextDay);
    setTime(nextTime);
    const joined = localDateTime(nextDay, nextTime.trim());
    if (joined !== emitted.current) {
      emitted.current = joined;
      onChange(joined);
    }
  };

  return (
    <span className="date-time-input">
      <DateInput name={name} required={required} value={day} onChange={(next) => take(next, time)} />
      <input
        className="date-time-input__time"
        name={name ? `${name}Time` : undefined}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        required={required}
        pattern={CLOCK_TIME_PATTERN}
        maxLength={5}
        placeholder={t('forms.timePlaceholder')}
        aria-label={t('forms.timeOfDay')}
        aria-invalid={time !== '' && !isClockTime(time.trim())}
        value={time}
        onChange={(event) => take(day, event.target.value)}
      />
    </span>
  );
}
