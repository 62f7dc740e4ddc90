/**
 * The first data a page carries inline (see server/routes/pages.ts): read once, then removed, so a
 * later navigation inside the app never mistakes it for fresh data.
 */
import { INITIAL_DATA_ID, type InitialJudgeData } from '../server/protocol/views';

export function takeInitialJudgeData(token: string): InitialJudgeData | null {
  const element = globalThis.document?.getElementById(INITIAL_DATA_ID);
  if (!element) return null;
  element.remove();
  try {
    const data = JSON.parse(element.textContent ?? '') as InitialJudgeData;
    return data.token === token ? data : null;
  } catch {
    return null;
  }
}
