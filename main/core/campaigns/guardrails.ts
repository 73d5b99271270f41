import { plural } from '../../../shared/plural';

/**
 * When a campaign stops itself because SMSGlobal keeps refusing its messages: more than 20% of
 * the last 50 answers refused, or 10 refusals in a row. An answer is SMSGlobal's verdict on one
 * message: accepted, or refused (a 4xx that is not about the account: a bad template name, a
 * parameter WhatsApp will not take…). Outcomes that are not answers — no connection, a timeout, a
 * 5xx whose message may exist — are the pipeline's to reconcile and are not counted here; the
 * account's own refusals (credentials, credit) pause the campaign at once, elsewhere.
 *
 * Pure: fed one answer at a time, it says when to pause and why, with the reasons grouped.
 */

export interface GuardrailLimits {
  /** Answers looked at. */
  window: number;
  /** Pause when more than this share of them were refused. */
  ratio: number;
  /** Pause after this many refusals in a row. */
  inARow: number;
}

export const GUARDRAILS: GuardrailLimits = { window: 50, ratio: 0.2, inARow: 10 };

export interface Trip {
  /** The sentence the campaign shows as its pause reason. */
  reason: string;
}

export class Guardrails {
  /** The last answers, oldest first: null for accepted, the refusal's words otherwise. */
  private readonly answers: (string | null)[] = [];
  private refused = 0;
  private streak: string[] = [];

  constructor(private readonly limits: GuardrailLimits = GUARDRAILS) {}

  /** Records an answer; returns a trip when the campaign must pause now. */
  answer(refusal: string | null): Trip | null {
    this.answers.push(refusal);
    if (refusal !== null) this.refused++;
    if (this.answers.length > this.limits.window && this.answers.shift() !== null) this.refused--;
    this.streak = refusal === null ? [] : [...this.streak, refusal];
    if (this.streak.length >= this.limits.inARow) {
      return { reason: `Paused: SMSGlobal refused the last ${this.streak.length} messages in a row. ${grouped(this.streak)} Check the template and its parameters, then resume.` };
    }
    if (this.refused > this.limits.window * this.limits.ratio) {
      const refusals = this.answers.filter((a): a is string => a !== null);
      return {
        reason: `Paused: SMSGlobal refused ${this.refused} of the last ${this.answers.length} messages. ${grouped(refusals)} Check the template and its parameters, then resume.`,
      };
    }
    return null;
  }

  /** Starts counting afresh (the user resumed the campaign). */
  reset(): void {
    this.answers.length = 0;
    this.refused = 0;
    this.streak = [];
  }
}

/** "8 × “…”; 2 × “…”." — the reasons, most frequent first. */
export function grouped(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${plural(n, 'time')}: “${reason.replace(/[.\s]+$/, '')}”`);
  return `Reasons: ${parts.join('; ')}.`;
}
