// The Resend transport with the real SDK against a local HTTP server standing
// in for api.resend.com (the SDK's `baseUrl` option): what goes over the wire,
// and how each answer is read.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeMessage } from './mail.ts';
import { createResendTransport, toResendPayload } from './resend-transport.server.ts';
import { SAMPLE_DATA } from './templates/samples.ts';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

const received: Received[] = [];
let answers: { status: number; body: unknown }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: JSON.parse(raw) as Record<string, unknown>,
      });
      const answer = answers.shift() ?? { status: 200, body: { id: 'msg_0001' } };
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  received.length = 0;
  answers = [];
});

const FROM = 'Velfærdens Innovationsdag <billetter@innovationsdag.dk>';
const order = composeMessage({
  to: 'mette@aarhus.dk',
  lang: 'da',
  template: 'order-confirmation',
  data: SAMPLE_DATA['order-confirmation'],
});

function transport() {
  return createResendTransport({ apiKey: 're_test_123', from: FROM, baseUrl, timeoutMs: 2_000 });
}

describe('the Resend transport', () => {
  it('posts the message with the API key and the Idempotency-Key, and returns Resend’s id', async () => {
    const result = await transport().send(order, { idempotencyKey: 'order-confirmation/0b7c/T-8K2M4Q' });

    expect(result).toEqual({ ok: true, providerMessageId: 'msg_0001' });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request).toMatchObject({ method: 'POST', path: '/emails' });
    expect(request!.headers['idempotency-key']).toBe('order-confirmation/0b7c/T-8K2M4Q');
    expect(request!.headers.authorization).toBe('Bearer re_test_123');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toMatchObject({
      from: FROM,
      to: 'mette@aarhus.dk',
      subject: 'Dine 2 billetter til Velfærdens Innovationsdag 2027',
      html: order.html,
      text: order.text,
      tags: [
        { name: 'template', value: 'order-confirmation' },
        { name: 'lang', value: 'da' },
      ],
    });
    expect(request!.body.attachments).toEqual([
      {
        filename: 'qr-T-8K2M4Q.png',
        content: order.attachments[0]!.contentBase64,
        content_type: 'image/png',
        content_id: 'ticket-qr-1',
      },
      {
        filename: 'qr-T-3HX9PD.png',
        content: order.attachments[1]!.contentBase64,
        content_type: 'image/png',
        content_id: 'ticket-qr-2',
      },
      {
        filename: 'innovationsdag.ics',
        content: order.attachments[2]!.contentBase64,
        content_type: 'text/calendar; charset=utf-8; method=PUBLISH',
      },
    ]);
  });

  it('sends the same key on a retry, so Resend can answer with the first delivery', async () => {
    const mail = transport();
    await mail.send(order, { idempotencyKey: 'k/1' });
    await mail.send(order, { idempotencyKey: 'k/1' });
    expect(received.map((request) => request.headers['idempotency-key'])).toEqual(['k/1', 'k/1']);
    expect(received[0]!.body).toEqual(received[1]!.body);
  });

  it('reads Resend’s errors: permanent, worth retrying, or already sent under this key', async () => {
    answers = [
      { status: 422, body: { name: 'validation_error', message: 'Invalid `to` field.', statusCode: 422 } },
      { status: 429, body: { name: 'rate_limit_exceeded', message: 'Too many requests.', statusCode: 429 } },
      { status: 500, body: { name: 'internal_server_error', message: 'Oops.', statusCode: 500 } },
      { status: 401, body: { name: 'missing_api_key', message: 'Missing API key.', statusCode: 401 } },
      {
        status: 409,
        body: { name: 'invalid_idempotent_request', message: 'Same key, different payload.', statusCode: 409 },
      },
      {
        status: 409,
        body: { name: 'concurrent_idempotent_requests', message: 'In progress.', statusCode: 409 },
      },
    ];
    const mail = transport();
    const results = [];
    for (let n = 0; n < 6; n += 1) results.push(await mail.send(order, { idempotencyKey: `k/${n}` }));
    expect(results).toEqual([
      { ok: false, retryable: false, error: 'resend validation_error (422): Invalid `to` field.' },
      { ok: false, retryable: true, error: 'resend rate_limit_exceeded (429): Too many requests.' },
      { ok: false, retryable: true, error: 'resend internal_server_error (500): Oops.' },
      { ok: false, retryable: true, error: 'resend missing_api_key (401): Missing API key.' },
      { ok: true, providerMessageId: null },
      { ok: false, retryable: true, error: 'resend concurrent_idempotent_requests (409): In progress.' },
    ]);
  });

  it('treats an unreachable API as worth retrying', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const mail = createResendTransport({ apiKey: 're_x', from: FROM, baseUrl: `http://127.0.0.1:${port}` });
    const result = await mail.send(order, { idempotencyKey: 'k/unreachable' });
    expect(result).toMatchObject({ ok: false, retryable: true });
  });
});

describe('toResendPayload', () => {
  it('leaves attachments out when there are none', () => {
    const signIn = composeMessage({ to: 'a@b.dk', lang: 'en', template: 'sign-in', data: SAMPLE_DATA['sign-in'] });
    const payload = toResendPayload(signIn, FROM);
    expect(payload).not.toHaveProperty('attachments');
    expect(payload).toMatchObject({ from: FROM, to: 'a@b.dk', subject: 'Your sign-in code: 482913' });
  });
});
