// The numbers for sale: per stocked area code, a deterministic stream of +1 NPA NXX XXXX numbers
// drawn lazily from a seeded PRNG. A number leaves the inventory for good once sold: a released
// number is never sold again in the same run (docs/fake-twilio.md), as a real carrier quarantines them.
import { createSeededRandom, deriveSeed, type SeededRandom } from './seeded-random.ts';
import { errors } from './twilio-error.ts';

export interface AreaInfo {
  locality: string;
  region: string;
  postalCode: string;
  rateCenter: string;
  lata: string;
  latitude: number;
  longitude: number;
}

/** Stocked area codes: 828 (the incident's) and a few others. Any other valid code has no stock (21452). */
export const STOCKED_AREAS: Readonly<Record<string, AreaInfo>> = {
  '828': { locality: 'Asheville', region: 'NC', postalCode: '28801', rateCenter: 'ASHEVILLE', lata: '426', latitude: 35.5951, longitude: -82.5515 },
  '704': { locality: 'Charlotte', region: 'NC', postalCode: '28202', rateCenter: 'CHARLOTTE', lata: '422', latitude: 35.2271, longitude: -80.8431 },
  '919': { locality: 'Raleigh', region: 'NC', postalCode: '27601', rateCenter: 'RALEIGH', lata: '426', latitude: 35.7796, longitude: -78.6382 },
  '212': { locality: 'New York', region: 'NY', postalCode: '10001', rateCenter: 'NWYRCYZN01', lata: '132', latitude: 40.7128, longitude: -74.006 },
  '312': { locality: 'Chicago', region: 'IL', postalCode: '60601', rateCenter: 'CHICAGO', lata: '358', latitude: 41.8781, longitude: -87.6298 },
  '415': { locality: 'San Francisco', region: 'CA', postalCode: '94102', rateCenter: 'SNFC CNTRL', lata: '722', latitude: 37.7749, longitude: -122.4194 },
  '512': { locality: 'Austin', region: 'TX', postalCode: '78701', rateCenter: 'AUSTIN', lata: '558', latitude: 30.2672, longitude: -97.7431 },
  '206': { locality: 'Seattle', region: 'WA', postalCode: '98101', rateCenter: 'SEATTLE', lata: '674', latitude: 47.6062, longitude: -122.3321 },
};

const E164_NANP = /^\+1([2-9][0-8]\d)([2-9]\d{2})(\d{4})$/;
const AREA_CODE = /^[2-9][0-8]\d$/;

export function parseNanpNumber(value: string): { areaCode: string } | null {
  const m = E164_NANP.exec(value);
  return m ? { areaCode: m[1]! } : null;
}

/** `+18285551234` → `(828) 555-1234`, Twilio's default friendly name. */
export function formatNanp(e164: string): string {
  return `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
}

export interface InventoryOptions {
  seed: number;
  /** Limits the stock of some area codes (e.g. `{ '828': 3 }`) so a test can exhaust one. Default: effectively unlimited. */
  stock?: Record<string, number>;
}

class AreaStock {
  private readonly random: SeededRandom;
  /** Generated, not yet handed out; may contain numbers sold since by PhoneNumber (skipped lazily). */
  private readonly queue: string[] = [];
  private generated = 0;

  constructor(
    readonly areaCode: string,
    seed: number,
    private readonly limit: number,
    private readonly gone: ReadonlySet<string>,
  ) {
    this.random = createSeededRandom(deriveSeed(seed, `inventory:${areaCode}`));
  }

  /** The next `count` numbers for sale, without taking them. */
  peek(count: number, matches: (n: string) => boolean = () => true): string[] {
    const out: string[] = [];
    // Bounded scan: a `Contains` that matches nothing must not walk all 8 million numbers.
    for (let i = 0; out.length < count && i < 100_000; i++) {
      while (i >= this.queue.length) if (!this.generate()) return out;
      const n = this.queue[i]!;
      if (!this.gone.has(n) && matches(n)) out.push(n);
    }
    return out;
  }

  /** The next number for sale, or null when the area code is exhausted. The caller marks it gone. */
  next(): string | null {
    for (;;) {
      while (this.queue.length === 0) if (!this.generate()) return null;
      const n = this.queue.shift()!;
      if (!this.gone.has(n)) return n;
    }
  }

  private generate(): boolean {
    if (this.generated >= this.limit) return false;
    // Up to 20 draws: collisions are rare among 8 million numbers, and a bound keeps this total.
    for (let attempt = 0; attempt < 20; attempt++) {
      const n = `+1${this.areaCode}${this.random.int(200, 999)}${String(this.random.int(0, 9999)).padStart(4, '0')}`;
      if (!this.gone.has(n) && !this.queue.includes(n)) {
        this.queue.push(n);
        this.generated++;
        return true;
      }
    }
    return false;
  }
}

export class Inventory {
  /** Sold numbers, active or released: never for sale again. */
  private readonly gone = new Set<string>();
  private readonly areas = new Map<string, AreaStock>();

  constructor(private readonly options: InventoryOptions) {}

  /** Validates an area code the way Twilio does: 21451 if malformed, 21452 if nothing is stocked there. */
  area(areaCode: string): AreaStock {
    if (!AREA_CODE.test(areaCode)) throw errors.invalidAreaCode(areaCode);
    let stock = this.areas.get(areaCode);
    if (!stock) {
      if (!STOCKED_AREAS[areaCode]) throw errors.noNumbersInAreaCode(areaCode);
      stock = new AreaStock(areaCode, this.options.seed, this.options.stock?.[areaCode] ?? 8_000_000, this.gone);
      this.areas.set(areaCode, stock);
    }
    return stock;
  }

  search(areaCode: string, count: number, contains?: string): string[] {
    const pattern = contains ? containsMatcher(contains) : undefined;
    return this.area(areaCode).peek(count, pattern);
  }

  /** Takes the next number of an area code; synchronous, so two purchases can never get the same one. */
  takeByAreaCode(areaCode: string): string {
    const n = this.area(areaCode).next();
    if (!n) throw errors.noNumbersInAreaCode(areaCode);
    this.gone.add(n);
    return n;
  }

  /** Takes one specific number: 21421 if malformed, 21422 if not for sale (sold, released, or not stocked). */
  takeNumber(phoneNumber: string): string {
    const parsed = parseNanpNumber(phoneNumber);
    if (!parsed) throw errors.invalidPhoneNumber(phoneNumber);
    if (this.gone.has(phoneNumber) || !STOCKED_AREAS[parsed.areaCode]) throw errors.numberNotAvailable(phoneNumber);
    this.gone.add(phoneNumber);
    return phoneNumber;
  }
}

/** Twilio's `Contains`: digits and `*` wildcards matched anywhere in the number. */
function containsMatcher(contains: string): (n: string) => boolean {
  const source = contains.replace(/[^0-9*]/g, '').replace(/\*/g, '\\d');
  const re = new RegExp(source);
  return (n) => re.test(n.slice(1));
}
