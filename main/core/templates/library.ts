import type { WhatsAppMessage } from '../../../shared/messages';
import { AppError, fieldErrorsFromZod } from '../../../shared/result';
import { checkTemplateValues } from '../../../shared/template-params';
import {
  LIBRARY_FILE_FORMAT,
  TemplateInput,
  TemplateLibraryFile,
  type TemplateEntry,
} from '../../../shared/templates';
import type { Platform } from '../platform';
import type { WorkspaceManager } from '../workspace';
import type { TemplateLibraryStore } from './library-store';

/**
 * The template library of the current account: what WhatsApp Manager approved (SMSGlobal's API
 * cannot list it), kept by the shop. The composer and campaigns read entries by name
 * (`get`) and check a template message's values against its entry before anything is queued
 * (`checkMessage`); the Templates screen edits, imports and exports the library.
 */

const fieldLabels: Record<string, string> = {
  name: 'name',
  category: 'category',
  language: 'language',
  body: 'body',
  mediaHeader: 'media header',
  buttons: 'buttons',
};

export class TemplatesService {
  constructor(
    private readonly workspaces: WorkspaceManager,
    private readonly platform: Pick<Platform, 'saveFile'>,
  ) {}

  private store(): TemplateLibraryStore {
    return this.workspaces.require().templates;
  }

  list(): TemplateEntry[] {
    return this.store().list();
  }

  /** The entry for a name as sent (exact match), or null when the library does not have it. */
  get(name: string): TemplateEntry | null {
    return this.workspaces.current()?.templates.get(name) ?? null;
  }

  /**
   * Saves an entry from the editor. A name already taken by a complete entry is refused (edit
   * that one instead); a name only seen in the history is completed. A rename removes the old
   * name in the same transaction.
   */
  save(request: { previousName?: string | undefined; template: TemplateInput }): TemplateEntry {
    const store = this.store();
    const { template } = request;
    const previous = request.previousName !== undefined && request.previousName !== template.name ? request.previousName : null;
    const taken = store.get(template.name);
    if (taken?.complete && (previous !== null || request.previousName === undefined)) {
      const message = 'Another template in the library already has this name; edit that one instead.';
      throw new AppError({ code: 'conflict', message, fields: { 'template.name': [message] } });
    }
    store.write([template], Date.now(), previous !== null ? [previous] : []);
    const saved = store.get(template.name);
    if (!saved) throw new Error('a saved template could not be read back');
    return saved;
  }

  remove(name: string): boolean {
    return this.store().remove(name);
  }

  /**
   * Reads a library file. Every entry is checked first and each bad one is named with its
   * problem; if any is bad, nothing is imported. Entries replace those of the same name.
   */
  importJson(text: string): { added: number; updated: number } {
    let data: unknown;
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      throw new AppError({ code: 'validation', message: 'This file is not a template library: it is not JSON.', fields: { file: ['The file is not JSON.'] } });
    }
    const file = TemplateLibraryFile.safeParse(data);
    if (!file.success) {
      const reasons = file.error.issues.map((issue) => issue.message);
      throw new AppError({ code: 'validation', message: reasons[0] ?? 'This is not a template library file.', fields: { file: reasons } });
    }
    const problems: Record<string, string[]> = {};
    const valid: TemplateInput[] = [];
    const firstSeen = new Map<string, number>();
    file.data.templates.forEach((raw, index) => {
      const label = `Template ${index + 1}${describeName(raw)}`;
      const parsed = TemplateInput.safeParse(raw);
      if (!parsed.success) {
        problems[`templates.${index}`] = Object.entries(fieldErrorsFromZod(parsed.error)).map(([field, messages]) => `${label}: ${fieldLabels[field] ?? field}: ${messages.join(' ')}`);
        return;
      }
      const earlier = firstSeen.get(parsed.data.name);
      if (earlier !== undefined) {
        problems[`templates.${index}`] = [`${label}: the same name as template ${earlier + 1}; keep one of them.`];
        return;
      }
      firstSeen.set(parsed.data.name, index);
      valid.push(parsed.data);
    });
    const bad = Object.keys(problems).length;
    if (bad > 0) {
      throw new AppError({
        code: 'validation',
        message: `${bad} of ${file.data.templates.length} templates in the file ${bad === 1 ? 'has a problem' : 'have problems'}; nothing was imported.`,
        fields: problems,
      });
    }
    const store = this.store();
    const updated = valid.filter((t) => store.get(t.name) !== null).length;
    store.write(valid, Date.now());
    return { added: valid.length - updated, updated };
  }

  /** The complete entries as a library file (entries still to complete have nothing to move). */
  exportJson(): { text: string; count: number } {
    const templates = this.store()
      .list()
      .filter((t) => t.complete)
      .map((t) => ({ name: t.name, category: t.category, language: t.language, body: t.body, mediaHeader: t.mediaHeader, buttons: t.buttons }));
    return { text: `${JSON.stringify({ format: LIBRARY_FILE_FORMAT, version: 1, exportedAt: new Date().toISOString(), templates }, null, 2)}\n`, count: templates.length };
  }

  /** Saves the library file where the user picks. */
  async exportFile(): Promise<{ saved: boolean; rows: number; location: string | null }> {
    const { text, count } = this.exportJson();
    const result = await this.platform.saveFile(`templates-${new Date().toISOString().slice(0, 10)}.json`, Buffer.from(text, 'utf8'), 'application/json');
    return { saved: result.saved, rows: count, location: result.location ?? null };
  }

  /**
   * Refuses a template message WhatsApp or SMSGlobal would refuse: values WhatsApp does not
   * accept, parameters for a template with a media header or buttons, or the wrong number of
   * values for the library's body. Field keys match the composer's ("message.params.0").
   */
  checkMessage(message: WhatsAppMessage): void {
    if (message.type !== 'template') return;
    const fields = checkTemplateValues(message.params, this.get(message.template_name));
    const entries = Object.entries(fields);
    if (entries.length === 0) return;
    throw new AppError({
      code: 'validation',
      message: entries[0]?.[1][0] ?? 'A template parameter is not valid.',
      fields: Object.fromEntries(entries.map(([key, messages]) => [`message.${key}`, messages])),
    });
  }
}

function describeName(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null || !('name' in raw) || typeof raw.name !== 'string') return '';
  return ` (“${raw.name.slice(0, 60)}”)`;
}
