// Part of the one dictionary (src/lib/i18n/messages.ts): door devices — in
// the check-in app (signing out, a revoked device, an event that is over) and
// on the organisers' devices page (/konsol/<event>/enheder), Danish first.
import type { Message } from '../message-format.ts';

export const checkinDevicesDa = {
  // The check-in app
  'checkin.reason.held': 'Enheden er spærret: scanningen venter på arrangørens gennemsyn.',
  'checkinDevice.signOut.button': 'Log ud og fjern deltagerlisten',
  'checkinDevice.signOut.hint':
    'Telefonen gemmer navne og organisationer på alle deltagere, så den kan tjekke ind uden net. Log ud, når du er færdig, så fjernes de.',
  'checkinDevice.signOut.working': 'Sender scanninger og logger ud …',
  'checkinDevice.signOut.blocked': {
    one: '{count} scanning er endnu ikke sendt til serveren, så deltagerlisten er ikke fjernet, og du er ikke logget ud. Find en netforbindelse, tryk på »Synkronisér nu«, og log derefter ud igen.',
    other:
      '{count} scanninger er endnu ikke sendt til serveren, så deltagerlisten er ikke fjernet, og du er ikke logget ud. Find en netforbindelse, tryk på »Synkronisér nu«, og log derefter ud igen.',
  },
  'checkinDevice.signOut.done': 'Du er logget ud. Deltagerlisten og telefonens scanninger er fjernet fra denne enhed.',
  'checkinDevice.signOut.cleared':
    'Deltagerlisten og telefonens scanninger er fjernet fra denne enhed, men du kunne ikke logges ud uden netforbindelse. Log ud igen, når telefonen er online.',
  'checkinDevice.signOut.signInAgain': 'Log ind igen',
  'checkinDevice.signOut.pendingHere':
    'Denne enhed har scanninger fra indtjekningen, som endnu ikke er sendt, så du er ikke logget ud, og deltagerlisten er ikke fjernet. Find en netforbindelse, åbn dørappen og tryk på »Synkronisér nu«, og log derefter ud igen.',
  'checkinDevice.revoked.title': 'Enheden er spærret',
  'checkinDevice.revoked.text':
    'En arrangør har spærret denne enhed. Deltagerlisten er fjernet fra telefonen, og den kan ikke tjekke deltagere ind.',
  'checkinDevice.revoked.pending': {
    one: '{count} scanning venter på at blive sendt. Den bliver sendt, når der er net, og arrangøren gennemser den, før den tæller.',
    other:
      '{count} scanninger venter på at blive sendt. De bliver sendt, når der er net, og arrangøren gennemser dem, før de tæller.',
  },
  'checkinDevice.revoked.none': 'Alle scanninger er sendt. Arrangøren gennemser dem, der kom efter spærringen.',
  'checkinDevice.eventOver':
    'Arrangementet er slut, så deltagerlisten er fjernet fra denne enhed. Du kan stadig tjekke ind med netforbindelse.',

  // The organisers' devices page
  'console.tool.devices': 'Enheder ved indtjekningen',
  'console.tool.devicesText':
    'Se de telefoner, der tjekker ind, hvem der er logget ind på dem, og spær en mistet telefon.',
  'devices.title': 'Enheder ved indtjekningen',
  'devices.intro':
    'Hver telefon, der bruger dørappen, står her fra sin første forbindelse. En spærret telefon får ikke deltagerlisten, og det, den sender bagefter, venter på jeres gennemsyn nedenfor i stedet for at tælle med det samme.',
  'devices.none': 'Ingen enheder har brugt dørappen til dette arrangement endnu.',
  'devices.table.caption': 'Enheder, senest set først',
  'devices.col.device': 'Enhed',
  'devices.col.signedInAs': 'Logget ind som',
  'devices.col.lastSeen': 'Senest set',
  'devices.col.scans': 'Scanninger sendt',
  'devices.col.pack': 'Deltagerliste',
  'devices.col.status': 'Status',
  'devices.unknownUser': 'Ukendt (kontoen er slettet)',
  'devices.pack.none': 'Ingen',
  'devices.pack.version': 'Version {version}, hentet {time}',
  'devices.status.active': 'I brug',
  'devices.status.idle': 'Ikke set de sidste 15 minutter',
  'devices.status.revoked': 'Spærret {time}',
  'devices.status.held': {
    one: '{count} scanning venter på gennemsyn',
    other: '{count} scanninger venter på gennemsyn',
  },
  'devices.revoke': 'Spær {device}',
  'devices.revoked': 'Enheden {device} er spærret. Den får ikke længere deltagerlisten.',
  'devices.held.title': 'Scanninger fra spærrede enheder',
  'devices.held.intro':
    'Scanningerne her kom fra en telefon, efter at den var spærret. De tæller ikke, før I godkender dem. Godkend dem, I kan stå inde for (fx fordi personen ved døren blot havde en gammel telefon), og afvis resten.',
  'devices.held.none': 'Ingen scanninger venter på gennemsyn.',
  'devices.held.caption': 'Scanninger, der venter, ældste først',
  'devices.held.col.attendee': 'Deltager',
  'devices.held.col.where': 'Hvor',
  'devices.held.col.scannedAt': 'Scannet',
  'devices.held.col.device': 'Enhed',
  'devices.held.col.decision': 'Afgørelse',
  'devices.held.door': 'Indgang: {gate}',
  'devices.held.doorNoGate': 'Indgangen',
  'devices.held.session': 'Session: {session}',
  'devices.held.accept': 'Godkend scanningen af {attendee}',
  'devices.held.discard': 'Afvis scanningen af {attendee}',
  'devices.held.accepted': 'Scanningen er godkendt og talt med.',
  'devices.held.discarded': 'Scanningen er afvist.',
  'devices.held.unknownAttendee': 'ukendt deltager',
  'devices.refused.alreadyRevoked': 'Enheden var allerede spærret.',
  'devices.refused.alreadyDecided': 'Scanningen er allerede afgjort af en anden arrangør. Genindlæs siden.',
  'devices.refused.notFound': 'Enheden eller scanningen findes ikke ved dette arrangement.',
  'devices.badForm': 'Formularen kunne ikke læses. Prøv igen.',
} as const satisfies Record<string, Message>;

