import { z } from 'zod';
import { checkTemplateBody } from './template-params';

/**
 * The template library as the renderer, main and the JSON file see it. SMSGlobal's API has no
 * call that lists templates, so the shop keeps each approved template's text here: the composer
 * then shows one field per placeholder and a preview, and campaigns (next) read the same entries.
 */

export const TEMPLATE_CATEGORIES = ['marketing', 'utility', 'authentication'] as const;
export const TemplateCategory = z.enum(TEMPLATE_CATEGORIES, { error: 'Choose marketing, utility or authentication.' });
export type TemplateCategory = z.infer<typeof TemplateCategory>;

/** WhatsApp Manager's rule for template names. The API sends the name alone, so it must match exactly. */
export const TemplateName = z
  .string({ error: 'Enter the template’s name.' })
  .trim()
  .min(1, 'Enter the template’s name.')
  .max(512, 'WhatsApp template names are at most 512 characters.')
  .regex(/^[a-z0-9_]+$/, 'Use the name exactly as approved in WhatsApp Manager: lowercase letters, digits and underscores (e.g. order_ready).');

/** WhatsApp's language codes: "en", "en_US", "pt_BR", "zh_HK"… */
export const TemplateLanguage = z
  .string({ error: 'Enter the language code.' })
  .trim()
  .regex(/^[a-z]{2,3}(_[A-Z]{2,4})?$/, 'Use the language code shown in WhatsApp Manager, such as en, en_US or pt_BR.');

export const TemplateBody = z
  .string({ error: 'Enter the body text exactly as approved.' })
  .superRefine((body, ctx) => {
    const problem = checkTemplateBody(body);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A complete entry, as the editor saves it and the JSON file holds it. */
export const TemplateInput = z
  .object({
    name: TemplateName,
    category: TemplateCategory,
    language: TemplateLanguage,
    body: TemplateBody,
    /** An image, video or document header: SMSGlobal's `params` cannot fill it. */
    mediaHeader: z.boolean({ error: 'Say whether it has a media header (true or false).' }),
    /** Quick-reply or call-to-action buttons: SMSGlobal's `params` cannot fill them either. */
    buttons: z.boolean({ error: 'Say whether it has buttons (true or false).' }),
  })
  .strict();
export type TemplateInput = z.infer<typeof TemplateInput>;

export const TemplateEntry = z.object({
  name: z.string(),
  category: TemplateCategory.nullable(),
  language: z.string(),
  /** Empty for a name seen in the outgoing history that nobody has completed yet. */
  body: z.string(),
  mediaHeader: z.boolean(),
  buttons: z.boolean(),
  /** Found in the outgoing history rather than typed in. */
  fromHistory: z.boolean(),
  /** Has its body, category and language: the composer can show its fields and preview. */
  complete: z.boolean(),
  updatedAt: z.number(),
});
export type TemplateEntry = z.infer<typeof TemplateEntry>;

export const TemplateSave = z.object({
  /** The entry's name before this edit (a rename), or absent for a new entry. */
  previousName: z.string().max(512).optional(),
  template: TemplateInput,
});
export type TemplateSave = z.input<typeof TemplateSave>;

export const TemplateRef = z.object({ name: z.string().trim().min(1).max(512) });

export const LIBRARY_FILE_FORMAT = 'whatsapp-desk-templates';

/** The export file. Entries are checked one by one on import, so each bad one gets its own message. */
export const TemplateLibraryFile = z.object({
  format: z.literal(LIBRARY_FILE_FORMAT, { error: 'This is not a template library exported by WhatsApp Desk.' }),
  version: z.literal(1, { error: 'This library file is from a newer version of the app.' }),
  templates: z.array(z.unknown(), { error: 'The file has no list of templates.' }).max(5000, 'The file has more than 5,000 templates.'),
});

export const TemplateImportResult = z.object({ added: z.number().int(), updated: z.number().int() });
