import { memo } from 'react';
import { countdownText, formatTime } from './time-format';
import { useNow } from './useNow';

/** `Times out in 2m 13s`, ticking every second, with the exact deadline on hover. */
export const Countdown = memo(function Countdown({ deadlineAt }: { deadlineAt: number }) {
  const now = useNow(1000);
  return (
    <time
      className="countdown"
      dateTime={new Date(deadlineAt).toISOString()}
      title={`Deadline: ${formatTime(deadlineAt)}`}
    >
      {countdownText(deadlineAt, now)}
    </time>
  );
});
