import { join } from 'node:path';
import express, { type Express } from 'express';

/** The page's files: plain HTML, CSS and a script, served as they are (no build step). */
export const PHONE_PAGE_DIR = join(__dirname, '..', '..', 'public', 'phone');

/**
 * The demo phone at /phone/ (and / sends there): a newcomer texts the company as a requester and
 * reads the replies, through the simulator's own API under /sim. Revalidated on every load, so
 * an edited page is never stale; the files are small.
 */
export function mountPhonePage(app: Express): void {
  app.get('/', (_req, res) => {
    res.redirect(302, '/phone/');
  });
  app.use(
    '/phone',
    express.static(PHONE_PAGE_DIR, {
      index: 'index.html',
      cacheControl: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
}
