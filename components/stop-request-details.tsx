import { describeZuoraAnswer, readStopDetails } from '@/lib/audit/shared/stop-details';

/** Under a stop request's summary, on the job page and the audit page: the reason typed, the label, Zuora's answer. */
export function StopRequestDetails({ details }: { details: Record<string, unknown> | null }) {
  const { reason, label, zuoraAnswer } = readStopDetails(details);
  return (
    <div className="text-slate-700 wrap-anywhere">
      {reason && <p>Reason: “{reason}”</p>}
      {label && <p>Label: {label}</p>}
      {zuoraAnswer && <p>Zuora&apos;s answer: {describeZuoraAnswer(zuoraAnswer)}</p>}
    </div>
  );
}
