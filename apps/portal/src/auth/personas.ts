import type { Request } from 'express';
import type { AuthenticatedUser, Role } from '@mutuals/auth';

/** Who a page is for; councils are applicants to bid rounds, so they get pages of their own. */
export const PERSONAS = ['applicant', 'council', 'assessor', 'officer', 'admin'] as const;
export type Persona = (typeof PERSONAS)[number];

export interface SignedInUser extends AuthenticatedUser {
  /** The pages the user lands on. */
  persona: Persona;
  /**
   * Every kind of page the user's roles open (a programme officer who is also an admin reaches
   * both); absent for a user with one persona, as the demo users.
   */
  personas?: Persona[];
}

/** The kinds of page a signed-in user may see. */
export const personasOf = (user: SignedInUser): Persona[] => user.personas ?? [user.persona];

/** The user of a request that passed the page guard, which lets no one through signed out. */
export const userOf = (req: Request): SignedInUser => req.session.data.user!;

export const PERSONA_NAMES: Record<Persona, string> = {
  applicant: 'applicant organisation',
  council: 'council',
  assessor: 'assessor',
  officer: 'programme officer',
  admin: 'platform administrator',
};

export const HOME_PAGES: Record<Persona, string> = {
  applicant: '/applicant',
  council: '/council',
  assessor: '/assessor',
  officer: '/officer',
  admin: '/admin/users',
};

const PLATFORM_ROLE: Record<Persona, Role> = {
  applicant: 'applicant',
  council: 'applicant',
  assessor: 'assessor',
  officer: 'programme_officer',
  admin: 'admin',
};

export interface DemoUser extends SignedInUser {
  description: string;
}

/**
 * The demo users of the local sign-in. Their ids and organisations match the services' demo
 * data, so each sees a populated service.
 */
export const DEMO_USERS: DemoUser[] = [
  {
    id: 'demo-applicant-3bm',
    persona: 'applicant',
    roles: ['applicant'],
    name: 'Alex Morgan',
    email: 'alex.morgan@3bm.example.org',
    organisationId: '4a3e2c1b-0d9f-4e8a-b7c6-5d4e3f2a1b0c',
    description: 'Business development lead at 3BM, a school-support mutual applying to the support fund',
  },
  {
    id: 'council-E10000008',
    persona: 'council',
    roles: ['applicant'],
    name: 'Chris Hall',
    email: 'chris.hall@devon-county-council.example.gov.uk',
    organisationId: 'E10000008',
    description: 'Head of transformation at Devon County Council, bidding in programme rounds',
  },
  {
    id: 'assessor-priya',
    persona: 'assessor',
    roles: ['assessor'],
    name: 'Priya Shah',
    email: 'priya@assessors.example.org',
    description: 'Independent assessor (adult social care and health) scoring bids and applications',
  },
  {
    id: 'officer-sam',
    persona: 'officer',
    roles: ['programme_officer'],
    name: 'Sam Okafor',
    email: 'sam.okafor@cabinet-office.example.gov.uk',
    description: 'Programme officer running the funds and rounds',
  },
  {
    id: 'officer-ruth',
    persona: 'officer',
    roles: ['programme_officer'],
    name: 'Ruth Ellis',
    email: 'ruth.ellis@cabinet-office.example.gov.uk',
    description: 'Second programme officer, who confirms awards over £100,000',
  },
  {
    id: 'admin-jo',
    persona: 'admin',
    roles: ['admin'],
    name: 'Jo Admin',
    email: 'jo.admin@cabinet-office.example.gov.uk',
    description: 'Platform administrator: users and their roles, and the messages the services could not handle (dead letters)',
  },
];

export function platformRoleOf(persona: Persona): Role {
  return PLATFORM_ROLE[persona];
}

export interface NavigationItem {
  href: string;
  text: string;
  /** The section the page is in: highlighted, and `aria-current="true"`. */
  active: boolean;
  /** The section's own page: highlighted, and `aria-current="page"`. */
  current: boolean;
}

/** A menu item: its page, and other paths in its section (an accepted offer's award pages are the offers'). */
type MenuEntry = { href: string; text: string; within?: string[] };

const NAVIGATION: Record<Persona, MenuEntry[]> = {
  applicant: [
    { href: '/applicant', text: 'Your applications' },
    { href: '/applicant/offers', text: 'Offers and awards', within: ['/applicant/awards'] },
    { href: '/applicant/organisation', text: 'Your organisation' },
  ],
  council: [
    { href: '/council', text: 'Rounds and bids' },
    { href: '/council/invitations', text: 'Joint bid invitations' },
  ],
  assessor: [{ href: '/assessor', text: 'Your cases' }],
  officer: [
    { href: '/officer', text: 'Dashboard' },
    { href: '/officer/applications', text: 'Applications' },
    { href: '/officer/rounds', text: 'Rounds' },
    { href: '/officer/cases', text: 'Cases' },
    { href: '/officer/awards', text: 'Awards' },
    { href: '/officer/support-packages', text: 'Support in kind' },
    { href: '/officer/suppliers', text: 'Suppliers' },
    { href: '/officer/reconsiderations', text: 'Reconsiderations' },
    { href: '/officer/enquiries', text: 'Enquiries' },
    { href: '/officer/mutuals', text: 'Register of mutuals' },
    { href: '/officer/portfolio', text: 'Portfolio' },
    { href: '/officer/setup', text: 'Set up' },
  ],
  admin: [
    { href: '/admin/users', text: 'Users' },
    { href: '/admin/dead-letters', text: 'Dead letters' },
  ],
};

/** The menu of a user's personas, marking the section of `path` (the request's full path, without its query). */
export function navigationFor(user: SignedInUser | undefined, path: string): NavigationItem[] {
  if (!user) return [];
  const items = personasOf(user).flatMap((persona) => NAVIGATION[persona]);
  // The longest matching prefix is the current section.
  const matched = (i: MenuEntry) => Math.max(0, ...[i.href, ...(i.within ?? [])].filter((p) => path === p || path.startsWith(`${p}/`)).map((p) => p.length));
  const current = items.filter((i) => matched(i) > 0).sort((a, b) => matched(b) - matched(a))[0];
  return items.map(({ href, text }, n) => ({ href, text, active: items[n] === current, current: items[n] === current && path === href }));
}
