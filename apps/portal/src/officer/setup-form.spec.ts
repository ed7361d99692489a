import { applyRowAction, criteriaPayload, fieldFor, idFor, questionsPayload, readQuestions } from './setup-form';

describe('the set-up forms’ repeating rows', () => {
  const rows = ['a', 'b', 'c'];
  const blank = () => 'new';

  it('adds, removes and moves rows by the button pressed', () => {
    expect(applyRowAction('add-question', 'question', rows, blank)).toEqual(['a', 'b', 'c', 'new']);
    expect(applyRowAction('remove-question-1', 'question', rows, blank)).toEqual(['a', 'c']);
    expect(applyRowAction('up-question-2', 'question', rows, blank)).toEqual(['a', 'c', 'b']);
    expect(applyRowAction('down-question-0', 'question', rows, blank)).toEqual(['b', 'a', 'c']);
    expect(applyRowAction('up-question-0', 'question', rows, blank)).toEqual(rows);
    expect(applyRowAction('remove-criterion-0', 'question', rows, blank)).toBeUndefined();
    expect(applyRowAction('save', 'question', rows, blank)).toBeUndefined();
  });

  it('reads the numbered fields, keeping what was typed', () => {
    const body = { 'question-count': '2', 'question-0-text': ' Why now? ', 'question-0-words': '300', 'question-0-required': 'yes', 'question-1-text': 'Who else?', 'question-1-words': 'many' };
    expect(readQuestions(body)).toEqual([
      { id: '', text: 'Why now?', words: '300', required: 'yes' },
      { id: '', text: 'Who else?', words: 'many', required: 'no' },
    ]);
  });

  it('gives new rows ids from their wording, each its own, and leaves bad numbers for the service to refuse', () => {
    expect(idFor('Need for support', [], 'x')).toBe('need-for-support');
    expect(idFor('Need for support', ['need-for-support'], 'x')).toBe('need-for-support-2');
    expect(idFor('£££', [], 'criterion-1')).toBe('criterion-1');
    expect(criteriaPayload([{ id: '', name: 'Need', weight: '40' }, { id: 'need', name: 'Need', weight: 'lots' }])).toEqual([
      { id: 'need-2', name: 'Need', weight: 40 },
      { id: 'need', name: 'Need', weight: 'lots' },
    ]);
    expect(questionsPayload([{ id: 'vision', text: 'Vision', words: '500', required: 'no' }])).toEqual([{ id: 'vision', text: 'Vision', wordLimit: 500, required: false }]);
  });

  it('shows a service’s problem against the field it names', () => {
    const field = fieldFor({ name: 'name', budgetPence: 'budget' });
    expect(field('budgetPence')).toBe('budget');
    expect(field('questions.2.wordLimit')).toBe('question-2-words');
    expect(field('assessment.criteria.1.weight')).toBe('criterion-1-weight');
    expect(field('openingWindows.0.closesAt')).toBe('window-0-closes-day');
    expect(field('eligibility.maxPartners')).toBe('maxPartners');
    expect(field('nothing')).toBeUndefined();
  });
});
