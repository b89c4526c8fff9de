// An event's team, end to end and without JavaScript: an organiser invites a
// colleague by keyboard, the email arrives in the dev mailbox, the colleague
// follows its link, is signed in and sees the event's console; the link then
// says it was used; the change log shows it all. A revoked and an expired
// link each get their own page. Every screen is scanned by axe. The same
// link, from an organisation's page, lets someone create events.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { grantEventCreator, grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertEventWorld } from '../fixtures/world.ts';
import { expect, expectAccessible, test } from './fixtures.ts';
import { signInEmail } from './mailbox.ts';
import { freshStamp } from '../fixtures/stamp.ts';

// A whole sign-in, mailbox reads and several axe scans take longer than the default 30 s here.
test.describe.configure({ timeout: 120_000 });

// Made in beforeAll, not at load time: a worker that comes back to a file runs its beforeAll again.
let stamp: string;
let EVENT: string;
let EVENT_NAME: string;

let db: Sql;

test.beforeAll(async () => {
  stamp = freshStamp();
  EVENT = `e2e-team-${stamp}`;
  EVENT_NAME = `Testdag ${EVENT}`;
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through `npx playwright test`.');
  db = connect(url, { max: 2 });
  await insertEventWorld(db, { slug: EVENT, status: 'published' });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
});

/**
 * Signs in an organiser of its own (one per test: sign-in emails are limited to one a minute per
 * address) and lands on the team page; returns the organiser's address.
 */
async function signInAsOrganiser(page: Page, browser: Browser, baseURL: string, label: string): Promise<string> {
  const email = `arrangoer-${label}-${stamp}@e2e-kommune.dk`;
  await grantEventRole(db, { email, role: 'organiser', eventSlug: EVENT, createUser: true });
  await page.goto(`/konsol/${EVENT}/team`);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  const code = (await signInEmail(browser, baseURL, email)).code;
  await page.getByLabel('Kode fra e-mailen').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`/konsol/${EVENT}/team$`));
  return email;
}

