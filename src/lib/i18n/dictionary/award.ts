// Part of the one dictionary (src/lib/i18n/messages.ts): the audience award —
// the organisers' page (/konsol/<event>/pris) and big screen, the vote
// (/<event>/stem) and the public result (/<event>/pris). Danish first.
import type { Message } from '../message-format.ts';

export const awardDa = {
  'console.tool.award': 'Publikumspris',
  'console.tool.awardText':
    'Nominér løsninger, åbn afstemningen ved afslutningen, vis resultatet live på storskærmen og offentliggør vinderen.',

  'award.console.title': 'Publikumsprisen',
  'award.console.intro':
    'Alle, der er tjekket ind ved indgangen, kan stemme én gang fra deres telefon – via linket på deres billet eller ved at scanne QR-koden på storskærmen. En stemme kan ændres, indtil afstemningen lukker.',
  'award.console.settings': 'Indstillinger',
  'award.console.nominees': 'Nominerede løsninger',
  'award.console.nomineesIntro':
    'Kun optagne løsninger kan nomineres. En løsning, der har fået stemmer, kan ikke fjernes.',
  'award.console.noSolutions': 'Der er endnu ingen optagne løsninger at nominere.',
  'award.console.saveFirst': 'Gem prisens indstillinger først; derefter kan du nominere løsninger.',
  'award.console.nominate': 'Nominér {title}',
  'award.console.remove': 'Fjern {title}',
  'award.console.savePoints': 'Gem point for {title}',
  'award.console.nominated': 'Nomineret',
  'award.console.notNominated': 'Ikke nomineret',
  'award.console.solution': 'Løsning',
  'award.console.state': 'Status',
  'award.console.points': 'Juryens point',
  'award.console.actions': 'Handlinger',
  'award.console.results': 'Resultat lige nu',
  'award.console.resultsHidden': 'Kun arrangørerne ser resultatet, indtil I offentliggør det.',
  'award.console.turnout': {
    one: '{count} stemme afgivet · {eligible} tjekket ind',
    other: '{count} stemmer afgivet · {eligible} tjekket ind',
  },
  'award.console.screen': 'Vis på storskærmen',
  'award.console.publicPage': 'Se den offentlige side',
  'award.console.close': 'Luk afstemningen nu',
  'award.console.announce': 'Offentliggør resultatet',
  'award.console.withdraw': 'Træk offentliggørelsen tilbage',
  'award.console.saved': 'Gemt.',
  'award.console.save': 'Gem indstillinger',
  'award.console.errorTitle': 'Der er et problem',
  'award.console.badForm': 'Formularen kunne ikke læses. Genindlæs siden og prøv igen.',

  'award.field.name': 'Prisens navn',
  'award.field.nameEn': 'Prisens navn på engelsk',
  'award.field.description': 'Beskrivelse',
  'award.field.descriptionEn': 'Beskrivelse på engelsk',
  'award.field.opensAt': 'Afstemningen åbner',
  'award.field.closesAt': 'Afstemningen lukker',
  'award.field.timesHint': 'Dato og klokkeslæt i begivenhedens tidszone ({zone}), fx under afslutningssessionen.',
  'award.field.juryShare': 'Juryens andel (%)',
  'award.field.juryShareHint':
    '0 betyder, at publikum alene afgør det. Ved fx 40 tæller juryens point 40 % og publikums stemmer 60 %.',
  'award.field.juryPoints': 'Juryens point (0–100)',
  'award.field.bothTimes': 'Angiv både hvornår afstemningen åbner, og hvornår den lukker.',

  'award.phase.unscheduled': 'Afstemningen har endnu ikke et tidspunkt.',
  'award.phase.upcoming': 'Afstemningen åbner {time}.',
  'award.phase.open': 'Afstemningen er åben indtil {time}.',
  'award.phase.closed': 'Afstemningen er lukket. Vinderen offentliggøres snart.',
  'award.phase.announced': 'Resultatet blev offentliggjort {time}.',

  'award.refused.notFound': 'Prisen findes ikke, eller du er ikke arrangør af denne begivenhed.',
  'award.refused.announced':
    'Resultatet er offentliggjort, så prisen kan ikke ændres. Træk offentliggørelsen tilbage først.',
  'award.refused.notAccepted': 'Kun optagne løsninger i denne begivenhed kan nomineres.',
  'award.refused.hasVotes': 'Løsningen har fået stemmer og kan ikke fjernes fra afstemningen.',
  'award.refused.notOpen': 'Afstemningen er ikke åbnet endnu.',
  'award.refused.stillOpen': 'Afstemningen er stadig åben. Luk den først, og offentliggør så resultatet.',

  'award.vote.title': 'Stem på {award}',
  'award.vote.intro':
    'Vælg den løsning, du synes fortjener prisen. Du kan ændre din stemme, indtil afstemningen lukker.',
  'award.vote.legend': 'Nominerede løsninger',
  'award.vote.cast': 'Afgiv stemme',
  'award.vote.change': 'Skift stemme',
  'award.vote.yourChoice': 'Du har stemt på {title}.',
  'award.vote.thanks': 'Tak! Din stemme på {title} er afgivet.',
  'award.vote.changed': 'Din stemme er ændret til {title}.',
  'award.vote.unchanged': 'Din stemme på {title} står uændret.',
  'award.vote.invalid': 'Linket kan ikke bruges til at stemme. Åbn linket fra din billet på Min side.',
  'award.vote.cancelled': 'Billetten er ikke gyldig, så den kan ikke bruges til at stemme.',
  'award.vote.notCheckedIn': 'Du kan stemme, når du er tjekket ind ved indgangen.',
  'award.vote.noAward': 'Der er ingen publikumspris ved denne begivenhed.',
  'award.vote.notOpen': 'Afstemningen er ikke åbnet endnu.',
  'award.vote.closed': 'Afstemningen er lukket.',
  'award.vote.chooseOne': 'Vælg en af de nominerede løsninger.',
  'award.vote.byOrganisation': 'Fra {organisation}',
  'award.vote.start': 'Stem om publikumsprisen',
  'award.vote.signIn': 'Log ind med den e-mailadresse, du er tilmeldt med, for at stemme.',
  'award.vote.signInLink': 'Log ind og stem',
  'award.vote.noTicket':
    'Du har ingen billet til {event} i dit navn. Har en kollega tilmeldt dig, kan du logge ind med den adresse, billetten står på.',
  'award.vote.seeResult': 'Se resultatet',

  'award.public.title': '{award}',
  'award.public.nominees': 'De nominerede',
  'award.public.result': 'Resultatet',
  'award.public.winner': 'Vinderen er {title}',
  'award.public.notYet': 'Resultatet offentliggøres ved afslutningen.',
  'award.public.none': 'Der er ingen publikumspris ved denne begivenhed.',

  'award.chart.title': 'Stemmer pr. løsning',
  'award.chart.summary': {
    one: '{count} stemme i alt. Førende: {leader}.',
    other: '{count} stemmer i alt. Førende: {leader}.',
  },
  'award.chart.summaryJury': 'Samlet resultat med juryens andel på {share} %. Førende: {leader}.',
  'award.chart.category': 'Løsning',
  'award.chart.value': 'Resultat (%)',
  'award.chart.votes': 'Stemmer',
  'award.chart.noVotes': 'Ingen stemmer endnu.',

  'award.screen.title': '{award} – storskærm',
  'award.screen.scan': 'Scan for at stemme',
  'award.screen.or': 'eller gå til {url}',
  'award.screen.updates': 'Siden opdaterer sig selv hvert 5. sekund.',
  'award.screen.pause': 'Sæt opdatering på pause',

  'myData.section.awardVotes': 'Mine stemmer til publikumsprisen',
  'myData.field.award': 'Pris',
} as const satisfies Record<string, Message>;

