import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { MEDIA_RULES, MEDIA_TYPES, MessageTypes, messageTypeLabel, type MediaType, type MessageType } from '../../../../shared/messages';
import { CONFIRM_FIELD, type MediaVerdict, type QueueItem, type RecipientInfo } from '../../../../shared/outbox';
import { isHttpUrl } from '../../../../shared/messages';
import { AppError } from '../../../../shared/result';
import { api, errorMessage } from '../../api';
import { Field } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { MessageBubble } from '../../components/MessageBubble';
import { dayAndTime } from '../../time';
import { checkDraft, draftFieldValues, draftFrom, emptyDraft, previewContent, shownAtField, templatePreviewBody, type Draft } from './draft';
import { Notice } from '../../components/Notice';
import { CharacterCount } from '../../components/CharacterCount';
import { UserText } from '../../components/UserText';
import { useWindowOpen } from '../../components/WindowStatus';
import { useSync } from '../../stores/sync';
import { useFieldErrors, type FieldErrors as Errors } from '../../hooks/useFieldErrors';
import { RecipientWarning } from './RecipientWarning';
import { useTemplateLibrary } from '../../hooks/useTemplateLibrary';
import { OptOutNotice, useOptOutCheck } from './OptOutNotice';
import { libraryEntry, TemplateSection } from './TemplateSection';

const isMedia = (type: MessageType): type is MediaType => (MEDIA_TYPES as readonly string[]).includes(type);

function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

