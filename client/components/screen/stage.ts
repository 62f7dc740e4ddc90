/**
 * The big screens are laid out on a stage 1080 px high whose width follows the picture's aspect
 * ratio, from 1440 (4:3) through 1728 (16:10) to 1920 (16:9), and which is scaled to the window.
 * Every size on the stage is therefore a fixed share of the picture's height, the measure that
 * decides what the back row can read, whatever the projector; and a 4:3 or 16:10 picture is
 * filled rather than letterboxed. Only a picture wider than 16:9 or narrower than 4:3 gets bars.
 * Children that draw on a canvas read the scale to render at the real pixel density.
 */
import { computed, inject, onBeforeUnmount, onMounted, provide, ref, type InjectionKey, type Ref } from 'vue';

export const STAGE_HEIGHT = 1080;
/** 4:3 */
export const STAGE_MIN_WIDTH = 1440;
/** 16:9 */
export const STAGE_MAX_WIDTH = 1920;

export interface StageGeometry {
  /** Stage px; the height is always STAGE_HEIGHT. */
  width: number;
  height: number;
  /** Window px per stage px. */
  scale: number;
}

export const stageKey: InjectionKey<Ref<StageGeometry>> = Symbol('stage');

/** The stage for a window: as wide as its aspect ratio allows (within 4:3..16:9), scaled to fit. */
export function fitStage(windowWidth: number, windowHeight: number): StageGeometry {
  if (windowWidth <= 0 || windowHeight <= 0) return { width: STAGE_MAX_WIDTH, height: STAGE_HEIGHT, scale: 1 };
  const width = Math.min(STAGE_MAX_WIDTH, Math.max(STAGE_MIN_WIDTH, Math.round((STAGE_HEIGHT * windowWidth) / windowHeight)));
  return { width, height: STAGE_HEIGHT, scale: Math.min(windowWidth / width, windowHeight / STAGE_HEIGHT) };
}

/**
 * The stage of a big-screen page, kept fitted to the window and provided to the page's children.
 * The document does not scroll meanwhile (a stray margin would show scroll bars on a projector).
 */
export function provideStage(): Ref<StageGeometry> {
  const stage = ref(fitStage(globalThis.innerWidth ?? 0, globalThis.innerHeight ?? 0));
  provide(stageKey, stage);
  const measure = () => {
    stage.value = fitStage(window.innerWidth, window.innerHeight);
  };
  onMounted(() => {
    document.documentElement.classList.add('stage-screen');
    measure();
    window.addEventListener('resize', measure);
  });
  onBeforeUnmount(() => {
    document.documentElement.classList.remove('stage-screen');
    window.removeEventListener('resize', measure);
  });
  return stage;
}

/** The current stage (a 16:9 stage at scale 1 outside a page that provides one). */
export function useStage(): Ref<StageGeometry> {
  return inject(stageKey, ref({ width: STAGE_MAX_WIDTH, height: STAGE_HEIGHT, scale: 1 }));
}

/** The current stage scale. */
export function useStageScale(): Ref<number> {
  const stage = useStage();
  return computed(() => stage.value.scale);
}

/** Whether the viewer asked for less motion (animations then jump to their end). */
export function prefersReducedMotion(): boolean {
  return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}
