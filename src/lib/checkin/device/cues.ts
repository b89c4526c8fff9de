// Sound and vibration for a verdict, so staff need not read the screen to
// know: one high beep for green, two middle beeps for amber, a low buzz for
// red; vibration in the same rhythm where the phone has it. Browser only.
import type { VerdictColour } from '../checkin.ts';

let audio: AudioContext | null = null;

const TONES: Record<VerdictColour, { frequency: number; type: OscillatorType; beeps: number; ms: number }> = {
  green: { frequency: 1_050, type: 'sine', beeps: 1, ms: 140 },
  amber: { frequency: 660, type: 'triangle', beeps: 2, ms: 110 },
  red: { frequency: 190, type: 'square', beeps: 1, ms: 450 },
};

const VIBRATION: Record<VerdictColour, number[]> = {
  green: [70],
  amber: [80, 80, 80],
  red: [250, 100, 250],
};

export function playCue(colour: VerdictColour, sound: boolean): void {
  navigator.vibrate?.(VIBRATION[colour]);
  if (!sound) return;
  try {
    audio ??= new AudioContext();
    const tone = TONES[colour];
    const start = audio.currentTime;
    for (let beep = 0; beep < tone.beeps; beep++) {
      const at = start + (beep * tone.ms * 1.8) / 1000;
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = tone.type;
      oscillator.frequency.value = tone.frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + tone.ms / 1000);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + tone.ms / 1000 + 0.02);
    }
  } catch {
    // No audio here (or not yet allowed): the screen and vibration still say it.
  }
}

/**
 * Characters from a keyboard-wedge scanner arrive a few milliseconds apart and
 * end with Enter; a person types far slower. This collects such bursts typed
 * anywhere on the page (outside form fields), so a hand scanner works without
 * the code field having focus. A burst counts when it is long enough and its
 * keys came on average at most `maxAverageGapMs` apart — an average, so one
 * hiccup of a busy phone does not lose a scan; a pause over a second starts afresh.
 */
export function listenForWedgeScanner(
  onCode: (text: string) => void,
  minLength = 20,
  maxAverageGapMs = 40,
): () => void {
  let buffer = '';
  let firstAt = 0;
  let lastAt = 0;
  const onKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
    const now = performance.now();
    if (now - lastAt > 1_000) buffer = '';
    lastAt = now;
    if (event.key === 'Enter') {
      const fast = buffer.length > 1 && (now - firstAt) / buffer.length <= maxAverageGapMs;
      if (buffer.length >= minLength && fast) {
        event.preventDefault();
        onCode(buffer);
      }
      buffer = '';
    } else if (event.key.length === 1) {
      if (buffer === '') firstAt = now;
      buffer += event.key;
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
