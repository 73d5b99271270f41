import { useEffect, useState, type ReactElement } from 'react';
import { plural } from '../../../shared/plural';
import { formatCount } from '../format';

/** From here on the count turns amber and screen readers hear how much is left. */
export function nearLimit(length: number, max: number): boolean {
  return length >= Math.floor(max * 0.9);
}

/** What a screen reader hears, once the text is near the limit; nothing before. */
export function remainingWords(length: number, max: number): string {
  if (!nearLimit(length, max)) return '';
  const left = max - length;
  return left < 0 ? `${plural(-left, 'character')} over the limit` : `${plural(left, 'character')} left`;
}

/**
 * "123 / 4,096" under a text field: amber near the limit, red past it. It counts what the
 * shared message schema counts (UTF-16 units, as WhatsApp's limit is checked). Screen readers
 * hear it politely and only near the limit, once typing pauses, not on every key.
 */
export function CharacterCount({ length, max }: { length: number; max: number }): ReactElement {
  const tone = length > max ? 'char-count--over' : nearLimit(length, max) ? 'char-count--near' : '';
  const [spoken, setSpoken] = useState('');
  const words = remainingWords(length, max);
  useEffect(() => {
    const timer = setTimeout(() => setSpoken(words), 700);
    return () => clearTimeout(timer);
  }, [words]);
  return (
    <span className={`char-count ${tone}`}>
      <span aria-hidden="true">
        {formatCount(length)} / {formatCount(max)}
      </span>
      <span className="visually-hidden" aria-live="polite">
        {spoken}
      </span>
    </span>
  );
}
