import http from 'node:http';
import https from 'node:https';
import { DeliveryFailure } from './contracts';

/**
 * HTTP deliveries (EventBridge API destinations, SNS http/https subscriptions) go to this
 * machine only: the local cloud never sends what it holds anywhere else.
 */
export function isLoopbackUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export interface HttpDelivery {
  url: string;
  method?: string;
  headers?: Readonly<Record<string, string>>;
  body: string;
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * Sends one request to a loopback URL. Refuses any other host (not retryable); a connection
 * failure or no answer within `timeoutMs` is a retryable DeliveryFailure; any HTTP status is
 * returned for the caller's policy to judge. A local https endpoint's own certificate is accepted
 * (it is this machine's).
 */
export function sendHttp(delivery: HttpDelivery): Promise<HttpAnswer> {
  if (!isLoopbackUrl(delivery.url)) {
    return Promise.reject(new DeliveryFailure('NotLoopback', `${delivery.url} is not on this machine: the local cloud delivers only to loopback addresses (127.0.0.1, localhost, ::1)`, false));
  }
  const url = new URL(delivery.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: delivery.method ?? 'POST',
        headers: { 'content-length': Buffer.byteLength(delivery.body), ...delivery.headers },
        ...(url.protocol === 'https:' ? { rejectUnauthorized: false } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          // Only the start of an answer matters (AWS keeps none of it).
          if (size < 64 * 1024) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', (error) => fail(new DeliveryFailure('ConnectionFailure', error.message, true)));
      },
    );
    const fail = (failure: DeliveryFailure) => {
      clearTimeout(timer);
      request.destroy();
      reject(failure);
    };
    const timer = setTimeout(() => fail(new DeliveryFailure('Timeout', `no answer from ${delivery.url} within ${delivery.timeoutMs / 1000} s`, true)), delivery.timeoutMs);
    request.on('error', (error) => fail(new DeliveryFailure('ConnectionFailure', `${delivery.url}: ${error.message}`, true)));
    request.end(delivery.body);
  });
}
