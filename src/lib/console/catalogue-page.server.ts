// The one way to be a catalogue edit page in the console (a room, a track, a
// speaker: one row edited by a plain form, `/ny` for a new one, a delete
// below). It reads the three action results the page posts to, answers a
// successful create/save/delete with a 303 (to the new item, back here, to
// the list), and otherwise hands the page what it renders with: the item,
// each field's value (what was typed after a refusal, else what is stored),
// the messages at the fields and the status to answer with.
// Usage, after loadOrganiserPage:
//   const form = await loadCatalogueEditPage(Astro, page, {
//     created: Astro.getActionResult(actions.programme.createRoom), …,
//     itemPath: (id) => paths.consoleRoom(event.slug, id), listPath: paths.consoleRooms(event.slug),
//     load: () => listRooms(claims, event.id), stored: (room) => ({ name: room?.name ?? '' }),
//   });
//   if (form instanceof Response) return form;
import type { AstroGlobal } from 'astro';
import { type ProgrammeActionResult, postedValues, programmeMessages } from '../programme-editor/messages.ts';
import { notFound } from '../site/not-found.ts';
import type { OrganiserPage } from './organiser-page.server.ts';

/** Text longer than this is cut before it is shown again; the field's own limit is far lower. */
const TYPED_MAX = 10_000;

export interface CatalogueItem {
  id: string;
  version: number;
}

export interface CatalogueEditSpec<Item extends CatalogueItem> {
  created: (ProgrammeActionResult & { data?: { ok: true; id: string } | ProgrammeActionResult['data'] }) | undefined;
  updated: ProgrammeActionResult | undefined;
  deleted: ProgrammeActionResult | undefined;
  /** Where a new item is shown after it is created. */
  itemPath: (id: string) => string;
  /** Where the list is: a deleted item goes back there. */
  listPath: string;
  load: () => Promise<Item[]>;
  /** Each field's stored value as the form shows it; `null` for the empty form (`items`: the whole list). */
  stored: (item: Item | null, items: Item[]) => Record<string, string>;
}

export interface CatalogueEditPage<Item extends CatalogueItem> {
  isNew: boolean;
  /** The item being edited; null on `/ny`. */
  item: Item | null;
  /** A field's value as the form shows it. */
  value: (name: string) => string;
  /** The message at a field, if any. */
  error: (name: string) => string | undefined;
  /** Every field's message, in the order reported, for the error summary. */
  errors: { field: string; message: string }[];
  formError: string | undefined;
  /** 'created' or '1' right after a save (the redirect's query), else null. */
  saved: string | null;
}

export async function loadCatalogueEditPage<Item extends CatalogueItem>(
  astro: AstroGlobal,
  page: OrganiserPage,
  spec: CatalogueEditSpec<Item>,
): Promise<CatalogueEditPage<Item> | Response> {
  const { created, updated, deleted } = spec;
  if (created?.data?.ok && 'id' in created.data) {
    return astro.redirect(`${spec.itemPath(created.data.id)}?saved=created`, 303);
  }
  if (updated?.data?.ok) return astro.redirect(`${page.selfPath}?saved=1`, 303);
  if (deleted?.data?.ok) return astro.redirect(`${spec.listPath}?deleted=1`, 303);

  // The route's one parameter besides the event: an item id, or `ny`.
  const param = Object.entries(astro.params).find(([name]) => name !== 'event')?.[1] ?? '';
  const isNew = param === 'ny';
  const items = await spec.load();
  const item = isNew ? null : (items.find((candidate) => candidate.id === param) ?? null);
  if (!isNew && !item) return notFound(astro);

  const { errors, formError, status } = programmeMessages(page.lang, created ?? updated ?? deleted);
  if (status) astro.response.status = status;
  const posted = status ? await postedValues(astro.request) : null;
  const stored = spec.stored(item, items);
  return {
    isNew,
    item,
    value: (name) => {
      const typed = posted?.get(name);
      return typeof typed === 'string' ? typed.slice(0, TYPED_MAX) : (stored[name] ?? '');
    },
    error: (name) => errors.get(name),
    errors: [...errors].map(([field, message]) => ({ field, message })),
    formError,
    saved: astro.request.method === 'GET' ? astro.url.searchParams.get('saved') : null,
  };
}
