// A rush comes from many addresses, a benchmark from one (loopback), which
// the per-address rate limits (FORM_IP_LIMIT_PER_MINUTE, …) would soon refuse.
// So the benchmarks run the server as if behind one proxy (TRUSTED_PROXY_HOPS=1)
// and give every simulated client an address of its own in X-Forwarded-For:
// the limits are counted per client and cost what they cost in production.
// (To measure without them, pass FORM_IP_LIMIT_PER_MINUTE/…_PER_HOUR high
// instead; see docs/DEPLOY.md.)
export const BENCH_SERVER_ENV: Record<string, string> = { TRUSTED_PROXY_HOPS: '1' };

/** The n-th simulated client's address, in 10.0.0.0/8. */
export function benchClientAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}
