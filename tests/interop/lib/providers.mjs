// The five providers as their official npm packages see them: how a delivery is signed (with the package's own signer
// where it has one) and how a received delivery is verified (always with the package's own verifier).
import { createHmac } from 'node:crypto';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { Paddle, Environment } from '@paddle/paddle-node-sdk';
import { verifyWebhookSignature as creemVerify } from 'creem/webhooks.js';

const stripe = new Stripe('sk_test_interop_not_used'); // webhooks.* never calls the API
const paddle = new Paddle('pdl_interop_not_used', { environment: Environment.sandbox });
const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const hmacHex = (key, data) => createHmac('sha256', Buffer.from(key, 'utf8')).update(data).digest('hex');
const nowSeconds = () => Math.floor(Date.now() / 1000);

// Standard Webhooks (Polar, Dodo): `standardwebhooks` signs and verifies; webhook-id is the fixture's event id.
function standardWebhooks(webhookFor) {
  return {
    sign(body, sidecar, secret) {
      const id = sidecar.event_id;
      const at = new Date(nowSeconds() * 1000);
      return { 'webhook-id': id, 'webhook-timestamp': String(at.getTime() / 1000), 'webhook-signature': webhookFor(secret).sign(id, at, body) };
    },
    async verify(body, headers, secret) {
      webhookFor(secret).verify(body, headers); // throws WebhookVerificationError
    },
  };
}

export const providers = {
  stripe: {
    secret: 'whsec_interop_stripe_0123456789abcdef',
    wrongSecret: 'whsec_interop_stripe_WRONG_0123456789',
    signer: 'stripe.webhooks.generateTestHeaderString',
    verifier: 'stripe.webhooks.constructEvent (thin events: stripe.parseEventNotification)',
    sign: (body, _sidecar, secret) => ({ 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: body.toString('utf8'), secret }) }),
    async verify(body, headers, secret) {
      // Both throw StripeSignatureVerificationError on a bad signature; constructEvent refuses thin (v2.core.event) bodies.
      const thin = JSON.parse(body).object === 'v2.core.event';
      if (thin) stripe.parseEventNotification(body, headers['stripe-signature'], secret);
      else stripe.webhooks.constructEvent(body, headers['stripe-signature'], secret);
    },
  },
  polar: {
    // Polar's key is the raw UTF-8 bytes of the secret; standardwebhooks base64-decodes what it is given (as @polar-sh/sdk does).
    secret: 'polar_whs_interop_secret_0123456789',
    wrongSecret: 'polar_whs_interop_WRONG_0123456789',
    signer: 'standardwebhooks Webhook.sign (key base64(secret))',
    verifier: 'standardwebhooks Webhook.verify (key base64(secret))',
    ...standardWebhooks((secret) => new Webhook(b64(secret))),
  },
  dodo: {
    secret: 'whsec_' + b64('interop-dodo-key-0123456789abcdef'),
    wrongSecret: 'whsec_' + b64('interop-dodo-WRONG-0123456789abcd'),
    signer: 'standardwebhooks Webhook.sign (whsec_ secret)',
    verifier: 'standardwebhooks Webhook.verify (whsec_ secret)',
    ...standardWebhooks((secret) => new Webhook(secret)),
  },
  paddle: {
    // @paddle/paddle-node-sdk has no signer: ts=…;h1=hex HMAC(secret, "ts:body"), proven against P0/P1 and the SDK.
    secret: 'pdl_ntfset_01jinterop00000000000000000_Interop+Secret/Key0123456789',
    wrongSecret: 'pdl_ntfset_01jinterop00000000000000000_WRONG+Secret/Key0123456789',
    signer: 'own HMAC helper (checked against vectors P0/P1 and paddle.webhooks.isSignatureValid)',
    verifier: 'paddle.webhooks.unmarshal (5 s window: verified on arrival)',
    sign: (body, _sidecar, secret) => ({ 'paddle-signature': paddleHeader(body, secret, nowSeconds()) }),
    async verify(body, headers, secret) {
      await paddle.webhooks.unmarshal(body.toString('utf8'), secret, headers['paddle-signature']); // throws on a bad signature
    },
  },
  creem: {
    // creem has no signer: creem-signature = hex HMAC(secret, body), proven against the reference vector and the SDK.
    secret: 'whsec_interop_creem_secret_0123456789',
    wrongSecret: 'whsec_interop_creem_WRONG_0123456789',
    signer: 'own HMAC helper (checked against the reference vector and creem verifyWebhookSignature)',
    verifier: 'creem verifyWebhookSignature',
    sign: (body, _sidecar, secret) => ({ 'creem-signature': hmacHex(secret, body) }),
    async verify(body, headers, secret) {
      await creemVerify(body, headers, secret); // throws WebhookVerificationError
    },
  },
};

export function paddleHeader(body, secret, ts) {
  return `ts=${ts};h1=${hmacHex(secret, Buffer.concat([Buffer.from(`${ts}:`), Buffer.from(body)]))}`;
}

/** Resolves when the provider's verifier accepts, rejects with its error otherwise. */
export async function officialVerify(name, body, headers, secret) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  await providers[name].verify(Buffer.from(body), lower, secret);
}

