/** The UI language, reactive and remembered across visits. Chinese is the bureau's default. */
export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'civic.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    // Storage can be unavailable (privacy mode); the default still works.
    return 'zh';
  }
}

class Locale {
  lang = $state<Lang>(storedLang());

  set(lang: Lang): void {
    this.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Not persisting is acceptable; the toggle still works for this visit.
    }
  }

  toggle(): void {
    this.set(this.lang === 'zh' ? 'en' : 'zh');
  }
}

export const locale = new Locale();
