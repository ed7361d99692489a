import { DomainError } from '../domain-error';
import type { Region } from '../mutuals/taxonomy';
import register from './english-local-authorities.json';

/** An English local authority as the ONS names it: unitary (E06), district (E07), metropolitan (E08), London (E09) or county (E10). */
export interface LocalAuthority {
  code: string;
  name: string;
  region: Region;
  /** The UK date it came into being, for those created since 2014. */
  established?: string;
  /** The UK date it ceased to exist (it no longer exists from that day), and whose area it became. */
  abolished?: string;
  succeededBy?: string[];
}

/** Where the register comes from, for messages and the README. */
export const LOCAL_AUTHORITY_REGISTER = { source: register.source, release: register.release, compiled: register.compiled };

const AUTHORITIES = register.authorities as LocalAuthority[];
const BY_CODE = new Map(AUTHORITIES.map((a) => [a.code, a]));

const UK_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
/** The calendar day in the UK of an instant (YYYY-MM-DD): reorganisations take effect at the start of a UK day. */
const ukDay = (at: Date) => UK_DATE.format(at);
const longDate = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const inForce = (a: LocalAuthority, day: string) => (!a.established || a.established <= day) && (!a.abolished || day < a.abolished);
const named = (code: string) => `${BY_CODE.get(code)?.name ?? code} (${code})`;

/** The register of English local authorities (ONS codes and names, libs/domain/src/local-authorities). */
export const localAuthorities = {
  all: (): readonly LocalAuthority[] => AUTHORITIES,
  find: (code: string): LocalAuthority | undefined => BY_CODE.get(code),
  /** The authorities that existed on the UK day of `at`. */
  on: (at: Date): LocalAuthority[] => AUTHORITIES.filter((a) => inForce(a, ukDay(at))),

  /**
   * The authority a bid made at `at` names, or the refusal: a code not in the register, or an
   * authority that did not exist then (abolished by a reorganisation, or not yet created).
   */
  require(code: string, at: Date, field: string): LocalAuthority {
    const authority = BY_CODE.get(code);
    const day = ukDay(at);
    const details = { fields: [field], authorityCode: code };
    if (!authority) {
      throw new DomainError('unprocessable', 'unknown-authority', `${code} is not an English local authority in the register (ONS, ${register.release})`, details);
    }
    if (authority.abolished && day >= authority.abolished) {
      const now = (authority.succeededBy ?? []).map(named).join(' and ');
      throw new DomainError(
        'unprocessable',
        'authority-abolished',
        `${authority.name} (${code}) no longer exists: it was abolished on ${longDate(authority.abolished)}${now ? `; its area is now ${now}` : ''}`,
        { ...details, succeededBy: authority.succeededBy ?? [] },
      );
    }
    if (authority.established && day < authority.established) {
      throw new DomainError('unprocessable', 'unknown-authority', `${authority.name} (${code}) did not exist until ${longDate(authority.established)}`, details);
    }
    return authority;
  },
};
