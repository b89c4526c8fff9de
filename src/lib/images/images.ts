// Pictures on public pages — an event's image (with its alternative text) and
// a speaker's photo — as the console's forms send them: the form schemas, the
// refusals and their words. The bytes go through the storage port
// (storage/storage.server.ts); images.server.ts records the key.
import { z } from 'zod';
import type { MessageKey } from '../i18n/messages.ts';
import { fileField } from '../limits/uploaded-file.ts';
import { CHANGED_ELSEWHERE } from '../console/concurrency.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';
import { type UploadRefusal, uploadRefusalRules } from '../storage/storage.ts';

export const ALT_MAX = 300;

const alt = z
  .string()
  .trim()
  .max(ALT_MAX, { error: 'images.field.altTooLong' satisfies MessageKey })
  .nullish()
  .transform((value) => (value ? value : null));

const version = z.coerce.number().int().positive();
const removeBox = z
  .string()
  .nullish()
  .transform((value) => value === 'yes');

/** The event image form: a new file and/or its alternative text, or "remove". */
export const eventImageForm = z.object({
  event: z.uuid(),
  version,
  image: fileField,
  imageAlt: alt,
  imageAltEn: alt,
  remove: removeBox,
});
export type EventImageInput = z.output<typeof eventImageForm>;

/** The speaker photo form: a new file, or "remove". */
export const speakerPhotoForm = z.object({
  id: z.uuid(),
  version,
  photo: fileField,
  remove: removeBox,
});
export type SpeakerPhotoInput = z.output<typeof speakerPhotoForm>;

export type ImageRefusal = UploadRefusal | Refused<'alt_missing'> | Refused<'changed_elsewhere'> | Refused<'not_found'>;

export const imageRefusals = (field: 'image' | 'photo'): RefusalRules<ImageRefusal> => ({
  ...uploadRefusalRules(field),
  alt_missing: { status: 400, message: 'images.field.altRequired', field: 'imageAlt' },
  changed_elsewhere: CHANGED_ELSEWHERE,
  not_found: { status: 404, message: 'images.refused.notFound' },
});
