/**
 * Downloads for the setup page (exports fetched with the host key): the body read piece by piece
 * so that a large file shows how far it has come, then saved as a file the browser downloads.
 */

/** How far a download has come: bytes so far, and the whole when the server said it (null when compressed on the fly). */
export interface DownloadProgress {
  received: number;
  total: number | null;
}

export type FetchedFile = { ok: true; blob: Blob } | { ok: false; status: number; message: string };

/**
 * Fetches `path` with `headers`; `onProgress` hears of every piece received. A refusal answers the
 * server's JSON message; a network failure is status 0, `timeout`.
 */
export async function fetchFile(path: string, headers: Record<string, string>, onProgress?: (progress: DownloadProgress) => void): Promise<FetchedFile> {
  let res: Response;
  try {
    res = await fetch(path, { headers });
  } catch {
    return { ok: false, status: 0, message: 'timeout' };
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    return { ok: false, status: res.status, message: body.message ?? `HTTP ${res.status}` };
  }
  const length = Number(res.headers.get('content-length'));
  const total = res.headers.get('content-encoding') || !Number.isFinite(length) || length <= 0 ? null : length;
  const type = res.headers.get('content-type') ?? '';
  if (!res.body) return { ok: true, blob: await res.blob() };
  const reader = res.body.getReader();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  onProgress?.({ received, total });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value as Uint8Array<ArrayBuffer>);
      received += value.byteLength;
      onProgress?.({ received, total });
    }
  } catch {
    return { ok: false, status: 0, message: 'timeout' };
  }
  return { ok: true, blob: new Blob(parts, { type }) };
}

/** Saves a blob as a file the browser downloads. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
