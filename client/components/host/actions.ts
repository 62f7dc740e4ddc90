/**
 * The console's multi-step actions (those that need a confirmation, a reason or a choice) in one
 * controller: any panel asks for one (`useHostActions().close(id)`), the page shows the one dialog
 * (HostDialogs.vue), and the command goes out only once the host has confirmed.
 */
import { inject, shallowRef, type InjectionKey, type ShallowRef } from 'vue';
import type { ClosePlan } from '../../../server/domain/closing';
import type { useHostStore } from '../../stores/host';

export type HostDialog =
  /** Closing one or several entries: what each closing will mean, one reason for all. */
  | { kind: 'close'; entryIds: number[]; plans: ClosePlan[] }
  | { kind: 'reopen'; entryId: number }
  | { kind: 'withdraw'; entryId: number }
  | { kind: 'recuse'; judgeId: number; entryId: number }
  /** A sheet that arrived after its entry closed: count it (reopening the entry) or keep it out. */
  | { kind: 'late'; decision: 'count' | 'exclude'; lateId: number; entryId: number; judgeId: number }
  /** Confirming an award on fewer judges than the minimum panel. */
  | { kind: 'panel'; entryId: number }
  | { kind: 'tie'; track: string }
  | { kind: 'draw'; track: string };

export interface HostActions {
  /** Closes scoring; when sheets are missing (or being amended) the server says what that means, and the host confirms. */
  close(entryId: number): Promise<void>;
  /** Closes several entries in one action, all or none, with one reason where sheets are missing. */
  closeMany(entryIds: number[]): Promise<void>;
  reopen(entryId: number): void;
  withdraw(entryId: number): void;
  /** Recusing asks for a reason; taking a recusal back goes straight out. */
  setRecusal(judgeId: number, entryId: number, recused: boolean): Promise<void>;
  decideLate(decision: 'count' | 'exclude', lateId: number, entryId: number, judgeId: number): void;
  confirmPanel(entryId: number): void;
  resolveTie(track: string): void;
  draw(track: string): void;
}

export interface HostActionsController {
  actions: HostActions;
  dialog: ShallowRef<HostDialog | null>;
  dismiss(): void;
}

export const HOST_ACTIONS: InjectionKey<HostActions> = Symbol('hostActions');

export function useHostActions(): HostActions {
  const actions = inject(HOST_ACTIONS);
  if (!actions) throw new Error('useHostActions() outside the host console');
  return actions;
}

type HostStore = ReturnType<typeof useHostStore>;

/** The close plans in a `confirmation_required` refusal of stage:close (one) or stage:closeMany (`entries`). */
export function closePlansOf(details: unknown): ClosePlan[] {
  const d = details as (ClosePlan & { entries?: undefined }) | { entries: ClosePlan[] } | undefined;
  if (!d) return [];
  if ('entries' in d && Array.isArray(d.entries)) return d.entries;
  return 'entryId' in d ? [d as ClosePlan] : [];
}

export function createHostActions(host: HostStore): HostActionsController {
  const dialog = shallowRef<HostDialog | null>(null);
  const actions: HostActions = {
    async close(entryId) {
      const answer = await host.act('stage:close', { entryId }, ['confirmation_required']);
      if (!answer.ok && answer.code === 'confirmation_required') dialog.value = { kind: 'close', entryIds: [entryId], plans: closePlansOf(answer.details) };
    },
    async closeMany(entryIds) {
      const answer = await host.act('stage:closeMany', { entryIds }, ['confirmation_required']);
      if (!answer.ok && answer.code === 'confirmation_required') dialog.value = { kind: 'close', entryIds, plans: closePlansOf(answer.details) };
    },
    reopen(entryId) {
      dialog.value = { kind: 'reopen', entryId };
    },
    withdraw(entryId) {
      dialog.value = { kind: 'withdraw', entryId };
    },
    async setRecusal(judgeId, entryId, recused) {
      if (recused) dialog.value = { kind: 'recuse', judgeId, entryId };
      else await host.act('recusal:set', { judgeId, entryId, recused: false });
    },
    decideLate(decision, lateId, entryId, judgeId) {
      dialog.value = { kind: 'late', decision, lateId, entryId, judgeId };
    },
    confirmPanel(entryId) {
      dialog.value = { kind: 'panel', entryId };
    },
    resolveTie(track) {
      dialog.value = { kind: 'tie', track };
    },
    draw(track) {
      dialog.value = { kind: 'draw', track };
    },
  };
  return { actions, dialog, dismiss: () => (dialog.value = null) };
}
