import { EnvironmentError } from '../errors.ts';

// The harness's only ways into a target besides the traffic under test (docs/target-contract.md): it seeds
// through /__fixtures and reads the app's view through GET /api/businesses/:id, for our app and
// external targets alike.

export interface FixtureBusiness {
  id: string;
  name: string;
  ownerToken: string;
}

export interface BusinessView {
  id: string;
  name: string;
  phoneNumber: string | null;
  onboardingStatus: string;
}

export async function seedBusinesses(
  baseUrl: string,
  request: { count: number; areaCode: string; names?: string[]; sharedOwner?: boolean },
): Promise<FixtureBusiness[]> {
  const response = await fetch(`${baseUrl}/__fixtures/businesses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(30_000),
  }).catch((error: Error) => {
    throw new EnvironmentError({ code: 'E_FIXTURES', message: `could not reach ${baseUrl}/__fixtures/businesses: ${error.message}`, fix: 'check that the target is running', cause: error });
  });
  const text = await response.text();
  if (response.status === 404) {
    throw new EnvironmentError({ code: 'E_FIXTURES_DISABLED', message: `${baseUrl}/__fixtures/businesses answered 404`, fix: 'start the target with FIXTURES_ENABLED=1 (docs/target-contract.md)' });
  }
  if (response.status !== 201) {
    throw new EnvironmentError({ code: 'E_FIXTURES', message: `${baseUrl}/__fixtures/businesses answered ${response.status}: ${text.slice(0, 500)}`, fix: 'the target must answer 201 { businesses: [{ id, name, ownerToken }] } (docs/target-contract.md)' });
  }
  const body = JSON.parse(text) as { businesses?: FixtureBusiness[] };
  if (!Array.isArray(body.businesses) || body.businesses.length !== request.count) {
    throw new EnvironmentError({ code: 'E_FIXTURES', message: `the target returned ${body.businesses?.length ?? 'no'} businesses for ${request.count} requested`, fix: 'the fixtures endpoint must create `count` businesses' });
  }
  return body.businesses;
}

/** The app's view of a business, or null when it cannot be read. */
export async function readBusiness(baseUrl: string, business: FixtureBusiness): Promise<BusinessView | null> {
  try {
    const response = await fetch(`${baseUrl}/api/businesses/${encodeURIComponent(business.id)}`, {
      headers: { authorization: `Bearer ${business.ownerToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    return (await response.json()) as BusinessView;
  } catch {
    return null;
  }
}
