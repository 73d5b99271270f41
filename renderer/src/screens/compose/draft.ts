import { WhatsAppMessage, type MessageContent, type MessageType } from '../../../../shared/messages';
import { fieldErrorsFromZod } from '../../../../shared/result';
import { checkTemplateValues, renderTemplateBody, type TemplateShape } from '../../../../shared/template-params';

/**
 * The composer's editable fields for every type, kept side by side so switching types does not
 * lose what was typed. Pure: building the message and validating it with the shared schema.
 */
export interface Draft {
  type: MessageType;
  text: string;
  previewUrl: boolean;
  templateName: string;
  params: string[];
  url: string;
  caption: string;
  filename: string;
  lat: string;
  lng: string;
  name: string;
  address: string;
}

export const emptyDraft: Draft = {
  type: 'text',
  text: '',
  previewUrl: false,
  templateName: '',
  params: [],
  url: '',
  caption: '',
  filename: '',
  lat: '',
  lng: '',
  name: '',
  address: '',
};

const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value);
/** An empty box is "no number" (the schema says so), not 0. */
const numberOf = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));

/** The message object the draft describes (not yet validated). */
export function draftMessage(draft: Draft): unknown {
  switch (draft.type) {
    case 'text':
      return draft.previewUrl ? { type: 'text', text: draft.text, preview_url: true } : { type: 'text', text: draft.text };
    case 'template': {
      const params = draft.params.map((p) => p);
      return params.length > 0 ? { type: 'template', template_name: draft.templateName, params } : { type: 'template', template_name: draft.templateName };
    }
    case 'image':
    case 'video':
      return { type: draft.type, url: draft.url, caption: optional(draft.caption) };
    case 'document':
      return { type: 'document', url: draft.url, filename: optional(draft.filename), caption: optional(draft.caption) };
    case 'audio':
    case 'sticker':
      return { type: draft.type, url: draft.url };
    case 'location':
      return { type: 'location', lat: numberOf(draft.lat), lng: numberOf(draft.lng), name: optional(draft.name), address: optional(draft.address) };
  }
}

export type DraftCheck = { ok: true; message: WhatsAppMessage } | { ok: false; fields: Record<string, string[]> };

/**
 * Validates with the same schema main and the simulator use; field keys match the API's
 * ("message.lat"). A template's values also get WhatsApp's rules and, when the name is in the
 * library, its entry's (one value per placeholder, none for a media header or buttons).
 */
export function checkDraft(draft: Draft, template: TemplateShape | null = null): DraftCheck {
  const parsed = WhatsAppMessage.safeParse(draftMessage(draft));
  const fields: Record<string, string[]> = {};
  if (!parsed.success) for (const [key, messages] of Object.entries(fieldErrorsFromZod(parsed.error))) fields[`message.${key}`] = messages;
  if (draft.type === 'template') {
    for (const [key, messages] of Object.entries(checkTemplateValues(draft.params, template))) fields[`message.${key}`] ??= messages;
  }
  if (parsed.success && Object.keys(fields).length === 0) return { ok: true, message: parsed.data };
  return { ok: false, fields };
}

/** A library template's body with the values typed so far (empty ones stay {{n}}), or undefined. */
export function templatePreviewBody(draft: Draft, template: TemplateShape | null): string | undefined {
  if (draft.type !== 'template' || !template || template.body === '') return undefined;
  return renderTemplateBody(template.body, draft.params.map((p, i) => (p.trim() === '' ? `{{${i + 1}}}` : p)));
}

/** What the preview bubble shows: the draft as far as it goes, with placeholders. */
export function previewContent(draft: Draft): MessageContent {
  switch (draft.type) {
    case 'text':
      return { type: 'text', text: draft.text || 'Your message appears here.' };
    case 'template':
      return { type: 'template', template_name: draft.templateName || 'template_name', params: draft.params };
    case 'location': {
      const lat = Number(draft.lat);
      const lng = Number(draft.lng);
      return { type: 'location', lat: Number.isFinite(lat) ? lat : 0, lng: Number.isFinite(lng) ? lng : 0, ...(draft.name ? { name: draft.name } : {}), ...(draft.address ? { address: draft.address } : {}) };
    }
    case 'document':
      return { type: 'document', url: draft.url || 'https://…', ...(draft.filename ? { filename: draft.filename } : {}), ...(draft.caption ? { caption: draft.caption } : {}) };
    case 'image':
    case 'video':
      return { type: draft.type, url: draft.url || 'https://…', ...(draft.caption ? { caption: draft.caption } : {}) };
    case 'audio':
    case 'sticker':
      return { type: draft.type, url: draft.url || 'https://…' };
  }
}

/** Loads a queued message back into the form for editing. */
export function draftFrom(message: MessageContent): Draft {
  const d: Draft = { ...emptyDraft, type: message.type };
  switch (message.type) {
    case 'text':
      return { ...d, text: message.text, previewUrl: message.preview_url ?? false };
    case 'template':
      return { ...d, templateName: message.template_name, params: message.params ?? [] };
    case 'location':
      return { ...d, lat: String(message.lat), lng: String(message.lng), name: message.name ?? '', address: message.address ?? '' };
    case 'document':
      return { ...d, url: message.url, filename: message.filename ?? '', caption: message.caption ?? '' };
    case 'image':
    case 'video':
      return { ...d, url: message.url, caption: message.caption ?? '' };
    case 'audio':
    case 'sticker':
      return { ...d, url: message.url };
  }
}

/** What each error key's field holds now ("message.lat" → the latitude box), for errors that follow the input. */
export function draftFieldValues(draft: Draft): Record<string, unknown> {
  return {
    'message.text': draft.text,
    'message.preview_url': draft.previewUrl,
    'message.template_name': draft.templateName,
    'message.params': draft.params,
    ...Object.fromEntries(draft.params.map((param, i) => [`message.params.${i}`, param])),
    'message.url': draft.url,
    'message.caption': draft.caption,
    'message.filename': draft.filename,
    'message.lat': draft.lat,
    'message.lng': draft.lng,
    'message.name': draft.name,
    'message.address': draft.address,
  };
}

const fieldsOfType: Record<MessageType, RegExp> = {
  text: /^message\.text$/,
  template: /^message\.(template_name|params\.\d+)$/,
  image: /^message\.(url|caption)$/,
  video: /^message\.(url|caption)$/,
  document: /^message\.(url|filename|caption)$/,
  audio: /^message\.url$/,
  sticker: /^message\.url$/,
  location: /^message\.(lat|lng|name|address)$/,
};

/** True when the composer shows this message error at one of its fields for this type; the rest go above Send. */
export function shownAtField(type: MessageType, key: string): boolean {
  return fieldsOfType[type].test(key);
}
