/** The citizen pages' calls: no login, and nothing here touches the staff session. */
import type {
  PublicCaseView,
  PublicCategory,
  PublicChallenge,
  PublicReportBody,
  PublicReportResult,
} from '@civic/shared';
import { request, type District } from './api.ts';

export const publicApi = {
  categories: () => request<PublicCategory[]>('GET', '/api/public/categories'),
  district: () => request<District>('GET', '/api/district'),
  challenge: () => request<PublicChallenge>('GET', '/api/public/challenge'),
  file: (body: PublicReportBody) => request<PublicReportResult>('POST', '/api/public/reports', { body }),
  track: (token: string) => request<PublicCaseView>('POST', '/api/public/track', { body: { token } }),
};

/** A file as base64, for the JSON body. */
export function toBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the file'));
    reader.readAsDataURL(file);
  });
}

/** Reports filed from this browser, so a lost link can be found again on the same phone. */
export interface MyReport {
  caseNo: string;
  token: string;
  filedAt: string;
}

const MY_REPORTS_KEY = 'civic.myReports';
const MY_REPORTS_KEPT = 10;

export function myReports(): MyReport[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(MY_REPORTS_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as MyReport[]).filter((r) => typeof r?.token === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberReport(report: MyReport): void {
  try {
    const kept = [report, ...myReports().filter((r) => r.token !== report.token)].slice(0, MY_REPORTS_KEPT);
    localStorage.setItem(MY_REPORTS_KEY, JSON.stringify(kept));
  } catch {
    // Storage can be unavailable (privacy mode); the link on screen is what counts.
  }
}
