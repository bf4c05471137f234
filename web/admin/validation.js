// The server words each validation message in English and also gives its code and arguments (docs/PROBLEMS.md,
// "Validation error codes"), so the console can show the message in the admin's language. A code without wording
// here, or a problem without errorCodes, shows the server's English: a new server check is never hidden.

import { t, has, lang } from './i18n.js';

/** The problem's field errors as { path: [{ message, code, args }] }: each English message paired with its code. */
export function fieldErrors(problem) {
  const codes = problem?.errorCodes ?? {};
  return Object.fromEntries(Object.entries(problem?.errors ?? {}).map(([path, messages]) =>
    [path, [messages].flat().map((message, i) => ({ message, ...codes[path]?.[i] }))]));
}

/** One error in the current language: validation.<code> with its args filled in, else the server's English. */
export function errorText(error) {
  if (typeof error === 'string') return error;
  const { message, code, args = {} } = error;
  const key = `validation.${code}`;
  if (!code || !has(key)) return message;
  return t(key, Object.fromEntries(Object.entries(args).map(([name, value]) => [name, argText(name, value)])));
}

// Arguments that name things the console has words for (activity kinds, schedule fields); ids, numbers and option
// values are shown as the API spells them, which is also what the JSON editor shows.
const WORDS = { kinds: 'kind', kind: 'kind', field: 'validation.field' };

function argText(name, value) {
  const words = [value].flat().map((word) => {
    const key = WORDS[name] ? `${WORDS[name]}.${word}` : null;
    return key && has(key) ? t(key) : String(word);
  });
  return words.join(lang() === 'zh-CN' ? '、' : ', ');
}
