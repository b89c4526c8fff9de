// The values an event form shows: what was just posted (after a refusal, so
// nothing typed is lost), else what is stored. Pure.
import type { EditableEvent } from './event-editor.server.ts';
import { toLocalDateTime } from './event-editor.ts';

export type EventFormValues = Record<string, string>;

/** The stored event as the settings form's fields. */
export function storedEventValues(event: EditableEvent): EventFormValues {
  const starts = toLocalDateTime(event.startsAt, event.timeZone);
  const ends = toLocalDateTime(event.endsAt, event.timeZone);
  return {
    name: event.name,
    nameEn: event.nameEn ?? '',
    theme: event.theme ?? '',
    themeEn: event.themeEn ?? '',
    tagline: event.tagline ?? '',
    taglineEn: event.taglineEn ?? '',
    description: event.description ?? '',
    descriptionEn: event.descriptionEn ?? '',
    venueName: event.venueName,
    venueAddress: event.venueAddress ?? '',
    organiserName: event.organiserName,
    contactEmail: event.contactEmail ?? '',
    accessibilityUrl: event.accessibilityUrl ?? '',
    startsOn: starts.date,
    startsTime: starts.time,
    endsOn: ends.date,
    endsTime: ends.time,
    timeZone: event.timeZone,
  };
}

/** The posted fields over `fallback`, each cut to a length no field allows more than. */
export function postedValues(form: FormData | null, fallback: EventFormValues): EventFormValues {
  if (!form) return fallback;
  const values: EventFormValues = { ...fallback };
  for (const [name, value] of form) {
    if (typeof value === 'string' && !name.startsWith('_')) values[name] = value.slice(0, 10_001);
  }
  return values;
}
