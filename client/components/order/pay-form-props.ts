import type { ApiErrorItem } from '@/lib/types';

/** What every card form gets: it turns the buyer's card into a token and hands it to `onToken`. */
export interface PayFormProps {
  amount: number;
  /** Pays with the token; resolves to the errors to show in the form, or null when the form's job is done. */
  onToken: (token: string) => Promise<ApiErrorItem[] | null>;
}
