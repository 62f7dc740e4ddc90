/** How a refused command reads to the host: the i18n text for its code, then the server's detail. */
import type { ComposerTranslation } from 'vue-i18n';

export interface FailureLike {
  code: string;
  message: string;
  /** Set by sendCommand when no answer came at all. */
  timeout?: boolean;
}

export function failureText(t: ComposerTranslation, failure: FailureLike): string {
  if (failure.code === 'timeout' || failure.timeout) return t('common.errors.timeout');
  const head = t(`common.errors.${failure.code}`, { message: failure.message });
  // invalid_payload already quotes the message; the others add it as the detail.
  return failure.code === 'invalid_payload' || !failure.message ? head : `${head} ${failure.message}`;
}
