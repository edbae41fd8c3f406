export function CommunePage() {
  return <h1>CommunePage</h1>;
}
