import { useEffect, type ReactElement } from 'react';
import { FirstRun } from '../components/FirstRun';
import { ScreenHeader } from '../components/ScreenHeader';
import { hasAccount, useAccount } from '../stores/account';
import { subscribeCampaignEvents, useCampaigns } from './campaigns/campaign-store';
import { CampaignList } from './campaigns/CampaignList';
import { CampaignView } from './campaigns/CampaignView';
import { NewCampaign } from './campaigns/NewCampaign';
import './campaigns/campaigns.css';

/** Bulk send: the campaigns list, the New campaign wizard, and each campaign's live view and report. */
export function BulkScreen(): ReactElement {
  const status = useAccount((s) => s.status);
  const view = useCampaigns((s) => s.view);
  useEffect(() => subscribeCampaignEvents(), []);
  if (!hasAccount(status)) {
    return (
      <div className="screen">
        <ScreenHeader title="Bulk send" subtitle="Send an approved template to many customers from a spreadsheet." />
        <FirstRun icon="bulk" title="Send a template to a list of customers">
          <p>
            Load the spreadsheet you already keep, choose which column fills each blank of the template, check every row,
            then send at a safe pace. Each customer gets the message once, even if the app closes half-way.
          </p>
        </FirstRun>
      </div>
    );
  }
  if (view.kind === 'new') return <NewCampaign />;
  if (view.kind === 'campaign') return <CampaignView key={view.id} id={view.id} />;
  return <CampaignList />;
}
