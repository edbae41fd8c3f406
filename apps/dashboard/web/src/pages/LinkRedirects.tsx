import { useQuery } from '@tanstack/react-query';
import { Navigate, useParams } from 'react-router';
import { api } from '../api/client';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/common';

/**
 * Addresses the reminders put in their messages (libs/domain REMINDER_LINK_PATHS): `/submit?cell=…` opens the
 * secretary's report page; `/units/{id}` opens the commune's or the cell's page, whichever the unit is.
 */
export function SubmitRedirect() {
  return <Navigate to="/report" replace />;
}

export function UnitRedirect() {
  const { unitId } = useParams();
  const q = useQuery<{ id: string; kind: string }>({
    queryKey: ['unit-kind', unitId],
    queryFn: ({ signal }) => api(`/api/v1/units/${encodeURIComponent(unitId!)}`, { signal }),
  });
  if (q.error) return <ErrorBox error={q.error} />;
  if (!q.data) return <Loading />;
  const cell = q.data.kind === 'hamlet' || q.data.kind === 'ward';
  return <Navigate to={`${cell ? '/cells' : '/communes'}/${encodeURIComponent(q.data.id)}`} replace />;
}
