/** What happens once an expense is decided. */
export async function payExpense(expenseId: string): Promise<string> {
  return `paid ${expenseId}`;
}

export async function notifySubmitter(expenseId: string, decision: string): Promise<void> {
  void expenseId;
  void decision;
}
