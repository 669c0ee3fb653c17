/** The message a parser refuses `input` with; fails the test when the input is accepted instead. */
export function refusalOf<T>(parse: (input: T) => unknown, input: T): string {
  try {
    parse(input);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`'${String(input)}' was accepted`);
}
