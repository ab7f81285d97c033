/** StartTimer and CancelTimer: the server fires the timer after its duration of virtual time. */
import { durationMs, IDENTITY, long, type CommandResponse } from './server.ts';

export const startTimer: CommandResponse = (server, a) => {
  const timerId = String(a['timerId']);
  const ms = durationMs(a['startToFireTimeout']);
  const startedEventId = server.add('TimerStarted', {
    timerId,
    startToFireTimeout: a['startToFireTimeout'],
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
  });
  const pending = server.schedule(ms, () => {
    server.timers.delete(timerId);
    server.add('TimerFired', { timerId, startedEventId: long(startedEventId) });
    return true;
  });
  server.timers.set(timerId, { startedEventId, pending });
  return undefined;
};

export const cancelTimer: CommandResponse = (server, a) => {
  const timerId = String(a['timerId'] ?? '');
  const timer = server.timers.get(timerId);
  server.cancelPending(timer?.pending);
  server.timers.delete(timerId);
  server.add('TimerCanceled', {
    timerId,
    startedEventId: long(timer?.startedEventId ?? 0),
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
    identity: IDENTITY,
  });
  return undefined;
};
