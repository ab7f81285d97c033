/** An order pipeline's steps. */
export async function reserveInventory(orderId: string): Promise<string> {
  return `reservation-${orderId}`;
}

export async function shipOrder(orderId: string, reservation: string): Promise<string> {
  return `shipment-${orderId}-${reservation}`;
}
