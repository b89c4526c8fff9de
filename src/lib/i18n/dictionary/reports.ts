// Part of the one dictionary (src/lib/i18n/messages.ts): the shared charts
// (src/components/charts/), the organisers' report (/konsol/<event>/rapport)
// and the operations page (/konsol/<event>/drift). Danish first.
import type { Message } from '../message-format.ts';

export const reportsDa = {
  'chart.showTable': 'Vis tallene som tabel',
  'chart.tableCaption': 'Tallene bag diagrammet: {title}',
  'chart.legend': 'Signaturforklaring',
  'chart.total': 'I alt',
  'chart.targetMark': 'Lodret streg: {target}',
  'chart.noData': 'Ingen tal endnu.',
} as const satisfies Record<string, Message>;

export type ReportsMessageKey = keyof typeof reportsDa;

export const reportsEn: { readonly [K in ReportsMessageKey]: Message } = {
  'chart.showTable': 'Show the figures as a table',
  'chart.tableCaption': 'The figures behind the chart: {title}',
  'chart.legend': 'Legend',
  'chart.total': 'Total',
  'chart.targetMark': 'Vertical line: {target}',
  'chart.noData': 'No figures yet.',
};
