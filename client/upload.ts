/**
 * POSTs a body with upload progress (XMLHttpRequest: fetch cannot report it) and reads the JSON
 * answer. For the setup page's files: the contest file and the people sheets.
 */
import type { CommandFailure } from '../server/protocol/errors';

export interface UploadAnswer<T> {
  status: number;
  body: { ok: true; data: T } | (CommandFailure & { details?: unknown });
}

export function postWithProgress<T>(
  path: string,
  body: XMLHttpRequestBodyInit,
  headers: Record<string, string>,
  onProgress: (fraction: number) => void,
): Promise<UploadAnswer<T>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      onProgress(1);
      let answer: UploadAnswer<T>['body'];
      try {
        answer = JSON.parse(xhr.responseText) as typeof answer;
      } catch {
        answer = { ok: false, code: 'internal', message: `HTTP ${xhr.status}` };
      }
      resolve({ status: xhr.status, body: answer });
    };
    xhr.onerror = () => resolve({ status: 0, body: { ok: false, code: 'internal', message: 'timeout' } });
    xhr.send(body);
  });
}
