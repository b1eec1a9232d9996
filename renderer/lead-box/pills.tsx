import type { LeadStatus, Priority } from '../../core/lead/lead.ts';
import { statusLabel } from '../../core/lead/lifecycle.ts';
import { isOpenOffer } from '../../core/lead/lead.ts';
import { capitalize, formatCountdown } from './format.ts';
import { useNow } from './clock-store.ts';

export function StatusPill({ status }: { status: LeadStatus }) {
  return <span className={`pill pill--${status}`}>{capitalize(statusLabel(status))}</span>;
}

export function PriorityBadge({ priority, score }: { priority: Priority; score: number }) {
  return (
    <span className={`priority priority--${priority}`} title={`${capitalize(priority)} priority, score ${Math.round(score)}`}>
      <span className="priority__dot" aria-hidden="true" />
      <span className="priority__label">{capitalize(priority)}</span>
      <span className="priority__score">{Math.round(score)}</span>
    </span>
  );
}

/** Time left to answer an open offer, ticking; red under 15 minutes. */
export function Countdown({ expiresAt, prefix = '' }: { expiresAt: number; prefix?: string }) {
  const now = useNow();
  const { text, tone } = formatCountdown(expiresAt, now);
  return (
    <span className={`countdown countdown--${tone}`}>
      {tone === 'expired' ? capitalize(text) : `${prefix}${text}`}
    </span>
  );
}

export function OfferCountdown({ lead, prefix }: { lead: { status: LeadStatus; offerExpiresAt: number | null }; prefix?: string }) {
  if (!isOpenOffer(lead) || lead.offerExpiresAt === null) return null;
  return <Countdown expiresAt={lead.offerExpiresAt} prefix={prefix} />;
}
