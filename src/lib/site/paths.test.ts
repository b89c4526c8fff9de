import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { accessibilityStatementHref, apiPaths, CONSOLE_TOOLS, pathsFor } from './paths.ts';

const PAGES = fileURLToPath(new URL('../../pages/', import.meta.url));

describe('pathsFor', () => {
  it('builds Danish paths at the root and English ones under /en/', () => {
    const da = pathsFor('da');
    const en = pathsFor('en');
    expect(da.home()).toBe('/');
    expect(en.home()).toBe('/en/');
    expect(da.event('dag')).toBe('/dag/');
    expect(en.event('dag')).toBe('/en/dag/');
    expect(da.programme('dag')).toBe('/dag/program');
    expect(en.session('dag', 'aabning')).toBe('/en/dag/program/aabning');
    expect(da.gallery('dag')).toBe('/dag/galleri');
    expect(en.solution('dag', 'borgerdesign')).toBe('/en/dag/losninger/borgerdesign');
    expect(da.speakers('dag')).toBe('/dag/talere');
    expect(en.speaker('dag', 'jocelyne-bourgon')).toBe('/en/dag/talere/jocelyne-bourgon');
    expect(da.submitSolution('dag')).toBe('/dag/indsend');
    expect(en.submitSolution('dag')).toBe('/en/dag/indsend');
  });

  it('keep English under /en/', () => {
    expect(pathsFor('en').register('dag-2027')).toBe('/en/dag-2027/tilmelding');
    expect(pathsFor('da').signIn('/min-side')).toBe('/log-ind?next=%2Fmin-side');
    expect(pathsFor('en').signOut()).toBe('/en/log-ud');
    expect(pathsFor('da').myProgramme()).toBe('/min-side/program');
    expect(pathsFor('en').mySolutions()).toBe('/en/min-side/losninger');
  });

  it('has the console, check-in and sign-in pages the routes under src/pages/ answer', () => {
    const da = pathsFor('da');
    const en = pathsFor('en');
    expect(da.console()).toBe('/konsol');
    expect(en.consoleEvent('dag')).toBe('/en/konsol/dag');
    expect(da.consoleTool('tickets', 'dag')).toBe('/konsol/dag/billetter');
    expect(en.consoleTool('registration', 'dag')).toBe('/en/konsol/dag/tilmelding');
    expect(da.consoleTool('dashboard', 'dag')).toBe('/konsol/dag/indtjekning');
    expect(en.consoleTool('door', 'dag')).toBe('/en/checkin/dag');
    // Every tool's link answers: a page file under src/pages/ serves it.
    for (const tool of CONSOLE_TOOLS) {
      const route = da.consoleTool(tool, 'dag').replace(/^\/(konsol|checkin)\/dag/, '$1/[event]');
      const files = [`${route}.astro`, `${route}/index.astro`].map((file) => path.join(PAGES, file));
      expect({ tool, answered: files.some((file) => existsSync(file)) }).toEqual({ tool, answered: true });
    }
    expect(en.newEvent()).toBe('/en/konsol/ny');
    expect(da.copyEvent('dag')).toBe('/konsol/dag/kopier');
    expect(da.consoleTool('event', 'dag')).toBe('/konsol/dag/begivenhed');
    expect(da.consoleTool('devices', 'dag')).toBe('/konsol/dag/enheder');
    expect(en.invitation('tok')).toBe('/en/invitation/tok');
    expect(en.reviewSolution('dag', 'abc')).toBe('/en/konsol/dag/losninger/abc');
    expect(en.scheduleSession('dag', 'abc')).toBe('/en/konsol/dag/skema/abc');
    expect(da.sessionEditor('dag', 'abc')).toBe('/konsol/dag/program/sessioner/abc');
    expect(da.consoleTrack('dag', 'abc')).toBe('/konsol/dag/program/spor/abc');
    expect(da.consoleRooms('dag')).toBe('/konsol/dag/program/lokaler');
    expect(en.consoleSpeaker('dag', 'abc')).toBe('/en/konsol/dag/program/talere/abc');
    expect(da.consoleTool('feedback', 'dag')).toBe('/konsol/dag/feedback');
    expect(en.consoleSurveyQuestion('dag', 'ny')).toBe('/en/konsol/dag/feedback/evaluering/ny');
    expect(da.feedbackExport('dag', 'xlsx')).toBe('/konsol/dag/feedback/eksport.xlsx');
    expect(en.myPresentedFeedback()).toBe('/en/min-side/feedback');
    expect(en.ticketTypeEditor('dag', 'abc')).toBe('/en/konsol/dag/billetter/abc');
    expect(da.newTicketType('dag')).toBe('/konsol/dag/billetter/ny');
    expect(en.checkin()).toBe('/en/checkin/');
    expect(da.checkinManifest()).toBe('/checkin/manifest.webmanifest');
    expect(da.signIn()).toBe('/log-ind');
    expect(en.signInConfirm()).toBe('/en/log-ind/bekraeft');
    expect(en.myProgrammeCalendar('dag')).toBe('/en/min-side/program/dag.ics');
    expect(en.mySolution('abc')).toBe('/en/min-side/losninger/abc');
    expect(da.notFound()).toBe('/404');
  });

  it('leaves API routes without a language', () => {
    expect(apiPaths.seats('dag')).toBe('/api/events/dag/seats.json');
    expect(apiPaths.calendarFeed('t0k3n')).toBe('/api/calendar/t0k3n.ics');
  });
});

describe('accessibilityStatementHref', () => {
  it.each([
    ['da', '/tilgaengelighed', '/tilgaengelighed'],
    ['en', '/tilgaengelighed', '/en/tilgaengelighed'],
    ['en', 'https://was.digst.dk/example', 'https://was.digst.dk/example'],
    ['en', '//elsewhere.example/x', '//elsewhere.example/x'],
    ['da', null, '/tilgaengelighed'],
    ['en', undefined, '/en/tilgaengelighed'],
  ] as const)('%s %o → %s', (lang, url, expected) => {
    expect(accessibilityStatementHref(lang, url)).toBe(expected);
  });
});
