// Check-in actions for the forms that work without JavaScript: the desk's
// check-in (a typed code, or an attendee found by name), an organiser's undo
// on the dashboard, and the no-show setting. The database checks the role
// again in each (private.check_in, private.undo_check_in,
// private.set_no_show_release). Bad input is Astro's input error (400); a
// refusal is data, worded by UNDO_REFUSALS / NO_SHOW_REFUSALS; a check-in's
// verdict — green, amber or red — is always an answer, never an error.
import { defineAction } from 'astro:actions';
import { checkInScan, undoCheckIn } from '../lib/checkin/checkin.server.ts';
import { decideHeldScanForm, revokeDeviceForm } from '../lib/checkin/devices.ts';
import { decideHeldScan, revokeDevice } from '../lib/checkin/devices.server.ts';
import { deskScanForm } from '../lib/checkin/checkin.ts';
import { undoInput } from '../lib/checkin/dashboard.ts';
import { noShowForm } from '../lib/checkin/no-show.ts';
import { setNoShowRelease } from '../lib/checkin/no-show.server.ts';
import { rehearsalForm } from '../lib/checkin/rehearsal.ts';
import { setRehearsal } from '../lib/checkin/rehearsal.server.ts';
import { refused } from '../lib/site/refusal.ts';
import { requireSignedIn } from './boundary.ts';

export const checkin = {
  scan: defineAction({
    accept: 'form',
    input: deskScanForm,
    handler: async (input, context) => {
      const verdict = await checkInScan(requireSignedIn(context), input.event, input.scan);
      return { ok: true, verdict } as const;
    },
  }),

  undo: defineAction({
    accept: 'form',
    input: undoInput,
    handler: async (input, context) => {
      const code = await undoCheckIn(requireSignedIn(context), input.checkInId);
      return code === 'undone' || code === 'already_undone' ? ({ ok: true, code } as const) : refused(code);
    },
  }),

  setNoShowRelease: defineAction({
    accept: 'form',
    input: noShowForm,
    handler: async (input, context) => {
      const code = await setNoShowRelease(requireSignedIn(context), input.event, input.minutes);
      return code === 'saved' ? ({ ok: true } as const) : refused(code);
    },
  }),

  setRehearsal: defineAction({
    accept: 'form',
    input: rehearsalForm,
    handler: async (input, context) => {
      const code = await setRehearsal(requireSignedIn(context), input.event, input.rehearsal);
      return code === 'saved' ? ({ ok: true, on: input.rehearsal } as const) : refused(code);
    },
  }),

  revokeDevice: defineAction({
    accept: 'form',
    input: revokeDeviceForm,
    handler: async (input, context) => {
      const code = await revokeDevice(requireSignedIn(context), input.event, input.device);
      return code === 'revoked' ? ({ ok: true, code, device: input.device } as const) : refused(code);
    },
  }),

  decideHeldScan: defineAction({
    accept: 'form',
    input: decideHeldScanForm,
    handler: async (input, context) => {
      const { code } = await decideHeldScan(
        requireSignedIn(context),
        input.event,
        input.held,
        input.decision === 'accept',
      );
      return code === 'accepted' || code === 'discarded'
        ? ({ ok: true, code, held: input.held } as const)
        : refused(code);
    },
  }),
};
