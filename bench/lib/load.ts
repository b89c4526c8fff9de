// A bounded HTTP load against a server on loopback, with autocannon. Returns
// throughput and latency percentiles computed from every response time.
import autocannon from 'autocannon';

export interface LoadResult {
  label: string;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  bytesPerRequest: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export async function runLoad(options: {
  label: string;
  url: string;
  connections: number;
  durationSeconds: number;
  /** Sent with every request (a signed-in organiser's session cookie). */
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const url = new URL(options.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error('benchmarks only target loopback');
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        ...(options.headers ? { headers: options.headers } : {}),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      times.push(responseTime);
    });
  });
  times.sort((a, b) => a - b);
  return {
    label: options.label,
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / options.durationSeconds,
    p50: round1(percentile(times, 50)),
    p95: round1(percentile(times, 95)),
    p99: round1(percentile(times, 99)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerRequest: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
  };
}

export function printTable(rows: Record<string, string | number>[]): void {
  console.table(rows);
}
