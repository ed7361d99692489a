import {
  COMMISSIONER_KINDS,
  CommissionerKind,
  DELIVERY_ROUTE,
  DELIVERY_ROUTES,
  DeliveryRoute,
  DomainError,
  JOURNEY_STAGE,
  JOURNEY_STAGES,
  JourneyStage,
  LEGAL_FORMS,
  LegalForm,
  MUTUAL_ROUTES,
} from '@mutuals/domain';

/** Where a mutual is on its journey: what the next stage is checked against. */
export interface JourneyState {
  stage: JourneyStage;
  /** When the current stage was entered, YYYY-MM-DD. */
  enteredOn: string;
  route: DeliveryRoute | null;
  launchedOn: string | null;
}

export interface StageInput {
  stage: JourneyStage;
  enteredOn: string;
  details?: Record<string, unknown>;
}

/** What a mutual is at launch: its current figures start from these. */
export interface LaunchFacts {
  launchedOn: string;
  legalForm: LegalForm;
  staffTransferred: number;
  contractValuePence: number;
  contractMonths: number;
  commissioningBody: string;
  commissioningBodyKind: CommissionerKind;
}

/** A stage accepted: its details as kept, and what it sets on the mutual. */
export interface StageChange {
  stage: JourneyStage;
  previousStage: JourneyStage;
  enteredOn: string;
  details: Record<string, unknown>;
  route?: { route: DeliveryRoute; reason: string | null };
  launch?: LaunchFacts;
}

/** The routes that end a journey without a new organisation: the service stays or goes to the market. */
const NON_MUTUAL_ROUTES: readonly DeliveryRoute[] = ['in-house', 'outsourcing'];
/** The routes a launch can follow: a mutual, or a local-authority trading company (counted apart). */
const LAUNCHABLE_ROUTES: readonly DeliveryRoute[] = [...MUTUAL_ROUTES, 'local-authority-trading-company'];
const AFTER_LAUNCH: readonly JourneyStage[] = ['first-full-year-of-trading', 'sustaining'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const order = (stage: JourneyStage) => JOURNEY_STAGES.indexOf(stage);
const label = (stage: JourneyStage) => JOURNEY_STAGE.label(stage).toLowerCase();

function invalid(field: string, message: string): DomainError {
  return new DomainError('unprocessable', 'stage-details-invalid', message, { fields: [field] });
}

function isDate(value: unknown): value is string {
  return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/**
 * The rules of a mutual's journey, from enquiry to trading: forward only (stages may be skipped),
 * dated in order and never in the future, a route chosen at options appraisal, and a launch only
 * on a route that makes a new organisation. Every stage entered is kept; this decides the next.
 */
export class Journey {
  constructor(private readonly state: JourneyState) {}

  /** Checks the next stage against the journey so far and today's date (YYYY-MM-DD). */
  next(input: StageInput, today: string): StageChange {
    const { stage, enteredOn } = input;
    const details = input.details ?? {};
    const current = this.state.stage;
    if (!isDate(enteredOn)) throw invalid('enteredOn', 'enteredOn must be a date, YYYY-MM-DD');
    if (current === 'not-proceeding') throw new DomainError('conflict', 'journey-ended', 'This journey has ended (not proceeding); no stage can follow');
    if (stage === 'not-proceeding') {
      if (this.state.launchedOn !== null || order(current) >= order('launched')) throw new DomainError('conflict', 'already-launched', 'A mutual that has launched cannot be recorded as not proceeding');
    } else if (order(stage) <= order(current)) {
      throw new DomainError('conflict', 'stage-not-forward', `The journey only moves forward: it is at ${label(current)}, so it cannot be recorded at ${label(stage)}`, { stage: current });
    }
    if (this.state.route && NON_MUTUAL_ROUTES.includes(this.state.route) && stage !== 'not-proceeding') {
      throw new DomainError('conflict', 'route-ends-journey', `The options appraisal chose ${DELIVERY_ROUTE.label(this.state.route).toLowerCase()}; the only next stage is not proceeding`, { route: this.state.route });
    }
    if (AFTER_LAUNCH.includes(stage) && this.state.launchedOn === null) {
      throw new DomainError('conflict', 'not-launched', `${JOURNEY_STAGE.label(stage)} can only follow the launch`);
    }
    if (enteredOn > today) throw invalid('enteredOn', `enteredOn (${enteredOn}) is in the future`);
    if (enteredOn < this.state.enteredOn) {
      throw invalid('enteredOn', `enteredOn (${enteredOn}) is before ${this.state.enteredOn}, when the journey entered ${label(current)}`);
    }
    const change: StageChange = { stage, previousStage: current, enteredOn, details };
    if (stage === 'options-appraisal') {
      change.route = routeOf(details, true);
      change.details = { ...details, ...change.route };
    }
    if (stage === 'launched') {
      const given = details.route === undefined ? undefined : routeOf(details, false);
      const route = given?.route ?? this.state.route;
      if (!route) throw new DomainError('unprocessable', 'route-missing', 'A launch needs the delivery route chosen at options appraisal: record the options appraisal, or give details.route with the launch', { fields: ['details.route'] });
      if (!LAUNCHABLE_ROUTES.includes(route)) {
        throw new DomainError('conflict', 'route-not-launchable', `A service on the ${DELIVERY_ROUTE.label(route).toLowerCase()} route is not launched as a mutual`, { route });
      }
      change.launch = launchFacts(details, today);
      if (given) change.route = given;
      change.details = { ...details, ...change.launch, route };
    }
    return change;
  }
}

function text(details: Record<string, unknown>, field: string, max: number): string {
  const value = details[field];
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) throw invalid(`details.${field}`, `details.${field} must be text of 1 to ${max} characters`);
  return value.trim();
}

function whole(details: Record<string, unknown>, field: string, min: number, max: number): number {
  const value = details[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid(`details.${field}`, `details.${field} must be a whole number from ${min} to ${max}`);
  return value;
}

function oneOf<T extends string>(details: Record<string, unknown>, field: string, codes: readonly T[]): T {
  const value = details[field];
  if (typeof value !== 'string' || !codes.includes(value as T)) throw invalid(`details.${field}`, `details.${field} must be one of ${codes.join(', ')}`);
  return value as T;
}

function routeOf(details: Record<string, unknown>, reasonRequired: boolean): { route: DeliveryRoute; reason: string | null } {
  const route = oneOf(details, 'route', DELIVERY_ROUTES);
  const reason = reasonRequired || details.reason !== undefined ? text(details, 'reason', 4000) : null;
  return { route, reason };
}

function launchFacts(details: Record<string, unknown>, today: string): LaunchFacts {
  const launchedOn = details.launchedOn;
  if (!isDate(launchedOn)) throw invalid('details.launchedOn', 'details.launchedOn must be a date, YYYY-MM-DD');
  if (launchedOn > today) throw invalid('details.launchedOn', `details.launchedOn (${launchedOn}) is in the future`);
  return {
    launchedOn,
    legalForm: oneOf(details, 'legalForm', LEGAL_FORMS),
    staffTransferred: whole(details, 'staffTransferred', 0, 1_000_000),
    contractValuePence: whole(details, 'contractValuePence', 0, 1_000_000_000_000),
    contractMonths: whole(details, 'contractMonths', 1, 600),
    commissioningBody: text(details, 'commissioningBody', 200),
    commissioningBodyKind: oneOf(details, 'commissioningBodyKind', COMMISSIONER_KINDS),
  };
}
