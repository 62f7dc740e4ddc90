/**
 * The offset between this device's clock and the server's, so that every screen renders the same
 * countdown from the same deadline. Several ping samples are taken and the one with the smallest
 * round trip wins (its midpoint estimate has the least uncertainty: at most half its round trip).
 * Re-measured on every (re)connect and once a minute.
 */
import { readonly, ref } from 'vue';
import type { PodiumSocket } from '../socket';

const offsetMs = ref(0);
const bestRoundTripMs = ref<number | null>(null);

export interface ClockSample {
  sentAt: number;
  serverNow: number;
  receivedAt: number;
}

/** The offset estimate from samples: server time minus local time at the midpoint of the fastest round trip. */
export function offsetFromSamples(samples: readonly ClockSample[]): { offset: number; roundTrip: number } | null {
  let best: ClockSample | null = null;
  for (const s of samples) {
    if (!best || s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s;
  }
  if (!best) return null;
  const roundTrip = best.receivedAt - best.sentAt;
  return { offset: best.serverNow - (best.sentAt + roundTrip / 2), roundTrip };
}

function ping(socket: PodiumSocket): Promise<ClockSample | null> {
  return new Promise((resolve) => {
    // Date.now(), the clock serverNow() adds the offset to (performance.now() can stop while a
    // phone sleeps, and the two drift apart).
    const sentAt = Date.now();
    const timer = setTimeout(() => resolve(null), 3_000);
    socket.emit('clock:ping', (serverNow: unknown) => {
      clearTimeout(timer);
      // A refusal (rate_limited) is an object, not a reading: no sample.
      resolve(typeof serverNow === 'number' ? { sentAt, serverNow, receivedAt: Date.now() } : null);
    });
  });
}

/** Takes `count` samples ~50 ms apart and updates the shared offset. */
export async function measureServerClock(socket: PodiumSocket, count = 6): Promise<void> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < count && socket.connected; i++) {
    const sample = await ping(socket);
    if (sample) samples.push(sample);
    await new Promise((r) => setTimeout(r, 50));
  }
  const estimate = offsetFromSamples(samples);
  if (estimate) {
    offsetMs.value = estimate.offset;
    bestRoundTripMs.value = estimate.roundTrip;
  }
}

/** Now, on the server's clock (ms since epoch). */
export function serverNow(): number {
  return Date.now() + offsetMs.value;
}

/** Keeps the offset measured while the socket lives. */
export function useServerClock(socket: PodiumSocket) {
  const measure = () => void measureServerClock(socket);
  socket.on('connect', measure);
  if (socket.connected) measure();
  const timer = setInterval(measure, 60_000);
  return {
    offsetMs: readonly(offsetMs),
    bestRoundTripMs: readonly(bestRoundTripMs),
    stop() {
      clearInterval(timer);
      socket.off('connect', measure);
    },
  };
}