/** A copy of the body that is still valid JSON of the same length: its last digit changed. */
export function tamper(body) {
  const copy = Buffer.from(body);
  for (let i = copy.length - 1; i >= 0; i--) {
    if (copy[i] >= 0x30 && copy[i] <= 0x39) {
      copy[i] = 0x30 + ((copy[i] - 0x30 + 1) % 10);
      return copy;
    }
  }
  throw new Error('body has no digit to tamper with');
}

/**
 * The reference vectors (shared/reference/<provider>.md §1) through the signers used here, and the own helpers
 * (Paddle, Creem) through the official verifiers. Returns the names of the vectors checked.
 */
export async function checkReferenceVectors() {
  const checked = [];
  const s1 = '{"id":"evt_test_webhook","object":"event","type":"checkout.session.completed"}';
  assert.equal(stripe.webhooks.generateTestHeaderString({ payload: s1, secret: 'whsec_test_affonso_0123456789abcdef', timestamp: 1735689600 }),
    't=1735689600,v1=1e3c15e6f7ab010beb7ff612b1d4db2a8a425d99bee04d1425a0b263bc822220');
  checked.push('stripe S1/S2');

  const polarBody = '{"type":"order.paid","timestamp":"2025-01-01T00:00:00Z","data":{"id":"ord_1","total_amount":2000}}';
  assert.equal(new Webhook(b64('polar_whs_test_secret_123')).sign('msg_2Lf0aQ3uV0qW7x9yZ', new Date(1735689600e3), polarBody),
    'v1,HDOupdFEQrKX6RDmhCJ/MehVvdVbTTTO5kt+di9edn4=');
  checked.push('polar');

  const dodoBody = '{"business_id":"bus_1","type":"payment.succeeded","timestamp":"2025-01-01T00:00:00Z","data":{"payload_type":"Payment","payment_id":"pay_1","total_amount":2000,"currency":"USD"}}';
  assert.equal(new Webhook('whsec_ZG9kby10ZXN0LWtleS0wMTIzNDU2Nzg5YWJjZGVmISE=').sign('msg_dodo_01', new Date(1735689600e3), dodoBody),
    'v1,KmzHPKzDGJ1avV1zaCHk3P1taV1eRho2UKCbVPpClug=');
  checked.push('dodo');

  const paddleSecret = 'pdl_ntfset_01hs0t3tw21j988db1pam5xg8m_GrOWLNef+vmtjJYq4mSnHNzvc8uWoJ1I';
  const p0 = '{"data":{"id":"ctm_01hs0tqf76sxmp7ba5e4mw1sc8","name":"John Doe","email":"blackhole+verification2@paddle.com","locale":"en","status":"active","created_at":"2024-03-15T10:32:37.862Z","updated_at":"2024-03-15T10:32:37.862Z","custom_data":null,"import_meta":null,"marketing_consent":false},"event_id":"evt_01hs0tqfme2xwb2hvwv87p8y3w","event_type":"customer.created","occurred_at":"2024-03-15T10:32:38.286848Z","notification_id":"ntf_01hs0tqfrhgkyp39x4wyvy7h6n"}';
  assert.equal(paddleHeader(p0, paddleSecret, 1710498758), 'ts=1710498758;h1=558bf93944dbeb4790c7a8af6cb2ea435c8ca9c8396aafc1a4e37424ac132744');
  const p1 = '{"event_id":"evt_01jgx0000000000000000000aa","event_type":"transaction.completed","occurred_at":"2025-01-01T00:00:00.000000Z","notification_id":"ntf_01jgx0000000000000000000bb","data":{"id":"txn_01jgx0000000000000000000cc"}}';
  assert.equal(paddleHeader(p1, paddleSecret, 1735689600), 'ts=1735689600;h1=abaf076d71bb98421c14e767a46c06cec4e25918fc5a3051820e8b7ffe5f7673');
  // The SDK's 5 s window rejects the vectors' old timestamps, so prove the helper with the SDK on a fresh one.
  assert.equal(await paddle.webhooks.isSignatureValid(p1, paddleSecret, paddleHeader(p1, paddleSecret, nowSeconds())), true);
  assert.equal(await paddle.webhooks.isSignatureValid(p1, paddleSecret, paddleHeader(p1 + ' ', paddleSecret, nowSeconds())), false);
  checked.push('paddle P0/P1');

  const creemBody = '{"id":"evt_1","eventType":"checkout.completed","created_at":1735689600000,"object":{"id":"ch_1"}}';
  assert.equal(providers.creem.sign(Buffer.from(creemBody), null, 'whsec_creem_test_secret')['creem-signature'],
    'd8b81069c548f3a45d472a5667a4731b2bf20f9691a8c22bb282c11a00e82048');
  await creemVerify(creemBody, { 'creem-signature': 'd8b81069c548f3a45d472a5667a4731b2bf20f9691a8c22bb282c11a00e82048' }, 'whsec_creem_test_secret');
  await assert.rejects(creemVerify(creemBody, { 'creem-signature': 'd8b81069c548f3a45d472a5667a4731b2bf20f9691a8c22bb282c11a00e82049' }, 'whsec_creem_test_secret'));
  checked.push('creem');
  return checked;
}
