// Every Astro Action, by feature: `actions.auth.requestSignIn`, …
import { article } from './article.ts';
import { award } from './award.ts';
import { auth } from './auth.ts';
import { booking } from './booking.ts';
import { broadcast } from './broadcast.ts';
import { checkin } from './checkin.ts';
import { contacts } from './contacts.ts';
import { materials } from './materials.ts';
import { events } from './events.ts';
import { feedback } from './feedback.ts';
import { images } from './images.ts';
import { invoices } from './invoices.ts';
import { leads } from './leads.ts';
import { invoiceCheckout } from './invoice-checkout.ts';
import { myPage } from './my-page.ts';
import { operations } from './operations.ts';
import { organisation } from './organisation.ts';
import { privacy } from './privacy.ts';
import { programme } from './programme.ts';
import { questions } from './questions.ts';
import { registration } from './registration.ts';
import { registrations } from './registrations.ts';
import { rubric } from './rubric.ts';
import { schedule } from './schedule.ts';
import { settings } from './settings.ts';
import { solutions } from './solutions.ts';
import { takeaways } from './takeaways.ts';
import { team } from './team.ts';

export const server = {
  auth,
  registration,
  myPage,
  solutions,
  booking,
  checkin,
  privacy,
  programme,
  takeaways,
  settings,
  materials,
  events,
  schedule,
  team,
  feedback,
  operations,
  images,
  registrations,
  article,
  broadcast,
  award,
  organisation,
  rubric,
  contacts,
  questions,
  invoices,
  leads,
  invoiceCheckout,
};