/** Invites by keyboard alone: type the address, pick the role with the arrow keys, press Enter. */
async function inviteByKeyboard(page: Page, email: string, roleSteps: number): Promise<void> {
  await page.getByLabel('E-mailadresse').focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab'); // the checked role (organiser)
  for (let step = 0; step < roleSteps; step += 1) await page.keyboard.press('ArrowDown');
  await page.getByRole('button', { name: 'Send invitation' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Invitationen er sendt.' })).toBeVisible();
}

/** The invitation link in the newest invitation email to `email`, read in the dev mailbox. */
async function invitationLink(browser: Browser, baseURL: string, email: string): Promise<string> {
  const context = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
  const mailbox = await context.newPage();
  try {
    const rows = () =>
      mailbox
        .getByRole('row')
        .filter({ hasText: email })
        .filter({ hasText: /inviteret som|invited as/ });
    await expect
      .poll(
        async () => {
          await mailbox.goto('/dev/mailbox');
          return rows().count();
        },
        { timeout: 15_000, intervals: [250, 500, 1000] },
      )
      .toBeGreaterThan(0);
    await rows().first().getByRole('link').click();
    const link = await mailbox.locator('pre a[href*="/invitation/"]').first().getAttribute('href');
    if (!link) throw new Error(`no invitation link in the email to ${email}`);
    return link;
  } finally {
    await context.close();
  }
}

test('an organiser invites a colleague, who follows the link into the console; the log shows it', async ({
  page,
  browser,
  baseURL,
}) => {
  const colleague = `kollega-${stamp}@e2e-kommune.dk`;
  const organiserEmail = await signInAsOrganiser(page, browser, baseURL!, 'inviterer');
  await expect(page.getByRole('heading', { level: 1, name: `Team – ${EVENT_NAME}` })).toBeVisible();
  await expectAccessible(page);

  await inviteByKeyboard(page, colleague, 0);
  const pending = page.getByRole('region', { name: 'Ventende invitationer' });
  await expect(pending.getByRole('row', { name: new RegExp(colleague) })).toContainText('Arrangør');
  await expect(pending.getByRole('row', { name: new RegExp(colleague) })).toContainText(organiserEmail);
  await expectAccessible(page);

  // Looking at the link changes nothing (mail scanners fetch links): scanned here, used below.
  const link = await invitationLink(browser, baseURL!, colleague);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: `Invitation til ${EVENT_NAME}` })).toBeVisible();
  await expect(page.getByText(`Du er logget ind som ${organiserEmail}.`, { exact: false })).toBeVisible();
  await expectAccessible(page);

  // The colleague, in a browser of their own without JavaScript, and with no account yet.
  const theirs = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
  const them = await theirs.newPage();
  await them.goto(link);
  await expect(them.getByText(`Invitationen er til ${colleague}.`, { exact: false })).toBeVisible();
  await them.getByRole('button', { name: 'Tag imod og log ind' }).focus();
  await them.keyboard.press('Enter');
  await expect(them).toHaveURL(new RegExp(`/konsol/${EVENT}$`));
  await expect(them.getByRole('heading', { level: 1, name: `Arrangørkonsol – ${EVENT_NAME}` })).toBeVisible();

  // Single use: the same link again says so, and signs nobody in.
  const replay = await page.goto(link);
  expect(replay?.status()).toBe(409);
  await expect(page.getByRole('alert')).toContainText('allerede taget imod');
  await expect(page.getByRole('button', { name: 'Tag imod og log ind' })).toHaveCount(0);
  await expectAccessible(page);
  await theirs.close();

  // The organiser sees a member where the invitation was.
  await page.goto(`/konsol/${EVENT}/team`);
  await expect(pending.getByText(colleague)).toHaveCount(0);
  const members = page.getByRole('region', { name: 'Medlemmer' });
  await expect(members.getByRole('row', { name: new RegExp(colleague) })).toContainText('Arrangør');

  // The change log tells it in words, filtered to the team.
  await page.goto(`/konsol/${EVENT}/log`);
  await expect(page.getByRole('heading', { level: 1, name: `Log over ændringer – ${EVENT_NAME}` })).toBeVisible();
  await page.getByLabel('Hvad', { exact: true }).selectOption('team');
  await page.getByRole('button', { name: 'Vis' }).click();
  await expect(page).toHaveURL(/hvad=team/);
  await expect(page.getByText(`${colleague} inviteret som Arrangør`)).toBeVisible();
  await expect(page.getByText(`Invitationen til ${colleague} taget imod`)).toBeVisible();
  await expect(page.getByText(`${colleague} fik rollen Arrangør`)).toBeVisible();
  await expect(page.getByRole('button', { name: /Fortryd|Slet|Gem/ })).toHaveCount(0);
  await expectAccessible(page);
});

