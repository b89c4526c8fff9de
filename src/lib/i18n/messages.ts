// Every UI string, Danish first, assembled from the parts in ./dictionary/ so
// there is one key space and one translate function. Each part's `…Da` defines
// its keys and its `…En` must have exactly the same ones (the type rejects
// missing and extra keys); add new strings to a part, not here.
import { INTL_LOCALE, type Lang } from './locales.ts';
import { articleDa, articleEn } from './dictionary/article.ts';
import { authDa, authEn } from './dictionary/auth.ts';
import { badgesDa, badgesEn } from './dictionary/badges.ts';
import { bookingDa, bookingEn } from './dictionary/booking.ts';
import { checkinDashboardDa, checkinDashboardEn } from './dictionary/checkin-dashboard.ts';
import { checkinDa, checkinEn } from './dictionary/checkin.ts';
import { checkinSettingsDa, checkinSettingsEn } from './dictionary/checkin-settings.ts';
import { checkinDevicesDa, checkinDevicesEn } from './dictionary/checkin-devices.ts';
import { checkinRehearsalDa, checkinRehearsalEn } from './dictionary/checkin-rehearsal.ts';
import { consoleDa, consoleEn } from './dictionary/console.ts';
import { consoleFixesDa, consoleFixesEn } from './dictionary/console-fixes.ts';
import { eventDa, eventEn } from './dictionary/event.ts';
import { exhibitorDa, exhibitorEn } from './dictionary/exhibitor.ts';
import { feedbackDa, feedbackEn } from './dictionary/feedback.ts';
import { materialsDa, materialsEn } from './dictionary/materials.ts';
import { eventEditorDa, eventEditorEn } from './dictionary/event-editor.ts';
import { myDataDa, myDataEn } from './dictionary/my-data.ts';
import { privacyDa, privacyEn } from './dictionary/privacy.ts';
import { programmeEditorDa, programmeEditorEn } from './dictionary/programme-editor.ts';
import { registrationDa, registrationEn } from './dictionary/registration.ts';
import { registrationsDa, registrationsEn } from './dictionary/registrations.ts';
import { reportsDa, reportsEn } from './dictionary/reports.ts';
import { siteDa, siteEn } from './dictionary/site.ts';
import { serviceDa, serviceEn } from './dictionary/service.ts';
import { scheduleDa, scheduleEn } from './dictionary/schedule.ts';
import { settingsDa, settingsEn } from './dictionary/settings.ts';
import { setupDa, setupEn } from './dictionary/setup.ts';
import { solutionsDa, solutionsEn } from './dictionary/solutions.ts';
import { takeawaysDa, takeawaysEn } from './dictionary/takeaways.ts';
import { teamDa, teamEn } from './dictionary/team.ts';
import { listsDa, listsEn } from './dictionary/lists.ts';
import { broadcastDa, broadcastEn } from './dictionary/broadcast.ts';
import { signInRecoveryDa, signInRecoveryEn } from './dictionary/sign-in-recovery.ts';
import { awardDa, awardEn } from './dictionary/award.ts';
import { mailDeliveryDa, mailDeliveryEn } from './dictionary/mail-delivery.ts';
import { consoleRestDa, consoleRestEn } from './dictionary/console-rest.ts';
import { callQuestionsDa, callQuestionsEn } from './dictionary/call-questions.ts';
import { contactsDa, contactsEn } from './dictionary/contacts.ts';
import { questionsDa, questionsEn } from './dictionary/questions.ts';
import { invoiceConsoleDa, invoiceConsoleEn } from './dictionary/invoice-console.ts';
import { bookingApiDa, bookingApiEn } from './dictionary/booking-api.ts';
import { leadsDa, leadsEn } from './dictionary/leads.ts';
import { invoiceDocumentsDa, invoiceDocumentsEn } from './dictionary/invoice-documents.ts';
import { invoiceCheckoutDa, invoiceCheckoutEn } from './dictionary/invoice-checkout.ts';
import { solutionContentDa, solutionContentEn } from './dictionary/solution-content.ts';
import { formatMessage, type Message, type MessageParams } from './message-format.ts';

