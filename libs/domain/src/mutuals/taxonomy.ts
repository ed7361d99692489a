/**
 * The vocabulary of the mutuals programme (see DOMAIN.md). Values are stable kebab-case codes
 * stored and sent in events; labels are what people read.
 */
function labelled<const T extends string>(entries: Record<T, string>) {
  return { codes: Object.keys(entries) as T[], label: (code: T) => entries[code] };
}

export const ORGANISATION_TYPE = labelled({
  'staff-group': 'Staff group planning to spin out',
  'mutual-in-development': 'Mutual in development',
  'live-mutual': 'Live mutual',
  'local-authority': 'Local authority',
  'nhs-body': 'NHS body',
  'central-government-body': 'Central government body',
});
export const ORGANISATION_TYPES = ORGANISATION_TYPE.codes;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** The types that can themselves become (or already are) a public-service mutual. */
export const MUTUAL_ORGANISATION_TYPES: readonly OrganisationType[] = ['staff-group', 'mutual-in-development', 'live-mutual'];

export const LEGAL_FORM = labelled({
  cic: 'Community interest company',
  'co-operative-society': 'Co-operative society',
  'community-benefit-society': 'Community benefit society',
  'company-limited-by-guarantee': 'Company limited by guarantee',
  'company-limited-by-shares': 'Company limited by shares (with an employee trust)',
  'joint-venture': 'Joint venture with the parent body',
  'none-yet': 'None yet',
});
export const LEGAL_FORMS = LEGAL_FORM.codes;
export type LegalForm = (typeof LEGAL_FORMS)[number];

export const SECTOR = labelled({
  'adult-social-care': 'Adult social care',
  health: 'Health',
  'childrens-services': "Children's services",
  youth: 'Youth',
  libraries: 'Libraries',
  culture: 'Culture',
  leisure: 'Leisure',
  'school-support': 'School support',
  'community-services': 'Community services',
  'facilities-management': 'Facilities management',
});
export const SECTORS = SECTOR.codes;
export type Sector = (typeof SECTORS)[number];

export const REGION = labelled({
  'north-east': 'North East',
  'north-west': 'North West',
  'yorkshire-and-the-humber': 'Yorkshire and the Humber',
  'east-midlands': 'East Midlands',
  'west-midlands': 'West Midlands',
  'east-of-england': 'East of England',
  london: 'London',
  'south-east': 'South East',
  'south-west': 'South West',
  scotland: 'Scotland',
  wales: 'Wales',
  'northern-ireland': 'Northern Ireland',
});
export const REGIONS = REGION.codes;
export type Region = (typeof REGIONS)[number];

/** The spin-out journey, in order. */
export const SPIN_OUT_STAGE = labelled({
  exploring: 'Exploring',
  'options-appraisal': 'Options appraisal',
  'business-case': 'Business case',
  'legal-form-and-governance': 'Legal form and governance',
  'contract-route': 'Contract route',
  'staff-transfer-and-pensions': 'Staff transfer and pensions',
  launch: 'Launch',
  'first-full-year-of-trading': 'First full year of trading',
  sustaining: 'Sustaining',
});
export const SPIN_OUT_STAGES = SPIN_OUT_STAGE.codes;
export type SpinOutStage = (typeof SPIN_OUT_STAGES)[number];

/** The expert help the support fund buys. */
export const SUPPORT_TYPE = labelled({
  legal: 'Legal',
  financial: 'Financial',
  'hr-and-pensions': 'HR and pensions',
  'business-planning': 'Business planning',
  'commercial-and-bid-writing': 'Commercial and bid writing',
  governance: 'Leadership and governance',
  marketing: 'Marketing',
  'social-value': 'Social value',
});
export const SUPPORT_TYPES = SUPPORT_TYPE.codes;
export type SupportType = (typeof SUPPORT_TYPES)[number];

/**
 * A mutual's journey in the programme's register, from the first enquiry to trading. A journey
 * that ends without a mutual (the service stays in house, is outsourced) is `not-proceeding`.
 */
export const JOURNEY_STAGE = labelled({
  enquiry: 'Enquiry',
  exploring: 'Exploring',
  'options-appraisal': 'Options appraisal',
  'business-case': 'Business case',
  implementation: 'Implementation',
  launched: 'Launched',
  'first-full-year-of-trading': 'First full year of trading',
  sustaining: 'Sustaining',
  'not-proceeding': 'Not proceeding',
});
export const JOURNEY_STAGES = JOURNEY_STAGE.codes;
export type JourneyStage = (typeof JOURNEY_STAGES)[number];

/** What an options appraisal chooses for the service. */
export const DELIVERY_ROUTE = labelled({
  'staff-mutual': 'Staff-led mutual',
  'local-authority-trading-company': 'Local-authority trading company',
  'joint-venture': 'Joint venture',
  'in-house': 'Stays in house',
  outsourcing: 'Outsourcing',
});
export const DELIVERY_ROUTES = DELIVERY_ROUTE.codes;
export type DeliveryRoute = (typeof DELIVERY_ROUTES)[number];

/** The routes that make a public-service mutual, as the programme counts them. */
export const MUTUAL_ROUTES: readonly DeliveryRoute[] = ['staff-mutual', 'joint-venture'];

/** Who commissions the mutual's services. */
export const COMMISSIONER_KIND = labelled({
  nhs: 'NHS',
  'local-government': 'Local government',
  'central-government': 'Central government',
  other: 'Other',
});
export const COMMISSIONER_KINDS = COMMISSIONER_KIND.codes;
export type CommissionerKind = (typeof COMMISSIONER_KINDS)[number];

/** How the programme's information service triaged an enquiry. */
export const ENQUIRY_TRIAGE = labelled({
  'register-as-mutual': 'Registered as a mutual in development',
  'advice-only': 'Advice given, no further support',
  'refer-to-support-fund': 'Referred to the support fund',
  'not-eligible': 'Not eligible',
});
export const ENQUIRY_TRIAGES = ENQUIRY_TRIAGE.codes;
export type EnquiryTriage = (typeof ENQUIRY_TRIAGES)[number];
