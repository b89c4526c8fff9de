import { describe, expect, it } from 'vitest';
import {
  ATTENDEE_REFUSALS,
  attendeeRefusal,
  pageLinks,
  queryFromParams,
  queryString,
  referencePrefix,
  transferInput,
} from './registrations.ts';

const params = (text: string) => new URLSearchParams(text);

describe('the table state in the query string', () => {
  it('reads filters, sort and page, ignoring what is malformed', () => {
    const query = queryFromParams(
      params('q=  Søren   K  &status=valid&sektor=kommune&kost=ja&samtykke=kontakt&side=3&type=nope&tjekket-ind=maybe'),
    );
    expect(query).toMatchObject({
      search: 'Søren K',
      status: 'valid',
      sector: 'kommune',
      dietary: 'ja',
      consent: 'kontakt',
      page: 3,
      type: null,
      checkedIn: null,
      sort: 'relevans',
    });
    expect(queryFromParams(params('side=0&sorter=relevans')).page).toBe(1);
    // Relevance needs a search to be relevant to.
    expect(queryFromParams(params('sorter=relevans')).sort).toBe('navn');
    expect(queryFromParams(params(`q=${'x'.repeat(500)}`)).search).toHaveLength(100);
  });

  it('writes the state back without defaults, so links are short and stable', () => {
    const query = queryFromParams(params('q=mette&kommune=Aarhus&sorter=-navn&side=2'));
    expect(queryString(query)).toBe('?q=mette&kommune=Aarhus&sorter=-navn&side=2');
    expect(queryString(query, { page: 1 })).toBe('?q=mette&kommune=Aarhus&sorter=-navn');
    expect(queryString(queryFromParams(params('')))).toBe('');
    expect(queryFromParams(params(queryString(query).slice(1)))).toEqual(query);
  });
});

describe('search helpers', () => {
  it('sees an order or ticket reference in Crockford base32', () => {
    expect(referencePrefix('7k3m9qxa')).toBe('7K3M9QXA');
    expect(referencePrefix('7K3M9QXA-2')).toBe('7K3M9QXA');
    expect(referencePrefix('7K3M')).toBe('7K3M');
    expect(referencePrefix('Søren')).toBeNull();
    expect(referencePrefix('OLIU1234')).toBeNull();
  });

  it('links the first, last and nearby pages with gaps', () => {
    expect(pageLinks(1, 1)).toEqual([1]);
    expect(pageLinks(1, 10)).toEqual([1, 2, 3, null, 10]);
    expect(pageLinks(6, 201)).toEqual([1, null, 4, 5, 6, 7, 8, null, 201]);
  });
});

describe('actions', () => {
  it('checks a transfer’s new holder and words each refusal', () => {
    const base = { event: crypto.randomUUID(), ticket: crypto.randomUUID(), version: '3' };
    expect(transferInput.safeParse({ ...base, newName: ' Lise ', newEmail: 'Lise@Holm.DK' }).data).toMatchObject({
      newName: 'Lise',
      newEmail: 'lise@holm.dk',
      newOrganisation: '',
      version: 3,
    });
    const bad = transferInput.safeParse({ ...base, newName: '', newEmail: 'nope' });
    expect(new Set(bad.error?.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`))).toEqual(
      new Set(['newName: registrations.field.nameRequired', 'newEmail: auth.field.emailInvalid']),
    );
    expect(attendeeRefusal('changed_elsewhere')).toEqual({ ok: false, code: 'changed_elsewhere' });
    expect(() => attendeeRefusal('surprise')).toThrow();
    expect(ATTENDEE_REFUSALS.already_has_ticket).toMatchObject({ status: 409, field: 'newEmail' });
  });
});
