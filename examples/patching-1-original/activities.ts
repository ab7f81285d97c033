/**
 * The activities every version of the reminder workflow uses (one worker serves all versions):
 * version 1 emails, later versions text.
 */
export async function sendEmail(customerId: string, text: string): Promise<string> {
  return `emailed ${customerId}: ${text}`;
}

export async function sendSms(customerId: string, text: string): Promise<string> {
  return `texted ${customerId}: ${text}`;
}
