// Camera QR scanning for the check-in device: the browser's own
// BarcodeDetector where it reads QR codes (Chrome and Edge on Android and
// desktop), otherwise the barcode-detector ponyfill (ZXing-C++ compiled to
// WebAssembly), whose .wasm file we serve ourselves so scanning works offline
// and no third-party CDN sees the door. Browser only.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

/** The ZXing .wasm file's address, for the service worker to keep. */
export const SCANNER_WASM_URL = wasmUrl;

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}

async function createDetector(): Promise<Detector> {
  const native = (globalThis as { BarcodeDetector?: NativeBarcodeDetector }).BarcodeDetector;
  if (native) {
    try {
      if ((await native.getSupportedFormats()).includes('qr_code')) return new native({ formats: ['qr_code'] });
    } catch {
      // Fall through to the ponyfill.
    }
  }
  const { BarcodeDetector, prepareZXingModule } = await import('barcode-detector/ponyfill');
  prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
  });
  return new BarcodeDetector({ formats: ['qr_code'] });
}

/** The native BarcodeDetector's shape (not yet in TypeScript's DOM types). */
interface NativeBarcodeDetector {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<string[]>;
}

export interface CameraScanner {
  stop(): void;
}

/**
 * Starts the back camera into `video` and calls `onCode` for each QR code
 * read — the same code again only after `repeatAfterMs`, so a ticket held in
 * front of the camera counts once.
 */
export async function startCameraScanner(
  video: HTMLVideoElement,
  onCode: (text: string) => void,
  options: { intervalMs?: number; repeatAfterMs?: number } = {},
): Promise<CameraScanner> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    audio: false,
  });
  video.srcObject = stream;
  video.setAttribute('playsinline', '');
  video.muted = true;
  await video.play();
  const detector = await createDetector();
  const repeatAfter = options.repeatAfterMs ?? 2_500;
  let last = { text: '', at: 0 };
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tick = async () => {
    if (stopped) return;
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
      try {
        const [first] = await detector.detect(video);
        const now = performance.now();
        if (first?.rawValue && (first.rawValue !== last.text || now - last.at > repeatAfter)) {
          last = { text: first.rawValue, at: now };
          onCode(first.rawValue);
        } else if (first?.rawValue) {
          last.at = now;
        }
      } catch {
        // A frame that could not be read; the next one will do.
      }
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs ?? 120);
  };
  void tick();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}
