import { budgetChartSvg } from './budget-chart';

const widthOf = (svg: string, colour: string) => Number(new RegExp(`<rect x="[\\d.]+" y="52" width="([\\d.]+)" height="24" fill="${colour}"`).exec(svg)?.[1]);

describe('the budget chart', () => {
  const programme = { name: 'Delivering Differently', budgetPence: 100_000_000, committedPence: 60_000_000, paidPence: 15_000_000, remainingPence: 40_000_000 };

  it('draws paid and committed-but-unpaid as shares of the budget', () => {
    const svg = budgetChartSvg([programme], 'Budgets');
    expect(widthOf(svg, '#1d70b8')).toBeCloseTo(640 * 0.15, 0);
    expect(widthOf(svg, '#5694ca')).toBeCloseTo(640 * 0.45, 0);
    expect(svg).toContain('Delivering Differently: £600,000 committed of £1,000,000');
  });

  it('never draws past the end of the bar, and copes with a zero budget', () => {
    const over = budgetChartSvg([{ ...programme, committedPence: 150_000_000, paidPence: 120_000_000 }], 'Budgets');
    expect(widthOf(over, '#1d70b8') + widthOf(over, '#5694ca')).toBeLessThanOrEqual(640);
    expect(budgetChartSvg([{ ...programme, budgetPence: 0 }], 'Budgets')).not.toContain('NaN');
  });

  it('escapes names, so a programme name cannot inject markup', () => {
    expect(budgetChartSvg([{ ...programme, name: '<script>x</script>' }], 'Budgets')).not.toContain('<script>');
  });
});
