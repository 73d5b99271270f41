import type { ReactElement } from 'react';
import type { CampaignDetail } from '../../../../shared/campaign-runs';
import { plural } from '../../../../shared/plural';
import { formatCount } from '../../format';

export interface ChartBar {
  label: string;
  value: number;
  tone: 'sent' | 'delivered' | 'read' | 'failed' | 'attention' | 'skipped';
}

/** The report's bars: sent, delivered, read, failed to send, not delivered, needing attention, then each reason for skipping. Pure. */
export function chartBars(c: Pick<CampaignDetail, 'counts' | 'delivery' | 'skipped'>): ChartBar[] {
  const bars: ChartBar[] = [
    { label: 'Sent', value: c.counts.accepted, tone: 'sent' },
    { label: 'Delivered', value: c.delivery.delivered + c.delivery.read, tone: 'delivered' },
    { label: 'Read', value: c.delivery.read, tone: 'read' },
    { label: 'Failed to send', value: c.counts.failed, tone: 'failed' },
  ];
  // SMSGlobal took these, then WhatsApp could not deliver them: not something "Retry failed" resends.
  if (c.delivery.failed > 0) bars.push({ label: 'Not delivered', value: c.delivery.failed, tone: 'failed' });
  if (c.counts.attention > 0) bars.push({ label: 'Needs attention', value: c.counts.attention, tone: 'attention' });
  for (const s of c.skipped) bars.push({ label: `Skipped: ${s.reason}`, value: s.count, tone: 'skipped' });
  return bars;
}

/**
 * A horizontal bar chart in HTML: each bar is a row of a table, so the figures are read out as
 * text by screen readers and stay legible at any zoom; the bar itself is decoration.
 */
export function ResultsChart({ bars, total }: { bars: ChartBar[]; total: number }): ReactElement {
  const max = Math.max(1, total, ...bars.map((b) => b.value));
  return (
    <figure className="chart" aria-labelledby="campaign-chart-title">
      <figcaption id="campaign-chart-title" className="card__title">
        What happened, of {plural(total, 'row')}
      </figcaption>
      <table className="chart__table">
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Outcome</th>
            <th scope="col">Messages</th>
            <th scope="col">Share of rows</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <th scope="row" className="chart__label">
                {b.label}
              </th>
              <td className="chart__value">{formatCount(b.value)}</td>
              <td className="chart__track">
                <span className={`chart__bar chart__bar--${b.tone}`} style={{ width: `${(b.value / max) * 100}%` }} />
                <span className="visually-hidden">{total > 0 ? `${Math.round((b.value / total) * 100)}%` : '0%'}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
