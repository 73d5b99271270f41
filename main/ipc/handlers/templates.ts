import type { Services } from '../../core/services';
import type { HandlersOf } from './types';

/** The template library. */
export function templateHandlers({ templates }: Services): HandlersOf<'templates'> {
  return {
    'templates.list': () => ({ items: templates.list() }),
    'templates.save': (request) => templates.save(request),
    'templates.delete': ({ name }) => ({ deleted: templates.remove(name) }),
    'templates.import': ({ text }) => templates.importJson(text),
    'templates.export': () => templates.exportFile(),
  };
}
