import { z } from 'zod';
import { bodyObjectId, id } from './fields';

/** A Stripe PaymentMethod id (`pm_...`); the card itself never reaches the services. */
export const PAYMENT_METHOD_ID = /^[A-Za-z0-9_]{1,255}$/;

export const newPaymentBody = z
  .object({
    orderId: bodyObjectId('orderId must be a valid id'),
    token: z
      .string({ error: 'token is required' })
      .min(1, 'token is required')
      .regex(PAYMENT_METHOD_ID, 'token must be a payment method id')
      .meta({
        description:
          'A Stripe PaymentMethod id; in the sandbox `pm_card_visa` succeeds and `pm_card_chargeDeclined` is declined',
        example: 'pm_card_visa',
      }),
  })
  .meta({ id: 'NewPayment' });

/** 201: the card was charged. */
export const paymentSchema = z
  .object({ id, orderId: id, status: z.literal('completed'), stripeId: z.string() })
  .meta({ id: 'Payment' });

/** 202: the outcome is not known yet (the processor's answer was lost); the order shows it once settled. */
export const pendingPaymentSchema = z
  .object({ id, orderId: id, status: z.literal('pending'), message: z.string() })
  .meta({ id: 'PendingPayment' });

/** Stripe's event, whose signature covers the exact bytes: read raw, never validated field by field. */
export const stripeEventBody = z
  .looseObject({})
  .meta({ description: 'A Stripe event (see Stripe webhooks)' });

export const webhookReceivedSchema = z.object({ received: z.literal(true) });

export type NewPaymentBody = z.infer<typeof newPaymentBody>;
export type CompletedPayment = z.infer<typeof paymentSchema>;
export type PendingPayment = z.infer<typeof pendingPaymentSchema>;
export type Payment = CompletedPayment | PendingPayment;
