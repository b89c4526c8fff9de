// The typed environment. Every process reads configuration through here, so a
// bad value fails at start with a message that names it.
import { z } from 'zod';

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a postgres:// or postgresql:// URL with a host');

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL')
  .transform((value) => value.replace(/\/+$/, ''));

const unsetWhenEmpty = z.literal('').transform(() => undefined);

/** `address@domain` or `Display Name <address@domain>`. */
const sender = z
  .string()
  .trim()
  .regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/, {
    message: 'must be an address like billetter@example.dk or "Innovationsdag <billetter@example.dk>"',
  });

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

export const envSchema = z
  .object({
    DATABASE_URL: postgresUrl.optional().or(z.literal('').transform(() => undefined)),
    /**
     * Optional: where migrations, the bootstrap and the demo seed run, when DATABASE_URL is a
     * transaction-mode pooler — a direct or session-mode connection (Supabase: the session pooler,
     * port 5432). Unset → DATABASE_URL (safe too: the migration lock is transaction-scoped).
     */
    DATABASE_MIGRATION_URL: postgresUrl.optional().or(z.literal('').transform(() => undefined)),
    /** Set when DATABASE_URL goes through a transaction-mode pooler (Supabase port 6543). */
    DATABASE_POOLER: flag,
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    /** Seconds to wait for a new database connection; after that the request answers 503. */
    DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(5),
    /** The server cancels a statement of a request that runs longer (statement_timeout), in ms. */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /** A request's transaction, waiting for a connection included, fails with 503 after this many ms. */
    DATABASE_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(8_000),
    /** The largest request body any route accepts, in bytes (larger: 413). */
    REQUEST_BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(100_000_000).default(1_048_576),
    /** Posts of one anonymous form (registration, waitlist, sign-in code) or booking per client IP a minute. */
    FORM_IP_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
    /** The same per hour. A venue's or a town hall's shared address may need more on the day. */
    FORM_IP_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(300),
    /** Bookings, cancellations and claims per signed-in person a minute. */
    BOOKING_USER_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
    /**
     * HTTP worker processes (`npm start`/`npm run serve`): 1 serves from the one process; more fork
     * that many workers sharing the port, while the first process keeps the database. One per core
     * on a dedicated host (docs/DEPLOY.md). The background jobs run in a process of their own either way.
     */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    /**
     * How much lower the background jobs' process runs than the requests (its nice value, 0–19):
     * on busy cores a rush's requests go first and the work it causes catches up in the gaps.
     * 0: the same priority.
     */
    JOBS_NICE: z.coerce.number().int().min(0).max(19).default(10),
    PORT: z.coerce.number().int().min(0).max(65535).default(4321),
    HOST: z.string().default('0.0.0.0'),
    SAMSPIL_DATA_DIR: z.string().default('.data'),
    SEED_DEMO: flag,
    MIGRATE_ON_START: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    /** Keep anonymous renders of the public pages in memory (src/lib/site/page-cache.ts). */
    PAGE_CACHE: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    /**
     * How old the public content version a cached page is checked against may be, in ms: an
     * organiser's change reaches every instance's cache within this. 0: asked for every request.
     */
    PAGE_CACHE_VERSION_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
    /** The public origin, e.g. https://innovationsdag.dk: sign-in links are built from it, never from the Host header. */
    SITE_URL: httpUrl.optional().or(unsetWhenEmpty),
    /** Supabase Auth: both set → sign-in through Supabase; both unset → embedded sign-in. */
    SUPABASE_URL: httpUrl.optional().or(unsetWhenEmpty),
    /** The project's publishable (anon) key. */
    SUPABASE_ANON_KEY: z.string().trim().min(1).optional().or(unsetWhenEmpty),
    /**
     * Supabase Storage: with SUPABASE_URL, files (images, materials) go to the bucket STORAGE_BUCKET
     * through this server-only key; unset → the local folder STORAGE_DIR. With Supabase Auth it also
     * lets a team invitation's link sign the invited person in at once (without: a sign-in code first).
     */
    SUPABASE_SERVICE_ROLE_KEY: z.string().trim().min(1).optional().or(unsetWhenEmpty),
    /** The private Supabase Storage bucket files go to. */
    STORAGE_BUCKET: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'must be a bucket name (lower-case letters, digits, . _ -)')
      .default('samspil'),
    /** The local folder for files when Supabase Storage is not configured. Unset → <SAMSPIL_DATA_DIR>/storage. */
    STORAGE_DIR: z.string().trim().min(1).optional().or(unsetWhenEmpty),
    /** The local folder's link-signing secret (≥ 32 characters). Unset → generated and kept in the database. */
    STORAGE_URL_SECRET: z.string().min(32, 'must be at least 32 characters').optional().or(unsetWhenEmpty),
    /** Embedded mode: the HS256 secret for session JWTs. Unset → one is generated and kept in the database. */
    AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional().or(unsetWhenEmpty),
    AUTH_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
    /** Sign-in requests per client IP per hour (a venue's Wi-Fi shares one address: raise it on the day). */
    AUTH_IP_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(60),
    /** Reverse proxies in front of the app that append to X-Forwarded-For (0: use the socket address). */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
    /**
     * Development only: serve the dev mailbox (/dev/mailbox) to other machines too, e.g. a phone on
     * the developer's network. Without it only this machine (loopback) sees it; never with a public SITE_URL.
     */
    DEV_MAILBOX_REMOTE: flag,
    /** Resend API key: set → email goes out through Resend; unset → the dev mailbox at /dev/mailbox. */
    RESEND_API_KEY: z.string().trim().min(1).optional().or(unsetWhenEmpty),
    /** The sender of every email; with Resend it must be on a domain verified there. */
    MAIL_FROM: sender.optional().or(unsetWhenEmpty),
    /** The signing secret of Resend's webhook to /api/webhooks/resend (whsec_…): delivered, bounced, complained. */
    RESEND_WEBHOOK_SECRET: z
      .string()
      .trim()
      .regex(/^whsec_[A-Za-z0-9_+/=]+$/, 'must be a webhook signing secret (whsec_…)')
      .optional()
      .or(unsetWhenEmpty),
    /** The provider's rate limit: emails sent a second by all servers together (Resend's default is 2). */
    MAIL_SENDS_PER_SECOND: z.coerce.number().int().min(1).max(1000).optional().or(unsetWhenEmpty),
    NODE_ENV: z.string().trim().min(1).optional().or(unsetWhenEmpty),
    /** Set by the launchers (scripts/serve.ts, scripts/dev.ts): the kind of database they prepared. */
    SAMSPIL_DATABASE_MODE: z.enum(['embedded', 'external']).optional().or(unsetWhenEmpty),
    /** Stripe secret key (sk_live_… / sk_test_… or a restricted rk_…): set → paid tickets through Stripe Checkout. */
    STRIPE_SECRET_KEY: z
      .string()
      .trim()
      .regex(/^(sk|rk)_(live|test)_[A-Za-z0-9_]+$/, 'must be a Stripe secret key (sk_live_…, sk_test_… or rk_…)')
      .optional()
      .or(unsetWhenEmpty),
    /** The signing secret of the webhook endpoint /api/stripe/webhook (whsec_…). */
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .trim()
      .regex(/^whsec_[A-Za-z0-9_+/=]+$/, 'must be a webhook signing secret (whsec_…)')
      .optional()
      .or(unsetWhenEmpty),
    /** Tests only: send Stripe API calls to this base URL (a local stub) instead of api.stripe.com. */
    STRIPE_API_BASE: httpUrl.optional().or(unsetWhenEmpty),
    /** Payment methods Checkout may offer, where the Stripe account has them enabled. */
    STRIPE_PAYMENT_METHODS: z
      .string()
      .trim()
      .regex(/^[a-z_]+(,[a-z_]+)*$/, 'must be a comma-separated list such as card,mobilepay')
      .default('card,mobilepay')
      .transform((value) => value.split(',')),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.SUPABASE_URL) !== Boolean(env.SUPABASE_ANON_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.SUPABASE_URL ? 'SUPABASE_ANON_KEY' : 'SUPABASE_URL'],
        message: 'SUPABASE_URL and SUPABASE_ANON_KEY must be set together',
      });
    }
    if (env.SUPABASE_SERVICE_ROLE_KEY && !env.SUPABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SUPABASE_URL'],
        message: 'is required when SUPABASE_SERVICE_ROLE_KEY is set (Supabase Storage)',
      });
    }
    if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.STRIPE_SECRET_KEY ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY'],
        message: 'STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set together',
      });
    }
    if (env.RESEND_API_KEY && !env.MAIL_FROM) {
      ctx.addIssue({
        code: 'custom',
        path: ['MAIL_FROM'],
        message: 'is required when RESEND_API_KEY is set (a sender on a domain verified in Resend)',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

let processEnv: Env | undefined;

/**
 * readEnv() of this process's environment, read once: a running server's
 * settings do not change, and parsing them (zod over every variable) on each
 * request cost a rush's requests about a tenth of their CPU (#16).
 */
export function serverEnv(): Env {
  processEnv ??= readEnv();
  return processEnv;
}

/** The URL without its password, for log lines and error messages. */
export function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}
