export function NotReported() {
  return null;
}
