// Materials actions: organisers attach to a session or solution of their
// event, a solution's team to its own solution; both remove. Each checks its
// input (400 with a dictionary key per field), needs a signed-in caller (401),
// and answers with the use case's outcome as data — `{ ok: true }` or a
// refusal the page words through MATERIAL_REFUSALS. The file was bounded
// before the action ran (Astro's action body limit); readUploadedFile checks
// its kind's limit before reading it.
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import { loadMyEvent } from '../lib/auth/my-roles.server.ts';
import {
  attachMaterial,
  type MaterialDraft,
  removeMaterial,
  solutionEventForTeam,
} from '../lib/materials/materials.server.ts';
import {
  consoleMaterialForm,
  parseSubject,
  removeMaterialInput,
  teamMaterialForm,
} from '../lib/materials/materials.ts';
import { refused } from '../lib/site/refusal.ts';

function draftOf(input: {
  materialTitle: string;
  materialTitleEn?: string | undefined;
  visibility: MaterialDraft['visibility'];
  link?: string | undefined;
  file?: File | undefined;
}): MaterialDraft {
  return {
    title: input.materialTitle,
    titleEn: input.materialTitleEn,
    visibility: input.visibility,
    link: input.link,
    file: input.file,
  };
}

export const materials = {
  attach: defineAction({
    accept: 'form',
    input: consoleMaterialForm,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const event = await loadMyEvent(claims, input.event, 'organiser', context.locals.lang);
      const subject = parseSubject(input.subject);
      if (!event || !subject) return refused('not_found');
      return attachMaterial(claims, event.id, subject, draftOf(input));
    },
  }),

  attachToSolution: defineAction({
    accept: 'form',
    input: teamMaterialForm,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const eventId = await solutionEventForTeam(claims, input.solutionId);
      if (!eventId) return refused('not_found');
      return attachMaterial(claims, eventId, { kind: 'solution', id: input.solutionId }, draftOf(input));
    },
  }),

  remove: defineAction({
    accept: 'form',
    input: removeMaterialInput,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      if (input.solutionId) return removeMaterial(claims, input.materialId, { solutionId: input.solutionId });
      const event = input.event ? await loadMyEvent(claims, input.event, 'organiser', context.locals.lang) : null;
      if (!event) return refused('not_found');
      return removeMaterial(claims, input.materialId, { eventId: event.id });
    },
  }),
};
