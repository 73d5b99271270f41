import { useState, type ReactElement } from 'react';
import type { TemplateEntry } from '../../../shared/templates';
import { EmptyState } from '../components/EmptyState';
import { FirstRun } from '../components/FirstRun';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { ScreenHeader } from '../components/ScreenHeader';
import { useTemplateLibrary } from '../hooks/useTemplateLibrary';
import { hasAccount, useAccount } from '../stores/account';
import { LibraryFile } from './templates/LibraryFile';
import { TemplateEditor } from './templates/TemplateEditor';

type Selection = { kind: 'new' } | { kind: 'entry'; name: string } | null;

const categoryLabels = { marketing: 'Marketing', utility: 'Utility', authentication: 'Authentication' } as const;

/** One entry in the list: name, what it is, and what it lacks. Pure. */
function TemplateItem({ entry, selected, onSelect }: { entry: TemplateEntry; selected: boolean; onSelect: () => void }): ReactElement {
  return (
    <li>
      <button type="button" className={`template-item ${selected ? 'template-item--on' : ''}`} aria-pressed={selected} onClick={onSelect}>
        <span className="template-item__name mono">{entry.name}</span>
        <span className="template-item__meta">
          {entry.complete ? (
            <>
              {entry.category ? categoryLabels[entry.category] : ''} · {entry.language}
              {entry.mediaHeader || entry.buttons ? <span className="badge badge--warn">No parameters</span> : null}
            </>
          ) : (
            <span className="badge badge--warn">Text not added yet</span>
          )}
        </span>
      </button>
    </li>
  );
}

/**
 * The template library: what WhatsApp Manager approved, kept here because SMSGlobal's API
 * cannot list it. Names seen in sent messages appear as entries to complete.
 */
export function TemplatesScreen(): ReactElement {
  const status = useAccount((s) => s.status);
  const library = useTemplateLibrary();
  /** The entry open in the editor, or NEW for a template being added. */
  const [selected, setSelected] = useState<Selection>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (!hasAccount(status)) {
    return (
      <div className="screen">
        <ScreenHeader title="Templates" subtitle="Your approved WhatsApp templates, with their text." />
        <FirstRun icon="template" title="No templates yet">
          <p>Keep the templates approved in WhatsApp Manager here: the composer then shows a field for each placeholder and a preview of the message.</p>
        </FirstRun>
      </div>
    );
  }
  const entries = library.entries;
  const toComplete = entries.filter((t) => !t.complete);
  const complete = entries.filter((t) => t.complete);
  const current = selected === null || selected.kind === 'new' ? null : (entries.find((t) => t.name === selected.name) ?? null);
  const editing = selected?.kind === 'new' || current !== null;
  const select = (name: Selection): void => {
    setSelected(name);
    setSaved(null);
  };

  return (
    <div className="screen screen--scroll">
      <ScreenHeader
        title="Templates"
        subtitle="Your WhatsApp templates as approved in WhatsApp Manager. SMSGlobal cannot list them, so keep their text here."
        actions={
          <button type="button" className="button button--primary" onClick={() => select({ kind: 'new' })}>
            <Icon name="template" size={16} /> New template
          </button>
        }
      />
      {library.error ? <Notice tone="error">{library.error}</Notice> : null}
      {saved ? <Notice tone="ok">Saved {saved}.</Notice> : null}
      {entries.length === 0 && !library.loading && !editing ? (
        <EmptyState icon="template" title="No templates in the library" action={<button type="button" className="button button--primary" onClick={() => select({ kind: 'new' })}>Add a template</button>}>
          <p>Add each template as approved in WhatsApp Manager, or import a library file exported from another computer. Templates you send appear here too, for you to complete.</p>
          <LibraryFile onImported={library.reload} />
        </EmptyState>
      ) : (
        <div className="templates">
          <nav className="card templates__list" aria-label="Template library">
            {toComplete.length > 0 ? (
              <>
                <h2 className="templates__group">To complete ({toComplete.length})</h2>
                <p className="field__hint">Seen in your sent messages, without their text yet.</p>
                <ul className="templates__items" aria-label="Templates to complete">
                  {toComplete.map((t) => (
                    <TemplateItem key={t.name} entry={t} selected={current?.name === t.name} onSelect={() => select({ kind: 'entry', name: t.name })} />
                  ))}
                </ul>
              </>
            ) : null}
            <h2 className="templates__group">In the library ({complete.length})</h2>
            {complete.length === 0 ? <p className="field__hint">None yet.</p> : null}
            <ul className="templates__items" aria-label="Templates">
              {complete.map((t) => (
                <TemplateItem key={t.name} entry={t} selected={current?.name === t.name} onSelect={() => select({ kind: 'entry', name: t.name })} />
              ))}
            </ul>
            <div className="templates__file">
              <h2 className="templates__group">Library file</h2>
              <p className="field__hint">Move the library to another computer as a JSON file.</p>
              <LibraryFile onImported={library.reload} />
            </div>
          </nav>
          {editing ? (
            <TemplateEditor
              key={current?.name ?? 'new'}
              entry={current}
              onSaved={(name) => {
                library.reload();
                setSelected({ kind: 'entry', name });
                setSaved(name);
              }}
              onDeleted={() => {
                library.reload();
                select(null);
              }}
              onCancel={() => select(null)}
            />
          ) : (
            <div className="card templates__hint">
              <h2 className="card__title">Choose a template</h2>
              <p>Pick one on the left to see or change its text, or add a new one. A template with a media header or buttons is sent without values: SMSGlobal’s API fills parameters only for body-only templates.</p>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
