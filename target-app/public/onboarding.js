// The onboarding page in the three variants of target-app/README.md, chosen by ?variant=:
// - buggy:    the incident's launchDashboard(): the button stays clickable, every click posts.
// - rca-keys: buggy plus the RCA's Idempotency-Key, a new `onboarding-<id>-<Date.now()>` per click.
// - fixed:    one request in flight at a time (button disabled, aria-busy), one key per
//             onboarding attempt kept until it succeeds (reused on retry after an error, even
//             after a reload), 409 retried after the server's retryAfterMs, errors announced.
const params = new URLSearchParams(location.search);
const variant = ['buggy', 'fixed', 'rca-keys'].includes(params.get('variant')) ? params.get('variant') : 'fixed';
const businessId = params.get('business') ?? '';
const token = params.get('token') ?? '';
const areaCode = params.get('areaCode');

const button = document.getElementById('launch-button');
const region = document.getElementById('onboarding');
const errorLine = document.getElementById('error');
const resultLine = document.getElementById('result');
document.getElementById('variant').textContent = variant;

function completeOnboarding(headers = {}) {
  return fetch(`/api/businesses/${encodeURIComponent(businessId)}/complete-onboarding`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(areaCode ? { areaCode } : {}),
  });
}

// --- buggy and rca-keys: as shipped, flaws included -------------------------------------
async function launchDashboard() {
  const headers = variant === 'rca-keys' ? { 'Idempotency-Key': `onboarding-${businessId}-${Date.now()}` } : {};
  try {
    const response = await completeOnboarding(headers);
    const data = await response.json();
    if (data.success) resultLine.textContent = data.phoneNumber ? `Your number: ${data.phoneNumber}` : 'Done.';
    else errorLine.textContent = data.message ?? 'Something went wrong.';
  } catch {
    errorLine.textContent = 'Network error, please try again.';
  }
}

// --- fixed ------------------------------------------------------------------------------
const keyStorage = `onboarding-key:${businessId}`;
const MAX_IN_PROGRESS_RETRIES = 5;
let inFlight = false;

function attemptKey() {
  let key = sessionStorage.getItem(keyStorage);
  if (!key) {
    key = crypto.randomUUID();
    sessionStorage.setItem(keyStorage, key);
  }
  return key;
}

function setBusy(busy) {
  inFlight = busy;
  button.disabled = busy;
  region.setAttribute('aria-busy', String(busy));
  button.textContent = busy ? 'Setting up your number…' : 'Launch Dashboard';
}

async function launchDashboardOnce() {
  if (inFlight) return;
  setBusy(true);
  errorLine.textContent = '';
  const key = attemptKey();
  try {
    for (let attempt = 0; ; attempt++) {
      const response = await completeOnboarding({ 'Idempotency-Key': key });
      const data = await response.json().catch(() => ({}));
      if (response.ok && data.success) {
        sessionStorage.removeItem(keyStorage);
        resultLine.textContent = `Your number: ${data.phoneNumber}`;
        region.setAttribute('aria-busy', 'false');
        button.textContent = 'Dashboard ready';
        return; // stays disabled: onboarding is done
      }
      if (response.status === 409 && attempt < MAX_IN_PROGRESS_RETRIES) {
        resultLine.textContent = 'Still setting up your number…';
        await new Promise((resolve) => setTimeout(resolve, Math.min(data.retryAfterMs ?? 1000, 30_000)));
        continue;
      }
      throw new Error(data.message ?? `The server answered ${response.status}.`);
    }
  } catch (error) {
    resultLine.textContent = '';
    errorLine.textContent = `${error instanceof TypeError ? 'Network error.' : error.message} Please try again.`;
    setBusy(false);
  }
}

button.addEventListener('click', variant === 'fixed' ? launchDashboardOnce : launchDashboard);