const DA_PARTS = [
  siteDa,
  eventDa,
  solutionsDa,
  bookingDa,
  badgesDa,
  authDa,
  registrationDa,
  checkinDa,
  checkinDashboardDa,
  checkinSettingsDa,
  checkinDevicesDa,
  checkinRehearsalDa,
  consoleDa,
  consoleFixesDa,
  serviceDa,
  myDataDa,
  takeawaysDa,
  privacyDa,
  materialsDa,
  scheduleDa,
  programmeEditorDa,
  settingsDa,
  eventEditorDa,
  teamDa,
  feedbackDa,
  registrationsDa,
  listsDa,
  reportsDa,
  setupDa,
  articleDa,
  broadcastDa,
  signInRecoveryDa,
  awardDa,
  mailDeliveryDa,
  consoleRestDa,
  callQuestionsDa,
  exhibitorDa,
  contactsDa,
  questionsDa,
  invoiceConsoleDa,
  bookingApiDa,
  leadsDa,
  invoiceDocumentsDa,
  invoiceCheckoutDa,
  solutionContentDa,
] as const;

const da = {
  ...siteDa,
  ...eventDa,
  ...solutionsDa,
  ...bookingDa,
  ...badgesDa,
  ...authDa,
  ...registrationDa,
  ...checkinDa,
  ...checkinDashboardDa,
  ...checkinSettingsDa,
  ...checkinDevicesDa,
  ...checkinRehearsalDa,
  ...consoleDa,
  ...consoleFixesDa,
  ...serviceDa,
  ...myDataDa,
  ...takeawaysDa,
  ...privacyDa,
  ...materialsDa,
  ...scheduleDa,
  ...programmeEditorDa,
  ...settingsDa,
  ...eventEditorDa,
  ...teamDa,
  ...feedbackDa,
  ...registrationsDa,
  ...listsDa,
  ...reportsDa,
  ...setupDa,
  ...articleDa,
  ...broadcastDa,
  ...signInRecoveryDa,
  ...awardDa,
  ...mailDeliveryDa,
  ...consoleRestDa,
  ...callQuestionsDa,
  ...exhibitorDa,
  ...contactsDa,
  ...questionsDa,
  ...invoiceConsoleDa,
  ...bookingApiDa,
  ...leadsDa,
  ...invoiceDocumentsDa,
  ...invoiceCheckoutDa,
  ...solutionContentDa,
};

export type MessageKey = keyof typeof da;

const en: { readonly [K in MessageKey]: Message } = {
  ...siteEn,
  ...eventEn,
  ...solutionsEn,
  ...bookingEn,
  ...badgesEn,
  ...authEn,
  ...registrationEn,
  ...checkinEn,
  ...checkinDashboardEn,
  ...checkinSettingsEn,
  ...checkinDevicesEn,
  ...checkinRehearsalEn,
  ...consoleEn,
  ...consoleFixesEn,
  ...serviceEn,
  ...myDataEn,
  ...takeawaysEn,
  ...privacyEn,
  ...materialsEn,
  ...scheduleEn,
  ...programmeEditorEn,
  ...settingsEn,
  ...eventEditorEn,
  ...teamEn,
  ...feedbackEn,
  ...registrationsEn,
  ...listsEn,
  ...reportsEn,
  ...setupEn,
  ...articleEn,
  ...broadcastEn,
  ...signInRecoveryEn,
  ...awardEn,
  ...mailDeliveryEn,
  ...consoleRestEn,
  ...callQuestionsEn,
  ...exhibitorEn,
  ...contactsEn,
  ...questionsEn,
  ...invoiceConsoleEn,
  ...bookingApiEn,
  ...leadsEn,
  ...invoiceDocumentsEn,
  ...invoiceCheckoutEn,
  ...solutionContentEn,
};

const dictionaries: Record<Lang, { readonly [K in MessageKey]: Message }> = { da, en };

/** The sizes of the parts, so a test can prove no part shadows another's key. */
export const PART_SIZES = DA_PARTS.map((part) => Object.keys(part).length);

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(da, key);
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** The translate function for one language: `t(lang)('gallery.round', { n: 2 })`. */
export function t(lang: Lang): Translate {
  const dictionary = dictionaries[lang];
  const locale = INTL_LOCALE[lang];
  return (key, params) => formatMessage(dictionary[key], locale, params);
}

/** The raw message, for an island that formats it in the browser. */
export function messageOf(lang: Lang, key: MessageKey): Message {
  return dictionaries[lang][key];
}

/** All keys, for tests that compare the dictionaries. */
export function keysOf(lang: Lang): string[] {
  return Object.keys(dictionaries[lang]);
}
