// Reads and fixture writes of the businesses table that every strategy and route shares.
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { Pool, PoolClient } from './pool.ts';

export type OnboardingStatus = 'pending' | 'provisioning' | 'complete' | 'failed';

export interface Business {
  id: string;
  ownerId: string;
  name: string;
  areaCode: string;
  phoneNumber: string | null;
  onboardingStatus: OnboardingStatus;
}

interface BusinessRow {
  id: string;
  owner_id: string;
  name: string;
  area_code: string;
  phone_number: string | null;
  onboarding_status: OnboardingStatus;
}

const toBusiness = (row: BusinessRow): Business => ({
  id: row.id,
  ownerId: row.owner_id,
  name: row.name,
  areaCode: row.area_code,
  phoneNumber: row.phone_number,
  onboardingStatus: row.onboarding_status,
});

export const businessNotFound = () => new AppError(404, 'BUSINESS_NOT_FOUND', 'No business has this id.');

export async function findBusiness(pool: Pool, id: string): Promise<Business | null> {
  const { rows } = await pool.query<BusinessRow>(
    'SELECT id, owner_id, name, area_code, phone_number, onboarding_status FROM businesses WHERE id = $1',
    [id],
  );
  return rows[0] ? toBusiness(rows[0]) : null;
}

/** Records the business's number, unconditionally: the naive save that naive and row-lock share. */
export async function saveNumber(db: Pool | PoolClient, businessId: string, number: { phoneNumber: string; sid: string }): Promise<void> {
  await db.query(
    `UPDATE businesses SET phone_number = $2, phone_number_sid = $3, onboarding_status = 'complete', updated_at = now() WHERE id = $1`,
    [businessId, number.phoneNumber, number.sid],
  );
}

/** Creates businesses in one statement, each with its own owner unless `sharedOwner`. */
export async function createBusinesses(pool: Pool, names: string[], areaCode: string, { sharedOwner = false } = {}): Promise<Business[]> {
  const ids = names.map(() => randomUUID());
  const owner = randomUUID();
  const owners = names.map(() => (sharedOwner ? owner : randomUUID()));
  const { rows } = await pool.query<BusinessRow>(
    `INSERT INTO businesses (id, owner_id, name, area_code)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS t(id, owner_id, name), (VALUES ($4::text)) AS a(area_code)
     RETURNING id, owner_id, name, area_code, phone_number, onboarding_status`,
    [ids, owners, names, areaCode],
  );
  const byId = new Map(rows.map((row) => [row.id, toBusiness(row)]));
  return ids.map((id) => byId.get(id)!);
}
