/**
 * The big screens are laid out on a fixed 1920×1080 stage that is scaled to the window, so a
 * projector at 1280×720 and a 4K panel show the same picture. Children that draw on a canvas
 * read the scale to render at the real pixel density.
 */
import { inject, ref, type InjectionKey, type Ref } from 'vue';

export const STAGE_WIDTH = 1920;
export const STAGE_HEIGHT = 1080;

export const stageScaleKey: InjectionKey<Ref<number>> = Symbol('stageScale');

/** The scale that fits the stage in a window (letterboxed, never cropped). */
export function fitScale(width: number, height: number): number {
  if (width <= 0 || height <= 0) return 1;
  return Math.min(width / STAGE_WIDTH, height / STAGE_HEIGHT);
}

/** The current stage scale (1 outside a StageFrame). */
export function useStageScale(): Ref<number> {
  return inject(stageScaleKey, ref(1));
}

/** Whether the viewer asked for less motion (animations then jump to their end). */
export function prefersReducedMotion(): boolean {
  return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}
