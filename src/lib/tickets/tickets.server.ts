// Issues ticket codes: signs a ticket's id, revision and validity with its
// event's key. Knows nothing of the tickets table; the caller passes the values.
// Ed25519 signatures are deterministic: while the event's key stays the same,
// the same values give the same code, so it may be stored with the ticket or
// rebuilt when shown.
import { sign } from 'node:crypto';
import type { Tx } from '../db/db.server.ts';
import { getOrCreateSigningKey, type SigningKey } from './keys.server.ts';
import { encodeTicketCode } from './ticket-code.ts';

export interface TicketCodeInput {
  /** The ticket's UUID. */
  ticketId: string;
  /** 0–65535. Re-issuing a ticket bumps it; codes with a lower revision are then revoked. */
  revision: number;
  validFrom: Date;
  validUntil: Date;
}

/** Signs the codes of several tickets of one event (a team order), reading the key once; in input order. */
export async function issueTicketCodes(
  tx: Tx,
  eventId: string,
  tickets: readonly TicketCodeInput[],
): Promise<string[]> {
  return signTicketCodes(await getOrCreateSigningKey(tx, eventId), tickets);
}

/** Signs ticket codes of one event; see `ticketCodeIssuer`. */
export type TicketCodeIssuer = (eventId: string, tickets: readonly TicketCodeInput[]) => Promise<string[]>;

/**
 * `issueTicketCodes` for many orders in one transaction (a batch of a rush's
 * confirmations): each event's key is read once, not once per order.
 */
export function ticketCodeIssuer(tx: Tx): TicketCodeIssuer {
  const keys = new Map<string, Promise<SigningKey>>();
  return async (eventId, tickets) => {
    let key = keys.get(eventId);
    if (!key) {
      key = getOrCreateSigningKey(tx, eventId);
      keys.set(eventId, key);
    }
    return signTicketCodes(await key, tickets);
  };
}

function signTicketCodes(key: SigningKey, tickets: readonly TicketCodeInput[]): Promise<string[]> {
  return Promise.all(tickets.map((ticket) => signTicketCode(key, ticket)));
}

function signTicketCode(key: SigningKey, ticket: TicketCodeInput): Promise<string> {
  return encodeTicketCode(
    {
      eventId: key.eventId,
      ticketId: ticket.ticketId,
      keyId: key.keyId,
      revision: ticket.revision,
      notBefore: ticket.validFrom,
      notAfter: ticket.validUntil,
    },
    (message) => sign(null, message, key.privateKey),
  );
}