function useRecipient(to: string, fixed: string | undefined): { info: RecipientInfo | null; error: string | null } {
  const [info, setInfo] = useState<RecipientInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = fixed ?? to;
  // A new message from the customer moves the 24-hour window: read the recipient again.
  const version = useSync((s) => s.version);
  useEffect(() => {
    if (query.trim() === '') {
      setInfo(null);
      setError(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.compose.recipient({ to: fixed ? `+${fixed}` : query }).then(
        (result) => live && (setInfo(result), setError(null)),
        (e: unknown) => live && (setInfo(null), setError(e instanceof AppError && e.fields?.['to'] ? (e.fields['to'][0] ?? e.message) : errorMessage(e))),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, fixed, version]);
  return { info, error };
}

function Verdict({ verdict, checking }: { verdict: MediaVerdict | null; checking: boolean }): ReactElement | null {
  if (checking) {
    return (
      <div className="field__hint" role="status">
        <span className="spinner spinner--small" aria-hidden="true" /> Checking the file…
      </div>
    );
  }
  if (!verdict) return null;
  const tone = verdict.verdict === 'ok' ? 'notice--ok' : verdict.verdict === 'refused' ? 'notice--error' : 'notice--warn';
  const title = verdict.verdict === 'ok' ? 'File checked' : verdict.verdict === 'refused' ? 'WhatsApp will refuse this file' : 'Could not check the file';
  return (
    <div className={`notice ${tone}`} role="status" aria-label="Media check">
      <Icon name={verdict.verdict === 'ok' ? 'check' : 'alert'} />
      <div>
        <strong>{title}.</strong> {verdict.reason}
        {verdict.verdict === 'unknown' ? ' You can still send it.' : ''}
      </div>
    </div>
  );
}

/**
 * The composer for every message type. On the Compose screen it has a recipient field; in a
 * conversation the recipient is fixed. Editing a queued message reuses it.
 */
export function ComposeForm(props: {
  fixedRecipient?: string;
  editing?: QueueItem | null;
  onDone?: () => void;
  /** Called with the queued message once a send is accepted (the reply box follows its fate). */
  onSent?: (sent: { localId: string; recipient: string }) => void;
  compact?: boolean;
}): ReactElement {
  const { fixedRecipient, editing } = props;
  const [to, setTo] = useState(editing ? `+${editing.recipient}` : '');
  const [draft, setDraft] = useState<Draft>(editing ? draftFrom(editing.message) : emptyDraft);
  // "Send anyway" for a number the phone-number list does not know; it is for this number only.
  const [confirmed, setConfirmed] = useState(false);
  const [verdict, setVerdict] = useState<MediaVerdict | null>(null);
  const [checking, setChecking] = useState(false);
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const recipient = useRecipient(to, fixedRecipient);
  const recipientWarning = recipient.info?.warning ?? null;
  const library = useTemplateLibrary();
  const template = libraryEntry(library.entries, draft);
  const optOut = useOptOutCheck(fixedRecipient ?? recipient.info?.digits ?? null, draft.type);
  const validate = (): Errors => {
    const checked = checkDraft(draft, template);
    const next: Errors = checked.ok ? {} : { ...checked.fields };
    if (!fixedRecipient && to.trim() === '') next['to'] = ['Enter a phone number.'];
    else if (!fixedRecipient && recipient.error) next['to'] = [recipient.error];
    if (recipientWarning && !confirmed) next[CONFIRM_FIELD] = [recipientWarning];
    if (optOut.refusal) next['optout'] = [optOut.refusal];
    return next;
  };
  const fields = useFieldErrors({ ...draftFieldValues(draft), to, [CONFIRM_FIELD]: confirmed, optout: optOut.refusal ?? '' }, validate);
  const errors = fields.errors;
  // The verdict shown must be for the link in the field now, not one typed before.
  const checkTicket = useRef(0);

  useEffect(() => {
    checkTicket.current += 1;
    setVerdict(null);
    setChecking(false);
  }, [draft.type, draft.url]);

  const update = (patch: Partial<Draft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setNotice(null);
  };

  const checkUrl = async (): Promise<void> => {
    if (!isMedia(draft.type) || !isHttpUrl(draft.url.trim())) return;
    const ticket = ++checkTicket.current;
    setChecking(true);
    let verdict: MediaVerdict;
    try {
      verdict = await api.media.check({ type: draft.type, url: draft.url.trim() });
    } catch (e) {
      verdict = { verdict: 'unknown', reason: errorMessage(e), contentType: null, sizeBytes: null };
    }
    if (ticket !== checkTicket.current) return;
    setVerdict(verdict);
    setChecking(false);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    const checked = checkDraft(draft, template);
    const next = validate();
    const target = fixedRecipient ? `+${fixedRecipient}` : to;
    fields.show(next);
    if (!checked.ok || Object.keys(next).length > 0) return;
    setSending(true);
    try {
      const request = { to: target, message: checked.message, ...(confirmed ? { confirmed } : {}) };
      const result = editing ? await api.outbox.edit({ localId: editing.localId, ...request }) : await api.outbox.send(request);
      setNotice(editing ? 'Changes saved; the message is back in the queue.' : `Sent to the outbox for +${result.recipient}. It shows in the Outbox and the conversation, with its status.`);
      setDraft((d) => ({ ...emptyDraft, type: d.type }));
      setVerdict(null);
      props.onSent?.(result);
      props.onDone?.();
    } catch (e) {
      if (e instanceof AppError && e.fields) fields.show(e.fields);
      else fields.show({ _: [errorMessage(e)] });
    } finally {
      setSending(false);
    }
  };

  const info = recipient.info;
  const windowOpen = useWindowOpen(info?.windowOpen ? info.windowClosesAt : null);
  const windowClosed = info !== null && !windowOpen && draft.type !== 'template';
  const fieldErrors = (key: string): string[] | undefined => errors[`message.${key}`];
  // Errors with no field on screen (the reply box has no To field; the server may name others) go above Send.
  const unplaced = Object.entries(errors)
    .filter(([key]) => key !== CONFIRM_FIELD && key !== 'optout' && !(key === 'to' && !fixedRecipient) && !shownAtField(draft.type, key))
    .flatMap(([, messages]) => messages);
  const warningText = errors[CONFIRM_FIELD]?.[0] ?? recipientWarning;

  return (
    <form className={`composer ${props.compact ? 'composer--compact' : ''}`} aria-label={editing ? 'Edit queued message' : 'Compose message'} onSubmit={(e) => void submit(e)} noValidate>
      <div className="composer__fields">
        {fixedRecipient ? null : (
          <Field
            label="To"
            hint={
              info ? (
                <>
                  {info.international}
                  {info.name ? (
                    <>
                      {' · '}
                      <UserText text={info.name} />
                    </>
                  ) : null}
                  {info.optedIn === false ? ' · not opted in' : ''}
                </>
              ) : (
                'A number with country code, or a local number in your default country.'
              )
            }
            errors={errors['to'] ?? (recipient.error && to.trim() !== '' ? [recipient.error] : undefined)}
          >
            {(control) => (
              <input
                {...control}
                type="tel"
                autoComplete="off"
                value={to}
                onChange={(e) => {
                  setTo(e.target.value);
                  setConfirmed(false);
                }}
                placeholder="+61 412 345 678"
              />
            )}
          </Field>
        )}
        <fieldset className="type-picker">
          <legend className="field__label">Message type</legend>
          <div className="type-picker__options" role="radiogroup" aria-label="Message type">
            {MessageTypes.map((type) => (
              <label key={type} className={`type-picker__option ${draft.type === type ? 'type-picker__option--on' : ''}`}>
                <input
                  type="radio"
                  name="message-type"
                  value={type}
                  checked={draft.type === type}
                  onChange={() => {
                    update({ type });
                    // Errors were about the other type's fields.
                    fields.clear();
                  }}
                />
                {messageTypeLabel(type)}
              </label>
            ))}
          </div>
        </fieldset>

        {draft.type === 'text' ? (
          <>
            <Field label="Message" hint={<CharacterCount length={draft.text.length} max={4096} />} errors={fieldErrors('text')}>
              {(control) => <textarea {...control} dir="auto" rows={props.compact ? 3 : 5} value={draft.text} onChange={(e) => update({ text: e.target.value })} />}
            </Field>
            <label className="checkbox">
              <input type="checkbox" checked={draft.previewUrl} onChange={(e) => update({ previewUrl: e.target.checked })} />
              Show a preview of the first link
            </label>
          </>
        ) : null}

        {draft.type === 'template' ? (
          <TemplateSection draft={draft} update={update} fieldErrors={fieldErrors} entries={library.entries} entry={template} preview={props.compact ? templatePreviewBody(draft, template) : undefined} />
        ) : null}

        {isMedia(draft.type) ? (
          <>
            <Field
              label={`${messageTypeLabel(draft.type)} link`}
              hint={`A public http(s) link. ${MEDIA_RULES[draft.type].contentTypes.slice(0, 4).join(', ')}${MEDIA_RULES[draft.type].contentTypes.length > 4 ? '…' : ''}, up to ${formatLimit(MEDIA_RULES[draft.type].maxBytes)}.`}
              errors={fieldErrors('url')}
            >
              {(control) => <input {...control} type="url" spellCheck={false} value={draft.url} onChange={(e) => update({ url: e.target.value })} onBlur={() => void checkUrl()} />}
            </Field>
            <Verdict verdict={verdict} checking={checking} />
            {draft.type === 'document' ? (
              <Field label="File name" hint="Shown to the customer, e.g. invoice-1042.pdf." errors={fieldErrors('filename')}>
                {(control) => <input {...control} type="text" dir="auto" value={draft.filename} onChange={(e) => update({ filename: e.target.value })} />}
              </Field>
            ) : null}
            {draft.type === 'image' || draft.type === 'video' || draft.type === 'document' ? (
              <Field label="Caption" hint={<CharacterCount length={draft.caption.length} max={1024} />} errors={fieldErrors('caption')}>
                {(control) => <input {...control} type="text" dir="auto" value={draft.caption} onChange={(e) => update({ caption: e.target.value })} />}
              </Field>
            ) : null}
          </>
        ) : null}

        {draft.type === 'location' ? (
          <>
            <div className="form-row">
              <Field label="Latitude" hint="-90 to 90" errors={fieldErrors('lat')}>
                {(control) => <input {...control} type="text" inputMode="decimal" value={draft.lat} onChange={(e) => update({ lat: e.target.value })} />}
              </Field>
              <Field label="Longitude" hint="-180 to 180" errors={fieldErrors('lng')}>
                {(control) => <input {...control} type="text" inputMode="decimal" value={draft.lng} onChange={(e) => update({ lng: e.target.value })} />}
              </Field>
            </div>
            <Field label="Place name" errors={fieldErrors('name')}>
              {(control) => <input {...control} type="text" dir="auto" value={draft.name} onChange={(e) => update({ name: e.target.value })} />}
            </Field>
            <Field label="Address" errors={fieldErrors('address')}>
              {(control) => <input {...control} type="text" dir="auto" value={draft.address} onChange={(e) => update({ address: e.target.value })} />}
            </Field>
          </>
        ) : null}

        {windowClosed ? (
          <div className="notice notice--warn" role="note" aria-label="24-hour window">
            <Icon name="alert" />
            <div>
              {info?.name ? <UserText text={info.name} /> : info?.international} has not written in the last 24 hours. WhatsApp only delivers a <strong>template</strong> outside that window; this{' '}
              {messageTypeLabel(draft.type).toLowerCase()} message will probably not arrive.
            </div>
          </div>
        ) : windowOpen && info?.windowClosesAt ? (
          <p className="field__hint">The 24-hour window is open until {dayAndTime(info.windowClosesAt)}: any message type is delivered.</p>
        ) : null}

        {warningText ? <RecipientWarning warning={warningText} refused={errors[CONFIRM_FIELD] !== undefined} confirmed={confirmed} onConfirm={setConfirmed} /> : null}
        <OptOutNotice check={optOut} errors={errors['optout']} />
        {unplaced.length > 0 ? (
          <Notice tone="error">{unplaced.join(' ')}</Notice>
        ) : null}
        {notice ? (
          <div className="notice notice--ok" role="status">
            <Icon name="check" />
            <div>{notice}</div>
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={sending}>
            <Icon name="outbox" size={16} /> {editing ? 'Save changes' : sending ? 'Sending…' : 'Send'}
          </button>
          {editing && props.onDone ? (
            <button type="button" className="button button--ghost" onClick={props.onDone}>
              Stop editing
            </button>
          ) : null}
        </div>
      </div>
      {props.compact ? null : (
        <section className="composer__preview" aria-label="Preview">
          <div className="composer__preview-title">Preview</div>
          <div className="composer__preview-chat">
            <MessageBubble content={previewContent(draft)} templateBody={templatePreviewBody(draft, template)} direction="out" createdAt={Date.now()} status="pending" />
          </div>
        </section>
      )}
    </form>
  );
}
