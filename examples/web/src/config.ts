/**
 * Where the gateway is: `?gateway=http://127.0.0.1:4000` on the page's URL, else VITE_GATEWAY_URL at build time,
 * else `npm start`'s default address.
 */
export const GATEWAY_URL: string = (
  new URLSearchParams(window.location.search).get('gateway') ?? import.meta.env.VITE_GATEWAY_URL ?? 'http://127.0.0.1:4000'
).replace(/\/+$/, '');
