/**
 * The console's multi-step actions (those that need a confirmation, a reason or a choice) in one
 * controller: any panel asks for one (`useHostActions().close(id)`), the page shows the one dialog
 * (HostDialogs.vue), and the command goes out only once the host has confirmed.
 */
import { inject, shallowRef, type InjectionKey, type ShallowRef } from 'vue';
import type { useHostStore } from '../../stores/host';

export type HostDialog =
  | { kind: 'close'; entryId: number; missing: number[] }
  | { kind: 'reopen'; entryId: number }
  | { kind: 'withdraw'; entryId: number }
  | { kind: 'recuse'; judgeId: number; entryId: number }
  | { kind: 'tie'; track: string }
  | { kind: 'draw'; track: string };

export interface HostActions {
  /** Closes scoring; when sheets are missing the server says who, and the host confirms. */
  close(entryId: number): Promise<void>;
  reopen(entryId: number): void;
  withdraw(entryId: number): void;
  /** Recusing asks for a reason; taking a recusal back goes straight out. */
  setRecusal(judgeId: number, entryId: number, recused: boolean): Promise<void>;
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

export function createHostActions(host: HostStore): HostActionsController {
  const dialog = shallowRef<HostDialog | null>(null);
  const actions: HostActions = {
    async close(entryId) {
      const answer = await host.act('stage:close', { entryId }, ['confirmation_required']);
      if (!answer.ok && answer.code === 'confirmation_required') {
        const details = answer.details as { missingJudgeIds?: number[] } | undefined;
        dialog.value = { kind: 'close', entryId, missing: details?.missingJudgeIds ?? [] };
      }
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
    resolveTie(track) {
      dialog.value = { kind: 'tie', track };
    },
    draw(track) {
      dialog.value = { kind: 'draw', track };
    },
  };
  return { actions, dialog, dismiss: () => (dialog.value = null) };
}
