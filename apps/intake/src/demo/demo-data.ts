import { AuthenticatedUser } from '@mutuals/auth';
import { LocalAuthority, localAuthorities, Sector, seededRandom } from '@mutuals/domain';
import { CreateBidDto } from '../bids/bid.dto';
import { CreateProgrammeDto } from '../programmes/programme.dto';
import { CreateRoundDto } from '../rounds/round.dto';

type Authority = Pick<LocalAuthority, 'code' | 'name'>;

export const DEMO_OFFICER: AuthenticatedUser = { id: 'officer-dd-programme', roles: ['programme_officer'], name: 'Sam Okafor', email: 'sam.okafor@communities.example.gov.uk' };

export const DELIVERING_DIFFERENTLY: CreateProgrammeDto = {
  code: 'DD-2014',
  title: 'Delivering Differently',
  departments: ['Department for Communities and Local Government', 'Cabinet Office'],
  budgetPence: 100_000_000,
  legalPower: 'Section 31 of the Local Government Act 2003',
  grantsSchemeReference: 'GGIS-DD-2014',
  seniorResponsibleOfficer: 'Director, Public Service Transformation, Cabinet Office',
};

const ASSESSMENT = {
  criteria: [
    { id: 'ambition', name: 'Ambition and scale of change', weight: 40 },
    { id: 'commitment', name: 'Leadership commitment', weight: 30 },
    { id: 'readiness', name: 'Readiness to deliver', weight: 30 },
  ],
  scaleMax: 5,
  assessorsPerCase: 2,
  moderationThreshold: 20,
};

export const DD_2014_ROUND: CreateRoundDto = {
  name: 'Delivering Differently 2014',
  referencePrefix: 'DD14',
  opensAt: '2014-04-14T09:00:00Z',
  closesAt: '2014-05-30T16:00:00Z',
  maxAwardPence: 10_000_000,
  places: 10,
  eligibility: { englishLocalAuthoritiesOnly: true, jointBidsAllowed: true, maxPartners: 4 },
  questions: [
    { id: 'vision', text: 'Which service do you want to deliver differently, and what will change for the people who use it?', wordLimit: 500, required: true },
    { id: 'options', text: 'Which delivery models (mutual, trust, joint venture) will you consider, and why?', wordLimit: 500, required: true },
    { id: 'support', text: 'What expert support do you need, and what will you have at the end of it?', wordLimit: 300, required: true },
  ],
  assessment: ASSESSMENT,
};

export const YOUNG_PEOPLE: CreateProgrammeDto = {
  code: 'DDYP',
  title: 'Delivering Differently for Young People',
  departments: ['Cabinet Office'],
  budgetPence: 20_000_000,
  legalPower: 'Section 31 of the Local Government Act 2003',
  grantsSchemeReference: 'GGIS-DDYP',
  seniorResponsibleOfficer: 'Deputy Director, Mutuals and Public Service Reform',
};

/** A round open now, so the portal has somewhere to bid: it opened yesterday and closes in four weeks at 16:00 UTC. */
export function youngPeopleRound(now: Date): CreateRoundDto {
  const day = 24 * 3600 * 1000;
  const opensAt = new Date(Math.floor((now.getTime() - day) / 1000) * 1000);
  const closesAt = new Date(now.getTime() + 28 * day);
  closesAt.setUTCHours(16, 0, 0, 0);
  return {
    name: `Delivering Differently for Young People ${closesAt.getUTCFullYear()}`,
    referencePrefix: 'DDYP',
    opensAt: opensAt.toISOString(),
    closesAt: closesAt.toISOString(),
    maxAwardPence: 5_000_000,
    places: 6,
    eligibility: { englishLocalAuthoritiesOnly: true, jointBidsAllowed: true, maxPartners: 2 },
    questions: [
      { id: 'vision', text: 'How will young people shape and own the new youth service?', wordLimit: 500, required: true },
      { id: 'support', text: 'What expert support do you need?', wordLimit: 500, required: true },
    ],
    assessment: ASSESSMENT,
  };
}

