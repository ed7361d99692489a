import { AuthenticatedUser } from '@mutuals/auth';
import type { CreateApplicationDto } from '../applications/application.dto';
import type { CreateFundDto } from '../funds/fund.dto';
import type { RegisterOrganisationDto } from '../organisations/organisation.dto';

/** Drawn from DOMAIN.md: the programmes' real rules and figures, and mutuals of the kind that applied. */
export const DEMO_OFFICER: AuthenticatedUser = { id: 'demo-programme_officer', roles: ['programme_officer'], name: 'Sam Okafor', email: 'sam.okafor@cabinet-office.example.gov.uk' };

export const DEMO_FUNDS: CreateFundDto[] = [
  {
    name: 'Mutuals Interim Support Fund',
    capPerApplicationPence: 2_500_000,
    budgetPence: 100_000_000,
    open: true,
    matchFundingRequired: false,
    questions: [
      { id: 'need', text: 'What support do you need, and why now?', wordLimit: 500, required: true },
      { id: 'advisers', text: 'Which advisers will you buy, and what will they produce?', wordLimit: 500, required: true },
      { id: 'backing', text: 'How do your staff and your parent body back the spin-out?', wordLimit: 300, required: true },
      { id: 'outcomes', text: 'What difference will the support make to the people you serve?', wordLimit: 250, required: false },
    ],
  },
  {
    name: 'Mutuals Support Programme 2',
    capPerApplicationPence: 6_000_000,
    budgetPence: 170_000_000,
    open: true,
    matchFundingRequired: true,
    questions: [
      { id: 'growth', text: 'How will the support help your mutual grow or win its next contract?', wordLimit: 500, required: true },
      { id: 'match', text: 'Where does your cash match funding come from?', wordLimit: 200, required: true },
    ],
    eligibility: { organisationTypes: ['live-mutual'], maxYearsTrading: 5, minimumEmployeeSharePercent: 25 },
  },
];

const applicant = (slug: string, name: string, organisationId: string): AuthenticatedUser => ({
  id: `demo-applicant-${slug}`,
  roles: ['applicant'],
  name,
  email: `${name.toLowerCase().replace(/\s+/g, '.')}@${slug}.example.org`,
  organisationId,
});

const contact = (name: string, role: string, domain: string) => ({ name, role, email: `${name.toLowerCase().replace(/\s+/g, '.')}@${domain}.example.org` });

export const DEMO_ORGANISATIONS: { applicant: AuthenticatedUser; organisation: RegisterOrganisationDto }[] = [
  {
    applicant: applicant('3bm', 'Alex Morgan', '4a3e2c1b-0d9f-4e8a-b7c6-5d4e3f2a1b0c'),
    organisation: {
      name: '3BM',
      type: 'live-mutual',
      legalForm: 'company-limited-by-guarantee',
      companiesHouseNumber: '10123456',
      parentBody: 'Bath and North East Somerset Council',
      sector: 'school-support',
      region: 'south-west',
      staffCount: 160,
      servicesInScope: ['School business management', 'HR and payroll for schools', 'Governance support'],
      spinOutStage: 'sustaining',
      employeeSharePercent: 100,
      parentBodySharePercent: 0,
      partnerSharePercent: 0,
      tradingStartDate: '2016-09-01',
      stillOnOriginalContract: true,
      seniorSponsor: contact('Jo Hughes', 'Chief executive', '3bm'),
      projectLead: contact('Alex Morgan', 'Business development lead', '3bm'),
    },
  },
  {
    applicant: applicant('hazlitt', 'Priya Nair', '7c1f9e3a-2b4d-4c6e-8f0a-1b2c3d4e5f60'),
    organisation: {
      name: 'Hazlitt Arts Centre',
      type: 'mutual-in-development',
      legalForm: 'cic',
      parentBody: 'Maidstone Borough Council',
      sector: 'culture',
      region: 'south-east',
      staffCount: 35,
      servicesInScope: ['Theatre programme', 'Community arts and participation'],
      spinOutStage: 'options-appraisal',
      employeeSharePercent: 60,
      parentBodySharePercent: 20,
      partnerSharePercent: 20,
      seniorSponsor: contact('Martin Lee', 'Head of culture, Maidstone Borough Council', 'maidstone'),
      projectLead: contact('Priya Nair', 'Centre manager', 'hazlitt'),
    },
  },
  {
    applicant: applicant('blackpool-youth', 'Kerry Walsh', '9d2e4f6a-8b0c-4d1e-a2f3-b4c5d6e7f801'),
    organisation: {
      name: 'Blackpool youth service staff group',
      type: 'staff-group',
      legalForm: 'none-yet',
      parentBody: 'Blackpool Council',
      sector: 'youth',
      region: 'north-west',
      staffCount: 48,
      servicesInScope: ['Youth clubs', 'Detached youth work', 'Young carers support'],
      spinOutStage: 'exploring',
      employeeSharePercent: 100,
      projectLead: contact('Kerry Walsh', 'Senior youth worker', 'blackpool'),
    },
  },
  {
    applicant: applicant('care-plus', 'Lance Gardner', '2f4a6c8e-0b1d-4e3f-9a5b-7c9d1e3f5a72'),
    organisation: {
      name: 'Care Plus Group',
      type: 'live-mutual',
      legalForm: 'cic',
      companiesHouseNumber: '07123456',
      parentBody: 'NHS North East Lincolnshire',
      sector: 'adult-social-care',
      region: 'yorkshire-and-the-humber',
      staffCount: 900,
      servicesInScope: ['Community health services', 'Adult social care', 'Day opportunities'],
      spinOutStage: 'sustaining',
      employeeSharePercent: 70,
      partnerSharePercent: 30,
      tradingStartDate: '2011-04-01',
      stillOnOriginalContract: true,
      projectLead: contact('Lance Gardner', 'Chief executive', 'care-plus'),
    },
  },
  {
    applicant: applicant('rochdale-care', 'Dev Patel', '5b7d9f1a-3c5e-4a7b-9d1f-3e5a7c9e1b03'),
    organisation: {
      name: 'Rochdale adult care staff group',
      type: 'staff-group',
      legalForm: 'none-yet',
      parentBody: 'Rochdale Borough Council',
      sector: 'adult-social-care',
      region: 'north-west',
      staffCount: 210,
      servicesInScope: ['Reablement', 'Supported living'],
      spinOutStage: 'business-case',
      employeeSharePercent: 51,
      parentBodySharePercent: 49,
      projectLead: contact('Dev Patel', 'Service manager', 'rochdale'),
    },
  },
];

