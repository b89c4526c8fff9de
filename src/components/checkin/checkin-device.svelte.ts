// The check-in device's state, shared by the app's parts. Every scan is
// stored on the device first (IndexedDB), judged on the device from the
// offline pack, and sent to the server, whose verdict is shown when it
// answers within a moment; otherwise the device's own verdict stands and the
// scan waits in the queue until there is a connection. The parts read the
// state and call the methods; only this class changes what it keeps, apart
// from the few public fields the inputs bind (mode, session, code).
import type { VerdictCode } from '../../lib/checkin/checkin.ts';
import {
  indexPack,
  isRehearsal,
  type LocalCheckIns,
  looksLikeReference,
  normaliseReference,
  NO_LOCAL_CHECK_INS,
  offlineDoorVerdict,
  offlineManualVerdict,
  offlineSessionVerdict,
  type PackIndex,
  type PackSession,
  searchPack,
  ticketByReference,
} from '../../lib/checkin/offline.ts';
import { listenForWedgeScanner, playCue } from '../../lib/checkin/device/cues.ts';
import {
  conflicts,
  countPending,
  type DeviceSettings,
  dropExpiredPacks,
  enqueue,
  forgetEvent,
  forgetEverything,
  loadPack,
  loadSettings,
  localCheckIns,
  queuedScans,
  type QueuedScan,
  recentScans,
  saveSettings,
} from '../../lib/checkin/device/store.ts';
import {
  type FoundAttendee,
  refreshPack,
  searchOnline,
  sendNow,
  setDeviceLabel,
  type SyncFailure,
  syncQueue,
} from '../../lib/checkin/device/sync.ts';
import { canVerifyTicketCodesHere } from '../../lib/tickets/ticket-code.ts';
import {
  fromDoorVerdict,
  fromOfflineSessionVerdict,
  fromServerSessionVerdict,
  type Shown,
  type ShownVerdict,
} from './shown-verdict.ts';

/** How long the door waits for the server's verdict before showing the device's own. */
const ANSWER_WAIT_MS = 1_500;
const SYNC_EVERY_MS = 5_000;
const PACK_EVERY_MS = 60_000;
const GREEN_SHOWN_MS = 6_000;

// The clock, outside the class: each moment is read once and passed on, never
// changed, so it needs no SvelteDate (which svelte/prefer-svelte-reactivity
// asks for at every `new Date()` inside an exported class).
const currentTime = () => new Date();

/**
 * Signing out of the device: `working` while the queue goes up; `blocked`
 * when scans still wait to be uploaded (nothing removed); `done` when the
 * pack and scans are removed and the person signed out; `cleared` when they
 * were removed but the server could not be reached to sign out.
 */
export type SignOutState =
  { state: 'working' } | { state: 'blocked'; pending: number } | { state: 'done' } | { state: 'cleared' };

/** One scan, whatever it came from: a code (camera, hand scanner, typed) or a ticket found at the desk. */
export type ScanRequest = { code: string } | { manual: { ticketId: string; revision: number } };

export class CheckinDevice {
  readonly #eventId: string;

  #ready = $state(false);
  #settings = $state<DeviceSettings | null>(null);
  /** What the setup form starts from after "change gate". */
  #setupDefaults = $state.raw<DeviceSettings | null>(null);
  #index = $state.raw<PackIndex | null>(null);
  #packFetchedAt = $state<string | null>(null);
  /** When the kept pack was asked for: scans synced before then are in it (see `localCheckIns`). */
  #packCoveredAt: string | null = null;
  #local = $state.raw<LocalCheckIns>(NO_LOCAL_CHECK_INS);
  #online = $state(true);
  #failure = $state<SyncFailure | null>(null);
  #pending = $state(0);
  #lastSync = $state<string | null>(null);
  #syncing = $state(false);
  #verifierMissing = $state(false);
  #shown = $state<Shown | null>(null);
  #recent = $state.raw<QueuedScan[]>([]);
  #conflicts = $state.raw<QueuedScan[]>([]);
  #dismissTimer: ReturnType<typeof setTimeout> | undefined;
  /** An organiser revoked this device: no pack, its scans held for review. */
  #revoked = $state(false);
  /** The event is over: its pack is no longer kept. */
  #eventOver = $state(false);
  #signOut = $state<SignOutState | null>(null);
  /** Signed out (or its data removed for it): nothing is fetched or sent any more. */
  #closed = false;
  #syncRun: Promise<void> | null = null;

