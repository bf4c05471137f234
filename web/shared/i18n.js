// The language switch shared by the web pages: zh-CN by default, the choice kept in localStorage.

import { storage } from './storage.js';

/** A translator over one page's string table: {params} are filled in, missing keys fall back to zh-CN, then the key. */
export function translator(strings, storageKey) {
  const local = storage('localStorage');
  const stored = local.getItem(storageKey);
  let current = stored in strings ? stored : 'zh-CN';
  return {
    languages: Object.keys(strings),
    lang: () => current,
    setLang(next) {
      if (!(next in strings)) return;
      current = next;
      local.setItem(storageKey, next);
      document.documentElement.lang = next;
    },
    t(key, params = {}) {
      const text = strings[current][key] ?? strings['zh-CN'][key] ?? key;
      return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
    },
    has: (key) => key in strings[current],
  };
}
