/** Inventory and payment for a shopping cart. */
export async function reserveStock(sku: string, quantity: number): Promise<boolean> {
  return quantity <= 10 && sku.length > 0;
}

export async function chargeCart(cartId: string, totalCents: number): Promise<string> {
  return `receipt-${cartId}-${totalCents}`;
}
