// Following an invitation link: what it is (its landing page shows the event
// and role, or why it no longer works), and accepting it — which signs the
// invited address in through the auth interface (creating the account on
// first use) and grants the role as that person, so the audit log names them.
// Showing the page changes nothing: mail scanners that fetch links must not
// use up a single-use link, so only the page's button (a POST) accepts.
// The same link serves an organisation's invitation to create events
// (20261203130501): a token that names no event invitation is looked up there.
import { ANON, asUser, type Claims, type SignedIn, type Sql, sql } from '../db/db.server.ts';
import { localized } from '../i18n/localized.ts';
import type { Lang } from '../i18n/locales.ts';
import { invitationTokenHash } from './team.server.ts';
import type { InvitationProblem, InvitationState, TeamRole } from './team.ts';

export interface InvitationView {
  state: InvitationState;
  email: string;
  /** An event role, or event_creator on an organisation. */
  role: TeamRole | 'event_creator';
  language: Lang;
  expiresAt: Date;
  /** The event's slug; null for an organisation's invitation. */
  eventSlug: string | null;
  /** The event's name, or the organisation's for event_creator. */
  eventName: string;
  solutionTitle: string | null;
}

/** An organisation's invitation behind a token, or null. */
async function findOrganisationInvitation(hash: Buffer, lang: Lang, db: Sql): Promise<InvitationView | null> {
  const [row] = await asUser(
    ANON,
    (tx) =>
      tx<
        {
          state: InvitationState;
          email: string;
          language: Lang;
          expires_at: Date;
          organisation_name: string;
          organisation_name_en: string | null;
        }[]
      >`select * from private.organisation_invitation_by_token(${hash})`,
    db,
  );
  if (!row) return null;
  return {
    state: row.state,
    email: row.email,
    role: 'event_creator',
    language: row.language,
    expiresAt: row.expires_at,
    eventSlug: null,
    eventName: localized(lang, row.organisation_name, row.organisation_name_en),
    solutionTitle: null,
  };
}

/** The invitation a link names, or null for a token that names none. */
export async function findInvitation(token: string, lang: Lang, db: Sql = sql()): Promise<InvitationView | null> {
  const hash = invitationTokenHash(token);
  const [row] = await asUser(
    ANON,
    (tx) =>
      tx<
        {
          state: InvitationState;
          email: string;
          role: TeamRole;
          language: Lang;
          expires_at: Date;
          event_slug: string;
          event_name: string;
          event_name_en: string | null;
          solution_title: string | null;
        }[]
      >`select * from private.team_invitation_by_token(${hash})`,
    db,
  );
  if (!row) return findOrganisationInvitation(hash, lang, db);
  return {
    state: row.state,
    email: row.email,
    role: row.role,
    language: row.language,
    expiresAt: row.expires_at,
    eventSlug: row.event_slug,
    eventName: localized(lang, row.event_name, row.event_name_en),
    solutionTitle: row.solution_title,
  };
}

export type AcceptOutcome =
  | { ok: true; eventSlug: string; role: TeamRole; solutionId: string | null }
  | { ok: true; organisationId: string; role: 'event_creator' }
  | { ok: false; code: InvitationProblem }
  /** This auth provider cannot sign the address in by itself: sign in with a code, then accept. */
  | { ok: false; code: 'sign_in_first'; email: string };

/** Signs in an address the link has proven (auth.server.ts's signInVerifiedEmail for this request). */
export type SignInInvitee = (email: string) => Promise<SignedIn | null>;

/**
 * Accepts the invitation behind `token`. A visitor already signed in with the
 * invited address accepts as themselves; anyone else is signed in as that
 * address first (the link proves it: only that address was sent it).
 */
export async function acceptInvitation(
  token: string,
  claims: Claims,
  signIn: SignInInvitee,
  db: Sql = sql(),
): Promise<AcceptOutcome> {
  const hash = invitationTokenHash(token);
  const [peek] = await asUser(
    ANON,
    (tx) => tx<{ state: InvitationState; email: string; organisation: boolean }[]>`
      select state, email, false as organisation from private.team_invitation_by_token(${hash})
      union all
      select state, email, true from private.organisation_invitation_by_token(${hash})`,
    db,
  );
  if (!peek) return { ok: false, code: 'unknown' };
  if (peek.state !== 'pending') return { ok: false, code: peek.state === 'accepted' ? 'already_accepted' : peek.state };

  let invitee: SignedIn | null =
    claims.role === 'authenticated' && claims.email?.toLowerCase() === peek.email ? claims : null;
  invitee ??= await signIn(peek.email);
  if (!invitee) return { ok: false, code: 'sign_in_first', email: peek.email };

  if (peek.organisation) return acceptOrganisationInvitation(invitee, hash, peek.email, db);
  const [row] = await asUser(
    invitee,
    (tx) => tx<{ code: string; event_slug: string | null; role: TeamRole | null; solution_id: string | null }[]>`
      select code, event_slug, role, solution_id from private.accept_team_invitation(${hash})`,
    db,
  );
  if (row?.code === 'accepted' && row.event_slug && row.role) {
    return { ok: true, eventSlug: row.event_slug, role: row.role, solutionId: row.solution_id };
  }
  // Revoked, accepted or expired between the look and the acceptance.
  const code = row?.code;
  if (code === 'already_accepted' || code === 'revoked' || code === 'expired') return { ok: false, code };
  if (code === 'wrong_account') return { ok: false, code: 'sign_in_first', email: peek.email };
  return { ok: false, code: 'unknown' };
}

async function acceptOrganisationInvitation(
  invitee: SignedIn,
  hash: Buffer,
  email: string,
  db: Sql,
): Promise<AcceptOutcome> {
  const [row] = await asUser(
    invitee,
    (tx) => tx<{ code: string; organisation_id: string | null }[]>`
      select code, organisation_id from private.accept_organisation_invitation(${hash})`,
    db,
  );
  const code = row?.code;
  if (code === 'accepted' && row?.organisation_id) {
    return { ok: true, organisationId: row.organisation_id, role: 'event_creator' };
  }
  if (code === 'already_accepted' || code === 'revoked' || code === 'expired') return { ok: false, code };
  if (code === 'wrong_account') return { ok: false, code: 'sign_in_first', email };
  return { ok: false, code: 'unknown' };
}
