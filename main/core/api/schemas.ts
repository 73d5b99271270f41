import { z } from 'zod';

/**
 * Response shapes, validated at the boundary. Objects tolerate unknown fields (zod strips them);
 * ids are always strings (SMSGlobal ids can exceed 2^53); numbers and booleans that arrive as
 * strings are accepted, because PHP back ends are loose about both.
 */

export const Id = z.union([z.string().min(1), z.number().int()]).transform((v) => String(v));
const Text = z.union([z.string(), z.number()]).transform((v) => String(v));
const OptionalText = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? '' : String(v)));
const Bool = z.union([z.boolean(), z.number(), z.string()]).transform((v) => v === true || v === 1 || v === '1' || v === 'true');
const Count = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

export const IncomingMessageBody = z.object({
  id: Id,
  from: Text,
  to: Text,
  message: OptionalText,
  createdDate: z.string(),
});

export const OutgoingMessageBody = z.object({
  id: Id,
  recipient: Text,
  status: OptionalText,
  state: OptionalText,
  message: OptionalText,
  createdDate: z.string(),
});

export const listBody = <T extends z.ZodType>(item: T) =>
  z.object({
    total: Count,
    offset: Count.optional(),
    limit: Count.optional(),
    messages: z.array(item).nullable().transform((v) => v ?? []),
  });

export const IncomingListBody = listBody(IncomingMessageBody);
export const OutgoingListBody = listBody(OutgoingMessageBody);

export const OptInBody = z.object({
  name: OptionalText,
  number: Text,
  capable: Bool.optional().transform((v) => v ?? false),
  blacklist: Bool.optional().transform((v) => v ?? false),
});

export const OptInListBody = z.object({ optIn: z.array(OptInBody).nullable().transform((v) => v ?? []) });
export const CapabilityBody = z.object({ capabilities: z.array(OptInBody).nullable().transform((v) => v ?? []) });

/** A send answers with one message, or {messages: [...]} for several recipients. */
export const SendBody = z.union([OutgoingMessageBody.transform((m) => [m]), z.object({ messages: z.array(OutgoingMessageBody) }).transform((b) => b.messages)]);

export type OptIn = z.output<typeof OptInBody>;
