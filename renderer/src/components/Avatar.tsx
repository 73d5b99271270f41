import type { CSSProperties, ReactElement } from 'react';
import { avatarLook } from '../avatar';
import { Icon } from './Icon';

/** A contact's round avatar: initials of the name, or a person and the number's country; coloured by the number. */
export function Avatar({ name, contact, large }: { name: string | null; contact: string; large?: boolean }): ReactElement {
  const look = avatarLook(name, contact);
  return (
    <span className={`avatar ${large ? 'avatar--large' : ''}`} style={{ '--avatar-hue': look.hue } as CSSProperties} aria-hidden="true">
      {look.initials ?? <Icon name="person" size={large ? 22 : 20} />}
      {look.region ? <span className="avatar__region">{look.region}</span> : null}
    </span>
  );
}