test('a revoked and an expired invitation each say so, in the invitee’s language', async ({ browser, baseURL }) => {
  // The organiser's forms, this time without JavaScript.
  const organiserContext = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
  const page = await organiserContext.newPage();
  const revokedEmail = `trukket-${stamp}@e2e-kommune.dk`;
  const expiredEmail = `udloebet-${stamp}@e2e-kommune.dk`;
  await signInAsOrganiser(page, browser, baseURL!, 'tilbagekalder');

  // A reviewer, invited in English, then revoked.
  await page.getByLabel('E-mailadresse').fill(revokedEmail);
  await page.getByLabel('Bedømmer af løsninger').check();
  await page.getByLabel('Engelsk').check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invitationen er sendt.' })).toBeVisible();
  const revokedLink = await invitationLink(browser, baseURL!, revokedEmail).catch(async () => {
    throw new Error('the English invitation did not arrive');
  });
  expect(revokedLink).toContain('/en/invitation/');
  await page.getByRole('button', { name: `Træk tilbage – invitationen til ${revokedEmail}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invitationen er trukket tilbage.' })).toBeVisible();

  const visitor = await browser.newContext({ baseURL: baseURL! });
  const them = await visitor.newPage();
  const revoked = await them.goto(revokedLink);
  expect(revoked?.status()).toBe(410);
  await expect(them.getByRole('alert')).toContainText('The organiser has revoked the invitation.');
  await expectAccessible(them);

  // Check-in staff, whose link has run out.
  await page.getByLabel('E-mailadresse').fill(expiredEmail);
  await page.getByLabel('Personale ved indtjekningen').check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invitationen er sendt.' })).toBeVisible();
  const expiredLink = await invitationLink(browser, baseURL!, expiredEmail);
  await db`update public.team_invitations set expires_at = created_at + interval '1 millisecond'
           where email = ${expiredEmail}`;
  const expired = await them.goto(expiredLink);
  expect(expired?.status()).toBe(410);
  await expect(them.getByRole('alert')).toContainText('Invitationen er udløbet.');
  await expectAccessible(them);
  await visitor.close();

  // The organiser may send it again from the list.
  await page.reload();
  await page.getByRole('button', { name: `Send igen – invitationen til ${expiredEmail}` }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Invitationen er sendt igen med et nyt link.' }),
  ).toBeVisible();
});

test('bad input is answered at the field with a 400, and the console is not another event’s', async ({
  page,
  browser,
  baseURL,
}) => {
  await signInAsOrganiser(page, browser, baseURL!, 'tastefejl');
  const post = () =>
    Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Send invitation' }).click(),
    ]).then(([response]) => response.status());

  await page.getByLabel('E-mailadresse').fill('navn@kommune');
  expect(await post()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('Der er et problem');
  await expect(page.getByLabel('E-mailadresse')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  // An exhibitor team needs its solution.
  await page.getByLabel('E-mailadresse').fill(`udstiller-${stamp}@e2e-kommune.dk`);
  await page.getByLabel('Udstillerhold', { exact: true }).check();
  expect(await post()).toBe(400);
  await expect(page.getByLabel('Løsning (kun for udstillerhold)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Udstillerhold', { exact: true })).toBeChecked();
  await expectAccessible(page);

  const other = `e2e-team-anden-${stamp}`;
  await insertEventWorld(db, { slug: other, status: 'published' });
  for (const path of [`/konsol/${other}/team`, `/konsol/${other}/log`]) {
    const answer = await page.goto(path);
    expect(answer?.status()).toBe(404);
  }
});

test('a reviewer follows the link to the solutions to review, may decide but not place, and finds the way back', async ({
  page,
  browser,
  baseURL,
}) => {
  const reviewerEmail = `bedoemmer-${stamp}@e2e-kommune.dk`;
  await signInAsOrganiser(page, browser, baseURL!, 'bedoemmelse');
  await page.getByLabel('E-mailadresse').fill(reviewerEmail);
  await page.getByLabel('Bedømmer af løsninger').check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invitationen er sendt.' })).toBeVisible();
  const link = await invitationLink(browser, baseURL!, reviewerEmail);

  const theirs = await browser.newContext({ baseURL: baseURL! });
  const them = await theirs.newPage();
  await them.goto(link);
  await them.getByRole('button', { name: 'Tag imod og log ind' }).click();
  await expect(them).toHaveURL(new RegExp(`/konsol/${EVENT}/losninger$`));
  await expect(them.getByRole('heading', { level: 1, name: `Løsninger til ${EVENT_NAME}` })).toBeVisible();
  await expectAccessible(them);
  await them.getByRole('link', { name: 'indsendt', exact: true }).click();
  await expect(them.getByRole('heading', { level: 2, name: 'Afgørelse' })).toBeVisible();
  await expect(them.getByRole('heading', { name: 'Sæt i en gallerirunde' })).toHaveCount(0);
  await expectAccessible(them);
  // The organisers' console start page is not theirs.
  expect((await them.goto(`/konsol/${EVENT}`))?.status()).toBe(404);
  // Without the email: the header's console link and My page both lead back to the solutions.
  await them.goto('/');
  await them.getByRole('navigation', { name: 'Din konto' }).getByRole('link', { name: 'Konsol' }).click();
  await expect(them).toHaveURL(/\/konsol$/);
  await expect(them.getByRole('heading', { level: 2, name: 'Dage, hvor du bedømmer løsninger' })).toBeVisible();
  await expect(them.getByRole('link', { name: `${EVENT_NAME}: Bedøm løsningerne` })).toHaveAttribute(
    'href',
    `/konsol/${EVENT}/losninger`,
  );
  await expectAccessible(them);
  await them.goto('/min-side');
  const roles = them.getByRole('region', { name: 'Dine roller' });
  await expect(roles).toContainText('Bedømmer af løsninger');
  await expect(roles.getByRole('link', { name: /Bedøm løsningerne/ })).toHaveAttribute(
    'href',
    `/konsol/${EVENT}/losninger`,
  );
  await theirs.close();
});

test('an event creator lets a colleague create events, by keyboard, and takes it back; the last one stays', async ({
  page,
  browser,
  baseURL,
}) => {
  const organisation = `E2E Kommune ${stamp}`;
  const creatorEmail = `opretter-${stamp}@e2e-kommune.dk`;
  const colleague = `medopretter-${stamp}@e2e-kommune.dk`;
  const { organisationId } = await grantEventCreator(db, {
    email: creatorEmail,
    organisation,
    sector: 'kommune',
    createUser: true,
  });
  await page.goto('/konsol');
  await page.getByLabel('E-mailadresse').fill(creatorEmail);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  await page.getByLabel('Kode fra e-mailen').fill((await signInEmail(browser, baseURL!, creatorEmail)).code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('link', { name: `Hvem må oprette arrangementer for ${organisation}` }).click();
  await expect(page).toHaveURL(new RegExp(`/konsol/organisation/${organisationId}$`));
  const title = `Hvem må oprette arrangementer – ${organisation}`;
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const creators = page.getByRole('region', { name: 'Kan oprette arrangementer' });
  await expect(creators.getByRole('row', { name: new RegExp(creatorEmail) })).toContainText('npm run grant');
  // Alone: nothing to remove.
  await expect(creators.getByRole('button')).toHaveCount(0);

  // Not an address: the field says so, with a 400, and nothing is sent.
  const field = page.getByLabel('E-mailadresse');
  await field.fill('ikke-en-adresse');
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    field.press('Enter'),
  ]);
  expect(refused.status()).toBe(400);
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByLabel('E-mailadresse')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  // By keyboard: the address, then Enter on the button.
  await page.getByLabel('E-mailadresse').fill('');
  await page.getByLabel('E-mailadresse').focus();
  await page.keyboard.type(colleague);
  await page.getByRole('button', { name: 'Send invitation' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Invitationen er sendt.' })).toBeVisible();
  const pending = page.getByRole('region', { name: 'Ventende invitationer' });
  await expect(pending.getByRole('row', { name: new RegExp(colleague) })).toContainText(creatorEmail);
  await expectAccessible(page);

  // The colleague follows the link, without JavaScript, and lands on the same page.
  const link = await invitationLink(browser, baseURL!, colleague);
  const theirs = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
  const them = await theirs.newPage();
  await them.goto(link);
  await expect(them.getByText(`Du er inviteret til at oprette innovationsdage for ${organisation}`)).toBeVisible();
  await them.getByRole('button', { name: 'Tag imod og log ind' }).click();
  await expect(them).toHaveURL(new RegExp(`/konsol/organisation/${organisationId}$`));
  await expect(them.getByRole('row', { name: new RegExp(`${colleague} \\(dig\\)`) })).toContainText(creatorEmail);
  await them.goto('/konsol');
  await expect(them.getByRole('link', { name: 'Opret en ny innovationsdag' })).toBeVisible();
  await expect(them.getByRole('link', { name: `Hvem må oprette arrangementer for ${organisation}` })).toBeVisible();
  await theirs.close();

  // The first one takes the role back again; then they are alone, and cannot remove themselves.
  await page.reload();
  await page.getByRole('button', { name: `Fjern – ${colleague} kan ikke længere oprette arrangementer` }).click();
  await expect(page.getByRole('status')).toHaveText('Personen kan ikke længere oprette arrangementer.');
  await expect(creators.getByRole('row')).toHaveCount(2);
  await expect(creators.getByRole('button')).toHaveCount(0);
  // All of it in the organisation's log, newest first.
  const log = page.getByRole('region', { name: 'Seneste ændringer' }).getByRole('listitem');
  await expect(log).toHaveText([
    new RegExp(`${creatorEmail}.*${colleague} mistede rollen Opretter af arrangementer`),
    new RegExp(`${colleague}.*Invitationen til ${colleague} taget imod`),
    new RegExp(`${colleague}.*${colleague} fik rollen Opretter af arrangementer`),
    new RegExp(`${creatorEmail}.*${colleague} inviteret som Opretter af arrangementer`),
  ]);
  // Someone else's organisation page is not found.
  expect((await page.goto(`/konsol/organisation/${randomUUID()}`))?.status()).toBe(404);
});
