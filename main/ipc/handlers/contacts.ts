import type { Services } from '../../core/services';
import type { HandlersOf } from './types';

/** Names the user gives contacts on this computer. */
export function contactHandlers({ workspaces, events }: Services): HandlersOf<'contacts'> {
  return {
    'contacts.rename': ({ contact, name }) => {
      const shown = workspaces.require().contacts.rename(contact, name);
      events.emit('messages.changed', { contacts: [contact], reason: 'contact' });
      return { contact, name: shown };
    },
  };
}
