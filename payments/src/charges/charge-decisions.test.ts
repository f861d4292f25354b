import { Types } from 'mongoose';
import { ChargeStatus, OrderStatus } from '@ticketing/common';
import {
  onIntentCreated,
  onNotCharged,
  onOrderCancelled,
  onRefunded,
  onSucceeded,
  onUnsettled,
  type ChargeState,
} from './charge-decisions';

const now = new Date('2026-01-01T00:00:00Z');
const charge = (status: ChargeStatus, fields: Partial<ChargeState> = {}): ChargeState => ({
  _id: new Types.ObjectId(),
  orderId: new Types.ObjectId().toHexString(),
  status,
  ...fields,
});
const subjects = (change: { events?: { subject: string }[] }) => (change.events ?? []).map((e) => e.subject);

describe('charge decisions', () => {
  it('when a success is learnt for an open order, then the charge completes and payment:created goes in the same write', () => {
    const change = onSucceeded(charge(ChargeStatus.Created), 'pi_1', OrderStatus.AwaitingPayment, now);
    expect(change.set).toEqual({ status: 'completed', stripeId: 'pi_1', reconcileAt: null });
    expect(subjects(change)).toEqual(['payment:created']);
  });

  it.each([
    [
      'a created charge of an order the replica says is cancelled',
      ChargeStatus.Created,
      OrderStatus.Cancelled,
    ],
    ['a charge already declared failed', ChargeStatus.Failed, OrderStatus.Cancelled],
  ])(
    'when a success is learnt for %s, then refund due, due now, and nothing announced',
    (_, status, order) => {
      const change = onSucceeded(charge(status), 'pi_1', order, now);
      expect(change.set).toEqual({ status: 'refund_due', stripeId: 'pi_1', reconcileAt: now, attempts: 0 });
      expect(subjects(change)).toEqual([]);
    },
  );

  it.each([ChargeStatus.Completed, ChargeStatus.RefundDue, ChargeStatus.Refunded])(
    'when a success is learnt again for a %s charge, then nothing changes',
    (status) => {
      expect(onSucceeded(charge(status), 'pi_1', OrderStatus.Cancelled, now)).toEqual({});
    },
  );

  it('when "not charged" is learnt, then only a created charge fails, with payment:failed', () => {
    expect(subjects(onNotCharged(charge(ChargeStatus.Created), 'declined'))).toEqual(['payment:failed']);
    for (const status of [ChargeStatus.Completed, ChargeStatus.RefundDue, ChargeStatus.Failed]) {
      expect(onNotCharged(charge(status), 'declined')).toEqual({});
    }
  });

  it('when an order is cancelled, then only a completed charge owes a refund', () => {
    expect(onOrderCancelled(charge(ChargeStatus.Completed), now).set).toEqual({
      status: 'refund_due',
      reconcileAt: now,
      attempts: 0,
    });
    for (const status of [ChargeStatus.Created, ChargeStatus.Failed, ChargeStatus.Refunded]) {
      expect(onOrderCancelled(charge(status), now)).toEqual({});
    }
  });

  it('when a refund is confirmed, then only a refund due becomes refunded, with its id, and leaves the reconciler', () => {
    expect(onRefunded(charge(ChargeStatus.RefundDue), 're_1').set).toEqual({
      status: 'refunded',
      stripeRefundId: 're_1',
      reconcileAt: null,
    });
    expect(onRefunded(charge(ChargeStatus.Refunded, { stripeRefundId: 're_0' }), 're_1')).toEqual({});
  });

  it('when the intent is created, then its id is recorded once, only on a created charge', () => {
    expect(onIntentCreated(charge(ChargeStatus.Created), 'pi_1').set).toEqual({ stripeId: 'pi_1' });
    expect(onIntentCreated(charge(ChargeStatus.Created, { stripeId: 'pi_0' }), 'pi_1')).toEqual({});
    expect(onIntentCreated(charge(ChargeStatus.Failed), 'pi_1')).toEqual({});
  });

  it('when a try settles nothing, then the next is later by a doubling delay up to the cap; a final charge is left', () => {
    const backoff = { baseMs: 1_000, maxMs: 5_000 };
    const delays = [0, 1, 2, 3, 40].map((attempts) => {
      const at = onUnsettled(charge(ChargeStatus.RefundDue, { attempts }), now, backoff).set?.reconcileAt;
      return (at?.getTime() ?? 0) - now.getTime();
    });
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(onUnsettled(charge(ChargeStatus.Completed), now, backoff)).toEqual({});
  });
});
