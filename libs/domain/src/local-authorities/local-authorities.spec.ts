import { DomainError } from '../domain-error';
import { REGIONS } from '../mutuals/taxonomy';
import { LOCAL_AUTHORITY_REGISTER, localAuthorities } from './local-authorities';

const kinds = (list: { code: string }[]) => Object.fromEntries(['E06', 'E07', 'E08', 'E09', 'E10'].map((p) => [p, list.filter((a) => a.code.startsWith(p)).length]));
const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('not refused');
};

describe('register of English local authorities', () => {
  it('names its source, release and date', () => {
    expect(LOCAL_AUTHORITY_REGISTER.source).toContain('Office for National Statistics');
    expect(LOCAL_AUTHORITY_REGISTER.release).toBe('April 2025');
    expect(LOCAL_AUTHORITY_REGISTER.compiled).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('has every English council today: 296 unitary, district, metropolitan and London (Isles of Scilly among the unitary) and 21 counties', () => {
    const today = localAuthorities.on(new Date('2026-06-01T12:00:00Z'));
    expect(kinds(today)).toEqual({ E06: 63, E07: 164, E08: 36, E09: 33, E10: 21 });
    expect(today).toHaveLength(317);
  });

  it('knows the councils as they stood at each reorganisation since 2014 (the published totals)', () => {
    const on = (day: string) => localAuthorities.on(new Date(`${day}T12:00:00+01:00`)).length;
    expect(kinds(localAuthorities.on(new Date('2014-05-30T12:00:00Z')))).toEqual({ E06: 56, E07: 201, E08: 36, E09: 33, E10: 27 });
    expect(['2014-05-30', '2019-04-01', '2020-04-01', '2021-04-01', '2023-04-01', '2025-04-01'].map(on)).toEqual([353, 343, 339, 333, 317, 317]);
    // The day before a reorganisation is still the old map.
    expect(on('2023-03-31')).toBe(333);
  });

  it('every code is a well-formed English ONS code, once, with a name, a region and successors that exist', () => {
    const all = localAuthorities.all();
    expect(new Set(all.map((a) => a.code)).size).toBe(all.length);
    for (const a of all) {
      expect(a.code).toMatch(/^E(06|07|08|09|10)\d{6}$/);
      expect(a.name.trim()).toBe(a.name);
      expect(a.name.length).toBeGreaterThan(2);
      expect(REGIONS).toContain(a.region);
      for (const s of a.succeededBy ?? []) expect(localAuthorities.find(s)).toBeDefined();
      expect(Boolean(a.abolished)).toBe(Boolean(a.succeededBy?.length));
    }
  });

  it('known authorities by their ONS codes', () => {
    expect(localAuthorities.find('E08000012')).toEqual({ code: 'E08000012', name: 'Liverpool', region: 'north-west' });
    expect(localAuthorities.find('E09000001')).toMatchObject({ name: 'City of London', region: 'london' });
    expect(localAuthorities.find('E06000053')).toMatchObject({ name: 'Isles of Scilly', region: 'south-west' });
    expect(localAuthorities.find('E10000008')).toMatchObject({ name: 'Devon', region: 'south-west' });
    expect(localAuthorities.find('E06000065')).toMatchObject({ name: 'North Yorkshire', established: '2023-04-01' });
  });

  it('a bid names an authority in the register that exists on the day; anything else is refused naming the code', () => {
    const now = new Date('2026-11-30T10:00:00Z');
    expect(localAuthorities.require('E08000012', now, 'authorityCode').name).toBe('Liverpool');

    const unknown = refusal(() => localAuthorities.require('E06999999', now, 'authorityCode'));
    expect(unknown).toMatchObject({ kind: 'unprocessable', code: 'unknown-authority', details: { fields: ['authorityCode'], authorityCode: 'E06999999' } });
    expect(unknown.message).toBe('E06999999 is not an English local authority in the register (ONS, April 2025)');
    expect(refusal(() => localAuthorities.require('W06000015', now, 'partnerAuthorityCodes')).code).toBe('unknown-authority');

    const corby = refusal(() => localAuthorities.require('E07000150', now, 'partnerAuthorityCodes'));
    expect(corby).toMatchObject({ code: 'authority-abolished', details: { fields: ['partnerAuthorityCodes'], succeededBy: ['E06000061'] } });
    expect(corby.message).toBe('Corby (E07000150) no longer exists: it was abolished on 1 April 2021; its area is now North Northamptonshire (E06000061)');
  });

  it('in 2014 the councils of 2014 bid, and those created later did not yet exist', () => {
    const in2014 = new Date('2014-05-30T15:00:00Z');
    expect(localAuthorities.require('E07000150', in2014, 'authorityCode').name).toBe('Corby');
    expect(localAuthorities.require('E10000023', in2014, 'authorityCode').name).toBe('North Yorkshire');
    expect(refusal(() => localAuthorities.require('E06000065', in2014, 'authorityCode')).message).toBe('North Yorkshire (E06000065) did not exist until 1 April 2023');
    // Just after midnight UK time on 1 April 2023 (still 31 March in UTC) Cumbria is gone.
    expect(refusal(() => localAuthorities.require('E10000006', new Date('2023-03-31T23:30:00Z'), 'authorityCode')).message).toContain('Cumberland (E06000063) and Westmorland and Furness (E06000064)');
  });
});
