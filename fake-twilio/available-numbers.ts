// An entry of AvailablePhoneNumbers/US/Local.json, shaped as the
// `available_phone_number_local` schema of Twilio's OpenAPI file.
import { STOCKED_AREAS, formatNanp } from './inventory.ts';

export function availableNumberJson(phoneNumber: string): Record<string, unknown> {
  const area = STOCKED_AREAS[phoneNumber.slice(2, 5)];
  return {
    friendly_name: formatNanp(phoneNumber),
    phone_number: phoneNumber,
    lata: area?.lata ?? null,
    locality: area?.locality ?? null,
    rate_center: area?.rateCenter ?? null,
    latitude: area?.latitude ?? null,
    longitude: area?.longitude ?? null,
    region: area?.region ?? null,
    postal_code: area?.postalCode ?? null,
    iso_country: 'US',
    address_requirements: 'none',
    beta: false,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
  };
}
