/**
 * The setup page's file transfers beyond the host store's exports: uploads with progress (people
 * sheets) and downloads of generated files (templates, the results workbook), all with the host
 * key as a bearer token. A 401 marks the key refused, as the store's own calls do.
 *
 * - `upload(path, file, onProgress)`: POSTs the file's bytes; `onProgress(fraction)` while sending.
 * - `download(path, fileName)`: fetches and saves; resolves once the file is saved.
 */
import type { ApiAnswer } from '../stores/host';
import { useHostStore } from '../stores/host';
import { saveBlob } from '../download';
import { postWithProgress } from '../upload';

export type DownloadResult = { ok: true } | { ok: false; status: number; message: string };

export function useSetupFiles() {
  const host = useHostStore();
  const headers = (): Record<string, string> => (host.key ? { authorization: `Bearer ${host.key}` } : {});
  const refused = (status: number, message: string) => {
    if (status === 401) host.authError = message || 'unauthorized';
  };

  async function upload<T>(path: string, file: Blob, onProgress: (fraction: number) => void): Promise<ApiAnswer<T>> {
    const answer = await postWithProgress<T>(path, file, { 'content-type': 'application/octet-stream', ...headers() }, onProgress);
    if (!answer.body.ok) refused(answer.status, answer.body.message);
    return answer;
  }

  async function download(path: string, fileName: string): Promise<DownloadResult> {
    let res: Response;
    try {
      res = await fetch(path, { headers: headers() });
    } catch {
      return { ok: false, status: 0, message: 'timeout' };
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      const message = body.message ?? `HTTP ${res.status}`;
      refused(res.status, message);
      return { ok: false, status: res.status, message };
    }
    saveBlob(await res.blob(), fileName);
    return { ok: true };
  }

  return { upload, download };
}