export type CheckinDevicesMessageKey = keyof typeof checkinDevicesDa;

export const checkinDevicesEn: { readonly [K in CheckinDevicesMessageKey]: Message } = {
  'checkin.reason.held': 'This device has been revoked: the scan waits for the organiser’s review.',
  'checkinDevice.signOut.button': 'Sign out and remove the attendee list',
  'checkinDevice.signOut.hint':
    'The phone keeps the names and organisations of every attendee so it can check people in without a connection. Sign out when you are done and they are removed.',
  'checkinDevice.signOut.working': 'Sending scans and signing out …',
  'checkinDevice.signOut.blocked': {
    one: '{count} scan has not been sent to the server yet, so the attendee list has not been removed and you are still signed in. Find a connection, press “Sync now”, then sign out again.',
    other:
      '{count} scans have not been sent to the server yet, so the attendee list has not been removed and you are still signed in. Find a connection, press “Sync now”, then sign out again.',
  },
  'checkinDevice.signOut.done':
    'You are signed out. The attendee list and this phone’s scans have been removed from this device.',
  'checkinDevice.signOut.cleared':
    'The attendee list and this phone’s scans have been removed from this device, but you could not be signed out without a connection. Sign out again once the phone is online.',
  'checkinDevice.signOut.signInAgain': 'Sign in again',
  'checkinDevice.signOut.pendingHere':
    'This device has check-in scans that have not been sent yet, so you have not been signed out and the attendee list has not been removed. Find a connection, open the door app and press “Sync now”, then sign out again.',
  'checkinDevice.revoked.title': 'This device has been revoked',
  'checkinDevice.revoked.text':
    'An organiser has revoked this device. The attendee list has been removed from the phone, and it cannot check attendees in.',
  'checkinDevice.revoked.pending': {
    one: '{count} scan is waiting to be sent. It will be sent when there is a connection, and the organiser reviews it before it counts.',
    other:
      '{count} scans are waiting to be sent. They will be sent when there is a connection, and the organiser reviews them before they count.',
  },
  'checkinDevice.revoked.none': 'Every scan has been sent. The organiser reviews those that came after the revocation.',
  'checkinDevice.eventOver':
    'The event is over, so the attendee list has been removed from this device. You can still check people in with a connection.',

  'console.tool.devices': 'Check-in devices',
  'console.tool.devicesText': 'See the phones checking people in, who is signed in on them, and revoke a lost phone.',
  'devices.title': 'Check-in devices',
  'devices.intro':
    'Every phone using the door app is listed here from its first connection. A revoked phone no longer gets the attendee list, and what it sends afterwards waits for your review below instead of counting at once.',
  'devices.none': 'No devices have used the door app for this event yet.',
  'devices.table.caption': 'Devices, most recently seen first',
  'devices.col.device': 'Device',
  'devices.col.signedInAs': 'Signed in as',
  'devices.col.lastSeen': 'Last seen',
  'devices.col.scans': 'Scans uploaded',
  'devices.col.pack': 'Attendee list',
  'devices.col.status': 'Status',
  'devices.unknownUser': 'Unknown (the account was deleted)',
  'devices.pack.none': 'None',
  'devices.pack.version': 'Version {version}, fetched {time}',
  'devices.status.active': 'In use',
  'devices.status.idle': 'Not seen in the last 15 minutes',
  'devices.status.revoked': 'Revoked {time}',
  'devices.status.held': {
    one: '{count} scan waiting for review',
    other: '{count} scans waiting for review',
  },
  'devices.revoke': 'Revoke {device}',
  'devices.revoked': 'The device {device} has been revoked. It no longer gets the attendee list.',
  'devices.held.title': 'Scans from revoked devices',
  'devices.held.intro':
    'These scans came from a phone after it had been revoked. They do not count until you accept them. Accept the ones you can vouch for (for instance because the person at the door simply had an old phone) and discard the rest.',
  'devices.held.none': 'No scans are waiting for review.',
  'devices.held.caption': 'Scans waiting, oldest first',
  'devices.held.col.attendee': 'Attendee',
  'devices.held.col.where': 'Where',
  'devices.held.col.scannedAt': 'Scanned',
  'devices.held.col.device': 'Device',
  'devices.held.col.decision': 'Decision',
  'devices.held.door': 'Entrance: {gate}',
  'devices.held.doorNoGate': 'The entrance',
  'devices.held.session': 'Session: {session}',
  'devices.held.accept': 'Accept the scan of {attendee}',
  'devices.held.discard': 'Discard the scan of {attendee}',
  'devices.held.accepted': 'The scan has been accepted and counted.',
  'devices.held.discarded': 'The scan has been discarded.',
  'devices.held.unknownAttendee': 'unknown attendee',
  'devices.refused.alreadyRevoked': 'The device had already been revoked.',
  'devices.refused.alreadyDecided': 'Another organiser has already decided on this scan. Reload the page.',
  'devices.refused.notFound': 'The device or the scan does not exist at this event.',
  'devices.badForm': 'The form could not be read. Please try again.',
};

/** The check-in app's keys from this part, handed to the island with the app's own. */
export const CHECKIN_DEVICE_KEYS = (Object.keys(checkinDevicesDa) as CheckinDevicesMessageKey[]).filter((key) =>
  key.startsWith('checkin'),
);