const FIRST_NAMES = ['Jo', 'Sam', 'Priya', 'Tom', 'Aisha', 'Gareth', 'Helen', 'Mark', 'Fiona', 'Imran', 'Claire', 'David', 'Rachel', 'Owen', 'Nadia', 'Paul'];
const LAST_NAMES = ['Bennett', 'Clarke', 'Shah', 'Hughes', 'Ahmed', 'Morgan', 'Walsh', 'Taylor', 'Doyle', 'Patel', 'Wright', 'Evans', 'Green', 'Lloyd', 'Khan', 'Parry'];

const PROPOSALS: Record<string, { title: string; service: string }> = {
  youth: { title: 'A staff-led mutual for youth services', service: 'youth service' },
  libraries: { title: 'A community library trust', service: 'library service' },
  'adult-social-care': { title: 'An employee-owned adult social care provider', service: 'home care and day services' },
  leisure: { title: 'A leisure trust run with its staff', service: 'leisure centres' },
  culture: { title: 'An arts and heritage trust', service: 'museums and arts venues' },
  'childrens-services': { title: "A children's services mutual", service: "early help and children's centres" },
  'community-services': { title: 'Neighbourhood services delivered by a mutual', service: 'neighbourhood services' },
  'facilities-management': { title: 'A joint venture for facilities management', service: 'facilities management' },
};
const SECTORS = Object.keys(PROPOSALS) as Sector[];

export type DemoOutcome = 'eligible' | 'ineligible-by-officer' | 'withdrawn' | 'draft';

export interface DemoBid {
  user: AuthenticatedUser;
  content: CreateBidDto;
  submittedAt: Date;
  outcome: DemoOutcome;
}

export function councilUser(authority: Authority, contact: string): AuthenticatedUser {
  const slug = authority.name.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
  return {
    id: `council-${authority.code}`,
    roles: ['applicant'],
    organisationId: authority.code,
    name: contact,
    email: `${contact.toLowerCase().replace(/\s+/g, '.')}@${slug}.example.gov.uk`,
  };
}

const answersFor = (authority: Authority, service: string) => [
  { questionId: 'vision', text: `${authority.name} wants to move its ${service} into an organisation owned and run with its staff, so that decisions are taken closer to the people who use it.` },
  { questionId: 'options', text: `We will compare a public service mutual, a charitable trust and a joint venture with a neighbouring council, testing each against cost, quality and staff support.` },
  { questionId: 'support', text: 'Legal and pensions advice on the staff transfer, and a business plan that our cabinet can approve.' },
];

/**
 * The 148 bids of Delivering Differently 2014, from English councils, with a few joint bids; most
 * eligible, some over the maximum award (screened out automatically), some screened out by an
 * officer, some withdrawn; plus a few drafts that never went in.
 */
export function deliveringDifferentlyBids(): DemoBid[] {
  const random = seededRandom(2014);
  // The councils of 2014 (from the register) in every region bid: shuffled (seeded) before taking the leads.
  const authorities = random.shuffle(localAuthorities.on(new Date(DD_2014_ROUND.closesAt)));
  const leads = authorities.slice(0, 153);
  const partnersLeft = authorities.slice(153);
  const closesAt = new Date(DD_2014_ROUND.closesAt).getTime();
  return leads.map((authority, i) => {
    const sector = random.pick(SECTORS);
    const proposal = PROPOSALS[sector];
    const partners = i % 10 === 4 && partnersLeft.length > 0 ? [partnersLeft.shift()!.code] : [];
    // Most bids arrive in the last week, many on the last day.
    const hoursBefore = random.next() < 0.4 ? random.next() * 24 : random.next() * 24 * 30;
    const overTheMaximum = i % 25 === 11;
    return {
      user: councilUser(authority, `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`),
      content: {
        sector,
        title: proposal.title,
        amountRequestedPence: overTheMaximum ? 12_500_000 : (40_000 + Math.floor(random.next() * 121) * 500) * 100,
        partnerAuthorityCodes: partners,
        answers: answersFor(authority, proposal.service),
      },
      submittedAt: new Date(closesAt - Math.max(1, Math.floor(hoursBefore * 3600)) * 1000),
      outcome: i >= 148 ? 'draft' : i % 19 === 5 ? 'withdrawn' : i % 23 === 9 ? 'ineligible-by-officer' : 'eligible',
    };
  });
}

export const INELIGIBLE_REASON = 'The bid is for an internal restructure; the programme supports new delivery models outside the council';
