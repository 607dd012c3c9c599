'use client';
import type { MassActionRow } from '@/lib/mass-actions/types';
export function ResultSection({ row }: { row: MassActionRow }) {
  return row.state?.hasResultFile ? <section aria-label='Result file'>Result file available.</section> : null;
}
