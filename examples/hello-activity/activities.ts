/** The activity the workflow calls; a worker runs it outside the workflow sandbox. */
export async function composeGreeting(greeting: string, name: string): Promise<string> {
  return `${greeting}, ${name}!`;
}
