/**
 * The setup page's file transfers: uploads with progress (people sheets, a contest file, a
 * backup) and downloads of generated files (templates, the results workbook, exports, backups),
 * all with the host key as a bearer token, each reporting how far it has come (a `Transfer`, for
 * <TransferProgress>). A 401 marks the key refused, as the store's own calls do.
 *
 * - `upload(path, body, { contentType, file, onTransfer })`: POSTs the bytes; the upload's fraction, then the server at work.
 * - `download(path, fileName, onTransfer)`: fetches and saves; resolves once the file is saved.
 */
import type { ApiAnswer } from '../stores/host';
import { useHostStore } from '../stores/host';
import { fetchFile, saveBlob } from '../download';
import { postWithProgress } from '../upload';

export type DownloadResult = { ok: true; blob: Blob } | { ok: false; status: number; message: string };

/** A transfer under way, as <TransferProgress> shows it. */
export type Transfer =
  | { phase: 'uploading'; file: string; fraction: number }
  /** Sent; the server reads, checks, imports or restores it. */
  | { phase: 'processing'; file: string }
  /** Asked for; the server generates it. */
  | { phase: 'preparing'; file: string }
  | { phase: 'receiving'; file: string; received: number; total: number | null };

export type TransferListener = (transfer: Transfer | null) => void;

export function useSetupFiles() {
  const host = useHostStore();
  const headers = (): Record<string, string> => (host.key ? { authorization: `Bearer ${host.key}` } : {});
  const refused = (status: number, message: string) => {
    if (status === 401) host.authError = message || 'unauthorized';
  };

  async function upload<T>(
    path: string,
    body: Blob | string,
    options: { contentType?: string; file?: string; onTransfer?: TransferListener; onProgress?: (fraction: number) => void } = {},
  ): Promise<ApiAnswer<T>> {
    const file = options.file ?? '';
    const answer = await postWithProgress<T>(path, body, { 'content-type': options.contentType ?? 'application/octet-stream', ...headers() }, (fraction) => {
      options.onProgress?.(fraction);
      options.onTransfer?.(fraction < 1 ? { phase: 'uploading', file, fraction } : { phase: 'processing', file });
    });
    options.onTransfer?.(null);
    if (!answer.body.ok) refused(answer.status, answer.body.message);
    return answer;
  }

  async function download(path: string, fileName: string, onTransfer?: TransferListener, save = true): Promise<DownloadResult> {
    onTransfer?.({ phase: 'preparing', file: fileName });
    const result = await fetchFile(path, headers(), (p) => onTransfer?.({ phase: 'receiving', file: fileName, ...p }));
    onTransfer?.(null);
    if (!result.ok) {
      refused(result.status, result.message);
      return result;
    }
    if (save) saveBlob(result.blob, fileName);
    return result;
  }

  return { upload, download };
}
