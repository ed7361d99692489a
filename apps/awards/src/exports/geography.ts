import { localAuthorities, Region, REGION } from '@mutuals/domain';

/** A place as the 360Giving Data Standard describes it (its `Location`). */
export interface Location360 {
  name?: string;
  countryCode: 'GB';
  geoCode?: string;
  geoCodeType?: string;
}

/** ONS GSS codes of the regions of England and of the other nations (ONS Register of Geographic Codes). */
const REGION_GSS_CODES: Record<Region, string> = {
  'north-east': 'E12000001',
  'north-west': 'E12000002',
  'yorkshire-and-the-humber': 'E12000003',
  'east-midlands': 'E12000004',
  'west-midlands': 'E12000005',
  'east-of-england': 'E12000006',
  london: 'E12000007',
  'south-east': 'E12000008',
  'south-west': 'E12000009',
  scotland: 'S92000003',
  wales: 'W92000004',
  'northern-ireland': 'N92000002',
};

/**
 * The 360Giving geoCodeType of a GSS code, from its entity (its first three characters). The
 * standard's codelist is closed, so a code is taken exactly as it lists it ("RGN/GOR" included); an
 * entity it does not list (a nation, a Northern Irish district) gets no type rather than a made-up one.
 */
const GEO_CODE_TYPES: Record<string, string> = {
  E06: 'UA',
  E07: 'NMD',
  E08: 'MD',
  E09: 'LONB',
  E10: 'CTY',
  E12: 'RGN/GOR',
  W06: 'UA',
  S12: 'CA',
};

const GSS_CODE = /^[ENSW]\d{8}$/;

/**
 * A local authority or other area by its GSS code; undefined for anything that is not one. An
 * English authority is named as the register names it, unless a name is given.
 */
export function locationOfGssCode(code: string, given?: string): Location360 | undefined {
  if (!GSS_CODE.test(code)) return undefined;
  const name = given ?? localAuthorities.find(code)?.name;
  const geoCodeType = GEO_CODE_TYPES[code.slice(0, 3)];
  return { ...(name ? { name } : {}), countryCode: 'GB', geoCode: code, ...(geoCodeType ? { geoCodeType } : {}) };
}

/** A region or nation by the platform's code (`south-west`); undefined for an unknown one. */
export function locationOfRegion(region: string | null): Location360 | undefined {
  const code = region ? REGION_GSS_CODES[region as Region] : undefined;
  return code ? locationOfGssCode(code, REGION.label(region as Region)) : undefined;
}
