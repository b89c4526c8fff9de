// The counts behind the setup steps of one event, read as the signed-in
// organiser (RLS decides what they may count; someone else gets null).
import { asUser, type SignedIn, type Sql, sql } from '../db/db.server.ts';
import type { SetupCounts } from './readiness.ts';

export async function loadSetupCounts(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<SetupCounts | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<
      {
        status: SetupCounts['status'];
        rooms: number;
        tracks: number;
        sessions: number;
        gallery_rounds: number;
        ticket_types: number;
        call_opens_at: Date | null;
        call_closes_at: Date | null;
      }[]
    >`
      select e.status, e.call_opens_at, e.call_closes_at,
             (select count(*)::int from public.rooms r where r.event_id = e.id) as rooms,
             (select count(*)::int from public.tracks t where t.event_id = e.id) as tracks,
             (select count(*)::int from public.sessions s
               where s.event_id = e.id and s.kind <> 'gallery_round') as sessions,
             (select count(*)::int from public.sessions s
               where s.event_id = e.id and s.kind = 'gallery_round') as gallery_rounds,
             (select count(*)::int from public.ticket_types tt where tt.event_id = e.id) as ticket_types
        from public.events e
       where e.id = ${eventId} and private.has_event_role(e.id, 'organiser')`,
    db,
  );
  if (!row) return null;
  return {
    status: row.status,
    rooms: row.rooms,
    tracks: row.tracks,
    sessions: row.sessions,
    galleryRounds: row.gallery_rounds,
    ticketTypes: row.ticket_types,
    callOpensAt: row.call_opens_at,
    callClosesAt: row.call_closes_at,
  };
}
