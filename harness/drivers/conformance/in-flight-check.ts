// in-flight: a second request with the key while the first is still running must not run again.
// The first is held for real — its purchase committed at the fake Twilio and its response paused
// (commit-then-pause) — found by the fake's events, never by sleeping; the second is sent then.
// Acceptable: 409 at once, or 200 with the held purchase's number (a target that waits for the
// first). Never a second purchase.
import { CONFORMANCE_AREA_CODE, IN_FLIGHT_ANSWER_WAIT_MS } from '../../../scenarios/index.ts';
import { DRAFT, failed, notRun, passed, purchasesOf, tagOf, type ConformanceCheckDefinition } from './conformance-check.ts';
import { bodyField, describeAnswer, type ConformanceAnswer } from './conformance-exchange.ts';
import { eventCursor, nextEvent } from './fake-events.ts';

export const inFlightCheck: ConformanceCheckDefinition = {
  name: 'in-flight',
  reference: `${DRAFT} §2.7 (409 while the original request is still being processed)`,
  async run({ business, key, exchange, admin, requestTimeoutMs }) {
    const tag = tagOf(business);
    const cursor = await eventCursor(admin);
    await admin.setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-pause', times: 1, friendlyName: tag }] });
    let firstDone = false;
    let secondDone = false;
    const request = () => exchange({ business, key, areaCode: CONFORMANCE_AREA_CODE });
    const first = request().finally(() => (firstDone = true));
    let second: Promise<ConformanceAnswer> | null = null;
    let heldSeq: number | null = null;
    try {
      const held = await nextEvent(admin, (e) => e.type === 'purchase.paused' && e.purchase?.friendlyName === tag, { after: cursor, timeoutMs: requestTimeoutMs, stopped: () => firstDone });
      if (held === null) return notRun(`the first request was answered ${describeAnswer(await first)} before any purchase of ${tag} was held at the fake Twilio, so nothing was in flight`);
      heldSeq = held.purchase!.seq;
      const heldNumber = held.purchase!.phoneNumber;
      second = request().finally(() => (secondDone = true));
      const bought = nextEvent(admin, (e) => e.type === 'purchase.received' && e.purchase?.friendlyName === tag && e.purchase.seq !== heldSeq, {
        after: held.seq, timeoutMs: IN_FLIGHT_ANSWER_WAIT_MS, stopped: () => secondDone,
      });
      const early = await Promise.race([second.then(() => 'answered' as const), bought.then((e) => (e ? 'bought' as const : 'waiting' as const))]);
      const whileHeld = early === 'answered' && !firstDone;
      await admin.releasePaused(heldSeq);
      heldSeq = null;
      const [firstAnswer, secondAnswer] = await Promise.all([first, second]);
      await bought;
      const attempts = await purchasesOf(admin, business.id);
      const answers = `first ${describeAnswer(firstAnswer)}, second ${describeAnswer(secondAnswer)}`;
      if (attempts.length > 1) {
        return failed(`the second request with the same key, sent while the first was held at the fake Twilio, ran again: ${attempts.length} purchase attempts for one key (${answers})`);
      }
      const when = whileHeld ? 'while the first was held at the fake Twilio' : 'after waiting for the first, which was released';
      if (secondAnswer.status === 409) return passed(`the second request was answered ${describeAnswer(secondAnswer)} ${when}; one purchase`);
      if (secondAnswer.status === 200 && heldNumber !== null && bodyField(secondAnswer, 'phoneNumber') === heldNumber) {
        return passed(`the second request was answered 200 with the held purchase's number ${heldNumber} ${when}; one purchase`);
      }
      return failed(`the second request was answered ${describeAnswer(secondAnswer)} ${when}; expected 409, or 200 with the first's number ${heldNumber ?? '(none)'}`);
    } finally {
      if (heldSeq !== null) await admin.releasePaused(heldSeq).catch(() => {});
      await admin.clearFaults().catch(() => {});
      await Promise.allSettled([first, ...(second ? [second] : [])]);
    }
  },
};
