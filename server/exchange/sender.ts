import type { ExchangeMessage } from '../../core/exchange/exchange-message.ts';
import { CONTENT_TYPES, encodeMessage } from './codec.ts';
import type { Outbox } from './outbox.ts';
import type { Partner } from './partners.ts';

/**
 * Queues a protocol message for a partner in its format. Messages always name the lead by
 * the central server's id, which is also the key that keeps one lead's messages in order.
 */
export type Send = (partner: Partner, message: Exclude<ExchangeMessage, { kind: 'ack' }>) => void;

export function sender(outbox: Outbox): Send {
  return (partner, message) => {
    if (partner.format === 'adf') return; // ADF partners take exported leads only
    outbox.enqueue({ id: message.id, partnerId: partner.id, leadId: message.leadId, kind: message.kind, contentType: CONTENT_TYPES[partner.format], body: encodeMessage(partner.format, message) });
    outbox.wake();
  };
}
