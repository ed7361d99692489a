import { createHash } from 'node:crypto';
import {
  CommissionerKind,
  DeliveryRoute,
  EnquiryTriage,
  JourneyStage,
  LegalForm,
  localAuthorities,
  LocalAuthority,
  Region,
  Sector,
  seededRandom,
} from '@mutuals/domain';

/**
 * The register of mutuals as the programme knew it in 2014: about a hundred launched mutuals with
 * about 35,000 staff and £1.5bn of contracts, half of them from the NHS and central government and
 * the largest group from local government, the pipeline behind them and the enquiries that started
 * it all. Plain data, the same on every run (seeded), written by the demo seeder.
 */

export const REGISTER_OFFICER = 'officer-sam';
/** The register's picture is the programme's at the end of 2014: later trading milestones are not yet known. */
export const STORY_END = '2014-12-31';
/** Launched mutuals of the base register (the applications demo's Care Plus Group and 3BM included) and their totals. */
export const BASE_LAUNCHED = { count: 94, staff: 34_300, contractPence: 1_465_000_000_00 };

export interface DemoStage {
  id: string;
  stage: JourneyStage;
  enteredOn: string;
  evidence: string;
  details: Record<string, unknown>;
}

export interface DemoMutual {
  id: string;
  reference: string;
  name: string;
  parentBody: string;
  parentBodyKind: CommissionerKind;
  sector: Sector;
  region: Region | null;
  stage: JourneyStage;
  stageEnteredOn: string;
  route: DeliveryRoute | null;
  routeReason: string | null;
  launchedOn: string | null;
  legalForm: LegalForm | null;
  staffCount: number | null;
  contractValuePence: number | null;
  contractMonths: number | null;
  commissioningBody: string | null;
  commissioningBodyKind: CommissionerKind | null;
  stages: DemoStage[];
}

export interface DemoEnquiry {
  id: string;
  reference: string;
  receivedOn: string;
  enquirerName: string;
  enquirerEmail: string;
  organisationName: string;
  parentBody: string | null;
  parentBodyKind: CommissionerKind | null;
  sector: Sector | null;
  region: Region | null;
  topic: string;
  triage: EnquiryTriage;
  adviceGiven: string;
  mutualId: string | null;
}

