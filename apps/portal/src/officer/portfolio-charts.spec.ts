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

  const targetLine = (svg: string) => /<line x1="56" x2="624" y1="([\d.]+)" y2="[\d.]+" stroke="#d4351c"/.exec(svg)?.[1];
  const axisLabels = (svg: string) => [...svg.matchAll(/font-size="12" fill="#0b0c0c" text-anchor="end">([\d,]+)</g)].map((m) => m[1]);

  it('draws one quarter as one step, on a scale that fits it, under the progress towards the target', () => {
    const svg = cumulativeChartSvg([{ label: '2014-Q1', cumulative: 250 }], 1000, chart);
    // The plot is 220 high from y=84 and runs to 300: 250 is at 84 + 220 - 220 * 250 / 300.
    expect(svg).toContain('<path d="M56.0,120.7 H624.0"');
    expect(axisLabels(svg)).toEqual(['0', '100', '200', '300']);
    expect(svg).toContain('Launched to date: 250');
    expect(svg).toContain('Target: 1,000 (above this scale)');
    expect(svg).toContain('Towards the target: 250 of 1,000 (25%)');
    expect(widths(svg, '#1d70b8')).toEqual([160]);
  });

  it('makes a hundred mutuals against a target of a thousand a climb to the top of the scale, not a line along the bottom', () => {
    const points = [10, 30, 55, 80, 94].map((cumulative, i) => ({ label: `201${i}-Q1`, cumulative }));
    const svg = cumulativeChartSvg(points, 1000, chart);
    expect(axisLabels(svg)).toEqual(['0', '25', '50', '75', '100']);
    // The last step is 94 of 100 up the plot: 84 + 220 * 6 / 100.
    expect(svg).toMatch(/V97\.2 H624\.0"/);
    expect(targetLine(svg)).toBeUndefined();
    expect(svg).toContain('Towards the target: 94 of 1,000 (9.4%)');
  });

  it('draws the target on the scale once the launches reach half of it', () => {
    const svg = cumulativeChartSvg([{ label: '2016-Q1', cumulative: 500 }], 1000, chart);
    expect(axisLabels(svg)).toEqual(['0', '250', '500', '750', '1,000']);
    expect(targetLine(svg)).toBe('84.0');
    expect(svg).toContain('Target: 1,000<');
  });

  it('steps up quarter by quarter, labels at most eight quarters, and rescales once the target is passed', () => {
    const points = Array.from({ length: 20 }, (_, i) => ({ label: `Q${i + 1}`, cumulative: (i + 1) * 100 }));
    const svg = cumulativeChartSvg(points, 1000, chart);
    expect((/<path d="([^"]+)"/.exec(svg)?.[1].match(/V/g) ?? []).length).toBe(19);
    expect((svg.match(/font-size="12"[^>]*text-anchor="middle"/g) ?? []).length).toBeLessThanOrEqual(8);
    expect(svg).toContain('>Q20<');
    expect(svg).toContain('>2,000<');
    expect(targetLine(svg)).toBe('194.0');
    expect(svg).toContain('Towards the target: 2,000 of 1,000 (200%)');
    expect(svg).not.toContain('NaN');
  });

  it('never crowds the last quarter’s label against the one before it', () => {
    const quarterLabels = (n: number) => {
      const svg = cumulativeChartSvg(Array.from({ length: n }, (_, i) => ({ label: `Q${i + 1}`, cumulative: i + 1 })), 1000, chart);
      return [...svg.matchAll(/text-anchor="middle">(Q\d+)</g)].map((m) => Number(m[1].slice(1)));
    };
    // 23 quarters (2011-Q1 to 2016-Q3): every third, and the last; not Q22 beside Q23.
    expect(quarterLabels(23)).toEqual([1, 4, 7, 10, 13, 16, 19, 23]);
    for (const n of [1, 2, 8, 9, 17, 40]) {
      const shown = quarterLabels(n);
      expect(shown.at(-1)).toBe(n);
      expect(shown.length).toBeLessThanOrEqual(8);
      shown.slice(1).forEach((q, i) => expect(q - shown[i]).toBeGreaterThanOrEqual(Math.ceil(n / 8)));
    }
  });

  it('rounds its scale to whole mutuals', () => {
    expect(axisLabels(cumulativeChartSvg([{ label: '2014-Q1', cumulative: 1 }], 1000, chart))).toEqual(['0', '1']);
    expect(cumulativeChartSvg([{ label: '2014-Q1', cumulative: 0 }], 1000, chart)).not.toContain('NaN');
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

  it('writes its title above the bars when it shares a section with other charts', () => {
    const bars = [{ label: 'NHS', value: 3, text: '3' }];
    const titled = barChartSvg(bars, { ...chart, title: 'Staff employed in mutuals by commissioning body kind', showTitle: true });
    expect(titled).toContain('font-weight="bold" fill="#0b0c0c">Staff employed in mutuals by commissioning body kind</text>');
    expect(titled).toContain('height="76"');
    expect(barChartSvg(bars, chart)).not.toContain('font-weight="bold"');
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
