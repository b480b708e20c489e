// A static, client-only app: every page renders on the device, from local data.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
