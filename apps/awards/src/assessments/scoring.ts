import { DomainError } from '@mutuals/domain';

export interface Criterion {
  id: string;
  name: string;
  weight: number;
}

export interface AssessmentSettings {
  criteria: Criterion[];
  scaleMax: number;
  assessorsPerCase: number;
  moderationThreshold: number;
}

/** Used until the round's or fund's own settings arrive. */
export const DEFAULT_ASSESSMENT: AssessmentSettings = {
  criteria: [
    { id: 'need', name: 'Need for support', weight: 40 },
    { id: 'deliverability', name: 'Deliverability', weight: 35 },
    { id: 'value', name: 'Value for money', weight: 25 },
  ],
  scaleMax: 5,
  assessorsPerCase: 2,
  moderationThreshold: 20,
};

export interface CriterionScore {
  criterionId: string;
  score: number;
  comment: string;
}

/** Problems with a set of scores against the criteria: every criterion once, on the scale, with a comment. */
export function scoreProblems(settings: AssessmentSettings, scores: CriterionScore[]): string[] {
  const problems: string[] = [];
  const known = new Set(settings.criteria.map((c) => c.id));
  const seen = new Set<string>();
  for (const s of scores) {
    if (!known.has(s.criterionId)) problems.push(`${s.criterionId} is not a criterion of this case`);
    else if (seen.has(s.criterionId)) problems.push(`${s.criterionId} is scored more than once`);
    seen.add(s.criterionId);
    if (!Number.isInteger(s.score) || s.score < 0 || s.score > settings.scaleMax) {
      problems.push(`${s.criterionId} must be scored with a whole number from 0 to ${settings.scaleMax}`);
    }
    if (!s.comment?.trim()) problems.push(`${s.criterionId} needs a comment`);
  }
  for (const c of settings.criteria) if (!seen.has(c.id)) problems.push(`${c.id} (${c.name}) is not scored`);
  return problems;
}

/** The weighted total, 0-100 with two decimals: each score as a share of the scale, times its weight. */
export function weightedScore(settings: AssessmentSettings, scores: CriterionScore[]): number {
  const problems = scoreProblems(settings, scores);
  if (problems.length > 0) throw new DomainError('unprocessable', 'assessment-invalid', problems.join('; '), { problems });
  const totalWeight = settings.criteria.reduce((sum, c) => sum + c.weight, 0);
  const byId = new Map(scores.map((s) => [s.criterionId, s.score]));
  const raw = settings.criteria.reduce((sum, c) => sum + (byId.get(c.id)! * c.weight) / (settings.scaleMax * totalWeight), 0);
  return Math.round(raw * 10_000) / 100;
}

/** What the assessors' totals lead to: moderation when they are further apart than the threshold. */
export function assessmentOutcome(totals: number[], threshold: number): { moderation: true } | { moderation: false; finalScore: number } {
  const spread = Math.max(...totals) - Math.min(...totals);
  if (spread > threshold) return { moderation: true };
  return { moderation: false, finalScore: Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 100) / 100 };
}
