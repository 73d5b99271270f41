import type { ReactElement, ReactNode } from 'react';
import type { MessageContent } from '../../../shared/messages';
import { messageTypeLabel } from '../../../shared/messages';
import type { NormalizedStatus } from '../../../shared/status';
import { clockTime, fullTimeWithZone } from '../time';
import { ExternalLink } from './ExternalLink';
import { Icon, type IconName } from './Icon';
import { MessageLink } from './LinkConfirm';
import { StatusTicks } from './StatusTicks';

const mediaIcons: Record<string, IconName> = { image: 'image', video: 'video', document: 'file', audio: 'audio', sticker: 'sticker' };

/** Text with its https links clickable (opened in the browser through main, after a confirmation). */
function Linkified({ text }: { text: string }): ReactElement {
  const parts = text.split(/(https:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        part.startsWith('https://') ? (
          <MessageLink key={i} href={part}>
            {part}
          </MessageLink>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </>
  );
}

function fileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || url;
  } catch {
    return url;
  }
}

/** The body of a message, by type. Used by the thread, the outbox detail and the composer preview. */
export function MessageBody({ content, templateBody }: { content: MessageContent; templateBody?: string | undefined }): ReactElement {
  switch (content.type) {
    case 'text':
      return (
        <div className="bubble__text" dir="auto">
          <Linkified text={content.text} />
        </div>
      );
    case 'template':
      return (
        <div className="bubble__card">
          <div className="bubble__card-head">
            <Icon name="template" size={16} />
            <span>Template</span>
            <strong className="mono">{content.template_name}</strong>
          </div>
          {templateBody !== undefined ? (
            <div className="bubble__text">{templateBody}</div>
          ) : content.params && content.params.length > 0 ? (
            <ol className="bubble__params" aria-label="Template parameters">
              {content.params.map((param, i) => (
                <li key={i}>
                  <span className="bubble__param-index">{`{{${i + 1}}}`}</span> <bdi dir="auto">{param}</bdi>
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      );
    case 'location':
      return (
        <div className="bubble__card">
          <div className="bubble__card-head">
            <Icon name="location" size={16} />
            <span>Location</span>
            {content.name ? <strong dir="auto">{content.name}</strong> : null}
          </div>
          {content.address ? <div dir="auto">{content.address}</div> : null}
          <div className="bubble__meta-line mono">
            {content.lat.toFixed(5)}, {content.lng.toFixed(5)}
          </div>
          <ExternalLink href={`https://www.openstreetmap.org/?mlat=${content.lat}&mlon=${content.lng}#map=16/${content.lat}/${content.lng}`}>Open in map</ExternalLink>
        </div>
      );
    default: {
      const caption = 'caption' in content ? content.caption : undefined;
      const name = content.type === 'document' && content.filename ? content.filename : fileName(content.url);
      return (
        <div className="bubble__card">
          <div className="bubble__card-head">
            <Icon name={mediaIcons[content.type] ?? 'file'} size={16} />
            <span>{messageTypeLabel(content.type)}</span>
            <strong className="bubble__filename" dir="auto">{name}</strong>
          </div>
          {caption ? <div className="bubble__caption" dir="auto">{caption}</div> : null}
          <MessageLink href={content.url} label={`Open ${messageTypeLabel(content.type).toLowerCase()} link ${content.url}`}>
            {content.url}
          </MessageLink>
        </div>
      );
    }
  }
}

export function MessageBubble(props: {
  content: MessageContent;
  direction: 'in' | 'out';
  createdAt: number;
  status: NormalizedStatus | null;
  statusRaw?: string | null;
  highlighted?: boolean;
  footer?: ReactNode;
  /** A template's text from the library, shown instead of its bare parameters (the composer's preview). */
  templateBody?: string | undefined;
}): ReactElement {
  return (
    <div className={`bubble-row bubble-row--${props.direction}`}>
      <div className={`bubble bubble--${props.direction} ${props.highlighted ? 'bubble--highlighted' : ''}`}>
        <MessageBody content={props.content} templateBody={props.templateBody} />
        <div className="bubble__meta">
          <span title={fullTimeWithZone(props.createdAt)}>{clockTime(props.createdAt)}</span>
          {props.direction === 'out' ? <StatusTicks status={props.status} raw={props.statusRaw ?? null} /> : null}
        </div>
        {props.footer}
      </div>
    </div>
  );
}
