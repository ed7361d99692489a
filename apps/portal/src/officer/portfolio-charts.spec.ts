import { barChartSvg, cumulativeChartSvg, funnelChartSvg } from './portfolio-charts';

const chart = { id: 'launches', title: 'Mutuals launched to date', description: 'Two quarters' };
const widths = (svg: string, colour: string) => [...svg.matchAll(new RegExp(`width="([\\d.]+)" height="\\d+" fill="${colour}"`, 'g'))].map((m) => Number(m[1]));

describe('every portfolio chart', () => {
  const charts = [
    (c: typeof chart) => cumulativeChartSvg([{ label: '2014-Q1', cumulative: 3 }], 1000, c),
    (c: typeof chart) => barChartSvg([{ label: 'NHS', value: 3, text: '3' }], c),
    (c: typeof chart) => funnelChartSvg([{ label: 'Enquiry', reached: 3, conversionPercent: 50 }], c),
  ];

  it.each(charts.map((draw, i) => [i, draw]))('is an image named by its title and described (%i)', (_, draw) => {
    const svg = draw(chart);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="launches-title" aria-describedby="launches-desc"/);
    expect(svg).toContain('<title id="launches-title">Mutuals launched to date</title><desc id="launches-desc">Two quarters</desc><g aria-hidden="true" font-family="GDS Transport, arial, sans-serif">');
  });

  it.each(charts.map((draw, i) => [i, draw]))('escapes titles and ids, so no name can inject markup (%i)', (_, draw) => {
    const svg = draw({ id: '"><script>', title: '<script>alert(1)</script>', description: 'A & B' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(svg).toContain('A &#38; B');
  });
});

describe('the launches chart', () => {
  it('says there is nothing to draw when nothing launched', () => {
    const svg = cumulativeChartSvg([], 1000, chart);
    expect(svg).toContain('Nothing to draw for this period.');
    expect(svg).not.toContain('<path');
  });

  it('draws one quarter as one step, scaled to the target', () => {
    const svg = cumulativeChartSvg([{ label: '2014-Q1', cumulative: 250 }], 1000, chart);
    // 220 high from y=34: 250 of 1,000 is a quarter of the way up, at 34 + 220 - 55.
    expect(svg).toContain('<path d="M56.0,199.0 H624.0"');
    expect(svg).toContain('Launched to date: 250');
    expect(svg).toContain('Target: 1,000');
  });

  it('steps up quarter by quarter, labels at most eight quarters, and rescales once the target is passed', () => {
    const points = Array.from({ length: 20 }, (_, i) => ({ label: `Q${i + 1}`, cumulative: (i + 1) * 100 }));
    const svg = cumulativeChartSvg(points, 1000, chart);
    expect((/<path d="([^"]+)"/.exec(svg)?.[1].match(/V/g) ?? []).length).toBe(19);
    expect((svg.match(/font-size="12"[^>]*text-anchor="middle"/g) ?? []).length).toBeLessThanOrEqual(8);
    expect(svg).toContain('>Q20<');
    expect(svg).toContain('>2,000<');
    expect(svg).not.toContain('NaN');
  });

  it('escapes quarter labels', () => {
    expect(cumulativeChartSvg([{ label: '<b>', cumulative: 1 }], 1000, chart)).not.toContain('<b>');
  });
});

describe('the bar chart', () => {
  it('scales bars to the largest, draws zeros as nothing and copes with all zeros', () => {
    const svg = barChartSvg(
      [
        { label: 'NHS', value: 200, text: '200' },
        { label: 'Local government', value: 50, text: '50' },
        { label: 'Other', value: 0, text: '0' },
      ],
      chart,
    );
    expect(widths(svg, '#1d70b8')).toEqual([640, 160, 0]);
    expect(svg).toContain('Local government: 50');
    expect(barChartSvg([{ label: 'NHS', value: 0, text: '0' }], chart)).not.toContain('NaN');
    expect(barChartSvg([], chart)).toContain('Nothing to draw.');
  });

  it('escapes labels and values', () => {
    const svg = barChartSvg([{ label: 'Care & <Co>', value: 1, text: '"1"' }], chart);
    expect(svg).toContain('Care &#38; &#60;Co&#62;: &#34;1&#34;');
  });
});

describe('the pipeline funnel', () => {
  it('centres each stage as wide as those that reached it, with the share that went further', () => {
    const svg = funnelChartSvg(
      [
        { label: 'Enquiry', reached: 10, conversionPercent: 60 },
        { label: 'Exploring', reached: 5, conversionPercent: null },
      ],
      chart,
    );
    expect(svg).toContain('Enquiry: 10 reached, 60% went further');
    expect(svg).toContain('Exploring: 5 reached<');
    expect(svg).toContain('<rect x="0.0" y="20" width="640.0"');
    expect(svg).toContain('<rect x="160.0" y="68" width="320.0"');
    expect(funnelChartSvg([{ label: 'Enquiry', reached: 0, conversionPercent: null }], chart)).not.toContain('NaN');
    expect(funnelChartSvg([], chart)).toContain('Nothing to draw.');
  });
});
