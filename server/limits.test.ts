import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConnectionCounter, RateLimiter, clientAddress, readEnvelope } from './limits';
import { authMessage, updateMessage } from './testing/raw-socket';

const request = (remoteAddress: string, forwarded?: string) =>
  ({ socket: { remoteAddress }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as IncomingMessage;

describe('limits', () => {
  it('takes the client address from the socket, or from the proxy-appended X-Forwarded-For entry', () => {
    expect(clientAddress(request('::ffff:10.0.0.7'), false)).toBe('10.0.0.7');
    expect(clientAddress(request('::1', '1.2.3.4'), false)).toBe('::1');
    expect(clientAddress(request('10.0.0.1', 'spoofed, 1.2.3.4'), true)).toBe('1.2.3.4');
    expect(clientAddress(request('10.0.0.1'), true)).toBe('10.0.0.1');
  });

  it('counts connections per address and frees a slot once', () => {
    const counter = new ConnectionCounter(2);
    const a = counter.tryAcquire('a');
    const b = counter.tryAcquire('a');
    expect(a && b).toBeTruthy();
    expect(counter.tryAcquire('a')).toBeNull();
    expect(counter.tryAcquire('b')).not.toBeNull();
    a?.();
    a?.();
    expect(counter.count('a')).toBe(1);
    expect(counter.tryAcquire('a')).not.toBeNull();
    expect(counter.tryAcquire('a')).toBeNull();
  });

  it('rate-limits with a bucket that refills over the window', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 60_000, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('x'))).toEqual([true, true, true, false]);
    expect(limiter.take('y')).toBe(true);
    expect(limiter.retryAfterSeconds('x')).toBe(20);
    now += 20_000;
    expect(limiter.take('x')).toBe(true);
    expect(limiter.take('x')).toBe(false);
    now += 10 * 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take('x'))).toEqual([true, true, true, false]);
  });

  it('reads a Hocuspocus envelope and nothing else', () => {
    expect(readEnvelope(authMessage('room-1', 'token'))).toEqual({ room: 'room-1', type: 2 });
    expect(readEnvelope(updateMessage('room-1', new Uint8Array([1])))).toEqual({ room: 'room-1', type: 0 });
    expect(readEnvelope(new Uint8Array([]))).toBeUndefined();
    expect(readEnvelope(new Uint8Array([0xff, 0xff, 0xff]))).toBeUndefined();
    expect(readEnvelope(new Uint8Array([1, 0x61, 42]))).toBeUndefined();
  });
});
