import { describe, expect, it } from 'vitest';
import { buildAppearances, buildSpeakerList, type SpeakerRow } from './speakers.ts';

const speaker = (name: string, extra: Partial<SpeakerRow> = {}): SpeakerRow => ({
  slug: name.toLowerCase().replace(/[^a-z]+/g, '-'),
  name,
  job_title: null,
  job_title_en: null,
  bio: null,
  bio_en: null,
  photo_url: null,
  organisation_name: null,
  ...extra,
});

describe('buildSpeakerList', () => {
  const rows = [
    speaker('Åse Holm'),
    speaker('Østen Berg'),
    speaker('Zenia Dahl'),
    speaker('Ærø Jensen'),
    speaker('Anna Bak'),
  ];

  it('sorts Danish names the Danish way: Æ, Ø, Å after Z', () => {
    expect(buildSpeakerList(rows, 'dag', 'da').map((s) => s.name)).toEqual([
      'Anna Bak',
      'Zenia Dahl',
      'Ærø Jensen',
      'Østen Berg',
      'Åse Holm',
    ]);
  });

  it('links to the speaker page and localises the job title and bio', () => {
    const [view] = buildSpeakerList(
      [
        speaker('Jocelyne Bourgon', {
          slug: 'jocelyne-bourgon',
          job_title: 'Formand',
          job_title_en: 'President',
          bio: 'Dansk bio',
          organisation_name: 'Public Governance International',
        }),
      ],
      'dag',
      'en',
    );
    expect(view).toEqual({
      slug: 'jocelyne-bourgon',
      href: '/en/dag/talere/jocelyne-bourgon',
      name: 'Jocelyne Bourgon',
      jobTitle: 'President',
      organisation: 'Public Governance International',
      bio: 'Dansk bio',
      photoUrl: null,
    });
  });
});

describe('buildAppearances', () => {
  it('lists sessions in time order with role, room and link', () => {
    const at = (time: string) => new Date(`2027-02-25T${time}:00+01:00`);
    const appearances = buildAppearances(
      [
        {
          session_slug: 'afslutning',
          kind: 'keynote',
          title: 'Tak for i dag',
          title_en: 'Closing remarks',
          starts_at: at('16:05'),
          ends_at: at('16:15'),
          room_name: 'Hovedscenen',
          room_name_en: 'Main stage',
          role: 'host',
        },
        {
          session_slug: 'aabning',
          kind: 'keynote',
          title: 'Velkomst',
          title_en: null,
          starts_at: at('09:15'),
          ends_at: at('09:40'),
          room_name: null,
          room_name_en: null,
          role: 'host',
        },
      ],
      'dag',
      'Europe/Copenhagen',
      'en',
    );
    expect(appearances.map((a) => [a.title, a.href, a.room, a.role, a.timeLabel.replace(/\s/g, ' ')])).toEqual([
      ['Velkomst', '/en/dag/program/aabning', null, 'host', '09:15–09:40'],
      ['Closing remarks', '/en/dag/program/afslutning', 'Main stage', 'host', '16:05–16:15'],
    ]);
  });
});
