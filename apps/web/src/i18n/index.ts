import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ur } from './ur';

export const LANGUAGES = ['en', 'ur'] as const;
export type Language = (typeof LANGUAGES)[number];
const KEY = 'lt.lang';

/** ?lang=ur in the URL wins (station bookmarks), then the device's last choice, then English. */
export function initialLanguage(
  search = typeof location === 'undefined' ? '' : location.search,
): Language {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'ur') {
    try {
      localStorage.setItem(KEY, fromUrl);
    } catch {
      /* private mode: the URL still decides */
    }
    return fromUrl;
  }
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'en' || saved === 'ur') return saved;
  } catch {
    /* ignore */
  }
  return 'en';
}

export const dirOf = (lang: string): 'rtl' | 'ltr' => (lang === 'ur' ? 'rtl' : 'ltr');

function applyToDocument(lang: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang;
  document.documentElement.dir = dirOf(lang);
}

export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    /* ignore */
  }
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', applyToDocument);

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ur: { translation: ur } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyToDocument(i18n.language);

export default i18n;
