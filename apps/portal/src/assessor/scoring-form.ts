import type { AssessorCaseView, CriterionScore } from '../api/awards.types';
import { RECOMMENDATIONS } from '../api/awards.types';
import { FormErrors } from '../forms/api-errors';
import { text } from '../forms/form-values';

export const scoreField = (criterionId: string) => `score-${criterionId}`;
export const commentField = (criterionId: string) => `comment-${criterionId}`;

/** Reads the scoring form: a whole-number score and a comment for every criterion, and a recommendation. */
export function readScores(body: Record<string, unknown>, kase: AssessorCaseView): { values: Record<string, string>; errors: FormErrors; scores: CriterionScore[]; recommendation: string } {
  const values: Record<string, string> = { recommendation: text(body.recommendation) };
  const errors: FormErrors = {};
  const scores: CriterionScore[] = [];
  for (const c of kase.criteria) {
    const raw = (values[scoreField(c.id)] = text(body[scoreField(c.id)]));
    const comment = (values[commentField(c.id)] = text(body[commentField(c.id)]));
    const score = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
    if (!raw) errors[scoreField(c.id)] = `Select a score for ${c.name}`;
    else if (!(score >= 0 && score <= kase.scaleMax)) errors[scoreField(c.id)] = `The score for ${c.name} must be from 0 to ${kase.scaleMax}`;
    if (!comment) errors[commentField(c.id)] = `Enter your reasons for the score for ${c.name}`;
    else if (comment.length > 2000) errors[commentField(c.id)] = `Your reasons for ${c.name} must be 2,000 characters or fewer`;
    scores.push({ criterionId: c.id, score, comment });
  }
  if (!RECOMMENDATIONS.some((r) => r.value === values.recommendation)) errors.recommendation = 'Select your recommendation';
  return { values, errors, scores, recommendation: values.recommendation };
}
