import { z } from 'zod';

/**
 * The WhatsApp message objects of SMSGlobal's API, with the seed's rules. Shared by the
 * composer (field errors before sending), main (validation at the IPC boundary) and the
 * simulator (the server's 400 answers), so all three agree on what a valid message is.
 */

const trimmed = (label: string) => z.string({ error: `${label} is required.` }).trim().min(1, `${label} is required.`);

/** A public http or https URL; anything else (ftp:, file:, data:, javascript:) is refused. */
export const PublicUrl = z
  .string({ error: 'A URL is required.' })
  .trim()
  .min(1, 'A URL is required.')
  .max(2048, 'The URL is too long.')
  .refine(isHttpUrl, { message: 'Use an http:// or https:// link.' });

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters.`)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

export const TextMessage = z.object({
  type: z.literal('text'),
  text: trimmed('Text').max(4096, 'WhatsApp text messages are limited to 4096 characters.'),
  preview_url: z.boolean().optional(),
});

export const TemplateMessage = z.object({
  type: z.literal('template'),
  template_name: trimmed('Template name').max(512, 'The template name is too long.'),
  params: z.array(z.string().max(1024, 'A parameter is too long.')).max(100).optional(),
});

export const ImageMessage = z.object({ type: z.literal('image'), url: PublicUrl, caption: optionalText(1024) });
export const VideoMessage = z.object({ type: z.literal('video'), url: PublicUrl, caption: optionalText(1024) });
export const DocumentMessage = z.object({
  type: z.literal('document'),
  url: PublicUrl,
  filename: optionalText(240),
  caption: optionalText(1024),
});
export const AudioMessage = z.object({ type: z.literal('audio'), url: PublicUrl });
export const StickerMessage = z.object({ type: z.literal('sticker'), url: PublicUrl });
export const LocationMessage = z.object({
  type: z.literal('location'),
  lat: z.number({ error: 'Latitude must be a number.' }).min(-90, 'Latitude must be between -90 and 90.').max(90, 'Latitude must be between -90 and 90.'),
  lng: z
    .number({ error: 'Longitude must be a number.' })
    .min(-180, 'Longitude must be between -180 and 180.')
    .max(180, 'Longitude must be between -180 and 180.'),
  name: optionalText(1000),
  address: optionalText(1000),
});

export const WhatsAppMessage = z.discriminatedUnion('type', [
  TextMessage,
  TemplateMessage,
  ImageMessage,
  VideoMessage,
  DocumentMessage,
  AudioMessage,
  StickerMessage,
  LocationMessage,
]);
export type WhatsAppMessage = z.infer<typeof WhatsAppMessage>;
export type WhatsAppMessageInput = z.input<typeof WhatsAppMessage>;
export type MessageType = WhatsAppMessage['type'];
export const MessageTypes = ['text', 'template', 'image', 'video', 'document', 'audio', 'sticker', 'location'] as const satisfies readonly MessageType[];

export type MediaType = 'image' | 'video' | 'document' | 'audio' | 'sticker';
export const MEDIA_TYPES: readonly MediaType[] = ['image', 'video', 'document', 'audio', 'sticker'];

const MB = 1024 * 1024;
const imageTypes = ['image/jpeg', 'image/png'];
const audioTypes = ['audio/aac', 'audio/mp4', 'audio/amr', 'audio/mpeg', 'audio/ogg', 'audio/opus'];
const videoTypes = ['video/mp4', 'video/3gpp'];
const stickerTypes = ['image/webp'];

/** Accepted content types and post-processing size limits per media type (seed table). */
export const MEDIA_RULES: Record<MediaType, { contentTypes: readonly string[]; maxBytes: number }> = {
  image: { contentTypes: imageTypes, maxBytes: 5 * MB },
  audio: { contentTypes: audioTypes, maxBytes: 16 * MB },
  video: { contentTypes: videoTypes, maxBytes: 16 * MB },
  sticker: { contentTypes: stickerTypes, maxBytes: 100 * 1024 },
  document: {
    contentTypes: [
      ...imageTypes,
      ...audioTypes,
      ...videoTypes,
      ...stickerTypes,
      'text/plain',
      'text/csv',
      'application/pdf',
      'application/msword',
      'application/x-tar',
      'application/rtf',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/vnd.oasis.opendocument.text',
    ],
    maxBytes: 100 * MB,
  },
};

export function isMediaMessage(message: WhatsAppMessage): message is Extract<WhatsAppMessage, { type: MediaType }> {
  return (MEDIA_TYPES as readonly string[]).includes(message.type);
}

/**
 * The shape used to show a message that already exists (received or sent): every type with its
 * fields, without the composer's limits — a customer's 6,000-character text must still render.
 */
const loose = <T extends z.ZodRawShape>(shape: T) => z.object(shape);
export const MessageContent = z.discriminatedUnion('type', [
  loose({ type: z.literal('text'), text: z.string(), preview_url: z.boolean().optional() }),
  loose({ type: z.literal('template'), template_name: z.string(), params: z.array(z.string()).optional() }),
  loose({ type: z.literal('image'), url: z.string(), caption: z.string().optional() }),
  loose({ type: z.literal('video'), url: z.string(), caption: z.string().optional() }),
  loose({ type: z.literal('document'), url: z.string(), filename: z.string().optional(), caption: z.string().optional() }),
  loose({ type: z.literal('audio'), url: z.string() }),
  loose({ type: z.literal('sticker'), url: z.string() }),
  loose({ type: z.literal('location'), lat: z.number(), lng: z.number(), name: z.string().optional(), address: z.string().optional() }),
]);
export type MessageContent = z.infer<typeof MessageContent>;

/** The string form lists and gets carry: plain text for text messages, the object's JSON otherwise. */
export function encodeMessageBody(message: MessageContent): string {
  return message.type === 'text' ? message.text : JSON.stringify(message);
}

/**
 * Two message objects say the same thing, as far as a list or get response can tell: key order
 * and absent optional fields aside, and for text only the text (the list carries a text message
 * as its plain text, so preview_url is not there to compare).
 */
export function sameMessage(a: MessageContent, b: MessageContent): boolean {
  if (a.type === 'text' || b.type === 'text') return a.type === b.type && a.type === 'text' && b.type === 'text' && a.text === b.text;
  const canonical = (m: MessageContent): string =>
    JSON.stringify(
      Object.entries(m)
        .filter(([, v]) => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0))
        .sort(([x], [y]) => x.localeCompare(y)),
    );
  return canonical(a) === canonical(b);
}

/**
 * List and get responses carry `message` as a string: plain text for text messages, the JSON of
 * the message object for the other types. Renders by type when it parses as a message object.
 */
export function decodeMessageBody(raw: string): MessageContent {
  const trimmedRaw = raw.trim();
  if (trimmedRaw.startsWith('{')) {
    try {
      // The display schema, not the composer's: no limits to enforce on what already exists.
      const parsed = MessageContent.safeParse(JSON.parse(trimmedRaw));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: it is text that happens to start with a brace.
    }
  }
  return { type: 'text', text: raw };
}

/** The words a message contributes to previews and full-text search. */
export function messageSearchText(message: MessageContent): string {
  switch (message.type) {
    case 'text':
      return message.text;
    case 'template':
      return [message.template_name, ...(message.params ?? [])].join(' ');
    case 'image':
    case 'video':
      return message.caption ?? '';
    case 'document':
      return [message.filename, message.caption].filter(Boolean).join(' ');
    case 'audio':
    case 'sticker':
      return '';
    case 'location':
      return [message.name, message.address].filter(Boolean).join(' ');
  }
}

const typeLabels: Record<MessageType, string> = {
  text: 'Text',
  template: 'Template',
  image: 'Photo',
  video: 'Video',
  document: 'Document',
  audio: 'Audio',
  sticker: 'Sticker',
  location: 'Location',
};

export function messageTypeLabel(type: MessageType): string {
  return typeLabels[type];
}

/** One line for lists: the text, or a label plus whatever words the message has. */
export function messagePreview(message: MessageContent): string {
  if (message.type === 'text') return message.text.replace(/\s+/g, ' ').trim();
  const words = messageSearchText(message).replace(/\s+/g, ' ').trim();
  if (message.type === 'template') return `Template: ${words}`;
  return words ? `${typeLabels[message.type]}: ${words}` : typeLabels[message.type];
}
