import type { Metadata } from 'next';
import { AuthPage } from '@/components/auth-page';
import type { SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <AuthPage kind="signin" searchParams={await searchParams} />;
}
