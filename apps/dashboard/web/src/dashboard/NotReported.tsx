export function NotReported(_: { asOf: string }) {
  return null;
}
