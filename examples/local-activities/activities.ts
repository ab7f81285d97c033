/** Fast, local computations: worth a local activity, not a round trip through the server. */
export async function validateAddress(address: string): Promise<boolean> {
  return address.trim().length > 5;
}

export async function priceShipment(weightGrams: number, express: boolean): Promise<number> {
  return Math.ceil(weightGrams / 500) * (express ? 900 : 450);
}
