/**
 * Files the API serves behind the bearer token (reports, exports, templates,
 * error reports). A link cannot carry the token, so the file is fetched with
 * it and handed to the browser as a blob URL, under the name the server gives.
 */
import type { ApiError } from '@civic/shared';
import { ApiRequestError, getToken } from './api.ts';

/** The file name a Content-Disposition header offers, preferring the UTF-8 one (RFC 6266). */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;]+)/i.exec(header);
  return plain ? plain[1]!.trim() : fallback;
}

/**
 * Fetches a file with the token, then hands it to the browser as a download
 * under the server's name. Answers that name.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const token = getToken();
  let response: Response;
  try {
    response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch (cause) {
    throw new ApiRequestError(0, null, cause instanceof Error ? cause.message : 'network error');
  }
  if (!response.ok) {
    let body: ApiError | null = null;
    try {
      body = (await response.json()) as ApiError;
    } catch {
      // Not JSON: the status text will do.
    }
    throw new ApiRequestError(response.status, body, response.statusText);
  }
  const filename = filenameFromDisposition(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Revoked after the click has been handled; revoking at once can cancel the download in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return filename;
}