export type AwardMessageKey = keyof typeof awardDa;

export const awardEn: { readonly [K in AwardMessageKey]: Message } = {
  'console.tool.award': 'Audience award',
  'console.tool.awardText':
    'Nominate solutions, open the vote at the closing session, show the result live on the big screen and announce the winner.',

  'award.console.title': 'The audience award',
  'award.console.intro':
    'Everyone checked in at the entrance may vote once from their phone – with the link on their ticket or by scanning the QR code on the big screen. A vote can be changed until the voting closes.',
  'award.console.settings': 'Settings',
  'award.console.nominees': 'Nominated solutions',
  'award.console.nomineesIntro':
    'Only accepted solutions can be nominated. A solution that has votes cannot be removed.',
  'award.console.noSolutions': 'There are no accepted solutions to nominate yet.',
  'award.console.saveFirst': 'Save the award’s settings first; then you can nominate solutions.',
  'award.console.nominate': 'Nominate {title}',
  'award.console.remove': 'Remove {title}',
  'award.console.savePoints': 'Save points for {title}',
  'award.console.nominated': 'Nominated',
  'award.console.notNominated': 'Not nominated',
  'award.console.solution': 'Solution',
  'award.console.state': 'Status',
  'award.console.points': 'Jury points',
  'award.console.actions': 'Actions',
  'award.console.results': 'Result right now',
  'award.console.resultsHidden': 'Only the organisers see the result until you announce it.',
  'award.console.turnout': {
    one: '{count} vote cast · {eligible} checked in',
    other: '{count} votes cast · {eligible} checked in',
  },
  'award.console.screen': 'Show on the big screen',
  'award.console.publicPage': 'See the public page',
  'award.console.close': 'Close the voting now',
  'award.console.announce': 'Announce the result',
  'award.console.withdraw': 'Withdraw the announcement',
  'award.console.saved': 'Saved.',
  'award.console.save': 'Save settings',
  'award.console.errorTitle': 'There is a problem',
  'award.console.badForm': 'The form could not be read. Reload the page and try again.',

  'award.field.name': 'Name of the award',
  'award.field.nameEn': 'Name of the award in English',
  'award.field.description': 'Description',
  'award.field.descriptionEn': 'Description in English',
  'award.field.opensAt': 'Voting opens',
  'award.field.closesAt': 'Voting closes',
  'award.field.timesHint': 'Date and time in the event’s time zone ({zone}), e.g. during the closing session.',
  'award.field.juryShare': 'The jury’s share (%)',
  'award.field.juryShareHint':
    '0 means the audience alone decides. At 40, say, the jury’s points count 40 % and the audience’s votes 60 %.',
  'award.field.juryPoints': 'Jury points (0–100)',
  'award.field.bothTimes': 'Give both when the voting opens and when it closes.',

  'award.phase.unscheduled': 'The voting has no time yet.',
  'award.phase.upcoming': 'The voting opens {time}.',
  'award.phase.open': 'The voting is open until {time}.',
  'award.phase.closed': 'The voting is closed. The winner will be announced soon.',
  'award.phase.announced': 'The result was announced {time}.',

  'award.refused.notFound': 'The award does not exist, or you are not an organiser of this event.',
  'award.refused.announced':
    'The result has been announced, so the award cannot be changed. Withdraw the announcement first.',
  'award.refused.notAccepted': 'Only accepted solutions of this event can be nominated.',
  'award.refused.hasVotes': 'The solution has votes and cannot be removed from the vote.',
  'award.refused.notOpen': 'The voting has not opened yet.',
  'award.refused.stillOpen': 'The voting is still open. Close it first, then announce the result.',

  'award.vote.title': 'Vote for {award}',
  'award.vote.intro':
    'Choose the solution you think deserves the award. You can change your vote until the voting closes.',
  'award.vote.legend': 'Nominated solutions',
  'award.vote.cast': 'Cast vote',
  'award.vote.change': 'Change vote',
  'award.vote.yourChoice': 'You voted for {title}.',
  'award.vote.thanks': 'Thank you! Your vote for {title} is cast.',
  'award.vote.changed': 'Your vote is changed to {title}.',
  'award.vote.unchanged': 'Your vote for {title} stands unchanged.',
  'award.vote.invalid': 'This link cannot be used to vote. Open the link from your ticket on My page.',
  'award.vote.cancelled': 'The ticket is not valid, so it cannot be used to vote.',
  'award.vote.notCheckedIn': 'You can vote once you are checked in at the entrance.',
  'award.vote.noAward': 'There is no audience award at this event.',
  'award.vote.notOpen': 'The voting has not opened yet.',
  'award.vote.closed': 'The voting is closed.',
  'award.vote.chooseOne': 'Choose one of the nominated solutions.',
  'award.vote.byOrganisation': 'From {organisation}',
  'award.vote.start': 'Vote for the audience award',
  'award.vote.signIn': 'Sign in with the email address you registered with to vote.',
  'award.vote.signInLink': 'Sign in and vote',
  'award.vote.noTicket':
    'You hold no ticket for {event} in your name. If a colleague registered you, sign in with the address on the ticket.',
  'award.vote.seeResult': 'See the result',

  'award.public.title': '{award}',
  'award.public.nominees': 'The nominees',
  'award.public.result': 'The result',
  'award.public.winner': 'The winner is {title}',
  'award.public.notYet': 'The result will be announced at the closing session.',
  'award.public.none': 'There is no audience award at this event.',

  'award.chart.title': 'Votes per solution',
  'award.chart.summary': {
    one: '{count} vote in all. Leading: {leader}.',
    other: '{count} votes in all. Leading: {leader}.',
  },
  'award.chart.summaryJury': 'Overall result with the jury’s share of {share} %. Leading: {leader}.',
  'award.chart.category': 'Solution',
  'award.chart.value': 'Result (%)',
  'award.chart.votes': 'Votes',
  'award.chart.noVotes': 'No votes yet.',

  'award.screen.title': '{award} – big screen',
  'award.screen.scan': 'Scan to vote',
  'award.screen.or': 'or go to {url}',
  'award.screen.updates': 'The page updates itself every 5 seconds.',
  'award.screen.pause': 'Pause updates',

  'myData.section.awardVotes': 'My votes for the audience award',
  'myData.field.award': 'Award',
};
