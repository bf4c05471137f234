// Web Storage that cannot throw. A page framed by another site may be denied localStorage and sessionStorage
// outright (third-party storage blocked); it then keeps its values in memory, for as long as the page is open.

/** 'localStorage' or 'sessionStorage' when the browser allows it, else a Map-backed stand-in. */
export function storage(name) {
  try {
    const real = window[name];
    real.getItem('');
    return real;
  } catch {
    const values = new Map();
    return {
      getItem: (key) => values.get(key) ?? null,
      setItem: (key, value) => values.set(key, String(value)),
      removeItem: (key) => values.delete(key),
    };
  }
}
