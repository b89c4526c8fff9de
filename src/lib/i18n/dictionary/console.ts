// Part of the one dictionary (src/lib/i18n/messages.ts): the organisers'
// console start pages, the breadcrumb back to them from each tool, and the
// "Your roles" section on My page, Danish first.
import type { Message } from '../message-format.ts';

export const consoleDa = {
  'console.list.title': 'Arrangørkonsol',
  'console.list.intro': 'Vælg den innovationsdag, du vil arbejde med.',
  'console.list.none':
    'Du er ikke arrangør af nogen innovationsdag. Er du det, så bed en anden arrangør om at give dig rollen, og log ind med den samme e-mailadresse.',
  'console.list.toMyPage': 'Gå til Min side',
  'console.event.title': 'Arrangørkonsol – {event}',
  'console.event.intro': 'Her finder du værktøjerne til at forberede og afvikle dagen.',
  'console.event.tools': 'Værktøjer',
  'console.event.allEvents': 'Alle dine innovationsdage',
  'console.breadcrumb.event': 'Konsol: {event}',
  'console.changedElsewhere':
    'En anden har gemt en ændring her, siden du åbnede siden. Genindlæs siden for at se den nye udgave, og gør din ændring igen.',
  'console.tool.dashboard': 'Indtjekning – live-overblik',
  'console.tool.dashboardText':
    'Følg indtjekningen, mens den sker: hvor mange der er kommet, hvornår og ved hvilken indgang. Fortryd en fejlscanning.',
  'console.tool.settings': 'Indstillinger for indtjekning',
  'console.tool.settingsText': 'Hvornår pladser fra deltagere, der udebliver, går videre til ventelisten.',
  'console.tool.solutions': 'Løsninger',
  'console.tool.solutionsText': 'Gennemgå indsendte løsninger, træf afgørelser og sæt dem i gallerirunder.',
  'console.tool.badges': 'Navneskilte',
  'console.tool.badgesText': 'Udskriv navneskilte til alle med gyldig billet, eller til én deltager ved skranken.',
  'console.tool.door': 'Dørappen til indtjekning',
  'console.tool.doorText': 'Scan billetter ved indgangen og ved sessionerne – også uden netforbindelse.',
  'console.tool.privacy': 'Persondata',
  'console.tool.privacyText': 'Hvor længe deltagernes navne og adresser gemmes efter dagen, og hvornår de slettes.',
  'console.roles.title': 'Dine roller',
  'console.roles.intro': 'Du har en rolle ved disse innovationsdage.',
  'console.roles.organiser': 'Arrangør',
  'console.roles.checkinStaff': 'Personale ved indtjekningen',
  'console.roles.reviewer': 'Bedømmer af løsninger',
  'console.roles.console': 'Åbn arrangørkonsollen',
  'console.roles.door': 'Åbn dørappen',
  'console.roles.review': 'Bedøm løsningerne',
} as const satisfies Record<string, Message>;

export type ConsoleMessageKey = keyof typeof consoleDa;

export const consoleEn: { readonly [K in ConsoleMessageKey]: Message } = {
  'console.list.title': 'Organiser console',
  'console.list.intro': 'Choose the innovation day you want to work on.',
  'console.list.none':
    'You are not an organiser of any innovation day. If you should be, ask another organiser to give you the role, and sign in with the same email address.',
  'console.list.toMyPage': 'Go to My page',
  'console.event.title': 'Organiser console – {event}',
  'console.event.intro': 'Here are the tools for preparing and running the day.',
  'console.event.tools': 'Tools',
  'console.event.allEvents': 'All your innovation days',
  'console.breadcrumb.event': 'Console: {event}',
  'console.changedElsewhere':
    'Someone else saved a change here since you opened this page. Reload the page to see the new version, then make your change again.',
  'console.tool.dashboard': 'Check-in – live overview',
  'console.tool.dashboardText':
    'Follow check-in as it happens: how many have arrived, when and at which entrance. Undo a wrong scan.',
  'console.tool.settings': 'Check-in settings',
  'console.tool.settingsText': 'When the seats of attendees who do not turn up pass to the waitlist.',
  'console.tool.solutions': 'Solutions',
  'console.tool.solutionsText': 'Review submitted solutions, decide on them and place them in gallery rounds.',
  'console.tool.badges': 'Name badges',
  'console.tool.badgesText': 'Print name badges for everyone with a valid ticket, or for one attendee at the desk.',
  'console.tool.door': 'The check-in door app',
  'console.tool.doorText': 'Scan tickets at the entrance and at sessions – also without a network connection.',
  'console.tool.privacy': 'Personal data',
  'console.tool.privacyText':
    'How long attendees’ names and addresses are kept after the day, and when they are deleted.',
  'console.roles.title': 'Your roles',
  'console.roles.intro': 'You have a role at these innovation days.',
  'console.roles.organiser': 'Organiser',
  'console.roles.checkinStaff': 'Check-in staff',
  'console.roles.reviewer': 'Solution reviewer',
  'console.roles.console': 'Open the organiser console',
  'console.roles.door': 'Open the door app',
  'console.roles.review': 'Review the solutions',
};
