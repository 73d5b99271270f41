import type { Services } from '../../core/services';
import type { HandlersOf } from './types';

/** Campaign drafts: loading a spreadsheet, mapping it to a template, and its check. */
export function campaignDraftHandlers({ campaignDrafts: drafts }: Services): HandlersOf<'campaignDrafts'> {
  return {
    'campaignDrafts.limits': () => drafts.limits(),
    'campaignDrafts.pick': async () => ({ draft: await drafts.pick() }),
    'campaignDrafts.upload': ({ fileName, base64 }) => drafts.upload(fileName, base64),
    'campaignDrafts.chooseSheet': ({ draftId, sheet }) => drafts.chooseSheet(draftId, sheet),
    'campaignDrafts.rows': ({ draftId, offset, limit }) => drafts.rows(draftId, offset, limit),
    'campaignDrafts.setMapping': (input) => drafts.setMapping(input),
    'campaignDrafts.check': ({ draftId }) => drafts.check(draftId),
    'campaignDrafts.status': ({ draftId }) => drafts.status(draftId),
    'campaignDrafts.verdicts': ({ draftId, filter, offset, limit }) => drafts.verdicts(draftId, filter, offset, limit),
    'campaignDrafts.exportProblems': ({ draftId }) => drafts.exportProblems(draftId),
    'campaignDrafts.discard': ({ draftId }) => ({ discarded: drafts.discard(draftId) }),
  };
}