  /** Where the next scan counts, bound to the mode picker. */
  mode = $state<'door' | 'session'>('door');
  sessionId = $state('');
  /** The code field's text and the field itself, bound by the scan input. */
  code = $state('');
  codeInput = $state<HTMLInputElement | null>(null);

  readonly sessions: PackSession[] = $derived(this.#index ? this.#index.pack.sessions : []);
  /** "Not booked" means something only where attendees book seats. */
  readonly sessionNeedsBooking: boolean = $derived(this.#index?.sessions.get(this.sessionId)?.bookingRequired ?? true);

  constructor(eventId: string) {
    this.#eventId = eventId;
  }

  get ready() {
    return this.#ready;
  }
  get settings() {
    return this.#settings;
  }
  get setupDefaults() {
    return this.#setupDefaults;
  }
  get index() {
    return this.#index;
  }
  get packFetchedAt() {
    return this.#packFetchedAt;
  }
  /** An organiser switched rehearsal on (as of the kept pack): scans are practice. */
  get rehearsal() {
    return isRehearsal(this.#index);
  }
  get online() {
    return this.#online;
  }
  get failure() {
    return this.#failure;
  }
  get pending() {
    return this.#pending;
  }
  get lastSync() {
    return this.#lastSync;
  }
  get syncing() {
    return this.#syncing;
  }
  get verifierMissing() {
    return this.#verifierMissing;
  }
  get shown() {
    return this.#shown;
  }
  get recent() {
    return this.#recent;
  }
  get conflicts() {
    return this.#conflicts;
  }
  get revoked() {
    return this.#revoked;
  }
  get eventOver() {
    return this.#eventOver;
  }
  get signOutState() {
    return this.#signOut;
  }

  /**
   * Loads what the device kept, then keeps the queue and the pack fresh and
   * listens for the network and hand scanners. Returns the stop.
   */
  start(): () => void {
    const eventId = this.#eventId;
    let stopped = false;
    let syncTimer: ReturnType<typeof setInterval> | undefined;
    let packTimer: ReturnType<typeof setInterval> | undefined;
    const stopWedge = listenForWedgeScanner((text) => void this.handle({ code: text }));
    const onOnline = () => {
      this.#online = true;
      void this.sync();
      void this.fetchPack();
    };
    const onOffline = () => (this.#online = false);
    // A phone put in a pocket suspends the timers; back in hand, the queue goes at once.
    const onVisible = () => {
      if (document.visibilityState === 'visible' && navigator.onLine) {
        void this.sync();
        void this.fetchPack();
      }
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onVisible);

    void (async () => {
      this.#verifierMissing = !(await canVerifyTicketCodesHere());
      // Packs of events that are over go first, this event's included.
      if ((await dropExpiredPacks(currentTime())).includes(eventId)) this.#eventOver = true;
      this.#settings = await loadSettings(eventId);
      if (this.#settings) setDeviceLabel(this.#settings.device);
      const kept = await loadPack(eventId);
      if (kept) {
        this.#index = indexPack(kept.pack);
        this.#packFetchedAt = kept.fetchedAt;
        this.#packCoveredAt = kept.coveredAt ?? null;
      }
      this.#lastSync = localStorage.getItem(`samspil-checkin-last-sync:${eventId}`);
      this.#online = navigator.onLine;
      await this.#refreshCounts();
      this.#ready = true;
      document.documentElement.dataset['checkinReady'] = 'true';
      if (this.#online) {
        await this.fetchPack();
        await this.sync();
      }
      if (stopped) return;
      syncTimer = setInterval(() => {
        if (navigator.onLine && this.#pending > 0) void this.sync();
      }, SYNC_EVERY_MS);
      packTimer = setInterval(() => {
        // Offline too: a phone left on after the event still drops the pack.
        void this.#dropExpired();
        if (navigator.onLine) void this.fetchPack();
      }, PACK_EVERY_MS);
    })();

    return () => {
      stopped = true;
      clearInterval(syncTimer);
      clearInterval(packTimer);
      stopWedge();
      clearTimeout(this.#dismissTimer);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }

  async #refreshCounts() {
    const eventId = this.#eventId;
    this.#pending = await countPending(eventId);
    this.#recent = await recentScans(eventId, 12);
    // One read of the queue for both: it grows by a scan at a time all day.
    const scans = await queuedScans(eventId);
    this.#conflicts = conflicts(scans);
    this.#local = localCheckIns(scans, this.#packCoveredAt);
  }

  /** A request that failed: offline is a state of its own, anything else is shown as an alert. */
  noteFailure(reason: SyncFailure) {
    if (reason === 'revoked') {
      void this.#onRevoked();
      return;
    }
    if (reason === 'event_over') {
      void this.#onEventOver();
      return;
    }
    this.#failure = reason === 'offline' ? null : reason;
    this.#online = reason !== 'offline';
  }

  async #dropExpired() {
    if ((await dropExpiredPacks(currentTime())).includes(this.#eventId)) await this.#onEventOver();
  }

  /** Revoked: the pack and the uploaded scans go at once; scans still waiting go up (to be held) and then go too. */
  async #onRevoked() {
    this.#revoked = true;
    this.#failure = null;
    this.#online = navigator.onLine;
    this.#index = null;
    this.#shown = null;
    await forgetEvent(this.#eventId);
    await this.#refreshCounts();
  }

  async #onEventOver() {
    this.#eventOver = true;
    this.#index = null;
    await forgetEvent(this.#eventId);
    await this.#refreshCounts();
  }

  #answered() {
    // An answer to a request sent before the connection dropped must not undo the 'offline' event.
    this.#online = navigator.onLine;
    this.#failure = null;
  }

  async fetchPack(options: { fresh?: boolean } = {}) {
    if (this.#closed || this.#revoked) return;
    const result = await refreshPack(this.#eventId, options);
    if (result.ok) {
      // An unchanged pack (a 304) keeps its index.
      if (result.changed || !this.#index) this.#index = indexPack(result.pack);
      this.#packFetchedAt = currentTime().toISOString();
      // The pack now holds what this device synced before it was asked for, undone check-ins included.
      this.#packCoveredAt = result.coveredAt;
      this.#answered();
      await this.#refreshCounts();
    } else {
      this.noteFailure(result.reason);
    }
  }

  /**
   * "Sync now": the queue goes up, then a fresh pack comes down (never a 304),
   * so check-ins an organiser undid, tickets cancelled and rehearsal switched
   * on or off reach this phone at once.
   */
  async syncNow() {
    await this.sync();
    if (navigator.onLine) await this.fetchPack({ fresh: true });
  }

  /** Uploads the queue; a call while an upload runs waits for that one (signing out relies on it). */
  sync(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#syncRun ??= this.#runSync().finally(() => {
      this.#syncRun = null;
    });
    return this.#syncRun;
  }

  async #runSync() {
    this.#syncing = true;
    try {
      const result = await syncQueue(this.#eventId);
      if (result.ok) {
        this.#answered();
        if (result.revoked || this.#revoked) await this.#onRevoked();
        const lastSync = currentTime().toISOString();
        this.#lastSync = lastSync;
        localStorage.setItem(`samspil-checkin-last-sync:${this.#eventId}`, lastSync);
      } else {
        this.noteFailure(result.reason);
      }
    } finally {
      this.#syncing = false;
      await this.#refreshCounts();
    }
  }

  /** The ticket a typed reference names: from the kept pack, else (a device without one yet) from the server. */
  async #ticketOfReference(text: string): Promise<{ ticketId: string; revision: number } | null> {
    const kept = this.#index ? ticketByReference(this.#index, text) : null;
    if (kept) return { ticketId: kept.id, revision: kept.revision };
    if (!navigator.onLine) return null;
    const result = await searchOnline(this.#eventId, text.trim());
    const wanted = normaliseReference(text);
    const found = result.ok ? result.attendees.find((row) => normaliseReference(row.reference) === wanted) : null;
    return found ? { ticketId: found.ticketId, revision: found.revision } : null;
  }

  /** Green clears itself; amber and red stay until someone has looked (Next, Escape or the next scan). */
  #show(verdict: ShownVerdict) {
    clearTimeout(this.#dismissTimer);
    const at = Date.now();
    this.#shown = { ...verdict, at };
    playCue(verdict.colour, this.#settings?.sound ?? true);
    if (verdict.colour === 'green') {
      this.#dismissTimer = setTimeout(() => {
        if (this.#shown?.at === at) this.#shown = null;
      }, GREEN_SHOWN_MS);
    }
  }

  dismiss() {
    clearTimeout(this.#dismissTimer);
    this.#shown = null;
    this.focusCode();
  }

  focusCode() {
    this.codeInput?.focus({ preventScroll: true });
  }

  /** One scan, whatever it came from: stored, judged, sent, shown. */
  async handle(input: ScanRequest): Promise<void> {
    const settings = this.#settings;
    if (!settings || this.#revoked || this.#closed) return;
    // The reference printed on a ticket or badge, typed at the door: the desk's check-in of that ticket.
    if ('code' in input && this.mode !== 'session' && looksLikeReference(input.code)) {
      const manual = await this.#ticketOfReference(input.code);
      if (manual) {
        this.code = '';
        return this.handle({ manual });
      }
    }
    const now = currentTime();
    const index = this.#index;
    const local = this.#local;
    const sessionId = this.sessionId;
    // A manual check-in from the desk search is always at the door.
    const atSession = this.mode === 'session' && 'code' in input;
    if (atSession && !sessionId) return;
    let localCode: VerdictCode | string = 'malformed';
    let ticketId: string | null = null;
    let name: string | null = null;
    let localShown: ShownVerdict | null = null;
    if (index) {
      if (atSession && 'code' in input) {
        const verdict = await offlineSessionVerdict(index, sessionId, input.code, local, now);
        localCode = verdict.code;
        name = verdict.name;
        localShown = fromOfflineSessionVerdict(verdict);
        ticketId = verdict.ticketId ?? null;
      } else {
        const verdict =
          'code' in input
            ? await offlineDoorVerdict(index, input.code, local, now)
            : offlineManualVerdict(index, input.manual, local, now);
        localCode = verdict.code;
        ticketId = verdict.ticketId;
        name = verdict.name;
        localShown = fromDoorVerdict(verdict, true);
      }
    }
    const scan: QueuedScan = {
      nonce: crypto.randomUUID(),
      eventId: this.#eventId,
      kind: atSession ? 'session' : 'door',
      sessionId: atSession ? sessionId : null,
      code: 'code' in input ? input.code.trim() : null,
      manual: 'manual' in input ? input.manual : null,
      scannedAt: now.toISOString(),
      device: this.#settings ? this.#settings.device : 'device',
      gate: atSession ? null : settings.gate,
      ticketId: ticketId ?? ('manual' in input ? input.manual.ticketId : null),
      name,
      local: localCode as VerdictCode,
      pending: 1,
      server: null,
      syncedAt: null,
      ...(isRehearsal(index) ? { practice: true } : {}),
    };
    // Stored before anything is shown: a closed page loses nothing.
    await enqueue(scan);

    const answer = navigator.onLine ? await sendNow(this.#eventId, scan, ANSWER_WAIT_MS) : null;
    if (answer?.ok && answer.revoked) {
      await this.#onRevoked();
    } else if (answer?.ok) {
      this.#answered();
      const shown =
        scan.kind === 'session'
          ? fromServerSessionVerdict(answer.verdict, localShown)
          : fromDoorVerdict(answer.verdict, false);
      // The server records no practice, so only this device knows it let the ticket in before in this rehearsal.
      const practisedBefore = shown.practice && shown.code === 'ok' && localShown?.code === 'already_checked_in';
      this.#show(practisedBefore ? { ...localShown!, offline: false } : shown);
    } else {
      if (answer && !answer.ok) this.noteFailure(answer.reason);
      else this.#online = false;
      this.#show(localShown ?? fromDoorVerdict({ code: 'malformed' }, true));
    }
    await this.#refreshCounts();
    this.code = '';
    this.focusCode();
  }

  /** The desk's search in the kept pack, for when the server cannot answer; this device's own check-ins count. */
  searchKept(query: string): FoundAttendee[] {
    const index = this.#index;
    if (!index) return [];
    return searchPack(index, query).map((ticket) => ({
      ticketId: ticket.id,
      name: ticket.name,
      organisation: ticket.organisation,
      reference: ticket.reference,
      status: ticket.status,
      revision: ticket.revision,
      checkedInAt: this.#local.door.get(ticket.id)?.at ?? ticket.checkedInAt,
    }));
  }

  /** Saves the gate and the device's name; false when they are not acceptable. */
  async saveSetup(gateInput: string, deviceInput: string): Promise<boolean> {
    const gate = gateInput.trim();
    const device = deviceInput.trim() || `${gate} ${crypto.randomUUID().slice(0, 4)}`;
    if (gate.length < 1 || gate.length > 80 || device.length > 100) return false;
    this.#settings = { gate, device, sound: this.#settings?.sound ?? true };
    await saveSettings(this.#eventId, $state.snapshot(this.#settings));
    setDeviceLabel(device);
    queueMicrotask(() => this.focusCode());
    // The server learns the device's name with its next request.
    if (navigator.onLine) void this.fetchPack();
    return true;
  }

  async toggleSound() {
    if (!this.#settings) return;
    this.#settings = { ...this.#settings, sound: !this.#settings.sound };
    await saveSettings(this.#eventId, $state.snapshot(this.#settings));
  }

  /**
   * Signs out of this device: uploads the queue first; removes every pack,
   * setting and scan only when none is left waiting (otherwise nothing is
   * removed and the person is told how many wait); then signs out through
   * the sign-out action (`signOutAction`, the form's address).
   */
  async signOut(signOutAction: string) {
    if (this.#signOut?.state === 'working') return;
    this.#signOut = { state: 'working' };
    if (navigator.onLine) {
      // One upload may be running already (the connection just came back); then one more for what it missed.
      await this.sync();
      await this.sync();
    }
    const forgotten = await forgetEverything();
    if (!forgotten.ok) {
      this.#signOut = { state: 'blocked', pending: forgotten.pending };
      await this.#refreshCounts();
      return;
    }
    this.#closed = true;
    localStorage.removeItem(`samspil-checkin-last-sync:${this.#eventId}`);
    this.#index = null;
    this.#settings = null;
    this.#shown = null;
    this.#lastSync = null;
    await this.#refreshCounts();
    const signedOut = await fetch(signOutAction, { method: 'POST', body: new FormData(), credentials: 'same-origin' })
      .then((response) => response.ok)
      .catch(() => false);
    this.#signOut = { state: signedOut ? 'done' : 'cleared' };
  }

  /** Back to the setup form, filled in with the current gate and name. */
  changeGate() {
    this.#setupDefaults = this.#settings ? $state.snapshot(this.#settings) : null;
    this.#settings = null;
  }
}