/** A stable id from a name, so seeding again finds the rows it made. */
export function demoId(name: string): string {
  const h = createHash('sha256').update(`demo-register:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** What every assessor scores a demo case on each criterion, in order: a stable draw on its reference. */
export function demoScores(reference: string, criteria: number, scaleMax: number): number[] {
  return Array.from({ length: criteria }, (_, i) => 1 + (hashOf(`${reference}:${i}`) % scaleMax));
}

export function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  target.setUTCDate(Math.min(d.getUTCDate(), 28));
  return target.toISOString().slice(0, 10);
}

/** "Bristol, City of" is Bristol. */
export const placeOf = (authorityName: string) => authorityName.replace(/, (City|County) of$/, '');

const NAMES: Record<Sector, string[]> = {
  'adult-social-care': ['{P} Care Mutual CIC', '{P} Community Care Partnership CIC', 'Care Together {P} CIC', '{P} Independent Living Mutual', '{P} Care and Support Co-operative'],
  health: ['{P} Community Health CIC', '{P} Health and Wellbeing CIC', '{P} Community Healthcare Mutual'],
  'childrens-services': ["{P} Children's Services Mutual", '{P} Family Support CIC'],
  youth: ['{P} Youth Mutual', 'Young {P} CIC', '{P} Youth Services Co-operative'],
  libraries: ['{P} Libraries CIC', '{P} Library Trust', '{P} Community Libraries Mutual'],
  culture: ['{P} Arts and Heritage Trust', '{P} Museums Trust CIC', '{P} Culture Mutual'],
  leisure: ['{P} Leisure Trust', 'Active {P} Mutual', '{P} Sport and Leisure CIC'],
  'school-support': ['{P} Schools Support Services', '{P} Education Services Mutual', '{P} Learning Partnership'],
  'community-services': ['{P} Community Services Mutual', '{P} Neighbourhood Services CIC', '{P} Community Partnership'],
  'facilities-management': ['{P} Facilities Mutual', '{P} Property Services Mutual'],
};

/** What a staff group calls itself before it has a name. */
const SERVICES: Record<Sector, string> = {
  'adult-social-care': 'adult social care',
  health: 'community health',
  'childrens-services': "children's services",
  youth: 'youth service',
  libraries: 'library service',
  culture: 'museums and arts',
  leisure: 'leisure services',
  'school-support': 'school support services',
  'community-services': 'community services',
  'facilities-management': 'facilities management',
};

const CENTRAL_BODIES: Partial<Record<Sector, string>> = {
  'community-services': 'Ministry of Justice',
  youth: 'Ministry of Justice',
  'school-support': 'Department for Education',
  'childrens-services': 'Department for Education',
  'facilities-management': 'Cabinet Office',
};

const ROUTE_REASONS: Record<DeliveryRoute, string> = {
  'staff-mutual': 'Staff ownership keeps the team together and frees the service to trade and win other contracts',
  'joint-venture': 'The parent body wants a continuing stake while staff lead the service',
  'local-authority-trading-company': 'The council wants to keep full ownership while the service trades',
  'in-house': 'The parent body chose to redesign the service in house',
  outsourcing: 'The parent body put the service out to tender',
};

const STAGE_EVIDENCE: Record<JourneyStage, string> = {
  enquiry: "Enquiry to the programme's information service",
  exploring: 'Expression of interest signed by the staff group; first meeting with the parent body',
  'options-appraisal': "Options appraisal report to the parent body's board; the board chose the delivery route",
  'business-case': 'Business case for the chosen route drafted with the parent body',
  implementation: 'Business case approved by the parent body; staff consultation on the transfer opened',
  launched: 'Contract signed with the commissioner; staff transferred under TUPE',
  'first-full-year-of-trading': 'First trading accounts filed at Companies House',
  sustaining: 'Annual report for the second year of trading',
  'not-proceeding': "The parent body's decision not to proceed with a mutual",
};

const FIRST_NAMES = ['Jo', 'Sam', 'Priya', 'Tom', 'Aisha', 'Gareth', 'Helen', 'Mark', 'Fiona', 'Imran', 'Claire', 'David', 'Rachel', 'Owen', 'Nadia', 'Paul', 'Lucy', 'Kwame', 'Sian', 'Martin'];
const LAST_NAMES = ['Bennett', 'Clarke', 'Shah', 'Hughes', 'Ahmed', 'Morgan', 'Walsh', 'Taylor', 'Doyle', 'Patel', 'Wright', 'Evans', 'Green', 'Lloyd', 'Khan', 'Parry', 'Mensah', 'Foster', 'Reid', 'Young'];

const ENQUIRY_TOPICS: { topic: string; advice: string }[] = [
  { topic: 'Pensions when staff transfer: TUPE and admission to the Local Government Pension Scheme', advice: 'Sent the guide to pension admission agreements and put the team in touch with a mutual that has done it' },
  { topic: 'Whether the parent body must tender the contract', advice: 'Explained the procurement options, including the reserved-contract rules, and suggested early talks with the commissioner' },
  { topic: 'Choosing a legal form', advice: 'Compared a community interest company, a community benefit society and a company limited by guarantee' },
  { topic: 'Paying for a business case', advice: 'Explained how the support programme buys expert help in kind and how to apply' },
  { topic: 'Winning the support of staff and unions', advice: 'Shared the staff engagement toolkit and examples of ballots held by other spin-outs' },
  { topic: 'A joint venture with the council', advice: 'Explained how a joint venture keeps the parent body as a part-owner and what control it gives staff' },
  { topic: 'Growing after launch: bidding for new contracts', advice: 'Pointed to the commercial and bid-writing support and the mutuals network' },
];
const NOT_ELIGIBLE = [
  { organisation: 'Private care provider', topic: 'Grant funding for a private company', advice: 'The programme supports services leaving the public sector; pointed to business support for private firms' },
  { organisation: 'Community charity', topic: 'Core funding for an existing charity', advice: 'The programme does not fund charities that are not spinning out a public service; pointed to the local infrastructure body' },
  { organisation: 'Scottish health board staff', topic: 'Support for a spin-out in Scotland', advice: 'The programme covers England; referred to the devolved administration' },
];

type Quota<T extends string> = [T, number][];
const expand = <T extends string>(quota: Quota<T>): T[] => quota.flatMap(([code, n]) => Array<T>(n).fill(code));

/** The generated launched mutuals, by parent body kind and sector (Care Plus Group and 3BM are added to these). */
const LAUNCHED_MIX: Record<CommissionerKind, Quota<Sector>> = {
  nhs: [['adult-social-care', 25], ['health', 8]],
  'central-government': [['community-services', 5], ['school-support', 3], ['youth', 3], ['facilities-management', 2], ['childrens-services', 2]],
  'local-government': [['adult-social-care', 10], ['culture', 8], ['libraries', 7], ['leisure', 7], ['school-support', 3], ['youth', 3], ['community-services', 2]],
  other: [['culture', 2], ['community-services', 2]],
};
/** Launches per year, 2011 to 2014. */
const LAUNCHES_BY_YEAR: Quota<string> = [['2011', 14], ['2012', 22], ['2013', 28], ['2014', 28]];
const PIPELINE_MIX: Record<CommissionerKind, Quota<Sector>> = {
  nhs: [['adult-social-care', 9], ['health', 5]],
  'central-government': [['community-services', 4], ['school-support', 2], ['youth', 2]],
  'local-government': [['adult-social-care', 9], ['culture', 6], ['libraries', 6], ['leisure', 5], ['youth', 3], ['school-support', 2], ['childrens-services', 2]],
  other: [['community-services', 2], ['culture', 1]],
};
const PIPELINE_STAGES: Quota<JourneyStage> = [['enquiry', 2], ['exploring', 14], ['options-appraisal', 15], ['business-case', 15], ['implementation', 12]];

/** Where the staff per mutual and contract value per member of staff sit, by parent body kind. */
const SCALE: Record<CommissionerKind, { staff: number; pencePerStaff: number }> = {
  nhs: { staff: 2.4, pencePerStaff: 5_000_000 },
  'central-government': { staff: 1.2, pencePerStaff: 3_600_000 },
  'local-government': { staff: 0.8, pencePerStaff: 3_800_000 },
  other: { staff: 0.3, pencePerStaff: 3_000_000 },
};

interface Party {
  parentBody: string;
  parentBodyKind: CommissionerKind;
  place: string;
  region: Region;
}

function partyFor(kind: CommissionerKind, sector: Sector, authority: LocalAuthority): Party {
  const place = placeOf(authority.name);
  const parentBody = {
    nhs: `NHS ${place}`,
    'local-government': `${place} Council`,
    'central-government': CENTRAL_BODIES[sector] ?? 'Cabinet Office',
    other: sector === 'culture' ? `University of ${place}` : `${place} Fire and Rescue Authority`,
  }[kind];
  return { parentBody, parentBodyKind: kind, place, region: authority.region };
}

function commissionerOf(party: Party, launchedOn: string): string {
  // Primary care trusts handed commissioning to clinical commissioning groups in April 2013.
  if (party.parentBodyKind === 'nhs' && launchedOn >= '2013-04-01') return `NHS ${party.place} Clinical Commissioning Group`;
  return party.parentBody;
}

function legalFormFor(name: string, route: DeliveryRoute, pick: <T>(items: readonly T[]) => T): LegalForm {
  if (route === 'joint-venture') return 'joint-venture';
  if (route === 'local-authority-trading-company') return 'company-limited-by-shares';
  if (name.endsWith('CIC')) return 'cic';
  if (name.includes('Co-operative')) return 'co-operative-society';
  if (name.includes('Trust')) return 'community-benefit-society';
  return pick(['company-limited-by-guarantee', 'company-limited-by-shares', 'community-benefit-society'] as const);
}

/** A journey's stages, in order, each dated before the next; the first is an enquiry when `withEnquiry`. */
function journey(reference: string, to: JourneyStage, on: string, withEnquiry: boolean, random: ReturnType<typeof seededRandom>, detailsOf: (s: JourneyStage) => Record<string, unknown> = () => ({})): DemoStage[] {
  const order: JourneyStage[] = ['enquiry', 'exploring', 'options-appraisal', 'business-case', 'implementation', 'launched'];
  const last = to === 'not-proceeding' ? order.indexOf('options-appraisal') + 1 : order.indexOf(to === 'first-full-year-of-trading' || to === 'sustaining' ? 'launched' : to) + 1;
  const path: JourneyStage[] = [...order.slice(withEnquiry ? 0 : 1, last), ...(to === 'not-proceeding' ? ['not-proceeding' as const] : [])];
  const dates: string[] = [];
  let day = on;
  for (let i = path.length - 1; i >= 0; i -= 1) {
    dates.unshift(day);
    day = addMonths(day, -random.int(2, 5));
  }
  return path.map((stage, i) => ({ id: demoId(`${reference}:${stage}`), stage, enteredOn: dates[i], evidence: STAGE_EVIDENCE[stage], details: detailsOf(stage) }));
}

/** Trading milestones reached by the end of the story: a first full year a year after launch, sustaining a year later. */
function tradingStages(reference: string, launchedOn: string, until: string): DemoStage[] {
  const stages: DemoStage[] = [];
  const fullYear = addMonths(launchedOn, 12);
  if (fullYear <= until) stages.push({ id: demoId(`${reference}:first-full-year-of-trading`), stage: 'first-full-year-of-trading', enteredOn: fullYear, evidence: STAGE_EVIDENCE['first-full-year-of-trading'], details: {} });
  const sustaining = addMonths(launchedOn, 24);
  if (sustaining <= until) stages.push({ id: demoId(`${reference}:sustaining`), stage: 'sustaining', enteredOn: sustaining, evidence: STAGE_EVIDENCE.sustaining, details: {} });
  return stages;
}

export interface LaunchFacts {
  launchedOn: string;
  route: DeliveryRoute;
  legalForm: LegalForm;
  staffCount: number;
  contractValuePence: number;
  contractMonths: number;
  commissioningBody: string;
  commissioningBodyKind: CommissionerKind;
}

interface Identity {
  reference: string;
  name: string;
  party: Party;
  sector: Sector;
}

/** A mutual that launched (or a trading company that did), with its journey up to the end of the story. */
export function launchedMutual(who: Identity, facts: LaunchFacts, withEnquiry: boolean, random: ReturnType<typeof seededRandom>, until = STORY_END): DemoMutual {
  const routeDetails = { route: facts.route, routeReason: ROUTE_REASONS[facts.route] };
  const { launchedOn, staffCount, ...launch } = facts;
  // Stage details as the register's API records them: the route at the options appraisal, the facts at launch.
  const stages = [
    ...journey(who.reference, 'launched', launchedOn, withEnquiry, random, (s) =>
      s === 'options-appraisal' ? { route: facts.route, reason: routeDetails.routeReason } : s === 'launched' ? { launchedOn, ...launch, staffTransferred: staffCount } : {},
    ),
    ...tradingStages(who.reference, launchedOn, until),
  ];
  return {
    ...base(who, stages),
    ...routeDetails,
    launchedOn,
    legalForm: facts.legalForm,
    staffCount: facts.staffCount,
    contractValuePence: facts.contractValuePence,
    contractMonths: facts.contractMonths,
    commissioningBody: facts.commissioningBody,
    commissioningBodyKind: facts.commissioningBodyKind,
  };
}

/** A journey still under way at `stage` (entered on `on`), or one that ended without a mutual. */
export function pipelineMutual(who: Identity, stage: JourneyStage, on: string, route: DeliveryRoute | null, withEnquiry: boolean, random: ReturnType<typeof seededRandom>): DemoMutual {
  const routeDetails = route ? { route, routeReason: ROUTE_REASONS[route] } : { route: null, routeReason: null };
  const stages = journey(who.reference, stage, on, withEnquiry, random, (s) => (s === 'options-appraisal' && route ? { route, reason: routeDetails.routeReason } : {}));
  return { ...base(who, stages), ...routeDetails, launchedOn: null, legalForm: null, staffCount: null, contractValuePence: null, contractMonths: null, commissioningBody: null, commissioningBodyKind: null };
}

function base(who: Identity, stages: DemoStage[]) {
  const current = stages[stages.length - 1];
  return {
    id: demoId(who.reference),
    reference: who.reference,
    name: who.name,
    parentBody: who.party.parentBody,
    parentBodyKind: who.party.parentBodyKind,
    sector: who.sector,
    region: who.party.region,
    stage: current.stage,
    stageEnteredOn: current.enteredOn,
    stages,
  };
}

/** Spreads `total` over the weights in whole units of `unit`; the largest takes the rounding, so the sum is exact. */
function apportion(weights: number[], total: number, unit: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => Math.max(unit, Math.round((w / sum) * (total / unit)) * unit));
  const largest = shares.indexOf(Math.max(...shares));
  shares[largest] += total - shares.reduce((a, b) => a + b, 0);
  return shares;
}

const person = (random: ReturnType<typeof seededRandom>, domain: string) => {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  return { name: `${first} ${last}`, email: `${first}.${last}@${domain}.example.org`.toLowerCase() };
};
const slug = (text: string) => text.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');

function enquiryFor(m: DemoMutual, n: number, random: ReturnType<typeof seededRandom>, triage: EnquiryTriage = 'register-as-mutual'): DemoEnquiry {
  const first = m.stages[0];
  const about = random.pick(ENQUIRY_TOPICS);
  const who = person(random, slug(m.parentBody));
  const reference = `ENQ-${first.enteredOn.slice(0, 4)}-${String(n).padStart(4, '0')}`;
  return {
    id: demoId(reference),
    reference,
    receivedOn: first.enteredOn,
    enquirerName: who.name,
    enquirerEmail: who.email,
    organisationName: `${m.parentBody} ${SERVICES[m.sector]} staff group`,
    parentBody: m.parentBody,
    parentBodyKind: m.parentBodyKind,
    sector: m.sector,
    region: m.region,
    topic: about.topic,
    triage,
    adviceGiven: `${about.advice}; registered the team as a mutual in development`,
    mutualId: m.id,
  };
}

/** The mutuals of the applications service's demo, on the dates its organisations give. */
function applicantsMutuals(random: ReturnType<typeof seededRandom>): DemoMutual[] {
  const party = (parentBody: string, kind: CommissionerKind, place: string, region: Region): Party => ({ parentBody, parentBodyKind: kind, place, region });
  const carePlus = party('NHS North East Lincolnshire', 'nhs', 'North East Lincolnshire', 'yorkshire-and-the-humber');
  const bath = party('Bath and North East Somerset Council', 'local-government', 'Bath and North East Somerset', 'south-west');
  return [
    launchedMutual({ reference: 'MUT-2010-0001', name: 'Care Plus Group', party: carePlus, sector: 'adult-social-care' }, {
      launchedOn: '2011-04-01', route: 'staff-mutual', legalForm: 'cic', staffCount: 900, contractValuePence: 41_000_000_00, contractMonths: 60, commissioningBody: 'NHS North East Lincolnshire', commissioningBodyKind: 'nhs',
    }, false, random),
    // 3BM traded from 2016 (its organisation record says so): its later stages are after the story's end.
    launchedMutual({ reference: 'MUT-2015-0001', name: '3BM', party: bath, sector: 'school-support' }, {
      launchedOn: '2016-09-01', route: 'staff-mutual', legalForm: 'company-limited-by-guarantee', staffCount: 160, contractValuePence: 9_500_000_00, contractMonths: 60, commissioningBody: 'Bath and North East Somerset Council', commissioningBodyKind: 'local-government',
    }, true, random, '2018-12-31'),
    pipelineMutual({ reference: 'MUT-2017-0001', name: 'Blackpool youth service staff group', party: party('Blackpool Council', 'local-government', 'Blackpool', 'north-west'), sector: 'youth' }, 'exploring', '2017-03-01', null, true, random),
    pipelineMutual({ reference: 'MUT-2017-0002', name: 'Hazlitt Arts Centre', party: party('Maidstone Borough Council', 'local-government', 'Maidstone', 'south-east'), sector: 'culture' }, 'options-appraisal', '2017-05-01', 'staff-mutual', true, random),
    pipelineMutual({ reference: 'MUT-2017-0003', name: 'Rochdale adult care staff group', party: party('Rochdale Borough Council', 'local-government', 'Rochdale', 'north-west'), sector: 'adult-social-care' }, 'not-proceeding', '2017-09-01', 'in-house', true, random),
  ];
}

/** The applications demo's organisations, by name, and their register entries. */
export const APPLICANT_MUTUALS: Record<string, string> = {
  'Care Plus Group': demoId('MUT-2010-0001'),
  '3BM': demoId('MUT-2015-0001'),
  'Blackpool youth service staff group': demoId('MUT-2017-0001'),
  'Hazlitt Arts Centre': demoId('MUT-2017-0002'),
  'Rochdale adult care staff group': demoId('MUT-2017-0003'),
};

/** The whole base register: launched mutuals, trading companies, the pipeline, journeys that stopped, and the enquiries. */
export function demoRegister(): { mutuals: DemoMutual[]; enquiries: DemoEnquiry[] } {
  const random = seededRandom(2014_07);
  const places = random.shuffle(localAuthorities.on(new Date('2014-07-01T00:00:00Z')).filter((a) => !['Blackpool', 'North East Lincolnshire', 'Bath and North East Somerset'].includes(a.name)));
  const used = new Set<string>();
  // NHS bodies, fire authorities and universities are a county's or a city's, not a district's (E07).
  const nextPlace = (upperTier = false) => {
    const place = places.find((a) => !used.has(a.code) && (!upperTier || !a.code.startsWith('E07')))!;
    used.add(place.code);
    return place;
  };
  const sequence: Record<string, number> = {};
  const referenceFor = (year: string) => `MUT-${year}-${String((sequence[year] = (sequence[year] ?? 1) + 1)).padStart(4, '0')}`;
  const identity = (kind: CommissionerKind, sector: Sector, year: string): Identity => {
    const party = partyFor(kind, sector, nextPlace(kind === 'nhs' || kind === 'other'));
    return { reference: referenceFor(year), name: random.pick(NAMES[sector]).replace('{P}', party.place), party, sector };
  };

  // Launched mutuals: kinds and sectors by quota, launch years by quota, in a seeded order.
  const launchedKinds = random.shuffle(Object.entries(LAUNCHED_MIX).flatMap(([kind, quota]) => expand(quota).map((sector) => ({ kind: kind as CommissionerKind, sector }))));
  const years = random.shuffle(expand(LAUNCHES_BY_YEAR));
  const drafts = launchedKinds.map(({ kind, sector }, i) => {
    const launchedOn = `${years[i]}-${random.pick(['04', '04', '04', '07', '10', '01'])}-01`;
    const who = identity(kind, sector, String(Number(years[i]) - 1));
    const route: DeliveryRoute = random.next() < 0.2 ? 'joint-venture' : 'staff-mutual';
    const staffWeight = SCALE[kind].staff * (0.4 + random.next() * 1.6);
    return { who, kind, launchedOn, route, staffWeight, valueWeight: staffWeight * SCALE[kind].pencePerStaff * (0.7 + random.next() * 0.6), months: random.pick([36, 48, 60, 60, 60, 84, 120]) };
  });
  const applicants = applicantsMutuals(random);
  const fixedLaunched = applicants.filter((m) => m.launchedOn && m.route && ['staff-mutual', 'joint-venture'].includes(m.route));
  const staff = apportion(drafts.map((d) => d.staffWeight), BASE_LAUNCHED.staff - sum(fixedLaunched.map((m) => m.staffCount!)), 5);
  const values = apportion(drafts.map((d) => d.valueWeight), BASE_LAUNCHED.contractPence - sum(fixedLaunched.map((m) => m.contractValuePence!)), 1_000_00);
  // The programme's information service opened in 2011: journeys that launched before mid-2012 began without it.
  const launched = drafts.map((d, i) => {
    const viaEnquiry = random.next() < 0.6 && d.launchedOn >= '2012-07-01';
    return launchedMutual(d.who, {
      launchedOn: d.launchedOn,
      route: d.route,
      legalForm: legalFormFor(d.who.name, d.route, random.pick),
      staffCount: staff[i],
      contractValuePence: values[i],
      contractMonths: d.months,
      commissioningBody: commissionerOf(d.who.party, d.launchedOn),
      commissioningBodyKind: d.kind,
    }, viaEnquiry, random);
  });

  // Councils' trading companies: they launched, but are not mutuals.
  const tradingCompanies = (['leisure', 'adult-social-care', 'facilities-management'] as const).map((sector, i) => {
    const launchedOn = `${2012 + i}-04-01`;
    const who = identity('local-government', sector, String(2011 + i));
    const name = `${who.party.place} ${SERVICES[sector].replace(/^./, (c) => c.toUpperCase())} Ltd`;
    const staffCount = 120 + random.int(0, 40) * 5;
    return launchedMutual({ ...who, name }, {
      launchedOn, route: 'local-authority-trading-company', legalForm: 'company-limited-by-shares', staffCount, contractValuePence: staffCount * 3_500_000, contractMonths: 60, commissioningBody: who.party.parentBody, commissioningBodyKind: 'local-government',
    }, false, random);
  });

  const pipelineKinds = random.shuffle(Object.entries(PIPELINE_MIX).flatMap(([kind, quota]) => expand(quota).map((sector) => ({ kind: kind as CommissionerKind, sector }))));
  const pipelineStages = random.shuffle(expand(PIPELINE_STAGES));
  const pipeline = pipelineKinds.map(({ kind, sector }, i) => {
    const stage = pipelineStages[i];
    const on = `2014-${String(random.int(1, 11)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const who = identity(kind, sector, '2013');
    const route: DeliveryRoute | null = ['options-appraisal', 'business-case', 'implementation'].includes(stage) ? random.pick(['staff-mutual', 'staff-mutual', 'staff-mutual', 'joint-venture', 'local-authority-trading-company'] as const) : null;
    return pipelineMutual(who, stage, on, route, stage === 'enquiry' || random.next() < 0.4, random);
  });

  const stopped = (['in-house', 'in-house', 'in-house', 'in-house', 'outsourcing', 'outsourcing'] as const).map((route, i) => {
    const sector = random.pick(['adult-social-care', 'libraries', 'leisure', 'youth'] as const);
    const who = identity(i === 5 ? 'nhs' : 'local-government', sector, '2012');
    return pipelineMutual({ ...who, name: `${who.party.parentBody} ${SERVICES[sector]} staff group` }, 'not-proceeding', `201${3 + (i % 2)}-${String(random.int(1, 12)).padStart(2, '0')}-15`, route, random.next() < 0.5, random);
  });

  const mutuals = [...applicants, ...launched, ...tradingCompanies, ...pipeline, ...stopped];
  let n = 0;
  const linked = mutuals.filter((m) => m.stages[0].stage === 'enquiry').map((m) => enquiryFor(m, ++n, random, random.next() < 0.3 ? 'refer-to-support-fund' : 'register-as-mutual'));
  const others: DemoEnquiry[] = Array.from({ length: 150 - linked.length }, () => {
    n += 1;
    const authority = nextPlace();
    const place = placeOf(authority.name);
    const receivedOn = `${random.int(2011, 2014)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const reference = `ENQ-${receivedOn.slice(0, 4)}-${String(n).padStart(4, '0')}`;
    const roll = random.next();
    if (roll < 0.15) {
      const not = random.pick(NOT_ELIGIBLE);
      const who = person(random, slug(`${place} ${not.organisation}`));
      return { id: demoId(reference), reference, receivedOn, enquirerName: who.name, enquirerEmail: who.email, organisationName: `${place} ${not.organisation}`, parentBody: null, parentBodyKind: null, sector: null, region: authority.region, topic: not.topic, triage: 'not-eligible', adviceGiven: not.advice, mutualId: null };
    }
    const sector = random.pick(Object.keys(NAMES) as Sector[]);
    const about = random.pick(ENQUIRY_TOPICS);
    const who = person(random, slug(place));
    const triage: EnquiryTriage = roll < 0.3 ? 'refer-to-support-fund' : 'advice-only';
    return {
      id: demoId(reference), reference, receivedOn, enquirerName: who.name, enquirerEmail: who.email, organisationName: `${place} Council ${SERVICES[sector]} staff group`, parentBody: `${place} Council`, parentBodyKind: 'local-government', sector, region: authority.region, topic: about.topic, triage,
      adviceGiven: triage === 'refer-to-support-fund' ? `${about.advice}; referred to the support fund` : about.advice, mutualId: null,
    };
  });
  return { mutuals, enquiries: [...linked, ...others] };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** A Delivering Differently bid as awards knows it: its case. */
export interface DdBid {
  bidId: string;
  caseId: string;
  reference: string;
  status: string;
  organisationName: string;
  sector: Sector | null;
  region: Region | null;
}

/**
 * What became of a Delivering Differently bid, by its case's fate and a stable draw on its reference:
 * funded bids mostly went on to a mutual or a trading company; a withdrawn or screened-out bid stayed
 * in house; of the rest, a few still became mutuals, some trading companies, some stayed in house or
 * were outsourced, some are still exploring, and of most nothing more was heard (null).
 */
export function deliveringDifferentlyOutcome(bid: DdBid): DemoMutual | null {
  const random = seededRandom(hashOf(bid.reference));
  const draw = hashOf(`outcome:${bid.reference}`) % 100;
  const sector: Sector = bid.sector ?? 'community-services';
  const place = placeOf(bid.organisationName);
  const party: Party = { parentBody: `${place} Council`, parentBodyKind: 'local-government', place, region: bid.region ?? 'london' };
  const reference = `MUT-${bid.reference}`;
  const mutualName = random.pick(NAMES[sector]).replace('{P}', place);
  const staffGroup = `${party.parentBody} ${SERVICES[sector]} staff group`;
  const launch = (route: DeliveryRoute, name: string) => {
    const launchedOn = random.pick(['2015-04-01', '2015-10-01', '2016-04-01']);
    const staffCount = 40 + random.int(0, 40) * 5;
    return launchedMutual({ reference, name, party, sector }, {
      launchedOn, route, legalForm: legalFormFor(name, route, random.pick), staffCount, contractValuePence: staffCount * random.int(25, 40) * 1_000_00, contractMonths: random.pick([36, 60, 60, 84]), commissioningBody: party.parentBody, commissioningBodyKind: 'local-government',
    }, false, random, '2016-12-31');
  };
  const company = () => launch('local-authority-trading-company', `${place} ${SERVICES[sector].replace(/^./, (c) => c.toUpperCase())} Ltd`);
  const stopped = (route: DeliveryRoute) => pipelineMutual({ reference, name: staffGroup, party, sector }, 'not-proceeding', random.pick(['2014-09-15', '2014-11-15', '2015-02-15']), route, false, random);
  const underWay = (stage: JourneyStage) =>
    pipelineMutual({ reference, name: stage === 'implementation' ? mutualName : staffGroup, party, sector }, stage, random.pick(['2014-10-01', '2014-12-01', '2015-03-01']), stage === 'implementation' || stage === 'business-case' ? 'staff-mutual' : null, false, random);
  switch (bid.status) {
    case 'withdrawn':
    case 'ineligible':
      return stopped('in-house');
    case 'approved':
      return draw < 45 ? launch(draw < 35 ? 'staff-mutual' : 'joint-venture', mutualName) : draw < 70 ? company() : underWay('implementation');
    case 'reserve':
      return underWay(draw < 50 ? 'business-case' : 'options-appraisal');
    default:
      if (draw < 3) return launch('staff-mutual', mutualName);
      if (draw < 11) return company();
      if (draw < 22) return stopped('in-house');
      if (draw < 30) return stopped('outsourcing');
      if (draw < 40) return underWay(draw < 35 ? 'exploring' : 'options-appraisal');
      return null;
  }
}
