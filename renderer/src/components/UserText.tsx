import type { ReactElement } from 'react';
import { showHiddenCharacters } from '../../../shared/visible-text';

/**
 * A name or number that came from outside the app (a customer, a spreadsheet, SMSGlobal's lists):
 * isolated from the text around it (<bdi>, direction from its own first letter), with control and
 * bidi-override characters shown, so it can neither disguise itself nor reorder its neighbours.
 */
export function UserText({ text, className }: { text: string; className?: string | undefined }): ReactElement {
  return (
    <bdi dir="auto" className={className}>
      {showHiddenCharacters(text)}
    </bdi>
  );
}

/** A contact's name, or its number when it has none. */
export function contactTitle(name: string | null, contact: string): string {
  return name ?? `+${contact}`;
}

/** The same title for an accessible name (aria-label), hidden characters shown. */
export function contactLabel(name: string | null, contact: string): string {
  return showHiddenCharacters(contactTitle(name, contact));
}
