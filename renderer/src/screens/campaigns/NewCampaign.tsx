import { useState, type ReactElement } from 'react';
import type { CheckStatus, DraftSummary, Mapping } from '../../../../shared/campaigns';
import { DEFAULT_SETTINGS } from '../../../../shared/settings';
import { api, errorMessage } from '../../api';
import { Notice } from '../../components/Notice';
import { ScreenHeader } from '../../components/ScreenHeader';
import { useSettings } from '../../stores/settings';
import { useCampaigns } from './campaign-store';
import { CheckStep } from './CheckStep';
import { FileStep } from './FileStep';
import { initialChoice, MappingStep, type MappingChoice } from './MappingStep';
import { initialSendForm, type SendForm } from './send-settings';
import { SendStep } from './SendStep';

type Step = 'file' | 'mapping' | 'check' | 'send';
const steps: { step: Step; label: string }[] = [
  { step: 'file', label: 'Spreadsheet' },
  { step: 'mapping', label: 'Template and columns' },
  { step: 'check', label: 'Check' },
  { step: 'send', label: 'Preview and send' },
];

/** The New campaign wizard: a file, its mapping, its check, then pace and one confirmation. */
export function NewCampaign(): ReactElement {
  const show = useCampaigns((s) => s.show);
  const timeZone = useSettings((s) => s.settings?.timeZone ?? DEFAULT_SETTINGS.timeZone);
  const [step, setStep] = useState<Step>('file');
  const [draft, setDraft] = useState<DraftSummary | null>(null);
  const [choice, setChoice] = useState<MappingChoice | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [check, setCheck] = useState<CheckStatus | null>(null);
  const [skip, setSkip] = useState(false);
  const [form, setForm] = useState<SendForm | null>(null);
  const [error, setError] = useState<string | null>(null);
  const at = steps.findIndex((s) => s.step === step);

  const leave = (): void => {
    // The draft lives in main's memory until dropped; a left wizard drops it.
    if (draft) void api.campaignDrafts.discard({ draftId: draft.draftId }).catch(() => undefined);
    show({ kind: 'list' });
  };

  const startCheck = async (next: Mapping): Promise<void> => {
    if (!draft) return;
    setMapping(next);
    setError(null);
    try {
      setCheck(await api.campaignDrafts.check({ draftId: draft.draftId }));
      setForm((f) => f ?? initialSendForm(draft.fileName, next.template.name));
      setStep('check');
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="screen screen--scroll">
      <ScreenHeader
        title="New campaign"
        subtitle="Send a template to the customers in a spreadsheet."
        actions={
          <button type="button" className="button" onClick={leave}>
            Back to campaigns
          </button>
        }
      />
      <ol className="wizard-steps" aria-label="Steps">
        {steps.map((s, i) => (
          <li key={s.step} className={`wizard-steps__step ${i === at ? 'wizard-steps__step--on' : ''} ${i < at ? 'wizard-steps__step--done' : ''}`} aria-current={i === at ? 'step' : undefined}>
            <span className="wizard-steps__n" aria-hidden="true">
              {i + 1}
            </span>
            {s.label}
          </li>
        ))}
      </ol>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {step === 'file' ? (
        <FileStep
          draft={draft}
          onDraft={(d) => {
            // Another file replaces the draft: main need not keep the first one.
            if (draft && d?.draftId !== draft.draftId) void api.campaignDrafts.discard({ draftId: draft.draftId }).catch(() => undefined);
            setDraft(d);
            setChoice(d ? initialChoice(d) : null);
            setMapping(null);
            setCheck(null);
            setForm(null);
          }}
          onNext={() => setStep('mapping')}
        />
      ) : null}
      {step === 'mapping' && draft && choice ? <MappingStep draft={draft} choice={choice} onChoice={setChoice} onBack={() => setStep('file')} onMapped={(m) => void startCheck(m)} /> : null}
      {step === 'check' && draft && check ? <CheckStep draftId={draft.draftId} initial={check} skipNotOnOptInList={skip} onSkipChange={setSkip} onBack={() => setStep('mapping')} onNext={() => setStep('send')} /> : null}
      {step === 'send' && draft && mapping && form ? (
        <SendStep
          draftId={draft.draftId}
          mapping={mapping}
          form={form}
          onForm={setForm}
          timeZone={timeZone}
          skipNotOnOptInList={skip}
          onBack={() => setStep('check')}
          onStarted={(campaign) => show({ kind: 'campaign', id: campaign.id })}
        />
      ) : null}
    </div>
  );
}
