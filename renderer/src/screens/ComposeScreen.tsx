import type { ReactElement } from 'react';
import { FirstRun } from '../components/FirstRun';
import { ScreenHeader } from '../components/ScreenHeader';

export function ComposeScreen(): ReactElement {
  return (
    <div className="screen">
      <ScreenHeader title="Compose" subtitle="Write a WhatsApp message of any type to one customer." />
      <FirstRun icon="compose" title="Connect your account to send messages">
        <p>
          Text, templates, images, video, documents, audio, stickers and locations — checked before they leave, and
          queued safely when you are offline.
        </p>
      </FirstRun>
    </div>
  );
}
