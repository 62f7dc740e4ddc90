/**
 * A judge's pad as the console says it: connected or not, since when, and what unsent work the
 * phone reported ("离线（最后在线 14:03），手机上有 1 份待发送评分").
 */
import type { JudgePresence } from '../../../server/protocol/views';

type Translate = (key: string, values?: Record<string, unknown>) => string;

export type PresenceTone = 'online' | 'offline' | 'unknown';

export function presenceTone(p: JudgePresence | null): PresenceTone {
  if (!p || (!p.connected && p.lastSeen === null)) return 'unknown';
  return p.connected ? 'online' : 'offline';
}

function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
}

/** The unsent work the pad reported, or ''. */
export function unsentText(t: Translate, p: JudgePresence | null): string {
  if (!p) return '';
  const parts: string[] = [];
  if (p.queued.length > 0) parts.push(t('host.presence.queued', { n: p.queued.length }));
  if (p.unsaved.length > 0) parts.push(t('host.presence.unsaved', { n: p.unsaved.length }));
  return parts.join(t('host.presence.and'));
}

/** The whole line: 在线 / 离线（最后在线 14:03） / 未连接, and the unsent work. */
export function presenceText(t: Translate, p: JudgePresence | null): string {
  const tone = presenceTone(p);
  const state =
    tone === 'online' ? t('host.presence.online') : tone === 'offline' ? t('host.presence.offlineSince', { time: clock(p!.lastSeen!) }) : t('host.presence.unknown');
  const unsent = unsentText(t, p);
  return unsent ? t('host.presence.withWork', { state, work: unsent }) : state;
}
