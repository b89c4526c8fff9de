// The organiser's invoice actions: settings, marking paid, the bank file's
// preview and apply, and "send reminders now". Forms post here without
// JavaScript; bad input is Astro's input error (400, a dictionary key per
// field); a refusal is data, worded by INVOICE_CONSOLE_REFUSALS. The database
// checks the organiser role of the event again (RLS and the SQL functions).
import { defineAction } from 'astro:actions';
import { previewBankFile } from '../lib/invoice/bank-csv.server.ts';
import { applyBankForm, bankFileForm, invoiceSettingsForm, markPaidForm, remindForm } from '../lib/invoice/console.ts';
import {
  applyBankPayments,
  markInvoicePaid,
  saveInvoiceSettings,
  sendInvoiceRemindersNow,
} from '../lib/invoice/console.server.ts';
import { requestOrigin } from '../lib/site/origin.ts';
import { requireSignedIn } from './boundary.ts';

export const invoices = {
  saveSettings: defineAction({
    accept: 'form',
    input: invoiceSettingsForm,
    handler: (input, context) => saveInvoiceSettings(requireSignedIn(context), input),
  }),

  markPaid: defineAction({
    accept: 'form',
    input: markPaidForm,
    handler: (input, context) => markInvoicePaid(requireSignedIn(context), input),
  }),

  previewBankFile: defineAction({
    accept: 'form',
    input: bankFileForm,
    handler: (input, context) => previewBankFile(requireSignedIn(context), input.event, input.file),
  }),

  applyBankPayments: defineAction({
    accept: 'form',
    input: applyBankForm,
    handler: (input, context) => applyBankPayments(requireSignedIn(context), input),
  }),

  sendReminders: defineAction({
    accept: 'form',
    input: remindForm,
    handler: (input, context) =>
      sendInvoiceRemindersNow(requireSignedIn(context), input.event, requestOrigin(context.url)),
  }),
};
