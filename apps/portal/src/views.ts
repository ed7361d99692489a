import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Express } from 'express';
import * as nunjucks from 'nunjucks';
import { authorities, day, lotName, money, when, words } from './pages/format';

/** govuk-frontend's dist folder: its Nunjucks macros, styles, scripts, fonts and images. */
export const GOVUK_DIST = resolve(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** Our own views and static files, next to this file in src and found from the repository root when built. */
function ownFolder(name: string): string {
  const found = [resolve(__dirname, name), resolve(__dirname, '../../../../../../apps/portal/src', name)].find((p) => existsSync(p));
  if (!found) throw new Error(`The portal's ${name} folder is missing`);
  return found;
}
export const VIEWS_DIR = ownFolder('views');
export const PUBLIC_DIR = ownFolder('public');

export function configureViews(app: Express, watch: boolean): nunjucks.Environment {
  const env = nunjucks.configure([VIEWS_DIR, GOVUK_DIST], { autoescape: true, express: app, noCache: watch });
  env.addFilter('money', money);
  env.addFilter('count', (n: unknown) => Number(n).toLocaleString('en-GB'));
  env.addFilter('when', when);
  env.addFilter('day', day);
  env.addFilter('words', words);
  env.addFilter('authorities', authorities);
  env.addFilter('lot', lotName);
  app.set('view engine', 'njk');
  return env;
}
