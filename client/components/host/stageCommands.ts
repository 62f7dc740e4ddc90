/**
 * The commands of the stage of the track the console shows, shared by the buttons and the
 * keyboard shortcuts so that both do exactly the same thing.
 */
import { isTimed } from '../../../server/domain/stage';
import type { useHostStore } from '../../stores/host';

type HostStore = ReturnType<typeof useHostStore>;

export function stageCommands(host: HostStore) {
  const key = () => host.track?.key ?? '';
  const advance = (action: 'start' | 'toQa' | 'toScoring') => host.act('stage:advance', { track: key(), action });
  const pause = () => host.act('timer:pause', { track: key() });
  const resume = () => host.act('timer:resume', { track: key() });
  return {
    start: () => advance('start'),
    toQa: () => advance('toQa'),
    toScoring: () => advance('toScoring'),
    pause,
    resume,
    extend: (seconds: number) => host.act('timer:extend', { track: key(), seconds }),
    next: () => host.act('stage:next', { track: key() }),
    call: (entryId: number) => host.act('stage:call', { track: key(), entryId }),
    /** Space: start a called entry, else pause or resume the running phase. */
    primary() {
      const track = host.track;
      const entry = track?.stage.entry;
      if (!track || !entry) return null;
      if (entry.state === 'waiting') return advance('start');
      const clock = track.stage.clock;
      if (isTimed(entry.state) && clock) return clock.pausedAt === null ? pause() : resume();
      return null;
    },
  };
}

export type StageCommands = ReturnType<typeof stageCommands>;

/** Keys of the console; the page listens, the panels show them. */
export const SHORTCUTS = [
  { key: 'Space', code: 'Space', action: 'primary' },
  { key: 'N', code: 'KeyN', action: 'next' },
  { key: 'Q', code: 'KeyQ', action: 'toQa' },
  { key: 'S', code: 'KeyS', action: 'toScoring' },
  { key: '+', code: 'Equal', action: 'plusMinute' },
  { key: '−', code: 'Minus', action: 'minusMinute' },
] as const;

export type ShortcutAction = (typeof SHORTCUTS)[number]['action'];

/** Whether a key press is for a shortcut: not while typing, not with modifiers, not under a dialog. */
export function shortcutOf(event: KeyboardEvent): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return null;
  const target = event.target as HTMLElement | null;
  if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return null;
  if (document.querySelector('dialog[open]')) return null;
  const byCode = SHORTCUTS.find((s) => s.code === event.code);
  if (byCode) return byCode.action;
  // Layouts that put + and − elsewhere (numeric keypad).
  if (event.key === '+' || event.code === 'NumpadAdd') return 'plusMinute';
  if (event.key === '-' || event.code === 'NumpadSubtract') return 'minusMinute';
  return null;
}
