import type { Metadata } from 'next';
import { AuthPage } from '@/components/auth-page';
import type { SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <AuthPage kind="signup" searchParams={await searchParams} />;
}
