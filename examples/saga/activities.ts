/** Bookings and their compensations; the car rental is often sold out. */
export interface Trip {
  traveller: string;
  from: string;
  to: string;
}

export async function bookFlight(trip: Trip): Promise<string> {
  return `flight ${trip.from}-${trip.to}`;
}
export async function cancelFlight(booking: string): Promise<void> {
  void booking;
}
export async function bookHotel(trip: Trip): Promise<string> {
  return `hotel in ${trip.to}`;
}
export async function cancelHotel(booking: string): Promise<void> {
  void booking;
}
export async function bookCar(trip: Trip): Promise<string> {
  throw new Error(`No cars left in ${trip.to}`);
}
export async function cancelCar(booking: string): Promise<void> {
  void booking;
}
