// The takeaways article's actions, for the console's page
// /konsol/<event>/artikel: save (both languages, the links), publish or take
// back, add and remove an image. Each checks its input (400 with a dictionary
// key per field), needs a signed-in caller (401) who organises the event
// (else not_found, as for an event that does not exist), and answers with the
// use case's outcome as data; the page words refusals through
// ARTICLE_REFUSALS / IMAGE_REFUSALS.
import { defineAction } from 'astro:actions';
import { requireSignedIn } from './boundary.ts';
import { loadMyEvent } from '../lib/auth/my-roles.server.ts';
import {
  addArticleImage,
  removeArticleImage,
  saveArticle,
  setArticlePublished,
} from '../lib/article/article.server.ts';
import { articleForm, imageForm, publishForm, removeImageForm } from '../lib/article/article.ts';
import { refused } from '../lib/site/refusal.ts';

export const article = {
  save: defineAction({
    accept: 'form',
    input: articleForm,
    handler: async ({ event: slug, intent, ...input }, context) => {
      const claims = requireSignedIn(context);
      const event = await loadMyEvent(claims, slug, 'organiser', context.locals.lang);
      if (!event) return refused('not_found');
      const saved = await saveArticle(claims, event.id, input);
      return saved.ok ? { ...saved, preview: intent === 'preview' } : saved;
    },
  }),

  publish: defineAction({
    accept: 'form',
    input: publishForm,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const event = await loadMyEvent(claims, input.event, 'organiser', context.locals.lang);
      if (!event) return refused('not_found');
      const changed = await setArticlePublished(claims, event.id, input.version, input.publish);
      return changed.ok ? { ...changed, published: input.publish } : changed;
    },
  }),

  addImage: defineAction({
    accept: 'form',
    input: imageForm,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const event = await loadMyEvent(claims, input.event, 'organiser', context.locals.lang);
      if (!event) return refused('not_found');
      return addArticleImage(claims, event.id, {
        file: input.image,
        alt: input.alt,
        altEn: input.altEn,
        caption: input.caption,
        captionEn: input.captionEn,
      });
    },
  }),

  removeImage: defineAction({
    accept: 'form',
    input: removeImageForm,
    handler: async (input, context) => {
      const claims = requireSignedIn(context);
      const event = await loadMyEvent(claims, input.event, 'organiser', context.locals.lang);
      if (!event) return refused('not_found');
      return removeArticleImage(claims, event.id, input.imageId);
    },
  }),
};