type DemoContent = Omit<CreateApplicationDto, 'fundId'>;

export const DEMO_APPLICATIONS: { organisation: string; fund: string; state: 'draft' | 'submitted' | 'withdrawn'; content: DemoContent; withdrawalReason?: string }[] = [
  {
    organisation: '3BM',
    fund: 'Mutuals Interim Support Fund',
    state: 'submitted',
    content: {
      title: 'Business planning for our second contract with the council',
      supportTypes: ['business-planning', 'commercial-and-bid-writing'],
      amountRequestedPence: 1_892_700,
      subsidyReceivedPence: 4_000_000,
      servicesDeliveredInEngland: true,
      answers: [
        { questionId: 'need', text: 'Our first contract with the council ends next year. We need a business plan that shows we can compete for the renewal and sell to academies outside the county.' },
        { questionId: 'advisers', text: 'A business planning consultancy for twelve days and a bid writer for the tender; they will produce a five-year plan and our tender response.' },
        { questionId: 'backing', text: 'All 160 staff are members; the council has written to support the renewal bid.' },
      ],
    },
  },
  {
    organisation: 'Hazlitt Arts Centre',
    fund: 'Mutuals Interim Support Fund',
    state: 'draft',
    content: {
      title: 'Options appraisal: a community interest company for the Hazlitt',
      supportTypes: ['legal', 'governance'],
      amountRequestedPence: 1_000_000,
      answers: [{ questionId: 'need', text: 'The council is weighing a trust, an in-house reboot and a staff-led CIC. We need independent advice on the options before the cabinet decision.' }],
    },
  },
  {
    organisation: 'Blackpool youth service staff group',
    fund: 'Mutuals Interim Support Fund',
    state: 'submitted',
    content: {
      title: 'Legal and pensions advice to spin out the youth service',
      supportTypes: ['legal', 'hr-and-pensions'],
      amountRequestedPence: 2_500_000,
      subsidyReceivedPence: 0,
      servicesDeliveredInEngland: true,
      answers: [
        { questionId: 'need', text: 'The council must cut the youth budget; staff want to keep the clubs open as a mutual. We need to understand TUPE and pension admission before we go further.' },
        { questionId: 'advisers', text: 'Employment lawyers and a pensions actuary; a transfer plan and a pension admission agreement.' },
        { questionId: 'backing', text: 'Forty of the forty-eight staff signed the expression of interest; the director of children’s services sponsors the project.' },
        { questionId: 'outcomes', text: 'Youth clubs stay open in the wards with the fewest services for young people.' },
      ],
    },
  },
  {
    organisation: 'Care Plus Group',
    fund: 'Mutuals Support Programme 2',
    state: 'submitted',
    content: {
      title: 'Commercial skills to bid for community health contracts',
      supportTypes: ['commercial-and-bid-writing', 'social-value'],
      amountRequestedPence: 5_585_200,
      matchFundingPence: 2_000_000,
      subsidyReceivedPence: 9_000_000,
      servicesDeliveredInEngland: true,
      answers: [
        { questionId: 'growth', text: 'Our original contract is being re-tendered; we will train a bid team and measure our social value so we can compete against large providers.' },
        { questionId: 'match', text: 'Reserves from our trading surplus.' },
      ],
    },
  },
  {
    organisation: 'Rochdale adult care staff group',
    fund: 'Mutuals Interim Support Fund',
    state: 'withdrawn',
    withdrawalReason: 'The council has decided to keep reablement in house for now',
    content: {
      title: 'Business case for a reablement mutual',
      supportTypes: ['business-planning', 'financial'],
      amountRequestedPence: 2_000_000,
      subsidyReceivedPence: 0,
      servicesDeliveredInEngland: true,
      answers: [
        { questionId: 'need', text: 'We need a financial model and business case for a staff-led reablement service.' },
        { questionId: 'advisers', text: 'A finance adviser to build the model and test it with the council.' },
        { questionId: 'backing', text: 'Staff voted to explore the option; the council will share ownership.' },
      ],
    },
  },
];
