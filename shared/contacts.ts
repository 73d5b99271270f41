import { z } from 'zod';
import { hasHiddenCharacters } from './visible-text';

/** Names the user gives contacts on this computer. They win over the opt-in list's names. */

export const LOCAL_NAME_MAX = 80;

/** A name as typed; an empty one removes the local name (the opt-in list's name shows again). */
export const LocalName = z
  .string()
  .trim()
  .max(LOCAL_NAME_MAX, `Keep the name to ${LOCAL_NAME_MAX} characters or fewer.`)
  .refine((name) => !hasHiddenCharacters(name), 'The name holds invisible control characters; type it again.')
  .transform((name) => (name === '' ? null : name));

export const RenameContact = z.object({ contact: z.string().trim().min(1).max(32), name: LocalName });
export type RenameContact = z.input<typeof RenameContact>;

export const RenamedContact = z.object({ contact: z.string(), name: z.string().nullable() });

export const UnreadTotal = z.object({ messages: z.number().int().nonnegative(), conversations: z.number().int().nonnegative() });
export type UnreadTotal = z.infer<typeof UnreadTotal>;

/**
 * New customer messages that arrived with a sync, worded for a system notification. Main decides
 * when one is due (core/notifications.ts); the desktop shell shows it while the window is in the
 * background, and the web preview's page through the browser's Notification API.
 */
export const NewMessagesNotice = z.object({
  count: z.number().int().positive(),
  contacts: z.array(z.string()),
  title: z.string(),
  body: z.string(),
});
export type NewMessagesNotice = z.infer<typeof NewMessagesNotice>;
