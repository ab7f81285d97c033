/**
 * A saga: book a flight, a hotel and a car; when a booking fails, undo the ones made, newest
 * first, then fail the workflow with the reason. Compensations run in a non-cancellable scope so
 * that cancelling the workflow cannot leave a trip half booked.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  log,
  proxyActivities,
} from '../../sdk/index.ts';
import type * as activities from './activities.ts';

const { bookFlight, cancelFlight, bookHotel, cancelHotel, bookCar, cancelCar } = proxyActivities<
  typeof activities
>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['SoldOut'] },
});

export async function bookTrip(trip: activities.Trip): Promise<string[]> {
  const undo: Array<() => Promise<void>> = [];
  const booked: string[] = [];
  try {
    const flight = await bookFlight(trip);
    booked.push(flight);
    undo.push(() => cancelFlight(flight));
    const hotel = await bookHotel(trip);
    booked.push(hotel);
    undo.push(() => cancelHotel(hotel));
    const car = await bookCar(trip);
    booked.push(car);
    undo.push(() => cancelCar(car));
    return booked;
  } catch (error) {
    const reason =
      error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error);
    log.warn('booking failed, compensating', { reason, booked });
    await CancellationScope.nonCancellable(async () => {
      for (const compensate of undo.reverse()) await compensate();
    });
    throw ApplicationFailure.create({
      message: `Trip for ${trip.traveller} not booked: ${reason}`,
      type: 'TripNotBooked',
      nonRetryable: true,
      cause: error instanceof Error ? error : undefined,
    });
  }
}
