/** A payment provider that may take a while, and a notifier. */
export async function chargeCard(orderId: string, amountCents: number): Promise<string> {
  return `charge-${orderId}-${amountCents}`;
}

export async function notifyCustomer(orderId: string, message: string): Promise<void> {
  void orderId;
  void message;
}
