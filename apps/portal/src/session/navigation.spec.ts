import type { Request, Response } from 'express';
import * as nunjucks from 'nunjucks';
import { SignedInUser } from '../auth/personas';
import { GOVUK_DIST, VIEWS_DIR } from '../views';
import { RequestSession } from './request-session';

const sam: SignedInUser = { id: 'officer-sam', roles: ['programme_officer'], persona: 'officer', name: 'Sam Okafor' };
const views = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIST]), { autoescape: true });

/**
 * The layout's menu for a request as the session middleware sees it: mounted on every path, so
 * express leaves only "/" in req.path and the page's path in originalUrl.
 */
function menuFor(url: string, user: SignedInUser = sam): { text: string; classes: string; ariaCurrent: string | undefined }[] {
  const req = { path: '/', url: '/', originalUrl: url } as Request;
  const res = { locals: {} } as Response;
  new RequestSession(req, res, 'session-id', { csrfToken: 'token', user }, {} as never, {} as never, {} as never).exposeToViews();
  const html = views.render('layout.njk', { ...res.locals, title: 'A page' });
  return [...html.matchAll(/<li class="(govuk-service-navigation__item[^"]*)">\s*<a class="govuk-service-navigation__link" href="[^"]*"( aria-current="([^"]+)")?>\s*(?:<strong[^>]*>)?([^<]+)/g)].map(
    (m) => ({ text: m[4].trim(), classes: m[1], ariaCurrent: m[3] }),
  );
}
const highlighted = (menu: ReturnType<typeof menuFor>) => menu.filter((i) => i.classes.includes('govuk-service-navigation__item--active') || i.ariaCurrent);

describe("the officer menu's current section", () => {
  it('is the register of mutuals on its page, and nothing else', () => {
    const menu = menuFor('/officer/mutuals');
    expect(menu).toHaveLength(12);
    expect(highlighted(menu)).toEqual([{ text: 'Register of mutuals', classes: 'govuk-service-navigation__item govuk-service-navigation__item--active', ariaCurrent: 'page' }]);
  });

  it('is the section of a page within it, marked as the section rather than the page; a query changes nothing', () => {
    expect(highlighted(menuFor('/officer/mutuals/5f0c2a6e-2b1d-4c8e-9a57-3c1f0e2d4b6a?tab=links'))).toEqual([
      { text: 'Register of mutuals', classes: 'govuk-service-navigation__item govuk-service-navigation__item--active', ariaCurrent: 'true' },
    ]);
    expect(highlighted(menuFor('/officer/portfolio?sector=health')).map((i) => [i.text, i.ariaCurrent])).toEqual([['Portfolio', 'page']]);
  });

  it('is the longest section the page is in: the dashboard only on its own page', () => {
    expect(highlighted(menuFor('/officer')).map((i) => [i.text, i.ariaCurrent])).toEqual([['Dashboard', 'page']]);
    expect(highlighted(menuFor('/officer/support-packages/new')).map((i) => [i.text, i.ariaCurrent])).toEqual([['Support in kind', 'true']]);
    expect(highlighted(menuFor('/officers'))).toEqual([]);
  });
});

describe("the applicant menu's current section", () => {
  const alex: SignedInUser = { id: 'applicant-alex', roles: ['applicant'], persona: 'applicant', name: 'Alex Morgan' };

  it("is the offers on an accepted award's pages, not the applications", () => {
    expect(highlighted(menuFor('/applicant/awards/5f0c2a6e-2b1d-4c8e-9a57-3c1f0e2d4b6a/returns/6a1d3b7f-3c2e-4d9f-8b68-4d2f1e3c5b7a', alex)).map((i) => [i.text, i.ariaCurrent])).toEqual([['Offers and awards', 'true']]);
    expect(highlighted(menuFor('/applicant/offers', alex)).map((i) => [i.text, i.ariaCurrent])).toEqual([['Offers and awards', 'page']]);
    expect(highlighted(menuFor('/applicant/applications/new', alex)).map((i) => [i.text, i.ariaCurrent])).toEqual([['Your applications', 'true']]);
  });
});
